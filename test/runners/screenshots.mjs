#!/usr/bin/env node
// `npm run screenshots`: the README's pictures, taken from the packaged extension in a real VS Code
// (code-server + headless Debian Chromium via playwright-core), so they show the product as it is.
//
//   images/problems.png    examples/broken: diagnostics in the Problems panel
//   images/completion.png  examples/curriculum: ID completion with titles in a Prerequisites line
//   images/hover.png       examples/curriculum: hover on a prerequisite ID
//   images/graph.png       examples/curriculum: "Roadmap: Show Prerequisite Graph"
//   images/overview.png    examples/curriculum: "Roadmap: Show Curriculum Overview"
//
//   node test/runners/screenshots.mjs [--only problems,completion,hover,graph,overview] [--no-package | --vsix FILE] [--out DIR]
//
// Each picture is its own step: one that fails (e.g. the graph command is missing) is reported
// loudly and the script exits non-zero, but the others are still taken.
import fs from 'node:fs';
import path from 'node:path';
import util from 'node:util';
import {
  ROOT,
  TEST_PORTS,
  buildAndPackage,
  copyDir,
  ensureTools,
  installVsix,
  launchBrowser,
  log,
  main,
  scratchDir,
  startCodeServer,
  writeUserSettings,
} from './lib.mjs';

const { values: opts } = util.parseArgs({
  options: {
    only: { type: 'string' },
    'no-package': { type: 'boolean', default: false },
    out: { type: 'string' },
    vsix: { type: 'string' },
  },
});
const SHOTS = ['problems', 'completion', 'hover', 'graph', 'overview'];
const only = opts.only ? opts.only.split(',').map((s) => s.trim()) : SHOTS;
const IMAGES = path.resolve(process.env.INIT_CWD || process.cwd(), opts.out ?? path.join(ROOT, 'images'));
const VIEWPORT = { width: 1400, height: 850 };

// --- driving the workbench --------------------------------------------------------------

const quickInput = '.quick-input-widget';
const debug = (msg) => process.env.DEBUG_SCREENSHOTS && log(`  ${msg}`);

async function workbench(page, base, folder) {
  await page.goto(`${base}/?folder=${encodeURIComponent(folder)}`);
  await page.waitForSelector('.monaco-workbench .part.editor', { timeout: 60_000 });
  debug('workbench');
  // The extension host is up when the status bar shows the extension's item or the explorer is filled.
  await page.waitForSelector('.explorer-folders-view .monaco-list-row', { timeout: 60_000 }).catch(() => {});
  debug('explorer');
  await dismissNotifications(page);
}

/** Lets the workbench finish what it is drawing after the extension answered (activation, code lenses, breadcrumbs). */
async function settle(page) {
  await page
    .waitForFunction(() => ![...document.querySelectorAll('.statusbar-item')].some((e) => /Activating Extensions/.test(e.textContent ?? '')), null, { timeout: 15_000 })
    .catch(() => {});
  await page.locator('.monaco-editor .codelens-decoration').first().waitFor({ timeout: 3000 }).catch(() => {});
  await page.waitForTimeout(800);
}

/** Drags the sash above the bottom panel up by `dy` pixels (more of the Problems list, less editor). */
async function growPanel(page, dy) {
  const panel = await page.locator('.part.panel').first().boundingBox();
  if (!panel) return;
  const sashes = page.locator('.monaco-sash.horizontal');
  for (let i = 0; i < (await sashes.count()); i++) {
    const b = await sashes.nth(i).boundingBox();
    if (!b || Math.abs(b.y + b.height / 2 - panel.y) > 4 || b.width < panel.width / 2) continue;
    const x = b.x + b.width / 2;
    const y = b.y + b.height / 2;
    await page.mouse.move(x, y);
    await page.mouse.down();
    await page.mouse.move(x, y - dy / 2);
    await page.mouse.move(x, y - dy);
    await page.mouse.up();
    return;
  }
}

async function dismissNotifications(page) {
  for (let i = 0; i < 5; i++) {
    const close = page.locator('.notifications-toasts .codicon-notifications-clear, .notifications-toasts .codicon-close').first();
    if (!(await close.isVisible().catch(() => false))) break;
    await close.click().catch(() => {});
  }
}

async function pressQuick(page, key, text, rowText) {
  await page.keyboard.press('Escape');
  await page.keyboard.press(key);
  await page.waitForSelector(`${quickInput} input`, { state: 'visible', timeout: 10_000 });
  await page.keyboard.type(text, { delay: 10 });
  if (rowText) {
    await page.locator(`${quickInput} .monaco-list-row`, { hasText: rowText }).first().waitFor({ timeout: 10_000 });
  }
  await page.keyboard.press('Enter');
  // The widget stays in the DOM (and "visible" to the driver) after it closes: callers wait for the effect.
  await page.waitForTimeout(300);
}

