/**
 * A quick measurement of the graph preview's page in a real browser (headless
 * Chromium through playwright-core), outside VS Code: the page (dist/graphView.js and
 * its layout workers dist/graphLayout.js and dist/graphQuickLayout.js) under the same content security policy,
 * handed the graph of a generated curriculum as the extension would hand it. It
 * prints, per size, the time from navigation to `data-state=drawn` and
 * `interactive`, the long tasks (PerformanceObserver) on the page's thread, and the
 * same for a click on a track of the overview and for "Show all" (cancelled after
 * BENCH_GRAPH_ALL_MS, default 60 s). Not the official browser bench (that one
 * drives code-server); no target is checked here.
 *
 *   node esbuild.mjs
 *   npx esbuild bench/graphPage.ts --bundle --platform=node --outfile=bench/.build/graphPage.cjs --external:playwright-core
 *   node bench/.build/graphPage.cjs [sizes, default 200,1000]
 */
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { graphHtml } from '../client/src/graph/html';
import { summaryOf } from '../client/src/graph/lod';
import { graphParts, sentInParts } from '../client/src/graph/messages';
import { RoadmapWorkspace } from '../server/src/core/workspace';
import { buildRoadmapGraph } from '../server/src/features/graph';
import { generateCorpus } from './corpus';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const DIST = path.resolve(__dirname, '..', '..', 'dist');
const sizes = (process.argv[2] ?? '200,1000').split(',').map(Number);
const allLimit = Number(process.env.BENCH_GRAPH_ALL_MS ?? 60_000);
/** A folder to save screenshots in (overview, a track, everything), with a few of VS Code's dark theme colours. */
const shots = process.env.BENCH_GRAPH_SHOTS;
const DARK: Record<string, string> = {
  '--vscode-foreground': '#cccccc',
  '--vscode-editor-foreground': '#d4d4d4',
  '--vscode-editor-background': '#1e1e1e',
  '--vscode-descriptionForeground': '#9d9d9d',
  '--vscode-editorLineNumber-foreground': '#858585',
  '--vscode-sideBar-background': '#252526',
  '--vscode-badge-background': '#4d4d4d',
  '--vscode-badge-foreground': '#ffffff',
  '--vscode-focusBorder': '#007fd4',
  '--vscode-errorForeground': '#f48771',
  '--vscode-font-family': 'sans-serif',
  '--vscode-font-size': '13px',
};

