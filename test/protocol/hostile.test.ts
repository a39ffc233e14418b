/**
 * A hostile workspace, as a repository someone clones may be (issue 14, item 5): a
 * roadmap.config.json whose idPattern backtracks catastrophically in JavaScript's
 * engine (`^(a+)+$`, `(a|aa)+`), a pattern RE2 cannot take, symbolic link loops, a
 * FIFO and a folder named like a document, a dangling link, odd file names, 50,000
 * headings, 5,000-deep nesting, binary and invalid UTF-8, byte order marks, CRLF and
 * lone CR. `roadmap lint` finishes and the server answers: completion is asserted,
 * not timing (bench and fuzz time it).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Hover } from 'vscode-languageserver-protocol';
import { TestClient, writeFile } from './client';
import { moduleDoc } from './harden';

/** 40 a's and a b: a token on which `^(a+)+$` backtracks 2^40 times in JavaScript's engine. */
const EVIL_ID = 'a'.repeat(40) + 'b';
const catastrophic = (idPattern: string) => JSON.stringify({ kinds: [{ key: 'module', idPattern }] }, null, 2);

/** The hostile documents; every one of them is text a lint and a server must get through. */
const FILES: Record<string, string> = {
  'roadmap.config.json': catastrophic('^(a+)+$'),
  'evil.md': moduleDoc({ id: EVIL_ID, prerequisites: `${EVIL_ID}, ${'a'.repeat(5000)}!` }) + `\n${EVIL_ID} ${'a'.repeat(30)}-${EVIL_ID}\n`,
  'one-line.md': '# Module Roadmap ' + `${EVIL_ID} `.repeat(150_000), // 6 MB on one line: over the size limit
  'headings.md': '# Module Roadmap\n\n' + Array.from({ length: 50_000 }, (_, i) => `## H${i} ${'a'.repeat(12)}b\n`).join(''),
  'deep.md': '# Module Roadmap\n\n' + '>'.repeat(5000) + ' deep\n\n' + Array.from({ length: 5000 }, (_, i) => ' '.repeat(2 * i) + '- item\n').join(''),
  'bom-crlf.md': '\ufeff' + moduleDoc({ id: 'aaa' }).replace(/\n/g, '\r\n'),
  'lone-cr.md': moduleDoc({ id: 'aaaa' }).replace(/\n/g, '\r'),
  'nul.md': '# Module Roadmap\n\u0000\u0000 binary \u0000',
  'odd names/ünï cödé #1 %20 [x].md': moduleDoc({ id: 'aaaaa' }),
  'odd names/-leading dash.md': '# Notes\n\nNothing here.\n',
};

function prepare(root: string): void {
  fs.writeFileSync(path.join(root, 'invalid-utf8.md'), Buffer.from([0x23, 0x20, 0xff, 0xfe, 0xc3, 0x28, 0x0a, 0xed, 0xa0, 0x80, 0x0a]));
  fs.writeFileSync(path.join(root, 'binary.md'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 37) % 256)));
  fs.mkdirSync(path.join(root, 'loop'));
  fs.symlinkSync('..', path.join(root, 'loop', 'up')); // a folder loop
  fs.symlinkSync('self.md', path.join(root, 'self.md')); // a link to itself
  fs.symlinkSync('nowhere.md', path.join(root, 'dangling.md'));
  fs.mkdirSync(path.join(root, 'folder.md'));
  spawnSync('mkfifo', [path.join(root, 'fifo.md')]);
  assert.ok(fs.statSync(path.join(root, 'fifo.md')).isFIFO(), 'mkfifo made a FIFO');
}

