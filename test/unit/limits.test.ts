/**
 * Limits (issue 6): a document over the size limit, one that is not text, or one the
 * remark fallback would take superlinear time on gets one information diagnostic,
 * `document-skipped`, saying why, with its size, instead of being parsed, but only
 * when it may be a roadmap. And positions are UTF-16 code units after emoji and CJK
 * text, as LSP requires: IDs, fields, table cells and diagnostics.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { DEFAULT_MAX_DOCUMENT_BYTES, formatBytes, parseHazard, PARSE_LIMITS, SKIPPED_CODE, utf8Length } from '../../server/src/core/limits';
import { resolveConfig } from '../../server/src/core/config/config';
import { ruleDocUrl } from '../../server/src/core/rules/registry';
import { RoadmapWorkspace } from '../../server/src/core/workspace';
import { toLspDiagnostic } from '../../server/src/features/diagnostics';
import { hover } from '../../server/src/features/hover';
import { readDocument, readDocumentSync, readText } from '../../server/src/node/files';
import { wire } from '../fixtures/fixture';
import { HAVE_SEEDS, saySeedsSkipped, seedFiles } from '../fixtures/seeds';

const overview = (id: string, more = '') => `# Module Roadmap

## Module Overview

- **Module ID**: ${id}
- **Module Title**: Limits
- **Target Role(s)**: Platform Engineer
${more}`;

function skipped(ws: RoadmapWorkspace, uri: string) {
  const diagnostics = ws.diagnostics(uri);
  assert.equal(diagnostics.length, 1, `one diagnostic: ${JSON.stringify(diagnostics)}`);
  const [d] = diagnostics;
  assert.equal(d.code, SKIPPED_CODE);
  assert.equal(d.severity, 'information');
  assert.deepEqual(d.range.start, { line: 0, character: 0 });
  assert.equal(d.range.end.line, 0);
  return d;
}

saySeedsSkipped('limits.test.ts');

describe('limits: documents that are not parsed', () => {
  it('gives the note the severity roadmap.config.json sets for document-skipped, or none when it is off', () => {
    const text = overview('MOD-101', 'Filler text.\n'.repeat(100));
    const severities = (rules: Record<string, string>) => resolveConfig(JSON.stringify({ rules })).severities;
    const warn = new RoadmapWorkspace(undefined, { maxDocumentBytes: 1000, severities: severities({ 'document-skipped': 'warning' }) });
    warn.set('file:///big.md', text);
    assert.deepEqual(warn.diagnostics('file:///big.md').map((d) => [d.code, d.severity]), [[SKIPPED_CODE, 'warning']]);
    const off = new RoadmapWorkspace(undefined, { maxDocumentBytes: 1000, severities: severities({ 'document-skipped': 'off' }) });
    off.set('file:///big.md', text);
    assert.deepEqual(off.diagnostics('file:///big.md'), []);
    assert.equal(off.get('file:///big.md')?.skipped?.reason, 'too-large', 'still skipped, only not reported');
  });

  it('skips a document over the size limit with one information diagnostic giving its size and the limit', () => {
    const ws = new RoadmapWorkspace(undefined, { maxDocumentBytes: 1000 });
    const text = overview('MOD-101', '- **Prerequisites**: MOD-999\n' + 'Filler text.\n'.repeat(100));
    ws.set('file:///big.md', text);
    const d = skipped(ws, 'file:///big.md');
    assert.match(d.message, /skipped/);
    assert.match(d.message, new RegExp(`${formatBytes(utf8Length(text)).replace('.', '\\.')}, over the 1000 bytes size limit`));
    assert.equal(d.range.end.character, '# Module Roadmap'.length);
    // Not parsed: it defines nothing, refers to nothing, is not counted as a roadmap.
    const doc = ws.get('file:///big.md')!;
    assert.equal(doc.kind, undefined);
    assert.equal(doc.skipped?.reason, 'too-large');
    assert.deepEqual(doc.mentions, []);
    assert.equal(ws.index.isDefined('MOD-101'), false);
    assert.equal(ws.index.roadmapCount, 0);
    // Cut back under the limit, it is checked as usual.
    ws.set('file:///big.md', overview('MOD-101'));
    assert.ok(ws.diagnostics('file:///big.md').every((x) => x.code !== SKIPPED_CODE));
    assert.equal(ws.index.isDefined('MOD-101'), true);
  });

  it('defaults to 2 MB, counted in bytes of UTF-8, and takes the size on disk when the text is only the beginning', () => {
    assert.equal(new RoadmapWorkspace().maxDocumentBytes, DEFAULT_MAX_DOCUMENT_BYTES);
    assert.equal(DEFAULT_MAX_DOCUMENT_BYTES, 2 * 1024 * 1024);
    const ws = new RoadmapWorkspace();
    // 1.2 million characters of CJK are 3.6 MB of UTF-8: over, though the string is short.
    ws.set('file:///cjk.md', overview('MOD-102', '漢'.repeat(1_200_000)));
    assert.match(skipped(ws, 'file:///cjk.md').message, /3\.4 MB, over the 2 MB size limit/);
    // Just under the limit: parsed.
    const under = overview('MOD-103', '\n' + 'x'.repeat(DEFAULT_MAX_DOCUMENT_BYTES - overview('MOD-103').length - 2) + '\n');
    assert.equal(utf8Length(under), DEFAULT_MAX_DOCUMENT_BYTES);
    ws.set('file:///under.md', under);
    assert.ok(ws.diagnostics('file:///under.md').every((x) => x.code !== SKIPPED_CODE));
    assert.equal(ws.index.isDefined('MOD-103'), true);
    // The beginning of a file of 5,000,000 bytes on disk.
    ws.set('file:///disk.md', overview('MOD-104'), 5_000_000);
    assert.match(skipped(ws, 'file:///disk.md').message, /4\.8 MB, over the 2 MB size limit/);
  });

  it('skips a document that is not text (a NUL in its first 8 KB), and parses one with a NUL further on', () => {
    const ws = new RoadmapWorkspace();
    ws.set('file:///bin.md', overview('MOD-105', 'PNG\u0000\u0001\u0002'));
    const d = skipped(ws, 'file:///bin.md');
    assert.match(d.message, /does not look like text: it has a NUL character in its first 8 KB/);
    assert.equal(ws.get('file:///bin.md')!.skipped?.reason, 'not-text');
    ws.set('file:///late-nul.md', overview('MOD-106', 'x'.repeat(9000) + '\u0000'));
    assert.ok(ws.diagnostics('file:///late-nul.md').every((x) => x.code !== SKIPPED_CODE));
    assert.equal(ws.index.isDefined('MOD-106'), true);
  });

  it('says nothing about a skipped document that does not name a kind: it is no roadmap', () => {
    const ws = new RoadmapWorkspace(undefined, { maxDocumentBytes: 100 });
    ws.set('file:///notes.md', '# Notes\n\n' + 'MOD-205 is mentioned. '.repeat(50));
    ws.set('file:///image.md', '\u0089PNG\u0000\u0000 binary');
    assert.deepEqual(ws.diagnostics('file:///notes.md'), []);
    assert.deepEqual(ws.diagnostics('file:///image.md'), []);
    assert.equal(ws.get('file:///notes.md')!.skipped, undefined);
    // Any case of the title counts, anywhere in the text.
    ws.set('file:///lower.md', 'x'.repeat(200) + ' module roadmap');
    skipped(ws, 'file:///lower.md');
  });

  it('skips what the remark fallback would take superlinear time on, and says which limit', () => {
    const ws = new RoadmapWorkspace();
    const setext = 'See also\n========\n\n'; // the scanner declines setext headings: remark parses the rest
    const cases: Array<[string, RegExp]> = [
      [overview('MOD-107', '> - '.repeat(20) + 'x\n'), /nests block quotes or lists 40 levels deep on one line \(the limit is 32\)/],
      [overview('MOD-108', '## ' + '*'.repeat(2000) + 'a' + '*'.repeat(2000) + '\n'), /4000 emphasis or link delimiters .* in one paragraph \(the limit is 1000\)/],
      [overview('MOD-109', setext + '> x\n\n'.repeat(3000)), /3001 separate block quotes or setext headings in 14\.\d KB/],
    ];
    for (const [text, message] of cases) {
      ws.set('file:///complex.md', text);
      assert.match(skipped(ws, 'file:///complex.md').message, message);
      assert.equal(ws.get('file:///complex.md')!.skipped?.reason, 'too-complex');
    }
    // The same nesting the fast scanner handles (lists in lists) is parsed: the limits bound remark only.
    ws.set('file:///lists.md', overview('MOD-110', '- '.repeat(40) + 'x\n'));
    assert.ok(ws.diagnostics('file:///lists.md').every((x) => x.code !== SKIPPED_CODE));
    assert.deepEqual(Object.keys(PARSE_LIMITS).sort(), ['delimiters', 'nesting', 'rewrites']);
  });

  it('finds no hazard in real documents: the seeds and the examples', () => {
    let n = 0;
    for (const f of seedFiles()) {
      n++;
      assert.equal(parseHazard(fs.readFileSync(f, 'utf8')), undefined, f);
    }
    for (const dir of ['examples']) {
      for (const f of fs.readdirSync(dir, { recursive: true }).map(String)) {
        const full = path.join(dir, f);
        if (!fs.statSync(full).isFile()) continue;
        n++;
        assert.equal(parseHazard(fs.readFileSync(full, 'utf8')), undefined, full);
      }
    }
    assert.ok(n >= (HAVE_SEEDS ? 20 : 15), `documents checked: ${n}`);
  });

  it('counts UTF-8 bytes as Buffer does, lone surrogates included, and stops counting past a limit', () => {
    for (const s of ['', 'abc', 'é', '漢字', '😀', '👩‍💻', 'a\ud800b', '\udc00', '\ud83d', 'x😀y漢z\u0000']) {
      assert.equal(utf8Length(s), Buffer.byteLength(s, 'utf8'), JSON.stringify(s));
    }
    assert.ok(utf8Length('x'.repeat(1000), 10) > 10);
    assert.ok(utf8Length('x'.repeat(1000), 10) < 1000);
    assert.equal(formatBytes(1), '1 byte');
    assert.equal(formatBytes(1536), '1.5 KB');
    assert.equal(formatBytes(2 * 1024 * 1024), '2 MB');
  });

  it('links the skipped note to the limits page, not to a rule page', () => {
    const ws = new RoadmapWorkspace(undefined, { maxDocumentBytes: 10 });
    ws.set('file:///big.md', overview('MOD-111'));
    const lsp = toLspDiagnostic(ws.diagnostics('file:///big.md')[0]);
    assert.equal(lsp.codeDescription?.href, ruleDocUrl(SKIPPED_CODE));
    assert.match(lsp.codeDescription!.href, /\/docs\/limits\.md$/);
    assert.ok(fs.existsSync('docs/limits.md'), 'docs/limits.md exists');
    assert.equal(lsp.severity, 3);
  });

  it('reads a file over the limit only up to the limit + 1 byte, and gives its size', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roadmap-limits-'));
    try {
      const file = path.join(dir, 'big.md');
      fs.writeFileSync(file, '\ufeff' + overview('MOD-112') + 'x'.repeat(5000));
      const read = await readDocument(file, 1000);
      assert.ok(read);
      assert.equal(read.size, fs.statSync(file).size);
      assert.ok(Buffer.byteLength(read.text) <= 1001, 'read no further than the limit + 1 byte');
      assert.ok(read.text.startsWith('# Module Roadmap'), 'the byte order mark is not content');
      const ws = new RoadmapWorkspace(undefined, { maxDocumentBytes: 1000 });
      ws.set('file:///big.md', read.text, read.size);
      assert.match(skipped(ws, 'file:///big.md').message, new RegExp(`${formatBytes(read.size).replace('.', '\\.')}, over the 1000 bytes size limit`));
      // Under the limit: the whole text.
      assert.equal((await readText(file))?.length, overview('MOD-112').length + 5000);
      assert.equal(await readDocument(path.join(dir, 'missing.md')), undefined);
      assert.equal(await readDocument(dir), undefined, 'a folder is not a document');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads the same when loading in bulk (synchronously, through one reused buffer)', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roadmap-limits-'));
    try {
      const big = path.join(dir, 'big.md');
      fs.writeFileSync(big, '\ufeff' + overview('MOD-112') + 'x'.repeat(5000));
      const read = readDocumentSync(big, 1000);
      assert.ok(read);
      assert.equal(read.size, fs.statSync(big).size, 'the size of the whole file');
      assert.ok(Buffer.byteLength(read.text) <= 1001, 'read no further than the limit + 1 byte');
      assert.ok(read.text.startsWith('# Module Roadmap'), 'the byte order mark is not content');
      // Larger than the buffer it starts with (64 KB), under the limit: all of it, and then a small file after it is not mixed with it.
      const large = path.join(dir, 'large.md');
      const largeText = overview('MOD-113') + '😀 ü '.repeat(40_000);
      fs.writeFileSync(large, largeText);
      assert.deepEqual(readDocumentSync(large), { text: largeText, size: Buffer.byteLength(largeText) });
      const small = path.join(dir, 'small.md');
      fs.writeFileSync(small, overview('MOD-114'));
      assert.deepEqual(readDocumentSync(small), { text: overview('MOD-114'), size: Buffer.byteLength(overview('MOD-114')) });
      fs.writeFileSync(path.join(dir, 'empty.md'), '');
      assert.deepEqual(readDocumentSync(path.join(dir, 'empty.md')), { text: '', size: 0 });
      assert.equal(readDocumentSync(path.join(dir, 'missing.md')), undefined);
      assert.equal(readDocumentSync(dir), undefined, 'a folder is not a document');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('positions in UTF-16 code units after emoji and CJK text', () => {
  // Each of 😀 and 👩‍💻 is more than one UTF-16 unit (2 and 5): a position counted in code
  // points, or in bytes, would land elsewhere.
  const text = [
    '# Module Roadmap',
    '',
    '## Module Overview',
    '',
    '- **Module ID**: MOD-301',
    '- **Module Title**: 漢字のモジュール 😀',
    '- **Target Role(s)**: Platform Engineer',
    '- **Prerequisites**: 😀👩‍💻 MOD-999, 漢字 MOD-302',
    '- **Duration**: 😀 10 hours (3 lecture, 3 lab)',
    '',
    '## Competency Alignment',
    '',
    '| Competency | Proficiency Target | Evidence / Assessment | Role Alignment |',
    '|---|---|---|---|',
    '| 漢字-competency 😀 | 😀Expert | 評価 | 👩‍💻 Data Engineer |',
    '',
    '## Dependencies & Notes',
    '',
    '- 🇫🇷 Voir MOD-998 et 漢字 PROJ-997.',
    '',
  ].join('\n');
  const lines = text.split('\n');
  /** The UTF-16 index of `needle` in line `line` (JavaScript string indices are UTF-16 units). */
  const at = (line: number, needle: string) => {
    const character = lines[line].indexOf(needle);
    assert.ok(character >= 0, `${needle} on line ${line}`);
    return { line, character };
  };
  const ws = new RoadmapWorkspace();
  ws.set('file:///u.md', text);
  const doc = ws.get('file:///u.md')!;

  it('puts IDs at their UTF-16 offsets', () => {
    for (const [id, line] of [['MOD-999', 7], ['MOD-302', 7], ['MOD-998', 18], ['PROJ-997', 18]] as const) {
      const m = doc.mentions.find((x) => x.id === id);
      assert.ok(m, id);
      assert.deepEqual(wire(m.range), { start: at(line, id), end: { line, character: at(line, id).character + id.length } }, id);
    }
    // The code point index would be smaller: the emoji before it are surrogate pairs.
    assert.notEqual(at(7, 'MOD-999').character, [...lines[7]].indexOf('M'));
  });

  it('puts field values, table cells and the duration at their UTF-16 offsets', () => {
    const title = doc.fields.find((f) => f.label === 'Module Title')!;
    assert.deepEqual(wire(title.valueRange), { start: at(5, '漢字'), end: { line: 5, character: lines[5].length } });
    const competency = doc.competencies[0];
    assert.equal(competency.name, '漢字-competency 😀');
    assert.deepEqual(competency.range.start, at(14, '漢字-competency'));
    assert.deepEqual(competency.range.end, { line: 14, character: at(14, '漢字-competency').character + '漢字-competency 😀'.length });
    assert.deepEqual(competency.level!.range.start, at(14, '😀Expert'));
    assert.deepEqual(doc.duration!.range.start, at(8, '😀'));
  });

  it('puts diagnostics at their UTF-16 offsets, and hover finds an ID there', () => {
    const diagnostics = ws.diagnostics('file:///u.md');
    const unknown = diagnostics.filter((d) => d.code === 'unknown-reference').map((d) => d.range.start);
    assert.deepEqual(unknown, [at(7, 'MOD-999'), at(7, 'MOD-302'), at(18, 'MOD-998'), at(18, 'PROJ-997')]);
    const level = diagnostics.find((d) => d.code === 'unknown-proficiency');
    assert.deepEqual(level?.range.start, at(14, '😀Expert'));
    const role = diagnostics.find((d) => d.code === 'role-mismatch');
    assert.deepEqual(role?.range.start, at(14, '👩‍💻 Data Engineer'));
    const ctx = { ws, text: () => text, describe: (u: string) => u };
    const h = hover(ctx, 'file:///u.md', { line: 18, character: at(18, 'PROJ-997').character + 3 });
    assert.ok(h && JSON.stringify(h.contents).includes('PROJ-997'));
    assert.deepEqual(h.range?.start, at(18, 'PROJ-997'));
  });
});
