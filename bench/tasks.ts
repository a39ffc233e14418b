/**
 * The benchmark's measuring steps, each run by bench/run.mjs in a fresh process
 * (bundled to bench/.build/tasks.js) so that one step's heap and JIT state do not
 * colour the next. Each prints one JSON line on stdout as its last line.
 *
 *   tasks.js generate <dir> --seed S --size N     corpus documents in <dir>/docs, manifest in <dir>/manifest.json
 *   tasks.js lint-core <docs> [--found FILE]       read, set and diagnose every document with the core, in-process
 *   tasks.js lsp <dir> --server dist/server.js     the language-server scenario (bench/lsp.ts)
 *   tasks.js lsp-start <dir> --server dist/server.js   cold and warm starts from the editor's side (bench/lsp.ts);
 *                                                  --runs N, --prof DIR (each server writes a CPU profile there)
 *   tasks.js activate <extension.js>               load the extension bundle, run activate(), wait for the client to start
 *   tasks.js accuracy <manifest> <found.json>      compare found diagnostics with the manifest
 *   tasks.js completion-large                      completion in a document with a 2 MB Competency Alignment table
 *   tasks.js diff-setup <dir>                      a pull request's worth of changes to <dir>/docs, for `roadmap diff`:
 *                                                  <dir>/diff/head (a folder) and <dir>/diff/repo (git, base and head commits)
 *   tasks.js analytics <docs> [--edits N]           the analytics in-memory, and one document's figures after edits (bench/analytics.ts)
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { URI } from 'vscode-uri';
import { RoadmapWorkspace } from '../server/src/core/workspace';
import { findMarkdownFiles, readText } from '../server/src/node/files';
import { analyticsTask } from './analytics';
import { checkAccuracy, generateCorpus, type FoundDiagnostic, type Manifest } from './corpus';
import { coldStartOnly, runLspScenario, runStartScenario, type LspResults } from './lsp';
import { completion } from '../server/src/features/completion';
import type { FeatureContext } from '../server/src/features/context';
import { calls, installVscodeStub, makeContext, messages } from './vscodeStub';

const REPO = path.resolve(__dirname, '..', '..');

function out(x: unknown): void {
  process.stdout.write(JSON.stringify(x) + '\n');
}

async function generate(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { seed: { type: 'string' }, size: { type: 'string' } } });
  const dir = positionals[0];
  const t = performance.now();
  const corpus = generateCorpus({ seed: Number(values.seed ?? 1), size: Number(values.size ?? 1000) });
  const docs = path.join(dir, 'docs');
  fs.rmSync(dir, { recursive: true, force: true });
  const made = new Set<string>();
  let bytes = 0;
  for (const f of corpus.files) {
    const full = path.join(docs, f.path);
    const d = path.dirname(full);
    if (!made.has(d)) {
      fs.mkdirSync(d, { recursive: true });
      made.add(d);
    }
    fs.writeFileSync(full, f.text);
    bytes += Buffer.byteLength(f.text);
  }
  // Written last: its presence says the corpus is complete.
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(corpus.manifest, null, 1));
  out({ files: corpus.files.length, bytes, ms: performance.now() - t });
}

/** The core over every document, as `roadmap lint` does it: walk, read, set all, diagnose all. */
async function lintCore(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { found: { type: 'string' } } });
  const root = path.resolve(positionals[0]);
  const t0 = performance.now();
  const files = await findMarkdownFiles(root);
  const texts: Array<[string, string]> = [];
  for (const f of files) {
    const text = await readText(f);
    if (text !== undefined) texts.push([f, text]);
  }
  const t1 = performance.now();
  const ws = new RoadmapWorkspace();
  const uris: Array<[string, string]> = [];
  // As the CLI and the server load a workspace: one bulk load, then every document checked.
  ws.index.bulk(() => {
    for (const [f, text] of texts) {
      const uri = URI.file(f).toString();
      uris.push([f, uri]);
      ws.set(uri, text);
    }
  });
  const t2 = performance.now();
  const found: FoundDiagnostic[] = [];
  for (const [f, uri] of uris) {
    for (const d of ws.diagnostics(uri)) found.push({ path: path.relative(root, f).split(path.sep).join('/'), code: d.code, line: d.range.start.line + 1 });
  }
  const t3 = performance.now();
  if (values.found) fs.writeFileSync(values.found, JSON.stringify(found));
  const mem = process.memoryUsage();
  out({ files: files.length, diagnostics: found.length, readMs: t1 - t0, setMs: t2 - t1, diagnosticsMs: t3 - t2, totalMs: t3 - t0, rssMiB: mem.rss / 2 ** 20 });
}

