#!/usr/bin/env node
// `npm start [-- FOLDER]`: Roadmap Author in a real VS Code in the browser, for anyone without desktop
// VS Code. Builds and packages the extension (roadmap-author.vsix), installs code-server if needed
// (cached in .vscode-ci/, see lib.mjs), installs the .vsix into a scratch extensions dir, and serves
// FOLDER (default examples/curriculum) on http://127.0.0.1:${PORT:-8080} until stopped (Ctrl+C).
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, buildAndPackage, ensureTools, fail, installVsix, isStopping, log, main, portFree, scratchDir, startCodeServer, writeUserSettings } from './lib.mjs';

main(async () => {
  const args = process.argv.slice(2).filter((a) => a !== '--');
  if (args.some((a) => a === '-h' || a === '--help')) {
    console.log('usage: npm start [-- FOLDER]   (PORT=8080 by default; FOLDER defaults to examples/curriculum)');
    return 0;
  }
  // npm runs scripts from the package root; a relative FOLDER means relative to where `npm start` was typed.
  const cwd = process.env.INIT_CWD || process.cwd();
  const folder = path.resolve(cwd, args[0] ?? path.join(ROOT, 'examples/curriculum'));
  if (!fs.existsSync(folder) || !fs.statSync(folder).isDirectory()) fail(`${folder} is not a folder`);
  const port = Number(process.env.PORT || 8080);
  if (!Number.isInteger(port) || port <= 0 || port > 65535) fail(`PORT=${process.env.PORT} is not a port number`);
  if (!(await portFree(port))) fail(`port ${port} on 127.0.0.1 is in use: choose another with PORT=... npm start`);

  const vsix = await buildAndPackage();
  const tools = await ensureTools({ browser: false });
  const state = scratchDir('start');
  process.on('exit', () => isStopping() && fs.rmSync(state, { recursive: true, force: true })); // kept if code-server died
  writeUserSettings(path.join(state, 'user-data'));
  await installVsix(tools, state, vsix);

  const server = await startCodeServer(tools, state, { ports: [port], folder });
  const url = `${server.url}/?folder=${encodeURIComponent(folder)}`;
  console.log('');
  const shown = path.relative(cwd, folder);
  console.log(`  Roadmap Author in VS Code (code-server), serving ${!shown ? '.' : shown.startsWith('..') ? folder : shown}:`);
  console.log(`  ${url}`);
  console.log('');
  console.log(`  Ctrl+C stops it. Server log: ${server.logFile}`);
  const code = await new Promise((resolve) => server.child.once('exit', (c, s) => resolve(s ? 1 : (c ?? 1))));
  if (isStopping()) return new Promise(() => {}); // the signal handler exits
  log(`code-server exited (${code}); see ${server.logFile}`);
  return code === 0 ? 0 : 1;
});
