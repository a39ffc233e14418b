/**
 * Which document the user is working on: the last focused text editor (kept when
 * the focus moves to the graph preview or a panel), whether it is a roadmap (its
 * first H1 is a kind title), and the `roadmap.isRoadmap` context key that shows
 * the graph button in the editor title.
 */
import * as vscode from 'vscode';
import { defaultSchema } from '../../server/src/core/schema/defaultSchema';
import type { KindSchema } from '../../server/src/core/schema/types';
import { firstH1, idFromLines, kindOfTitle } from './roadmapDocument';

export const IS_ROADMAP_CONTEXT = 'roadmap.isRoadmap';

const SCHEMES = new Set(['file', 'untitled', 'vscode-vfs', 'vscode-remote', 'vscode-test-web']);

export class ActiveDocument implements vscode.Disposable {
  private editor: vscode.TextEditor | undefined;
  private roadmapKind: KindSchema | undefined;
  private contextValue: boolean | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly emitter = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.emitter];

  /** Fires when the active document, or whether it is a roadmap, changed. */
  readonly onDidChange = this.emitter.event;

  /** `kinds`: the workspace's document kinds (they change with its roadmap.config.json). */
  constructor(private readonly kinds: () => readonly KindSchema[] = () => defaultSchema.kinds) {
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor((e) => this.track(e)),
      vscode.window.onDidChangeTextEditorViewColumn((e) => {
        if (e.textEditor === this.editor) this.emitter.fire();
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document !== this.editor?.document) return;
        // The H1 rarely changes; look again after a pause in typing.
        if (this.timer) clearTimeout(this.timer);
        this.timer = setTimeout(() => this.classify(), 150);
      }),
      vscode.workspace.onDidCloseTextDocument((d) => {
        if (d === this.editor?.document) this.track(undefined, true);
      }),
    );
    this.track(vscode.window.activeTextEditor);
  }

  private track(e: vscode.TextEditor | undefined, closed = false): void {
    if (e && SCHEMES.has(e.document.uri.scheme)) this.editor = e;
    else if (closed) this.editor = undefined;
    // No text editor focused (the graph, a panel): the last one stays the active
    // document, for the graph's highlight and the status bar. (The editor title
    // button also asks `resourceLangId == markdown`, so it shows on markdown editors only.)
    this.classify();
  }

  /** Looks at the active document again (the kinds changed). */
  refresh(): void {
    this.classify();
  }

  private classify(): void {
    this.timer = undefined;
    const d = this.editor?.document;
    this.roadmapKind = d && d.languageId === 'markdown' ? kindOfTitle(firstH1((i) => d.lineAt(i).text, d.lineCount), this.kinds()) : undefined;
    const isRoadmap = !!this.roadmapKind;
    if (isRoadmap !== this.contextValue) {
      this.contextValue = isRoadmap;
      void vscode.commands.executeCommand('setContext', IS_ROADMAP_CONTEXT, isRoadmap);
    }
    this.emitter.fire();
  }

  /** The last focused text editor's document URI, as the server spells it. */
  get uri(): string | undefined {
    return this.editor?.document.uri.toString();
  }

  get document(): vscode.TextDocument | undefined {
    return this.editor?.document;
  }

  get column(): vscode.ViewColumn | undefined {
    return this.editor?.viewColumn;
  }

  /** The kind of the active document when it is a roadmap. */
  get kind(): KindSchema | undefined {
    return this.roadmapKind;
  }

  /** The ID its ID field gives (read from the text; the graph is the better source when it has the document). */
  textId(): string | undefined {
    const d = this.editor?.document;
    if (!d || !this.roadmapKind) return undefined;
    return idFromLines((i) => d.lineAt(i).text, Math.min(d.lineCount, 400), this.roadmapKind);
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
