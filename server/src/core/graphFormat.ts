/** The prerequisite graph as Mermaid and Graphviz dot text, for export and `roadmap graph`. */
import type { GraphData } from './graphData';

/** A Mermaid node ID: letters, digits and underscores only. */
function mermaidId(id: string): string {
  return 'n_' + id.replace(/[^A-Za-z0-9]/g, '_');
}

/** Text inside a Mermaid `["..."]` label: quotes and markup characters as entity codes. */
export function mermaidText(s: string): string {
  return s.replace(/[&"<>#[\]{}|`]/g, (c) => `#${c.charCodeAt(0)};`);
}

/**
 * `flowchart LR` with an arrow from each document to what it needs (solid,
 * prerequisite) or leads to (dotted, next); undefined IDs dashed; cycle edges red.
 */
export function toMermaid(graph: GraphData): string {
  const lines = ['flowchart LR'];
  for (const n of graph.nodes) {
    const label = mermaidText(n.title ? `${n.id}: ${n.title}` : n.id);
    lines.push(`  ${mermaidId(n.id)}${n.kind === 'project' ? `[["${label}"]]` : `["${label}"]`}`);
  }
  const cycleEdges: number[] = [];
  graph.edges.forEach((e, i) => {
    lines.push(`  ${mermaidId(e.from)} ${e.type === 'prerequisite' ? '-->|requires|' : '-.->|next|'} ${mermaidId(e.to)}`);
    if (e.cycle) cycleEdges.push(i);
  });
  const undefinedNodes = graph.nodes.filter((n) => !n.defined).map((n) => mermaidId(n.id));
  if (undefinedNodes.length) {
    lines.push('  classDef undefinedId stroke-dasharray: 5 5');
    lines.push(`  class ${undefinedNodes.join(',')} undefinedId`);
  }
  if (cycleEdges.length) lines.push(`  linkStyle ${cycleEdges.join(',')} stroke:#d32f2f,stroke-width:2px`);
  return lines.join('\n') + '\n';
}

/** A double-quoted dot string. */
function dotString(s: string): string {
  return `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`;
}

export function toDot(graph: GraphData): string {
  const lines = ['digraph roadmap {', '  rankdir=LR;', '  node [shape=box, style=rounded];'];
  for (const n of graph.nodes) {
    const attrs = [`label=${dotString(n.title ? `${n.id}\n${n.title}` : n.id)}`];
    if (!n.defined) attrs.push('style="rounded,dashed"');
    if (n.kind === 'project') attrs.push('shape=box3d');
    lines.push(`  ${dotString(n.id)} [${attrs.join(', ')}];`);
  }
  for (const e of graph.edges) {
    const attrs = [`label=${e.type === 'prerequisite' ? '"requires"' : '"next"'}`];
    if (e.type === 'next') attrs.push('style=dotted');
    if (e.cycle) attrs.push('color=red');
    lines.push(`  ${dotString(e.from)} -> ${dotString(e.to)} [${attrs.join(', ')}];`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}