function roadmap(args: string[], cwd: string) {
  // The timeout only stops a hung lint so that the assertion below can say so; nothing waits on it.
  const r = spawnSync(process.execPath, [path.resolve('dist/cli.js'), ...args], { cwd, encoding: 'utf8', timeout: 120_000, maxBuffer: 1 << 28 });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

describe('a hostile workspace', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roadmap-hostile-'));
    for (const [p, text] of Object.entries(FILES)) writeFile(dir, p, text);
    prepare(dir);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('roadmap lint finishes with a catastrophic idPattern, every document checked', () => {
    const r = roadmap(['lint', '.', '--format', 'json'], dir);
    assert.equal(r.signal, null, 'lint finished on its own');
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout) as { files: Array<{ path: string; diagnostics: Array<{ code: string; message: string }> }> };
    const codes = (p: string) => report.files.find((f) => f.path === p)?.diagnostics.map((d) => d.code) ?? [];
    // The ID matches no token shape the pattern accepts whole: invalid, and the prerequisite is no mention.
    assert.deepEqual(codes('evil.md'), ['invalid-id']);
    assert.deepEqual(codes('one-line.md'), ['document-skipped']);
    assert.ok(codes('headings.md').includes('missing-section'));
    assert.ok(report.files.some((f) => f.path === 'odd names/ünï cödé #1 %20 [x].md'), 'an odd file name is linted');
    for (const name of ['fifo.md', 'folder.md', 'dangling.md', 'self.md']) assert.ok(!report.files.some((f) => f.path === name), `${name} is passed over`);
  });

  it('roadmap lint reports a pattern RE2 cannot take as a config problem and exits 2', () => {
    fs.writeFileSync(path.join(dir, 'roadmap.config.json'), catastrophic('(?<!x)MOD-\\d+'));
    try {
      const r = roadmap(['lint', '.'], dir);
      assert.equal(r.code, 2, r.stdout + r.stderr);
      assert.match(r.stdout + r.stderr, /roadmap\.config\.json:\d+:\d+:? .*idPattern cannot be used: .*RE2.*no lookaround/);
    } finally {
      fs.writeFileSync(path.join(dir, 'roadmap.config.json'), FILES['roadmap.config.json']);
    }
  });
});

describe('a hostile workspace through the server', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.start(FILES, { prepare });
  });
  after(() => client.stop());

  it('gets ready, checks the documents and answers hover on the hostile ID', async () => {
    await client.untilCodes('evil.md', ['invalid-id']);
    const text = FILES['evil.md'];
    const line = text.split('\n').findIndex((l) => l.includes('**Module ID**'));
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: client.uri('evil.md') }, position: { line, character: 18 } });
    assert.equal(hover, null, 'an invalid ID has no hover, and the server answered');
    await client.untilCodes('one-line.md', ['document-skipped']);
  });

  it('takes another catastrophic pattern from a changed config, gets ready again and still answers', async () => {
    const readyBefore = client.readyCount;
    fs.writeFileSync(path.join(client.root, 'roadmap.config.json'), catastrophic('(a|aa)+'));
    client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri('roadmap.config.json'), type: 2 }] });
    await client.until(() => client.readyCount > readyBefore, 'the server is ready again after the config change');
    const symbols = await client.request<unknown[]>('textDocument/documentSymbol', { textDocument: { uri: client.uri('evil.md') } });
    assert.ok(Array.isArray(symbols) && symbols.length > 0, 'the server answers after the change');
  });

  it('reports a pattern RE2 cannot take on roadmap.config.json, and keeps answering', async () => {
    const config = catastrophic('(a+)\\1');
    client.open('roadmap.config.json', config);
    await client.until(
      () => (client.diagnostics.get(client.uri('roadmap.config.json')) ?? []).some((d) => /idPattern cannot be used: invalid escape sequence: `\\1`/.test(String(d.message))),
      () => `a config problem on idPattern (have ${JSON.stringify(client.diagnostics.get(client.uri('roadmap.config.json')))})`,
    );
    const symbols = await client.request<unknown[]>('workspace/symbol', { query: '' });
    assert.ok(Array.isArray(symbols));
  });
});
