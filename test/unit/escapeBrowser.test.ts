/**
 * The exports, as a browser shows them (issue 17), in one headless Debian Chromium
 * (playwright-core), pages served from a localhost server of this test; every
 * request elsewhere is recorded and aborted:
 * - Mermaid: hostile graphs (test/fixtures/hostile.ts) through `toMermaid`, rendered
 *   by Mermaid (default configuration, strict security level), all in one page: its
 *   one-file build `@mermaid-js/tiny` (the same flowchart renderer and sanitiser, without
 *   the mindmap, architecture and KaTeX support that `toMermaid` never uses; 3 MB to
 *   install instead of the full package's 200 MB). Every diagram renders; its `<style>` is exactly the style of the same
 *   graph with harmless text (no injected CSS, no `%%{init}%%` took effect); no
 *   request leaves the page; no script, link, image or foreign element, no event
 *   handler; each node's label shows the bounded ID and title literally. A control
 *   renders the unescaped directive and sees the injection, so the harness can tell.
 * - The graph preview's Export SVG: the real page (dist/graphView.js in the real
 *   HTML shell) draws a hostile graph and exports it; the host's check accepts that
 *   SVG, and rejects the bypasses of the issue.
 * Skipped, with one line saying so, when /usr/bin/chromium (CHROMIUM_PATH) is absent.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import type { BrowserContext, Page } from 'playwright-core';
import { SaxesParser } from 'saxes';
import { graphHtml } from '../../client/src/graph/html';
import { parsePageMessage } from '../../client/src/graph/messages';
import { boundLabel, LABEL_MAX, neutraliseControls } from '../../server/src/core/escape/label';
import { svgProblem } from '../../server/src/core/escape/svg';
import type { GraphData, GraphNode } from '../../server/src/core/graphData';
import { graphRoles, toMermaid } from '../../server/src/core/graphFormat';
import type { RoadmapGraph } from '../../server/src/protocol';
import { BIDI_OR_INVISIBLE, hostileGraph, PAYLOADS, SEED } from '../fixtures/hostile';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const HAVE_CHROMIUM = fs.existsSync(CHROMIUM);
if (!HAVE_CHROMIUM) console.log(`escapeBrowser.test: skipped, no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);

const ROOT = process.cwd();
const MERMAID_JS = path.join(ROOT, 'node_modules/@mermaid-js/tiny/dist/mermaid.tiny.js');
const GRAPH_JS = path.join(ROOT, 'dist/graphView.js');
const LAYOUT_JS = path.join(ROOT, 'dist/graphLayout.js');
const QUICK_LAYOUT_JS = path.join(ROOT, 'dist/graphQuickLayout.js');
const NONCE = 'escapeBrowserTestNonce';

// --- the pages ------------------------------------------------------------------

function serve(): Promise<{ server: http.Server; origin: string }> {
  const server = http.createServer((req, res) => {
    const send = (type: string, body: string | Buffer) => {
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(body);
    };
    const origin = `http://${req.headers.host}`;
    switch (req.url) {
      case '/mermaid.html':
        return send('text/html; charset=utf-8', '<!DOCTYPE html><html><head><meta charset="utf-8"><script src="/mermaid.js"></script></head><body></body></html>');
      case '/mermaid.js':
        return send('text/javascript', fs.readFileSync(MERMAID_JS));
      case '/graph.html':
        return send('text/html; charset=utf-8', graphHtml({ cspSource: origin, nonce: NONCE, scriptUri: `${origin}/graphView.js`, workerUri: `${origin}/graphLayout.js`, quickWorkerUri: `${origin}/graphQuickLayout.js` }));
      case '/graphView.js':
        return send('text/javascript', fs.readFileSync(GRAPH_JS));
      case '/graphLayout.js':
        return send('text/javascript', fs.readFileSync(LAYOUT_JS));
      case '/graphQuickLayout.js':
        return send('text/javascript', fs.readFileSync(QUICK_LAYOUT_JS));
      default:
        res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

// --- hostile graphs -----------------------------------------------------------------

const graphArb = hostileGraph(4);

/** The same graph with harmless text: IDs, titles and roles renamed, the roles in the same order. */
function harmless(g: GraphData): GraphData {
  const ids = new Map(g.nodes.map((n, i) => [n.id, `ID${i}`]));
  const roles = new Map(graphRoles(g).map((r, i) => [r, `R${String(i).padStart(3, '0')}`]));
  return {
    nodes: g.nodes.map((n, i) => ({ ...n, id: ids.get(n.id)!, title: n.title === undefined ? undefined : `T${i}`, roles: n.roles.map((r) => roles.get(r)!) })),
    edges: g.edges.map((e) => ({ ...e, from: ids.get(e.from)!, to: ids.get(e.to)! })),
  };
}

