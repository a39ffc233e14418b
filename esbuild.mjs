// Bundles the extension (client), the language server and the tests with esbuild.
//   node esbuild.mjs            dist/extension.js, dist/server.js
//   node esbuild.mjs --tests    the same, plus every test/**/*.test.ts to out/test/
//   node esbuild.mjs --watch    rebuild dist/ on change
//   node esbuild.mjs --production  minified, no source maps (for packaging)
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';

const args = new Set(process.argv.slice(2));
const production = args.has('--production');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  // Prefer ES modules: some packages' UMD builds (jsonc-parser) hide requires from the bundler.
  mainFields: ['module', 'main'],
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
};

const builds = [
  { ...common, entryPoints: { extension: 'client/src/extension.ts' }, outdir: 'dist', external: ['vscode'] },
  { ...common, entryPoints: { server: 'server/src/server.ts' }, outdir: 'dist' },
  { ...common, entryPoints: { cli: 'server/src/cli.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } },
];

if (args.has('--tests')) {
  const tests = fs
    .readdirSync('test', { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => path.join('test', f));
  builds.push({ ...common, entryPoints: tests, outdir: 'out/test', outbase: 'test', external: ['vscode'] });
}

if (args.has('--watch')) {
  for (const b of builds) await (await esbuild.context(b)).watch();
  console.log('watching for changes…');
} else {
  fs.rmSync('out', { recursive: true, force: true });
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
