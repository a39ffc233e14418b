/**
 * The language client: starts dist/server.js over IPC for markdown documents and
 * roadmap.config.json. Bundled on its own (dist/languageClient.js): the client library
 * is most of the extension's code, and `activate` loads it right after it returns,
 * so that activation itself stays light (see extension.ts).
 */
import * as vscode from 'vscode';
import {
  CloseAction,
  ErrorAction,
  LanguageClient,
  State,
  TransportKind,
  type ErrorHandler,
  type LanguageClientOptions,
  type ServerOptions,
} from 'vscode-languageclient/node';
import { FACTS_CACHE_FILE_NAME, PULL_DROPPED_NOTIFICATION, SHOW_RELATED_COMMAND, type PullDroppedParams } from '../../server/src/protocol';
import { diagnosticCollections } from './pulledDiagnostics';

export { State };
export type { LanguageClient };

/**
 * Restarts a server that stopped unexpectedly, and says so once; gives up (and says
 * so) if it keeps stopping: five times within three minutes.
 */
function restartingErrorHandler(): ErrorHandler {
  let told = false;
  const crashes: number[] = [];
  return {
    error: () => ({ action: ErrorAction.Continue }),
    closed: () => {
      const now = Date.now();
      crashes.push(now);
      while (crashes.length && now - crashes[0] > 3 * 60_000) crashes.shift();
      if (crashes.length >= 5) {
        return { action: CloseAction.DoNotRestart, message: 'The Roadmap Author language server stopped five times in three minutes and was not restarted. Run "Roadmap: Restart Language Server" to try again.' };
      }
      if (!told) {
        told = true;
        void vscode.window.showWarningMessage('The Roadmap Author language server stopped unexpectedly and was restarted.');
      }
      return { action: CloseAction.Restart, handled: true };
    },
  };
}

/** The client, not started. */
export function createClient(context: vscode.ExtensionContext): LanguageClient {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  let client: LanguageClient | undefined = undefined;
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'markdown' },
      { scheme: 'untitled', language: 'markdown' },
      // The config file too, so that its problems show as it is typed.
      { scheme: 'file', pattern: '**/roadmap.config.json' },
    ],
    initializationOptions: {
      configPath: vscode.workspace.getConfiguration('roadmap').get<string>('configPath') || undefined,
      maxDocumentSize: vscode.workspace.getConfiguration('roadmap').get<number>('maxDocumentSize'),
      // The code lens's command: registered by the extension (commands/showRelated.ts), not run by the server.
      clientCommands: [SHOW_RELATED_COMMAND],
      // The facts cache in the workspace storage (client/src/factsCache.ts): the server reads it, the extension writes it.
      factsCache: context.storageUri && vscode.Uri.joinPath(context.storageUri, FACTS_CACHE_FILE_NAME).toString(),
    },
    synchronize: { configurationSection: 'roadmap' },
    outputChannelName: 'Roadmap Author',
    errorHandler: restartingErrorHandler(),
    // Pulled diagnostics dropped for a document still open (its tab closed): the server pushes them again.
    diagnosticCollectionProvider: diagnosticCollections((uri) => {
      if (client?.isRunning()) client.sendNotification(PULL_DROPPED_NOTIFICATION, { uri: client.code2ProtocolConverter.asUri(uri) } satisfies PullDroppedParams).catch(() => undefined);
    }),
  };
  client = new LanguageClient('roadmap', 'Roadmap Author', serverOptions, clientOptions);
  return client;
}
