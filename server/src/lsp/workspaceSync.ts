/**
 * The workspace sync: keeps the engine's workspace in step with the editor (open
 * documents: the editor's text wins while a document is open) and the disk (everything
 * else), and owns what decides which documents there are: the workspace folders, the
 * settings, the configuration, file watching. It tells the diagnostics publisher what
 * changed; it never talks to the client about diagnostics itself, except for the
 * config file's own problems.
 *
 * The file system and the watcher are injected: node's in the server, the client's in
 * the browser's server (browser/clientFileSystem.ts: read through the editor), one in
 * memory in the unit tests. Paths are the file system's own (`pathOf`, `uriOf`).
 */
import path from 'node:path';
import { FileChangeType, type FileEvent } from 'vscode-languageserver';
import { URI } from 'vscode-uri';
import { CONFIG_FILE_NAME } from '../core/config/config';
import { RoadmapWorkspace } from '../core/workspace';
import type { FeatureContext } from '../features/context';
import { currentFolder, findConfig, loadConfig, type ConfigReader, type LoadedConfig } from '../files/config';
import { isMarkdownPath, isSkippedPath } from '../files/paths';
import type { FactsCacheFile, SchemaInfo } from '../protocol';
import { FactsCache } from './factsCache';
import type { DiagnosticsPublisher } from './publisher';

export type { SchemaInfo };
import { Settings } from './settings';
import { soon } from './soon';

/** What the sync reads the disk with. */
export interface SyncFileSystem extends ConfigReader {
  /** Every markdown file under a folder (or the file itself), skipping hidden and dependency folders. */
  findMarkdownFiles(root: string): Promise<string[]>;
  /** A file's text and size (read up to one byte past `maxBytes`), or undefined when it cannot be read. */
  readDocument(file: string, maxBytes: number): Promise<{ text: string; size: number } | undefined>;
  /** The same, synchronously: for modelling a document indexed by its facts (through the client: the text last read). */
  readDocumentSync(file: string, maxBytes: number): { text: string; size: number } | undefined;
  /** Many files, in order: for bulk loads (on disk one synchronous read after another; through the client a few at a time). */
  readDocuments(files: string[], maxBytes: number): Promise<Array<{ text: string; size: number } | undefined>>;
  /** A URI's path in this file system, or undefined for a URI it does not hold (untitled, another scheme). */
  pathOf(uri: string): string | undefined;
  /** The URI of one of its paths. */
  uriOf(path: string): string;
  /**
   * A file system that reads through the client (the browser's) answers the config's
   * synchronous reads from what it read before: this reads again what they asked for,
   * and says whether anything differs (then the config is loaded again). Absent on disk.
   */
  readAhead?(): Promise<boolean>;
}


/** A watcher the server runs itself (when the client cannot watch files for it). */
export interface Watcher {
  /** Settles once the first paths are watched. */
  ready: Promise<void>;
  add(paths: string[]): void;
  unwatch(paths: string[]): void;
  close(): Promise<void>;
}

/**
 * Starts watching `paths` (folders and files), leaving out what `ignored` says; reports
 * changes in batches (one per debounce period), as file system paths.
 */
export type WatchFactory = (
  paths: string[],
  ignored: (fsPath: string, isFile: boolean | undefined) => boolean,
  onChanges: (changes: Array<{ path: string; type: FileChangeType }>) => void,
) => Watcher;

/** What the sync says to the client: the config file's problems and the schema in use. */
export interface SyncConnection {
  /** A line for the client's log (`window/logMessage`). */
  log(message: string): void;
  sendDiagnostics(params: { uri: string; diagnostics: Array<{ range: unknown; message: string; severity: 1; source: string; code: string }> }): void;
  schemaChanged(info: SchemaInfo): void;
}

/** The publisher's side the sync drives. */
export type DiagnosticsSink = Pick<DiagnosticsPublisher, 'schedule' | 'edited' | 'forget' | 'closed' | 'setIndexing' | 'recheckAll'>;

/** An open document: the editor's text and version. */
export interface OpenDocument {
  readonly version: number;
  getText(): string;
}

export interface SyncOptions {
  fs: SyncFileSystem;
  /** When set, the server watches the workspace folders itself (the client cannot). */
  watch?: WatchFactory;
  /** How long an edited `roadmap.config.json` waits for the next keystroke before it applies. */
  configDebounceMs?: number;
  /** Facts of unchanged files from the last run, and stamps recorded for the next (lsp/factsCache.ts). */
  factsCache?: FactsCache;
}

