#!/usr/bin/env node
// `vsce`, the VS Code extension packager, for `npm run package` and the runners that
// package a .vsix (the bench's empty webview): installed on first use from its own
// lockfile (scripts/vsce/package.json, package-lock.json) into scripts/vsce/node_modules,
// so that `npm ci` and `npm test`, which never package, do not install it and the 290
// packages it brings for publishing to the Marketplace.
//
//   node scripts/vsce.mjs package --no-dependencies -o roadmap-author.vsix
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const dir = path.join(path.dirname(fileURLToPath(import.meta.url)), 'vsce');
const pinned = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')).dependencies['@vscode/vsce'];
const installed = path.join(dir, 'node_modules', '@vscode', 'vsce', 'package.json');
const bin = path.join(dir, 'node_modules', '@vscode', 'vsce', 'vsce');

function installedVersion() {
  try {
    return JSON.parse(fs.readFileSync(installed, 'utf8')).version;
  } catch {
    return undefined;
  }
}

if (installedVersion() !== pinned) {
  process.stderr.write(`installing @vscode/vsce ${pinned} into ${path.relative(process.cwd(), dir) || dir}/node_modules (npm ci, first use only)\n`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const r = spawnSync(npm, ['ci', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: dir, stdio: 'inherit', shell: process.platform === 'win32' });
  if (r.status !== 0 || installedVersion() !== pinned) {
    process.stderr.write(`could not install @vscode/vsce ${pinned} (npm ci in ${dir} exited ${r.status ?? r.signal})\n`);
    process.exit(1);
  }
}

const r = spawnSync(process.execPath, [bin, ...process.argv.slice(2)], { stdio: 'inherit' });
process.exit(r.status ?? 1);
