/**
 * Roadmap Author's own LSP messages, beside the standard ones: each name and the type
 * of what it carries. One copy, imported by the server, the VS Code extension, the
 * protocol tests' client and the bench. Types only come from the core here, so the
 * extension's bundle takes these strings and nothing else.
 */
import type { GraphData, GraphEdge, GraphNode } from '../core/graphData';
import type { IndexFacts } from '../core/index/facts';
import type { KindSchema } from '../core/schema/types';

// --- roadmap/status --------------------------------------------------------

/** Notification: the server's state (`indexing` / `ready`) and counts. */
export const STATUS_NOTIFICATION = 'roadmap/status';

export interface ServerStatus {
  state: 'indexing' | 'ready';
  /** Markdown documents indexed. */
  documents: number;
  /** Roadmap documents among them (of a known kind). */
  roadmaps: number;
  /** Documents with diagnostics (pushed or pulled). */
  withProblems: number;
  /** Documents whose diagnostics are still being computed. */
  checking: number;
}

// --- roadmap/schema --------------------------------------------------------

/** Request → `SchemaInfo`: the kinds and levels of the configuration in use. */
export const SCHEMA_REQUEST = 'roadmap/schema';
/** Notification `SchemaInfo`, sent on every configuration load. */
export const SCHEMA_NOTIFICATION = 'roadmap/schemaChanged';

export interface SchemaInfo {
  kinds: KindSchema[];
  /** Allowed proficiency targets, lowest first. */
  proficiencyLevels: string[];
}

/** True for what a server sends: kinds with the fields a template and a classifier need. */
export function isSchemaInfo(v: unknown): v is SchemaInfo {
  if (!v || typeof v !== 'object') return false;
  const s = v as Partial<SchemaInfo>;
  return (
    Array.isArray(s.kinds) &&
    s.kinds.length > 0 &&
    s.kinds.every(
      (k) =>
        k &&
        typeof k.key === 'string' &&
        typeof k.title === 'string' &&
        typeof k.noun === 'string' &&
        typeof k.idPattern === 'string' &&
        typeof k.idPrefix === 'string' &&
        typeof k.overviewSection === 'string' &&
        Array.isArray(k.sections) &&
        Array.isArray(k.fields) &&
        Array.isArray(k.tables),
    ) &&
    Array.isArray(s.proficiencyLevels)
  );
}

// --- roadmap/document ------------------------------------------------------

/**
 * Request `DocumentParams` → `DocumentInfo | null`: what the server knows of a
 * document (null: no roadmap). The extension's one source of a document's kind: the
 * `roadmap.isRoadmap` context key and the status bar follow it.
 */
export const DOCUMENT_REQUEST = 'roadmap/document';

export interface DocumentParams {
  textDocument: { uri: string };
}

export interface DocumentInfo {
  /** The key of its kind in the configuration in use. */
  kind: string;
  /** The ID it defines, when its ID field holds a valid one. */
  id?: string;
}

// --- roadmap/graph ---------------------------------------------------------

/**
 * Request `GraphParams` → `GraphResponse`: the prerequisite graph, whole or as the
 * changes since a version (features/graph.ts).
 */
export const GRAPH_REQUEST = 'roadmap/graph';
/** Notification `GraphChangedParams`: the graph changed; ask `roadmap/graph` with `since`. */
export const GRAPH_CHANGED_NOTIFICATION = 'roadmap/graphChanged';

export interface GraphParams {
  since?: number;
}

export interface GraphChangedParams {
  version: number;
}

/**
 * A node of the graph as the request returns it: the core node, the competencies its
 * document targets, and two of the analytics' figures (core/analytics).
 */
export interface RoadmapGraphNode extends GraphNode {
  competencies: string[];
  /** The document's Duration total, when it gives one. */
  hours?: number;
  /** How many documents require it, directly or transitively (absent: none). */
  blocking?: number;
}

/** A role's track as the analytics define it: the documents targeting the role and everything they require. */
export interface GraphTrack {
  role: string;
  /** In ID order. */
  documents: string[];
  hours: number;
  /** The chain within the track with the most hours, first required first; empty when every chain meets a cycle. */
  criticalPath: { ids: string[]; hours: number };
}

