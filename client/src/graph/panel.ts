/**
 * The graph preview's host side: one webview panel, the page script from its own
 * bundle (dist/graphView.js, where elkjs lives), and the messages both ways.
 *
 * The page is told the whole graph once ("full", on "ready") and then only the
 * changes the store received from the server ("changes", with the version the
 * page must hold for them to apply; on any mismatch it gets "full" again).
 * Everything the page sends goes through `parsePageMessage`; "open" opens only
 * the document of a node of the graph this side holds; exports are written here,
 * after a save dialog, never by the page or the server.
 *
 * Loaded by a dynamic import the first time the graph is shown.
 */
import * as vscode from 'vscode';
import { nodeOfUri } from './graphModel';
import { newNonce } from '../webviewHtml';
import { graphHtml } from './html';
import { toMermaid } from '../../../server/src/core/api';
import { GRAPH_VIEW_TYPE } from '../../../server/src/protocol';
import { graphParts, knownIds, openTarget, parsePageMessage, parseSavedView, sentInParts, type HostMessage, type NodeLabel } from './messages';
import { summaryOf, type GraphSummary } from './lod';
import type { GraphStore, GraphUpdate } from './store';
import type { GraphTrace } from './trace';
import { SHOW_OVERVIEW_COMMAND } from '../../../server/src/protocol';

export interface GraphHost {
  extensionUri: vscode.Uri;
  store: GraphStore;
  log(message: string): void;
  /** The URI of the last focused text editor's document. */
  activeUri(): string | undefined;
  /** The column of the last focused text editor. */
  activeColumn(): vscode.ViewColumn | undefined;
  onDidChangeActive: vscode.Event<void>;
  /** The focus depth the page starts with. */
  focusDepth(): number;
  /** Past this many visible documents the page opens on the overview. */
  overviewThreshold(): number;
  /** The workspace's storage (`ExtensionContext.workspaceState`): what the page showed last. */
  workspaceState: Pick<vscode.Memento, 'get' | 'update'>;
  /** The bench's record of the steps (trace.ts); absent or disabled otherwise. */
  trace?: GraphTrace;
}

/** The workspaceState key of the page's filters and focus. */
export const SAVED_VIEW_KEY = 'roadmap.graph.view';


/** A message from the page (or the test hook) that was not acted on. */
export interface RejectedMessage {
  /** `invalid`: failed `parsePageMessage`; `refused`: an "open" of something not a document of the graph. */
  reason: 'invalid' | 'refused';
  /** The message's `type` when it had a string one. */
  type?: string;
  /** The message as JSON, cut to a few KB. */
  json: string;
}

const MAX_REJECTED = 200;
const MAX_REJECTED_JSON = 4000;

function summarize(raw: unknown, reason: RejectedMessage['reason']): RejectedMessage {
  const type = typeof raw === 'object' && raw !== null && typeof (raw as { type?: unknown }).type === 'string' ? (raw as { type: string }).type.slice(0, 200) : undefined;
  let json: string;
  try {
    json = JSON.stringify(raw) ?? String(raw);
  } catch {
    json = String(raw);
  }
  return { reason, ...(type !== undefined ? { type } : {}), json: json.slice(0, MAX_REJECTED_JSON) };
}

export class GraphPanel implements vscode.Disposable {
  private static current: GraphPanel | undefined;
  /** Every message not acted on, across panels (the last MAX_REJECTED). */
  private static readonly rejectedLog: RejectedMessage[] = [];

  static get rejected(): RejectedMessage[] {
    return GraphPanel.rejectedLog.map((r) => ({ ...r }));
  }

  private static reject(raw: unknown, reason: RejectedMessage['reason']): void {
    GraphPanel.rejectedLog.push(summarize(raw, reason));
    if (GraphPanel.rejectedLog.length > MAX_REJECTED) GraphPanel.rejectedLog.splice(0, GraphPanel.rejectedLog.length - MAX_REJECTED);
  }

  private readonly disposables: vscode.Disposable[] = [];
  private pageReady = false;
  /** The graph version the page holds. */
  private pageVersion: number | undefined;
  private sentActive: string | undefined | null = null;
  private rendered: string[] | undefined;
  private renderedLabels: Record<string, NodeLabel> | undefined;
  private renderedDom: { scripts?: number; images?: number } | undefined;
  private renderWaiters: Array<(ids: string[]) => void> = [];
  /** The summary of the store's graph, by version (what a large graph's page gets first). */
  private summary: { version: number; summary: GraphSummary } | undefined;

  static get instance(): GraphPanel | undefined {
    return GraphPanel.current;
  }

