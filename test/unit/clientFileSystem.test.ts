/**
 * The browser's language server reads the workspace through the client
 * (server/src/browser/clientFileSystem.ts): the workspace sync on a virtual workspace
 * (`vscode-vfs://github/…`, as github.dev has it) whose files only a fake client can
 * read, answering `roadmap/fs/*` as client/src/fileAccess.ts does (findFiles with its
 * include and exclude globs, readFile, stat).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { minimatch } from 'minimatch';
import { FileChangeType } from 'vscode-languageserver';
import { ClientFileSystem, CONCURRENCY, type ClientRequests } from '../../server/src/browser/clientFileSystem';
import { DiagnosticsPublisher } from '../../server/src/lsp/publisher';
import { WorkspaceSync } from '../../server/src/lsp/workspaceSync';
import { FIND_FILES_REQUEST, READ_FILE_REQUEST, STAT_REQUEST, type FindFilesParams, type ReadFileParams, type StatParams } from '../../server/src/protocol';
import { moduleText } from '../protocol/moduleDoc';
import { ManualTiming, RecordingConnection } from './memoryServer';

const FOLDER = 'vscode-vfs://github/acme/curriculum';
const uri = (p: string) => `${FOLDER}/${p}`;

/** The editor's side: files by URI, answered a turn later (as messages are), counting the requests in flight. */
class FakeClient implements ClientRequests {
  inFlight = 0;
  maxInFlight = 0;
  readonly reads: string[] = [];
  constructor(readonly files: Map<string, string>) {}

  async sendRequest<R>(method: string, params: unknown): Promise<R> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    await new Promise((r) => setImmediate(r));
    this.inFlight--;
    return this.answer(method, params) as R;
  }

  private answer(method: string, params: unknown): unknown {
    if (method === FIND_FILES_REQUEST) {
      const p = params as FindFilesParams;
      const base = p.base.replace(/\/$/, '') + '/';
      return [...this.files.keys()].filter((u) => {
        if (!u.startsWith(base)) return false;
        const rel = u.slice(base.length);
        return minimatch(rel, p.include) && !(p.exclude && minimatch(rel, p.exclude, { dot: true }));
      });
    }
    if (method === READ_FILE_REQUEST) {
      const p = params as ReadFileParams;
      this.reads.push(p.uri);
      const text = this.files.get(p.uri);
      return text === undefined ? null : { text, size: Buffer.byteLength(text) };
    }
    if (method === STAT_REQUEST) {
      const p = params as StatParams;
      if (this.files.has(p.uri)) return { type: 'file' };
      const prefix = p.uri.replace(/\/$/, '') + '/';
      return [...this.files.keys()].some((u) => u.startsWith(prefix)) ? { type: 'directory' } : null;
    }
    throw new Error(`no such request: ${method}`);
  }
}

function setup(files: Record<string, string>) {
  const client = new FakeClient(new Map(Object.entries(files).map(([p, t]) => [uri(p), t])));
  const fs = new ClientFileSystem(client, [FOLDER]);
  const connection = new RecordingConnection();
  const timing = new ManualTiming();
  let sync: WorkspaceSync;
  const publisher = new DiagnosticsPublisher(
    connection,
    { workspace: () => sync.ws, openVersion: (u) => sync.open.get(u)?.version, alwaysPushed: () => false },
    { pull: false, refreshCodeLens: false },
    timing,
  );
  sync = new WorkspaceSync(connection, publisher, { fs });
  sync.initialize([FOLDER], undefined);
  const settle = async () => {
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    timing.drain();
  };
  return { client, fs, connection, sync: sync!, settle };
}

/** Forty modules in a chain, plus a dangling prerequisite and a two-module cycle. */
function curriculum(): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < 40; i++) {
    const id = `MOD-${100 + i}`;
    files[`modules/mod-${100 + i}.md`] = moduleText({ id, prerequisites: i ? `MOD-${99 + i}` : 'None', next: i < 39 ? `MOD-${101 + i}` : 'None' });
  }
  files['broken/dangling.md'] = moduleText({ id: 'MOD-300', prerequisites: 'MOD-999' });
  files['broken/cycle-a.md'] = moduleText({ id: 'MOD-301', prerequisites: 'MOD-302', next: 'MOD-302' });
  files['broken/cycle-b.md'] = moduleText({ id: 'MOD-302', prerequisites: 'MOD-301', next: 'MOD-301' });
  files['node_modules/pkg/mod-900.md'] = moduleText({ id: 'MOD-900', prerequisites: 'MOD-998' });
  files['.github/mod-901.md'] = moduleText({ id: 'MOD-901', prerequisites: 'MOD-997' });
  return files;
}

