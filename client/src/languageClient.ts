/**
 * The language client in node: starts dist/server.js over IPC. Bundled on its own
 * (dist/languageClient.js): the client library is most of the extension's code, and
 * `activate` loads it right after it returns, so that activation itself stays light
 * (see extension.ts).
 */
import * as vscode from 'vscode';
import { LanguageClient, State, TransportKind, type ServerOptions } from 'vscode-languageclient/node';
import { FACTS_CACHE_FILE_NAME } from '../../server/src/protocol';
import { clientOptions, DESKTOP_DOCUMENTS } from './clientOptions';
import type { DiagnosticsTrace } from './diagnosticsTrace';

export { State };
export type { LanguageClient };

/** The client, not started. */
export function createClient(context: vscode.ExtensionContext, trace?: DiagnosticsTrace): LanguageClient {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  let client: LanguageClient | undefined = undefined;
  client = new LanguageClient('roadmap', 'Roadmap Author', serverOptions, clientOptions(DESKTOP_DOCUMENTS, () => client, trace, {
    // The facts cache in the workspace storage (client/src/factsCache.ts): the server reads it, the extension writes it.
    factsCache: context.storageUri && vscode.Uri.joinPath(context.storageUri, FACTS_CACHE_FILE_NAME).toString(),
  }));
  return client;
}
