/**
 * The facts cache of warm starts (server/src/lsp/factsCache.ts, issue 14 item 4): the
 * workspace sync in memory, started twice on the same files, the second time with the
 * facts the first handed out. A file whose size and modification time are the recorded
 * ones is not read; a changed one is; a corrupt, foreign or other-version cache file is
 * ignored whole; what the index learned otherwise never goes into the next cache.
 * Also the extension's keeper (client/src/factsCache.ts): when it asks and what it writes.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { URI } from 'vscode-uri';
import { FactsCacheKeeper } from '../../client/src/factsCache';
import { FactsCache, type FactsCacheDisk } from '../../server/src/lsp/factsCache';
import { DiagnosticsPublisher } from '../../server/src/lsp/publisher';
import { WorkspaceSync } from '../../server/src/lsp/workspaceSync';
import { FACTS_CACHE_VERSION, type FactsCacheFile } from '../../server/src/protocol';
import { moduleText } from '../protocol/moduleDoc';
import { ManualTiming, MemoryFileSystem, RecordingConnection } from './memoryServer';

const ROOT = path.resolve('/ws');
const file = (p: string) => path.join(ROOT, p);
const uri = (p: string) => URI.file(file(p)).toString();
const CACHE = path.resolve('/storage/facts-cache.json');
const BUILD = 'test-build 1';

/** A disk in memory with modification times the test moves, and every document read counted. */
class Disk extends MemoryFileSystem implements FactsCacheDisk {
  readonly mtimes = new Map<string, number>();
  readonly reads: string[] = [];
  private clock = 1_000;

  override write(p: string, text: string): void {
    super.write(p, text);
    this.mtimes.set(path.resolve(p), ++this.clock);
  }

  /** Sets a file's modification time to another one, its text the same. */
  touch(p: string): void {
    this.mtimes.set(path.resolve(p), ++this.clock);
  }

  stamp(f: string): { size: number; mtimeMs: number } | undefined {
    const text = this.files.get(path.resolve(f));
    return text === undefined ? undefined : { size: Buffer.byteLength(text), mtimeMs: this.mtimes.get(path.resolve(f)) ?? 0 };
  }

  override readDocumentSync(f: string, maxBytes: number) {
    this.reads.push(path.relative(ROOT, f));
    return super.readDocumentSync(f, maxBytes);
  }
}

const files = {
  'a/mod-101.md': moduleText({ id: 'MOD-101', next: 'MOD-102' }),
  'b/mod-102.md': moduleText({ id: 'MOD-102', prerequisites: 'MOD-101', next: 'MOD-103' }),
  'b/mod-103.md': moduleText({ id: 'MOD-103', prerequisites: 'MOD-102, MOD-999' }),
  'notes.md': '# Notes\n\nMOD-101 is mentioned here.\n',
};

function newDisk(): Disk {
  const disk = new Disk();
  for (const [p, text] of Object.entries(files)) disk.write(file(p), text);
  return disk;
}

/** A server's sync on the disk, its cache file at CACHE (present or not); started, its background check run to the end. */
async function start(disk: Disk, options: { build?: string; init?: unknown; cache?: boolean } = {}) {
  const connection = new RecordingConnection();
  const timing = new ManualTiming();
  let sync: WorkspaceSync;
  const publisher = new DiagnosticsPublisher(connection, { workspace: () => sync.ws, openVersion: (u) => sync.open.get(u)?.version, alwaysPushed: () => false }, { pull: false, refreshCodeLens: false }, timing);
  let factsCache: FactsCache | undefined;
  if (options.cache !== false) {
    factsCache = new FactsCache(disk, options.build ?? BUILD, true);
    factsCache.open(CACHE);
  }
  sync = new WorkspaceSync(connection, publisher, { fs: disk, factsCache });
  sync.initialize([URI.file(ROOT).toString()], options.init);
  const readsBefore = disk.reads.length;
  await sync.start();
  const indexingReads = disk.reads.slice(readsBefore);
  timing.drain();
  const diagnostics = (p: string) => (connection.diagnostics.get(uri(p)) ?? []).map((d) => String(d.code)).sort();
  return { sync, connection, timing, indexingReads, diagnostics, cache: sync.factsCache };
}

/** Starts once without a cache file and saves what the server hands out, as the extension does. */
async function firstRun(disk: Disk): Promise<FactsCacheFile> {
  const first = await start(disk);
  assert.equal(first.cache.ignored, 'no cache yet');
  const snapshot = first.sync.factsSnapshot();
  assert.ok(snapshot, 'a complete index hands out its facts');
  disk.write(CACHE, JSON.stringify(snapshot));
  return snapshot;
}