describe('the browser server reads the workspace through the client', () => {
  it('indexes a virtual workspace, a few reads at a time, and publishes cross-file findings on its URIs', async () => {
    const { client, connection, sync, settle } = setup(curriculum());
    await sync.start();
    const ready = connection.statuses.find((s) => s.state === 'ready');
    assert.equal(ready?.documents, 43, 'every roadmap but those in node_modules and hidden folders');
    await settle();
    assert.deepEqual(connection.codes(uri('broken/dangling.md')), ['unknown-reference']);
    assert.deepEqual(connection.codes(uri('broken/cycle-a.md')), ['prerequisite-cycle']);
    assert.deepEqual(connection.codes(uri('broken/cycle-b.md')), ['prerequisite-cycle']);
    assert.deepEqual(connection.codes(uri('modules/mod-120.md')), []);
    assert.ok(!client.reads.some((u) => /node_modules|\.github/.test(u)), 'skipped folders are not read');
    assert.ok(client.maxInFlight > 1, `reads overlap (at most ${client.maxInFlight} at once)`);
    assert.ok(client.maxInFlight <= CONCURRENCY + 1, `at most ${CONCURRENCY} reads at once (and one listing): ${client.maxInFlight}`);
  });

  it(`asks the client for at most ${CONCURRENCY} files at once, however many it is given`, async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 3 * CONCURRENCY; i++) files[`modules/mod-${100 + i}.md`] = moduleText({ id: `MOD-${100 + i}` });
    const { client, fs } = setup(files);
    const paths = Object.keys(files).map((p) => fs.pathOf(uri(p))!);
    const read = await fs.readDocuments(paths, 1 << 20);
    assert.equal(read.filter((r) => r !== undefined).length, 3 * CONCURRENCY, 'every file read');
    assert.ok(client.maxInFlight > 1, `reads overlap (at most ${client.maxInFlight} at once)`);
    assert.ok(client.maxInFlight <= CONCURRENCY, `at most ${CONCURRENCY} reads at once: ${client.maxInFlight}`);
  });

  it('models a document indexed by its facts from the text it read, without reading it again', async () => {
    const { client, sync, settle } = setup(curriculum());
    await sync.start();
    await settle();
    const before = client.reads.filter((u) => u === uri('modules/mod-105.md')).length;
    assert.equal(before, 1);
    assert.equal(sync.ws.get(uri('modules/mod-105.md'))?.id, 'MOD-105');
    assert.equal(client.reads.filter((u) => u === uri('modules/mod-105.md')).length, 1);
  });

  it('roadmap.config.json and the competency framework it names are read through the client; a change to either applies', async () => {
    const files = curriculum();
    files['roadmap.config.json'] = JSON.stringify({ competencyFramework: 'framework.md' });
    files['framework.md'] = '- Data Modeling\n- Spark\n';
    const { client, connection, sync, settle } = setup(files);
    await sync.start();
    await settle();
    assert.equal(sync.config.problems.length, 0, 'the config and its framework were read: ' + JSON.stringify(sync.config.problems));
    assert.deepEqual(sync.config.framework, ['Data Modeling', 'Spark']);
    assert.equal(sync.config.file, '/acme/curriculum/roadmap.config.json');

    client.files.set(uri('framework.md'), '- Data Modeling\n- Spark\n- Kafka\n');
    await sync.filesChanged([{ uri: uri('framework.md'), type: FileChangeType.Changed }]);
    await settle();
    assert.deepEqual(sync.config.framework, ['Data Modeling', 'Spark', 'Kafka']);

    const kinds = connection.schemas.length;
    client.files.set(uri('roadmap.config.json'), JSON.stringify({ competencyFramework: 'missing.txt' }));
    await sync.filesChanged([{ uri: uri('roadmap.config.json'), type: FileChangeType.Changed }]);
    await settle();
    assert.ok(connection.schemas.length > kinds, 'the config was loaded again');
    assert.match(sync.config.problems.map((p) => p.message).join('\n'), /missing\.txt does not exist/);
  });

  it('a file created, changed or deleted (the client watches) is read again or forgotten', async () => {
    const { client, connection, sync, settle } = setup(curriculum());
    await sync.start();
    await settle();
    client.files.set(uri('modules/mod-999.md'), moduleText({ id: 'MOD-999', next: 'MOD-300' }));
    await sync.filesChanged([{ uri: uri('modules/mod-999.md'), type: FileChangeType.Created }]);
    await settle();
    assert.deepEqual(connection.codes(uri('broken/dangling.md')), [], 'MOD-999 is defined now');
    client.files.delete(uri('modules/mod-999.md'));
    await sync.filesChanged([{ uri: uri('modules/mod-999.md'), type: FileChangeType.Deleted }]);
    await settle();
    assert.deepEqual(connection.codes(uri('broken/dangling.md')), ['unknown-reference']);
  });

  it('paths are the URIs’ paths in the workspace’s origin; another origin is not its to read', () => {
    const { fs } = setup({});
    assert.equal(fs.pathOf(uri('a/b.md')), '/acme/curriculum/a/b.md');
    assert.equal(fs.uriOf('/acme/curriculum/a/b.md'), uri('a/b.md'));
    assert.equal(fs.pathOf('untitled:Untitled-1'), undefined);
    assert.equal(fs.pathOf('vscode-vfs://github/other/repo/a.md'), '/other/repo/a.md', 'same origin, another repository');
    assert.equal(fs.pathOf('file:///acme/curriculum/a/b.md'), undefined);
  });
});
