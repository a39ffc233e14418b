/**
 * The graph preview's pure parts, without VS Code: validation of what the page
 * sends, the HTML shell's content security policy, the Mermaid export, the views
 * (filters, focus), the store that follows the server's versions, and the elkjs
 * layout and the page's own quick layout of examples/curriculum (readable: no overlaps,
 * edges left to right).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import * as esbuild from 'esbuild';
import ELK from 'elkjs/lib/elk.bundled.js';
import { applyGraphChanges, flowEdges, viewOf, type RoadmapGraph, type RoadmapGraphNode } from '../../client/src/graph/graphModel';
import { graphHtml } from '../../client/src/graph/html';
import { contentSecurityPolicy } from '../../client/src/webviewHtml';
import { toMermaid } from '../../server/src/core/graphFormat';
import { mermaidText } from '../../server/src/core/escape/mermaid';
import { knownIds, openTarget, parsePageMessage } from '../../client/src/graph/messages';
import { GraphStore, type GraphUpdate } from '../../client/src/graph/store';
import { documentsLayout, documentsRequest, layoutGraph, NODE, wrapText, type BoxLayout, type Layout } from '../../client/src/graph/webview/layout';
import { quickLayout } from '../../client/src/graph/webview/quickLayout';
import { GraphTrace } from '../../client/src/graph/trace';
import { RoadmapWorkspace } from '../../server/src/core/workspace';
import { buildRoadmapGraph, GraphVersions } from '../../server/src/features/graph';

const node = (id: string, more: Partial<RoadmapGraphNode> = {}): RoadmapGraphNode => ({
  id,
  title: `Title of ${id}`,
  kind: 'module',
  roles: ['Data Engineer'],
  uri: `file:///ws/${id.toLowerCase()}.md`,
  defined: true,
  cycle: false,
  competencies: [],
  ...more,
});

const sample: RoadmapGraph = {
  nodes: [
    node('MOD-101', { competencies: ['sql'] }),
    node('MOD-102', { roles: ['Analyst'] }),
    node('MOD-103', { cycle: true }),
    node('MOD-104', { cycle: true }),
    node('MOD-999', { title: undefined, kind: undefined, roles: [], uri: undefined, defined: false }),
    node('PROJ-110', { kind: 'project', capstone: true, title: 'Say "hi" [now] (later) {x} <b>&amp; #1 | a`b`' }),
  ],
  edges: [
    { from: 'MOD-102', to: 'MOD-101', type: 'prerequisite', cycle: false },
    { from: 'MOD-101', to: 'MOD-102', type: 'next', cycle: false },
    { from: 'MOD-103', to: 'MOD-104', type: 'prerequisite', cycle: true },
    { from: 'MOD-104', to: 'MOD-103', type: 'prerequisite', cycle: true },
    { from: 'MOD-101', to: 'MOD-999', type: 'prerequisite', cycle: false },
    { from: 'PROJ-110', to: 'MOD-102', type: 'prerequisite', cycle: false },
    { from: 'MOD-102', to: 'MOD-104', type: 'next', cycle: false },
  ],
};

describe('graph preview: messages from the page', () => {
  it('accepts exactly the messages the page may send', () => {
    assert.deepEqual(parsePageMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parsePageMessage({ type: 'open', id: 'MOD-101' }), { type: 'open', id: 'MOD-101' });
    assert.deepEqual(parsePageMessage({ type: 'rendered', nodes: ['MOD-101', 'MOD-999'] }), { type: 'rendered', nodes: ['MOD-101', 'MOD-999'] });
    assert.deepEqual(parsePageMessage({ type: 'rendered', nodes: [], active: 'MOD-101' }), { type: 'rendered', nodes: [], active: 'MOD-101' });
    assert.deepEqual(parsePageMessage({ type: 'exportMermaid' }), { type: 'exportMermaid' });
    assert.deepEqual(parsePageMessage({ type: 'exportMermaid', ids: ['MOD-101'] }), { type: 'exportMermaid', ids: ['MOD-101'] });
    assert.deepEqual(parsePageMessage({ type: 'exportSvg', svg: '<svg xmlns="http://www.w3.org/2000/svg"></svg>' }), {
      type: 'exportSvg',
      svg: '<svg xmlns="http://www.w3.org/2000/svg"></svg>',
    });
    // Document text in the drawing is escaped, and may say anything.
    const text = '<svg xmlns="http://www.w3.org/2000/svg"><text>Intro to javascript: onboarding= &lt;script&gt;</text></svg>';
    assert.deepEqual(parsePageMessage({ type: 'exportSvg', svg: text }), { type: 'exportSvg', svg: text });
    assert.deepEqual(parsePageMessage({ type: 'error', message: 'x'.repeat(5000) }), { type: 'error', message: 'x'.repeat(2000) });
  });

  it('drops anything else: other types, missing or extra fields, wrong shapes', () => {
    const bad: unknown[] = [
      undefined,
      null,
      'open',
      42,
      ['open', 'MOD-101'],
      {},
      { type: 'open' },
      { type: 'open', id: 7 },
      { type: 'open', id: '' },
      { type: 'open', id: 'MOD-101\n' },
      { type: 'open', id: 'x'.repeat(201) },
      { type: 'open', id: 'MOD-101', uri: 'file:///etc/passwd' },
      { type: 'open', uri: 'file:///etc/passwd' },
      { type: 'ready', extra: true },
      { type: 'rendered', nodes: 'MOD-101' },
      { type: 'rendered', nodes: [1, 2] },
      { type: 'rendered', nodes: [], active: 3 },
      { type: 'exportSvg', svg: '<script>alert(1)</script>' },
      { type: 'exportSvg', svg: '<svg xmlns="http://www.w3.org/2000/svg"></svg><script/>' },
      { type: 'exportSvg', svg: 12 },
      { type: 'exportSvg', svg: '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>' },
      { type: 'exportSvg', svg: '<svg xmlns="http://www.w3.org/2000/svg"><g onclick="alert(1)"></g></svg>' },
      { type: 'exportSvg', svg: '<svg xmlns="http://www.w3.org/2000/svg"><a href="javascript:alert(1)"></a></svg>' },
      { type: 'exportSvg', svg: '<svg xmlns="http://www.w3.org/2000/svg"><foreignObject><div/></foreignObject></svg>' },
      { type: 'exportMermaid', ids: 'all' },
      { type: 'exportMermaid', ids: [null] },
      { type: 'writeFile', path: '/tmp/x', text: 'x' },
      { type: 'error', message: {} },
    ];
    for (const m of bad) assert.equal(parsePageMessage(m), undefined, JSON.stringify(m));
  });

  it('opens only the document of a defined node of the graph the extension holds', () => {
    assert.equal(openTarget(sample, 'MOD-101'), 'file:///ws/mod-101.md');
    assert.equal(openTarget(sample, 'MOD-999'), undefined, 'a placeholder has no document');
    assert.equal(openTarget(sample, 'MOD-555'), undefined, 'not in the graph');
    assert.equal(openTarget(undefined, 'MOD-101'), undefined, 'no graph yet');
    const after = applyGraphChanges(sample, { upsertNodes: [], removeNodes: ['MOD-101'], addEdges: [], removeEdges: [] });
    assert.equal(openTarget(after, 'MOD-101'), undefined, 'a node the graph lost');
    assert.deepEqual(knownIds(sample, ['MOD-101', 'NOPE', 'MOD-999']), ['MOD-101', 'MOD-999']);
  });
});

describe('graph preview: HTML shell', () => {
  const html = graphHtml({ cspSource: 'https://webview.example', nonce: 'abc123', scriptUri: 'https://webview.example/dist/graphView.js?a=1&b="2"' });

  it('has a strict content security policy with the nonce', () => {
    assert.equal(
      contentSecurityPolicy({ cspSource: 'https://webview.example', nonce: 'abc123' }),
      "default-src 'none'; script-src 'nonce-abc123'; style-src https://webview.example 'nonce-abc123'; img-src https://webview.example data:; font-src https://webview.example; connect-src https://webview.example; worker-src blob:",
    );
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-abc123';/);
    assert.doesNotMatch(html, /unsafe-inline|unsafe-eval/);
  });

  it('loads only its own script, with the nonce, and has no inline script or handler', () => {
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 1);
    assert.match(scripts[0][1], /nonce="abc123"/);
    assert.match(scripts[0][1], /src="https:\/\/webview\.example\/dist\/graphView\.js\?a=1&amp;b=&quot;2&quot;"/);
    assert.equal(scripts[0][2], '');
    assert.doesNotMatch(html, /\son[a-z]+=/i);
    assert.match(html, /<style nonce="abc123">/);
  });

  it('gives every control a stable test id', () => {
    for (const id of ['role-filter', 'competency-filter', 'focus-toggle', 'focus-depth', 'export-svg', 'export-mermaid', 'zoom-in', 'zoom-out', 'zoom-fit', 'graph-canvas', 'show-overview', 'show-all', 'cancel-layout']) {
      assert.match(html, new RegExp(`data-testid="${id}"`));
    }
  });

  it('starts in the loading state and names its layout worker, escaped', () => {
    const page = graphHtml({ cspSource: 'https://webview.example', nonce: 'abc123', scriptUri: 'https://webview.example/dist/graphView.js', workerUri: 'https://webview.example/dist/graphLayout.js?x="1"', quickWorkerUri: 'https://webview.example/dist/graphQuickLayout.js' });
    assert.match(page, /<body data-state="loading" data-layout-worker="https:\/\/webview\.example\/dist\/graphLayout\.js\?x=&quot;1&quot;" data-quick-layout-worker="https:\/\/webview\.example\/dist\/graphQuickLayout\.js">/);
  });
});

describe('graph preview: Mermaid export', () => {
  it('writes syntax characters of titles as entity codes', () => {
    assert.equal(mermaidText('Say "hi" [now] (later) {x} <b> & #1 | a`b`; \\'), 'Say #34;hi#34; #91;now#93; #40;later#41; #123;x#125; #60;b#62; #38; #35;1 #124; a#96;b#96;#59; #92;\u2060');
    assert.equal(mermaidText('  two\n lines\t'), 'two lines');
  });

  it('draws every node once, prerequisites first, with no raw quote or bracket inside a label', () => {
    const text = toMermaid(sample);
    const lines = text.trimEnd().split('\n');
    assert.equal(lines[0], 'flowchart LR');
    const nodeLines = lines.filter((l) => /^ {2}n_\w+(\["|\(\[")/.test(l));
    assert.equal(nodeLines.length, sample.nodes.length);
    for (const l of nodeLines) {
      const label = /^ {2}n_\w+(?:\["(.*)"\]|\(\["(.*)"\]\))$/.exec(l);
      assert.ok(label, l);
      assert.doesNotMatch((label[1] ?? label[2]).replace(/<br\/>/g, ''), /["[\](){}<>|`]/, l);
    }
    assert.ok(lines.includes('  n_PROJ_110(["PROJ-110<br/>Say #34;hi#34; #91;now#93; #40;later#41; #123;x#125; #60;b#62;#38;amp#59; #35;1 #124; a#96;b#96;"])'));
    assert.ok(lines.includes('  n_MOD_999["MOD-999<br/>#40;not defined#41;"]'));
    assert.ok(lines.includes('  class n_MOD_999 dangling'));
    // The reciprocal prerequisite/next pair is one solid arrow, from the prerequisite.
    assert.ok(lines.includes('  n_MOD_101 --> n_MOD_102'));
    assert.ok(!lines.includes('  n_MOD_102 --> n_MOD_101'));
    // A next link without its prerequisite is dotted.
    assert.ok(lines.includes('  n_MOD_102 -.-> n_MOD_104'));
    // Cycle edges in red.
    const links = lines.filter((l) => /^ {2}n_\w+ -(->|\.->) n_\w+$/.test(l));
    const styled = /^ {2}linkStyle ([\d,]+) stroke:#e51400/.exec(lines.find((l) => l.startsWith('  linkStyle')) ?? '');
    assert.ok(styled);
    const cycleLinks = styled[1].split(',').map(Number).map((i) => links[i]);
    assert.deepEqual(cycleLinks.sort(), ['  n_MOD_103 --> n_MOD_104', '  n_MOD_104 --> n_MOD_103']);
  });

  it('exports only the given nodes, and keeps generated names apart', () => {
    const text = toMermaid(sample, { ids: ['MOD-101', 'MOD-102'] });
    assert.match(text, /n_MOD_101 --> n_MOD_102/);
    assert.doesNotMatch(text, /MOD-103|PROJ-110/);
    const clash: RoadmapGraph = { nodes: [node('A-1'), node('A_1'), node('A.1')], edges: [] };
    const names = [...toMermaid(clash).matchAll(/^ {2}(n_\w+)\[/gm)].map((m) => m[1]);
    assert.deepEqual(names, ['n_A_1', 'n_A_1_2', 'n_A_1_3']);
  });
});

describe('graph preview: views', () => {
  it('merges a prerequisite and its reciprocal next into one edge read from the prerequisite', () => {
    const flows = flowEdges(sample.edges);
    assert.deepEqual(flows.find((f) => f.source === 'MOD-101' && f.target === 'MOD-102'), { source: 'MOD-101', target: 'MOD-102', prerequisite: true, next: true, cycle: false });
    assert.equal(flows.length, 6);
  });

  it('filters by role and by competency, keeping the placeholders the kept documents point at', () => {
    assert.deepEqual(viewOf(sample, { role: 'Analyst' }).nodes.map((n) => n.id), ['MOD-102']);
    assert.deepEqual(viewOf(sample, { competency: 'sql' }).nodes.map((n) => n.id), ['MOD-101', 'MOD-999']);
    const de = viewOf(sample, { role: 'Data Engineer' });
    assert.deepEqual(de.nodes.map((n) => n.id), ['MOD-101', 'MOD-103', 'MOD-104', 'MOD-999', 'PROJ-110']);
    assert.ok(de.edges.every((e) => de.nodes.some((n) => n.id === e.from) && de.nodes.some((n) => n.id === e.to)));
  });

  it('focuses on the neighbourhood of a document, to the depth asked', () => {
    assert.deepEqual(viewOf(sample, { focus: 'PROJ-110', depth: 1 }).nodes.map((n) => n.id), ['MOD-102', 'PROJ-110']);
    assert.deepEqual(viewOf(sample, { focus: 'PROJ-110', depth: 2 }).nodes.map((n) => n.id), ['MOD-101', 'MOD-102', 'MOD-104', 'PROJ-110']);
    assert.equal(viewOf(sample, { focus: 'PROJ-110', depth: 9 }).nodes.length, sample.nodes.length);
    assert.equal(viewOf(sample, { focus: 'MOD-555' }).focusMissing, true);
  });
});

describe('graph preview: the store follows the server', () => {
  const text = (id: string, prereqs = 'None') =>
    `# Module Roadmap\n\n## Module Overview\n\n- **Module ID**: ${id}\n- **Module Title**: T ${id}\n- **Target Role(s)**: DE\n- **Prerequisites**: ${prereqs}\n`;

  it('fetches the whole graph once, then only changes, folding notifications that arrive meanwhile', async () => {
    const ws = new RoadmapWorkspace();
    ws.set('file:///ws/a.md', text('MOD-101'));
    const server = new GraphVersions(ws.index);
    const asked: Array<number | undefined> = [];
    const store = new GraphStore(async (p) => {
      asked.push(p.since);
      await new Promise((r) => setTimeout(r, 5));
      return server.request(p);
    });
    const updates: GraphUpdate['kind'][] = [];
    const following = store.follow((u) => updates.push(u.kind));
    await store.ensure();
    assert.deepEqual(store.graph?.nodes.map((n) => n.id), ['MOD-101']);
    server.touch(ws.set('file:///ws/b.md', text('MOD-102', 'MOD-101')));
    store.changed(2);
    server.touch(ws.set('file:///ws/c.md', text('MOD-103', 'MOD-102')));
    store.changed(3);
    store.changed(3);
    await store.refresh();
    assert.deepEqual(store.graph, buildRoadmapGraph(ws.index));
    assert.deepEqual(updates[0], 'full');
    assert.ok(updates.slice(1).every((u) => u === 'changes'));
    assert.equal(asked[0], undefined);
    assert.ok(asked.length <= 4, `requests: ${asked.join(',')}`);
    // A restarted server counts again from 1: the store starts over with the whole graph.
    await store.reset();
    assert.equal(asked.at(-1), undefined);
    assert.equal(updates.at(-1), 'full');
    following.dispose();
  });

  /** A workspace defining MOD-101, its graph on the server's side, and a store asking it: `asked` counts the requests; while `gate` is set, each answer waits for it. */
  function storeOnServer() {
    const ws = new RoadmapWorkspace();
    ws.set('file:///ws/a.md', text('MOD-101'));
    const server = new GraphVersions(ws.index);
    const requests = { asked: 0, gate: undefined as Promise<void> | undefined };
    const store = new GraphStore(async (p) => {
      requests.asked++;
      await requests.gate;
      return server.request(p);
    });
    return { ws, server, store, requests };
  }

  it('asks nothing while nobody follows the graph: a change marks it stale, the next ensure fetches it', async () => {
    const { ws, server, store, requests } = storeOnServer();
    const passive: GraphUpdate['kind'][] = [];
    store.onDidUpdate((u) => passive.push(u.kind));
    // A server (re)start with nobody following: nothing fetched.
    await store.reset();
    assert.equal(requests.asked, 0);
    await store.ensure();
    assert.equal(requests.asked, 1);
    server.touch(ws.set('file:///ws/b.md', text('MOD-102', 'MOD-101')));
    store.changed(2);
    store.changed(3);
    assert.equal(requests.asked, 1, 'the changes said while nobody follows ask nothing');
    assert.deepEqual((await store.ensure())?.nodes.map((n) => n.id), ['MOD-101', 'MOD-102'], 'the next ensure fetches the stale graph');
    assert.equal(requests.asked, 2);
    // A follower: the stale graph is fetched at once, and every change said after it.
    server.touch(ws.set('file:///ws/c.md', text('MOD-103', 'MOD-102')));
    store.changed(3);
    const live: GraphUpdate['kind'][] = [];
    const following = store.follow((u) => live.push(u.kind));
    await store.refresh();
    assert.deepEqual(store.graph?.nodes.map((n) => n.id), ['MOD-101', 'MOD-102', 'MOD-103']);
    server.touch(ws.set('file:///ws/c.md', text('MOD-104', 'MOD-102')));
    store.changed(4);
    await store.refresh();
    assert.ok(store.graph?.nodes.some((n) => n.id === 'MOD-104'), 'followed: a change is fetched at once');
    assert.ok(live.length >= 1 && passive.length >= live.length, 'listeners get the updates');
    following.dispose();
  });

  it('shows the graph it holds at once, a stale one brought up to date behind it; ensure waits for a current one', async () => {
    const { ws, server, store, requests } = storeOnServer();
    await store.prefetch();
    assert.deepEqual(store.graph?.nodes.map((n) => n.id), ['MOD-101']);
    await store.prefetch();
    assert.equal(requests.asked, 1, 'prefetch fetches only when the store holds nothing');
    server.touch(ws.set('file:///ws/b.md', text('MOD-102', 'MOD-101')));
    store.changed(2);
    let letThrough = () => {};
    requests.gate = new Promise<void>((r) => (letThrough = r));
    let updated: (ids: string[]) => void = () => {};
    const update = new Promise<string[]>((r) => (updated = r));
    const following = store.follow((u) => updated(u.graph.nodes.map((n) => n.id)));
    // Shown at once: the held graph, while the fetch of the current one is out.
    const shown = await store.forDisplay();
    assert.deepEqual(shown?.nodes.map((n) => n.id), ['MOD-101']);
    assert.equal(requests.asked, 2, 'the stale graph is being fetched again');
    requests.gate = undefined;
    letThrough();
    assert.deepEqual(await update, ['MOD-101', 'MOD-102'], 'the follower gets the current graph');
    following.dispose();
    await store.refresh();
    // Nobody following: ensure waits for the current graph.
    server.touch(ws.set('file:///ws/c.md', text('MOD-103', 'MOD-102')));
    store.changed(3);
    assert.deepEqual((await store.ensure())?.nodes.map((n) => n.id), ['MOD-101', 'MOD-102', 'MOD-103']);
  });
});

