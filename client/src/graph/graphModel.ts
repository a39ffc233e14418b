/**
 * The graph as the client holds it: the data of the server's `roadmap/graph`
 * request, applying its changes, and the views of it the preview draws (filters,
 * focus, the edges in reading direction). Pure: no `vscode`, no DOM, so that the
 * extension host, the webview page and the unit tests share it.
 */
import { compareEdges, compareIds, compareNodes, edgeKey, type EdgeKey, type GraphChanges, type GraphResponse, type GraphTrack, type RoadmapGraph, type RoadmapGraphNode } from '../../../server/src/protocol';
import { flowEdges, graphRoles, type FlowEdge, type GraphEdge } from '../../../server/src/core/api';

export type { EdgeKey, FlowEdge, GraphChanges, GraphEdge, GraphResponse, GraphTrack, RoadmapGraph, RoadmapGraphNode };
export { flowEdges };

/** The graph `changes` turn `graph` into (a new object; `graph` is left as it was). */
export function applyGraphChanges(graph: RoadmapGraph, changes: GraphChanges): RoadmapGraph {
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  for (const id of changes.removeNodes) nodes.delete(id);
  for (const n of changes.upsertNodes) nodes.set(n.id, n);
  const edges = new Map(graph.edges.map((e) => [edgeKey(e), e]));
  for (const e of changes.removeEdges) edges.delete(edgeKey(e));
  for (const e of changes.addEdges) edges.set(edgeKey(e), e);
  const tracks = changes.tracks ?? graph.tracks;
  return { nodes: [...nodes.values()].sort(compareNodes), edges: [...edges.values()].sort(compareEdges), ...(tracks ? { tracks } : {}) };
}

/** Every role named by some node, sorted. */
/** Every role of some node, sorted (the order the role colours follow). */
export const rolesOf: (graph: RoadmapGraph) => string[] = graphRoles;

/** Every competency targeted by some node, sorted. */
export function competenciesOf(graph: RoadmapGraph): string[] {
  const out = new Set<string>();
  for (const n of graph.nodes) for (const c of n.competencies ?? []) out.add(c);
  return [...out].sort(compareIds); // numbers in names as numbers, as IDs
}

/**
 * An edge as drawn: from the earlier document to the later one. A prerequisite
 * edge (A needs B) reads B → A; a next edge (A leads to B) reads A → B; the two
 * halves of a reciprocal link become one drawn edge.
 */
export interface ViewOptions {
  /** Only nodes of this role (and the undefined IDs they point at). */
  role?: string;
  /** Only nodes targeting this competency (and the undefined IDs they point at). */
  competency?: string;
  /** Only these documents (a role's track: see lod.ts), and the undefined IDs they point at. */
  members?: ReadonlySet<string>;
  /** Only nodes within `depth` edges of this ID (in either direction). */
  focus?: string;
  depth?: number;
}

export interface GraphView {
  nodes: RoadmapGraphNode[];
  edges: GraphEdge[];
  /** Set when a focus was asked for an ID the graph does not have. */
  focusMissing?: boolean;
}

/** The part of the graph the preview shows for these options. */
export function viewOf(graph: RoadmapGraph, options: ViewOptions = {}): GraphView {
  const byId = new Map(graph.nodes.map((n) => [n.id, n]));
  let keep = new Set<string>();
  const filtered = options.role !== undefined || options.competency !== undefined || options.members !== undefined;
  for (const n of graph.nodes) {
    if (!n.defined) continue;
    if (options.role !== undefined && !n.roles.includes(options.role)) continue;
    if (options.members !== undefined && !options.members.has(n.id)) continue;
    if (options.competency !== undefined && !(n.competencies ?? []).includes(options.competency)) continue;
    keep.add(n.id);
  }
  if (filtered) {
    // The undefined IDs the kept documents point at stay, as placeholders.
    for (const e of graph.edges) if (keep.has(e.from) && byId.get(e.to)?.defined === false) keep.add(e.to);
  } else {
    for (const n of graph.nodes) keep.add(n.id);
  }
  let focusMissing: boolean | undefined;
  if (options.focus !== undefined) {
    if (!byId.has(options.focus)) {
      focusMissing = true;
    } else {
      keep.add(options.focus);
      const around = new Map<string, string[]>();
      const link = (a: string, b: string) => {
        let l = around.get(a);
        if (!l) around.set(a, (l = []));
        l.push(b);
      };
      for (const e of graph.edges) {
        if (!keep.has(e.from) || !keep.has(e.to)) continue;
        link(e.from, e.to);
        link(e.to, e.from);
      }
      const depth = Math.max(0, Math.floor(options.depth ?? 1));
      const reached = new Set([options.focus]);
      let frontier = [options.focus];
      for (let d = 0; d < depth && frontier.length; d++) {
        const next: string[] = [];
        for (const id of frontier) {
          for (const other of around.get(id) ?? []) {
            if (reached.has(other)) continue;
            reached.add(other);
            next.push(other);
          }
        }
        frontier = next;
      }
      keep = reached;
    }
  }
  return {
    nodes: graph.nodes.filter((n) => keep.has(n.id)),
    edges: graph.edges.filter((e) => keep.has(e.from) && keep.has(e.to)),
    ...(focusMissing ? { focusMissing } : {}),
  };
}

/** The node a document defines, if the graph has it. */
export function nodeOfUri(graph: RoadmapGraph | undefined, uri: string): RoadmapGraphNode | undefined {
  return graph?.nodes.find((n) => n.uri === uri);
}
