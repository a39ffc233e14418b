/**
 * The facts cache: a warm start's way to a complete index without reading every file.
 *
 * What the index keeps of a document (its facts: core/index/facts.ts) depends only on
 * its text, the schema and the size limit. The server records, for every document it
 * reads from disk while indexing, the file's size and modification time as they were
 * when it read it; asked (`roadmap/factsCache`), it hands those records with the facts
 * to the client, which keeps them in its storage (the server writes no file). On the
 * next start the client names that file (`initializationOptions.factsCache`) and the
 * server reads it: a file whose size and modification time are the recorded ones gets
 * its cached facts instead of being read and scanned; any other is read as usual.
 *
 * Never trusted blindly:
 * - the file must be of this format and version, written by this very server build
 *   (`server`), for the same schema and size limit (`key`), and every entry well formed;
 *   else the whole file is ignored (`ignored` says why) and every document is read;
 * - an entry is used only when the file's size and modification time match;
 * - a document indexed from the cache is modelled, its text read, when first used (the
 *   whole-workspace check after "ready" does that for every document), and the index
 *   takes the text's facts if they differ (`WorkspaceIndex.reindexChanged`).
 * A record is dropped as soon as the index hears of any other change of its document
 * (an edit, the disk, a re-read that found other facts): only facts read from the
 * recorded file go back into the next cache.
 */
import type { IndexFacts } from '../core/index/facts';
import type { RoadmapWorkspace } from '../core/workspace';
import { FACTS_CACHE_FORMAT, FACTS_CACHE_VERSION, type CachedFacts, type FactsCacheFile } from '../protocol';

/** A file's size in bytes and modification time in ms, as the cache compares them. */
export interface FileStamp {
  size: number;
  mtimeMs: number;
}

/** What the cache reads the disk with. */
export interface FactsCacheDisk {
  /** The file's stamp, or undefined when it is no file or cannot be read. */
  stamp(file: string): FileStamp | undefined;
  /** The cache file's text (throws when it cannot be read). */
  readFile(file: string): string;
}

/** What the cache says of a file to index: its facts (a hit), or the stamp to record with what is read of it (none when the cache is off). */
export type Lookup = { facts: IndexFacts; stamp: FileStamp } | { facts?: undefined; stamp?: FileStamp };

type Entry = [size: number, mtimeMs: number, facts: CachedFacts];

export class FactsCache {
  /** The entries of the cache file read at start, by path; each used once (hit or miss). */
  private stored = new Map<string, Entry>();
  private storedKey: string | undefined;
  /** Documents indexed from disk and unchanged since, with the file's path and stamp when read. */
  private readonly recorded = new Map<string, { file: string; stamp: FileStamp }>();
  private current: RoadmapWorkspace | undefined;
  private currentKey = '';
  /** Documents indexed from the cache, and read from disk while indexing, since start. */
  hits = 0;
  misses = 0;
  /** Why the cache file was not used, when it was not. */
  ignored: string | undefined;

  /**
   * `enabled`: the client keeps a cache (it named a file, present or not): the server
   * records stamps as it reads. Without it, `read` and `load` only read and load.
   */
  constructor(
    private readonly disk: FactsCacheDisk,
    /** This server build: a cache written by another one is ignored. */
    private readonly server: string,
    readonly enabled: boolean,
  ) {}

  /** Reads the cache file; a missing, unreadable, corrupt or foreign one is ignored (`ignored` says why). */
  open(file: string): void {
    let text: string;
    try {
      text = this.disk.readFile(file);
    } catch {
      this.ignored = 'no cache yet';
      return;
    }
    const parsed = parseCacheFile(text, this.server);
    if (typeof parsed === 'string') {
      this.ignored = parsed;
      return;
    }
    this.storedKey = parsed.key;
    this.stored = new Map(parsed.documents.map(([p, size, mtimeMs, facts]) => [p, [size, mtimeMs, facts]]));
  }

  /** How many documents the cache file holds (0 when it was ignored). */
  get size(): number {
    return this.stored.size;
  }

  /** The workspace indexed from now on (each config load makes a new one): its changes drop their documents' records. */
  follow(ws: RoadmapWorkspace): void {
    this.current = ws;
    this.currentKey = cacheKey(ws);
    this.recorded.clear();
    ws.index.watch((uri) => {
      if (this.current === ws) this.recorded.delete(uri);
    });
  }

  /**
   * A file to index: its cached facts when its stamp is the recorded one; else the stamp,
   * taken before the caller reads the file (a change while it is read leaves the record
   * older than the text: a miss next time, never a wrong hit).
   */
  lookup(ws: RoadmapWorkspace, file: string): Lookup {
    if (!this.enabled) return {};
    const stamp = this.disk.stamp(file);
    const entry = this.stored.get(file);
    if (entry) this.stored.delete(file);
    if (stamp && entry && entry[0] === stamp.size && entry[1] === stamp.mtimeMs && this.storedKey === this.currentKey && ws === this.current) {
      const facts = factsFromCached(ws, entry[2]);
      if (facts) return { facts, stamp };
    }
    return { stamp };
  }