async function lsp(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { server: { type: 'string' }, 'cold-timeout': { type: 'string' }, 'step-timeout': { type: 'string' }, edits: { type: 'string' } },
  });
  const dir = path.resolve(positionals[0]);
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
  const result = await runLspScenario({
    server: path.resolve(values.server ?? path.join(REPO, 'dist/server.js')),
    root: path.join(dir, 'docs'),
    manifest,
    coldTimeoutMs: Number(values['cold-timeout'] ?? 20 * 60_000),
    stepTimeoutMs: Number(values['step-timeout'] ?? 120_000),
    edits: values.edits ? Number(values.edits) : undefined,
    log: (s) => process.stderr.write(s + '\n'),
  });
  out(result);
}

/** Only the paced typing from "ready" on a fresh server (`lsp` measures it among the rest), `--runs` times. */
async function lspPaced(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { server: { type: 'string' }, runs: { type: 'string' } } });
  const dir = path.resolve(positionals[0]);
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
  const o = { server: path.resolve(values.server ?? path.join(REPO, 'dist/server.js')), root: path.join(dir, 'docs'), manifest, coldTimeoutMs: 10 * 60_000, stepTimeoutMs: 120_000 };
  const runs = [];
  for (let k = 0; k < Number(values.runs ?? 1); k++) {
    const r = await coldStartOnly(o, manifest);
    process.stderr.write(`  paced: p50 ${r.paced!.p50.toFixed(1)} ms, p95 ${r.paced!.p95.toFixed(1)} ms, max ${r.paced!.max.toFixed(1)} ms (${r.paced!.duringCheck} of ${r.paced!.n} during the check)\n`);
    runs.push(r.paced);
  }
  out(runs);
}

async function lspStart(args: string[]): Promise<void> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { server: { type: 'string' }, runs: { type: 'string' }, prof: { type: 'string' } },
  });
  const dir = path.resolve(positionals[0]);
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8')) as Manifest;
  const r: LspResults = { errors: [], notes: [] };
  await runStartScenario(
    {
      server: path.resolve(values.server ?? path.join(REPO, 'dist/server.js')),
      root: path.join(dir, 'docs'),
      manifest,
      coldTimeoutMs: 10 * 60_000,
      stepTimeoutMs: 120_000,
      editorRepeats: values.runs ? Number(values.runs) : undefined,
      nodeArgs: values.prof ? ['--cpu-prof', '--cpu-prof-dir', path.resolve(values.prof)] : undefined,
      log: (s) => process.stderr.write(s + '\n'),
    },
    r,
  );
  out(r);
}

/**
 * Loads an extension bundle with a stub `vscode` and runs activate(): VS Code counts
 * the extension activated when that returns. Then, apart: how long after that the
 * language client (dist/languageClient.js, loaded right after activation) has
 * started dist/server.js over IPC and had its initialize answer (no workspace folder).
 */
