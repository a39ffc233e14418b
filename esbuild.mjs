// Bundles the extension (client), the language server and the tests with esbuild.
//   node esbuild.mjs            dist/extension.js, dist/server.js, dist/web/ (the browser's extension and server),
//                               and the in-editor suites to out/suite/ and out/web-suite/
//   node esbuild.mjs --tests    the same, plus every test/**/*.test.ts (but test/suite) to out/test/
//   node esbuild.mjs --watch    rebuild dist/ on change
//   node esbuild.mjs --production  minified, no source maps (for packaging)
import * as esbuild from 'esbuild';
import fs from 'node:fs';
import path from 'node:path';
import { browserBuiltins, nodeBuiltinsIn } from './scripts/browserBundles.mjs';

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
  // The extension, and the language client it loads right after activation (a bundle of its own: most of the code).
  { ...common, entryPoints: { extension: 'client/src/extension.ts', languageClient: 'client/src/languageClient.ts' }, outdir: 'dist', external: ['vscode'] },
  // The Curriculum Overview's page (runs in the webview): its own bundle, loaded only when the overview is shown.
  { ...common, platform: 'browser', format: 'iife', target: 'es2022', mainFields: ['browser', 'module', 'main'], entryPoints: { overviewView: 'client/src/overview/webview/main.ts' }, outdir: 'dist' },
  { ...common, entryPoints: { server: 'server/src/server.ts' }, outdir: 'dist' },
  { ...common, entryPoints: { cli: 'server/src/cli.ts' }, outdir: 'dist', banner: { js: '#!/usr/bin/env node' } },
  // The graph preview's page (runs in the webview): its own bundle, loaded only when the graph is shown; and its
  // layout workers (the quick layout; elkjs), which the page starts from blob URLs so that no layout runs on the page's thread.
  { ...common, platform: 'browser', format: 'iife', target: 'es2022', mainFields: ['browser', 'module', 'main'], entryPoints: { graphView: 'client/src/graph/webview/main.ts' }, outdir: 'dist' },
  // The worker is mostly ELK: always minified (half the bytes to fetch and parse), no source map.
  { ...common, platform: 'browser', format: 'iife', target: 'es2022', mainFields: ['browser', 'module', 'main'], entryPoints: { graphLayout: 'client/src/graph/webview/layoutWorker.ts' }, outdir: 'dist', minify: true, sourcemap: false },
  // The quick layout's worker (views up to 400 boxes): a few kilobytes, started as the page loads.
  { ...common, platform: 'browser', format: 'iife', target: 'es2022', mainFields: ['browser', 'module', 'main'], entryPoints: { graphQuickLayout: 'client/src/graph/webview/quickLayoutWorker.ts' }, outdir: 'dist', minify: true, sourcemap: false },
];

// The browser (the manifest's `browser` entry: vscode.dev, github.dev): the extension for the web worker extension
// host, and the language server for a web worker of its own. No Node built-in may end up in either (checked below).
const browser = {
  ...common,
  platform: 'browser',
  target: 'es2022',
  mainFields: ['browser', 'module', 'main'],
  // Both run in web workers: a package's `worker` build before its `browser` one (decode-named-character-reference's
  // browser build, under micromark, reads \`document\`, which a worker has not).
  conditions: ['worker'],
  plugins: [browserBuiltins],
  metafile: true,
};
const browserPlatform = {
  name: 'browser-platform',
  setup(build) {
    build.onResolve({ filter: /^\.\/node\/platform$/ }, () => ({ path: path.resolve('server/src/browser/platform.ts') }));
  },
};
const browserBuilds = [
  { ...browser, entryPoints: { extension: 'client/src/browser.ts' }, outdir: 'dist/web', external: ['vscode'] },
  // server.ts with its platform (server/src/node/platform.ts) replaced by the browser's.
  { ...browser, format: 'iife', entryPoints: { server: 'server/src/server.ts' }, outdir: 'dist/web', plugins: [browserBuiltins, browserPlatform] },
];
builds.push(...browserBuilds);

