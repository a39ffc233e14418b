/**
 * The Curriculum Overview's command ("Roadmap: Show Curriculum Overview"), its
 * serializer, and the server's `roadmap/overviewChanged` notification, wired at
 * activation; the panel's code (overview/panel.ts) is imported on first use and the page
 * is its own bundle (dist/overviewView.js). Returns the test hooks the extension's API
 * hands out.
 */
import * as vscode from 'vscode';
import { OVERVIEW_CHANGED_NOTIFICATION, OVERVIEW_REQUEST, OVERVIEW_VIEW_TYPE, SHOW_OVERVIEW_COMMAND, type CurriculumOverview } from '../../../server/src/protocol';
import type { LoadedClient } from '../roadmapUi';
import type { OverviewTarget } from './messages';

type PanelModule = typeof import('./panel');

export interface OverviewApi {
  /** What the overview page reported drawing last: the overview's version, its track rows and matrix cells. */
  overviewRendered(): { version: number; tracks: number; cells: number } | undefined;
  /** Resolves when the overview page has drawn a version at least `version` (the next drawing when absent). */
  waitForOverviewRender(version?: number, timeoutMs?: number): Promise<{ version: number; tracks: number; cells: number }>;
  /** The overview the extension holds (the server's answer), undefined when none is open. */
  overviewData(): CurriculumOverview | undefined;
  /** The overview page's HTML shell (with its content security policy); undefined when it is not open. */
  overviewHtml(): string | undefined;
  /** The documents the last matrix cell with several documents offered in its pick. */
  overviewLastPick(): OverviewTarget[] | undefined;
}

export function registerOverview(
  context: vscode.ExtensionContext,
  clientLoaded: LoadedClient,
  activeColumn: () => vscode.ViewColumn | undefined,
  log: (message: string) => void,
): OverviewApi {
  const changed = new vscode.EventEmitter<void>();
  context.subscriptions.push(changed);
  void clientLoaded.then(
    ({ client, State }) =>
      context.subscriptions.push(
        client.onNotification(OVERVIEW_CHANGED_NOTIFICATION, () => changed.fire()),
        client.onDidChangeState((e) => {
          if (e.newState === State.Running) changed.fire();
        }),
      ),
    () => undefined,
  );
  const host = {
    extensionUri: context.extensionUri,
    request: () => clientLoaded.then(({ client }) => (client.isRunning() ? client.sendRequest<CurriculumOverview>(OVERVIEW_REQUEST) : Promise.reject(new Error('the language server is not running')))),
    onDidChange: changed.event,
    log,
    activeColumn,
  };
  let panelModule: Promise<PanelModule> | undefined;
  let loaded: PanelModule | undefined;
  const loadPanel = () => (panelModule ??= import('./panel').then((m) => (loaded = m)));
  const current = () => loaded?.OverviewPanel.instance;
  context.subscriptions.push(
    vscode.commands.registerCommand(SHOW_OVERVIEW_COMMAND, async () => {
      (await loadPanel()).OverviewPanel.show(host);
    }),
    vscode.window.registerWebviewPanelSerializer(OVERVIEW_VIEW_TYPE, {
      async deserializeWebviewPanel(panel) {
        (await loadPanel()).OverviewPanel.revive(host, panel);
      },
    }),
    { dispose: () => current()?.dispose() },
  );
  return {
    overviewRendered: () => current()?.lastRender,
    async waitForOverviewRender(version, timeoutMs) {
      const p = (await loadPanel()).OverviewPanel.instance;
      if (!p) throw new Error('the curriculum overview is not open');
      return p.nextRender(version, timeoutMs);
    },
    overviewData: () => current()?.overview,
    overviewHtml: () => current()?.html,
    overviewLastPick: () => current()?.lastPick,
  };
}
