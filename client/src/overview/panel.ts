/**
 * The Curriculum Overview's host side: one webview panel, the page script from its own
 * bundle (dist/overviewView.js), and the messages both ways. The overview comes from
 * the server (`roadmap/overview`); on `roadmap/overviewChanged` (and when the server
 * restarts) the host asks again and sends the page the new one. Everything the page
 * sends goes through `parsePageMessage`, and it may open only documents the overview
 * this side holds names; a matrix cell with several documents offers a pick.
 *
 * Loaded by a dynamic import the first time the overview is shown.
 */
import * as vscode from 'vscode';
import { coalesced } from '../coalesce';
import { newNonce } from '../webviewHtml';
import { OVERVIEW_VIEW_TYPE, type CurriculumOverview } from '../../../server/src/protocol';
import { overviewHtml } from './html';
import { cellTargets, documentTarget, parsePageMessage, type HostMessage, type OverviewTarget } from './messages';

export interface OverviewHost {
  extensionUri: vscode.Uri;
  /** Asks the server for the overview (rejects while it is not running). */
  request(): Promise<CurriculumOverview>;
  /** Fires when the server says the overview changed, or restarted. */
  onDidChange: vscode.Event<void>;
  log(message: string): void;
  /** The column of the last focused text editor. */
  activeColumn(): vscode.ViewColumn | undefined;
}

export class OverviewPanel implements vscode.Disposable {
  private static current: OverviewPanel | undefined;
  private readonly disposables: vscode.Disposable[] = [];
  private data: CurriculumOverview | undefined;
  private pageReady = false;
  private rendered: { version: number; tracks: number; cells: number } | undefined;
  private renderWaiters: Array<(r: { version: number; tracks: number; cells: number }) => void> = [];
  /** Requests never overlap; a change meanwhile asks once more after. */
  /** The documents offered by the last pick (for the tests). */
  lastPick: OverviewTarget[] | undefined;

  static get instance(): OverviewPanel | undefined {
    return OverviewPanel.current;
  }

  /** Shows the overview (creating it, or revealing the one there is). */
  static show(host: OverviewHost): OverviewPanel {
    if (OverviewPanel.current) {
      OverviewPanel.current.panel.reveal();
      return OverviewPanel.current;
    }
    const panel = vscode.window.createWebviewPanel(OVERVIEW_VIEW_TYPE, 'Curriculum Overview', { viewColumn: vscode.ViewColumn.Active }, OverviewPanel.options(host));
    return (OverviewPanel.current = new OverviewPanel(host, panel));
  }

  /** Takes over a panel VS Code restored after a reload. */
  static revive(host: OverviewHost, panel: vscode.WebviewPanel): OverviewPanel {
    OverviewPanel.current?.dispose();
    panel.webview.options = OverviewPanel.options(host);
    return (OverviewPanel.current = new OverviewPanel(host, panel));
  }