describe('facts cache: the server', () => {
  it('takes the facts of unchanged files from the cache: none read while indexing, the same diagnostics', async () => {
    const disk = newDisk();
    const cold = await start(disk, { cache: false });
    const saved = await firstRun(disk);
    assert.equal(saved.version, FACTS_CACHE_VERSION);
    assert.equal(saved.documents.length, 4);
    const stored = saved.documents.find((d) => d[0] === file('b/mod-103.md'))!;
    assert.deepEqual(stored.slice(1, 3), [Buffer.byteLength(files['b/mod-103.md']), disk.stamp(file('b/mod-103.md'))!.mtimeMs]);
    assert.deepEqual([stored[3].kind, stored[3].id, stored[3].prerequisites, stored[3].roles], ['module', 'MOD-103', ['MOD-102', 'MOD-999'], ['Platform Engineer']]);

    const warm = await start(disk);
    assert.deepEqual(warm.indexingReads, [], 'no file read before ready');
    assert.equal(warm.cache.hits, 4);
    assert.match(warm.connection.logs.join('\n'), /facts cache: 4 of 4 documents taken from the cache/);
    // The same answers as a start without a cache; the check read every document once.
    for (const p of Object.keys(files)) assert.deepEqual(warm.diagnostics(p), cold.diagnostics(p), p);
    assert.deepEqual(warm.diagnostics('b/mod-103.md'), ['unknown-reference']);
    assert.deepEqual(warm.sync.ws.index.definerUris('MOD-102'), [uri('b/mod-102.md')]);
  });

  it('reads a file whose size or modification time changed, and records its new stamp', async () => {
    const disk = newDisk();
    await firstRun(disk);
    // MOD-103 no longer lists MOD-999 (another size); MOD-101 touched (same text, another time).
    disk.write(file('b/mod-103.md'), moduleText({ id: 'MOD-103', prerequisites: 'MOD-102' }));
    disk.touch(file('a/mod-101.md'));
    const warm = await start(disk);
    assert.deepEqual([...warm.indexingReads].sort(), ['a/mod-101.md', 'b/mod-103.md']);
    assert.equal(warm.cache.hits, 2);
    assert.deepEqual(warm.diagnostics('b/mod-103.md'), [], 'the new text was read: no unknown reference');
    const next = warm.sync.factsSnapshot()!;
    assert.equal(next.documents.find((d) => d[0] === file('a/mod-101.md'))?.[2], disk.stamp(file('a/mod-101.md'))!.mtimeMs);
    assert.deepEqual(next.documents.find((d) => d[0] === file('b/mod-103.md'))?.[3].prerequisites, ['MOD-102']);
  });

  for (const [name, mangle, reason] of [
    ['a corrupt file (cut short)', (t: string) => t.slice(0, t.length / 2), /not JSON/],
    ['a file that is no facts cache', () => JSON.stringify({ hello: 'world' }), /not a facts cache/],
    ['a malformed entry', (t: string) => t.replace('"MOD-102","MOD-999"', '"MOD-102",999'), /malformed entry/],
    ['another format version', (t: string) => t.replace(`"version":${FACTS_CACHE_VERSION}`, `"version":${FACTS_CACHE_VERSION + 1}`), /format version/],
    ['another server build', (t: string) => t.replace(`"server":"${BUILD}"`, '"server":"an older build"'), /another server build/],
  ] as const) {
    it(`ignores ${name} whole: every file read, the answers right`, async () => {
      const disk = newDisk();
      const saved = JSON.stringify(await firstRun(disk));
      const mangled = mangle(saved);
      assert.notEqual(mangled, saved, 'the test changed the file');
      disk.write(CACHE, mangled);
      const warm = await start(disk);
      assert.match(warm.cache.ignored ?? '', reason);
      assert.equal(warm.cache.hits, 0);
      assert.equal(warm.indexingReads.length, 4);
      assert.deepEqual(warm.diagnostics('b/mod-103.md'), ['unknown-reference']);
      assert.match(warm.connection.logs.join('\n'), /the cache file was not used/);
    });
  }

  it('uses no entry written under another schema (a config that changed the kinds)', async () => {
    const disk = newDisk();
    await firstRun(disk);
    disk.write(file('roadmap.config.json'), JSON.stringify({ kinds: [{ key: 'lab', title: 'Lab Sheet', idPattern: 'LAB-\\d{3}', sections: ['Overview'], fields: [{ label: 'Lab ID', role: 'id' }] }] }));
    const warm = await start(disk);
    assert.equal(warm.cache.hits, 0);
    assert.equal(warm.indexingReads.length, 4);
  });

  it('hands out nothing the index did not read from the recorded file: an edited document is left out', async () => {
    const disk = newDisk();
    const first = await start(disk);
    first.sync.opened(uri('b/mod-102.md'), { version: 2, getText: () => files['b/mod-102.md'] });
    first.sync.changed(uri('b/mod-102.md'), { version: 2, getText: () => files['b/mod-102.md'].replace('MOD-101', 'MOD-999') });
    const snapshot = first.sync.factsSnapshot()!;
    assert.deepEqual(snapshot.documents.map((d) => path.relative(ROOT, d[0])).sort(), ['a/mod-101.md', 'b/mod-103.md', 'notes.md']);
  });

  it('is corrected by the check when a file changed under the same size and time: the facts of its text win', async () => {
    const disk = newDisk();
    await firstRun(disk);
    // The same length and stamp, another ID listed: the cache is trusted at first ...
    const text = files['b/mod-103.md'].replace('MOD-999', 'MOD-101');
    assert.equal(text.length, files['b/mod-103.md'].length);
    const stamp = disk.stamp(file('b/mod-103.md'))!;
    disk.files.set(file('b/mod-103.md'), text);
    assert.deepEqual(disk.stamp(file('b/mod-103.md')), stamp);
    const warm = await start(disk);
    assert.equal(warm.cache.hits, 4);
    // ... and the whole-workspace check, reading the text, puts its facts in the index:
    // MOD-101 listed (whose Next Module(s) does not name MOD-103), no unknown MOD-999.
    assert.deepEqual(warm.diagnostics('b/mod-103.md'), ['missing-reciprocal']);
    assert.deepEqual(warm.sync.ws.index.factsOf(uri('b/mod-103.md'))?.prerequisites, ['MOD-102', 'MOD-101']);
    assert.equal(warm.sync.factsSnapshot()!.documents.some((d) => d[0] === file('b/mod-103.md')), false, 'and it is not cached as it was');
  });

  it('hands out nothing while the index is incomplete', () => {
    const disk = newDisk();
    const connection = new RecordingConnection();
    const timing = new ManualTiming();
    let sync: WorkspaceSync;
    const publisher = new DiagnosticsPublisher(connection, { workspace: () => sync.ws, openVersion: () => undefined, alwaysPushed: () => false }, { pull: false, refreshCodeLens: false }, timing);
    sync = new WorkspaceSync(connection, publisher, { fs: disk, factsCache: new FactsCache(disk, BUILD, true) });
    sync.initialize([URI.file(ROOT).toString()], undefined);
    // Not started: indexing has not run (a reload is under way from the first line of start()).
    void sync.start();
    assert.equal(sync.factsSnapshot(), null);
  });
});

