/**
 * The workspace sync in memory: folders, settings, the config, the disk and the
 * server's own watcher, with a file system and a watcher that live in the test.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { afterEach, beforeEach, describe, it, mock } from 'node:test';
import { FileChangeType } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { DiagnosticsPublisher } from '../../server/src/lsp/publisher';
import { WorkspaceSync } from '../../server/src/lsp/workspaceSync';
import { moduleText } from '../protocol/moduleDoc';
import { FakeWatcher, ManualTiming, MemoryFileSystem, RecordingConnection } from './memoryServer';

const ROOT = path.resolve('/ws');
const file = (p: string) => path.join(ROOT, p);
const uri = (p: string) => URI.file(file(p)).toString();

const mismatched = (id: string, prerequisites = 'None', next = 'None') =>
  moduleText({ id, prerequisites, next }).replace('20 hours (8', '21 hours (8');

/** A kind of its own, to tell which config is in use: its documents start with `# Lab Sheet`. */
const labConfig = JSON.stringify({ kinds: [{ key: 'lab', title: 'Lab Sheet', idPattern: 'LAB-\\d{3}', sections: ['Overview'], fields: [{ label: 'Lab ID', role: 'id' }] }] });

function setup(files: Record<string, string>, options: { watch?: boolean; init?: unknown; folders?: string[] } = {}) {
  const fs = new MemoryFileSystem(Object.fromEntries(Object.entries(files).map(([p, t]) => [file(p), t])));
  const connection = new RecordingConnection();
  const timing = new ManualTiming();
  const watcher = new FakeWatcher();
  let sync: WorkspaceSync;
  const open = new Map<string, number>();
  const publisher = new DiagnosticsPublisher(
    connection,
    { workspace: () => sync.ws, openVersion: (u) => sync.open.get(u)?.version, alwaysPushed: () => false },
    { pull: false, refreshCodeLens: false },
    timing,
  );
  sync = new WorkspaceSync(connection, publisher, { fs, watch: options.watch ? watcher.factory : undefined, configDebounceMs: 300 });
  sync.initialize(options.folders ?? [URI.file(ROOT).toString()], options.init);
  /** Lets the sync's disk work finish, then publishes. */
  const settle = async () => {
    for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
    timing.drain();
  };
  const doc = (text: string, version = 1) => ({ version, getText: () => text });
  return { fs, connection, timing, watcher, sync: sync!, publisher, open, settle, doc };
}

