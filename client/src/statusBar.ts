/**
 * The one status bar item of Roadmap Author. On a roadmap document it shows the
 * document's ID and its problem count (diagnostics with source "roadmap");
 * elsewhere the server's state (starting, indexing, how many roadmaps). A click
 * opens the Problems panel.
 */
import * as vscode from 'vscode';
import type { ActiveDocument } from './activeDocument';
import { nodeOfUri } from './graph/graphModel';
import type { GraphStore } from './graph/store';
import { STATUS_BAR_ITEM, type ServerStatus } from '../../server/src/protocol';

export type ServerState = ServerStatus | { state: 'starting' | 'stopped' };

export function problemSummary(diagnostics: readonly vscode.Diagnostic[]): { errors: number; warnings: number; total: number } {
  let errors = 0;
  let warnings = 0;
  let total = 0;
  for (const d of diagnostics) {
    // Hints are not listed in the Problems panel the item opens.
    if (d.source !== 'roadmap' || d.severity === vscode.DiagnosticSeverity.Hint) continue;
    total++;
    if (d.severity === vscode.DiagnosticSeverity.Error) errors++;
    else if (d.severity === vscode.DiagnosticSeverity.Warning) warnings++;
  }
  return { errors, warnings, total };
}

const plural = (n: number, one: string, many = one + 's') => `${n} ${n === 1 ? one : many}`;

export class RoadmapStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(STATUS_BAR_ITEM, vscode.StatusBarAlignment.Left, 10);
  private server: ServerState = { state: 'starting' };
  private readonly disposables: vscode.Disposable[] = [this.item];

  constructor(
    private readonly active: ActiveDocument,
    private readonly store: GraphStore,
  ) {
    this.item.name = 'Roadmap Author';
    this.item.command = 'workbench.actions.view.problems';
    this.disposables.push(
      active.onDidChange(() => this.update()),
      store.onDidUpdate(() => this.update()),
      vscode.languages.onDidChangeDiagnostics((e) => {
        const uri = this.active.uri;
        if (uri && e.uris.some((u) => u.toString() === uri)) this.update();
      }),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('roadmap.statusBar')) this.update();
      }),
    );
    this.update();
  }

  setServer(s: ServerState): void {
    this.server = s;
    this.update();
  }

  get text(): string {
    return this.item.text;
  }

  private serverSummary(): string {
    const s = this.server;
    switch (s.state) {
      case 'starting':
        return 'Roadmap Author: starting the language server';
      case 'stopped':
        return 'Roadmap Author: the language server is not running (Roadmap: Restart Language Server)';
      case 'indexing':
        return `Roadmap Author: reading the workspace (${s.documents} documents so far)`;
      case 'ready':
        return `Roadmap Author: ${plural(s.roadmaps, 'roadmap document')} indexed, ${s.withProblems} with problems${s.checking ? ` (checking ${s.checking} more)` : ''}.`;
    }
  }

  update(): void {
    if (!vscode.workspace.getConfiguration('roadmap.statusBar').get<boolean>('enabled', true)) {
      this.item.hide();
      return;
    }
    const s = this.server;
    // The last focused editor's document, while it is still on screen (the focus may be in the graph or a panel).
    const last = this.active.document;
    const doc = this.active.kind && last && vscode.window.visibleTextEditors.some((e) => e.document === last) ? last : undefined;
    const tooltip = new vscode.MarkdownString(undefined, true);
    if (doc) {
      const uri = doc.uri.toString();
      // The server's word on the active document (asked again after a pause in typing); the graph's while that is not in.
      const id = this.active.id ?? nodeOfUri(this.store.graph, uri)?.id;
      const p = problemSummary(vscode.languages.getDiagnostics(doc.uri));
      const icon = p.errors ? '$(error)' : p.total ? '$(warning)' : '$(pass)';
      const name = id ?? `${this.active.kind!.noun} (no ID)`;
      this.item.text = `${icon} ${name} · ${p.total ? plural(p.total, 'problem') : 'no problems'}`;
      tooltip.appendText(`${name}: ${plural(p.total, 'problem')} (${plural(p.errors, 'error')}, ${plural(p.warnings, 'warning')}). Click to show the Problems panel.`);
      tooltip.appendMarkdown('\n\n');
      tooltip.appendText(this.serverSummary());
    } else if (s.state === 'starting' || s.state === 'indexing') {
      this.item.text = s.state === 'indexing' ? `$(sync~spin) Roadmap: indexing ${s.documents}` : '$(sync~spin) Roadmap';
      tooltip.appendText(this.serverSummary());
    } else if (s.state === 'stopped') {
      this.item.text = '$(debug-disconnect) Roadmap';
      tooltip.appendText(this.serverSummary());
    } else if (s.state === 'ready') {
      this.item.text = `$(checklist) Roadmap: ${s.roadmaps}`;
      tooltip.appendText(this.serverSummary() + ' Click to show the Problems panel.');
    }
    this.item.tooltip = tooltip;
    this.item.show();
  }

  dispose(): void {
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