  /** Shows the preview (creating it, or revealing the one there is). */
  static show(host: GraphHost, toSide: boolean): GraphPanel {
    const column = toSide ? vscode.ViewColumn.Beside : (host.activeColumn() ?? vscode.ViewColumn.Active);
    if (GraphPanel.current) {
      GraphPanel.current.panel.reveal(toSide ? vscode.ViewColumn.Beside : undefined, toSide);
      return GraphPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(GRAPH_VIEW_TYPE, 'Roadmap Graph', { viewColumn: column, preserveFocus: toSide }, GraphPanel.options(host));
    GraphPanel.current = new GraphPanel(host, panel);
    host.trace?.mark('panel-created');
    return GraphPanel.current;
  }

  /** Takes over a panel VS Code restored after a reload. */
  static revive(host: GraphHost, panel: vscode.WebviewPanel): GraphPanel {
    GraphPanel.current?.dispose();
    panel.webview.options = GraphPanel.options(host);
    return (GraphPanel.current = new GraphPanel(host, panel));
  }

  private static options(host: GraphHost): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      enableCommandUris: false,
      localResourceRoots: [vscode.Uri.joinPath(host.extensionUri, 'dist')],
      // The page keeps its filters in webview state and asks for the graph again when shown.
      retainContextWhenHidden: false,
    };
  }

  private constructor(
    private readonly host: GraphHost,
    readonly panel: vscode.WebviewPanel,
  ) {
    const webview = panel.webview;
    const nonce = newNonce((n) => crypto.getRandomValues(new Uint8Array(n)));
    webview.html = graphHtml({
      cspSource: webview.cspSource,
      nonce,
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(host.extensionUri, 'dist', 'graphView.js')).toString(),
      workerUri: webview.asWebviewUri(vscode.Uri.joinPath(host.extensionUri, 'dist', 'graphLayout.js')).toString(),
      quickWorkerUri: webview.asWebviewUri(vscode.Uri.joinPath(host.extensionUri, 'dist', 'graphQuickLayout.js')).toString(),
    });
    this.disposables.push(
      webview.onDidReceiveMessage((m: unknown) => void this.handleMessage(m)),
      panel.onDidDispose(() => this.dispose()),
      // A hidden page is dropped (no retained context); it says "ready" again when shown.
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.pageReady = false;
      }),
      // Followed: the graph kept live while the preview is open, and only then.
      host.store.follow((u) => this.onUpdate(u)),
      // The page's settings (focus depth, overview threshold) go with the whole graph.
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('roadmap.graph')) void this.postFull();
      }),
      host.onDidChangeActive(() => this.postActive()),
    );
    // The graph and its summary ready by the time the page is: it loads meanwhile.
    void host.store.forDisplay().then(() => this.summaryOfCurrent());
  }

  /** The IDs the page drew last (undefined before the first drawing). */
  get renderedIds(): string[] | undefined {
    return this.rendered && [...this.rendered];
  }

  /** Each node's text as the page's DOM held it in its last drawing. */
  get labels(): Record<string, NodeLabel> | undefined {
    return this.renderedLabels && Object.fromEntries(Object.entries(this.renderedLabels).map(([k, l]) => [k, { ...l, lines: [...l.lines] }]));
  }

  /** `document.scripts.length` and `document.images.length` of the page at its last drawing. */
  get domCounts(): { scripts?: number; images?: number } | undefined {
    return this.renderedDom && { ...this.renderedDom };
  }

  /** The page's HTML shell as set on the webview. */
  get html(): string {
    return this.panel.webview.html;
  }

  /** Resolves with the IDs of the next drawing the page reports. */
  nextRender(timeoutMs = 10_000): Promise<string[]> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the graph did not render in time')), timeoutMs);
      this.renderWaiters.push((ids) => {
        clearTimeout(timer);
        resolve(ids);
      });
    });
  }

  /**
   * Everything the page sends comes here (and the test hook's simulated clicks):
   * anything that does not parse as a page message is dropped.
   * Returns whether the message was acted on.
   */
  async handleMessage(raw: unknown): Promise<boolean> {
    const msg = parsePageMessage(raw);
    if (!msg) {
      GraphPanel.reject(raw, 'invalid');
      this.host.log(`graph preview: ignored an unexpected message from the page`);
      return false;
    }
    switch (msg.type) {
      case 'ready':
        this.host.trace?.mark('page-ready');
        this.pageReady = true;
        await this.postFull();
        return true;
      case 'showCurriculumOverview':
        await vscode.commands.executeCommand(SHOW_OVERVIEW_COMMAND);
        return true;
      case 'rendered':
        this.rendered = msg.nodes;
        this.renderedLabels = msg.labels;
        this.renderedDom = msg.scripts !== undefined || msg.images !== undefined ? { scripts: msg.scripts, images: msg.images } : undefined;
        for (const w of this.renderWaiters.splice(0)) w([...msg.nodes]);
        return true;
      case 'open': {
        const opened = await this.open(msg.id);
        if (!opened) GraphPanel.reject(raw, 'refused');
        return opened;
      }
      case 'exportSvg':
        return this.save(msg.svg, 'roadmap-graph.svg', { SVG: ['svg'] });
      case 'exportMermaid': {
        const graph = this.host.store.graph;
        if (!graph) return false;
        const text = toMermaid(graph, msg.ids ? { ids: knownIds(graph, msg.ids) } : {});
        return this.save(text, 'roadmap-graph.mmd', { Mermaid: ['mmd', 'mermaid'], Markdown: ['md'] });
      }
      case 'error':
        this.host.log(`graph preview: ${msg.message}`);
        return true;
      case 'view':
        await this.host.workspaceState.update(SAVED_VIEW_KEY, msg.view);
        return true;
    }
  }

  private async open(id: string): Promise<boolean> {
    const uri = openTarget(this.host.store.graph, id);
    if (!uri) {
      this.host.log(`graph preview: refused to open ${JSON.stringify(id)}: not a document of the graph`);
      return false;
    }
    const own = this.panel.viewColumn;
    const last = this.host.activeColumn();
    const viewColumn = last && last !== own ? last : own === vscode.ViewColumn.One ? vscode.ViewColumn.Beside : vscode.ViewColumn.One;
    await vscode.window.showTextDocument(vscode.Uri.parse(uri, true), { viewColumn, preview: false });
    return true;
  }

  private async save(text: string, name: string, filters: Record<string, string[]>): Promise<boolean> {
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const target = await vscode.window.showSaveDialog({
      defaultUri: folder ? vscode.Uri.joinPath(folder, name) : undefined,
      filters,
      saveLabel: 'Export',
      title: 'Export the roadmap graph',
    });
    if (!target) return false;
    const body = /\.md$/i.test(target.path) && name.endsWith('.mmd') ? '```mermaid\n' + text + '```\n' : text;
    await vscode.workspace.fs.writeFile(target, new TextEncoder().encode(body));
    void vscode.window.showInformationMessage(`Roadmap graph exported to ${vscode.workspace.asRelativePath(target)}.`);
    return true;
  }

  private activeId(): string | undefined {
    const uri = this.host.activeUri();
    return uri ? nodeOfUri(this.host.store.graph, uri)?.id : undefined;
  }

  private post(msg: HostMessage): void {
    void this.panel.webview.postMessage(msg);
  }

  private async postFull(): Promise<void> {
    const graph = await this.host.store.forDisplay();
    const version = this.host.store.version;
    if (!graph || version === undefined || !this.pageReady) return;
    const active = this.activeId();
    this.pageVersion = version;
    this.sentActive = active;
    const view = parseSavedView(this.host.workspaceState.get(SAVED_VIEW_KEY));
    const settings = { focusDepth: this.host.focusDepth(), overviewThreshold: this.host.overviewThreshold() };
    const trace = this.host.trace;
    trace?.mark('full-posting');
    const summary = this.summaryOfCurrent()!;
    // A large graph: the summary first (the page draws the overview from it), then the graph in parts.
    const parts = sentInParts(graph) ? graphParts(graph) : undefined;
    const seq = ++this.fullSeq;
    const contents = parts ? { parts: parts.length } : { graph };
    const delivered = this.panel.webview.postMessage({ type: 'full', version, summary, ...contents, active, settings, ...(view ? { view } : {}) } satisfies HostMessage);
    trace?.mark('full-posted');
    void Promise.resolve(delivered).then(() => trace?.mark('full-delivered'));
    if (!parts) return;
    // One part a turn of the extension host's event loop: each is serialized as it is posted.
    for (const [index, part] of parts.entries()) {
      if (index) await new Promise((resolve) => setTimeout(resolve, 0));
      if (this.disposed || seq !== this.fullSeq) return;
      this.post({ type: 'graphPart', version, index, ...part });
    }
    trace?.mark('parts-posted');
  }

  /** Bumped by each `postFull`: the parts of an older one stop. */
  private fullSeq = 0;

  /** The summary of the store's graph (computed once per version). */
  private summaryOfCurrent(): GraphSummary | undefined {
    const { graph, version } = this.host.store;
    if (!graph || version === undefined) return undefined;
    if (this.summary?.version !== version) this.summary = { version, summary: summaryOf(graph) };
    return this.summary.summary;
  }

  private onUpdate(u: GraphUpdate): void {
    if (!this.pageReady) return;
    if (u.kind === 'full' || this.pageVersion !== u.base) {
      void this.postFull();
      return;
    }
    this.pageVersion = u.version;
    this.post({ type: 'changes', base: u.base, version: u.version, changes: u.changes });
    this.postActive();
  }

  private postActive(): void {
    if (!this.pageReady) return;
    const id = this.activeId();
    if (id === this.sentActive) return;
    this.sentActive = id;
    this.post({ type: 'active', id });
  }

  private disposed = false;

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (GraphPanel.current === this) GraphPanel.current = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
    for (const w of this.renderWaiters.splice(0)) w(this.rendered ?? []);
  }
}