function serve(): Promise<{ server: http.Server; origin: string }> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    if (url.pathname === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    if (url.pathname === '/') {
      const origin = `http://${req.headers.host}`;
      res.writeHead(200, { 'content-type': 'text/html' });
      res.end(graphHtml({ cspSource: origin, nonce: 'benchnonce', scriptUri: `${origin}/dist/graphView.js`, workerUri: `${origin}/dist/graphLayout.js`, quickWorkerUri: `${origin}/dist/graphQuickLayout.js` }));
      return;
    }
    const file = path.join(DIST, path.basename(url.pathname));
    if (!url.pathname.startsWith('/dist/') || !fs.existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'text/javascript' });
    res.end(fs.readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}` })));
}

/** The page's stand-in for VS Code's API, and the long-task observer (evaluated before the page's scripts). */
const INIT = `
window.__sent = [];
window.__long = [];
new PerformanceObserver((l) => { for (const e of l.getEntries()) window.__long.push({ start: e.startTime, ms: e.duration }); }).observe({ type: 'longtask', buffered: true });
let saved;
window.acquireVsCodeApi = () => ({ postMessage: (m) => window.__sent.push(m), getState: () => saved, setState: (s) => { saved = s; } });
`;

async function main(): Promise<void> {
  const { chromium } = await import('playwright-core');
  const { server, origin } = await serve();
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'roadmap-graph-bench-'));
  const ctx = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, viewport: { width: 1200, height: 800 }, args: ['--no-sandbox', '--disable-gpu'] });
  console.log(`load: ${os.loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  try {
    for (const size of sizes) {
      const ws = new RoadmapWorkspace();
      for (const f of generateCorpus({ seed: 20261122, size }).files) ws.set(`file:///bench/${f.path}`, f.text);
      const graph = buildRoadmapGraph(ws);
      const page = await ctx.newPage();
      const errors: string[] = [];
      page.on('pageerror', (e) => errors.push(e.message));
      page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
      await page.addInitScript(INIT);
      const t0 = Date.now();
      await page.goto(origin + '/');
      await page.waitForFunction(() => (window as unknown as { __sent: Array<{ type: string }> }).__sent.some((m) => m.type === 'ready'));
      const ready = Date.now() - t0;
      if (shots) await page.evaluate((vars) => Object.entries(vars).forEach(([k, v]) => document.documentElement.style.setProperty(k, v)), DARK);
      const shot = async (name: string) => {
        if (shots) await page.screenshot({ path: path.join(shots, `graph-${size}-${name}.png`) });
      };
      // As the extension sends it (client/src/graph/panel.ts): the summary, and the graph whole or in parts.
      const summary = summaryOf(graph);
      const parts = sentInParts(graph) ? graphParts(graph) : undefined;
      await page.evaluate(
        ({ g, summary, parts }) => {
          window.postMessage(parts ? { type: 'full', version: 1, summary, parts: parts.length, settings: { focusDepth: 1, overviewThreshold: 150 } } : { type: 'full', version: 1, summary, graph: g, settings: { focusDepth: 1, overviewThreshold: 150 } }, '*');
          parts?.forEach((p, index) => window.postMessage({ type: 'graphPart', version: 1, index, ...p }, '*'));
        },
        { g: graph, summary, parts },
      );
      const phase = async (s: string[]) => {
        await page.waitForFunction((want) => want.includes(document.body.dataset.state ?? ''), s, { timeout: 300_000, polling: 10 });
        return Date.now() - t0;
      };
      const drawn = await phase(['drawn', 'interactive']);
      const interactive = await phase(['interactive']);
      const long = async () => {
        const { l, marks } = await page.evaluate(() => ({
          l: (window as unknown as { __long: Array<{ start: number; ms: number }> }).__long.splice(0),
          marks: performance.getEntriesByType('mark').map((m) => ({ name: m.name.replace('roadmap-graph:', ''), at: m.startTime })),
        }));
        if (!l.length) return 'no long task';
        // Each long task with the page's last mark before it ends (where it was).
        const where = l.map((t) => {
          const before = marks.filter((m) => m.at <= t.start + t.ms).pop();
          return `${t.ms.toFixed(0)} ms${before ? ` (after ${before.name})` : ''}`;
        });
        return `${l.length} long task(s): ${where.join(', ')}`;
      };
      const view = await page.evaluate(() => document.body.dataset.view);
      const tracks = await page.locator('[data-track]').count();
      const steps = await page.evaluate(() => performance.getEntriesByType('mark').map((m) => `${m.name.replace('roadmap-graph:', '')} ${Math.round(m.startTime)}`));
      console.log(`${size} documents: ready ${ready} ms, drawn ${drawn} ms, interactive ${interactive} ms (${view}: ${tracks} tracks); ${await long()}`);
      console.log(`  the page's steps (ms from navigation): ${steps.join(', ')}`);
      await shot(view ?? 'first');
      if (tracks && !process.env.BENCH_GRAPH_FIRST_ONLY) {
        const t1 = Date.now();
        await page.locator('[data-track]').first().click();
        await page.waitForFunction(() => document.body.dataset.view === 'track' && document.body.dataset.state === 'interactive', undefined, { timeout: 300_000, polling: 10 });
        const nodes = await page.locator('[data-node-id]').count();
        console.log(`  click on a track: interactive after ${Date.now() - t1} ms (${nodes} documents); ${await long()}`);
        await shot('track');
        const t2 = Date.now();
        await page.getByTestId('show-all').click();
        const all = await page
          .waitForFunction(() => document.body.dataset.view === 'detail' && document.body.dataset.state === 'interactive', undefined, { timeout: allLimit, polling: 50 })
          .then(() => `interactive after ${Date.now() - t2} ms (${size} documents)`)
          .catch(async () => {
            await page.getByTestId('cancel-layout').click();
            await page.waitForFunction(() => document.body.dataset.view === 'overview' && document.body.dataset.state === 'interactive');
            return `cancelled after ${allLimit} ms, back on the overview ${Date.now() - t2 - allLimit} ms later`;
          });
        console.log(`  show all: ${all}; ${await long()}`);
        await shot('all');
      }
      if (errors.length) console.log(`  page errors: ${errors.join(' | ')}`);
      await page.close();
    }
  } finally {
    await ctx.close();
    server.close();
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

void main().catch((e) => {
  console.error(e);
  process.exit(1);
});