async function activate(args: string[]): Promise<void> {
  const { positionals } = parseArgs({ args, allowPositionals: true, options: {} });
  const bundle = path.resolve(positionals[0]);
  installVscodeStub(REPO);
  const t0 = performance.now();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ext = require(bundle) as { activate(ctx: unknown): Promise<{ clientStarted?(): Promise<void> } | undefined>; deactivate?(): Promise<void> };
  const t1 = performance.now();
  let error: string | undefined;
  const context = makeContext(REPO);
  const timeout = (what: string) => new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} within 30 s`)), 30_000));
  let api: { clientStarted?(): Promise<void> } | undefined;
  try {
    api = await Promise.race([ext.activate(context), timeout('activate() did not return')]);
  } catch (e) {
    error = (e as Error).message;
  }
  const t2 = performance.now();
  let clientStartedMs: number | undefined;
  if (api?.clientStarted) {
    try {
      await Promise.race([api.clientStarted(), timeout('the language client did not start')]);
      clientStartedMs = performance.now() - t2;
    } catch (e) {
      error = (e as Error).message;
    }
  }
  out({ loadMs: t1 - t0, activateMs: t2 - t1, totalMs: t2 - t0, clientStartedMs, error, messages, touched: [...new Set(calls)].length });
  try {
    await Promise.race([ext.deactivate?.(), new Promise((res) => setTimeout(res, 3000))]);
  } catch {
    // the stub may not support a clean stop; the process exits anyway
  }
  process.exit(0);
}

function accuracy(args: string[]): void {
  const [manifestFile, foundFile] = args;
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as Manifest;
  const found = JSON.parse(fs.readFileSync(foundFile, 'utf8')) as FoundDiagnostic[];
  const docs = path.join(path.dirname(manifestFile), 'docs');
  const paths = fs
    .readdirSync(docs, { recursive: true })
    .map(String)
    .filter((p) => p.endsWith('.md'))
    .map((p) => p.split(path.sep).join('/'));
  const r = checkAccuracy(manifest, paths, found);
  out({ ...r, missed: r.missed.slice(0, 20), falsePositives: r.falsePositives.slice(0, 20), unexpected: r.unexpected.slice(0, 20), falsePositiveCount: r.falsePositives.length, unexpectedCount: r.unexpected.length, missedCount: r.missed.length });
}

/**
 * Completion in a document whose Competency Alignment table is about 2 MB (under the
 * default size limit), beside 200 ordinary documents: the first cell, the level cell
 * and the role cell of a new row at its end, and a row in its middle. The cost must
 * not grow with the square of the table (issue 14: 17–25 s before; target ≤ 50 ms).
 */
function completionLarge(): void {
  const head = (id: string, role: string) =>
    `# Module Roadmap\n\n## Module Overview\n\n- **Module ID**: ${id}\n- **Module Title**: Module ${id}\n- **Target Role(s)**: ${role}\n- **Duration**: 10 hours\n- **Prerequisites**: None\n- **Next Module(s)**: None\n\n## Competency Alignment\n\n| Competency | Proficiency Target | Evidence / Assessment | Role Alignment |\n|---|---|---|---|\n`;
  const ws = new RoadmapWorkspace();
  const texts = new Map<string, string>();
  const set = (uri: string, text: string) => {
    texts.set(uri, text);
    ws.set(uri, text);
  };
  for (let i = 0; i < 200; i++) set(`file:///bench/m${i}.md`, head(`MOD-${1000 + i}`, `Role ${i % 7}`) + `| skill-${i % 50} | Working | Lab ${i} | Role ${i % 7} |\n`);
  // Rows of about 80 bytes: half name a competency of their own, half one of 500 shared ones.
  const rows: string[] = [];
  let bytes = head('MOD-999', 'Role 1').length;
  for (let r = 0; bytes < 1.95e6; r++) {
    const row = `| ${r % 2 ? `own-competency-${r}` : `skill-${r % 500}`} | Working | Evidence for row ${r} of the table | Role 1 |`;
    rows.push(row);
    bytes += row.length + 1;
  }
  const uri = 'file:///bench/large.md';
  const middle = Math.floor(rows.length / 2);
  const ctx: FeatureContext = { ws, text: (u) => texts.get(u), describe: (u) => u };
  // Each sample is a keystroke (the document set again, as didChange does; not timed)
  // and then the completion the editor asks for (timed): what a user typing waits for.
  const base = head('MOD-999', 'Role 1') + rows.join('\n') + '\n';
  const word = 'skill-42'; // typed a letter at a time: `| s`, `| sk`, …
  const cases: Array<[string, (k: number) => { text: string; line: (lines: string[]) => number; character: (l: string) => number }]> = [
    ['new row, first cell', (k) => ({ text: base + '| ' + word.slice(0, k % word.length), line: (ls) => ls.length - 1, character: (l) => l.length })],
    ['new row, level cell', (k) => ({ text: base + `| skill-${k} | `, line: (ls) => ls.length - 1, character: (l) => l.length })],
    ['new row, role cell', (k) => ({ text: base + `| skill-${k} | Working | Lab | `, line: (ls) => ls.length - 1, character: (l) => l.length })],
    ['middle row, first cell', (k) => ({ text: base.replace(rows[middle], `| ${word.slice(0, k % word.length)} | Working | Lab | Role 1 |`), line: (ls) => ls.findIndex((l) => l.startsWith(`| ${word.slice(0, k % word.length)} |`)), character: () => 2 + (k % word.length) })],
  ];
  const result: Record<string, unknown> = { rows: rows.length, bytes };
  for (const [name, typing] of cases) {
    const times: number[] = [];
    let items = 0;
    for (let k = 0; k < 31; k++) {
      const { text, line, character } = typing(k);
      set(uri, text);
      const lines = text.split('\n');
      const at = line(lines);
      const position = { line: at, character: character(lines[at]) };
      const t = performance.now();
      items = completion(ctx, uri, position).items.length;
      times.push(performance.now() - t);
    }
    times.shift(); // the first: code not compiled yet
    times.sort((a, b) => a - b);
    result[name] = { p50: times[Math.floor(times.length / 2)], p95: times[Math.floor(times.length * 0.95)], max: times[times.length - 1], items };
  }
  out(result);
}

