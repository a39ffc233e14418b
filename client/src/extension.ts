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

export async function activate(context: vscode.ExtensionContext): Promise<ActivatedApi> {
  context.subscriptions.push(registerShowRelated());
  let ready!: (c: { client: ClientModule.LanguageClient; State: typeof ClientModule.State }) => void;
  let failed!: (e: unknown) => void;
  const loaded = new Promise<{ client: ClientModule.LanguageClient; State: typeof ClientModule.State }>((resolve, reject) => {
    ready = resolve;
    failed = reject;
  });
  // Status bar (server state; ID and problems of the active roadmap), graph preview, commands.
  const api = registerRoadmapUi(context, loaded);
  const started = new Promise<void>((resolve, reject) => {
    setImmediate(() => {
      try {
        const c = loadClient(context);
        client = c.client;
        ready(c);
        // Not awaited by activation: the client queues requests until the server is up.
        c.client.start().then(resolve, (err: unknown) => {
          reject(err);
          void vscode.window.showErrorMessage(`Roadmap Author could not start its language server: ${err instanceof Error ? err.message : String(err)}`);
        });
      } catch (err) {
        failed(err);
        reject(err);
        void vscode.window.showErrorMessage(`Roadmap Author could not load its language client: ${err instanceof Error ? err.message : String(err)}`);
      }
    });
  });
  started.catch(() => undefined); // reported above
  return { ...api, clientStarted: () => started };
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
