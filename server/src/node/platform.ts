/** The language server in node: stdio or IPC (as VS Code starts it), the disk, chokidar when the client cannot watch. */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { URI } from 'vscode-uri';
import { FactsCache } from '../lsp/factsCache';
import type { ServerPlatform } from '../lsp/platform';
import { nodeFactsCacheDisk, nodeFileSystem, serverBuild } from './fileSystem';
import { watchWithChokidar } from './watcher';

export const platform: ServerPlatform = {
  connection: () => createConnection(ProposedFeatures.all),
  fileSystem: () => nodeFileSystem,
  watch: watchWithChokidar,
  factsCache(location, serverVersion) {
    if (typeof location !== 'string') return undefined;
    let file: string;
    try {
      const uri = URI.parse(location);
      if (uri.scheme !== 'file') return undefined;
      file = uri.fsPath;
    } catch {
      return undefined;
    }
    const cache = new FactsCache(nodeFactsCacheDisk, serverBuild(serverVersion), true);
    cache.open(file);
    return cache;
  },
};