async function openFile(page, rel) {
  const name = path.basename(rel);
  await pressQuick(page, 'Control+P', rel, name);
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout: 15_000 });
  await page.locator('.monaco-editor .view-lines').first().waitFor();
  debug(`opened ${rel}`);
}

async function gotoPosition(page, line, column) {
  await pressQuick(page, 'Control+G', column ? `${line}:${column}` : `${line}`);
}

async function command(page, title) {
  await pressQuick(page, 'F1', title, title);
}

/** The 1-based line number of the first line of a file that starts with `prefix`. */
function lineNumber(file, prefix) {
  const i = fs.readFileSync(file, 'utf8').split('\n').findIndex((l) => l.startsWith(prefix));
  if (i < 0) throw new Error(`${file} has no line starting with ${prefix}`);
  return i + 1;
}

// --- the pictures ------------------------------------------------------------------------

const MOD_304 = 'senior-data-engineer/mod-304-cost-performance-engineering.md';
const PREREQS = '- **Prerequisites**: ';

const steps = {
  async problems({ page, base, work }) {
    await workbench(page, base, path.join(work, 'broken'));
    await openFile(page, 'unknown-reference.md');
    await gotoPosition(page, lineNumber(path.join(work, 'broken/unknown-reference.md'), PREREQS));
    await page.keyboard.press('Control+Shift+M');
    const panel = page.locator('.markers-panel');
    await panel.waitFor({ timeout: 15_000 });
    // The server indexes asynchronously: wait until the status bar's problem count is there and stays put.
    const total = () => page.evaluate(() => (document.getElementById('status.problems')?.textContent?.match(/\d+/g) ?? []).reduce((a, b) => a + Number(b), 0));
    let last = -1;
    let since = Date.now();
    for (const deadline = Date.now() + 30_000; Date.now() < deadline; await page.waitForTimeout(250)) {
      const n = await total();
      if (n !== last) [last, since] = [n, Date.now()];
      else if (n > 0 && Date.now() - since > 2500) break;
    }
    if (last <= 0) throw new Error('no problems showed up in the status bar');
    debug(`${last} problems`);
    await growPanel(page, 200);
    await gotoPosition(page, lineNumber(path.join(work, 'broken/unknown-reference.md'), PREREQS)); // in view again
    await page.mouse.move(700, 5); // off the sash, off the text
    await settle(page);
    await page.screenshot({ path: path.join(IMAGES, 'problems.png') });
  },

  async completion({ page, base, work }) {
    await workbench(page, base, path.join(work, 'curriculum'));
    await openFile(page, MOD_304);
    await gotoPosition(page, lineNumber(path.join(work, 'curriculum', MOD_304), PREREQS));
    await page.keyboard.press('End');
    await page.keyboard.type(', MOD-2', { delay: 30 });
    const widget = page.locator('.suggest-widget.visible');
    for (let i = 0; i < 20; i++) {
      await page.keyboard.press('Control+Space');
      if (await widget.locator('.monaco-list-row', { hasText: 'MOD-20' }).first().isVisible().catch(() => false)) break;
      await page.keyboard.press('Escape');
      await page.waitForTimeout(500); // the server may still be indexing: ask again
    }
    await widget.locator('.monaco-list-row', { hasText: 'MOD-20' }).first().waitFor({ timeout: 5000 });
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(IMAGES, 'completion.png') });
    await page.keyboard.press('Escape');
  },

  async hover({ page, base, work }) {
    await workbench(page, base, path.join(work, 'curriculum'));
    await openFile(page, MOD_304);
    const file = path.join(work, 'curriculum', MOD_304);
    const line = lineNumber(file, PREREQS);
    const column = fs.readFileSync(file, 'utf8').split('\n')[line - 1].indexOf('MOD-302') + 3;
    await gotoPosition(page, line, column);
    const hover = page.locator('.monaco-hover', { hasText: 'Advanced Stream Processing' });
    // Point the mouse at the text cursor, which now sits inside MOD-302, as a user hovering the ID would.
    const cursor = await page.locator('.monaco-editor.focused .cursors-layer .cursor').first().boundingBox();
    if (!cursor) throw new Error('no text cursor in the editor');
    for (let i = 0; i < 20; i++) {
      await page.mouse.move(cursor.x + 2, cursor.y + cursor.height / 2 + (i % 2));
      if (await hover.first().waitFor({ timeout: 1500 }).then(() => true, () => false)) break;
      await page.mouse.move(cursor.x, cursor.y + 200);
    }
    await hover.first().waitFor({ timeout: 5000 });
    await page.waitForTimeout(300);
    await page.screenshot({ path: path.join(IMAGES, 'hover.png') });
    await page.keyboard.press('Escape');
  },

  async graph({ page, base, work, manifest }) {
    const contributed = (manifest.contributes?.commands ?? []).find((c) => c.command === 'roadmap.showGraph');
    if (!contributed) throw new Error('the packaged extension contributes no command roadmap.showGraph ("Roadmap: Show Prerequisite Graph")');
    const title = `${contributed.category ? `${contributed.category}: ` : ''}${contributed.title}`;
    await workbench(page, base, path.join(work, 'curriculum'));
    await openFile(page, MOD_304);
    await command(page, 'View: Close Primary Side Bar'); // the whole width for the graph
    debug('side bar closed');
    await command(page, title);
    debug(`ran ${title}`);
    // The webview: an iframe (.webview) holding the page in #active-frame.
    const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await frame.locator('svg').first().waitFor({ timeout: 30_000 });
    debug('svg');
    await frame.locator('body', { hasText: 'MOD-304' }).waitFor({ timeout: 30_000 });
    debug('MOD-304 drawn');
    // Fit the whole curriculum in the view when the page offers it.
    const fit = frame.getByRole('button', { name: /^Fit$/ });
    if (await fit.isVisible().catch(() => false)) await fit.click();
    await page.waitForTimeout(1000); // layout and zoom transitions
    await page.screenshot({ path: path.join(IMAGES, 'graph.png') });
  },

  async overview({ page, base, work, manifest }) {
    const contributed = (manifest.contributes?.commands ?? []).find((c) => c.command === 'roadmap.showOverview');
    if (!contributed) throw new Error('the packaged extension contributes no command roadmap.showOverview ("Roadmap: Show Curriculum Overview")');
    const title = `${contributed.category ? `${contributed.category}: ` : ''}${contributed.title}`;
    await workbench(page, base, path.join(work, 'curriculum'));
    await openFile(page, MOD_304);
    await command(page, 'View: Close Primary Side Bar');
    await command(page, title);
    const frame = page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
    await frame.locator('body[data-state="drawn"]').waitFor({ timeout: 30_000 });
    // Every document indexed: the Senior track's 14 documents.
    await frame.locator('tr[data-role="Senior Data Engineer"] [data-testid="track-documents"]', { hasText: /^14$/ }).waitFor({ timeout: 30_000 });
    // Painted: two animation frames of the page after its last change.
    await frame.locator('body').evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await page.screenshot({ path: path.join(IMAGES, 'overview.png') });
  },
};

