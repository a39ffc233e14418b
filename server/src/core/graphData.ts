/**
 * The prerequisite graph as plain data, for the graph preview and `roadmap graph`:
 * a node per ID (defined or only mentioned), an edge from a document to each ID it
 * needs (prerequisite) or leads to (next).
 */
import { compareEdges, compareNodes } from './ids';
import type { WorkspaceIndex } from './index/workspaceIndex';

export interface GraphNode {
  id: string;
  title?: string;
  /** The kind's key (`module`, `project`); absent for an ID no document defines. */
  kind?: string;
  /** The kind is a capstone (schema attribute `capstone`): drawn apart. */
  capstone?: boolean;
  roles: string[];
  /** The defining document; absent when undefined. */
  uri?: string;
  defined: boolean;
  /** True when the ID lies on a prerequisite cycle. */
  cycle: boolean;
}

export interface GraphEdge {
  from: string;
  to: string;
  type: 'prerequisite' | 'next';
  /** True for a prerequisite edge between two members of one cycle. */
  cycle: boolean;
}

export interface GraphData {
  nodes: GraphNode[];
  edges: GraphEdge[];
}

/**
 * Every edge, sorted: from each defined document to each ID it lists as a
 * prerequisite or as next (not itself: self-reference is its own diagnostic). Read
 * from the index's facts, so no document is modelled for it.
 */
export function graphEdges(index: WorkspaceIndex): GraphEdge[] {
  const edges = new Map<string, GraphEdge>();
  for (const uri of index.uris()) {
    const f = index.factsOf(uri);
    if (!f?.id) continue;
    const id = f.id;
    for (const type of ['prerequisite', 'next'] as const) {
      for (const to of type === 'prerequisite' ? f.prerequisites : f.next) {
        if (to === id) continue;
        const key = `${id}>${to}>${type}`;
        if (edges.has(key)) continue;
        const scc = type === 'prerequisite' ? index.cycleOf(id) : undefined;
        edges.set(key, { from: id, to, type, cycle: !!scc && scc.includes(to) });
      }
    }
  }
  return [...edges.values()].sort(compareEdges);
}

export function buildGraph(index: WorkspaceIndex): GraphData {
  const nodes = new Map<string, GraphNode>();
  for (const id of index.definedIds()) {
    const doc = index.definitions(id)[0];
    nodes.set(id, {
      id,
      title: doc.title,
      kind: doc.kind?.key,
      ...(doc.kind?.capstone ? { capstone: true } : {}),
      roles: doc.roles.map((r) => r.text),
      uri: doc.uri,
      defined: true,
      cycle: !!index.cycleOf(id),
    });
  }
  const edges = graphEdges(index);
  for (const e of edges) if (!nodes.has(e.to)) nodes.set(e.to, { id: e.to, roles: [], defined: false, cycle: false });
  return { nodes: [...nodes.values()].sort(compareNodes), edges };
}
