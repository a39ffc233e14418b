/**
 * The graph preview's page (dist/graphView.js in its real HTML shell, its layout worker
 * dist/graphLayout.js, dist/graphQuickLayout.js) in one headless Debian Chromium (playwright-core), served from a
 * localhost server of this test; `acquireVsCodeApi` is a stub that records what the page
 * posts. The extension's side is played with its own functions (`summaryOf`, `graphParts`):
 * a small graph arrives whole and is drawn at once; a large one arrives as its summary, from
 * which the overview is drawn and answers clicks before any part of the graph is in, and a
 * track asked for meanwhile is shown once the parts (and a change sent among them) are in.
 * Skipped, with one line saying so, when /usr/bin/chromium (CHROMIUM_PATH) is absent.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { graphHtml } from '../../client/src/graph/html';
import { summaryOf } from '../../client/src/graph/lod';
import { graphParts, sentInParts, type HostMessage } from '../../client/src/graph/messages';
import type { RoadmapGraph, RoadmapGraphNode } from '../../client/src/graph/graphModel';
import { servePages } from '../fixtures/pageServer';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const HAVE_CHROMIUM = fs.existsSync(CHROMIUM);
if (!HAVE_CHROMIUM) console.log(`graphPage.test: skipped, no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
const DIST = path.join(process.cwd(), 'dist');
const NONCE = 'graphPageTestNonce';
const SETTINGS = { focusDepth: 1, overviewThreshold: 150 };

/** `perRole` modules in each role, each requiring the one before it in its role; the first of each role requires MOD-1000. */
function chainGraph(roles: string[], perRole: number): RoadmapGraph {
  const nodes: RoadmapGraphNode[] = [];
  const edges: RoadmapGraph['edges'] = [];
  const tracks: NonNullable<RoadmapGraph['tracks']> = [];
  nodes.push({ id: 'MOD-1000', title: 'Foundations', kind: 'module', roles: [], uri: 'file:///ws/mod-1000.md', defined: true, cycle: false, competencies: [], hours: 10 });
  roles.forEach((role, r) => {
    const ids: string[] = [];
    for (let i = 0; i < perRole; i++) {
      const id = `MOD-${1001 + r * perRole + i}`;
      ids.push(id);
      nodes.push({ id, title: `Module ${i + 1} of ${role}`, kind: 'module', roles: [role], uri: `file:///ws/${id.toLowerCase()}.md`, defined: true, cycle: false, competencies: [`Skill ${i % 7}`], hours: 20 });
      edges.push({ from: id, to: i ? ids[i - 1] : 'MOD-1000', type: 'prerequisite', cycle: false });
    }
    tracks.push({ role, documents: ['MOD-1000', ...ids], hours: 10 + 20 * perRole, criticalPath: { ids: ['MOD-1000', ...ids], hours: 10 + 20 * perRole } });
  });
  return { nodes, edges, tracks };
}

const script = (name: string) => () => ({ type: 'text/javascript', body: fs.readFileSync(path.join(DIST, name)) });
const serve = () =>
  servePages({
    '/graph.html': (origin) => ({ type: 'text/html; charset=utf-8', body: graphHtml({ cspSource: origin, nonce: NONCE, scriptUri: `${origin}/graphView.js`, workerUri: `${origin}/graphLayout.js`, quickWorkerUri: `${origin}/graphQuickLayout.js` }) }),
    '/graphView.js': script('graphView.js'),
    '/graphLayout.js': script('graphLayout.js'),
    '/graphQuickLayout.js': script('graphQuickLayout.js'),
  });