export interface RoadmapGraph extends GraphData {
  nodes: RoadmapGraphNode[];
  /** One per role, by role name (absent from a server that computes no analytics). */
  tracks?: GraphTrack[];
}

export interface EdgeKey {
  from: string;
  to: string;
  type: GraphEdge['type'];
}

/** The key that names an edge in a set of changes. */
export function edgeKey(e: EdgeKey): string {
  return `${e.from}>${e.to}>${e.type}`;
}

/**
 * How to turn one version of the graph into another: remove `removeNodes` and
 * `removeEdges`, then add or replace `upsertNodes` (by id) and `addEdges` (by
 * from, to and type). Nodes and edges keep the graph's order (core/ids.ts).
 */
export interface GraphChanges {
  upsertNodes: RoadmapGraphNode[];
  removeNodes: string[];
  addEdges: GraphEdge[];
  removeEdges: EdgeKey[];
  /** Every track, when some track changed. */
  tracks?: GraphTrack[];
}

export type GraphResponse = { version: number; full: RoadmapGraph } | { version: number; changes: GraphChanges };

// --- roadmap/overview --------------------------------------------------------

/**
 * Request (no params) → `CurriculumOverview`: what the curriculum adds up to, shaped for
 * the Curriculum Overview (features/overview.ts; the figures are core/analytics').
 */
export const OVERVIEW_REQUEST = 'roadmap/overview';
/**
 * Notification `OverviewChangedParams`: something the overview shows changed (a figure,
 * a title, the pace); ask `roadmap/overview` again. Sent only after a client asked for
 * the overview once, throttled.
 */
export const OVERVIEW_CHANGED_NOTIFICATION = 'roadmap/overviewChanged';

/** The most documents on no chain the overview lists (it counts them all). */
export const OVERVIEW_NO_CHAIN_SHOWN = 200;
/** The most documents left out of a track's critical path the overview lists (it counts them all). */
export const OVERVIEW_TRACK_LIST = 20;
/** The most rows of a matrix cell the overview lists (it counts them all): a large curriculum has hundreds a cell. */
export const OVERVIEW_CELL_ROWS = 20;

export interface OverviewChangedParams {
  version: number;
}

/** A document the overview names: enough to show it and open it. */
export interface OverviewDocument {
  title: string | null;
  uri: string;
  /** Duration total; null when it gives none. */
  hours: number | null;
}

export interface OverviewTrack {
  role: string;
  /** How many documents the track holds. */
  documents: number;
  hours: number;
  /** Hours by part (lecture, lab, project, assessment, then other labels). */
  parts: Array<{ part: string; hours: number }>;
  weeks: number;
  /** The chain with the most hours, first required first; empty when every document is on or after a cycle. */
  criticalPath: { ids: string[]; hours: number };
  /** Documents left out of the critical path (on or after a requires cycle): the first `OVERVIEW_TRACK_LIST` in ID order. */
  noChain: string[];
  /** How many documents are left out of the critical path. */
  noChainCount: number;
}

export interface OverviewCell {
  role: string;
  competency: string;
  /** The highest known level along the track (null: no row gives a known level), its rank (lowest 0) and where. */
  peak: { id: string; level: string; rank: number } | null;
  /** The track's rows for the competency, in prerequisite order: the first `OVERVIEW_CELL_ROWS`. */
  levels: Array<{ id: string; level: string | null; assessed: boolean }>;
  /** How many rows the track has for the competency (more than `levels` lists when over the cap). */
  rowCount: number;
  /** How many of them give no evidence. */
  unassessed: number;
}

export interface CurriculumOverview {
  /** The overview's version (moves with `roadmap/overviewChanged`). */
  version: number;
  hoursPerWeek: number;
  /** The proficiency levels, lowest first. */
  levels: string[];
  /** Documents defining an ID. */
  documentCount: number;
  tracks: OverviewTrack[];
  /** The coverage matrix: columns, rows, and the cells that have rows. */
  matrix: { roles: string[]; competencies: string[]; cells: OverviewCell[] };
  /** The documents blocking the most others (at most 10), most first. */
  blocking: Array<{ id: string; blocking: number; hoursBefore: number | null }>;
  /** Documents on no chain in some track (requiring nothing there, required by nothing there), with those tracks; at most `OVERVIEW_NO_CHAIN_SHOWN`. */
  noChain: Array<{ id: string; roles: string[] }>;
  /** How many documents are on no chain in some track (more than `noChain` lists when over the cap). */
  noChainTotal: number;
  /** Requires cycles, each's members in ID order. */
  cycles: string[][];
  /** Every document named above, by ID. */
  documents: Record<string, OverviewDocument>;
}

