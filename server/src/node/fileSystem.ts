/** The disk as the language server's workspace sync reads it. */
import type { SyncFileSystem } from '../lsp/workspaceSync';
import { diskReader } from './config';
import { findMarkdownFiles, readDocument, readDocumentSync } from './files';

export const nodeFileSystem: SyncFileSystem = {
  ...diskReader,
  findMarkdownFiles,
  readDocument,
  readDocumentSync,
};
