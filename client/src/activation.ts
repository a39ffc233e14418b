/**
 * Activation, the same on the desktop (extension.ts) and in the browser (browser.ts):
 * it registers the commands, the status bar and the graph preview's serializer, and
 * returns; the language client is created right after (`load`: on the desktop its own
 * bundle, required then; in the browser part of the one bundle) and started.
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient, State } from 'vscode-languageclient';
import { registerShowRelated } from './commands/showRelated';
import type { DiagnosticsTrace, TraceMark } from './diagnosticsTrace';
import { registerRoadmapUi, type RoadmapExtensionApi, type RoadmapUiOptions } from './roadmapUi';

export interface ActivatedApi extends RoadmapExtensionApi {
  /** Resolves when the language client is loaded and its server has answered initialize (rejects if it could not start). */
  clientStarted(): Promise<void>;
  /** Each step of a document's way from an edit to its diagnostics in VS Code (diagnosticsTrace.ts; the bench times keystrokes with it). */
  onDiagnosticsTrace: vscode.Event<TraceMark>;
}

/** The language client, created by `load` (its steps to diagnostics marked with `trace`), with its library's `State`. */
export type ClientLoader = (context: vscode.ExtensionContext, trace: DiagnosticsTrace) => { client: BaseLanguageClient; State: typeof State };

let client: BaseLanguageClient | undefined;
let saveFactsCache: (() => Promise<void>) | undefined;

const message = (err: unknown) => (err instanceof Error ? err.message : String(err));

export function activateWith(context: vscode.ExtensionContext, load: ClientLoader, options: RoadmapUiOptions = {}): ActivatedApi {
  context.subscriptions.push(registerShowRelated());
  const marks = new vscode.EventEmitter<TraceMark>();
  context.subscriptions.push(marks);
  const trace: DiagnosticsTrace = (step, uri) => marks.fire({ step, uri: uri.toString(), at: performance.now() });
  // Right after activation returns: the client library, then the server (activation does not wait for either).
  const loaded = new Promise<void>((resolve) => setTimeout(resolve, 0)).then(() => {
    const c = load(context, trace);
    client = c.client;
    return c;
  });
  // Status bar (server state; ID and problems of the active roadmap), graph preview, commands.
  const api = registerRoadmapUi(context, loaded, options);
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
  return { ...api, clientStarted: () => started, onDiagnosticsTrace: marks.event };
}

export async function deactivateClient(): Promise<void> {
  // The facts as they are now, for the next start (bounded: VS Code gives deactivation a few seconds).
  if (client?.isRunning()) await Promise.race([saveFactsCache?.(), new Promise((resolve) => setTimeout(resolve, 1500))]);
  await client?.stop();
}