describe('the graph page in Chromium', { skip: !HAVE_CHROMIUM }, () => {
  let server: http.Server;
  let origin: string;
  let ctx: BrowserContext;
  let profile: string;

  before(async () => {
    ({ server, origin } = await serve());
    const { chromium } = await import('playwright-core');
    profile = fs.mkdtempSync(path.join(os.tmpdir(), 'roadmap-graph-chromium-'));
    ctx = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
    await ctx.addInitScript(() => {
      const w = window as unknown as { posted: unknown[]; acquireVsCodeApi: () => unknown };
      w.posted = [];
      let saved: unknown;
      w.acquireVsCodeApi = () => ({ postMessage: (m: unknown) => w.posted.push(m), getState: () => saved, setState: (s: unknown) => (saved = s) });
    });
  });

  after(async () => {
    await ctx?.close();
    server?.close();
    if (profile) fs.rmSync(profile, { recursive: true, force: true });
  });

  async function openPage(): Promise<Page> {
    const page = await ctx.newPage();
    await page.goto(`${origin}/graph.html`);
    await page.waitForFunction(() => (window as unknown as { posted: Array<{ type: string }> }).posted.some((m) => m.type === 'ready'));
    return page;
  }
  const send = (page: Page, m: HostMessage) => page.evaluate((msg) => window.postMessage(msg, '*'), m);
  const body = (page: Page) => page.evaluate(() => ({ state: document.body.dataset.state, view: document.body.dataset.view, track: document.body.dataset.track, message: document.getElementById('message')?.textContent ?? '' }));

  it('draws a small graph, sent whole, with no node over another', async () => {
    const graph = chainGraph(['Analyst', 'Engineer'], 6);
    assert.equal(sentInParts(graph), false);
    const page = await openPage();
    await send(page, { type: 'full', version: 1, summary: summaryOf(graph), graph, settings: SETTINGS });
    await page.waitForSelector('body[data-state="interactive"]');
    const boxes = await page.evaluate(() =>
      [...document.querySelectorAll('g.node[data-node-id]')].map((g) => {
        const r = g.getBoundingClientRect();
        return { id: g.getAttribute('data-node-id'), x: r.x, y: r.y, w: r.width, h: r.height };
      }),
    );
    assert.deepEqual(boxes.map((b) => b.id).sort(), graph.nodes.map((n) => n.id).sort());
    for (const a of boxes) for (const b of boxes) if (a !== b) assert.ok(a.x + a.w <= b.x + 1 || b.x + b.w <= a.x + 1 || a.y + a.h <= b.y + 1 || b.y + b.h <= a.y + 1, `${a.id} overlaps ${b.id}`);
    assert.equal((await body(page)).view, 'small');
    await page.close();
  });

  it('draws the overview of a large graph from its summary, then a track once the parts and a change are in', async () => {
    const roles = ['Analyst', 'Architect', 'Engineer', 'Scientist'];
    const graph = chainGraph(roles, 700);
    assert.equal(sentInParts(graph), true);
    const parts = graphParts(graph);
    assert.ok(parts.length > 3, `${parts.length} parts`);
    const page = await openPage();
    await send(page, { type: 'full', version: 4, summary: summaryOf(graph), parts: parts.length, settings: SETTINGS });
    // The overview, interactive, before any part of the graph is in.
    await page.waitForSelector('body[data-state="interactive"][data-view="overview"]');
    const tracks = await page.evaluate(() => [...document.querySelectorAll('[data-track]')].map((e) => `${e.getAttribute('data-track')}: ${e.querySelector('text.count')?.textContent}`));
    assert.deepEqual(tracks.sort(), [...roles.map((r) => `${r}: 701 docs · 14010 h`), '(no role): 1 docs · 10 h'].sort());
    assert.deepEqual(await page.evaluate(() => [...document.querySelectorAll('#role option')].map((o) => o.textContent)), ['All roles', ...roles]);
    // A track asked for now waits for the graph.
    await page.click('[data-track="Engineer"]');
    await page.waitForFunction(() => document.body.dataset.state === 'loading');
    assert.match((await body(page)).message, /^Loading the graph \(2,801 documents\)/);
    assert.equal(await page.locator('[data-node-id]').count(), 0);
    // The parts in reverse order, a change (version 4 → 5) among them.
    const renamed = { ...graph.nodes.find((n) => n.id === 'MOD-2402')!, title: 'Renamed while the graph was coming' };
    for (const [i, part] of [...parts.entries()].reverse()) {
      await send(page, { type: 'graphPart', version: 4, index: i, ...part });
      if (i === 2) await send(page, { type: 'changes', base: 4, version: 5, changes: { upsertNodes: [renamed], removeNodes: [], addEdges: [], removeEdges: [] } });
    }
    await page.waitForFunction(() => document.body.dataset.state === 'interactive' && document.body.dataset.view === 'track', undefined, { timeout: 120_000 });
    const shown = await body(page);
    assert.equal(shown.track, 'Engineer');
    assert.equal(await page.locator('[data-node-id]').count(), 701);
    assert.match((await page.locator('[data-node-id="MOD-2402"] > title').textContent()) ?? '', /^MOD-2402: Renamed while the graph was coming\n/);
    await page.close();
  });
});
