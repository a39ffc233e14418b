/**
 * The Curriculum Overview's page (dist/overviewView.js in its real HTML shell) in one
 * headless Debian Chromium (playwright-core), served from a localhost server of this
 * test, every request elsewhere recorded and aborted; `acquireVsCodeApi` is a stub that
 * records what the page posts. It draws an overview whose every document text is a
 * hostile payload: each shows literally, no element or attribute comes from it, nothing
 * is fetched. Keyboard: Tab reaches the documents and cells, Enter opens, arrow keys
 * move in the matrix (skipping empty cells), Home / End go to a row's ends.
 * Skipped, with one line saying so, when /usr/bin/chromium (CHROMIUM_PATH) is absent.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BrowserContext, Page } from 'playwright-core';
import { overviewHtml } from '../../client/src/overview/html';
import type { PageMessage } from '../../client/src/overview/messages';
import { neutraliseControls } from '../../server/src/core/escape/label';
import type { CurriculumOverview } from '../../server/src/protocol';
import { PAYLOADS } from '../fixtures/hostile';
import { servePages } from '../fixtures/pageServer';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
const HAVE_CHROMIUM = fs.existsSync(CHROMIUM);
if (!HAVE_CHROMIUM) console.log(`overviewPage.test: skipped, no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
const PAGE_JS = path.join(process.cwd(), 'dist/overviewView.js');
const NONCE = 'overviewPageTestNonce';

/** An overview of three documents whose titles, roles and competencies are the payloads. */
function hostileOverview(): CurriculumOverview {
  const p = (i: number) => PAYLOADS[i % PAYLOADS.length];
  const roles = [p(0), p(3)];
  const documents: CurriculumOverview['documents'] = {
    'MOD-101': { title: p(1), uri: 'file:///ws/a.md', hours: 10 },
    'MOD-102': { title: p(2), uri: 'file:///ws/b.md', hours: 20 },
    'PROJ-110': { title: p(4), uri: 'file:///ws/c.md', hours: null },
  };
  return {
    version: 7,
    hoursPerWeek: 10,
    levels: ['Awareness', 'Foundational', 'Working', 'Proficient', 'Advanced', 'Expert'],
    documentCount: 3,
    tracks: [
      { role: roles[0], documents: 3, hours: 30, parts: [{ part: p(5), hours: 30 }], weeks: 3, criticalPath: { ids: ['MOD-101', 'MOD-102'], hours: 30 }, noChain: [], noChainCount: 0 },
      { role: roles[1], documents: 1, hours: 0, parts: [], weeks: 0, criticalPath: { ids: [], hours: 0 }, noChain: ['PROJ-110'], noChainCount: 1 },
    ],
    matrix: {
      roles,
      competencies: [p(6), p(7), p(8)],
      cells: [
        { role: roles[0], competency: p(6), peak: { id: 'MOD-102', level: 'Proficient', rank: 3 }, levels: [{ id: 'MOD-101', level: 'Working', assessed: true }, { id: 'MOD-102', level: 'Proficient', assessed: false }], rowCount: 2, unassessed: 1 },
        { role: roles[1], competency: p(6), peak: null, levels: [{ id: 'PROJ-110', level: p(9), assessed: true }], rowCount: 1, unassessed: 0 },
        { role: roles[0], competency: p(8), peak: { id: 'MOD-101', level: 'Awareness', rank: 0 }, levels: [{ id: 'MOD-101', level: 'Awareness', assessed: true }], rowCount: 1, unassessed: 0 },
        { role: roles[1], competency: p(8), peak: { id: 'PROJ-110', level: 'Expert', rank: 5 }, levels: [{ id: 'PROJ-110', level: 'Expert', assessed: true }], rowCount: 1, unassessed: 0 },
      ],
    },
    blocking: [{ id: 'MOD-101', blocking: 2, hoursBefore: 0 }],
    noChain: [{ id: 'PROJ-110', roles: [roles[1]] }],
    noChainTotal: 1,
    cycles: [['MOD-101', 'MOD-102']],
    documents,
  };
}

const serve = () =>
  servePages({
    '/overview.html': (origin) => ({ type: 'text/html; charset=utf-8', body: overviewHtml({ cspSource: origin, nonce: NONCE, scriptUri: `${origin}/overviewView.js` }) }),
    '/overviewView.js': () => ({ type: 'text/javascript', body: fs.readFileSync(PAGE_JS) }),
  });

