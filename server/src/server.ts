/**
 * The language server: LSP wiring only. The workspace sync (lsp/workspaceSync.ts) keeps
 * the engine in step with the editor and the disk; the diagnostics publisher
 * (lsp/publisher.ts) decides what diagnostics go out, how and when; each request goes to
 * a feature. It never writes a file.
 *
 *   node dist/server.js --stdio      (or --node-ipc, as VS Code starts it)
 *
 * The same code is the browser's server (dist/web/server.js, a web worker): only the
 * platform differs, `./node/platform` (stdio or IPC, the disk, chokidar), which the
 * browser build replaces with browser/platform.ts (the worker's messages, the workspace
 * read through the client).
 */
import {
  ErrorCodes,
  ResponseError,
  DidChangeWatchedFilesNotification,
  MessageType,
  TextDocuments,
  TextDocumentSyncKind,
  type InitializeParams,
  type InitializeResult,
  type WorkspaceFolder,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { codeActions, FIX_ALL_KIND } from './features/codeActions';
import { codeLenses } from './features/codeLens';
import { completion } from './features/completion';
import { definition } from './features/definition';
import { foldingRanges } from './features/folding';
import { documentInfo } from './features/document';
import { GraphVersions } from './features/graph';
import { hover } from './features/hover';
import { documentLinks } from './features/links';
import { references } from './features/references';
import { prepareRename, rename } from './features/rename';
import { documentSymbols, workspaceSymbols } from './features/symbols';
import { clientCommandsOf, executeRelated, lensesForClient, RELATED_COMMAND, SERVER_COMMANDS } from './lsp/commands';
import { AnalyticsPush } from './lsp/analyticsPush';
import { DiagnosticsPublisher } from './lsp/publisher';
import { canonical, isConfigUri, WorkspaceSync } from './lsp/workspaceSync';
import { platform } from './node/platform';
import { guarded, type Needs } from './params';
import {
  DOCUMENT_REQUEST,
  FACTS_CACHE_REQUEST,
  GRAPH_CHANGED_NOTIFICATION,
  GRAPH_REQUEST,
  OVERVIEW_REQUEST,
  PULL_DROPPED_NOTIFICATION,
  SCHEMA_NOTIFICATION,
  SCHEMA_REQUEST,
  STATUS_NOTIFICATION,
  type GraphParams,
  type GraphResponse,
  type PullDroppedParams,
} from './protocol';

const VERSION = '0.1.0';

const connection = platform.connection();
const documents = new TextDocuments(TextDocument);

/** What the client can do, from `initialize`. */
const client = {
  /** It registers a file watcher for us (else the server watches the folders itself). */
  watches: false,
  createsFiles: false,
  refreshesCodeLens: false,
  /**
   * It pulls diagnostics (textDocument/diagnostic) and can be asked to pull again
   * (workspace/diagnostic/refresh). Without refresh, a pulled document would keep stale
   * diagnostics after a change on disk, in the config, or a pull made while indexing:
   * such a client gets push, which stays right.
   */
  pulls: false,
  /** Commands it runs itself (the VS Code extension's `roadmap.showRelated`). */
  commands: new Set<string>(),
};

// Created at initialize, when the client's capabilities are known.
let sync: WorkspaceSync;
let publisher: DiagnosticsPublisher;
let analytics: AnalyticsPush;

/** The versioned graph for `roadmap/graph`; tells the client `roadmap/graphChanged` (throttled) when it moved. */
const graph = new GraphVersions(() => sync.ws, { notify: (version) => void connection.sendNotification(GRAPH_CHANGED_NOTIFICATION, { version }) });

connection.onInitialize((params: InitializeParams): InitializeResult => {
  const capabilities = params.capabilities;
  const folders: WorkspaceFolder[] = params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []);
  client.watches = !!capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
  client.refreshesCodeLens = !!capabilities.workspace?.codeLens?.refreshSupport;
  client.pulls = !!capabilities.textDocument?.diagnostic && !!capabilities.workspace?.diagnostics?.refreshSupport;
  client.createsFiles = !!capabilities.workspace?.workspaceEdit?.resourceOperations?.includes('create');
  client.commands = clientCommandsOf(params.initializationOptions);

  publisher = new DiagnosticsPublisher(
    {
      sendDiagnostics: (p) => connection.sendDiagnostics(p),
      refreshDiagnostics: () => void connection.languages.diagnostics.refresh().catch(() => undefined),
      refreshCodeLens: () => void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined),
      sendStatus: (status) => connection.sendNotification(STATUS_NOTIFICATION, status),
    },
    {
      workspace: () => sync.ws,
      openVersion: (uri) => sync.open.get(uri)?.version,
      alwaysPushed: isConfigUri,
    },
    {
      pull: client.pulls,
      refreshCodeLens: client.refreshesCodeLens,
      flushed: (uris) => {
        graph.touch(uris);
        analytics.flushed(uris);
      },
    },
  );
  // The overview's notification and the lens refresh when the curriculum's figures move (lsp/analyticsPush.ts).
  analytics = new AnalyticsPush(
    {
      sendNotification: (method, params) => void connection.sendNotification(method, params),
      refreshCodeLens: client.refreshesCodeLens ? () => void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined) : undefined,
    },
    () => ({ ws: sync.ws, hoursPerWeek: sync.featureContext().hoursPerWeek!() }),
  );
  sync = new WorkspaceSync(
    {
      sendDiagnostics: (p) => void connection.sendDiagnostics(p as Parameters<typeof connection.sendDiagnostics>[0]),
      schemaChanged: (info) => void connection.sendNotification(SCHEMA_NOTIFICATION, info),
      log: (message) => connection.console.info(message),
    },
    publisher,
    {
      fs: platform.fileSystem(connection, folders.map((f) => f.uri)),
      watch: client.watches ? undefined : platform.watch,
      factsCache: platform.factsCache?.((params.initializationOptions as { factsCache?: unknown } | null | undefined)?.factsCache, VERSION),
    },
  );
  sync.initialize(
    folders.map((f) => f.uri),
    params.initializationOptions,
  );
  registerRequests();
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      completionProvider: { triggerCharacters: ['-', '#', '|', '*'] },
      hoverProvider: true,
      definitionProvider: true,
      referencesProvider: true,
      renameProvider: { prepareProvider: true },
      documentSymbolProvider: { label: 'Roadmap' },
      workspaceSymbolProvider: true,
      codeActionProvider: { codeActionKinds: ['quickfix', FIX_ALL_KIND] },
      codeLensProvider: { resolveProvider: false },
      documentLinkProvider: { resolveProvider: false },
      foldingRangeProvider: true,
      executeCommandProvider: { commands: [...SERVER_COMMANDS] },
      ...(client.pulls && { diagnosticProvider: { identifier: 'roadmap', interFileDependencies: true, workspaceDiagnostics: false } }),
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'roadmap-author', version: VERSION },
  };
});

