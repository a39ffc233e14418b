/**
 * The language server: LSP wiring only. It keeps the engine's workspace in step
 * with the editor (open documents) and the disk (everything else), and hands each
 * request to a feature. It never writes a file.
 *
 *   node dist/server.js --stdio      (or --node-ipc, as VS Code starts it)
 */
import path from 'node:path';
import {
  createConnection,
  DidChangeWatchedFilesNotification,
  FileChangeType,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  type Diagnostic,
  type DocumentDiagnosticReport,
  type InitializeParams,
  type InitializeResult,
  type WorkspaceFolder,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { CONFIG_FILE_NAME } from './core/config/config';
import { RoadmapWorkspace } from './core/workspace';
import fs from 'node:fs';
import { codeActions, FIX_ALL_KIND } from './features/codeActions';
import { codeLenses } from './features/codeLens';
import { completion } from './features/completion';
import type { FeatureContext } from './features/context';
import { definition } from './features/definition';
import { documentInfo } from './features/document';
import { diagnosticReport, resultIdOf, toLspDiagnostic } from './features/diagnostics';
import { foldingRanges } from './features/folding';
import { GraphVersions } from './features/graph';
import { hover } from './features/hover';
import { documentLinks } from './features/links';
import { references } from './features/references';
import { prepareRename, rename } from './features/rename';
import { documentSymbols, workspaceSymbols } from './features/symbols';
import { findConfig, loadConfig, type LoadedConfig } from './node/config';
import { guarded, invalidParams } from './params';
import {
  DOCUMENT_REQUEST,
  GRAPH_CHANGED_NOTIFICATION,
  GRAPH_REQUEST,
  PULL_DROPPED_NOTIFICATION,
  SCHEMA_NOTIFICATION,
  SCHEMA_REQUEST,
  STATUS_NOTIFICATION,
  type DocumentParams,
  type GraphParams,
  type GraphResponse,
  type PullDroppedParams,
  type SchemaInfo,
  type ServerStatus,
} from './protocol';
import { findMarkdownFiles, isMarkdownPath, isSkippedPath, readDocument, readDocumentSync } from './node/files';

const connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

/** One spelling per URI, as VS Code writes them, so that disk and editor agree. */
function canonical(uri: string): string {
  try {
    return URI.parse(uri).toString();
  } catch {
    return uri;
  }
}

let folders: string[] = []; // canonical folder URIs, each without a trailing slash

function describe(uri: string): string {
  const folder = folders.find((f) => uri.startsWith(f + '/'));
  const rel = folder ? uri.slice(folder.length + 1) : uri.slice(uri.lastIndexOf('/') + 1);
  try {
    return decodeURIComponent(rel);
  } catch {
    return rel;
  }
}

/** Open documents by canonical URI (TextDocuments keys them by the client's spelling). */
const open = new Map<string, TextDocument>();

// --- configuration ---------------------------------------------------------

/** The `roadmap.configPath` setting, as the client passed it. */
let configSetting: string | undefined;
let config: LoadedConfig = loadConfig(undefined);

/** The `roadmap.maxDocumentSize` setting in MB, as the client passed it. */
let maxDocumentMB: number | undefined;

function newWorkspace(): RoadmapWorkspace {
  const maxDocumentBytes = maxDocumentMB && maxDocumentMB > 0 ? Math.round(maxDocumentMB * 1024 * 1024) : undefined;
  const w = RoadmapWorkspace.fromConfig(config.resolved, { describe, framework: config.framework, maxDocumentBytes });
  // Documents read from disk in bulk are indexed by their facts and modelled on first use
  // (checked, hovered, …), their text read again then. If it changed meanwhile, the
  // documents that affects are checked again.
  w.readFrom(
    (uri) => readDocumentSync(URI.parse(uri).fsPath, w.maxDocumentBytes),
    (affected) => schedule(affected),
  );
  return w;
}

let ws = newWorkspace();
/** The versioned graph for `roadmap/graph`; tells the client `roadmap/graphChanged` (throttled) when it moved. */
const graph = new GraphVersions(() => ws.index, { notify: (version) => void connection.sendNotification(GRAPH_CHANGED_NOTIFICATION, { version }) });

const ctx: FeatureContext = {
  ws,
  describe,
  text(uri) {
    return open.get(canonical(uri))?.getText();
  },
  resolvePath(from, written) {
    const bases = [path.dirname(URI.parse(from).fsPath), ...folders.map((f) => URI.parse(f).fsPath)];
    for (const base of bases) {
      const target = path.resolve(base, written.replace(/^\//, ''));
      if (fs.existsSync(target)) return URI.file(target).toString();
    }
    return undefined;
  },
  configFile() {
    const file = configFile() ?? (folders[0] ? path.join(URI.parse(folders[0]).fsPath, CONFIG_FILE_NAME) : undefined);
    if (!file) return undefined;
    const uri = URI.file(file).toString();
    const text = open.get(canonical(uri))?.getText() ?? (fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined);
    return { uri, text };
  },
};

// --- diagnostics -----------------------------------------------------------
//
// Every roadmap's diagnostics are pushed (textDocument/publishDiagnostics), opened or
// not, so the Problems panel shows the whole curriculum. A client that pulls
// (textDocument/diagnostic) gets an open document's diagnostics by pull instead, from
// its first pull of the document until the document closes: the server stops pushing
// them (and clears what it pushed) so nothing shows twice, and pushes them again on
// close, since the client drops pulled diagnostics then. Ownership starts at the first
// pull, not at didOpen: didOpen says who owns the text, not what the user sees (VS Code
// opens documents it shows in no editor, and pulls only for those in a tab). When VS Code
// drops a document's pulled diagnostics while it stays open (its tab closed), the
// extension says so (PULL_DROPPED_NOTIFICATION) and the document is pushed again.

/** URIs whose last pushed diagnostics were not empty. */
const pushed = new Set<string>();
/** URIs whose diagnostics were not empty when last computed, pushed or pulled: `withProblems`. */
const withProblems = new Set<string>();
/** Open documents served by pull, each with the result ID of the last report the client got. */
const pulled = new Map<string, string>();
/** Documents the client changed since the last flush: a pulling client pulls those itself. */
const changedByClient = new Set<string>();
const pending = new Set<string>();
let flushScheduled = false;

/** Documents an edit in the editor affected: published before the rest of a long flush. */
const urgent = new Set<string>();

/** Queues documents whose diagnostics may have changed; `first` for an edit the user is waiting on. */
function schedule(uris: Iterable<string>, first = false): void {
  for (const u of uris) {
    if (first) {
      pending.delete(u);
      urgent.add(u);
    } else if (!urgent.has(u)) pending.add(u);
  }
  if (flushScheduled) return;
  flushScheduled = true;
  setImmediate(flush);
}

/** How long one slice of a flush may run before requests get their turn. */
const FLUSH_SLICE_MS = 15;
/** What a flush that takes several slices has done so far. */
const drained = { uris: [] as string[], stale: false };

/**
 * Publishes the pending documents' diagnostics, in slices of about FLUSH_SLICE_MS
 * with the event loop free between them: checking a whole workspace (start-up, a
 * config change) takes a second at 10,000 documents, and hover, completion and the
 * "ready" status must not wait for it. A keystroke's few documents take one slice.
 */
function flush(): void {
  flushScheduled = false;
  const started = performance.now();
  slice: for (const queue of [urgent, pending]) {
    for (const uri of queue) {
      queue.delete(uri);
      drained.uris.push(uri);
      // Pulled documents whose diagnostics moved under the client (a dependency edited,
      // the disk, the config): ask it to pull again. Not for a document it just changed.
      if (publish(uri) && !changedByClient.has(uri)) drained.stale = true;
      if (performance.now() - started > FLUSH_SLICE_MS) break slice;
    }
  }
  if (urgent.size > 0 || pending.size > 0) {
    flushScheduled = true;
    setImmediate(flush);
    return;
  }
  const { uris, stale } = drained;
  drained.uris = [];
  drained.stale = false;
  changedByClient.clear();
  sendStatus();
  graph.touch(uris);
  if (stale) void connection.languages.diagnostics.refresh().catch(() => undefined);
  // Another document's edit can change this one's prerequisite and dependent counts.
  if (canRefreshCodeLens && uris.length > 1) void connection.sendRequest('workspace/codeLens/refresh').catch(() => undefined);
}

/** A document's diagnostics now, as LSP diagnostics; keeps the problem count. */
function diagnosticsOf(uri: string): Diagnostic[] {
  const diagnostics = ws.diagnostics(uri).map(toLspDiagnostic);
  if (diagnostics.length) withProblems.add(uri);
  else withProblems.delete(uri);
  return diagnostics;
}

/** Pushes a document's diagnostics; for a pulled one, says whether the client's are out of date. */
function publish(uri: string): boolean {
  const diagnostics = diagnosticsOf(uri);
  const pulledId = pulled.get(uri);
  if (pulledId !== undefined) return pulledId !== resultIdOf(diagnostics);
  if (diagnostics.length === 0 && !pushed.has(uri)) return false;
  if (diagnostics.length) pushed.add(uri);
  else pushed.delete(uri);
  const version = open.get(uri)?.version;
  void connection.sendDiagnostics({ uri, diagnostics, version });
  return false;
}

/** `textDocument/diagnostic`: any document, known or not, gets a report (empty when the server has nothing on it). */
function pull(uri: string, previousResultId: string | undefined): DocumentDiagnosticReport {
  const diagnostics = diagnosticsOf(uri);
  const report = diagnosticReport(diagnostics, previousResultId);
  // An open document is the client's to show from now on (the config file's problems stay
  // pushed). A client that was not offered pull (it cannot refresh) is answered, but still pushed to.
  if (canPullDiagnostics && open.has(uri) && !isConfigUri(uri)) {
    if (!pulled.has(uri) && pushed.delete(uri)) void connection.sendDiagnostics({ uri, diagnostics: [] });
    pulled.set(uri, report.resultId!);
  }
  sendStatus();
  return report;
}

/** The config file's own problems, as diagnostics on it. */
let configUri: string | undefined;
function publishConfigProblems(): void {
  const uri = config.file ? URI.file(config.file).toString() : undefined;
  if (configUri && configUri !== uri) void connection.sendDiagnostics({ uri: configUri, diagnostics: [] });
  configUri = uri;
  if (!uri) return;
  void connection.sendDiagnostics({
    uri,
    diagnostics: config.problems.map((p) => ({ range: p.range, message: p.message, severity: 1, source: 'roadmap', code: 'config' })),
  });
}

/** The client's `roadmap/schema`: the document kinds and levels in use (plain data), for its templates and its view of which documents are roadmaps. */
function schemaInfo(): SchemaInfo {
  return { kinds: config.resolved.schema.kinds, proficiencyLevels: config.resolved.schema.proficiencyLevels };
}

/** Where the config file is: the setting (relative to the first folder), else the nearest one at or above the first folder. */
function configFile(): string | undefined {
  const first = folders[0] ? URI.parse(folders[0]).fsPath : undefined;
  if (configSetting) return path.resolve(first ?? process.cwd(), configSetting);
  return first ? findConfig(first) : undefined;
}

/** Bumped by every reload, so that an older reload still reading the disk stops. */
let generation = 0;

/** Reads the configuration again (or takes an unsaved editor's text of it) and re-checks everything. */
async function reloadConfig(text?: string): Promise<void> {
  const mine = ++generation;
  config = loadConfig(configFile(), text);
  ws = ctx.ws = newWorkspace();
  publishConfigProblems();
  void connection.sendNotification(SCHEMA_NOTIFICATION, schemaInfo());
  indexing = true;
  sendStatus();
  for (const [uri, doc] of open) if (isRoadmapCandidate(uri)) ws.set(uri, doc.getText());
  for (const f of folders) await indexPath(URI.parse(f).fsPath, mine);
  if (mine !== generation) return;
  indexing = false;
  // The index is complete: say so now; the diagnostics of every document follow.
  sendStatus();
  // Everything may have changed: re-check what was shown and what is new.
  schedule([...pushed, ...withProblems, ...pulled.keys(), ...ws.index.uris()]);
}

/** A markdown document the configuration lets in (open documents outside every folder count). */
function isRoadmapCandidate(uri: string): boolean {
  const parsed = URI.parse(uri);
  if (parsed.scheme !== 'file') return true;
  return !isConfigUri(uri) && config.accepts(parsed.fsPath);
}

function isConfigUri(uri: string): boolean {
  return uri.endsWith('/' + CONFIG_FILE_NAME);
}

function forget(uri: string): void {
  schedule(ws.remove(uri));
  withProblems.delete(uri);
  if (pushed.delete(uri)) void connection.sendDiagnostics({ uri, diagnostics: [] });
}

// --- status ----------------------------------------------------------------

let indexing = true;
let lastStatus = '';

/** Tells the client the server's state, when it has changed. */
function sendStatus(): void {
  const status: ServerStatus = {
    state: indexing ? 'indexing' : 'ready',
    documents: ws.index.size,
    roadmaps: ws.index.roadmapCount,
    withProblems: withProblems.size,
    // Documents whose diagnostics are still to come (after a cold start: most of them, for a second or two).
    checking: urgent.size + pending.size,
  };
  const key = JSON.stringify(status);
  if (key === lastStatus) return;
  lastStatus = key;
  void connection.sendNotification(STATUS_NOTIFICATION, status);
}

// --- the disk --------------------------------------------------------------

/** Files read at once while indexing: enough to keep the disk busy, few enough to stay responsive. */
const READ_AHEAD = 32;

/**
 * Reads and indexes every markdown file under a path, as one bulk load (no
 * affected sets or cycle checks per file), then re-checks the whole workspace once:
 * documents elsewhere may refer to IDs the new ones define.
 */
async function indexPath(fsPath: string, mine = generation): Promise<void> {
  const files = (await findMarkdownFiles(fsPath)).filter((f) => config.accepts(f));
  for (let i = 0; i < files.length; i += READ_AHEAD) {
    if (mine !== generation) return;
    const chunk = files.slice(i, i + READ_AHEAD).map((file) => ({ file, uri: URI.file(file).toString() }));
    const reads = chunk.map(({ file, uri }) => (open.has(uri) ? undefined : readDocumentSync(file, ws.maxDocumentBytes)));
    if (mine !== generation) return;
    ws.index.bulk(() => {
      chunk.forEach(({ uri }, j) => {
        const read = reads[j];
        // Opened while it was being read: the editor's text rules.
        if (read !== undefined && !open.has(uri)) ws.load(uri, read.text, read.size);
      });
    });
    // Let requests in between chunks on a large workspace.
    await new Promise((r) => setImmediate(r));
  }
  schedule(ws.index.uris());
}

async function reloadFromDisk(uri: string): Promise<void> {
  const fsPath = URI.parse(uri).fsPath;
  const read = await readDocument(fsPath, ws.maxDocumentBytes);
  if (open.has(uri)) return; // reopened meanwhile: the editor's text rules
  if (read === undefined) forget(uri);
  else schedule(ws.set(uri, read.text, read.size));
}

function removeUnder(uri: string): void {
  const prefix = uri.endsWith('/') ? uri : uri + '/';
  for (const u of [...ws.index.uris()]) if (u.startsWith(prefix) && !open.has(u)) forget(u);
}

// --- lifecycle -------------------------------------------------------------

let watchDynamically = false;
let canCreateFiles = false;
let canRefreshCodeLens = false;
/**
 * The client pulls diagnostics (textDocument/diagnostic) and can be asked to pull again
 * (workspace/diagnostic/refresh). Without refresh, a pulled document would keep stale
 * diagnostics after a change on disk, in the config, or a pull made while indexing:
 * such a client gets push, which stays right.
 */
let canPullDiagnostics = false;

connection.onInitialize((params: InitializeParams): InitializeResult => {
  const wsFolders: WorkspaceFolder[] =
    params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri, name: 'root' }] : []);
  folders = wsFolders.map((f) => canonical(f.uri).replace(/\/$/, ''));
  watchDynamically = !!params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration;
  canRefreshCodeLens = !!params.capabilities.workspace?.codeLens?.refreshSupport;
  canPullDiagnostics = !!params.capabilities.textDocument?.diagnostic && !!params.capabilities.workspace?.diagnostics?.refreshSupport;
  canCreateFiles = !!params.capabilities.workspace?.workspaceEdit?.resourceOperations?.includes('create');
  const init = params.initializationOptions as { configPath?: string; maxDocumentSize?: number } | undefined;
  configSetting = init?.configPath || undefined;
  maxDocumentMB = typeof init?.maxDocumentSize === 'number' ? init.maxDocumentSize : undefined;
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
      ...(canPullDiagnostics && { diagnosticProvider: { identifier: 'roadmap', interFileDependencies: true, workspaceDiagnostics: false } }),
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'roadmap-author', version: '0.1.0' },
  };
});

