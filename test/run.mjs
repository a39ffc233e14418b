// Runs the bundled tests (out/test/**/*.test.js, built by `node esbuild.mjs --tests`).
//   node test/run.mjs                    every test file
//   node test/run.mjs unit               only out/test/unit (or protocol, or a file: unit/scan)
//   node test/run.mjs --record           and then writes this run's times to test/durations.json
//   TEST_CONCURRENCY=n                   files at a time (default: one per core)
//
// Each test file runs in a node process of its own (node's test runner in that process,
// the spec reporter), the files expected to take under a second several to a process, as
// many processes at a time as there are cores, the longest first (by the times in
// test/durations.json) so that the workers end together. A file's output is
// printed whole when it ends, then the time each file took, longest first, and the total
// in node's summary form (ℹ tests, ℹ pass, ℹ fail, ...). Exits 1 if any test failed or
// any file's process failed. The files' scratch folders (os.tmpdir()) go to a folder of the
// run in /dev/shm when it has room and TMPDIR is not set (see scratchFolder).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const args = process.argv.slice(2);
const record = args.includes('--record');
const only = args.find((a) => !a.startsWith('--'));
const ROOT = 'out/test';
const DURATIONS = 'test/durations.json';

/** A file's name under out/test, with forward slashes: `unit/scan.test.js`. */
const nameOf = (f) => path.relative(ROOT, f).split(path.sep).join('/');

const files = fs
  .readdirSync(ROOT, { recursive: true })
  .map(String)
  .filter((f) => f.endsWith('.test.js'))
  .map((f) => path.join(ROOT, f))
  .filter((f) => !only || nameOf(f).startsWith(only.replace(/^out\/test\//, '')))
  .sort();
if (files.length === 0) {
  console.error(`no test files under ${ROOT}${only ? ` matching ${only}` : ''} (build them first: node esbuild.mjs --tests)`);
  process.exit(1);
}

/** Seconds each file took when last recorded (a file not there yet counts as 2 s). */
const recorded = fs.existsSync(DURATIONS) ? JSON.parse(fs.readFileSync(DURATIONS, 'utf8')) : {};
const expected = (f) => recorded[nameOf(f)] ?? 2;
// Files expected to take under SMALL seconds run several to a process (a generated entry
// importing them, so node's runner in that process runs all their tests): most of such a
// file's time is starting node and loading the bundles it shares with the others (measured:
// ten of them, 4.95 s of CPU one to a process, 2.64 s together). Not with --record, which
// times each file alone.
const SMALL = 1;
const BATCH_SECONDS = 3;
const units = [];
let batch = [];
let batchSeconds = 0;
for (const f of [...files].sort((a, b) => expected(b) - expected(a))) {
  if (record || expected(f) >= SMALL) {
    units.push([f]);
    continue;
  }
  batch.push(f);
  batchSeconds += expected(f);
  if (batchSeconds >= BATCH_SECONDS) {
    units.push(batch);
    batch = [];
    batchSeconds = 0;
  }
}
if (batch.length) units.push(batch);
// The longest first, so that no worker is left alone with a long file at the end.
const unitSeconds = (u) => u.reduce((sum, f) => sum + expected(f), 0);
const queue = units.sort((a, b) => unitSeconds(b) - unitSeconds(a));

if (!fs.existsSync(path.join('..', 'shared', 'seeds'))) {
  console.log('seed checks skipped: no ../shared/seeds beside this checkout (the examples and generated documents are still checked)');
  // Said once for the run: the test files (test/fixtures/seeds.ts saySeedsSkipped) then leave it out.
  process.env.ROADMAP_SEEDS_SKIP_SAID = '1';
}

/**
 * Where the test files' scratch folders go (os.tmpdir(): their workspaces, git repositories,
 * browser profiles, and those of the servers and CLIs they start): a folder of this run on a
 * RAM-backed file system when there is one with room (/dev/shm, at least 1 GiB free) and
 * TMPDIR is not set. On this project's machine creating a file on the disk took 0.26 ms a
 * call: with the scratch folders in /dev/shm the suite's system time went from 19.7 s to
 * 12.8 s (user time the same). Removed at the end of the run.
 */
function scratchFolder() {
  if (process.env.TMPDIR) return undefined;
  try {
    const shm = fs.statfsSync('/dev/shm');
    if (shm.bavail * shm.bsize < 2 ** 30) return undefined;
    return fs.mkdtempSync('/dev/shm/roadmap-test-');
  } catch {
    return undefined;
  }
}
const scratch = scratchFolder();
const childEnv = scratch ? { ...process.env, TMPDIR: scratch } : process.env;
if (scratch) {
  console.log(`scratch folders in ${scratch} (removed at the end)`);
  // Interrupted: the folder is in memory, so it goes too.
  process.once('SIGINT', () => {
    fs.rmSync(scratch, { recursive: true, force: true });
    process.exit(130);
  });
}

const concurrency = Math.max(1, Number(process.env.TEST_CONCURRENCY) || os.availableParallelism());
// --max-semi-space-size: a young generation of 64 MB instead of 16 MB; the parser tests allocate
// short-lived trees by the million, and spent a tenth of their CPU time in scavenges.
// --single-threaded-gc: no GC helper threads; with every core running a test file they only
// contend (measured: 10% less CPU time). The servers and CLIs the tests start run with node's
// defaults, as an editor or a shell starts them.
// --test-force-exit: a file whose tests have all ended exits even if a handle is left open.
const NODE_ARGS = ['--enable-source-maps', '--max-semi-space-size=64', '--single-threaded-gc', '--test-force-exit', '--test-reporter=spec'];
const COUNTS = ['tests', 'suites', 'pass', 'fail', 'cancelled', 'skipped', 'todo'];
const total = Object.fromEntries(COUNTS.map((k) => [k, 0]));
const results = [];
const started = performance.now();

let batches = 0;
/** The script a unit runs: the file itself, or for several an entry importing each (out/test/.batch-N.mjs). */
function entryOf(unit) {
  if (unit.length === 1) return unit[0];
  const entry = path.join(ROOT, `.batch-${++batches}.mjs`);
  fs.writeFileSync(entry, unit.map((f) => `import './${nameOf(f)}';\n`).join(''));
  return entry;
}

/** Runs one unit (a file, or several in one process); resolves with its name, seconds, exit code and counts once its output is printed. */
function runFile(unit) {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const file = entryOf(unit);
    const name = unit.map(nameOf).join(' + ');
    const child = spawn(process.execPath, [...NODE_ARGS, file], { stdio: ['ignore', 'pipe', 'pipe'], env: childEnv });
    const out = [];
    child.stdout.on('data', (d) => out.push(d));
    child.stderr.on('data', (d) => out.push(d));
    child.on('close', (code, signal) => {
      const seconds = (performance.now() - t0) / 1000;
      const text = Buffer.concat(out).toString('utf8');
      // The file's summary: the last `ℹ tests N` (and so on) lines of its output.
      const counts = Object.fromEntries(COUNTS.map((k) => [k, Number([...text.matchAll(new RegExp(`^ℹ ${k} (\\d+)$`, 'gm'))].at(-1)?.[1] ?? 0)]));
      const ok = code === 0 && counts.fail === 0 && counts.cancelled === 0;
      // A process that failed with no failing test (it crashed while loading, say) counts as one failed test.
      if (!ok && counts.fail === 0 && counts.cancelled === 0) {
        counts.tests++;
        counts.fail++;
      }
      // The file's own summary lines are left out: the run's total is printed at the end.
      process.stdout.write(`\n── ${name} (${seconds.toFixed(1)} s)${ok ? '' : code === 0 ? ' FAILED' : ` FAILED (exit ${signal ?? code})`}\n`);
      process.stdout.write(text.replace(/^ℹ (tests|suites|pass|fail|cancelled|skipped|todo|duration_ms) [\d.]+\n/gm, ''));
      if (unit.length > 1) fs.rmSync(file, { force: true });
      resolve({ name, seconds, ok, counts });
    });
  });
}

async function worker() {
  for (let unit = queue.shift(); unit; unit = queue.shift()) results.push(await runFile(unit));
}
await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));
if (scratch) fs.rmSync(scratch, { recursive: true, force: true });

