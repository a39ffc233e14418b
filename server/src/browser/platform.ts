/**
 * The language server in a browser's web worker (vscode.dev, github.dev): the worker's
 * messages, and the workspace read through the client (clientFileSystem.ts), which
 * watches the files for it. The browser build puts this module where server.ts imports
 * `./node/platform`.
 */
import { BrowserMessageReader, BrowserMessageWriter, createConnection, ProposedFeatures, type Message } from 'vscode-languageserver/browser';
import type { ServerPlatform } from '../lsp/platform';
import { ClientFileSystem } from './clientFileSystem';

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

export const platform: ServerPlatform = {
  connection: () => createConnection(ProposedFeatures.all, new BrowserMessageReader(self), new JsonMessageWriter(self)),
  fileSystem: (connection, folders) => new ClientFileSystem(connection, folders),
};