connection.onInitialized(async () => {
  if (watchDynamically) {
    void connection.client.register(DidChangeWatchedFilesNotification.type, {
      // Every file, so that a deleted or renamed folder is seen too.
      watchers: [{ globPattern: '**/*' }],
    });
  }
  await reloadConfig();
});

connection.onNotification(
  'workspace/didChangeConfiguration',
  async (params: { settings?: { roadmap?: { configPath?: string; maxDocumentSize?: number } } }) => {
    const next = params.settings?.roadmap?.configPath || undefined;
    const size = params.settings?.roadmap?.maxDocumentSize;
    if (next === configSetting && size === maxDocumentMB) return;
    configSetting = next;
    maxDocumentMB = size;
    await reloadConfig();
  },
);

connection.onDidChangeWatchedFiles(async ({ changes }) => {
  for (const change of changes) {
    const uri = canonical(change.uri);
    const fsPath = URI.parse(uri).fsPath;
    const rel = folders.find((f) => uri.startsWith(f + '/'));
    if (rel && isSkippedPath(uri.slice(rel.length + 1))) continue;
    if (open.has(uri)) continue; // the editor's text rules while it is open
    if (isConfigUri(uri) || (config.frameworkFile && path.resolve(fsPath) === config.frameworkFile)) {
      await reloadConfig();
      continue;
    }
    if (isMarkdownPath(fsPath)) {
      if (change.type === FileChangeType.Deleted) forget(uri);
      else if (config.accepts(fsPath)) await reloadFromDisk(uri);
    } else if (change.type === FileChangeType.Deleted) {
      removeUnder(uri); // a folder, perhaps
    } else if (change.type === FileChangeType.Created) {
      await indexPath(fsPath); // a new or renamed folder, perhaps
    }
  }
});

