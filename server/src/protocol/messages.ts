/**
 * Roadmap Author's own LSP messages, beside the standard ones: each name and the type
 * of what it carries. One copy, imported by the server, the VS Code extension, the
 * protocol tests' client and the bench. Types only come from the core here, so the
 * extension's bundle takes these strings and nothing else.
 */
import type { GraphData, GraphEdge, GraphNode } from '../core/graphData';
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

/** A node of the graph as the request returns it: the core node and the competencies its document targets. */
export interface RoadmapGraphNode extends GraphNode {
  competencies: string[];
}

export interface RoadmapGraph extends GraphData {
  nodes: RoadmapGraphNode[];
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
}

export type GraphResponse = { version: number; full: RoadmapGraph } | { version: number; changes: GraphChanges };

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