function readCurriculum(): RoadmapWorkspace {
  const ws = new RoadmapWorkspace();
  const root = path.resolve('examples/curriculum');
  for (const f of fs.readdirSync(root, { recursive: true }).map(String)) {
    if (f.endsWith('.md')) ws.set(`file://${path.join(root, f)}`, fs.readFileSync(path.join(root, f), 'utf8'));
  }
  return ws;
}

// About the width of a 12px sans-serif character, as the page measures with a canvas.
const measure = (s: string) => s.length * 6.6;

/** Asserts that every node's title fits it, that no node lies over another and that there are edges; the nodes by ID. */
function readable(layout: Layout): Map<string, Layout['nodes'][number]> {
  for (const a of layout.nodes) {
    assert.ok(a.lines.length >= 1 && a.lines.every((l) => measure(l) <= NODE.width - 2 * NODE.padX), a.id);
    for (const b of layout.nodes) {
      if (a === b) continue;
      const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
      assert.ok(apart, `${a.id} overlaps ${b.id}`);
    }
  }
  assert.ok(layout.edges.length > 0);
  return new Map(layout.nodes.map((b) => [b.id, b]));
}

describe('graph preview: layout (elkjs)', () => {

  it('wraps a title into at most three lines, cutting the last with an ellipsis', () => {
    assert.deepEqual(wrapText('Short', 100, 3, measure), ['Short']);
    const lines = wrapText('A very long title that goes on and on well beyond what three lines of a node can hold', 100, 3, measure);
    assert.equal(lines.length, 3);
    assert.ok(lines.every((l) => measure(l) <= 100), lines.join('|'));
    assert.ok(lines[2].endsWith('…'));
    assert.deepEqual(wrapText('Supercalifragilisticexpialidocious', 60, 2, measure).map((l) => measure(l) <= 60), [true]);
  });

  it('lays examples/curriculum out left to right with no overlapping nodes', async () => {
    const graph = buildRoadmapGraph(readCurriculum().index);
    assert.equal(graph.nodes.length, 16);
    const layout = await layoutGraph(new ELK(), viewOf(graph), (s) => measure(s));
    assert.equal(layout.nodes.length, 16);
    const at = readable(layout);
    for (const e of layout.edges) {
      assert.ok(at.get(e.source)!.x + at.get(e.source)!.width <= at.get(e.target)!.x, `${e.source} -> ${e.target} runs left to right`);
      assert.ok(e.points.length >= 2);
    }
    // The longest chain of the curriculum spans eight layers.
    const columns = new Set(layout.nodes.map((b) => Math.round(b.x)));
    assert.ok(columns.size >= 8, `${columns.size} layers`);
  });
});

