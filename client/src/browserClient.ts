/**
 * The language client in the browser (vscode.dev, github.dev): the server is
 * dist/web/server.js in a web worker, and reads the workspace through this client
 * (fileAccess.ts). Everything else is the desktop's client (clientOptions.ts).
 */
import * as vscode from 'vscode';
import { BrowserMessageReader, BrowserMessageWriter, LanguageClient, State } from 'vscode-languageclient/browser';
import { BROWSER_DOCUMENTS, clientOptions } from './clientOptions';
import type { DiagnosticsTrace } from './diagnosticsTrace';
import { answerFileAccess } from './fileAccess';

export { State };

/** The worker's script, in the extension. */
export const SERVER_SCRIPT = 'dist/web/server.js';

/**
 * Starts the server's worker. A worker is created from the script's URL where the
 * extension is served over http(s) (vscode.dev, github.dev); an extension of a remote
 * (`vscode-remote://`, as under code-server) cannot be one ("Creating workers from
 * remote extensions is currently not supported"): then the script is fetched and the
 * worker started from its text, as a blob URL.
 */
async function startWorker(extensionUri: vscode.Uri): Promise<Worker> {
  const script = vscode.Uri.joinPath(extensionUri, SERVER_SCRIPT);
  try {
    return new Worker(script.toString(true));
  } catch {
    const response = await fetch(script.toString(true));
    if (!response.ok) throw new Error(`cannot load the language server (${SERVER_SCRIPT}): HTTP ${response.status}`);
    const blob = new Blob([await response.text()], { type: 'text/javascript' });
    return new Worker(URL.createObjectURL(blob));
  }
}

/** The client, not started; each start gets a new worker (the last one ended). */
export function createBrowserClient(context: vscode.ExtensionContext, trace?: DiagnosticsTrace): LanguageClient {
  let worker: Worker | undefined;
  // The transports given, not the worker: the extension host's Worker (a nested worker, made by the host) fails
  // the library's `instanceof Worker`.
  const serverOptions = async () => {
    worker?.terminate();
    worker = await startWorker(context.extensionUri);
    return { reader: new BrowserMessageReader(worker), writer: new BrowserMessageWriter(worker) };
  };
  let client: LanguageClient | undefined = undefined;
  client = new LanguageClient('roadmap', 'Roadmap Author', serverOptions, clientOptions(BROWSER_DOCUMENTS, () => client, trace));
  answerFileAccess(client);
  context.subscriptions.push({ dispose: () => worker?.terminate() });
  return client;
}