for (const r of results) for (const k of COUNTS) total[k] += r.counts[k];
const failed = results.filter((r) => !r.ok);
const wall = (performance.now() - started) / 1000;

// Where the time went: each file's wall time, longest first, and the test processes' CPU time.
const byTime = [...results].sort((a, b) => b.seconds - a.seconds);
console.log(`\n── time per test file (wall, ${concurrency} at a time), longest first`);
const cells = byTime.map((r) => `${r.seconds.toFixed(1).padStart(5)} s  ${r.name}`);
const half = Math.ceil(cells.length / 2);
for (let i = 0; i < half; i++) console.log(`${cells[i].padEnd(48)}${cells[i + half] ?? ''}`);
const cpu = childCpuSeconds();
console.log(`files: ${files.length} in ${results.length} processes, wall ${wall.toFixed(1)} s${cpu === undefined ? '' : `, CPU (user+sys of the test processes and what they started) ${cpu.toFixed(1)} s`}`);
if (failed.length) console.log(`failed: ${failed.map((r) => r.name).join(', ')}`);

if (record && !only) {
  fs.writeFileSync(DURATIONS, JSON.stringify(Object.fromEntries(byTime.map((r) => [r.name, Number(r.seconds.toFixed(1))])), null, 2) + '\n');
  console.log(`wrote ${DURATIONS}`);
}

// The run's total, as node's runner prints it.
for (const k of COUNTS) console.log(`ℹ ${k} ${total[k]}`);
console.log(`ℹ duration_ms ${(wall * 1000).toFixed(0)}`);
process.exit(failed.length ? 1 : 0);

/** The user+sys seconds of the processes this one started and waited for (Linux: /proc/self/stat), or undefined. */
function childCpuSeconds() {
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 16 and 17 of proc(5) (cutime, cstime), counted from field 3 here; in clock ticks (100 a second on Linux).
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return undefined;
  }
}
