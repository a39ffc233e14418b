/**
 * The graph as a Mermaid flowchart (left to right, prerequisites first), built on
 * the extension side from the graph data. Titles are document text: every
 * character Mermaid could read as syntax is written as an entity code (`#34;`),
 * and node names are generated, never taken from the document.
 * Pure, for the tests.
 */
import { flowEdges, rolesOf, type RoadmapGraph } from './graphModel';

/** Characters written as Mermaid entity codes inside a quoted label. */
const SPECIAL = /["#&<>[\](){}|`\\;]/g;

/** A label's text for a Mermaid `"..."` label: syntax characters as `#code;`, whitespace runs as one space. */
export function mermaidText(s: string): string {
  return s
    .replace(/\s+/g, ' ')
    .trim()
    .replace(SPECIAL, (c) => `#${c.codePointAt(0)};`);
}

function nodeName(id: string, used: Set<string>): string {
  const base = 'n_' + id.replace(/[^A-Za-z0-9]/g, '_');
  let name = base;
  for (let i = 2; used.has(name); i++) name = `${base}_${i}`;
  used.add(name);
  return name;
}

export interface MermaidOptions {
  /** Only these nodes (and the edges between them). */
  ids?: readonly string[];
}

export function toMermaid(graph: RoadmapGraph, options: MermaidOptions = {}): string {
  const keep = options.ids ? new Set(options.ids) : undefined;
  const nodes = graph.nodes.filter((n) => !keep || keep.has(n.id));
  const shown = new Set(nodes.map((n) => n.id));
  const edges = flowEdges(graph.edges.filter((e) => shown.has(e.from) && shown.has(e.to)));
  const roles = rolesOf(graph);
  const used = new Set<string>();
  const names = new Map(nodes.map((n) => [n.id, nodeName(n.id, used)]));
  const classLines: string[] = [];
  const lines = ['flowchart LR', '  %% Roadmap prerequisite graph: an arrow leads from a prerequisite to what builds on it.'];
  for (const n of nodes) {
    const name = names.get(n.id)!;
    const text = n.defined ? `${mermaidText(n.id)}${n.title ? '<br/>' + mermaidText(n.title) : ''}` : `${mermaidText(n.id)}<br/>${mermaidText('(not defined)')}`;
    // A project is a stadium, a module a rectangle.
    const shape = n.kind === 'project' ? ['(["', '"])'] : ['["', '"]'];
    lines.push(`  ${name}${shape[0]}${text}${shape[1]}`);
    if (!n.defined) classLines.push(`  class ${name} dangling`);
    else if (n.roles.length) classLines.push(`  class ${name} role${roles.indexOf(n.roles[0]) % 8}`);
    if (n.cycle) classLines.push(`  class ${name} cycle`);
  }
  const cycleLinks: number[] = [];
  edges.forEach((e, i) => {
    const arrow = e.prerequisite ? '-->' : '-.->';
    lines.push(`  ${names.get(e.source)} ${arrow} ${names.get(e.target)}`);
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
    roles.forEach((r, i) => lines.push(`  %%   role${i % 8}: ${r.replace(/\s+/g, ' ')}`));
  }
  return lines.join('\n') + '\n';
}