/** One spelling per URI, as VS Code writes them, so that disk and editor agree. */
export function canonical(uri: string): string {
  try {
    return URI.parse(uri).toString();
  } catch {
    return uri;
  }
}

export function isConfigUri(uri: string): boolean {
  return uri.endsWith('/' + CONFIG_FILE_NAME);
}

/** Files read at once while indexing: enough to keep the disk busy, few enough to stay responsive. */
const READ_AHEAD = 32;

const yieldToMessages = () => new Promise<void>((resolve) => soon(resolve));

export class WorkspaceSync {
  /** Canonical folder URIs, each without a trailing slash. */
  folders: string[] = [];
  settings = new Settings();
  config: LoadedConfig;
  ws: RoadmapWorkspace;
  /** Open documents by canonical URI. */
  readonly open = new Map<string, OpenDocument>();
  /** Called with the new engine whenever a config load replaces it. */
  onWorkspace?: (ws: RoadmapWorkspace) => void;

  /** Bumped by every reload, so that an older reload still reading the disk stops. */
  private generation = 0;
  /** Index passes under way (a reload, a folder added or created): while any is, the index is incomplete. */
  private indexingPasses = 0;
  private configUri: string | undefined;
  private configTimer: ReturnType<typeof setTimeout> | undefined;
  private watcher: Watcher | undefined;
  /** Single files watched besides the folders: the config and framework files when outside every folder. */
  private watchedFiles: string[] = [];
  private readonly fs: SyncFileSystem;
  /** Where indexing reads files through (a disabled cache when the client keeps none). */
  readonly factsCache: FactsCache;

  constructor(
    private readonly connection: SyncConnection,
    private readonly diagnostics: DiagnosticsSink,
    private readonly options: SyncOptions,
  ) {
    this.fs = options.fs;
    this.factsCache = options.factsCache ?? new FactsCache({ stamp: () => undefined, readFile: () => '' }, '', false);
    this.config = loadConfig(undefined, undefined, this.fs);
    this.ws = this.newWorkspace();
  }

  /** The folders and settings of `initialize`. */
  initialize(folderUris: string[], initializationOptions: unknown): void {
    this.folders = folderUris.map((f) => canonical(f).replace(/\/$/, ''));
    this.settings = new Settings(initializationOptions);
  }

  /**
   * After `initialized`: loads the configuration, indexes every folder, then starts
   * watching when the server watches (after the first index: setting up a watch on every
   * folder and file would compete with reading them).
   */
  async start(): Promise<void> {
    const started = performance.now();
    await this.reloadConfig();
    // With a facts cache, what it saved is worth a line in the client's log.
    const cache = this.factsCache;
    if (cache.enabled) {
      const note = cache.ignored ? ` (the cache file was not used: ${cache.ignored})` : '';
      this.connection.log(`Indexed ${this.ws.index.size} documents in ${Math.round(performance.now() - started)} ms, ${Math.round(performance.now())} ms after the server started; facts cache: ${cache.hits} of ${cache.hits + cache.misses} documents taken from the cache${note}.`);
    }
    if (this.options.watch) {
      this.watcher = this.options.watch(this.folderPaths(), (p, isFile) => this.ignored(p, isFile), (changes) => {
        void this.filesChanged(changes.map((c) => ({ uri: this.fs.uriOf(c.path), type: c.type })));
      });
      this.watchConfigFiles();
      await this.watcher.ready;
      this.connection.log(`Watching ${this.folders.length === 1 ? 'the workspace folder' : `${this.folders.length} workspace folders`} for changes on disk (the client does not watch files for the server).`);
    }
  }

  async dispose(): Promise<void> {
    clearTimeout(this.configTimer);
    await this.watcher?.close();
  }

  /** `roadmap/factsCache`: what the client keeps for a warm start; null while the index is incomplete. */
  factsSnapshot(): FactsCacheFile | null {
    return this.factsCache.snapshot(this.ws, this.indexingPasses === 0);
  }

  /** The schema in use. */
  schemaInfo(): SchemaInfo {
    return { kinds: this.config.resolved.schema.kinds, proficiencyLevels: this.config.resolved.schema.proficiencyLevels };
  }

  /** What the features read: the engine, open documents' text, names and paths. */
  featureContext(): FeatureContext {
    // eslint-disable-next-line @typescript-eslint/no-this-alias
    const sync = this;
    return {
      get ws() {
        return sync.ws;
      },
      describe: (uri) => this.describe(uri),
      text: (uri) => this.open.get(canonical(uri))?.getText(),
      resolvePath: (from, written) => this.resolvePath(from, written),
      configFile: () => this.configFileForEdits(),
      hoursPerWeek: () => this.config.resolved.pace.hoursPerWeek,
    };
  }