connection.onInitialized(async () => {
  if (client.watches) {
    void connection.client.register(DidChangeWatchedFilesNotification.type, {
      // Every file, so that a deleted or renamed folder is seen too.
      watchers: [{ globPattern: '**/*' }],
    });
  }
  await sync.start();
});

connection.onShutdown(() => sync?.dispose());

connection.onNotification('workspace/didChangeConfiguration', (params: { settings?: unknown } | null) => sync.settingsPushed(params?.settings));
connection.onDidChangeWatchedFiles(({ changes }) => sync.filesChanged(changes));
connection.onNotification('workspace/didChangeWorkspaceFolders', (params: { event: { added: WorkspaceFolder[]; removed: WorkspaceFolder[] } }) =>
  sync.foldersChanged(
    params.event.added.map((f) => f.uri),
    params.event.removed.map((f) => f.uri),
  ),
);
documents.onDidOpen(({ document }) => sync.opened(document.uri, document));
documents.onDidChangeContent(({ document }) => sync.changed(document.uri, document));
documents.onDidClose(({ document }) => sync.closed(document.uri));
connection.onNotification(PULL_DROPPED_NOTIFICATION, (p: Partial<PullDroppedParams> | null) => {
  if (typeof p?.uri === 'string') publisher.pullDropped(canonical(p.uri));
});

// --- requests --------------------------------------------------------------