/** The label a node should show: its bounded ID and title (or "(not defined)"), one per line. */
function expectedLabel(n: GraphNode): string {
  const second = n.defined ? (n.title ? boundLabel(n.title) : undefined) : '(not defined)';
  return second === undefined ? boundLabel(n.id) : `${boundLabel(n.id)}\n${second}`;
}

// --- rendering Mermaid in the page ------------------------------------------------------

interface Rendered {
  error?: string;
  /** The diagram's `<style>` text, its ID written `#ID`. */
  style: string;
  /** Node name -> label text (a `<br>` as a line break). */
  labels: Record<string, string>;
  tags: string[];
  /** Attributes named on…, href, xlink:href, or holding javascript:. */
  badAttributes: string[];
}

async function renderMermaid(page: Page, texts: string[]): Promise<Rendered[]> {
  return page.evaluate(async (texts) => {
    const mermaid = (window as unknown as { mermaid: { initialize(c: object): void; render(id: string, text: string): Promise<{ svg: string }> } }).mermaid;
    mermaid.initialize({ startOnLoad: false });
    const labelText = (el: Element): string => {
      let s = '';
      for (const c of el.childNodes) {
        if (c.nodeType === Node.TEXT_NODE) s += c.textContent ?? '';
        else if (c instanceof Element) s += c.tagName.toLowerCase() === 'br' ? '\n' : labelText(c);
      }
      return s;
    };
    const out = [];
    for (const [i, text] of texts.entries()) {
      const id = `d${i}`;
      const host = document.createElement('div');
      document.body.appendChild(host);
      try {
        const { svg } = await mermaid.render(id, text);
        host.innerHTML = svg;
      } catch (e) {
        out.push({ error: String(e), style: '', labels: {}, tags: [], badAttributes: [] });
        continue;
      }
      const root = host.querySelector('svg')!;
      const labels: Record<string, string> = {};
      for (const g of root.querySelectorAll('g.node')) {
        const name = /-flowchart-(.+)-\d+$/.exec(g.id)?.[1] ?? g.id;
        const label = g.querySelector('.nodeLabel') ?? g.querySelector('.label');
        labels[name] = label ? labelText(label) : '';
      }
      const all = [root, ...root.querySelectorAll('*')];
      out.push({
        style: [...root.querySelectorAll('style')].map((s) => s.textContent ?? '').join('\n').split(`#${id}`).join('#ID'),
        labels,
        tags: [...new Set(all.map((e) => e.tagName.toLowerCase()))].sort(),
        badAttributes: all.flatMap((e) => [...e.attributes].filter((a) => /^on|^href$|^xlink:href$/i.test(a.name) || /javascript:/i.test(a.value)).map((a) => `${e.tagName} ${a.name}=${a.value}`)),
      });
    }
    // Let the page lay out and paint what it inserted, so any stylesheet it would load is asked for.
    await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
    return out;
  }, texts);
}

/** Elements a Mermaid flowchart is drawn with (no script, link, image or embedded document). */
const DRAWING_TAGS = new Set(['svg', 'style', 'filter', 'fedropshadow', 'fegaussianblur', 'feoffset', 'feflood', 'fecomposite', 'femerge', 'femergenode', 'g', 'rect', 'path', 'polygon', 'circle', 'ellipse', 'line', 'marker', 'defs', 'text', 'tspan', 'foreignobject', 'div', 'span', 'p', 'br', 'title', 'desc']);