  /** The roadmap.config.json quick fixes edit: the one in use, else where the first folder's would be; its text as the editor has it, else on disk. */
  private configFileForEdits(): { uri: string; text: string | undefined } | undefined {
    const first = this.folderPaths()[0];
    const file = this.configFile() ?? (first ? path.join(first, CONFIG_FILE_NAME) : undefined);
    if (!file) return undefined;
    const uri = this.fs.uriOf(file);
    const text = this.open.get(canonical(uri))?.getText() ?? (this.fs.isFile(file) ? this.readOrUndefined(file) : undefined);
    return { uri, text };
  }

  private readOrUndefined(file: string): string | undefined {
    try {
      return this.fs.readFile(file);
    } catch {
      return undefined;
    }
  }

  /** A URI as a user reads it: relative to its workspace folder. */
  describe(uri: string): string {
    const folder = this.folders.find((f) => uri.startsWith(f + '/'));
    const rel = folder ? uri.slice(folder.length + 1) : uri.slice(uri.lastIndexOf('/') + 1);
    try {
      return decodeURIComponent(rel);
    } catch {
      return rel;
    }
  }

  /** A path written in a document, resolved against its folder, then each workspace folder: the first that exists. */
  resolvePath(from: string, written: string): string | undefined {
    const own = this.fs.pathOf(from);
    const bases = [...(own === undefined ? [] : [path.dirname(own)]), ...this.folderPaths()];
    for (const base of bases) {
      const target = path.resolve(base, written.replace(/^\//, ''));
      if (this.fs.exists(target)) return this.fs.uriOf(target);
    }
    return undefined;
  }

  // --- settings and configuration ---------------------------------------------

  /** `workspace/didChangeConfiguration`: reloads when the merged settings changed. */
  async settingsPushed(settings: unknown): Promise<void> {
    if (this.settings.push(settings)) await this.reloadConfig();
  }

  /** Where the config file is: the setting (relative to the first folder), else the nearest one at or above the first folder. */
  private configFile(): string | undefined {
    const first = this.folderPaths()[0];
    const { configPath } = this.settings.current;
    if (configPath) return path.resolve(first ?? currentFolder(), configPath);
    return first ? findConfig(first, this.fs) : undefined;
  }

  private newWorkspace(): RoadmapWorkspace {
    const mb = this.settings.current.maxDocumentSize;
    const maxDocumentBytes = mb ? Math.round(mb * 1024 * 1024) : undefined;
    const w = RoadmapWorkspace.fromConfig(this.config.resolved, { describe: (uri) => this.describe(uri), framework: this.config.framework, maxDocumentBytes });
    // Documents read from disk in bulk are indexed by their facts and modelled on first use
    // (checked, hovered, …), their text read again then. If it changed meanwhile, the
    // documents that affects are checked again.
    w.readFrom(
      (uri) => {
        const file = this.fs.pathOf(uri);
        return file === undefined ? undefined : this.fs.readDocumentSync(file, w.maxDocumentBytes);
      },
      (affected) => this.diagnostics.schedule(affected),
    );
    this.factsCache.follow(w);
    return w;
  }

  /** Reads the configuration again (or takes an unsaved editor's text of it), indexes every folder and re-checks everything. */
  async reloadConfig(text?: string): Promise<void> {
    const mine = ++this.generation;
    this.config = loadConfig(this.configFile(), text, this.fs);
    // Read through the client (the browser): the files the load asked for, read again until they hold still.
    for (let round = 0; round < 4 && this.fs.readAhead && (await this.fs.readAhead()); round++) {
      if (mine !== this.generation) return;
      this.config = loadConfig(this.configFile(), text, this.fs);
    }
    this.ws = this.newWorkspace();
    this.onWorkspace?.(this.ws);
    this.publishConfigProblems();
    this.watchConfigFiles();
    this.connection.schemaChanged(this.schemaInfo());
    this.beginIndexing();
    try {
      for (const [uri, doc] of this.open) if (this.isRoadmapCandidate(uri)) this.ws.set(uri, doc.getText());
      for (const f of this.folderPaths()) {
        await this.indexPath(f, mine);
        if (mine !== this.generation) return;
      }
    } finally {
      this.endIndexing();
    }
    // The index is complete ("ready" has gone out): everything may have changed, re-check
    // what was shown and what is new.
    this.diagnostics.recheckAll();
  }

  /** The config file's own problems, as diagnostics on it. */
  private publishConfigProblems(): void {
    const uri = this.config.file ? this.fs.uriOf(this.config.file) : undefined;
    if (this.configUri && this.configUri !== uri) this.connection.sendDiagnostics({ uri: this.configUri, diagnostics: [] });
    this.configUri = uri;
    if (!uri) return;
    this.connection.sendDiagnostics({
      uri,
      diagnostics: this.config.problems.map((p) => ({ range: p.range, message: p.message, severity: 1, source: 'roadmap', code: 'config' })),
    });
  }

  /** The config and framework files, when they lie outside every folder, are watched one by one. */
  private watchConfigFiles(): void {
    if (!this.watcher) return;
    const outside = [this.config.file, this.config.frameworkFile].filter(
      (f): f is string => !!f && !this.folderPaths().some((root) => f.startsWith(root + path.sep)),
    );
    this.watcher.unwatch(this.watchedFiles.filter((f) => !outside.includes(f)));
    this.watcher.add(outside.filter((f) => !this.watchedFiles.includes(f)));
    this.watchedFiles = outside;
  }

  /** A markdown document the configuration lets in (open documents outside every folder count). */
  private isRoadmapCandidate(uri: string): boolean {
    const file = this.fs.pathOf(uri);
    if (file === undefined) return true;
    return !isConfigUri(uri) && this.config.accepts(file);
  }

  private isConfigInUse(uri: string): boolean {
    return !!this.config.file && this.fs.uriOf(this.config.file) === uri;
  }

  // --- the index --------------------------------------------------------------

  private beginIndexing(): void {
    if (this.indexingPasses++ === 0) this.diagnostics.setIndexing(true);
  }

  private endIndexing(): void {
    if (--this.indexingPasses > 0) return;
    this.diagnostics.setIndexing(false);
    for (const resolve of this.indexedWaiters.splice(0)) resolve();
  }

  private readonly indexedWaiters: Array<() => void> = [];

  /** Resolves once no index pass is under way: the index is complete (at once when it is). */
  whenIndexed(): Promise<void> {
    return this.indexingPasses === 0 ? Promise.resolve() : new Promise((resolve) => this.indexedWaiters.push(resolve));
  }

  private folderPaths(): string[] {
    return this.folders.map((f) => this.fs.pathOf(f)).filter((f): f is string => f !== undefined);
  }

  /**
   * Reads and indexes every markdown file under a path, as one bulk load (no affected
   * sets or cycle checks per file), then re-checks the whole workspace once: documents
   * elsewhere may refer to IDs the new ones define.
   */
  private async indexPath(fsPath: string, mine = this.generation): Promise<void> {
    this.beginIndexing();
    try {
      const files = (await this.fs.findMarkdownFiles(fsPath)).filter((f) => this.config.accepts(f));
      for (let i = 0; i < files.length; i += READ_AHEAD) {
        if (mine !== this.generation) return;
        const chunk = files.slice(i, i + READ_AHEAD).map((file) => ({ file, uri: this.fs.uriOf(file) }));
        const ws = this.ws;
        const wanted = chunk.filter(({ uri }) => !this.open.has(uri));
        // The facts cache first (lsp/factsCache.ts): a file unchanged since the last run is not read.
        const looked = wanted.map(({ file }) => this.factsCache.lookup(ws, file));
        const missed = wanted.map((_, j) => j).filter((j) => !looked[j].facts);
        const read = await this.fs.readDocuments(
          missed.map((j) => wanted[j].file),
          ws.maxDocumentBytes,
        );
        if (mine !== this.generation) return;
        const reads = new Map(missed.map((j, k) => [j, read[k]]));
        ws.index.bulk(() => {
          wanted.forEach(({ file, uri }, j) => {
            // Opened while it was being read: the editor's text rules.
            if (!this.open.has(uri)) this.factsCache.load(ws, uri, file, looked[j], reads.get(j));
          });
        });
        // Let requests in between chunks on a large workspace.
        await yieldToMessages();
      }
      if (mine === this.generation) this.diagnostics.schedule(this.ws.index.uris());
    } finally {
      this.endIndexing();
    }
  }

  private async reloadFromDisk(uri: string): Promise<void> {
    const file = this.fs.pathOf(uri);
    const read = file === undefined ? undefined : await this.fs.readDocument(file, this.ws.maxDocumentBytes);
    if (this.open.has(uri)) return; // reopened meanwhile: the editor's text rules
    if (read === undefined) this.forget(uri);
    else this.diagnostics.schedule(this.ws.set(uri, read.text, read.size));
  }

  private forget(uri: string): void {
    this.diagnostics.forget(uri, this.ws.remove(uri));
  }

  private removeUnder(uri: string): void {
    const prefix = uri.endsWith('/') ? uri : uri + '/';
    for (const u of [...this.ws.index.uris()]) if (u.startsWith(prefix) && !this.open.has(u)) this.forget(u);
  }

  // --- the disk ---------------------------------------------------------------

  /** What the watcher leaves out: the folders never searched, and files that are neither markdown nor the config's. */
  private ignored(fsPath: string, isFile: boolean | undefined): boolean {
    const root = this.folderPaths().find((r) => fsPath.startsWith(r + path.sep));
    if (root && isSkippedPath(fsPath.slice(root.length + 1))) return true;
    if (isFile !== true) return false;
    return !isMarkdownPath(fsPath) && path.basename(fsPath) !== CONFIG_FILE_NAME && fsPath !== this.config.frameworkFile;
  }

  /** Files and folders created, changed or deleted on disk (`workspace/didChangeWatchedFiles`, or the server's own watcher). */
  async filesChanged(changes: FileEvent[]): Promise<void> {
    for (const change of changes) {
      const uri = canonical(change.uri);
      const fsPath = this.fs.pathOf(uri);
      if (fsPath === undefined) continue;
      const folder = this.folders.find((f) => uri.startsWith(f + '/'));
      if (folder && isSkippedPath(uri.slice(folder.length + 1))) continue;
      if (this.open.has(uri)) continue; // the editor's text rules while it is open
      if (isConfigUri(uri) || (this.config.frameworkFile && path.resolve(fsPath) === this.config.frameworkFile)) {
        await this.reloadConfig();
        continue;
      }
      if (isMarkdownPath(fsPath)) {
        if (change.type === FileChangeType.Deleted) this.forget(uri);
        else if (this.config.accepts(fsPath)) await this.reloadFromDisk(uri);
      } else if (change.type === FileChangeType.Deleted) {
        this.removeUnder(uri); // a folder, perhaps
      } else if (change.type === FileChangeType.Created) {
        await this.indexPath(fsPath); // a new or renamed folder, perhaps
      }
    }
  }

  /** `workspace/didChangeWorkspaceFolders`. */
  async foldersChanged(added: string[], removed: string[]): Promise<void> {
    for (const f of removed) {
      const uri = canonical(f).replace(/\/$/, '');
      this.folders = this.folders.filter((x) => x !== uri);
      const fsPath = this.fs.pathOf(uri);
      if (fsPath !== undefined) this.watcher?.unwatch([fsPath]);
      this.removeUnder(uri);
    }
    for (const f of added) {
      const uri = canonical(f).replace(/\/$/, '');
      this.folders.push(uri);
      const fsPath = this.fs.pathOf(uri);
      if (fsPath === undefined) continue;
      this.watcher?.add([fsPath]);
      await this.indexPath(fsPath);
    }
  }

  // --- the editor ---------------------------------------------------------------

  opened(uri: string, doc: OpenDocument): void {
    this.open.set(canonical(uri), doc);
  }

  /** An open document's text changed (or it was just opened): the user waits on its diagnostics. */
  changed(rawUri: string, doc: OpenDocument): void {
    const uri = canonical(rawUri);
    this.open.set(uri, doc);
    if (isConfigUri(uri)) {
      // An edited roadmap.config.json applies as it is typed, when it is the one in use.
      if (this.isConfigInUse(uri)) {
        clearTimeout(this.configTimer);
        this.configTimer = setTimeout(() => void this.reloadConfig(doc.getText()), this.options.configDebounceMs ?? 300);
      }
      return;
    }
    if (!this.isRoadmapCandidate(uri)) return;
    this.diagnostics.edited(uri, this.ws.set(uri, doc.getText()));
  }

  closed(rawUri: string): void {
    const uri = canonical(rawUri);
    this.open.delete(uri);
    this.diagnostics.closed(uri);
    if (isConfigUri(uri)) {
      if (this.isConfigInUse(uri)) void this.reloadConfig();
      return;
    }
    // The disk has the last word now: the user may have closed without saving.
    if (this.fs.pathOf(uri) !== undefined && this.isRoadmapCandidate(uri)) void this.reloadFromDisk(uri);
    else this.forget(uri);
  }
}
