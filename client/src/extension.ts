/**
 * The VS Code face of Roadmap Author: starts the language server and shows its
 * state. Commands, snippets, the grammar and the graph preview hang off here.
 *
 * Activation is light: it registers the commands, the status bar and the graph
 * preview's serializer, and returns. The language client library (most of the
 * extension's code, dist/languageClient.js) is loaded right after, and the server
 * started then; whatever asks the server before that waits for it.
 */
import * as vscode from 'vscode';
import { registerShowRelated } from './commands/showRelated';
import type * as ClientModule from './languageClient';
import { registerRoadmapUi, type RoadmapExtensionApi } from './roadmapUi';

let client: ClientModule.LanguageClient | undefined;
let saveFactsCache: (() => Promise<void>) | undefined;

/** Loads dist/languageClient.js (a bundle of its own, not inlined here) and creates the client. */
function loadClient(context: vscode.ExtensionContext): { client: ClientModule.LanguageClient; State: typeof ClientModule.State } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const m = require(context.asAbsolutePath('dist/languageClient.js')) as typeof ClientModule;
  return { client: m.createClient(context), State: m.State };
}

export interface ActivatedApi extends RoadmapExtensionApi {
  /** Resolves when the language client is loaded and its server has answered initialize (rejects if it could not start). */
  clientStarted(): Promise<void>;
}

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export async function activate(context: vscode.ExtensionContext): Promise<ActivatedApi> {
  context.subscriptions.push(registerShowRelated());
  // Right after activation returns: the client library, then the server (activation does not wait for either).
  const loaded = new Promise<void>((resolve) => setImmediate(resolve)).then(() => {
    const c = loadClient(context);
    client = c.client;
    return c;
  });
  // Status bar (server state; ID and problems of the active roadmap), graph preview, commands.
  const api = registerRoadmapUi(context, loaded);
  saveFactsCache = api.saveFactsCache;
  const started = loaded.then(
    ({ client }) =>
      client.start().catch((err: unknown) => {
        void vscode.window.showErrorMessage(`Roadmap Author could not start its language server: ${message(err)}`);
        throw err;
      }),
    (err: unknown) => {
      void vscode.window.showErrorMessage(`Roadmap Author could not load its language client: ${message(err)}`);
      throw err;
    },
  );
  started.catch(() => undefined); // shown above
  return { ...api, clientStarted: () => started };
}

export async function deactivate(): Promise<void> {
  // The facts as they are now, for the next start (bounded: VS Code gives deactivation a few seconds).
  if (client?.isRunning()) await Promise.race([saveFactsCache?.(), new Promise((resolve) => setTimeout(resolve, 1500))]);
  await client?.stop();
}
