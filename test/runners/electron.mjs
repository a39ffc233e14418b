#!/usr/bin/env node
// Runs the in-editor suite (out/suite/index.js, built by `npm run build`) in desktop VS Code, downloaded
// by @vscode/test-electron from the VS Code update server. For machines that can reach it (a laptop, a
// hosted CI); where it cannot (no route to update.code.visualstudio.com) use `npm run test:editor`
// (code-server from npm, test/runners/code-server.mjs), which runs the same suite.
//
//   node test/runners/electron.mjs [--suite editor|a,b (default: every file)] [--grep TEXT] [--vscode-version stable|insiders|1.91.0]
//
// The window opens a scratch copy of examples/curriculum and examples/broken (curriculum/, broken/).
// On Linux without a display, run it under a virtual one: `xvfb-run -a node test/runners/electron.mjs`.
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import util from 'node:util';
import { ROOT, copyDir, writeUserSettings } from './lib.mjs';

const { values: opts } = util.parseArgs({
  options: {
    suite: { type: 'string' },
    grep: { type: 'string' },
    'vscode-version': { type: 'string' },
  },
});
const version = opts['vscode-version'] ?? process.env.VSCODE_VERSION ?? 'stable';
const suite = opts.suite === 'core' ? '' : (opts.suite ?? process.env.ROADMAP_SUITE ?? '');
const grep = opts.grep ?? process.env.ROADMAP_SUITE_GREP ?? '';

for (const f of ['dist/extension.js', 'dist/server.js', 'out/suite/index.js']) {
  if (!fs.existsSync(path.join(ROOT, f))) {
    console.error(`error: ${f} is missing: run \`npm run build\` first`);
    process.exit(1);
  }
}
if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
  console.warn('warning: no DISPLAY; desktop VS Code needs one. If it fails to start, run: xvfb-run -a node test/runners/electron.mjs');
}

const cachePath = path.join(ROOT, '.vscode-test');
let vscodeExecutablePath;
try {
  vscodeExecutablePath = await downloadAndUnzipVSCode({ version, cachePath, extensionDevelopmentPath: ROOT, timeout: 30_000 });
} catch (e) {
  console.error(
    `error: could not download VS Code (${version}) from the VS Code update server: ${e?.message ?? e}\n` +
      '  This machine cannot fetch desktop VS Code. Run the same suite in code-server instead: npm run test:editor',
  );
  console.log('0 passed, 1 failed');
  process.exit(1);
}

const run = fs.mkdtempSync(path.join(os.tmpdir(), 'roadmap-electron-'));
const workspace = path.join(run, 'workspace');
copyDir(path.join(ROOT, 'examples/curriculum'), path.join(workspace, 'curriculum'));
copyDir(path.join(ROOT, 'examples/broken'), path.join(workspace, 'broken'));
const userData = path.join(run, 'user-data');
writeUserSettings(userData, { 'markdown.validate.enabled': false, 'files.autoSave': 'off', 'window.restoreWindows': 'none' });

let code = 1;
try {
  code = await runTests({
    vscodeExecutablePath,
    extensionDevelopmentPath: ROOT,
    extensionTestsPath: path.join(ROOT, 'out/suite/index.js'),
    extensionTestsEnv: { ROADMAP_SUITE: suite, ROADMAP_SUITE_GREP: grep },
    launchArgs: [
      workspace,
      '--disable-extensions', // other installed extensions; the one under development still loads
      '--disable-workspace-trust',
      '--skip-welcome',
      '--skip-release-notes',
      '--disable-telemetry',
      `--user-data-dir=${userData}`,
      `--extensions-dir=${path.join(run, 'extensions')}`,
    ],
  });
} catch (e) {
  console.error(`error: the in-editor suite failed: ${e?.message ?? e}`);
  code = 1;
} finally {
  fs.rmSync(run, { recursive: true, force: true });
}
process.exit(code === 0 ? 0 : 1);