if (args.has('--tests')) {
  const tests = fs
    .readdirSync('test', { recursive: true })
    .map(String)
    .filter((f) => f.endsWith('.test.ts') && !f.startsWith(`suite${path.sep}`) && !f.startsWith(`web-suite${path.sep}`)) // test/suite and test/web-suite run inside VS Code, not node --test
    .map((f) => path.join('test', f));
  // One build of ES modules with the code the test files share split into chunks (out/test/chunks/): a third of
  // the time of one self-contained bundle per file, and 20 MB written instead of 160. `require` is node's, for the
  // CommonJS packages bundled in (and out/test/package.json makes node read the .js files as ES modules).
  // playwright-core is loaded from node_modules (it reads its own package.json; bundled, it cannot).
  builds.push({
    ...common,
    format: 'esm',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    banner: { js: "import { createRequire as __createRequire } from 'node:module'; const require = __createRequire(import.meta.url);" },
    entryPoints: tests,
    outdir: 'out/test',
    outbase: 'test',
    external: ['vscode', 'playwright-core', 'esbuild'],
  });
}

// The in-editor suite (test/suite/index.ts + *.test.ts -> out/suite/, run inside VS Code by test/runners/*).
// Always built, never minified; mocha is loaded from node_modules in the extension host.
const suite = fs.readdirSync('test/suite').filter((f) => f === 'index.ts' || f.endsWith('.test.ts')).map((f) => path.join('test/suite', f));
builds.push({ ...common, minify: false, sourcemap: true, entryPoints: suite, outdir: 'out/suite', external: ['vscode', 'mocha'] });
// The web suite (test/web-suite/index.ts, with the files of test/suite it names), run by test/runners/web.mjs in
// the web worker extension host: one browser bundle, mocha's browser build and the npm `assert` bundled in.
builds.push({
  ...common,
  platform: 'browser',
  target: 'es2022',
  mainFields: ['browser', 'module', 'main'],
  minify: false,
  sourcemap: 'inline',
  entryPoints: { index: 'test/web-suite/index.ts', bench: 'test/web-suite/bench.ts', screenshot: 'test/web-suite/screenshot.ts' },
  outdir: 'out/web-suite',
  external: ['vscode'],
  // The npm `assert` asks process.stderr how wide a failure's message may be; a web worker has no process (without
  // this, every failing assertion of the web suite reads "process is not defined").
  define: { 'process.env.NODE_DEBUG': 'false', 'process.stderr': 'undefined' },
});

if (args.has('--watch')) {
  for (const b of builds) await (await esbuild.context(b)).watch();
  console.log('watching for changes…');
} else {
  fs.rmSync('out', { recursive: true, force: true });
  // The config's JSON schema, for VS Code's jsonValidation (editing roadmap.config.json).
  fs.mkdirSync('dist', { recursive: true });
  fs.copyFileSync('server/src/core/config/config.schema.json', 'dist/config.schema.json');
  const results = await Promise.all(builds.map((b) => esbuild.build(b)));
  if (args.has('--tests')) fs.writeFileSync('out/test/package.json', '{ "type": "module" }\n');
  // The browser bundles' metafiles: checked here, and kept for test/unit/browserBundles.test.ts.
  fs.mkdirSync('out/web-meta', { recursive: true });
  const leaks = [];
  for (const b of browserBuilds) {
    const { metafile } = results[builds.indexOf(b)];
    const name = Object.keys(b.entryPoints)[0];
    fs.writeFileSync(`out/web-meta/${name}.json`, JSON.stringify(metafile));
    for (const leak of nodeBuiltinsIn(metafile)) leaks.push(`dist/web/${name}.js: ${leak.input} imports ${leak.path}`);
  }
  if (leaks.length) {
    console.error(`Node built-ins in the browser bundles (a web worker has none):\n  ${leaks.join('\n  ')}`);
    process.exit(1);
  }
}