main(async () => {
  const unknown = only.filter((s) => !SHOTS.includes(s));
  if (unknown.length) throw new Error(`unknown screenshots: ${unknown.join(', ')} (have ${SHOTS.join(', ')})`);
  const vsix = opts.vsix
    ? path.resolve(process.env.INIT_CWD || process.cwd(), opts.vsix)
    : opts['no-package']
      ? path.join(ROOT, 'roadmap-author.vsix')
      : await buildAndPackage();
  if (!fs.existsSync(vsix)) throw new Error(`${vsix} does not exist`);
  const tools = await ensureTools({ browser: true });
  const state = scratchDir('screenshots');
  writeUserSettings(path.join(state, 'user-data'), {
    'files.autoSave': 'off',
    'editor.minimap.enabled': false,
    'editor.stickyScroll.enabled': false,
    'editor.occurrencesHighlight': 'off',
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'window.commandCenter': false,
    'workbench.layoutControl.enabled': false,
    'editor.fontSize': 14,
    'editor.hover.delay': 100,
    'editor.suggest.showStatusBar': false,
  });
  await installVsix(tools, state, vsix);
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

  const server = await startCodeServer(tools, state, { ports: TEST_PORTS });
  log(`code-server ${server.url}`);
  fs.mkdirSync(IMAGES, { recursive: true });
  const failed = [];
  const { ctx, page } = await launchBrowser(state, VIEWPORT);
  try {
    for (const name of only) {
      const started = Date.now();
      try {
        // Each picture gets its own copy of the examples (an edit made for one does not show in the next).
        const work = path.join(state, name);
        copyDir(path.join(ROOT, 'examples/curriculum'), path.join(work, 'curriculum'));
        copyDir(path.join(ROOT, 'examples/broken'), path.join(work, 'broken'));
        await steps[name]({ page, base: server.url, work, manifest });
        log(`${path.relative(ROOT, IMAGES)}/${name}.png (${((Date.now() - started) / 1000).toFixed(1)} s)`);
      } catch (e) {
        failed.push(name);
        const debug = path.join(state, `failed-${name}.png`);
        await page.screenshot({ path: debug }).catch(() => {});
        console.error(`\n*** FAILED: images/${name}.png was not taken: ${e.message.split('\n')[0]}\n    (the page at the time: ${debug})\n`);
      }
    }
  } finally {
    await ctx.close().catch(() => {});
    await server.stop();
  }
  if (failed.length) {
    console.error(`screenshots failed: ${failed.join(', ')}; kept ${state}`);
    return 1;
  }
  fs.rmSync(state, { recursive: true, force: true });
  return 0;
});
