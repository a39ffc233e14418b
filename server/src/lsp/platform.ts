/**
 * What differs between the language server in node and in a browser's web worker: the
 * connection's transport and the file system the workspace is read from. server.ts
 * imports `./node/platform`; the browser build (esbuild.mjs) puts browser/platform.ts in
 * its place.
 */
import type { Connection } from 'vscode-languageserver';
import type { FactsCache } from './factsCache';
import type { SyncFileSystem, WatchFactory } from './workspaceSync';

export interface ServerPlatform {
  /** The connection to the client. */
  connection(): Connection;
  /** The file system the workspace is read from, given the workspace folders of `initialize`. */
  fileSystem(connection: Connection, folderUris: string[]): SyncFileSystem;
  /** The server's own watcher, for a client that cannot watch files for it (none in a browser: VS Code's watches). */
  watch?: WatchFactory;
  /**
   * The facts cache the client keeps (`initializationOptions.factsCache`: the file's URI,
   * present or not yet): read now, stamps recorded while indexing for the next one. None
   * in a browser (no modification times to trust through the client).
   */
  factsCache?(location: unknown, serverVersion: string): FactsCache | undefined;
}