connection.onNotification('workspace/didChangeWorkspaceFolders', async (params: { event: { added: WorkspaceFolder[]; removed: WorkspaceFolder[] } }) => {
  for (const f of params.event.removed) {
    const uri = canonical(f.uri).replace(/\/$/, '');
    folders = folders.filter((x) => x !== uri);
    removeUnder(uri);
  }
  for (const f of params.event.added) {
    const uri = canonical(f.uri).replace(/\/$/, '');
    folders.push(uri);
    await indexPath(URI.parse(uri).fsPath);
  }
});

documents.onDidOpen(({ document }) => {
  open.set(canonical(document.uri), document);
});

let configTimer: NodeJS.Timeout | undefined;

documents.onDidChangeContent(({ document }) => {
  const uri = canonical(document.uri);
  open.set(uri, document);
  if (isConfigUri(uri)) {
    // An edited roadmap.config.json applies as it is typed, when it is the one in use.
    if (config.file && URI.file(config.file).toString() === uri) {
      clearTimeout(configTimer);
      configTimer = setTimeout(() => void reloadConfig(document.getText()), 300);
    }
    return;
  }
  if (!isRoadmapCandidate(uri)) return;
  changedByClient.add(uri);
  schedule(ws.set(uri, document.getText()), true);
});

documents.onDidClose(({ document }) => {
  const uri = canonical(document.uri);
  open.delete(uri);
  // The client drops pulled diagnostics on close: they are pushed again from here on
  // (the reload or the removal below re-checks the document).
  pulled.delete(uri);
  if (isConfigUri(uri)) {
    if (config.file && URI.file(config.file).toString() === uri) void reloadConfig();
    return;
  }
  // The disk has the last word now: the user may have closed without saving.
  if (URI.parse(uri).scheme === 'file' && isRoadmapCandidate(uri)) void reloadFromDisk(uri);
  else forget(uri);
});

