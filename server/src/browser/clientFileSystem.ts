/**
 * The workspace as the browser's language server reads it: through the client
 * (`roadmap/fs/*` requests, answered in the extension with `vscode.workspace.findFiles`
 * and `vscode.workspace.fs`), since a web worker has no file system. The workspace
 * sync drives it exactly as it drives the disk (lsp/workspaceSync.ts `SyncFileSystem`).
 *
 * Paths are the URIs' paths (posix) under one origin, the first workspace folder's
 * scheme and authority (`vscode-vfs://github`, `vscode-remote://host`): a URI of another
 * origin is held like an untitled document (checked while open, not read).
 *
 * The synchronous reads answer from what was read before: a document's text as last
 * read (to model a document indexed by its facts: the same facts-then-model path as
 * on disk), and the config's files as `readAhead` read them (the sync asks again until
 * they hold still). Reads go out a few at a time (`CONCURRENCY`).
 */
import pLimit from 'p-limit';
import { URI } from 'vscode-uri';
import { SKIPPED_DIRS } from '../files/paths';
import type { SyncFileSystem } from '../lsp/workspaceSync';
import {
  FIND_FILES_REQUEST,
  READ_FILE_REQUEST,
  STAT_REQUEST,
  type FindFilesParams,
  type ReadFileParams,
  type ReadFileResult,
  type StatParams,
  type StatResult,
} from '../protocol';

/** Requests in flight at once: enough to hide the round trips, few enough not to flood the editor. */
export const CONCURRENCY = 32;

/** The part of the connection this needs. */
export interface ClientRequests {
  sendRequest<R>(method: string, params: unknown): Promise<R>;
}

/** What findFiles leaves out: the folders the disk's walk skips (dependencies, build output, hidden folders). */
export const EXCLUDE_GLOB = `**/{${[...SKIPPED_DIRS].join(',')},.*}/**`;

type Read = { text: string; size: number } | undefined;

export class ClientFileSystem implements SyncFileSystem {
  private readonly origin: { scheme: string; authority: string } | undefined;
  private readonly limit = pLimit(CONCURRENCY);
  /** Documents' texts as last read. */
  private readonly texts = new Map<string, Read>();
  /** Markdown files found by the last listings. */
  private readonly listed = new Set<string>();
  /** The config's reads: what each path was when last read ahead (undefined: nothing there; a string: a file's text; null: a folder). */
  private readonly ahead = new Map<string, string | null | undefined>();
  /** Paths the synchronous reads asked for. */
  private readonly asked = new Set<string>();

  constructor(
    private readonly client: ClientRequests,
    folderUris: string[],
  ) {
    const first = folderUris[0] ? URI.parse(folderUris[0]) : undefined;
    this.origin = first && { scheme: first.scheme, authority: first.authority };
  }

  pathOf(uri: string): string | undefined {
    const u = URI.parse(uri);
    if (!this.origin || u.scheme !== this.origin.scheme || u.authority !== this.origin.authority) return undefined;
    return u.path.length > 1 ? u.path.replace(/\/$/, '') : u.path;
  }

  uriOf(path: string): string {
    return URI.from({ scheme: this.origin?.scheme ?? 'file', authority: this.origin?.authority ?? '', path }).toString();
  }

  // --- the documents -------------------------------------------------------------

  async findMarkdownFiles(root: string): Promise<string[]> {
    const stat = await this.stat(root);
    if (!stat) return [];
    if (stat.type === 'file') return /\.(md|markdown)$/i.test(root) ? [root] : [];
    const params: FindFilesParams = { base: this.uriOf(root), include: '**/*.{md,markdown,MD,Markdown}', exclude: EXCLUDE_GLOB };
    const uris = await this.client.sendRequest<string[] | null>(FIND_FILES_REQUEST, params).catch(() => null);
    const files = (uris ?? []).map((u) => this.pathOf(u)).filter((p): p is string => p !== undefined);
    for (const f of files) this.listed.add(f);
    return files.sort();
  }

  readDocument(file: string, maxBytes: number): Promise<Read> {
    return this.limit(async () => {
      const params: ReadFileParams = { uri: this.uriOf(file), maxBytes };
      const r = await this.client.sendRequest<ReadFileResult | null>(READ_FILE_REQUEST, params).catch(() => null);
      const read = r ? { text: r.text.charCodeAt(0) === 0xfeff ? r.text.slice(1) : r.text, size: r.size } : undefined;
      if (read) this.texts.set(file, read);
      else this.texts.delete(file);
      return read;
    });
  }

  readDocuments(files: string[], maxBytes: number): Promise<Read[]> {
    return Promise.all(files.map((f) => this.readDocument(f, maxBytes)));
  }

  /** The text last read: the one the document's facts were indexed from. */
  readDocumentSync(file: string): Read {
    return this.texts.get(file);
  }

  // --- the configuration (synchronous reads, from what was read ahead) ---------------

  readFile(file: string): string {
    this.asked.add(file);
    const text = this.ahead.get(file);
    if (typeof text === 'string') return text;
    throw new Error(text === null ? `${file} is a folder` : `${file} was not found`);
  }

  exists(file: string): boolean {
    if (this.listed.has(file) || this.texts.has(file)) return true;
    this.asked.add(file);
    return this.ahead.get(file) !== undefined;
  }

  isFile(file: string): boolean {
    if (this.listed.has(file)) return true;
    this.asked.add(file);
    return typeof this.ahead.get(file) === 'string';
  }

  async readAhead(): Promise<boolean> {
    let changed = false;
    await Promise.all(
      [...this.asked].map((file) =>
        this.limit(async () => {
          const stat = await this.stat(file);
          let now: string | null | undefined = stat?.type === 'directory' ? null : undefined;
          if (stat?.type === 'file') {
            const params: ReadFileParams = { uri: this.uriOf(file), maxBytes: 16 * 1024 * 1024 };
            now = (await this.client.sendRequest<ReadFileResult | null>(READ_FILE_REQUEST, params).catch(() => null))?.text;
          }
          if (this.ahead.get(file) !== now || !this.ahead.has(file)) changed = true;
          this.ahead.set(file, now);
        }),
      ),
    );
    return changed;
  }

  private stat(file: string): Promise<StatResult | null> {
    const params: StatParams = { uri: this.uriOf(file) };
    return this.client.sendRequest<StatResult | null>(STAT_REQUEST, params).catch(() => null);
  }
}
