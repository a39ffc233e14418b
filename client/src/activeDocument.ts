/**
 * Which document the user is working on: the last focused text editor (kept when
 * the focus moves to the graph preview or a panel), whether it is a roadmap and of
 * which kind, and the ID it defines, as the server says (`roadmap/document`: the
 * extension parses nothing itself), and the `roadmap.isRoadmap` context key that
 * shows the graph button in the editor title. With no server running, no document
 * is a roadmap.
 */
import * as vscode from 'vscode';
import type { KindSchema } from '../../server/src/core/api';
import { IS_ROADMAP_CONTEXT, type DocumentInfo } from '../../server/src/protocol';

/** Asks the server about a document; undefined when no server answers. */
export type AskDocument = (uri: string) => Promise<DocumentInfo | null | undefined>;

const SCHEMES = new Set(['file', 'untitled', 'vscode-vfs', 'vscode-remote', 'vscode-test-web']);

export class ActiveDocument implements vscode.Disposable {
  private editor: vscode.TextEditor | undefined;
  private info: DocumentInfo | undefined;
  /** The document `info` is about. */
  private infoUri: string | undefined;
  /** Bumped by every question to the server, so that an older answer is dropped. */
  private asked = 0;
  private contextValue: boolean | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly emitter = new vscode.EventEmitter<void>();
  private readonly disposables: vscode.Disposable[] = [this.emitter];

  /** Fires when the active document, or whether it is a roadmap, changed. */
  readonly onDidChange = this.emitter.event;

  /** `kinds`: the workspace's document kinds (they change with its roadmap.config.json). */
  constructor(
    private readonly ask: AskDocument,
    private readonly kinds: () => readonly KindSchema[],
  ) {
    this.disposables.push(
      vscode.window.onDidChangeActiveTextEditor((e) => this.track(e)),
      vscode.window.onDidChangeTextEditorViewColumn((e) => {
        if (e.textEditor === this.editor) this.emitter.fire();
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document !== this.editor?.document) return;
        // The kind and ID rarely change; ask again after a pause in typing.
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

  /** Asks about the active document again (the kinds changed, the server started or finished indexing). */
  refresh(): void {
    this.classify();
  }

  private classify(): void {
    this.timer = undefined;
    const d = this.editor?.document;
    const mine = ++this.asked;
    const uri = d?.uri.toString();
    // Another document: what was known of the last one no longer holds.
    if (uri !== this.infoUri) this.info = undefined;
    if (!d || d.languageId !== 'markdown') return this.settle(uri, undefined);
    this.ask(uri!).then(
      (info) => {
        if (mine === this.asked) this.settle(uri, info ?? undefined);
      },
      () => {
        if (mine === this.asked) this.settle(uri, undefined);
      },
    );
  }

  private settle(uri: string | undefined, info: DocumentInfo | undefined): void {
    this.info = info;
    this.infoUri = uri;
    const isRoadmap = !!this.kind;
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

  /** The kind of the active document when the server says it is a roadmap. */
  get kind(): KindSchema | undefined {
    return this.info && this.kinds().find((k) => k.key === this.info!.kind);
  }

  /** The ID the active document defines, as the server read it. */
  get id(): string | undefined {
    return this.kind ? this.info?.id : undefined;
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const d of this.disposables.splice(0)) d.dispose();
  }
}
