#!/usr/bin/env node
// Runs the in-editor suite (out/suite/index.js, built by `npm run build`) inside a real VS Code:
// code-server (VS Code's server + web workbench, extension host on Node 24) driven by headless
// Debian Chromium through playwright-core. This is what CI uses (`npm run test:editor`).
//
//   node test/runners/code-server.mjs [--suite editor|a,b (default: every file)] [--grep TEXT] [--timeout SECONDS] [--keep]
//                                     [--tests out/web-suite/bench.js --folder DIR]
//
// Installs what is missing into .vscode-ci/ (see lib.mjs), copies examples/curriculum and
// examples/broken into a scratch workspace, starts code-server on 127.0.0.1 (a free port in
// 8090-8099) with the smoke-test driver enabled, opens the workbench with the
// extensionDevelopmentPath / extensionTestsPath payload, relays the test output and exits
// non-zero on any failure or timeout. The last line is `N passed, N failed`.
// --tests: another test module instead of out/suite/index.js (the editor bench, test/web-suite/bench.ts, which
// bench/run.mjs BENCH_ONLY=web runs here for the desktop's figures); --folder: that folder as the workspace
// instead of the examples. Environment: ROADMAP_SUITE, ROADMAP_SUITE_GREP (as the flags), TEST_TIMEOUT_S (default 600).
// The extension host also gets ROADMAP_WEBVIEW_DRIVER: the URL of the webview driver
// (webviewDriver.mjs), through which the tests click and type inside webviews.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import util from 'node:util';
import { ROOT, TEST_PORTS, copyDir, ensureTools, fail, launchBrowser, log, main, relaySuite, answerBenchLine, untilSuiteEnds, finishSuite, scratchDir, startCodeServer, watchSquiggles, writeUserSettings } from './lib.mjs';
import { startWebviewDriver } from './webviewDriver.mjs';

const { values: opts } = util.parseArgs({
  options: {
    suite: { type: 'string' },
    grep: { type: 'string' },
    timeout: { type: 'string' },
    keep: { type: 'boolean', default: false },
    tests: { type: 'string', default: 'out/suite/index.js' },
    folder: { type: 'string' },
  },
});
const suite = opts.suite === 'core' ? '' : (opts.suite ?? process.env.ROADMAP_SUITE ?? '');
const grep = opts.grep ?? process.env.ROADMAP_SUITE_GREP ?? '';
const timeoutS = Number(opts.timeout ?? process.env.TEST_TIMEOUT_S ?? 600);

main(async () => {
  const started = Date.now();
  for (const f of ['dist/extension.js', 'dist/server.js', opts.tests]) {
    if (!fs.existsSync(path.join(ROOT, f))) fail(`${f} is missing: run \`npm run build\` first`);
  }
  const tools = await ensureTools();

  const state = scratchDir('test');
  // Outside the repository: the server looks for roadmap.config.json at and above the folder.
  const workspace = opts.folder ? path.resolve(opts.folder) : fs.mkdtempSync(path.join(os.tmpdir(), 'roadmap-suite-'));
  if (!opts.folder) {
    copyDir(path.join(ROOT, 'examples/curriculum'), path.join(workspace, 'curriculum'));
    copyDir(path.join(ROOT, 'examples/broken'), path.join(workspace, 'broken'));
  }
  writeUserSettings(path.join(state, 'user-data'), {
    // The suite asserts on the roadmap server's answers; keep other providers quiet.
    'markdown.validate.enabled': false,
    'files.autoSave': 'off',
  });

  const settingsWritten = fs.readFileSync(path.join(state, 'user-data', 'User', 'settings.json'), 'utf8');

  // Real clicks and keys inside webviews for the tests (test/suite/webview.ts): its URL goes to the
  // extension host in the environment, and it drives the page opened below.
  const driverLog = fs.createWriteStream(path.join(state, 'webview-driver.log'));
  const driver = await startWebviewDriver(undefined, { log: (l) => driverLog.write(l + '\n') });
  const server = await startCodeServer(tools, state, {
    ports: process.env.ROADMAP_TEST_PORT ? [Number(process.env.ROADMAP_TEST_PORT)] : TEST_PORTS,
    smokeTestDriver: true,
    env: { ROADMAP_SUITE: suite, ROADMAP_SUITE_GREP: grep, ...driver.env },
  });
  log(`code-server ${server.url} (pid ${server.child.pid}), workspace ${workspace}`);

  const host = new URL(server.url).host;
  const remote = (p) => `vscode-remote://${host}${p}`;
  const payload = [
    ['extensionDevelopmentPath', remote(ROOT)],
    ['extensionTestsPath', remote(path.resolve(ROOT, opts.tests))],
  ];
  const url = `${server.url}/?folder=${encodeURIComponent(workspace)}&payload=${encodeURIComponent(JSON.stringify(payload))}`;

  // Mocha's failure report (from "N failing" on) is repeated as the last thing printed: CI logs
  // are often read from the tail, below the code-server log.
  const transcript = fs.createWriteStream(path.join(state, 'test-output.log'));
  const { ctx, page } = await launchBrowser(state);
  // The editor bench: when the squiggles were drawn, printed for bench/run.mjs once it ends.
  const squiggles = path.basename(opts.tests) === 'bench.js' ? await watchSquiggles(page) : undefined;
  driver.setPage(page);
  const pageErrors = fs.createWriteStream(path.join(state, 'page-console.log'));
  page.on('console', (m) => pageErrors.write(`[${m.type()}] ${m.text()}\n`));
  page.on('pageerror', (e) => pageErrors.write(`[pageerror] ${e.message}\n`));

  let result;
  // The workbench's smoke-test driver hands the extension host's output and exit code to these.
  const { exit, counts } = await relaySuite(page, transcript, {
    onLine: (line) => squiggles && answerBenchLine(page, line),
    onExit: (logs) => {
      try {
        fs.writeFileSync(path.join(state, 'exthost-logs.json'), JSON.stringify(logs ?? null, null, 1));
      } catch {}
    },
  });
  try {
    log(`opening the workbench with the suite${suite ? ` (ROADMAP_SUITE=${suite})` : ''}${grep ? ` (grep ${grep})` : ''}`);
    await page.goto(url);
    result = await untilSuiteEnds(exit, counts, timeoutS);
    if (squiggles) console.log(`ROADMAP_BENCH_PAGE ${JSON.stringify(await squiggles())}`);
  } finally {
    if (result !== 0) await page.screenshot({ path: path.join(state, 'final.png') }).catch(() => {});
    await driver.close();
    driverLog.end();
    await ctx.close().catch(() => {});
    await server.stop();
    transcript.end();
    pageErrors.end();
  }

  // A workbench that rewrites the user settings (a setting migration) does so by opening
  // settings.json as a document mid-suite; say so, since it has broken runs before.
  const settingsFile = path.join(state, 'user-data', 'User', 'settings.json');
  const settingsNow = fs.existsSync(settingsFile) ? fs.readFileSync(settingsFile, 'utf8') : '';
  if (settingsNow !== settingsWritten) log(`warning: the workbench rewrote ${settingsFile} during the run:\n${settingsNow}`);

  return finishSuite({
    result, counts, timeoutS, what: 'The suite', host: 'The extension host', noStartHint: ': is the smoke-test driver enabled and out/suite/index.js built?',
    server, state, keptFiles: 'test-output.log, page-console.log, webview-driver.log, exthost-logs.json, final.png', workspace, keep: opts.keep, folder: opts.folder, started,
  });
});
