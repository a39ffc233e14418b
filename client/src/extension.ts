/**
 * The VS Code face of Roadmap Author on the desktop: starts the language server
 * (dist/server.js, a node process) and shows its state. Commands, snippets, the
 * grammar and the graph preview hang off here (activation.ts; the browser's entry is
 * browser.ts).
 *
 * Activation is light: it registers the commands, the status bar and the graph
 * preview's serializer, and returns. The language client library (most of the
 * extension's code, dist/languageClient.js) is loaded right after, and the server
 * started then; whatever asks the server before that waits for it.
 */
import type * as vscode from 'vscode';
import { activateWith, deactivateClient, type ActivatedApi } from './activation';
import type { DiagnosticsTrace } from './diagnosticsTrace';
import type * as ClientModule from './languageClient';

export type { ActivatedApi };

/** Loads dist/languageClient.js (a bundle of its own, not inlined here) and creates the client. */
function loadClient(context: vscode.ExtensionContext, trace: DiagnosticsTrace): { client: ClientModule.LanguageClient; State: typeof ClientModule.State } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const m = require(context.asAbsolutePath('dist/languageClient.js')) as typeof ClientModule;
  return { client: m.createClient(context, trace), State: m.State };
}

export async function activate(context: vscode.ExtensionContext): Promise<ActivatedApi> {
  return activateWith(context, loadClient, { factsCache: true });
}

export const deactivate = deactivateClient;