describe('graph preview: no layout on the page', () => {
  it("the page's bundle holds neither layout; each worker's bundle holds its own", async () => {
    const inputsOf = async (entry: string) => {
      const r = await esbuild.build({ entryPoints: [entry], bundle: true, write: false, metafile: true, platform: 'browser', format: 'iife', mainFields: ['browser', 'module', 'main'], logLevel: 'silent' });
      return Object.keys(r.metafile.inputs);
    };
    const isQuick = (i: string) => i.endsWith('graph/webview/quickLayout.ts');
    const isElk = (i: string) => i.includes('node_modules/elkjs/');
    const page = await inputsOf('client/src/graph/webview/main.ts');
    assert.deepEqual(page.filter((i) => isQuick(i) || isElk(i)), [], 'the page lays nothing out on its thread');
    const quick = await inputsOf('client/src/graph/webview/quickLayoutWorker.ts');
    assert.ok(quick.some(isQuick) && !quick.some(isElk), 'the quick worker has the quick layout and no ELK');
    const elk = await inputsOf('client/src/graph/webview/layoutWorker.ts');
    assert.ok(elk.some(isElk), 'the ELK worker has ELK');
  });
});

describe("graph preview: the worker's quick layout", () => {
  const inside = (p: { x: number; y: number }, b: BoxLayout['boxes'][number]) => p.x > b.x + 0.5 && p.x < b.x + b.width - 0.5 && p.y > b.y + 0.5 && p.y < b.y + b.height - 0.5;
  /** Whether the segment from p to q passes through the box (sampled every 2 px). */
  const crosses = (p: { x: number; y: number }, q: { x: number; y: number }, b: BoxLayout['boxes'][number]) => {
    const steps = Math.max(1, Math.ceil(Math.hypot(q.x - p.x, q.y - p.y) / 2));
    for (let i = 0; i <= steps; i++) if (inside({ x: p.x + ((q.x - p.x) * i) / steps, y: p.y + ((q.y - p.y) * i) / steps }, b)) return true;
    return false;
  };

  it('lays examples/curriculum out left to right in eight layers, no node over another, no edge through a node', () => {
    const graph = buildRoadmapGraph(readCurriculum().index);
    const view = viewOf(graph);
    const layout = documentsLayout(view, quickLayout(documentsRequest(view), (s) => measure(s)));
    assert.equal(layout.nodes.length, 16);
    const at = readable(layout);
    for (const e of layout.edges) {
      const [s, t] = [at.get(e.source)!, at.get(e.target)!];
      assert.ok(s.x + s.width <= t.x, `${e.source} -> ${e.target} runs left to right`);
      assert.deepEqual(e.points[0], { x: s.x + s.width, y: s.y + s.height / 2 }, `${e.source} -> ${e.target} leaves its source's right side`);
      assert.deepEqual(e.points.at(-1), { x: t.x, y: t.y + t.height / 2 }, `${e.source} -> ${e.target} enters its target's left side`);
      for (let i = 1; i < e.points.length; i++) {
        for (const b of layout.nodes) assert.ok(!crosses(e.points[i - 1], e.points[i], b), `${e.source} -> ${e.target} runs through ${b.id}`);
      }
    }
    assert.equal(new Set(layout.nodes.map((b) => Math.round(b.x))).size, 8, 'the longest chain of the curriculum spans eight layers');
    for (const b of layout.nodes) {
      assert.ok(b.x >= 0 && b.y >= 0 && b.x + b.width <= layout.width && b.y + b.height <= layout.height, `${b.id} lies within the drawing`);
    }
  });

  it('places a cycle, a box requiring itself and edges to unknown boxes without failing', () => {
    const layout = quickLayout(
      {
        boxes: ['a', 'b', 'c', 'd'].map((id) => ({ id, text: `Box ${id}`, width: 160 })),
        edges: [
          { source: 'a', target: 'b' },
          { source: 'b', target: 'c' },
          { source: 'c', target: 'a' },
          { source: 'd', target: 'd' },
          { source: 'a', target: 'nowhere' },
          { source: 'a', target: 'b' },
        ],
      },
      (s) => measure(s),
    );
    assert.deepEqual(layout.boxes.map((b) => b.id), ['a', 'b', 'c', 'd']);
    // One edge each for a → b, b → c, c → a (turned round: it runs right to left) and d → d; none to an unknown box.
    assert.deepEqual(layout.edges.map((e) => `${e.source}>${e.target}`), ['a>b', 'b>c', 'c>a', 'd>d']);
    const at = new Map(layout.boxes.map((b) => [b.id, b]));
    assert.ok(at.get('a')!.x < at.get('b')!.x && at.get('b')!.x < at.get('c')!.x, 'the cycle is laid out in its search order');
    const back = layout.edges[2].points;
    assert.ok(back[0].x <= at.get('c')!.x && back.at(-1)!.x >= at.get('a')!.x + at.get('a')!.width, 'c → a leaves c on its left and enters a on its right');
    for (const e of layout.edges) assert.ok(e.points.length >= 2 && e.points.every((p) => Number.isFinite(p.x) && Number.isFinite(p.y)));
    assert.deepEqual(quickLayout({ boxes: [], edges: [] }, (s) => measure(s)), { width: 32, height: 32, boxes: [], edges: [] });
  });
});

describe('graph preview: the bench trace of the extension host', () => {
  it('writes nothing without a file, and every step in order, the latest list last, with one', async () => {
    assert.equal(new GraphTrace(undefined).enabled, false);
    new GraphTrace(undefined).mark('command'); // nothing to write to, nothing thrown
    const written: string[] = [];
    let release!: () => void;
    const slow = new Promise<void>((r) => (release = r));
    const trace = new GraphTrace(async (json) => {
      written.push(json);
      if (written.length === 1) await slow;
    });
    const before = Date.now();
    trace.mark('command');
    trace.mark('panel-created');
    trace.mark('page-ready');
    await new Promise((r) => setImmediate(r));
    assert.equal(written.length, 1, 'the next write waits for the one under way');
    release();
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    const last = JSON.parse(written.at(-1)!) as Array<{ name: string; at: number }>;
    assert.deepEqual(last.map((s) => s.name), ['command', 'panel-created', 'page-ready']);
    assert.ok(last.every((s, i) => s.at >= before && (i === 0 || s.at >= last[i - 1].at)));
    assert.equal(written.length, 3, 'one write per step, one at a time');
  });
});
