/**
 * The language client's diagnostic collections, with one addition: the server learns
 * when the client drops the pulled diagnostics of a document that stays open.
 *
 * The client shows pulled diagnostics only for documents in a tab, and deletes them
 * when the tab closes. The document itself may stay open for minutes (a document an
 * extension opened with openTextDocument is held that long), so no didClose reaches
 * the server, which would go on leaving the document to pull: its problems would show
 * nowhere. Told, the server pushes them again until the client pulls the document next.
 */
import * as vscode from 'vscode';
import { DiagnosticCollectionSource, type DiagnosticCollectionProvider } from 'vscode-languageclient';


/** `dropped` is called with the URI of each still-open document whose pulled diagnostics the client deleted. */
export function diagnosticCollections(dropped: (uri: vscode.Uri) => void): DiagnosticCollectionProvider {
  return {
    create(name, source) {
      const collection = name !== undefined ? vscode.languages.createDiagnosticCollection(name) : vscode.languages.createDiagnosticCollection();
      return source === DiagnosticCollectionSource.pull ? reportingDeletes(collection, dropped) : collection;
    },
    dispose(collection) {
      collection.dispose();
    },
  };
}

function reportingDeletes(collection: vscode.DiagnosticCollection, dropped: (uri: vscode.Uri) => void): vscode.DiagnosticCollection {
  return new Proxy(collection, {
    get(target, prop) {
      if (prop === 'delete') {
        return (uri: vscode.Uri) => {
          target.delete(uri);
          // On a real close the document is gone already, and the server has its didClose.
          const key = uri.toString();
          if (vscode.workspace.textDocuments.some((d) => !d.isClosed && d.uri.toString() === key)) dropped(uri);
        };
      }
      const value: unknown = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
}
