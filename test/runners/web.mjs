#!/usr/bin/env node
// Runs the web suite (out/web-suite/index.js, built by `npm run build`) in code-server's **web
// worker extension host** in headless Chromium: the extension as vscode.dev / github.dev run it,
// from its `browser` entry only, with no Node (`npm run test:web`).
//
//   node test/runners/web.mjs [--timeout SECONDS] [--keep] [--screenshot FILE] [--tests out/web-suite/X.js] [--folder DIR]
//
// The extension under test is a scratch copy of what the .vsix holds for the browser: the
// manifest without `main` (so that the workbench cannot pick the Node extension host), dist/web/,
// the graph page, snippets, grammar. The workspace is a scratch copy of examples/curriculum and
// examples/broken; the server reads it through the client (workspace.fs). Relays the test output
// and exits non-zero on any failure or timeout; the last line is `N passed, N failed`.
// --screenshot FILE with --tests out/web-suite/screenshot.js: the page saved there once that bundle has drawn a
// roadmap beside the graph (the README's picture). --tests: another bundle of out/web-suite (bench.js: the web bench, bench/run.mjs
// BENCH_ONLY=web); --folder: that folder as the workspace instead of the examples. Environment: TEST_TIMEOUT_S (default 600).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import util from 'node:util';
import { ROOT, TEST_PORTS, copyDir, ensureTools, fail, launchBrowser, log, main, relaySuite, answerBenchLine, untilSuiteEnds, finishSuite, scratchDir, startCodeServer, watchSquiggles, writeUserSettings } from './lib.mjs';

const { values: opts } = util.parseArgs({
  options: {
    timeout: { type: 'string' },
    keep: { type: 'boolean', default: false },
    screenshot: { type: 'string' },
    tests: { type: 'string', default: 'out/web-suite/index.js' },
    folder: { type: 'string' },
  },
});
const timeoutS = Number(opts.timeout ?? process.env.TEST_TIMEOUT_S ?? 600);

/** Node's bundles: the .vsix's files a web worker extension host does not load. */
const NODE_ONLY = new Set(['dist/extension.js', 'dist/languageClient.js', 'dist/server.js', 'dist/cli.js', 'package.json']);

/**
 * What the extension needs in the browser: the .vsix's files (the `!` lines of
 * .vscodeignore, the one list of what ships) but the Node bundles and the manifest,
 * which is written without `main`.
 */
const WEB_FILES = fs
  .readFileSync(path.join(ROOT, '.vscodeignore'), 'utf8')
  .split(/\r?\n/)
  .filter((l) => l.startsWith('!'))
  .map((l) => l.slice(1).replace(/\/\*\*$/, ''))
  .filter((f) => !NODE_ONLY.has(f));

/** A scratch extension folder holding only the browser entry. */
export function webExtension(dir) {
  for (const f of WEB_FILES) {
    const from = path.join(ROOT, f);
    if (!fs.existsSync(from)) fail(`${f} is missing: run \`npm run build\` first`);
    fs.mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    fs.cpSync(from, path.join(dir, f), { recursive: true });
  }
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  delete manifest.main;
  delete manifest.scripts;
  delete manifest.dependencies;
  delete manifest.devDependencies;
  delete manifest.bin;
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify(manifest, null, 2));
  return dir;
}