describe('facts cache: the extension keeps it', () => {
  /** A timer the test fires by hand. */
  function manualTimer() {
    const pending = new Map<number, () => void>();
    let next = 0;
    return {
      timer: { set: (f: () => void) => (pending.set(++next, f), next), clear: (h: unknown) => void pending.delete(h as number) },
      fire: () => {
        const fs = [...pending.values()];
        pending.clear();
        fs.forEach((f) => f());
      },
      get waiting() {
        return pending.size;
      },
    };
  }
  const ready = (checking: number) => ({ state: 'ready' as const, documents: 3, roadmaps: 3, withProblems: 0, checking });

  it('asks once the server is ready with nothing to check and stays so, and writes what it answers', async () => {
    const t = manualTimer();
    const written: string[] = [];
    let asked = 0;
    const answer = { format: 'roadmap-facts', documents: [] };
    const keeper = new FactsCacheKeeper(async () => (asked++, answer), async (b) => void written.push(new TextDecoder().decode(b)), () => {}, 3000, t.timer);
    keeper.status({ state: 'indexing', documents: 0, roadmaps: 0, withProblems: 0, checking: 0 });
    keeper.status(ready(3));
    assert.equal(t.waiting, 0, 'not while documents are being checked');
    keeper.status(ready(0));
    keeper.status(ready(2)); // an edit: the wait starts again
    assert.equal(t.waiting, 0);
    keeper.status(ready(0));
    t.fire();
    await keeper.save();
    assert.equal(asked, 1);
    assert.deepEqual(written.map((w) => JSON.parse(w)), [answer]);
    // Saved: not again until the server restarts.
    keeper.status(ready(0));
    assert.equal(t.waiting, 0);
    keeper.restarted();
    keeper.status(ready(0));
    assert.equal(t.waiting, 1);
  });

  it('writes nothing when the server has no facts to give (still indexing) or fails', async () => {
    const written: Uint8Array[] = [];
    const logs: string[] = [];
    await new FactsCacheKeeper(async () => null, async (b) => void written.push(b)).save();
    await new FactsCacheKeeper(async () => Promise.reject(new Error('server stopped')), async (b) => void written.push(b), (l) => logs.push(l)).save();
    assert.equal(written.length, 0);
    assert.deepEqual(logs, ['facts cache not saved: server stopped']);
  });
});