  /** Indexes a file (inside `index.bulk`): its cached facts, else what was read of it (nothing when it could not be read); records its stamp. */
  load(ws: RoadmapWorkspace, uri: string, file: string, looked: Lookup, read: { text: string; size: number } | undefined): void {
    if (looked.facts) {
      ws.index.updateFacts(uri, looked.facts);
      this.hits++;
    } else if (read) {
      ws.load(uri, read.text, read.size);
      if (this.enabled) this.misses++;
    } else return;
    // After the load: the index's watcher has dropped the old record.
    if (looked.stamp && ws === this.current) this.recorded.set(uri, { file, stamp: looked.stamp });
  }

  /** What the client keeps for next time: every recorded document's facts, or null while the index is incomplete. */
  snapshot(ws: RoadmapWorkspace, complete: boolean): FactsCacheFile | null {
    if (!complete || ws !== this.current) return null;
    const documents: FactsCacheFile['documents'] = [];
    for (const [uri, { file, stamp }] of this.recorded) {
      const facts = ws.index.factsOf(uri);
      if (facts) documents.push([file, stamp.size, stamp.mtimeMs, cachedOf(facts)]);
    }
    return { format: FACTS_CACHE_FORMAT, version: FACTS_CACHE_VERSION, server: this.server, key: this.currentKey, documents };
  }
}

/** Stored facts for this workspace's schema; undefined when its kind is none of the schema's. */
export function factsFromCached(ws: RoadmapWorkspace, c: CachedFacts): IndexFacts | undefined {
  const kind = c.kind === undefined ? undefined : ws.schema.kinds.find((k) => k.key === c.kind);
  if (c.kind !== undefined && !kind) return undefined;
  return { kind, id: c.id, prerequisites: c.prerequisites, next: c.next, refs: c.refs, competencies: c.competencies, roles: c.roles };
}

/** Facts as stored: the kind by its key. */
export function cachedOf(f: IndexFacts): CachedFacts {
  const out: CachedFacts = { prerequisites: f.prerequisites, next: f.next, refs: f.refs, competencies: f.competencies, roles: f.roles };
  if (f.kind) out.kind = f.kind.key;
  if (f.id !== undefined) out.id = f.id;
  return out;
}

/** What facts depend on besides a document's text: the schema and the size limit, hashed. */
export function cacheKey(ws: RoadmapWorkspace): string {
  return hash(`${ws.maxDocumentBytes}\u0000${JSON.stringify(ws.schema.schema)}`);
}

/** FNV-1a, two 32-bit lanes: a change of the schema's text changes the key. */
function hash(s: string): string {
  let a = 0x811c9dc5;
  let b = 0x01000193 ^ s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    a = Math.imul(a ^ c, 0x01000193);
    b = Math.imul(b ^ c, 0x5bd1e995) ^ (b >>> 15);
  }
  return (a >>> 0).toString(16).padStart(8, '0') + (b >>> 0).toString(16).padStart(8, '0');
}

const isStrings = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

function isCachedFacts(v: unknown): v is CachedFacts {
  if (!v || typeof v !== 'object') return false;
  const f = v as Record<string, unknown>;
  return (
    (f.kind === undefined || typeof f.kind === 'string') &&
    (f.id === undefined || typeof f.id === 'string') &&
    isStrings(f.prerequisites) &&
    isStrings(f.next) &&
    isStrings(f.refs) &&
    isStrings(f.competencies) &&
    isStrings(f.roles)
  );
}

/** The cache file, validated whole; a string saying why it is not one this server can use. */
export function parseCacheFile(text: string, server: string): FactsCacheFile | string {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    return 'not JSON';
  }
  if (!v || typeof v !== 'object') return 'not a facts cache';
  const f = v as Partial<FactsCacheFile>;
  if (f.format !== FACTS_CACHE_FORMAT) return 'not a facts cache';
  if (f.version !== FACTS_CACHE_VERSION) return `format version ${String(f.version)}, not ${FACTS_CACHE_VERSION}`;
  if (f.server !== server) return 'written by another server build';
  if (typeof f.key !== 'string' || !Array.isArray(f.documents)) return 'malformed';
  for (const d of f.documents) {
    if (!Array.isArray(d) || d.length !== 4 || typeof d[0] !== 'string' || !Number.isFinite(d[1]) || !Number.isFinite(d[2]) || !isCachedFacts(d[3])) return 'malformed entry';
  }
  return f as FactsCacheFile;
}
