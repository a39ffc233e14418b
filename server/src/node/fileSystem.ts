/** The disk as the language server's workspace sync reads it. */
import fs from 'node:fs';
import type { FactsCacheDisk } from '../lsp/factsCache';
import { URI } from 'vscode-uri';
import type { SyncFileSystem } from '../lsp/workspaceSync';
import { diskReader } from './config';
import { findMarkdownFiles, readDocument, readDocumentSync } from './files';

export const nodeFileSystem: SyncFileSystem = {
  ...diskReader,
  findMarkdownFiles,
  readDocument,
  readDocumentSync,
  // One synchronous read after another: a file's few system calls cost less than four trips through libuv's thread pool.
  readDocuments: async (files, maxBytes) => files.map((f) => readDocumentSync(f, maxBytes)),
  pathOf: (uri) => {
    const parsed = URI.parse(uri);
    return parsed.scheme === 'file' ? parsed.fsPath : undefined;
  },
  uriOf: (file) => URI.file(file).toString(),
};

/** The facts cache's disk (lsp/factsCache.ts): files' stamps, the cache file's text. */
export const nodeFactsCacheDisk: FactsCacheDisk = {
  stamp(file) {
    const s = fs.statSync(file, { throwIfNoEntry: false });
    return s?.isFile() ? { size: s.size, mtimeMs: s.mtimeMs } : undefined;
  },
  readFile: (file) => fs.readFileSync(file, 'utf8'),
};

/**
 * This server build, as the facts cache records it: its version and its bundle's size
 * and modification time (a rebuilt server may read documents otherwise).
 */
export function serverBuild(version: string): string {
  const s = fs.statSync(__filename, { throwIfNoEntry: false });
  return `${version} ${s?.size ?? 0} ${s?.mtimeMs ?? 0}`;
}