/**
 * The head of a large pull request against a corpus: about 1% of documents with more
 * hours (their parts no longer add up), one in 211 given one more prerequisite
 * (MOD-100, first in topological order: no cycle), one in 499 removed, ten added (copies
 * under new IDs). As a folder beside the corpus, and as a git repository whose two
 * commits are the corpus and that head. Made once per corpus.
 */
function diffSetup(args: string[]): void {
  const dir = path.resolve(args[0]);
  const docs = path.join(dir, 'docs');
  const root = path.join(dir, 'diff');
  const ready = path.join(root, 'ready.json');
  if (fs.existsSync(ready)) {
    out({ ...JSON.parse(fs.readFileSync(ready, 'utf8')), reused: true });
    return;
  }
  const t = performance.now();
  fs.rmSync(root, { recursive: true, force: true });
  const head = path.join(root, 'head');
  fs.cpSync(docs, head, { recursive: true });
  const files = fs
    .readdirSync(head, { recursive: true })
    .map(String)
    .filter((p) => p.endsWith('.md'))
    .sort();
  const counts = { hours: 0, edges: 0, removed: 0, added: 0 };
  files.forEach((p, i) => {
    const file = path.join(head, p);
    let text = fs.readFileSync(file, 'utf8');
    if (i % 499 === 498) {
      fs.rmSync(file);
      counts.removed++;
      return;
    }
    if (i % 97 === 96) {
      const next = text.replace(/(\*\*Duration\*\*[^\n]*?)(\d+)( hours)/, (_, a: string, h: string, b: string) => `${a}${Number(h) + 4}${b}`);
      if (next !== text) counts.hours++;
      text = next;
    }
    if (i % 211 === 210 && !/\bMOD-100\b/.test(text.split('\n').find((l) => /\*\*Prerequisites/.test(l)) ?? 'MOD-100')) {
      const next = text.replace(/(\*\*Prerequisites\*\*[^\n]*)/, '$1, MOD-100');
      if (next !== text) counts.edges++;
      text = next;
    }
    fs.writeFileSync(file, text);
  });
  fs.mkdirSync(path.join(head, 'added'), { recursive: true });
  for (let k = 0; k < 10; k++) {
    const source = files[(k * 37 + 5) % files.length];
    if (!fs.existsSync(path.join(head, source))) continue;
    const text = fs.readFileSync(path.join(head, source), 'utf8');
    const id = /\*\*(?:Module|Project) ID:?\*\*:?\s*`?((?:MOD|PROJ)-\d+)/.exec(text)?.[1];
    if (!id) continue;
    const fresh = `${id.split('-')[0]}-${99001 + k}`;
    fs.writeFileSync(path.join(head, 'added', `${fresh.toLowerCase()}.md`), text.replaceAll(id, fresh));
    counts.added++;
  }
  // The same two trees as commits.
  const repo = path.join(root, 'repo');
  const git = (...a: string[]) => {
    const r = spawnSync('git', ['-c', 'user.name=bench', '-c', 'user.email=bench@example.invalid', '-c', 'commit.gpgsign=false', ...a], { cwd: repo, env: { ...process.env, GIT_CONFIG_GLOBAL: os.devNull, GIT_CONFIG_NOSYSTEM: '1' }, encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`git ${a.join(' ')}: ${r.stderr}`);
  };
  fs.cpSync(docs, repo, { recursive: true });
  git('init', '-q', '-b', 'main');
  git('add', '-A');
  git('commit', '-q', '-m', 'base');
  for (const e of fs.readdirSync(repo)) if (e !== '.git') fs.rmSync(path.join(repo, e), { recursive: true });
  fs.cpSync(head, repo, { recursive: true });
  git('add', '-A');
  git('commit', '-q', '-m', 'head');
  const result = { ...counts, ms: performance.now() - t };
  fs.writeFileSync(ready, JSON.stringify(result));
  out(result);
}

const [command, ...rest] = process.argv.slice(2);
const commands: Record<string, (a: string[]) => unknown> = {
  generate,
  'lint-core': lintCore,
  lsp,
  'lsp-start': lspStart,
  'lsp-paced': lspPaced,
  activate,
  accuracy,
  'completion-large': completionLarge,
  'diff-setup': diffSetup,
  analytics: async (a) => out(await analyticsTask(a)),
};
if (!commands[command]) {
  console.error(`unknown task ${command}; one of ${Object.keys(commands).join(', ')}`);
  process.exit(2);
}
Promise.resolve(commands[command](rest)).then(
  () => {
    if (command !== 'activate') process.exit(0);
  },
  (e) => {
    console.error(e);
    process.exit(1);
  },
);