describe('the overview page in Chromium', { skip: !HAVE_CHROMIUM }, () => {
  let server: http.Server;
  let origin: string;
  let ctx: BrowserContext;
  let profile: string;
  const elsewhere: string[] = [];
  let page: Page;
  const o = hostileOverview();

  /** What the page posted since the last call. */
  const posted = async (): Promise<PageMessage[]> => page.evaluate(() => (window as unknown as { posted: PageMessage[] }).posted.splice(0));

  before(async () => {
    ({ server, origin } = await serve());
    const { chromium } = await import('playwright-core');
    profile = fs.mkdtempSync(path.join(os.tmpdir(), 'roadmap-overview-chromium-'));
    ctx = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run'] });
    await ctx.route('**/*', (route) => {
      const url = route.request().url();
      if (url.startsWith(`${origin}/`)) return route.continue();
      elsewhere.push(url);
      return route.abort();
    });
    page = await ctx.newPage();
    await page.addInitScript(() => {
      const w = window as unknown as { posted: unknown[]; acquireVsCodeApi: () => unknown };
      w.posted = [];
      w.acquireVsCodeApi = () => ({ postMessage: (m: unknown) => w.posted.push(m) });
    });
    await page.goto(`${origin}/overview.html`);
    await page.waitForFunction(() => (window as unknown as { posted: Array<{ type: string }> }).posted.some((m) => m.type === 'ready'));
    await page.evaluate((data) => window.postMessage({ type: 'data', overview: data }, '*'), o);
    await page.waitForSelector('body[data-state="drawn"][data-version="7"]');
  });

  after(async () => {
    await ctx?.close();
    server?.close();
    if (profile) fs.rmSync(profile, { recursive: true, force: true });
  });

  it('shows every payload as text: no element, attribute or request comes from one', async () => {
    const dom = await page.evaluate(() => ({
      tags: [...new Set([...document.querySelectorAll('*')].map((e) => e.tagName.toLowerCase()))].sort(),
      scripts: document.scripts.length,
      bad: [...document.querySelectorAll('*')].flatMap((e) => [...e.attributes].filter((a) => /^on|^href$|^src$/i.test(a.name) && e.tagName !== 'SCRIPT').map((a) => `${e.tagName} ${a.name}`)),
      rowHeaders: [...document.querySelectorAll('table.matrix tbody th')].map((th) => th.textContent),
      colHeaders: [...document.querySelectorAll('table.matrix thead th')].map((th) => th.textContent),
      titles: [...document.querySelectorAll('button.doc')].map((b) => b.getAttribute('title')),
    }));
    assert.deepEqual(dom.tags, ['body', 'button', 'caption', 'div', 'h1', 'h2', 'head', 'html', 'li', 'main', 'meta', 'ol', 'p', 'script', 'section', 'span', 'style', 'table', 'tbody', 'td', 'th', 'thead', 'title', 'tr', 'ul']);
    assert.equal(dom.scripts, 1);
    assert.deepEqual(dom.bad, []);
    assert.deepEqual(dom.rowHeaders, o.matrix.competencies.map(neutraliseControls));
    assert.deepEqual(dom.colHeaders, ['Competency', ...o.matrix.roles.map(neutraliseControls)]);
    assert.ok(dom.titles.includes(`MOD-101 ${neutraliseControls(o.documents['MOD-101'].title!)}, 10 h`), dom.titles.join('\n'));
    assert.deepEqual(elsewhere, []);
  });

  it('labels each cell for screen readers: the highest level and every row', async () => {
    const label = await page.evaluate(() => document.querySelector('button.cell[data-row="0"][data-col="0"]')?.getAttribute('aria-label'));
    const role = neutraliseControls(o.matrix.roles[0]);
    const competency = neutraliseControls(o.matrix.competencies[0]);
    assert.equal(label, `${role}, ${competency}: highest Proficient (MOD-102); 2 rows in prerequisite order: MOD-101 ${neutraliseControls(o.documents['MOD-101'].title!)}: Working; MOD-102 ${neutraliseControls(o.documents['MOD-102'].title!)}: Proficient (no evidence)`);
    // An empty cell says so; the row of a competency no track targets at a known level shows "?".
    const empty = await page.evaluate(() => [...document.querySelectorAll('table.matrix td.empty')].map((td) => td.getAttribute('aria-label')));
    assert.deepEqual(empty, [`${role}, ${neutraliseControls(o.matrix.competencies[1])}: not targeted`, `${neutraliseControls(o.matrix.roles[1])}, ${neutraliseControls(o.matrix.competencies[1])}: not targeted`]);
  });

  it('opens a document or a cell by click and by Enter', async () => {
    await posted();
    await page.click('tr[data-role] [data-testid="track-path"] button.doc[data-open="MOD-102"]');
    await page.focus('button.cell[data-row="2"][data-col="1"]');
    await page.keyboard.press('Enter');
    assert.deepEqual(await posted(), [
      { type: 'open', id: 'MOD-102' },
      { type: 'openCell', role: o.matrix.roles[1], competency: o.matrix.competencies[2] },
    ]);
  });

  it('moves between cells with the arrow keys, skipping empty ones; Home and End', async () => {
    const at = () => page.evaluate(() => `${(document.activeElement as HTMLElement).dataset.row},${(document.activeElement as HTMLElement).dataset.col}`);
    await page.focus('button.cell[data-row="0"][data-col="0"]');
    await page.keyboard.press('ArrowRight');
    assert.equal(await at(), '0,1');
    await page.keyboard.press('ArrowDown'); // row 1 is empty in both columns: to row 2
    assert.equal(await at(), '2,1');
    await page.keyboard.press('ArrowDown'); // no row below: stays
    assert.equal(await at(), '2,1');
    await page.keyboard.press('Home');
    assert.equal(await at(), '2,0');
    await page.keyboard.press('ArrowUp');
    assert.equal(await at(), '0,0');
    await page.keyboard.press('End');
    assert.equal(await at(), '0,1');
  });

  it('keeps the focus on the same cell when a new version is drawn', async () => {
    await page.focus('button.cell[data-row="2"][data-col="0"]');
    await page.evaluate((data) => window.postMessage({ type: 'data', overview: { ...data, version: 8 } }, '*'), o);
    await page.waitForSelector('body[data-version="8"]');
    assert.equal(await page.evaluate(() => `${(document.activeElement as HTMLElement).dataset.row},${(document.activeElement as HTMLElement).dataset.col}`), '2,0');
    const rendered = (await posted()).filter((m) => m.type === 'rendered');
    assert.deepEqual(rendered.at(-1), { type: 'rendered', version: 8, tracks: 2, cells: 4 });
  });
});
