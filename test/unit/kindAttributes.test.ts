/**
 * How a kind is shown follows the schema's `capstone` attribute, not its key: a
 * configured kind marked capstone is drawn and listed as a project is, and a project
 * kind whose config says otherwise as a module.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CompletionItemKind, SymbolKind } from 'vscode-languageserver';
import { resolveConfig } from '../../server/src/core/config/config';
import { buildGraph } from '../../server/src/core/graphData';
import { toDot, toMermaid } from '../../server/src/core/graphFormat';
import { RoadmapWorkspace } from '../../server/src/core/workspace';
import { completion } from '../../server/src/features/completion';
import type { FeatureContext } from '../../server/src/features/context';
import { documentSymbols, workspaceSymbols } from '../../server/src/features/symbols';

/** A kind of its own: a lab clinic, one ID field and a title, under its own overview. */
const clinic = {
  key: 'clinic',
  title: 'Lab Clinic',
  idPattern: 'LC-\\d{3,}',
  sections: ['Clinic Overview', 'Agenda'],
  fields: [{ label: 'Clinic ID', role: 'id' }, { label: 'Clinic Title', role: 'title' }],
};

function workspace(config: object, docs: Record<string, string>): { ctx: FeatureContext; texts: Map<string, string> } {
  const resolved = resolveConfig(JSON.stringify(config));
  assert.deepEqual(resolved.problems, []);
  const ws = RoadmapWorkspace.fromConfig(resolved);
  const texts = new Map<string, string>();
  for (const [p, text] of Object.entries(docs)) {
    texts.set(`file:///ws/${p}`, text);
    ws.set(`file:///ws/${p}`, text);
  }
  return { ctx: { ws, text: (u) => texts.get(u), describe: (u) => u.slice('file:///ws/'.length) }, texts };
}

const ws1 = `# Lab Clinic\n\n## Clinic Overview\n\n- **Clinic ID**: LC-101\n- **Clinic Title**: Kick-off\n\n## Agenda\n\n- Intro.\n`;
const project = `# Project Plan\n\n## Project Overview\n\n- **Project ID**: PROJ-120\n- **Project Title**: Home Lab\n- **Target Role(s)**: Cloud Engineer\n`;
const module = `# Module Roadmap\n\n## Module Overview\n\n- **Module ID**: MOD-130\n- **Module Title**: Storage\n- **Target Role(s)**: Cloud Engineer\n- **Prerequisites**: \n`;

describe('kind behaviour from the schema’s capstone attribute', () => {
  it('a configured capstone kind is a class symbol, a stadium, a double outline and a class completion', () => {
    const { ctx } = workspace({ kinds: [{ ...clinic, capstone: true }] }, { 'w.md': ws1, 'm.md': module });
    assert.equal(ctx.ws.schema.kinds.find((k) => k.key === 'clinic')?.capstone, true);
    assert.equal(documentSymbols(ctx, 'file:///ws/w.md')[0].kind, SymbolKind.Class);
    assert.equal(workspaceSymbols(ctx, 'LC-101')[0].kind, SymbolKind.Class);
    assert.equal(workspaceSymbols(ctx, 'MOD-130')[0].kind, SymbolKind.Module);
    const graph = buildGraph(ctx.ws.index);
    assert.equal(graph.nodes.find((n) => n.id === 'LC-101')?.capstone, true);
    assert.match(toMermaid(graph), /\(\["LC-101<br\/>Kick-off"\]\)/);
    assert.match(toDot(graph), /"LC-101" \[label="LC-101\\nKick-off", tooltip="LC-101: Kick-off", peripheries=2\]/);
    const line = module.split('\n').findIndex((l) => l.startsWith('- **Prerequisites**'));
    const items = completion(ctx, 'file:///ws/m.md', { line, character: '- **Prerequisites**: '.length }).items;
    assert.equal(items.find((i) => i.label === 'LC-101')?.kind, CompletionItemKind.Class);
  });

  it('a project kind whose config says it is no capstone is shown as a module', () => {
    const { ctx } = workspace({ kinds: [{ key: 'project', capstone: false }] }, { 'p.md': project });
    assert.equal(documentSymbols(ctx, 'file:///ws/p.md')[0].kind, SymbolKind.Module);
    const graph = buildGraph(ctx.ws.index);
    assert.equal(graph.nodes.find((n) => n.id === 'PROJ-120')?.capstone, undefined);
    assert.doesNotMatch(toMermaid(graph), /\(\[/);
    // And the default project kind is one.
    const d = workspace({}, { 'p.md': project });
    assert.equal(documentSymbols(d.ctx, 'file:///ws/p.md')[0].kind, SymbolKind.Class);
  });
});
