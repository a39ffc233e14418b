/**
 * The messages between the graph preview page (the webview) and the extension,
 * and the validation of what the page sends. The page is untrusted: a message is
 * acted on only when its type and shape are exactly as below, and "open" may open
 * only the document of a node of the graph the extension itself holds.
 * Pure: no `vscode`, so that the tests run it directly.
 */
import { isInertSvg } from '../../../server/src/core/api';
import { hasOnlyKeys, isCount, isRecord, pageMessageOf } from '../pageMessages';
import type { GraphChanges, RoadmapGraph } from './graphModel';
import type { GraphSummary } from './lod';

// --- extension -> page ------------------------------------------------------

export interface PageSettings {
  /** Initial depth of the focus view. */
  focusDepth: number;
  /** Past this many visible documents the graph opens on the overview of role tracks. */
  overviewThreshold: number;
}

/** What the page shows, kept per workspace (workspaceState) and in the webview's own state. */
export interface SavedView {
  /** The role whose track is shown ('': none). */
  role: string;
  competency: string;
  focus: boolean;
  depth: number;
  /** "Show everything" was asked for. */
  detail: boolean;
}

export type HostMessage =
  /**
   * The whole graph and its summary (the overview, roles and competencies: the page draws the
   * overview from it without going through the graph); the page drops what it had. A large
   * graph comes as its summary alone, `parts` telling how many "graphPart" messages follow
   * with its tracks, nodes and edges, so that no one message takes the page long to receive.
   */
  | ({ type: 'full'; version: number; summary: GraphSummary; active?: string; settings: PageSettings; view?: SavedView } & ({ graph: RoadmapGraph } | { parts: number }))
  /** Part `index` (from 0) of the graph of `version` announced by "full". */
  | ({ type: 'graphPart'; version: number; index: number } & GraphPart)
  /** Changes from `base` (the version the page holds) to `version`. */
  | { type: 'changes'; base: number; version: number; changes: GraphChanges }
  /** The ID of the active editor's document (undefined: none, or not a roadmap). */
  | { type: 'active'; id?: string };

/** A slice of a graph's nodes and edges, or its tracks. */
export interface GraphPart {
  nodes: RoadmapGraph['nodes'];
  edges: RoadmapGraph['edges'];
  tracks?: RoadmapGraph['tracks'];
}

/**
 * Up to this many nodes and edges (an edge counting a fifth: its JSON is about a fifth of a
 * node's) a graph goes to the page in one message; a larger one goes in parts of about as
 * much: the page receives a message on its thread, which in code-server is the workbench's.
 * 1,000 nodes are about 0.35 MB of JSON; at 10,000 documents the whole graph is 6.6 MB, one
 * message of it kept the workbench busy for 150–600 ms.
 */
export const GRAPH_PART_SIZE = 1000;

const sizeOf = (nodes: number, edges: number) => nodes + edges / 5;

/** Whether the graph goes to the page in parts (its summary first). */
export function sentInParts(graph: RoadmapGraph): boolean {
  return sizeOf(graph.nodes.length, graph.edges.length) > 2 * GRAPH_PART_SIZE;
}

/** The graph in parts of about `size`: its tracks, its nodes, then its edges, in their order. */
export function graphParts(graph: RoadmapGraph, size = GRAPH_PART_SIZE): GraphPart[] {
  const parts: GraphPart[] = [];
  if (graph.tracks) parts.push({ nodes: [], edges: [], tracks: graph.tracks });
  for (let i = 0; i < graph.nodes.length; i += size) parts.push({ nodes: graph.nodes.slice(i, i + size), edges: [] });
  const edgesPer = size * 5;
  for (let i = 0; i < graph.edges.length; i += edgesPer) parts.push({ nodes: [], edges: graph.edges.slice(i, i + edgesPer) });
  if (!parts.length) parts.push({ nodes: [], edges: [] });
  return parts;
}

/** The graph whose parts these are (`graphParts`, in order). */
export function joinGraphParts(parts: readonly GraphPart[]): RoadmapGraph {
  const nodes = parts.flatMap((p) => p.nodes);
  const edges = parts.flatMap((p) => p.edges);
  const tracks = parts.find((p) => p.tracks)?.tracks;
  return { nodes, edges, ...(tracks ? { tracks } : {}) };
}

// --- page -> extension ------------------------------------------------------

export type PageMessage =
  /** The page is loaded (or lost track) and wants the whole graph. */
  | { type: 'ready' }
  /** The toolbar's Curriculum Overview button: open it. */
  | { type: 'showCurriculumOverview' }
  /** The user clicked a node. */
  | { type: 'open'; id: string }
  /**
   * The page finished drawing these node IDs (`active`: the one highlighted as the active document).
   * `labels`: each drawn node's text as the DOM holds it (textContent); `scripts`, `images`: the
   * page's `document.scripts.length` and `document.images.length` (for the security tests).
   */
  | { type: 'rendered'; nodes: string[]; active?: string; labels?: Record<string, NodeLabel>; scripts?: number; images?: number }
  /** Save this SVG (the page's drawing, styles inlined) to a file the user picks. */
  | { type: 'exportSvg'; svg: string }
  /** Save the Mermaid text of these nodes (all when absent) to a file the user picks. */
  | { type: 'exportMermaid'; ids?: string[] }
  /** Something went wrong in the page (the layout threw); for the log. */
  | { type: 'error'; message: string }
  /** The user changed what is shown: kept for the workspace. */
  | { type: 'view'; view: SavedView };

/** A drawn node's text, read back from the DOM (textContent) after drawing. */
export interface NodeLabel {
  /** The ID line. */
  id: string;
  /** The title lines (wrapped; a cut line ends with an ellipsis). */
  lines: string[];
  /** The tooltip (the node's SVG <title>): ID and full title, kind, roles. */
  tooltip: string;
}