// --- roadmap/pulledDiagnosticsDropped ---------------------------------------

/**
 * Notification `PullDroppedParams` from the extension: its language client dropped
 * the pulled diagnostics of a document that stays open (its tab closed); the server
 * pushes that document's diagnostics again until the client pulls it next.
 */
export const PULL_DROPPED_NOTIFICATION = 'roadmap/pulledDiagnosticsDropped';

export interface PullDroppedParams {
  uri: string;
}

// --- roadmap/factsCache ----------------------------------------------------

/**
 * Request `{}` → `FactsCacheFile | null`: what the server knows of every document it read
 * from disk, for a warm start next time (null while the index is incomplete). The
 * server writes no file: the VS Code extension asks for this once every document is
 * checked (and when it is deactivated) and writes it to its workspace storage; on the
 * next start it passes the file's URI as `initializationOptions.factsCache`, and the
 * server reads it, trusting an entry only while the file's size and modification time
 * are the ones recorded (see server/src/lsp/factsCache.ts).
 */
export const FACTS_CACHE_REQUEST = 'roadmap/factsCache';

/** The name of the file the extension keeps the facts cache in, under its workspace storage. */
export const FACTS_CACHE_FILE_NAME = 'facts-cache.json';

/** The facts cache's file format; a file of another format or version is ignored. */
export const FACTS_CACHE_FORMAT = 'roadmap-facts';
export const FACTS_CACHE_VERSION = 1;

/** What the index keeps of one document (`IndexFacts`), as stored: its kind by key. */
export type CachedFacts = Omit<IndexFacts, 'kind'> & { kind?: string };

export interface FactsCacheFile {
  format: typeof FACTS_CACHE_FORMAT;
  version: typeof FACTS_CACHE_VERSION;
  /** The server's version: another server may read documents otherwise. */
  server: string;
  /** A hash of what the facts depend on besides the text: the schema in use and the size limit. */
  key: string;
  /** One entry a document: its path on disk, its size and modification time when it was read, its facts. */
  documents: Array<[path: string, size: number, mtimeMs: number, facts: CachedFacts]>;
}

// --- roadmap/fs/* (the browser: the server reads the workspace through the client) ---
// A server with no file system (the web worker of vscode.dev / github.dev) asks the
// extension, which answers with `vscode.workspace.findFiles` and `vscode.workspace.fs`
// (client/src/fileAccess.ts), as VS Code's own markdown server does. URIs as the client
// spells them (`vscode-vfs://…`, `vscode-remote://…`, `file://…`).

/** Request `FindFilesParams` → `string[]`: the URIs of the files under `base` matching `include`. */
export const FIND_FILES_REQUEST = 'roadmap/fs/findFiles';

export interface FindFilesParams {
  /** A folder URI. */
  base: string;
  /** A glob relative to `base`. */
  include: string;
  /** A glob of what not to search (relative to the workspace folders). */
  exclude?: string;
}

/** Request `ReadFileParams` → `ReadFileResult | null` (null: the file cannot be read). */
export const READ_FILE_REQUEST = 'roadmap/fs/readFile';

export interface ReadFileParams {
  uri: string;
  /** Text past this many bytes is not sent: `size` says how large the file is. */
  maxBytes: number;
}

export interface ReadFileResult {
  /** UTF-8 decoded, at most `maxBytes + 1` bytes of it. */
  text: string;
  /** The file's size in bytes. */
  size: number;
}

/** Request `StatParams` → `StatResult | null` (null: nothing there). */
export const STAT_REQUEST = 'roadmap/fs/stat';

export interface StatParams {
  uri: string;
}

export interface StatResult {
  type: 'file' | 'directory';
}