main(async () => {
  const started = Date.now();
  const tests = path.resolve(ROOT, opts.tests);
  if (!fs.existsSync(tests) || path.dirname(tests) !== path.join(ROOT, 'out/web-suite')) fail(`${opts.tests} is missing (or not in out/web-suite): run \`npm run build\` first`);
  const tools = await ensureTools();

  const state = scratchDir('web');
  const extension = webExtension(path.join(state, 'extension'));
  fs.cpSync(path.join(ROOT, 'out/web-suite'), path.join(extension, 'out/web-suite'), { recursive: true });
  const workspace = opts.folder ? path.resolve(opts.folder) : fs.mkdtempSync(path.join(os.tmpdir(), 'roadmap-web-'));
  if (!opts.folder) {
    copyDir(path.join(ROOT, 'examples/curriculum'), path.join(workspace, 'curriculum'));
    copyDir(path.join(ROOT, 'examples/broken'), path.join(workspace, 'broken'));
  }
  writeUserSettings(path.join(state, 'user-data'), { 'markdown.validate.enabled': false, 'files.autoSave': 'off' });

  const server = await startCodeServer(tools, state, {
    ports: process.env.ROADMAP_TEST_PORT ? [Number(process.env.ROADMAP_TEST_PORT)] : TEST_PORTS,
    smokeTestDriver: true,
  });
  log(`code-server ${server.url} (pid ${server.child.pid}), workspace ${workspace}`);
  const host = new URL(server.url).host;
  const remote = (p) => `vscode-remote://${host}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(extension)],
    // The extension, and so the tests, in the web worker extension host (without it the tests go to the Node host).
    ['extensionDevelopmentKind', 'web'],
    // Inside the extension's folder: the workbench runs the tests in the host that runs the extension holding them.
    ['extensionTestsPath', remote(path.join(extension, 'out/web-suite', path.basename(tests)))],
  ];
  const url = `${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;

  const transcript = fs.createWriteStream(path.join(state, 'test-output.log'));
  const { ctx, page } = await launchBrowser(state);
  // The editor bench: when the squiggles were drawn, printed for bench/run.mjs once it ends.
  const squiggles = path.basename(opts.tests) === 'bench.js' ? await watchSquiggles(page) : undefined;
  const pageLog = fs.createWriteStream(path.join(state, 'page-console.log'));
  page.on('console', (m) => pageLog.write(`[${m.type()}] ${m.text()}\n`));
  page.on('pageerror', (e) => pageLog.write(`[pageerror] ${e.message}\n`));
  const { exit, counts } = await relaySuite(page, transcript, {
    onLine: (line) => {
      if (opts.screenshot && line.includes('ROADMAP_SCREENSHOT_READY')) void screenshot();
      if (squiggles) answerBenchLine(page, line);
    },
  });
  // --screenshot with out/web-suite/screenshot.js: the picture once it says it is drawn, then the file that ends it.
  const screenshot = async () => {
    await page.screenshot({ path: path.resolve(opts.screenshot) });
    log(`screenshot: ${opts.screenshot}`);
    fs.writeFileSync(path.join(workspace, '.roadmap-screenshot-taken'), '');
  };

  // ROADMAP_CHROME_TRACE=file.json: a Chrome trace of the whole run (every thread of the page: the workbench, the
  // extension host's worker, the server's), for finding where a keystroke's time goes (bench/README.md).
  const chromeTrace = process.env.ROADMAP_CHROME_TRACE ? await startChromeTrace(ctx, page) : undefined;
  let result;
  try {
    log('opening the workbench with the web suite');
    await page.goto(url);
    result = await untilSuiteEnds(exit, counts, timeoutS);
    if (chromeTrace) log(`chrome trace: ${await chromeTrace(path.resolve(process.env.ROADMAP_CHROME_TRACE))}`);
    if (squiggles) console.log(`ROADMAP_BENCH_PAGE ${JSON.stringify(await squiggles())}`);
  } finally {
    if (result !== 0) await page.screenshot({ path: path.join(state, 'final.png') }).catch(() => {});
    await ctx.close().catch(() => {});
    await server.stop();
    transcript.end();
    pageLog.end();
  }

  return finishSuite({
    result, counts, timeoutS, what: 'The web suite', host: 'The web worker extension host',
    server, state, keptFiles: 'test-output.log, page-console.log, final.png', workspace, keep: opts.keep, folder: opts.folder, started,
  });
});

/** Starts a Chrome trace of the page's threads; the returned function ends it and writes it to a file (returns the path). */
async function startChromeTrace(ctx, page) {
  const cdp = await ctx.newCDPSession(page);
  const categories = ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.execute', 'blink.user_timing', 'toplevel', '__metadata'];
  await cdp.send('Tracing.start', { transferMode: 'ReturnAsStream', traceConfig: { includedCategories: categories, excludedCategories: ['*'] } });
  return async (file) => {
    const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
    await cdp.send('Tracing.end');
    const { stream } = await complete;
    const out = fs.createWriteStream(file);
    for (;;) {
      const { data, eof, base64Encoded } = await cdp.send('IO.read', { handle: stream, size: 1 << 20 });
      out.write(base64Encoded ? Buffer.from(data, 'base64') : data);
      if (eof) break;
    }
    await cdp.send('IO.close', { handle: stream });
    await new Promise((resolve) => out.end(resolve));
    return file;
  };
}
