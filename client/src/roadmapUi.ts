/**
 * The editor-side features around the language client: the live graph store, the
 * graph preview commands, the new-document commands, restarting the server, the
 * status bar item and the `roadmap.isRoadmap` context key. Returns the API that
 * `activate` hands out (test hooks for the in-editor suite).
 *
 * Kept light at activation: the preview's host code is imported on first use and
 * the page (with elkjs) is its own bundle, dist/graphView.js, loaded by the webview.
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient as LanguageClient, State } from 'vscode-languageclient';
import {
  DOCUMENT_REQUEST,
  GRAPH_CHANGED_NOTIFICATION,
  GRAPH_REQUEST,
  GRAPH_VIEW_TYPE,
  NEW_DOCUMENT_COMMAND,
  NEW_MODULE_COMMAND,
  NEW_PROJECT_COMMAND,
  RESTART_SERVER_COMMAND,
  SCHEMA_NOTIFICATION,
  SCHEMA_REQUEST,
  SHOW_GRAPH_COMMAND,
  SHOW_GRAPH_TO_SIDE_COMMAND,
  STATUS_NOTIFICATION,
  FACTS_CACHE_FILE_NAME,
  FACTS_CACHE_REQUEST,
  type FactsCacheFile,
  type DocumentInfo,
  type DocumentParams,
  type GraphChangedParams,
  type GraphParams,
  type GraphResponse,
  type ServerStatus,
} from '../../server/src/protocol';
import { ActiveDocument } from './activeDocument';
import { newDocument, pickKind } from './commands/newDocument';
import type { NodeLabel } from './graph/messages';
import type { RejectedMessage } from './graph/panel';
import { GraphStore } from './graph/store';
import { GraphTrace, traceFileFromEnv } from './graph/trace';
import { DEFAULT_OVERVIEW_THRESHOLD } from './graph/lod';
import { SchemaStore } from './schemaStore';
import { FactsCacheKeeper } from './factsCache';
import { RoadmapStatusBar } from './statusBar';
import { registerOverview, type OverviewApi } from './overview/register';

export interface RoadmapExtensionApi extends OverviewApi {
  /** The node IDs the graph preview drew last; undefined when no preview has drawn. */
  graphState(): string[] | undefined;
  /** Resolves with the node IDs of the preview's next drawing. */
  waitForGraphRender(timeoutMs?: number): Promise<string[]>;
  /** Each node's text as the preview's DOM held it (textContent) in its last drawing. */
  graphLabels(): Record<string, NodeLabel> | undefined;
  /** The preview page's `document.scripts.length` and `document.images.length` at its last drawing. */
  graphDomCounts(): { scripts?: number; images?: number } | undefined;
  /** The preview's HTML shell (with its content security policy); undefined when it is not open. */
  graphHtml(): string | undefined;
  /** Every message from the page (or a test hook) that was not acted on: invalid, or an "open" refused. */
  rejectedMessages(): RejectedMessage[];
  /** Hands a raw message to the preview as if the page had posted it (same validation); resolves whether it was acted on. */
  _testPostMessage(message: unknown): Promise<boolean>;
  /** The status bar item's text. */
  statusBarText(): string;
  /** The graph version the extension holds (undefined before the first answer). */
  graphVersion(): number | undefined;
  /** The keys of the document kinds the client knows (the server's configuration). */
  schemaKinds(): string[];
  /** Asks the server for its facts and writes the facts cache now (deactivation does; no-op without workspace storage). */
  saveFactsCache(): Promise<void>;
  /** Where the facts cache is kept (a URI), or undefined without workspace storage. */
  factsCacheUri(): string | undefined;
  /** Each `roadmap/status` the server sends (the bench times the index and the check with it). */
  onServerStatus: vscode.Event<ServerStatus>;
}

type PanelModule = typeof import('./graph/panel');

/** The language client once its library is loaded (right after activation), with the library's `State`. */
export type LoadedClient = Promise<{ client: LanguageClient; State: typeof State }>;

export interface RoadmapUiOptions {
  /** Keep the server's facts cache in the workspace storage (the desktop; the browser's server reads no stamps to trust). */
  factsCache?: boolean;
}

