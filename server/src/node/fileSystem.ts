/** The disk as the language server's workspace sync reads it. */
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
