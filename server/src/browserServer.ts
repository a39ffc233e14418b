/**
 * The language server in a browser's web worker (vscode.dev, github.dev): languageServer.ts
 * over the worker's messages, reading the workspace through the client
 * (browser/clientFileSystem.ts), which watches the files for it.
 */
import { BrowserMessageReader, BrowserMessageWriter, createConnection, ProposedFeatures } from 'vscode-languageserver/browser';
import { ClientFileSystem } from './browser/clientFileSystem';
import { startServer } from './languageServer';

// The worker's global scope (this project's types are node's: no DOM library).
declare const self: ConstructorParameters<typeof BrowserMessageReader>[0];

const connection = createConnection(ProposedFeatures.all, new BrowserMessageReader(self), new BrowserMessageWriter(self));
startServer(connection, { fileSystem: (conn, folders) => new ClientFileSystem(conn, folders) });
