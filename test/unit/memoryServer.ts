/**
 * The language server's parts in memory, for unit tests: a file system (`SyncFileSystem`),
 * a watcher the test fires by hand, a connection that records what it was sent, and
 * event-loop timing the test runs step by step.
 */
import path from 'node:path';
import type { Diagnostic } from 'vscode-languageserver';
import { FileChangeType } from 'vscode-languageserver';
import type { PublisherConnection, ServerStatus, Timing } from '../../server/src/lsp/publisher';
import type { SchemaInfo, SyncConnection, SyncFileSystem, WatchFactory } from '../../server/src/lsp/workspaceSync';
import { isMarkdownPath, isSkippedPath } from '../../server/src/files/paths';
import { nodeFileSystem } from '../../server/src/node/fileSystem';

export class MemoryFileSystem implements SyncFileSystem {
  readonly files = new Map<string, string>();
  /** Resolves the folder walk: a test holds it to see what happens while indexing. */
  gate: Promise<void> | undefined;

  constructor(files: Record<string, string> = {}) {
    for (const [p, text] of Object.entries(files)) this.files.set(path.resolve(p), text);
  }

  write(p: string, text: string): void {
    this.files.set(path.resolve(p), text);
  }

  delete(p: string): void {
    const full = path.resolve(p);
    for (const f of [...this.files.keys()]) if (f === full || f.startsWith(full + path.sep)) this.files.delete(f);
  }

  readFile(file: string): string {
    const text = this.files.get(path.resolve(file));
    if (text === undefined) throw new Error(`ENOENT: ${file}`);
    return text;
  }

  exists(file: string): boolean {
    const full = path.resolve(file);
    return this.files.has(full) || [...this.files.keys()].some((f) => f.startsWith(full + path.sep));
  }

  isFile(file: string): boolean {
    return this.files.has(path.resolve(file));
  }

  async findMarkdownFiles(root: string): Promise<string[]> {
    await this.gate;
    const full = path.resolve(root);
    if (this.files.has(full)) return isMarkdownPath(full) ? [full] : [];
    return [...this.files.keys()].filter((f) => f.startsWith(full + path.sep) && isMarkdownPath(f) && !isSkippedPath(f.slice(full.length + 1))).sort();
  }

  readDocumentSync(file: string, maxBytes: number): { text: string; size: number } | undefined {
    const text = this.files.get(path.resolve(file));
    if (text === undefined) return undefined;
    const size = Buffer.byteLength(text);
    return { text: size > maxBytes ? text.slice(0, maxBytes + 1) : text, size };
  }

  async readDocument(file: string, maxBytes: number): Promise<{ text: string; size: number } | undefined> {
    return this.readDocumentSync(file, maxBytes);
  }

  async readDocuments(files: string[], maxBytes: number): Promise<Array<{ text: string; size: number } | undefined>> {
    return files.map((f) => this.readDocumentSync(f, maxBytes));
  }

  pathOf(uri: string): string | undefined {
    return nodeFileSystem.pathOf(uri);
  }

  uriOf(file: string): string {
    return nodeFileSystem.uriOf(file);
  }
}

/** A watcher the test drives: what is watched, what is ignored, and changes fired by hand. */
export class FakeWatcher {
  readonly watched = new Set<string>();
  ignored: ((p: string, isFile: boolean | undefined) => boolean) | undefined;
  private onChanges: ((changes: Array<{ path: string; type: FileChangeType }>) => void) | undefined;
  closed = false;

  readonly factory: WatchFactory = (paths, ignored, onChanges) => {
    for (const p of paths) this.watched.add(p);
    this.ignored = ignored;
    this.onChanges = onChanges;
    return {
      ready: Promise.resolve(),
      add: (more) => more.forEach((p) => this.watched.add(p)),
      unwatch: (less) => less.forEach((p) => this.watched.delete(p)),
      close: async () => {
        this.closed = true;
      },
    };
  };

