/**
 * The prerequisite graph as plain data, for the graph preview and `roadmap graph`:
 * a node per ID (defined or only mentioned), an edge from a document to each ID it
 * needs (prerequisite) or leads to (next).
 */
import { compareEdges, compareNodes } from './ids';
import type { WorkspaceIndex } from './index/workspaceIndex';
import { edgeTargets } from './model';

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

export function buildGraph(index: WorkspaceIndex): GraphData {
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, GraphEdge>();
  const cycleOf = (id: string) => index.cycleOf(id);
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
      cycle: !!cycleOf(id),
    });
  }
  for (const id of index.definedIds()) {
    for (const doc of index.definitions(id)) {
      for (const type of ['prerequisite', 'next'] as const) {
        for (const to of edgeTargets(doc, type)) {
          if (to === id) continue; // self-reference is its own diagnostic, not an edge
          if (!nodes.has(to)) nodes.set(to, { id: to, roles: [], defined: false, cycle: false });
          const scc = type === 'prerequisite' ? cycleOf(id) : undefined;
          const key = `${id}>${to}>${type}`;
          if (!edges.has(key)) edges.set(key, { from: id, to, type, cycle: !!scc && scc.includes(to) });
        }
      }
    }
  }
  return { nodes: [...nodes.values()].sort(compareNodes), edges: [...edges.values()].sort(compareEdges) };
}