export const MAX_ID_LENGTH = 200;
export const MAX_LABEL_LENGTH = 20_000;
export const MAX_LABEL_LINES = 20;
export const MAX_IDS = 100_000;
export const MAX_SVG_LENGTH = 32 * 1024 * 1024;
export const MAX_ERROR_LENGTH = 2000;

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

export function isNodeId(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= MAX_ID_LENGTH && !CONTROL.test(v);
}

function isIdList(v: unknown): v is string[] {
  return Array.isArray(v) && v.length <= MAX_IDS && v.every(isNodeId);
}

const isLabelText = (v: unknown): v is string => typeof v === 'string' && v.length <= MAX_LABEL_LENGTH;

function isNodeLabel(v: unknown): v is NodeLabel {
  return (
    isRecord(v) &&
    hasOnlyKeys(v, ['id', 'lines', 'tooltip']) &&
    isLabelText(v.id) &&
    isLabelText(v.tooltip) &&
    Array.isArray(v.lines) &&
    v.lines.length <= MAX_LABEL_LINES &&
    v.lines.every(isLabelText)
  );
}

/** A copy of the labels, when they are a record of node IDs to labels. */
function parseLabels(v: unknown): Record<string, NodeLabel> | undefined {
  if (!isRecord(v)) return undefined;
  const entries = Object.entries(v);
  if (entries.length > MAX_IDS || !entries.every(([k, l]) => isNodeId(k) && isNodeLabel(l))) return undefined;
  return Object.fromEntries(entries.map(([k, l]) => [k, { id: (l as NodeLabel).id, lines: [...(l as NodeLabel).lines], tooltip: (l as NodeLabel).tooltip }]));
}

const isName = (v: unknown): v is string => typeof v === 'string' && v.length <= MAX_LABEL_LENGTH;

/** The message, when it is one the page may send; undefined for anything else. */
export function parsePageMessage(message: unknown): PageMessage | undefined {
  const { common, record: raw } = pageMessageOf(message, isNodeId);
  if (common) return common;
  if (!raw) return undefined;
  switch (raw.type) {
    case 'rendered': {
      if (!hasOnlyKeys(raw, ['type', 'nodes', 'active', 'labels', 'scripts', 'images']) || !isIdList(raw.nodes)) return undefined;
      if (raw.active !== undefined && !isNodeId(raw.active)) return undefined;
      const labels = raw.labels === undefined ? undefined : parseLabels(raw.labels);
      if (raw.labels !== undefined && !labels) return undefined;
      if ((raw.scripts !== undefined && !isCount(raw.scripts)) || (raw.images !== undefined && !isCount(raw.images))) return undefined;
      return {
        type: 'rendered',
        nodes: [...raw.nodes],
        ...(raw.active !== undefined ? { active: raw.active } : {}),
        ...(labels ? { labels } : {}),
        ...(raw.scripts !== undefined ? { scripts: raw.scripts } : {}),
        ...(raw.images !== undefined ? { images: raw.images } : {}),
      };
    }
    case 'exportSvg': {
      if (!hasOnlyKeys(raw, ['type', 'svg']) || typeof raw.svg !== 'string') return undefined;
      const svg = raw.svg;
      // Parsed as XML and held to the drawing's elements and attributes (core/escape/svg.ts).
      if (svg.length > MAX_SVG_LENGTH || !isInertSvg(svg)) return undefined;
      return { type: 'exportSvg', svg };
    }
    case 'exportMermaid':
      if (!hasOnlyKeys(raw, ['type', 'ids'])) return undefined;
      if (raw.ids === undefined) return { type: 'exportMermaid' };
      return isIdList(raw.ids) ? { type: 'exportMermaid', ids: [...raw.ids] } : undefined;
    case 'view': {
      const view = parseSavedView(raw.view);
      return hasOnlyKeys(raw, ['type', 'view']) && view ? { type: 'view', view } : undefined;
    }
    case 'error':
      return hasOnlyKeys(raw, ['type', 'message']) && typeof raw.message === 'string'
        ? { type: 'error', message: raw.message.slice(0, MAX_ERROR_LENGTH) }
        : undefined;
    case 'showCurriculumOverview':
      return hasOnlyKeys(raw, ['type']) ? { type: 'showCurriculumOverview' } : undefined;
    default:
      return undefined;
  }
}

/** A copy of a saved view, when it is one (from the page, or from the workspace's storage). */
export function parseSavedView(v: unknown): SavedView | undefined {
  if (!isRecord(v) || !hasOnlyKeys(v, ['role', 'competency', 'focus', 'depth', 'detail'])) return undefined;
  if (!isName(v.role) || !isName(v.competency) || typeof v.focus !== 'boolean' || typeof v.detail !== 'boolean') return undefined;
  if (!isCount(v.depth) || v.depth < 1 || v.depth > 9) return undefined;
  return { role: v.role, competency: v.competency, focus: v.focus, depth: v.depth, detail: v.detail };
}

/**
 * The URI the extension may open for an "open" message: the document defining the
 * node, when the node is in the graph the extension holds and is defined there.
 */
export function openTarget(graph: RoadmapGraph | undefined, id: string): string | undefined {
  const node = graph?.nodes.find((n) => n.id === id);
  return node?.defined && typeof node.uri === 'string' && node.uri ? node.uri : undefined;
}

/** The IDs of the list that are nodes of the graph (an export never names what the graph lacks). */
export function knownIds(graph: RoadmapGraph | undefined, ids: readonly string[]): string[] {
  const known = new Set(graph?.nodes.map((n) => n.id));
  return ids.filter((id) => known.has(id));
}