  private static options(host: OverviewHost): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return { enableScripts: true, enableCommandUris: false, localResourceRoots: [vscode.Uri.joinPath(host.extensionUri, 'dist')], retainContextWhenHidden: false };
  }

  private constructor(
    private readonly host: OverviewHost,
    readonly panel: vscode.WebviewPanel,
  ) {
    const webview = panel.webview;
    webview.html = overviewHtml({
      cspSource: webview.cspSource,
      nonce: newNonce((n) => crypto.getRandomValues(new Uint8Array(n))),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(host.extensionUri, 'dist', 'overviewView.js')).toString(),
    });
    this.disposables.push(
      webview.onDidReceiveMessage((m: unknown) => void this.handleMessage(m)),
      panel.onDidDispose(() => this.dispose()),
      // A hidden page is dropped (no retained context); it says "ready" again when shown.
      panel.onDidChangeViewState(() => {
        if (!panel.visible) this.pageReady = false;
      }),
      host.onDidChange(() => void this.refresh()),
    );
    void this.refresh();
  }

  /** The HTML shell as set on the webview. */
  get html(): string {
    return this.panel.webview.html;
  }

  /** The overview this side holds. */
  get overview(): CurriculumOverview | undefined {
    return this.data;
  }

  /** What the page reported drawing last. */
  get lastRender(): { version: number; tracks: number; cells: number } | undefined {
    return this.rendered && { ...this.rendered };
  }

  /** Resolves when the page has drawn a version at least `version` (any, when absent). */
  nextRender(version = 0, timeoutMs = 15_000): Promise<{ version: number; tracks: number; cells: number }> {
    if (this.rendered && this.rendered.version >= version && version > 0) return Promise.resolve({ ...this.rendered });
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('the overview did not render in time')), timeoutMs);
      const wait = (r: { version: number; tracks: number; cells: number }) => {
        if (r.version < version) {
          this.renderWaiters.push(wait);
          return;
        }
        clearTimeout(timer);
        resolve(r);
      };
      this.renderWaiters.push(wait);
    });
  }

  /** Asks the server for the overview and sends it to the page (one request at a time). */
  readonly refresh = coalesced(async () => {
    try {
      this.data = await this.host.request();
      this.postData();
    } catch (e) {
      this.host.log(`overview request failed: ${e instanceof Error ? e.message : String(e)}`);
      this.post({ type: 'waiting', message: 'Waiting for the language server…' });
    }
  }, () => this.disposed);

  private post(m: HostMessage): void {
    if (this.pageReady && !this.disposed) void this.panel.webview.postMessage(m);
  }

  private postData(): void {
    if (this.data) this.post({ type: 'data', overview: this.data });
  }

  /** Everything the page sends comes here; returns whether the message was acted on. */
  async handleMessage(raw: unknown): Promise<boolean> {
    const msg = parsePageMessage(raw);
    if (!msg) {
      this.host.log('overview: ignored an unexpected message from the page');
      return false;
    }
    switch (msg.type) {
      case 'ready':
        this.pageReady = true;
        if (this.data) this.postData();
        else void this.refresh();
        return true;
      case 'rendered':
        this.rendered = { version: msg.version, tracks: msg.tracks, cells: msg.cells };
        for (const w of this.renderWaiters.splice(0)) w({ ...this.rendered });
        return true;
      case 'open': {
        const target = documentTarget(this.data, msg.id);
        if (!target) {
          this.host.log(`overview: refused to open ${JSON.stringify(msg.id)}: not a document of the overview`);
          return false;
        }
        await this.open(target.uri);
        return true;
      }
      case 'openCell': {
        const targets = cellTargets(this.data, msg.role, msg.competency);
        if (targets.length === 0) {
          this.host.log('overview: refused to open a cell the overview does not have');
          return false;
        }
        if (targets.length === 1) {
          await this.open(targets[0].uri);
          return true;
        }
        this.lastPick = targets;
        const cell = this.data?.matrix.cells.find((c) => c.role === msg.role && c.competency === msg.competency);
        const more = cell && cell.rowCount > cell.levels.length ? ` (the first ${cell.levels.length} of ${cell.rowCount} rows)` : '';
        const picked = await vscode.window.showQuickPick(
          targets.map((t) => ({ label: t.id, description: t.level ?? 'no level', detail: t.title ?? undefined, target: t })),
          { title: `${msg.competency} along ${msg.role}${more}`, placeHolder: 'Open which document?' },
        );
        if (picked) await this.open(picked.target.uri);
        return true;
      }
    }
  }

  /** Opens a document beside the overview (in the last text editor's column when that is another one). */
  private async open(uri: string): Promise<void> {
    const own = this.panel.viewColumn;
    const last = this.host.activeColumn();
    const viewColumn = last && last !== own ? last : vscode.ViewColumn.Beside;
    await vscode.window.showTextDocument(vscode.Uri.parse(uri, true), { viewColumn, preview: false });
  }

  private disposed = false;

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    if (OverviewPanel.current === this) OverviewPanel.current = undefined;
    for (const d of this.disposables.splice(0)) d.dispose();
    this.panel.dispose();
  }
}