// --- requests --------------------------------------------------------------

// Malformed params (no position, a negative one, no text document) get InvalidParams: see params.ts.
const AT = { position: true };
const DOC = {};
connection.onCompletion(guarded(AT, (p) => completion(ctx, canonical(p.textDocument.uri), p.position)));
connection.onHover(guarded(AT, (p) => hover(ctx, canonical(p.textDocument.uri), p.position)));
connection.onDefinition(guarded(AT, (p) => definition(ctx, canonical(p.textDocument.uri), p.position)));
connection.onReferences(guarded({ ...AT, context: true }, (p) => references(ctx, canonical(p.textDocument.uri), p.position, !!p.context.includeDeclaration)));
connection.onPrepareRename(guarded(AT, (p) => prepareRename(ctx, canonical(p.textDocument.uri), p.position)));
connection.onRenameRequest(guarded({ ...AT, newName: true }, (p) => rename(ctx, canonical(p.textDocument.uri), p.position, p.newName)));
connection.onDocumentSymbol(guarded(DOC, (p) => documentSymbols(ctx, canonical(p.textDocument.uri))));
connection.onWorkspaceSymbol(guarded({ query: true }, (p) => workspaceSymbols(ctx, p.query)));
connection.onCodeAction(
  guarded({ range: true, context: 'codeAction' }, (p) =>
    codeActions(ctx, canonical(p.textDocument.uri), p.range, p.context.diagnostics, { canCreateFiles, only: p.context.only }),
  ),
);
connection.onCodeLens(guarded(DOC, (p) => codeLenses(ctx, canonical(p.textDocument.uri))));
connection.onDocumentLinks(guarded(DOC, (p) => documentLinks(ctx, canonical(p.textDocument.uri))));
connection.onFoldingRanges(guarded(DOC, (p) => foldingRanges(ctx, canonical(p.textDocument.uri))));
connection.onNotification(PULL_DROPPED_NOTIFICATION, (p: Partial<PullDroppedParams> | null) => {
  if (typeof p?.uri !== 'string') return;
  const uri = canonical(p.uri);
  if (pulled.delete(uri)) schedule([uri]); // pushed again until the client pulls it next
});
connection.languages.diagnostics.on((p) => {
  const bad = invalidParams(p, DOC);
  if (bad) throw bad; // answered as InvalidParams, like the guarded requests
  return pull(canonical(p.textDocument.uri), typeof p.previousResultId === 'string' ? p.previousResultId : undefined);
});
connection.onRequest<GraphResponse, void>(GRAPH_REQUEST, (p: GraphParams | null) => graph.request(p));
connection.onRequest(SCHEMA_REQUEST, () => schemaInfo());
connection.onRequest(DOCUMENT_REQUEST, guarded(DOC, (p: DocumentParams) => documentInfo(ctx, canonical(p.textDocument.uri))));

documents.listen(connection);
connection.listen();
