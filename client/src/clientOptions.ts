/**
 * The language client's options, the same in node (languageClient.ts) and in the
 * browser (browserClient.ts): they differ only in how the server is started and in
 * which documents it reads (on the desktop only files; in the browser any scheme:
 * github.dev's files are `vscode-vfs://`).
 */
import * as vscode from 'vscode';
import { CloseAction, ErrorAction, type BaseLanguageClient, type DocumentSelector, type ErrorHandler, type LanguageClientOptions } from 'vscode-languageclient';
import { PULL_DROPPED_NOTIFICATION, SHOW_RELATED_COMMAND, type PullDroppedParams } from '../../server/src/protocol';
import { noTrace, tracingMiddleware, type DiagnosticsTrace } from './diagnosticsTrace';
import { diagnosticCollections } from './pulledDiagnostics';

/** The documents the desktop's server reads: markdown files, and the config file too, so that its problems show as it is typed. */
export const DESKTOP_DOCUMENTS: DocumentSelector = [
  { scheme: 'file', language: 'markdown' },
  { scheme: 'untitled', language: 'markdown' },
  { scheme: 'file', pattern: '**/roadmap.config.json' },
];

/** The browser's: the same, in whatever scheme the workspace has. */
export const BROWSER_DOCUMENTS: DocumentSelector = [{ language: 'markdown' }, { pattern: '**/roadmap.config.json' }];

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

/**
 * The options, for the documents `documentSelector` names; `client` is the client once
 * created; `trace` marks a keystroke's way to its diagnostics (diagnosticsTrace.ts);
 * `init`: initialization options of one face only.
 */
export function clientOptions(
  documentSelector: DocumentSelector,
  client: () => BaseLanguageClient | undefined,
  trace: DiagnosticsTrace = noTrace,
  init: Record<string, unknown> = {},
): LanguageClientOptions {
  return {
    documentSelector,
    initializationOptions: {
      configPath: vscode.workspace.getConfiguration('roadmap').get<string>('configPath') || undefined,
      maxDocumentSize: vscode.workspace.getConfiguration('roadmap').get<number>('maxDocumentSize'),
      // The code lens's command: registered by the extension (commands/showRelated.ts), not run by the server.
      clientCommands: [SHOW_RELATED_COMMAND],
      ...init,
    },
    synchronize: { configurationSection: 'roadmap' },
    outputChannelName: 'Roadmap Author',
    errorHandler: restartingErrorHandler(),
    // Pulled diagnostics dropped for a document still open (its tab closed): the server pushes them again.
    diagnosticCollectionProvider: diagnosticCollections((uri) => {
      const c = client();
      if (c?.isRunning()) c.sendNotification(PULL_DROPPED_NOTIFICATION, { uri: c.code2ProtocolConverter.asUri(uri) } satisfies PullDroppedParams).catch(() => undefined);
    }, trace),
    middleware: tracingMiddleware(trace),
  };
}
