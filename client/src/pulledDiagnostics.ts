/**
 * The language client's diagnostic collections, with one addition: the server learns
 * when the client drops the pulled diagnostics of a document that stays open.
 *
 * The client shows pulled diagnostics only for documents in a tab, and deletes them
 * when the tab closes. The document itself may stay open for minutes (a document an
 * extension opened with openTextDocument is held that long), so no didClose reaches
 * the server, which would go on leaving the document to pull: its problems would show
 * nowhere. Told, the server pushes them again until the client pulls the document next.
 *
 * Both collections (pushed and pulled) also mark each document they are given
 * diagnostics for (`set` in diagnosticsTrace.ts: the bench times keystrokes by it).
 */
import * as vscode from 'vscode';
import { DiagnosticCollectionSource, type DiagnosticCollectionProvider } from 'vscode-languageclient';
import { noTrace, type DiagnosticsTrace } from './diagnosticsTrace';

/** `dropped` is called with the URI of each still-open document whose pulled diagnostics the client deleted. */
export function diagnosticCollections(dropped: (uri: vscode.Uri) => void, trace: DiagnosticsTrace = noTrace): DiagnosticCollectionProvider {
  return {
    create(name, source) {
      const collection = name !== undefined ? vscode.languages.createDiagnosticCollection(name) : vscode.languages.createDiagnosticCollection();
      return observed(collection, source === DiagnosticCollectionSource.pull ? dropped : undefined, trace);
    },
    dispose(collection) {
      collection.dispose();
    },
  };
}

/** The collection, marking what it is given (`set`) and, for pulled diagnostics (`dropped`), reporting deletes of open documents. */
function observed(collection: vscode.DiagnosticCollection, dropped: ((uri: vscode.Uri) => void) | undefined, trace: DiagnosticsTrace): vscode.DiagnosticCollection {
  return new Proxy(collection, {
    get(target, prop) {
      if (prop === 'set') {
        return (uriOrEntries: vscode.Uri | ReadonlyArray<[vscode.Uri, readonly vscode.Diagnostic[] | undefined]>, diagnostics?: readonly vscode.Diagnostic[]) => {
          if (Array.isArray(uriOrEntries)) {
            target.set(uriOrEntries as ReadonlyArray<[vscode.Uri, readonly vscode.Diagnostic[] | undefined]>);
            for (const [uri] of uriOrEntries as ReadonlyArray<[vscode.Uri, unknown]>) trace('set', uri);
          } else {
            const uri = uriOrEntries as vscode.Uri;
            target.set(uri, diagnostics);
            trace('set', uri);
          }
        };
      }
      if (prop === 'delete') {
        return (uri: vscode.Uri) => {
          target.delete(uri);
          trace('set', uri);
          // On a real close the document is gone already, and the server has its didClose.
          const key = uri.toString();
          if (dropped && vscode.workspace.textDocuments.some((d) => !d.isClosed && d.uri.toString() === key)) dropped(uri);
        };
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
