// `npm run fuzz`: the property tests of test/unit/property.test.ts with a random seed
// (printed, replay with FUZZ_SEED=n) and at least 100,000 cases in total (NUM_RUNS=n
// sets another total). Only that file is built and run.
import { spawnSync } from 'node:child_process';
import * as esbuild from 'esbuild';

const outfile = 'out/fuzz/property.test.js';
await esbuild.build({
  entryPoints: ['test/unit/property.test.ts'],
  outfile,
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  mainFields: ['module', 'main'],
  sourcemap: true,
  external: ['vscode'],
  logLevel: 'warning',
});
const started = Date.now();
const r = spawnSync(process.execPath, ['--enable-source-maps', '--test', '--test-reporter=spec', outfile], {
  stdio: 'inherit',
  env: { ...process.env, FUZZ: '1', NUM_RUNS: process.env.NUM_RUNS ?? '100000' },
});
console.log(`fuzz: ${((Date.now() - started) / 1000).toFixed(0)} s in all`);
process.exit(r.status ?? 1);