  /** Fires changes as the real watcher would: leaving out what it ignores. */
  fire(...changes: Array<{ path: string; type: FileChangeType; isFile?: boolean }>): void {
    const seen = changes.filter((c) => !this.ignored?.(path.resolve(c.path), c.type === FileChangeType.Deleted ? undefined : c.isFile ?? true));
    if (seen.length) this.onChanges?.(seen.map((c) => ({ path: path.resolve(c.path), type: c.type })));
  }
}

/** Records what the server parts send to the client. */
export class RecordingConnection implements PublisherConnection, SyncConnection {
  /** The latest diagnostics per URI. */
  readonly diagnostics = new Map<string, Diagnostic[]>();
  /** Every push, in order. */
  readonly pushes: Array<{ uri: string; diagnostics: Diagnostic[]; version?: number }> = [];
  readonly statuses: ServerStatus[] = [];
  readonly schemas: SchemaInfo[] = [];
  readonly logs: string[] = [];
  refreshes = 0;
  codeLensRefreshes = 0;

  /** When set, each push is written only when the test calls `write()` (as a busy connection does). */
  holdWrites = false;
  private readonly unwritten: Array<() => void> = [];

  sendDiagnostics(p: { uri: string; diagnostics: unknown[]; version?: number }): void | Promise<void> {
    const push = p as { uri: string; diagnostics: Diagnostic[]; version?: number };
    this.pushes.push(push);
    this.diagnostics.set(push.uri, push.diagnostics);
    if (this.holdWrites) return new Promise<void>((resolve) => this.unwritten.push(resolve));
  }

  /** Writes the pushes held so far; resolves once their promises have settled. */
  async write(): Promise<void> {
    for (const resolve of this.unwritten.splice(0)) resolve();
    await new Promise((r) => setImmediate(r));
  }
  refreshDiagnostics(): void {
    this.refreshes++;
  }
  refreshCodeLens(): void {
    this.codeLensRefreshes++;
  }
  sendStatus(status: ServerStatus): void {
    this.statuses.push(status);
  }
  log(message: string): void {
    this.logs.push(message);
  }
  schemaChanged(info: SchemaInfo): void {
    this.schemas.push(info);
  }

  codes(uri: string): string[] {
    return (this.diagnostics.get(uri) ?? []).map((d) => String(d.code)).sort();
  }

  get status(): ServerStatus | undefined {
    return this.statuses[this.statuses.length - 1];
  }
}

/**
 * The event loop, by hand: `soon` work (after the current message) and `later` work
 * (a background slice) wait in queues until the test runs them; the clock moves only
 * when told (`tick` per `now()` call models how long each document takes).
 */
export class ManualTiming implements Timing {
  readonly soonQueue: Array<() => void> = [];
  /** Background work, each with the time it may run at. */
  readonly laterQueue: Array<{ at: number; run: () => void }> = [];
  time = 0;
  /** How far the clock moves each time it is read. */
  tick = 0;

  now(): number {
    this.time += this.tick;
    return this.time;
  }
  soon(f: () => void): void {
    this.soonQueue.push(f);
  }
  later(f: () => void, delayMs = 0): void {
    this.laterQueue.push({ at: this.time + delayMs, run: f });
  }

  /** Runs the first background work queued, moving the clock to its time if it is not there yet. */
  runLater(): void {
    const next = this.laterQueue.shift();
    if (!next) throw new Error('no background work queued');
    this.time = Math.max(this.time, next.at);
    next.run();
  }

  /** Runs queued work until none is left, `soon` before `later` as a turn of node's loop does. */
  drain(): void {
    for (let guard = 0; this.soonQueue.length || this.laterQueue.length; guard++) {
      if (guard > 100_000) throw new Error('the work never ends');
      if (this.soonQueue.length) this.soonQueue.shift()!();
      else this.runLater();
    }
  }
}
