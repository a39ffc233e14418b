/**
 * The way of a keystroke's diagnostics through the language client, as timestamps: the
 * bench (test/web-suite/bench.ts, test/suite/bench) times each step of it, so that a
 * slow keystroke says where its time went. Free when nobody listens.
 *
 *   change         VS Code told the client the document changed (onDidChangeTextDocument);
 *                  the client writes didChange then
 *   pull-sent      the client asked for the document's diagnostics (textDocument/diagnostic:
 *                  right after didChange is written)
 *   pull-answered  the answer arrived
 *   push-received  pushed diagnostics arrived (textDocument/publishDiagnostics)
 *   set            the client put a document's diagnostics in its collection: the moment
 *                  VS Code's extension host hands them to the workbench, which draws them
 *
 * (`vscode.languages.onDidChangeDiagnostics` comes later: VS Code debounces it by 50 ms.)
 */
import type * as vscode from 'vscode';
import type { Middleware } from 'vscode-languageclient';

export type TraceStep = 'change' | 'pull-sent' | 'pull-answered' | 'push-received' | 'set';

export interface TraceMark {
  step: TraceStep;
  /** The document's URI, as VS Code writes it (`Uri.toString()`). */
  uri: string;
  /** `performance.now()` in the extension host. */
  at: number;
}

/** Records one step for one document. */
export type DiagnosticsTrace = (step: TraceStep, uri: vscode.Uri) => void;

export const noTrace: DiagnosticsTrace = () => undefined;

/** The client's middleware that marks the steps it sees (the collections mark `set`: pulledDiagnostics.ts). */
export function tracingMiddleware(trace: DiagnosticsTrace): Middleware {
  return {
    didChange: (event, next) => {
      trace('change', event.document.uri);
      return next(event);
    },
    provideDiagnostics: async (document, previousResultId, token, next) => {
      const uri = 'uri' in document ? document.uri : document;
      trace('pull-sent', uri);
      const report = await next(document, previousResultId, token);
      trace('pull-answered', uri);
      return report;
    },
    handleDiagnostics: (uri, diagnostics, next) => {
      trace('push-received', uri);
      next(uri, diagnostics);
    },
  };
}
