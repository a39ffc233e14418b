/** The language server in node: stdio or IPC (as VS Code starts it), the disk, chokidar when the client cannot watch. */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import type { ServerPlatform } from '../lsp/platform';
import { nodeFileSystem } from './fileSystem';
import { watchWithChokidar } from './watcher';

export const platform: ServerPlatform = {
  connection: () => createConnection(ProposedFeatures.all),
  fileSystem: () => nodeFileSystem,
  watch: watchWithChokidar,
};
