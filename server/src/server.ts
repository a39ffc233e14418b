/**
 * The language server in node: languageServer.ts over stdio or IPC, reading the disk,
 * watching it itself when the client cannot.
 *
 *   node dist/server.js --stdio      (or --node-ipc, as VS Code starts it)
 */
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from './languageServer';
import { nodeFileSystem } from './node/fileSystem';
import { watchWithChokidar } from './node/watcher';

startServer(createConnection(ProposedFeatures.all), { fileSystem: () => nodeFileSystem, watch: watchWithChokidar });
