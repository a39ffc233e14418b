/**
 * The language server in a browser's web worker (vscode.dev, github.dev): languageServer.ts
 * over the worker's messages, reading the workspace through the client
 * (browser/clientFileSystem.ts), which watches the files for it.
 */
import { BrowserMessageReader, BrowserMessageWriter, createConnection, ProposedFeatures, type Message } from 'vscode-languageserver/browser';
import { ClientFileSystem } from './browser/clientFileSystem';
import { startServer } from './languageServer';

// The worker's global scope (this project's types are node's: no DOM library).
declare const self: ConstructorParameters<typeof BrowserMessageReader>[0];

/**
 * Writes each message as its JSON: a worker posts messages by structured clone, which
 * copies an object's own data and not what its `toJSON` says (the model's packed ranges
 * read as `start`/`end` through getters, and serialize as a Range only to JSON).
 */
class JsonMessageWriter extends BrowserMessageWriter {
  override write(msg: Message): Promise<void> {
    return super.write(JSON.parse(JSON.stringify(msg)) as Message);
  }
}

const connection = createConnection(ProposedFeatures.all, new BrowserMessageReader(self), new JsonMessageWriter(self));
startServer(connection, { fileSystem: (conn, folders) => new ClientFileSystem(conn, folders) });
