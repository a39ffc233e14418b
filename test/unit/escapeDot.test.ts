/**
 * The dot export keeps every document text literal (issue 17), as Graphviz itself
 * reads it: hostile graphs (test/fixtures/hostile.ts) go through `toDot`, all in
 * one input to `dot -Tsvg` (Debian package graphviz), and in the SVG Graphviz
 * writes every node's label lines are the bounded ID and title exactly (no `\N`
 * substitution, no entity decoded, no line break the document made), its tooltip
 * the full text, and its name the ID. Skipped, with one line saying so, when `dot`
 * is not installed.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { SaxesParser } from 'saxes';
import { boundLabel, neutraliseControls, oneLine, visibleMark } from '../../server/src/core/escape/label';
import type { GraphData, GraphNode } from '../../server/src/core/graphData';
import { flowEdges, toDot } from '../../server/src/core/graphFormat';
import { hostileText, PAYLOADS, SEED } from '../fixtures/hostile';

const DOT = spawnSync('dot', ['-V'], { encoding: 'utf8' });
const HAVE_DOT = !DOT.error && DOT.status === 0;
if (!HAVE_DOT) console.log('escapeDot.test: skipped, Graphviz `dot` is not installed (apt-get install graphviz)');

/** A node of a drawn graph as Graphviz wrote it: its name, tooltip and label lines. */
interface DrawnNode {
  name: string;
  tooltip?: string;
  lines: string[];
}

/** The nodes of each graph in the SVG documents Graphviz wrote one after the other. */
function drawnGraphs(svgs: string): { nodes: DrawnNode[]; edges: number }[] {
  const docs = svgs.split(/(?=<\?xml )/).filter((d) => d.trim());
  return docs.map((doc) => {
    const nodes: DrawnNode[] = [];
    let edges = 0;
    const stack: string[] = [];
    let current: DrawnNode | undefined;
    let text: string | undefined;
    const p = new SaxesParser();
    p.on('opentag', (t) => {
      stack.push(t.name);
      const cls = t.attributes.class;
      if (t.name === 'g' && cls === 'node') nodes.push((current = { name: '', lines: [] }));
      if (t.name === 'g' && cls === 'edge') edges++;
      if (current && t.name === 'a' && typeof t.attributes['xlink:title'] === 'string') current.tooltip = t.attributes['xlink:title'];
      if (current && (t.name === 'text' || t.name === 'title')) text = '';
    });
    p.on('text', (s) => {
      if (text !== undefined) text += s;
    });
    p.on('closetag', (t) => {
      stack.pop();
      if (current && t.name === 'title' && text !== undefined) current.name = text;
      if (current && t.name === 'text' && text !== undefined) current.lines.push(text);
      if (t.name === 'title' || t.name === 'text') text = undefined;
      if (t.name === 'g' && current && !stack.includes('g')) current = undefined;
      if (t.name === 'g' && current && stack.filter((n) => n === 'g').length < 2) current = undefined;
    });
    p.write(doc).close();
    return { nodes, edges };
  });
}

const nodeArb = fc.record({
  id: hostileText,
  title: fc.option(hostileText, { nil: undefined }),
  roles: fc.array(hostileText, { maxLength: 2 }),
  defined: fc.boolean(),
  kind: fc.constantFrom('module', 'project'),
});

const graphArb: fc.Arbitrary<GraphData> = fc
  .uniqueArray(nodeArb, { minLength: 1, maxLength: 5, selector: (n) => neutraliseControls(n.id) })
  .chain((nodes) =>
    fc
      .array(fc.record({ from: fc.nat(nodes.length - 1), to: fc.nat(nodes.length - 1), type: fc.constantFrom('prerequisite' as const, 'next' as const), cycle: fc.boolean() }), { maxLength: 6 })
      .map((edges) => ({
        nodes: nodes.map((n): GraphNode => ({ ...n, title: n.defined ? n.title : undefined, kind: n.defined ? n.kind : undefined, cycle: false })),
        edges: edges.filter((e) => e.from !== e.to).map((e) => ({ ...e, from: nodes[e.from].id, to: nodes[e.to].id })),
      })),
  );

describe('escape: dot, rendered by Graphviz', { skip: !HAVE_DOT }, () => {
  it('keeps every ID, label line and tooltip literal in what Graphviz draws', () => {
    const graphs = fc.sample(graphArb, { seed: SEED, numRuns: Number(process.env.NUM_RUNS ?? 60) });
    // Every payload as a title and as an ID, in one more graph.
    graphs.push({
      nodes: PAYLOADS.map((p, i) => ({ id: `${p} #${i}`, title: p, roles: [p], defined: true, kind: 'module', cycle: false })),
      edges: [],
    });
    const input = graphs.map((g) => toDot(g)).join('');
    const r = spawnSync('dot', ['-Tsvg'], { input, encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
    assert.equal(r.status, 0, `dot failed: ${r.stderr}`);
    assert.equal(r.stderr, '', 'dot has no warning about the input');
    const drawn = drawnGraphs(r.stdout);
    assert.equal(drawn.length, graphs.length, 'one SVG per graph');
    graphs.forEach((g, gi) => {
      const d = drawn[gi];
      assert.equal(d.edges, flowEdges(g.edges).length, `graph ${gi}: every edge drawn`);
      assert.equal(d.nodes.length, g.nodes.length, `graph ${gi}: every node drawn once`);
      assert.equal(new Set(d.nodes.map((n) => n.name)).size, g.nodes.length, `graph ${gi}: every node has a name of its own`);
      // The name as Graphviz shows it: line breaks marked, backslashes doubled, a leading % marked
      // (else the node is anonymous); Graphviz's SVG writes the second of two spaces as a no-break space.
      const norm = (s: string) => s.replace(/\u00a0/g, ' ');
      const nameOf = (id: string) => norm(neutraliseControls(id).replace(/[\t\n\r\u2028\u2029]/g, visibleMark).replace(/\\/g, '\\\\').replace(/^%/, '\\%'));
      const byName = new Map(d.nodes.map((n) => [norm(n.name), n]));
      assert.deepEqual([...byName.keys()].sort(), g.nodes.map((n) => nameOf(n.id)).sort(), `graph ${gi}: the nodes are named by their IDs`);
      for (const n of g.nodes) {
        const got = byName.get(nameOf(n.id))!;
        const where = `graph ${gi} node ${JSON.stringify(n.id.slice(0, 60))}`;
        // (Graphviz draws no text for an empty line.)
        const lines = (n.title ? [n.id, n.title] : [n.id]).map((l) => boundLabel(l)).filter((l) => l !== '');
        assert.deepEqual(got.lines, lines, `${where}: label lines`);
        assert.equal(got.tooltip ?? '', oneLine(n.title ? `${n.id}: ${n.title}` : n.id), `${where}: tooltip`);
      }
    });
  });
});