describe('workspace sync', () => {
  it('indexes every folder at start, says ready with every document counted, then publishes', async () => {
    const { sync, connection, settle } = setup({
      'a/mod-101.md': mismatched('MOD-101', 'None', 'MOD-102'),
      'b/mod-102.md': moduleText({ id: 'MOD-102', prerequisites: 'MOD-101' }),
      'node_modules/x/mod-900.md': mismatched('MOD-900'),
      'notes.txt': 'not markdown',
    });
    await sync.start();
    const ready = connection.statuses.find((s) => s.state === 'ready');
    assert.deepEqual(ready && { documents: ready.documents, checking: ready.checking }, { documents: 2, checking: 2 });
    await settle();
    assert.deepEqual(connection.codes(uri('a/mod-101.md')), ['duration-mismatch']);
    assert.equal(connection.diagnostics.has(uri('b/mod-102.md')), false);
    assert.equal(connection.status?.checking, 0);
  });

  it('publishes no cross-file finding while indexing; a document opened then gets its own findings', async () => {
    const { sync, connection, fs, settle, doc } = setup({ 'mod-100.md': moduleText({ id: 'MOD-100', next: 'MOD-101' }) });
    let release!: () => void;
    fs.gate = new Promise<void>((r) => (release = r));
    const started = sync.start();
    // The editor opens a document that needs MOD-100, which is not read yet.
    sync.opened(uri('mod-101.md'), doc(mismatched('MOD-101', 'MOD-100')));
    sync.changed(uri('mod-101.md'), doc(mismatched('MOD-101', 'MOD-100')));
    await settle();
    assert.equal(connection.status?.state, 'indexing');
    assert.deepEqual(connection.codes(uri('mod-101.md')), ['duration-mismatch']);
    release();
    await started;
    await settle();
    assert.equal(connection.status?.state, 'ready');
    assert.equal(connection.pushes.some((p) => p.diagnostics.some((d) => d.code === 'unknown-reference')), false, 'no false unknown reference, ever');
    assert.deepEqual(connection.codes(uri('mod-101.md')), ['duration-mismatch']);
  });

  it('merges settings: defaults, then initialization options, then pushed settings; a push without configPath keeps it', async () => {
    const files = {
      'mod-101.md': mismatched('MOD-101'),
      'config/roadmap.config.json': labConfig,
      'lab.md': '# Lab Sheet\n\n## Overview\n\n- **Lab ID**: LAB-001\n',
    };
    const { sync, connection, settle } = setup(files, { init: { configPath: 'config/roadmap.config.json' } });
    await sync.start();
    await settle();
    const labKind = () => connection.schemas[connection.schemas.length - 1].kinds.some((k) => k.key === 'lab');
    assert.equal(labKind(), true, 'the config from initialization options is in use');
    assert.equal(sync.config.file, file('config/roadmap.config.json'));

    // nvim-lspconfig pushes what the user set: here only the size limit.
    const loads = connection.schemas.length;
    await sync.settingsPushed({ roadmap: { maxDocumentSize: 4 } });
    assert.equal(connection.schemas.length, loads + 1, 'the size limit changed: reloaded');
    assert.equal(sync.config.file, file('config/roadmap.config.json'), 'configPath survives a push without it');
    assert.equal(sync.ws.maxDocumentBytes, 4 * 1024 * 1024);
    // The same settings again: nothing to do.
    await sync.settingsPushed({ roadmap: { maxDocumentSize: 4 } });
    assert.equal(connection.schemas.length, loads + 1);
    // A push with an empty configPath is a value: the nearest config (none above /ws).
    await sync.settingsPushed({ roadmap: { configPath: '' } });
    assert.equal(sync.config.file, undefined);
    assert.equal(labKind(), false);
    assert.equal(sync.ws.maxDocumentBytes, 2 * 1024 * 1024, 'the last push is the whole of the pushed settings');
  });

  it('takes a flat or a nested settings table, in initialization options and in pushes alike', async () => {
    const files = { 'config/roadmap.config.json': labConfig, 'other/roadmap.config.json': '{}' };
    const nested = setup(files, { init: { roadmap: { configPath: 'config/roadmap.config.json' } } });
    await nested.sync.start();
    assert.equal(nested.sync.config.file, file('config/roadmap.config.json'));
    await nested.sync.settingsPushed({ configPath: 'other/roadmap.config.json' });
    assert.equal(nested.sync.config.file, file('other/roadmap.config.json'));
    // Settings of the wrong type are no settings.
    await nested.sync.settingsPushed({ roadmap: { configPath: 42, maxDocumentSize: 'big' } });
    assert.equal(nested.sync.config.file, file('config/roadmap.config.json'));
  });

  it('watches the folders itself when asked, with the same ignore rules, and follows changes on disk', async () => {
    const { sync, connection, fs, watcher, settle } = setup(
      { 'mod-101.md': moduleText({ id: 'MOD-101', next: 'MOD-102' }), 'mod-102.md': moduleText({ id: 'MOD-102', prerequisites: 'MOD-101' }) },
      { watch: true },
    );
    await sync.start();
    await settle();
    assert.deepEqual([...watcher.watched], [ROOT]);
    assert.match(connection.logs.join('\n'), /^Watching the workspace folder for changes on disk/);
    assert.equal(watcher.ignored!(file('node_modules'), false), true);
    assert.equal(watcher.ignored!(file('.git/index'), true), true);
    assert.equal(watcher.ignored!(file('notes.txt'), true), true);
    assert.equal(watcher.ignored!(file('sub'), false), false);
    assert.equal(watcher.ignored!(file('sub/mod-103.md'), true), false);
    assert.equal(watcher.ignored!(file('sub/roadmap.config.json'), true), false);

    // A `git pull` changes a file: MOD-101 is gone, its dependent is told.
    fs.write(file('mod-101.md'), moduleText({ id: 'MOD-109', next: 'MOD-102' }));
    watcher.fire({ path: file('mod-101.md'), type: FileChangeType.Changed });
    await settle();
    assert.deepEqual(connection.codes(uri('mod-102.md')), ['unknown-reference']);

    // A new folder with the module back.
    fs.write(file('new/mod-101.md'), moduleText({ id: 'MOD-101', next: 'MOD-102' }));
    watcher.fire({ path: file('new'), type: FileChangeType.Created, isFile: false });
    await settle();
    assert.deepEqual(connection.codes(uri('mod-102.md')), []);
    // Deleted with its folder.
    fs.delete(file('new'));
    watcher.fire({ path: file('new'), type: FileChangeType.Deleted });
    await settle();
    assert.deepEqual(connection.codes(uri('mod-102.md')), ['unknown-reference']);

    // Ignored folders: nothing happens.
    fs.write(file('node_modules/pkg/mod-102.md'), moduleText({ id: 'MOD-102' }));
    await sync.filesChanged([{ uri: uri('node_modules/pkg/mod-102.md'), type: FileChangeType.Created }]);
    await settle();
    assert.equal(sync.ws.get(uri('node_modules/pkg/mod-102.md')), undefined);

    // A folder added later is watched too; the config file outside every folder is watched by itself.
    await sync.foldersChanged([URI.file(path.resolve('/more')).toString()], []);
    assert.deepEqual([...watcher.watched].sort(), [path.resolve('/more'), ROOT].sort());
    await sync.dispose();
    assert.equal(watcher.closed, true);
  });

  it('does not watch when the client watches for it', async () => {
    const { sync, watcher } = setup({ 'mod-101.md': moduleText({ id: 'MOD-101' }) });
    await sync.start();
    assert.equal(watcher.watched.size, 0);
  });

  it('watches a config file outside every folder by itself, and reloads when it changes', async () => {
    const { sync, fs, watcher, connection } = setup({ 'mod-101.md': mismatched('MOD-101') }, { watch: true, init: { configPath: '../common/roadmap.config.json' } });
    fs.write(path.resolve('/common/roadmap.config.json'), '{}');
    await sync.start();
    assert.ok(watcher.watched.has(path.resolve('/common/roadmap.config.json')));
    const loads = connection.schemas.length;
    fs.write(path.resolve('/common/roadmap.config.json'), labConfig);
    watcher.fire({ path: path.resolve('/common/roadmap.config.json'), type: FileChangeType.Changed });
    await new Promise((r) => setImmediate(r));
    assert.equal(connection.schemas.length, loads + 1);
    assert.ok(connection.schemas[loads].kinds.some((k) => k.key === 'lab'));
  });

  it("keeps the editor's text while a document is open, and the disk's after it closes", async () => {
    const { sync, connection, fs, settle, doc } = setup({ 'mod-101.md': mismatched('MOD-101') });
    await sync.start();
    await settle();
    sync.opened(uri('mod-101.md'), doc(moduleText({ id: 'MOD-101' })));
    sync.changed(uri('mod-101.md'), doc(moduleText({ id: 'MOD-101' })));
    await settle();
    assert.deepEqual(connection.codes(uri('mod-101.md')), []);
    // Changed on disk while open: the editor's text rules.
    fs.write(file('mod-101.md'), mismatched('MOD-101').replace('21 hours', '23 hours'));
    await sync.filesChanged([{ uri: uri('mod-101.md'), type: FileChangeType.Changed }]);
    await settle();
    assert.deepEqual(connection.codes(uri('mod-101.md')), []);
    sync.closed(uri('mod-101.md'));
    await settle();
    assert.match(String(connection.diagnostics.get(uri('mod-101.md'))![0].message), /23 hours/);
  });

  describe('an edited config file', () => {
    beforeEach(() => mock.timers.enable({ apis: ['setTimeout'] }));
    afterEach(() => mock.timers.reset());

    it('applies as it is typed, once the typing pauses', async () => {
      const { sync, connection, doc } = setup({ 'roadmap.config.json': '{}' });
      await sync.start();
      const loads = connection.schemas.length;
      sync.opened(uri('roadmap.config.json'), doc('{}'));
      sync.changed(uri('roadmap.config.json'), doc('{ "kinds": [', 2));
      sync.changed(uri('roadmap.config.json'), doc(labConfig, 3));
      mock.timers.tick(299);
      assert.equal(connection.schemas.length, loads);
      mock.timers.tick(1);
      assert.equal(connection.schemas.length, loads + 1, 'one reload, with the last text');
      assert.ok(connection.schemas[loads].kinds.some((k) => k.key === 'lab'));
    });

    it('has its problems published on it', async () => {
      const { sync, connection } = setup({ 'roadmap.config.json': '{ "kinds": 3 }' });
      await sync.start();
      assert.equal(connection.diagnostics.get(uri('roadmap.config.json'))?.[0].code, 'config');
    });
  });

  it('names documents by their path in the folder, and resolves written paths that exist', async () => {
    const { sync } = setup({ 'sub/mod-101.md': moduleText({ id: 'MOD-101' }), 'solutions/mod-101/README.md': 'x' });
    assert.equal(sync.describe(uri('sub/mod-101.md')), 'sub/mod-101.md');
    assert.equal(sync.resolvePath(uri('sub/mod-101.md'), 'solutions/mod-101'), uri('solutions/mod-101'));
    assert.equal(sync.resolvePath(uri('sub/mod-101.md'), 'solutions/none'), undefined);
  });
});