describe('escape: exports in a browser (Chromium)', { skip: !HAVE_CHROMIUM }, () => {
  let ctx: BrowserContext;
  let server: http.Server;
  let origin: string;
  let profile: string;
  const elsewhere: string[] = [];

  before(async () => {
    ({ server, origin } = await serve());
    const { chromium } = await import('playwright-core');
    profile = fs.mkdtempSync(path.join(os.tmpdir(), 'roadmap-escape-chromium-'));
    ctx = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'],
    });
    await ctx.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(`${origin}/`)) return route.continue();
      elsewhere.push(url);
      return route.abort();
    });
  });

  after(async () => {
    await ctx?.close();
    server?.close();
    if (profile) fs.rmSync(profile, { recursive: true, force: true });
  });

  async function newPage(url: string): Promise<{ page: Page; requests: string[] }> {
    const page = await ctx.newPage();
    const requests: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(`${origin}/`) && !r.url().startsWith('data:')) requests.push(r.url());
    });
    await page.goto(`${origin}${url}`);
    return { page, requests };
  }

  it('the harness sees a directive injection when the text is not escaped (control)', async () => {
    const { page, requests } = await newPage('/mermaid.html');
    const plain = 'flowchart LR\n  a["x"]\n';
    const injected = 'flowchart LR\n  %% role0: %%{init: {"themeCSS": ".node rect{fill:url(http://evil.example/control)}"}}%%\n  a["x"]\n';
    const [base, bad] = await renderMermaid(page, [plain, injected]);
    assert.equal(base.error, undefined);
    assert.equal(bad.error, undefined);
    assert.notEqual(bad.style, base.style, 'the unescaped directive changes the style');
    assert.match(bad.style, /evil\.example\/control/);
    await page.close();
    assert.ok(requests.concat(elsewhere).some((u) => u.includes('evil.example/control')), `the injected url() is requested: ${JSON.stringify(requests)}`);
    elsewhere.length = 0;
  });

  it('Mermaid: every hostile graph renders, with its own style only, no request, no active content, labels literal', async () => {
    const graphs = fc.sample(graphArb, { seed: SEED, numRuns: Number(process.env.NUM_RUNS ?? 30) });
    graphs.push({ nodes: PAYLOADS.map((p, i) => ({ id: `${p} ${i}`, title: p, roles: [p], defined: true, kind: i % 2 ? 'project' : 'module', cycle: i % 5 === 0 })), edges: [] });
    const texts = graphs.flatMap((g) => [toMermaid(g), toMermaid(harmless(g))]);
    const { page, requests } = await newPage('/mermaid.html');
    const rendered = await renderMermaid(page, texts);
    await page.close();
    assert.deepEqual(requests, [], 'no request left the page');
    assert.deepEqual(elsewhere, [], 'no request left the page');
    graphs.forEach((g, gi) => {
      const [got, base] = [rendered[2 * gi], rendered[2 * gi + 1]];
      const where = `graph ${gi}:\n${texts[2 * gi].slice(0, 2000)}`;
      assert.equal(got.error, undefined, where);
      assert.equal(base.error, undefined, where);
      assert.equal(got.style, base.style, `${where}\nthe style is the harmless graph's`);
      assert.deepEqual(got.tags.filter((t) => !DRAWING_TAGS.has(t)), [], where);
      assert.deepEqual(got.badAttributes, [], where);
      const names = [...texts[2 * gi].matchAll(/^ {2}(n_\w*)[[(]/gm)].map((m) => m[1]);
      assert.equal(names.length, g.nodes.length, where);
      // (Without the invisible word joiner the escaping puts after a backslash; a document's own are marked.)
      // (An empty label is written as one space, since Mermaid refuses `[""]`, and an empty line is not drawn.)
      const lines = (t: string | undefined) => t?.replaceAll('\u2060', '').split('\n').map((l) => l.trim()).filter(Boolean);
      g.nodes.forEach((n, ni) => assert.deepEqual(lines(got.labels[names[ni]]), lines(expectedLabel(n)), `${where}\nlabel of node ${ni}`));
      for (const label of Object.values(got.labels)) {
        for (const l of label.replaceAll('\u2060', '').split('\n')) {
          assert.ok(Array.from(l).length <= LABEL_MAX, `${where}\na drawn line is at most ${LABEL_MAX} characters: ${l}`);
          assert.doesNotMatch(l, BIDI_OR_INVISIBLE, `${where}\nno bidi or invisible character is drawn`);
        }
      }
    });
  });

  it('Export SVG: the real page exports a hostile graph, and the host accepts that SVG', async () => {
    assert.ok(fs.existsSync(GRAPH_JS), 'dist/graphView.js is built (node esbuild.mjs)');
    const graph: RoadmapGraph = {
      nodes: PAYLOADS.map((p, i) => ({
        id: `MOD-${100 + i}`,
        title: p,
        kind: i % 3 ? 'module' : 'project',
        roles: [p, `Role ${i % 4}`],
        uri: `file:///ws/mod-${100 + i}.md`,
        defined: i % 7 !== 6,
        cycle: i % 5 === 0,
        competencies: [p],
      })),
      edges: PAYLOADS.slice(1).map((_, i) => ({ from: `MOD-${101 + i}`, to: `MOD-${100 + i}`, type: i % 3 ? ('prerequisite' as const) : ('next' as const), cycle: false })),
    };
    const page = await ctx.newPage();
    const requests: string[] = [];
    page.on('request', (r) => {
      if (!r.url().startsWith(`${origin}/`) && !r.url().startsWith('data:')) requests.push(r.url());
    });
    await page.addInitScript(() => {
      const w = window as unknown as { __posted: unknown[]; acquireVsCodeApi: () => unknown };
      w.__posted = [];
      w.acquireVsCodeApi = () => ({ postMessage: (m: unknown) => w.__posted.push(m), getState: () => undefined, setState: () => undefined });
    });
    await page.goto(`${origin}/graph.html`);
    await page.waitForFunction(() => (window as unknown as { __posted: Array<{ type: string }> }).__posted.some((m) => m.type === 'ready'));
    await page.evaluate((graph) => window.postMessage({ type: 'full', version: 1, graph, settings: { focusDepth: 1, overviewThreshold: 150 } }, '*'), graph);
    await page.waitForFunction((n) => (window as unknown as { __posted: Array<{ type: string; nodes?: string[] }> }).__posted.some((m) => m.type === 'rendered' && m.nodes?.length === n), graph.nodes.length);
    // What the page drew (its DOM text, as it reports it): bounded lines, bidi and invisible characters marked.
    const drawnLabels = await page.evaluate(() =>
      (window as unknown as { __posted: Array<{ type: string; labels?: Record<string, { id: string; lines: string[] }> }> }).__posted.filter((m) => m.type === 'rendered').pop()?.labels,
    );
    assert.ok(drawnLabels);
    assert.equal(Object.keys(drawnLabels).length, graph.nodes.length);
    for (const [id, l] of Object.entries(drawnLabels)) {
      assert.ok(l.lines.length <= 3, `${id}: at most three title lines`);
      for (const line of [l.id, ...l.lines]) {
        assert.ok(Array.from(line).length <= LABEL_MAX, `${id}: a drawn line is at most ${LABEL_MAX} characters`);
        assert.doesNotMatch(line, BIDI_OR_INVISIBLE, `${id}: no bidi or invisible character is drawn`);
      }
    }
    await page.click('#export-svg');
    const svg = (await page.waitForFunction(() => (window as unknown as { __posted: Array<{ type: string; svg?: string }> }).__posted.find((m) => m.type === 'exportSvg')?.svg)).jsonValue() as unknown as string;
    const exported = await svg;
    await page.close();
    assert.deepEqual(requests, []);
    assert.equal(typeof exported, 'string');
    assert.equal(svgProblem(exported), undefined);
    assert.deepEqual(parsePageMessage({ type: 'exportSvg', svg: exported }), { type: 'exportSvg', svg: exported });
    // It is the drawing of every node, its tooltip holding the full title (bidi and invisible characters marked).
    const tooltips: string[] = [];
    let inNode = 0;
    let title: string | undefined;
    const p = new SaxesParser();
    p.on('opentag', (t) => {
      if (t.name === 'g' && String(t.attributes.class ?? '').split(' ').includes('node')) inNode++;
      else if (inNode && t.name === 'g') inNode++;
      if (inNode && t.name === 'title') title = '';
    });
    p.on('text', (s) => {
      if (title !== undefined) title += s;
    });
    p.on('closetag', (t) => {
      if (t.name === 'title' && title !== undefined) tooltips.push(title);
      if (t.name === 'title') title = undefined;
      if (t.name === 'g' && inNode) inNode--;
    });
    p.write(exported).close();
    assert.equal(tooltips.length, graph.nodes.length);
    const wanted = graph.nodes.filter((n) => n.defined).map((n) => neutraliseControls(`${n.id}: ${n.title}`).replace(/\r\n?/g, '\n'));
    for (const w of wanted) assert.ok(tooltips.some((t) => t.startsWith(`${w}\n`)), `a tooltip starts with ${JSON.stringify(w.slice(0, 80))}`);
  });
});