export function registerRoadmapUi(context: vscode.ExtensionContext, clientLoaded: LoadedClient, options: RoadmapUiOptions = {}): RoadmapExtensionApi {
  let logTo: LanguageClient | undefined;
  // The client's channel at the time: stopping (a restart) disposes the one it had, and it makes a new one.
  const logLine = (s: string) => logTo?.outputChannel.appendLine(`[client] ${s}`);
  const client = clientLoaded.then(({ client }) => client);
  client.catch(() => undefined); // a client that failed to load is reported by activate()
  const traceFile = traceFileFromEnv();
  const trace = new GraphTrace(traceFile ? (json) => Promise.resolve(vscode.workspace.fs.writeFile(vscode.Uri.file(traceFile), new TextEncoder().encode(json))) : undefined);
  const store = new GraphStore(
    async (params: GraphParams) => {
      trace.mark('request-sent');
      const response = await client.then((c) => c.sendRequest<GraphResponse>(GRAPH_REQUEST, params));
      trace.mark('response-received');
      return response;
    },
    (e) => logLine(`graph request failed: ${e instanceof Error ? e.message : String(e)}`),
  );
  const schema = new SchemaStore();
  // What the server says of a document; nothing while it is not running.
  const askDocument = (uri: string) =>
    client.then((c) => (c.isRunning() ? c.sendRequest<DocumentInfo | null>(DOCUMENT_REQUEST, { textDocument: { uri } } satisfies DocumentParams) : undefined));
  const active = new ActiveDocument(askDocument, () => schema.kinds);
  const status = new RoadmapStatusBar(active, store);
  const statuses = new vscode.EventEmitter<ServerStatus>();
  context.subscriptions.push(schema, active, status, statuses, schema.onDidChange(() => active.refresh()));
  const facts = options.factsCache ? factsKeeper(context, client, logLine) : undefined;

  void clientLoaded.then(
    ({ client, State }) => {
      logTo = client;
      let lastState: ServerStatus['state'] | undefined;
      const askSchema = () =>
        client.sendRequest(SCHEMA_REQUEST).then(
          (v) => schema.set(v),
          (e) => logLine(`schema request failed: ${e instanceof Error ? e.message : String(e)}`),
        );
      context.subscriptions.push(
        client.onNotification(STATUS_NOTIFICATION, (s: ServerStatus) => {
          // Once the index is complete, the server knows every document: ask about the active one again.
          if (s.state === 'ready' && lastState !== 'ready') {
            active.refresh();
            // The graph once, now that every document is indexed: the preview opens on it at once.
            void store.prefetch();
          }
          lastState = s.state;
          status.setServer(s);
          facts?.status(s);
          statuses.fire(s);
        }),
        client.onNotification(SCHEMA_NOTIFICATION, (v: unknown) => schema.set(v)),
        client.onNotification(GRAPH_CHANGED_NOTIFICATION, (p: Partial<GraphChangedParams> | null) => {
          if (typeof p?.version === 'number') store.changed(p.version);
        }),
        client.onDidChangeState((e) => {
          if (e.newState === State.Running) {
            void store.reset(); // a (re)started server counts its versions anew
            void askSchema();
            facts?.restarted();
            lastState = undefined;
            active.refresh();
          } else if (e.newState === State.Stopped) {
            status.setServer({ state: 'stopped' });
            schema.reset();
            active.refresh();
          } else status.setServer({ state: 'starting' });
        }),
      );
    },
    () => status.setServer({ state: 'stopped' }),
  );

  // --- the graph preview ---------------------------------------------------
  let panelModule: Promise<PanelModule> | undefined;
  let loaded: PanelModule | undefined;
  const loadPanel = () => (panelModule ??= import('./graph/panel').then((m) => (loaded = m)));
  const host = {
    extensionUri: context.extensionUri,
    store,
    log: logLine,
    activeUri: () => active.uri,
    activeColumn: () => active.column,
    onDidChangeActive: active.onDidChange,
    focusDepth: () => vscode.workspace.getConfiguration('roadmap.graph').get<number>('focusDepth', 1),
    overviewThreshold: () => vscode.workspace.getConfiguration('roadmap.graph').get<number>('overviewThreshold', DEFAULT_OVERVIEW_THRESHOLD),
    workspaceState: context.workspaceState,
    trace,
  };
  const showGraph = async (toSide: boolean) => {
    trace.mark('command');
    const panels = await loadPanel();
    trace.mark('panel-module-loaded');
    return panels.GraphPanel.show(host, toSide);
  };
  const currentPanel = async () => (panelModule ? (await panelModule).GraphPanel.instance : undefined);

  context.subscriptions.push(
    vscode.commands.registerCommand(SHOW_GRAPH_COMMAND, () => showGraph(false).then(() => undefined)),
    vscode.commands.registerCommand(SHOW_GRAPH_TO_SIDE_COMMAND, () => showGraph(true).then(() => undefined)),
    vscode.window.registerWebviewPanelSerializer(GRAPH_VIEW_TYPE, {
      async deserializeWebviewPanel(panel) {
        (await loadPanel()).GraphPanel.revive(host, panel);
      },
    }),
    { dispose: () => void currentPanel().then((p) => p?.dispose()) },
  );

  // --- the curriculum overview (overview/register.ts) -------------------------
  const overview = registerOverview(context, clientLoaded, () => active.column, logLine);

  // --- new documents, restart ------------------------------------------------
  context.subscriptions.push(
    vscode.commands.registerCommand(NEW_MODULE_COMMAND, (arg?: unknown) => newDocument(schema, 'module', store, arg, active.document?.uri)),
    vscode.commands.registerCommand(NEW_PROJECT_COMMAND, (arg?: unknown) => newDocument(schema, 'project', store, arg, active.document?.uri)),
    // Any kind of the workspace's configuration; `{ kind: key, … }` skips the question.
    vscode.commands.registerCommand(NEW_DOCUMENT_COMMAND, async (arg?: unknown) => {
      const given = arg && typeof arg === 'object' && typeof (arg as { kind?: unknown }).kind === 'string' ? (arg as { kind: string }).kind : undefined;
      const key = given ?? (await pickKind(schema.kinds));
      return key ? newDocument(schema, key, store, arg, active.document?.uri) : undefined;
    }),
    vscode.commands.registerCommand(RESTART_SERVER_COMMAND, async () => {
      status.setServer({ state: 'starting' });
      // Stop, then start: what node's client calls restart, which the browser's has not.
      const c = await client;
      await c.stop().catch(() => undefined);
      await c.start();
    }),
  );

  return {
    ...overview,
    graphState: () => loaded?.GraphPanel.instance?.renderedIds,
    async waitForGraphRender(timeoutMs) {
      const p = await currentPanel();
      if (!p) throw new Error('the graph preview is not open');
      return p.nextRender(timeoutMs);
    },
    graphLabels: () => loaded?.GraphPanel.instance?.labels,
    graphDomCounts: () => loaded?.GraphPanel.instance?.domCounts,
    graphHtml: () => loaded?.GraphPanel.instance?.html,
    rejectedMessages: () => loaded?.GraphPanel.rejected ?? [],
    async _testPostMessage(message) {
      const p = await currentPanel();
      return p ? p.handleMessage(message) : false;
    },
    statusBarText: () => status.text,
    graphVersion: () => store.version,
    schemaKinds: () => schema.kinds.map((k) => k.key),
    saveFactsCache: async () => facts?.save(),
    factsCacheUri: () => (context.storageUri ? vscode.Uri.joinPath(context.storageUri, FACTS_CACHE_FILE_NAME).toString() : undefined),
    onServerStatus: statuses.event,
  };
}

/** The facts cache's keeper (factsCache.ts), writing to the workspace storage; none without one (no folder open). */
function factsKeeper(context: vscode.ExtensionContext, client: Promise<LanguageClient>, log: (s: string) => void): FactsCacheKeeper | undefined {
  const storage = context.storageUri;
  if (!storage) return undefined;
  const keeper = new FactsCacheKeeper(
    () => client.then((c) => (c.isRunning() ? c.sendRequest<FactsCacheFile | null>(FACTS_CACHE_REQUEST, {}) : null)),
    async (bytes) => {
      await vscode.workspace.fs.createDirectory(storage);
      await vscode.workspace.fs.writeFile(vscode.Uri.joinPath(storage, FACTS_CACHE_FILE_NAME), bytes);
    },
    log,
  );
  context.subscriptions.push(keeper);
  return keeper;
}
