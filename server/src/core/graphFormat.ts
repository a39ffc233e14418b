/**
 * The prerequisite graph as Mermaid and Graphviz dot text, for the graph preview's
 * export and `roadmap graph`. Both draw it as the preview does: left to right, an
 * arrow from a prerequisite to what builds on it (solid), or from a module to its
 * next module (dotted); undefined IDs dashed; cycle edges red. Document text goes
 * through ./escape (labels bounded and literal, no Mermaid directive, no dot
 * substitution); the full title is in dot's tooltip.
 */
import { dotId, dotLabel, dotTooltip } from './escape/dot';
import { mermaidComment, mermaidLabel } from './escape/mermaid';
import type { GraphData, GraphEdge } from './graphData';

/** An edge as drawn: from the earlier document to the later one. */
export interface FlowEdge {
  source: string;
  target: string;
  /** Some document lists `source` as a prerequisite of `target`. */
  prerequisite: boolean;
  /** `source` lists `target` as a next module. */
  next: boolean;
  cycle: boolean;
}

/** Prerequisite and next edges in drawing direction, one per pair of nodes. */
export function flowEdges(edges: readonly GraphEdge[]): FlowEdge[] {
  const out = new Map<string, FlowEdge>();
  for (const e of edges) {
    const [source, target] = e.type === 'prerequisite' ? [e.to, e.from] : [e.from, e.to];
    const key = `${source}\u0000${target}`;
    let f = out.get(key);
    if (!f) out.set(key, (f = { source, target, prerequisite: false, next: false, cycle: false }));
    if (e.type === 'prerequisite') f.prerequisite = true;
    else f.next = true;
    if (e.cycle) f.cycle = true;
  }
  return [...out.values()];
}

const collator = new Intl.Collator('en', { numeric: true });

/** Every role of some node, sorted. */
export function graphRoles(graph: GraphData): string[] {
  const out = new Set<string>();
  for (const n of graph.nodes) for (const r of n.roles) out.add(r);
  return [...out].sort(collator.compare);
}

/** A Mermaid node name from the ID: only `[A-Za-z0-9_]`, at most 60 characters, unique. */
function nodeName(id: string, used: Set<string>): string {
  const base = 'n_' + id.replace(/[^A-Za-z0-9]/g, '_').slice(0, 58);
  let name = base;
  for (let i = 2; used.has(name); i++) name = `${base}_${i}`;
  used.add(name);
  return name;
}

export interface FormatOptions {
  /** Only these nodes (and the edges between them). */
  ids?: readonly string[];
}

function subset(graph: GraphData, options: FormatOptions) {
  const keep = options.ids ? new Set(options.ids) : undefined;
  const nodes = graph.nodes.filter((n) => !keep || keep.has(n.id));
  const shown = new Set(nodes.map((n) => n.id));
  return { nodes, edges: flowEdges(graph.edges.filter((e) => shown.has(e.from) && shown.has(e.to))) };
}

/** A Mermaid flowchart; node names are generated, never taken from the document. */
export function toMermaid(graph: GraphData, options: FormatOptions = {}): string {
  const { nodes, edges } = subset(graph, options);
  const roles = graphRoles(graph);
  const used = new Set<string>();
  const names = new Map(nodes.map((n) => [n.id, nodeName(n.id, used)]));
  const classLines: string[] = [];
  const lines = ['flowchart LR', '  %% Roadmap prerequisite graph: an arrow leads from a prerequisite to what builds on it.'];
  for (const n of nodes) {
    const name = names.get(n.id)!;
    const text = n.defined ? `${mermaidLabel(n.id)}${n.title ? '<br/>' + mermaidLabel(n.title) : ''}` : `${mermaidLabel(n.id)}<br/>${mermaidLabel('(not defined)')}`;
    // A project is a stadium, a module a rectangle.
    const shape = n.kind === 'project' ? ['(["', '"])'] : ['["', '"]'];
    // Mermaid refuses an empty label (`[""]`).
    lines.push(`  ${name}${shape[0]}${text || ' '}${shape[1]}`);
    if (!n.defined) classLines.push(`  class ${name} dangling`);
    else if (n.roles.length) classLines.push(`  class ${name} role${roles.indexOf(n.roles[0]) % 8}`);
    if (n.cycle) classLines.push(`  class ${name} cycle`);
  }
  const cycleLinks: number[] = [];
  edges.forEach((e, i) => {
    lines.push(`  ${names.get(e.source)} ${e.prerequisite ? '-->' : '-.->'} ${names.get(e.target)}`);
    if (e.cycle) cycleLinks.push(i);
  });
  const palette = ['#3794ff', '#388a34', '#8d5fbf', '#d18616', '#bf8803', '#11a8cd', '#bc3fbc', '#666666'];
  palette.slice(0, roles.length).forEach((c, i) => lines.push(`  classDef role${i} stroke:${c},stroke-width:2px`));
  lines.push('  classDef dangling stroke-dasharray:5 4,fill:none');
  lines.push('  classDef cycle stroke:#e51400,stroke-width:3px');
  lines.push(...classLines);
  if (cycleLinks.length) lines.push(`  linkStyle ${cycleLinks.join(',')} stroke:#e51400,stroke-width:2px`);
  if (roles.length) {
    lines.push('  %% Roles:');
    roles.forEach((r, i) => lines.push(`  %%   role${i % 8}: ${mermaidComment(r)}`));
  }
  return lines.join('\n') + '\n';
}

export function toDot(graph: GraphData, options: FormatOptions = {}): string {
  const { nodes, edges } = subset(graph, options);
  const lines = ['digraph roadmap {', '  rankdir=LR;', '  node [shape=box, style=rounded];'];
  for (const n of nodes) {
    const attrs = [`label=${dotLabel(n.title ? [n.id, n.title] : [n.id])}`, `tooltip=${dotTooltip(n.title ? `${n.id}: ${n.title}` : n.id)}`];
    if (!n.defined) attrs.push('style="rounded,dashed"');
    if (n.kind === 'project') attrs.push('peripheries=2');
    lines.push(`  ${dotId(n.id)} [${attrs.join(', ')}];`);
  }
  for (const e of edges) {
    const attrs: string[] = [];
    if (!e.prerequisite) attrs.push('style=dotted');
    if (e.cycle) attrs.push('color=red');
    lines.push(`  ${dotId(e.source)} -> ${dotId(e.target)}${attrs.length ? ` [${attrs.join(', ')}]` : ''};`);
  }
  lines.push('}');
  return lines.join('\n') + '\n';
}