/**
 * Every request is registered by its method name, with its params checked first:
 * malformed params (null, no position, a negative one, no text document) get
 * InvalidParams (see params.ts). (The library's typed registrations read
 * `params.workDoneToken` before any handler runs, which fails on null params with an
 * internal error.)
 */
function registerRequests(): void {
  const ctx = sync.featureContext();
  const AT: Needs = { position: true };
  const DOC: Needs = {};
  type At = { textDocument: { uri: string }; position: { line: number; character: number } };
  type Doc = { textDocument: { uri: string } };
  const uriOf = (p: Doc) => canonical(p.textDocument.uri);
  const handlers: Array<[string, Needs, (p: never) => unknown]> = [
    // Completion offers what the whole workspace defines: asked while the index is being
    // built (the first second or so), it is answered once the index is complete, not with half the IDs.
    ['textDocument/completion', AT, async (p: At) => (await sync.whenIndexed(), completion(ctx, uriOf(p), p.position))],
    ['textDocument/hover', AT, (p: At) => hover(ctx, uriOf(p), p.position)],
    ['textDocument/definition', AT, (p: At) => definition(ctx, uriOf(p), p.position)],
    ['textDocument/references', { ...AT, context: true }, (p: At & { context: { includeDeclaration?: boolean } }) => references(ctx, uriOf(p), p.position, !!p.context.includeDeclaration)],
    ['textDocument/prepareRename', AT, (p: At) => prepareRename(ctx, uriOf(p), p.position)],
    ['textDocument/rename', { ...AT, newName: true }, (p: At & { newName: string }) => rename(ctx, uriOf(p), p.position, p.newName)],
    ['textDocument/documentSymbol', DOC, (p: Doc) => documentSymbols(ctx, uriOf(p))],
    ['workspace/symbol', { query: true }, (p: { query: string }) => workspaceSymbols(ctx, p.query)],
    [
      'textDocument/codeAction',
      { range: true, context: 'codeAction' },
      (p: Doc & { range: Parameters<typeof codeActions>[2]; context: { diagnostics: Parameters<typeof codeActions>[3]; only?: string[] } }) =>
        codeActions(ctx, uriOf(p), p.range, p.context.diagnostics, { canCreateFiles: client.createsFiles, only: p.context.only }),
    ],
    ['textDocument/codeLens', DOC, (p: Doc) => lensesForClient(codeLenses(ctx, uriOf(p)), client.commands)],
    ['textDocument/documentLink', DOC, (p: Doc) => documentLinks(ctx, uriOf(p))],
    ['textDocument/foldingRange', DOC, (p: Doc) => foldingRanges(ctx, uriOf(p))],
    [DOCUMENT_REQUEST, DOC, (p: Doc) => documentInfo(ctx, uriOf(p))],
    [
      'textDocument/diagnostic',
      DOC,
      (p: Doc & { previousResultId?: unknown }) => publisher.pull(uriOf(p), typeof p.previousResultId === 'string' ? p.previousResultId : undefined),
    ],
    [
      'workspace/executeCommand',
      { command: true },
      (p: { command: string; arguments?: unknown[] }) => {
        const uri = p.arguments?.[0];
        if (p.command !== RELATED_COMMAND || typeof uri !== 'string') return invalid(`${p.command} with these arguments is no command of this server`);
        return executeRelated(ctx, canonical(uri), (message) => void connection.sendNotification('window/showMessage', { type: MessageType.Info, message }));
      },
    ],
  ];
  for (const [method, needs, handler] of handlers) connection.onRequest(method, guarded(needs, handler as (p: unknown) => unknown));
  connection.onRequest(OVERVIEW_REQUEST, () => analytics.request());
  connection.onRequest<GraphResponse, void>(GRAPH_REQUEST, (p: GraphParams | null) => graph.request(p));
  connection.onRequest(SCHEMA_REQUEST, () => sync.schemaInfo());
  connection.onRequest(FACTS_CACHE_REQUEST, () => sync.factsSnapshot());
}

function invalid(message: string) {
  return new ResponseError(ErrorCodes.InvalidParams, message);
}

documents.listen(connection);
connection.listen();
