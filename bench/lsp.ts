/**
 * The language-server half of the benchmark: starts the real server process
 * (`node dist/server.js --stdio`) on a corpus folder, as an editor would, and times
 * what a user waits for: the index at start-up, diagnostics after a keystroke, a
 * dependent document's diagnostics after an ID changes, completion, hover,
 * definition, references and rename. Every wait has a timeout; a step that fails
 * is reported as failed and the rest still run.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { URI } from 'vscode-uri';
import { FACTS_CACHE_REQUEST } from '../server/src/protocol';
import { TestClient, type ClientOptions } from '../test/fixtures/lspClient';
import type { Manifest } from './corpus';

export interface Stats {
  n: number;
  p50: number;
  p95: number;
  max: number;
  mean: number;
}

export function stats(xs: number[]): Stats | undefined {
  if (xs.length === 0) return undefined;
  const s = [...xs].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.max(0, Math.ceil(q * s.length) - 1))];
  return { n: s.length, p50: at(0.5), p95: at(0.95), max: s[s.length - 1], mean: s.reduce((a, b) => a + b, 0) / s.length };
}

export interface LspResults {
  /** Spawn to the initialize response. */
  initializeMs?: number;
  /** Spawn to `roadmap/status` with state `ready`: the median of `coldStartRunsMs`. */
  coldStartMs?: number;
  /** Every cold start measured: the scenario's own server first, then fresh servers started only for this. */
  coldStartRunsMs?: number[];
  status?: unknown;
  /** Spawn to the status that says every document's diagnostics are out (`checking` 0). */
  allCheckedMs?: number;
  /** RSS when the server said ready. */
  readyRssMiB?: number;
  /** RSS when every document is checked (and modelled). */
  rssMiB?: number;
  peakRssMiB?: number;
  /**
   * Cold start from the editor's side: spawn, initialize, open a document, ask for a
   * completion that needs the last document read (its ID), asked again until it is
   * there: the median of `editorColdRunsMs`, and each run.
   */
  editorColdMs?: number;
  editorColdRunsMs?: number[];
  /** The same on a warm start: the facts cache of the first server given to fresh ones (median and runs). */
  editorWarmMs?: number;
  editorWarmRunsMs?: number[];
  /** Spawn to "ready" on those warm starts (median). */
  warmReadyMs?: number;
  /** How many documents the warm starts took from the cache, of how many. */
  warmCacheHits?: { hits: number; documents: number };
  /** Keystroke → diagnostics once every document is checked (after 10 warm-up keystrokes). */
  keystroke?: Stats;
  /**
   * Keystroke → diagnostics from the first keystroke after "ready", typed at once while
   * the whole-workspace check runs; `duringCheck`: how many were sent while it ran.
   */
  keystrokeFirstCheck?: Stats & { duringCheck: number };
  /** The same at a person's pace (a keystroke every PACE_MS), on a fresh server from its "ready". */
  keystrokePaced?: Stats & { duringCheck: number; whileChecking?: Stats };
  dependent?: Stats & { broken?: Stats; restored?: Stats };
  completionAll?: Stats & { items: number; incomplete: boolean };
  completionPrefix?: Stats & { items: number; incomplete: boolean; prefix: string };
  hover?: Stats & { answered: number };
  definition?: Stats & { answered: number };
  references?: Stats & { locations: number };
  rename?: Stats & { edits: number; files: number };
  errors: string[];
  notes: string[];
}

/** Lines of a text, 0-based, and the position of a substring's occurrence. */
function lines(text: string): string[] {
  return text.split(/\r?\n/);
}

const ID_RE = /(?<![A-Za-z0-9_-])(?:MOD|PROJ)-\d{3,}(?![A-Za-z0-9_])/g;

function readMib(pid: number): { rss?: number; peak?: number } {
  try {
    const s = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = (k: string) => {
      const m = new RegExp(`^${k}:\\s+(\\d+) kB`, 'm').exec(s);
      return m ? Number(m[1]) / 1024 : undefined;
    };
    return { rss: kb('VmRSS'), peak: kb('VmHWM') };
  } catch {
    return {};
  }
}

export interface LspOptions {
  /** dist/server.js */
  server: string;
  /** The corpus folder holding the documents (the workspace folder). */
  root: string;
  manifest: Manifest;
  /** Cold start timeout. */
  coldTimeoutMs: number;
  /** Timeout of every other wait. */
  stepTimeoutMs: number;
  edits?: number;
  /** Cold starts measured after the scenario, besides its own (default 2). */
  coldRepeats?: number;
  /** Editor-side cold and warm starts measured (default 3 each). */
  editorRepeats?: number;
  /** Node arguments of the measured servers (`--cpu-prof`, to profile a start). */
  nodeArgs?: string[];
  log?: (s: string) => void;
}

/**
 * The bench's client on the corpus folder: VS Code-like, taking pushed diagnostics
 * (with their versions) and asking nothing of "ready" (each caller times that wait).
 * The server is spawned before this returns its promise.
 */
function attach(o: LspOptions, initializationOptions?: unknown): Promise<TestClient> {
  const options: ClientOptions = { server: o.server, configuration: true, versionSupport: true, didSave: true, noWait: true, initializeTimeoutMs: o.stepTimeoutMs, initializationOptions, nodeArgs: o.nodeArgs };
  return TestClient.attach(o.root, options);
}

/**
 * Types into an open document: one character inserted at `at`, then deleted, and so on,
 * each change sent as an incremental didChange and timed until the diagnostics of its
 * version arrive; the next one goes when they have and `paceMs` have passed since the
 * last was sent. `during`: counts the keystrokes sent while it holds.
 */
async function typeInto(
  c: TestClient,
  file: string,
  at: { line: number; character: number },
  fromVersion: number,
  count: number,
  o: { timeoutMs: number; paceMs?: number; during?: () => boolean },
): Promise<{ times: number[]; during: number; duringTimes: number[]; version: number }> {
  const uri = c.uri(file);
  const times: number[] = [];
  /** The times of the keystrokes sent while `during` held. */
  const duringTimes: number[] = [];
  let during = 0;
  let version = fromVersion;
  for (let k = 0; k < count; k++) {
    const insert = k % 2 === 0;
    const range = { start: at, end: insert ? at : { line: at.line, character: at.character + 1 } };
    const inside = !!o.during?.();
    if (inside) during++;
    const sent = performance.now();
    const v = ++version;
    c.edit(file, range, insert ? 'x' : '', v);
    const arrived = await c.until(() => c.latest.get(uri)?.version === v, `diagnostics for version ${v}`, o.timeoutMs);
    times.push(arrived - sent);
    if (inside) duringTimes.push(arrived - sent);
    const rest = (o.paceMs ?? 0) - (performance.now() - sent);
    if (rest > 0) await new Promise((r) => setTimeout(r, rest));
  }
  return { times, during, duringTimes, version };
}

/** Keystrokes typed at a person's pace from "ready" (the second cold start's server). */
const PACED_KEYSTROKES = 60;
const PACE_MS = 120;

/**
 * One more cold start, on a fresh server started for nothing else: spawn to "ready", in ms.
 * With `manifest`, a person then types at their pace (one keystroke every PACE_MS) from
 * the moment it is ready, while it checks the workspace.
 */
export async function coldStartOnly(o: LspOptions, typing?: Manifest): Promise<{ ms: number; paced?: Stats & { duringCheck: number; whileChecking?: Stats } }> {
  const t0 = performance.now();
  const c = await attach(o);
  try {
    const ms = (await c.until(() => c.serverStatus?.state === 'ready', 'the server reports ready', o.coldTimeoutMs)) - t0;
    if (!typing) return { ms };
    const text = fs.readFileSync(path.join(o.root, typing.bench.editPath), 'utf8');
    c.open(typing.bench.editPath, text);
    const ls = lines(text);
    const line = ls.findIndex((l) => l.startsWith('> '));
    const t = await typeInto(c, typing.bench.editPath, { line, character: ls[line].length }, 1, PACED_KEYSTROKES, { timeoutMs: o.stepTimeoutMs, paceMs: PACE_MS, during: () => !!c.serverStatus?.checking });
    return { ms, paced: { ...stats(t.times)!, duringCheck: t.during, whileChecking: stats(t.duringTimes) } };
  } finally {
    c.kill();
  }
}

/** The module or project ID a document defines, read off its text as the generator writes it. */
const DEFINED_ID_RE = /\*\*(?:Module|Project) ID:?\*\*:?\s*`?((?:MOD|PROJ)-\d+)/;

/**
 * The document the server reads last (it walks the folder and reads the files in the
 * order of their sorted paths) and the ID it defines: no completion can offer that ID
 * before the whole workspace is indexed.
 */
export function lastIndexed(root: string, except: string): { path: string; id: string } {
  const files = fs
    .readdirSync(root, { recursive: true })
    .map(String)
    .filter((p) => p.endsWith('.md'))
    .map((p) => path.join(root, p))
    .sort();
  for (let i = files.length - 1; i >= 0; i--) {
    const id = DEFINED_ID_RE.exec(fs.readFileSync(files[i], 'utf8'))?.[1];
    if (id && id !== except) return { path: path.relative(root, files[i]), id };
  }
  throw new Error('no document of the corpus defines an ID');
}

/**
 * A start as the editor sees it: spawn, initialize, open the edited document with the
 * beginning of the last-read document's ID typed at the end of its Prerequisites line,
 * and ask for completion there, again as soon as each answer comes, until the ID is
 * offered. Returns spawn → that answer, and spawn → "ready".
 */
async function editorStart(o: LspOptions, initializationOptions?: unknown): Promise<{ ms: number; readyMs: number; client: TestClient }> {
  const editPath = o.manifest.bench.editPath;
  const text = fs.readFileSync(path.join(o.root, editPath), 'utf8');
  const own = DEFINED_ID_RE.exec(text)?.[1] ?? '';
  const target = lastIndexed(o.root, own);
  const ls = lines(text);
  const line = ls.findIndex((l) => /^\s*- \*\*Prerequisite/.test(l));
  if (line < 0) throw new Error(`no Prerequisites field in ${editPath}`);
  const typed = target.id.slice(0, -1);
  ls[line] = `${ls[line]}, ${typed}`;
  const position = { line, character: ls[line].length };
  const t0 = performance.now();
  const c = await attach(o, initializationOptions);
  try {
    c.open(editPath, ls.join('\n'));
    const uri = c.uri(editPath);
    type List = { items: Array<{ label: string }> } | Array<{ label: string }> | null;
    let ms: number | undefined;
    while (ms === undefined) {
      const answer = await c.request<List>('textDocument/completion', { textDocument: { uri }, position });
      const items = Array.isArray(answer) ? answer : answer?.items ?? [];
      if (items.some((i) => i.label === target.id)) ms = performance.now() - t0;
      else if (performance.now() - t0 > o.coldTimeoutMs) throw new Error(`completion never offered ${target.id} (defined in ${target.path})`);
    }
    const readyMs = (await c.until(() => c.serverStatus?.state === 'ready', 'the server reports ready', o.coldTimeoutMs)) - t0;
    return { ms, readyMs, client: c };
  } catch (e) {
    c.kill();
    throw e;
  }
}

/**
 * Cold and warm starts from the editor's side. Each cold start's server is run until
 * every document is checked and then asked for its facts cache (what the extension
 * writes to its storage); the warm starts are given the last one.
 */
export async function runStartScenario(o: LspOptions, r: Pick<LspResults, 'editorColdMs' | 'editorColdRunsMs' | 'editorWarmMs' | 'editorWarmRunsMs' | 'warmReadyMs' | 'warmCacheHits' | 'errors'>): Promise<void> {
  const log = o.log ?? (() => {});
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  const n = o.editorRepeats ?? 3;
  const cacheFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'roadmap-bench-')), 'facts.json');
  const factsCache = { factsCache: URI.file(cacheFile).toString() };
  /** `n` starts, one after the other, each given the cache's location; `after` sees each started server (a failure is recorded, the rest still run). */
  const starts = async (what: string, before: () => void, after: (s: Awaited<ReturnType<typeof editorStart>>, k: number) => Promise<void>) => {
    const ms: number[] = [];
    for (let k = 0; k < n; k++) {
      try {
        before();
        const s = await editorStart(o, factsCache);
        ms.push(s.ms);
        try {
          await after(s, k);
        } finally {
          await s.client.stop();
        }
      } catch (e) {
        r.errors.push(`editor ${what} ${k + 1}: ${(e as Error).message.split('\n')[0]}`);
      }
      await new Promise((res) => setTimeout(res, 300));
    }
    return ms;
  };
  const runs = (ms: number[]) => `${ms.map((x) => (x / 1000).toFixed(2)).join(', ')} s: median ${(median(ms) / 1000).toFixed(2)} s`;
  try {
    // As the extension's first start in a workspace: a cache file named, not there yet. The
    // last server, once every document is checked, hands out its facts for the warm starts.
    const cold = await starts(
      'cold start',
      () => fs.rmSync(cacheFile, { force: true }),
      async (s, k) => {
        if (k < n - 1) return;
        await s.client.until(() => s.client.serverStatus?.state === 'ready' && !s.client.serverStatus.checking, 'every document is checked', o.coldTimeoutMs);
        const cache = await s.client.request<unknown>(FACTS_CACHE_REQUEST, {});
        if (cache) fs.writeFileSync(cacheFile, JSON.stringify(cache));
      },
    );
    if (cold.length) {
      r.editorColdRunsMs = cold;
      r.editorColdMs = median(cold);
      log(`  cold start, editor's side (spawn → completion offering the last document's ID): ${runs(cold)}`);
    }
    if (!fs.existsSync(cacheFile)) return;
    const ready: number[] = [];
    const warm = await starts(
      'warm start',
      () => undefined,
      async (s) => {
        ready.push(s.readyMs);
        const line = await s.client.until(() => s.client.logs.some((l) => l.includes('facts cache:')), 'the server logs its facts cache', o.stepTimeoutMs).then(() => s.client.logs.find((l) => l.includes('facts cache:'))!);
        const hits = /facts cache: (\d+) of (\d+)/.exec(line);
        if (hits) r.warmCacheHits = { hits: Number(hits[1]), documents: Number(hits[2]) };
      },
    );
    if (warm.length) {
      r.editorWarmRunsMs = warm;
      r.editorWarmMs = median(warm);
      r.warmReadyMs = median(ready);
      log(`  warm start, facts cache (${r.warmCacheHits ? `${r.warmCacheHits.hits} of ${r.warmCacheHits.documents} documents` : 'hits unknown'}): ${runs(warm)}, ready at ${(r.warmReadyMs / 1000).toFixed(2)} s`);
    }
  } finally {
    fs.rmSync(path.dirname(cacheFile), { recursive: true, force: true });
  }
}

export async function runLspScenario(o: LspOptions): Promise<LspResults> {
  const log = o.log ?? (() => {});
  const r: LspResults = { errors: [], notes: [] };
  const failed = (name: string, e: unknown) => {
    r.errors.push(`${name}: ${(e as Error).message.split('\n')[0]}`);
    log(`  ${name} failed: ${(e as Error).message.split('\n')[0]}`);
  };
  const step = async (name: string, f: () => Promise<void>) => {
    try {
      await f();
    } catch (e) {
      failed(name, e);
    }
  };
  const t0 = performance.now();
  let c: TestClient;
  try {
    c = await attach(o);
    r.initializeMs = performance.now() - t0;
  } catch (e) {
    failed('cold start', e);
    return r;
  }
  const request = <T>(method: string, params: unknown): Promise<T> =>
    Promise.race([
      c.request<T>(method, params),
      new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`${method} timed out`)), o.stepTimeoutMs)),
    ]);
  const versions = new Map<string, number>();
  const open = (p: string) => {
    const text = fs.readFileSync(path.join(o.root, p), 'utf8');
    versions.set(p, 1);
    c.open(p, text, 1);
    return { path: p, uri: c.uri(p), text };
  };
  const change = (p: string, range: { start: { line: number; character: number }; end: { line: number; character: number } }, text: string) => {
    const version = (versions.get(p) ?? 1) + 1;
    versions.set(p, version);
    c.edit(p, range, text, version);
    return version;
  };

  try {
    await step('cold start', async () => {
      const ready = await c.until(() => c.serverStatus?.state === 'ready', 'the server reports ready', o.coldTimeoutMs);
      r.coldStartMs = ready - t0;
      r.status = c.serverStatus;
      r.readyRssMiB = readMib(c.pid!).rss;
    });
    if (r.coldStartMs === undefined) return r;

    // The document typed in: a module with a duration-mismatch (so that every
    // change publishes), prerequisites, and usually a hot-ID mention.
    const edit = open(o.manifest.bench.editPath);
    const editLines = lines(edit.text);
    const typeLine = editLines.findIndex((l) => l.startsWith('> '));
    let typed = 1;
    const type = async (count: number, during?: () => boolean) => {
      const t = await typeInto(c, edit.path, { line: typeLine, character: editLines[typeLine].length }, typed, count, { timeoutMs: o.stepTimeoutMs, during });
      typed = t.version;
      return t;
    };

    // A user who starts typing the moment the server is ready, while the whole workspace is
    // still being checked in the background: every keystroke from the first one counts.
    await step('keystrokes during the first check', async () => {
      const { times, during } = await type(o.edits ?? 200, () => !!c.serverStatus?.checking);
      r.keystrokeFirstCheck = { ...stats(times)!, duringCheck: during };
      log(`  keystroke from the first after ready: p50 ${r.keystrokeFirstCheck.p50.toFixed(1)} ms, p95 ${r.keystrokeFirstCheck.p95.toFixed(1)} ms (${during} of ${times.length} sent while checking)`);
    });

    await step('every document checked', async () => {
      // Every document's diagnostics, which models every document: the server as it stays.
      const checked = await c.until(() => c.serverStatus?.state === 'ready' && !c.serverStatus.checking, 'every document is checked', o.coldTimeoutMs);
      r.allCheckedMs = checked - t0;
      const after = readMib(c.pid!);
      r.rssMiB = after.rss;
      r.peakRssMiB = after.peak;
      log(`  cold start ${(r.coldStartMs! / 1000).toFixed(2)} s (RSS ${r.readyRssMiB?.toFixed(0)} MiB), every document checked at ${(r.allCheckedMs / 1000).toFixed(2)} s (RSS ${after.rss?.toFixed(0)} MiB)`);
    });

    await step('keystrokes', async () => {
      const { times } = await type((o.edits ?? 200) + 10);
      r.keystroke = stats(times.slice(10)); // the first ten warm the JIT up
      log(`  keystroke p50 ${r.keystroke!.p50.toFixed(1)} ms, p95 ${r.keystroke!.p95.toFixed(1)} ms`);
    });

    const timeRequests = async <T>(n: number, warm: number, make: (k: number) => [string, unknown]): Promise<{ times: number[]; last: T[] }> => {
      const times: number[] = [];
      const last: T[] = [];
      for (let k = 0; k < n + warm; k++) {
        const [method, params] = make(k);
        const t = performance.now();
        const res = await request<T>(method, params);
        const dt = performance.now() - t;
        if (k >= warm) {
          times.push(dt);
          last.push(res);
        }
      }
      return { times, last };
    };

    await step('completion', async () => {
      const line = editLines.findIndex((l) => /^\s*- \*\*Prerequisite/.test(l));
      let at: { line: number; character: number } | undefined;
      for (let l = line; l >= 0 && l < editLines.length && l <= line + 6 && !at; l++) {
        const m = /MOD-\d/.exec(editLines[l]);
        if (m) at = { line: l, character: m.index + 4 };
      }
      if (!at) throw new Error('no module ID in the Prerequisites field of the edited document');
      type List = { items: unknown[]; isIncomplete: boolean } | unknown[] | null;
      const count = (x: List) => (Array.isArray(x) ? x.length : x?.items.length ?? 0);
      const incomplete = (x: List) => (!Array.isArray(x) && !!x?.isIncomplete);
      const all = await timeRequests<List>(100, 5, () => ['textDocument/completion', { textDocument: { uri: edit.uri }, position: at }]);
      r.completionAll = { ...stats(all.times)!, items: count(all.last[0]), incomplete: incomplete(all.last[0]) };
      const prefixAt = { line: at.line, character: at.character + 1 };
      const prefix = editLines[at.line].slice(at.character - 4, prefixAt.character);
      const pre = await timeRequests<List>(100, 5, () => ['textDocument/completion', { textDocument: { uri: edit.uri }, position: prefixAt }]);
      r.completionPrefix = { ...stats(pre.times)!, items: count(pre.last[0]), incomplete: incomplete(pre.last[0]), prefix };
      log(`  completion "MOD-|" p95 ${r.completionAll.p95.toFixed(1)} ms (${r.completionAll.items} items), "${prefix}|" p95 ${r.completionPrefix.p95.toFixed(1)} ms`);
    });

    // Every ID mention of the edited document (none in fenced code or comments: the
    // generator gives those six-digit IDs).
    const mentions: Array<{ line: number; character: number }> = [];
    editLines.forEach((l, line) => {
      for (const m of l.matchAll(ID_RE)) if (!/-\d{6}/.test(m[0])) mentions.push({ line, character: m.index! + 2 });
    });

    await step('hover', async () => {
      const h = await timeRequests<unknown>(200, 10, (k) => ['textDocument/hover', { textDocument: { uri: edit.uri }, position: mentions[k % mentions.length] }]);
      r.hover = { ...stats(h.times)!, answered: h.last.filter(Boolean).length };
      log(`  hover p95 ${r.hover.p95.toFixed(1)} ms`);
    });
    await step('definition', async () => {
      const d = await timeRequests<unknown[]>(200, 10, (k) => ['textDocument/definition', { textDocument: { uri: edit.uri }, position: mentions[k % mentions.length] }]);
      r.definition = { ...stats(d.times)!, answered: d.last.filter((x) => Array.isArray(x) ? x.length > 0 : !!x).length };
      log(`  definition p95 ${r.definition.p95.toFixed(1)} ms`);
    });

    await step('references and rename', async () => {
      const hot = open(o.manifest.hotPath);
      const hl = lines(hot.text);
      const line = hl.findIndex((l) => l.includes(o.manifest.hotId));
      const position = { line, character: hl[line].indexOf(o.manifest.hotId) + 2 };
      const refs = await timeRequests<unknown[]>(20, 3, () => ['textDocument/references', { textDocument: { uri: hot.uri }, position, context: { includeDeclaration: true } }]);
      r.references = { ...stats(refs.times)!, locations: refs.last[0]?.length ?? 0 };
      type Edit = { changes?: Record<string, unknown[]>; documentChanges?: Array<{ edits?: unknown[] }> };
      const ren = await timeRequests<Edit>(20, 3, () => ['textDocument/rename', { textDocument: { uri: hot.uri }, position, newName: 'MOD-999999' }]);
      const e = ren.last[0] ?? {};
      const edits = e.changes ? Object.values(e.changes).reduce((a, x) => a + x.length, 0) : (e.documentChanges ?? []).reduce((a, x) => a + (x.edits?.length ?? 0), 0);
      const files = e.changes ? Object.keys(e.changes).length : (e.documentChanges ?? []).length;
      r.rename = { ...stats(ren.times)!, edits, files };
      log(`  references p95 ${r.references.p95.toFixed(1)} ms (${r.references.locations}), rename p95 ${r.rename.p95.toFixed(1)} ms (${edits} edits)`);
    });

    await step('dependent refresh', async () => {
      const dep = o.manifest.bench.dependency;
      const a = open(dep.path);
      const al = lines(a.text);
      const line = al.findIndex((l) => /\*\*Module ID/.test(l));
      const character = al[line].indexOf(dep.id);
      if (line < 0 || character < 0) throw new Error(`no ${dep.id} in ${dep.path}`);
      const dependentUri = c.uri(dep.dependentPath);
      const hasUnknown = () => (c.diagnostics.get(dependentUri) ?? []).some((d) => d.code === 'unknown-reference');
      if (hasUnknown()) throw new Error(`${dep.dependentPath} has an unknown-reference before the edit`);
      const broken: number[] = [];
      const restored: number[] = [];
      let current = dep.id;
      for (let k = 0; k < 10; k++) {
        const other = `MOD-${990000 + k}`;
        let sent = performance.now();
        change(a.path, { start: { line, character }, end: { line, character: character + current.length } }, other);
        current = other;
        broken.push((await c.until(hasUnknown, `${dep.dependentPath} shows unknown-reference`, o.stepTimeoutMs)) - sent);
        sent = performance.now();
        change(a.path, { start: { line, character }, end: { line, character: character + current.length } }, dep.id);
        current = dep.id;
        restored.push((await c.until(() => !hasUnknown(), `${dep.dependentPath} is clean again`, o.stepTimeoutMs)) - sent);
      }
      r.dependent = { ...stats([...broken, ...restored])!, broken: stats(broken), restored: stats(restored) };
      log(`  dependent refresh p50 ${r.dependent.p50.toFixed(1)} ms, p95 ${r.dependent.p95.toFixed(1)} ms`);
    });
  } finally {
    await c.stop();
  }
  // A cold start varies from run to run on a shared machine: two more, each alone, and the median.
  if (r.coldStartMs !== undefined) {
    const runs = [r.coldStartMs];
    for (let k = 0; k < (o.coldRepeats ?? 2); k++) {
      await new Promise((res) => setTimeout(res, 500));
      try {
        const run = await coldStartOnly(o, k === 0 ? o.manifest : undefined);
        runs.push(run.ms);
        if (run.paced) {
          r.keystrokePaced = run.paced;
          const w = run.paced.whileChecking;
          log(`  keystroke at ${PACE_MS} ms intervals from ready: p50 ${run.paced.p50.toFixed(1)} ms, p95 ${run.paced.p95.toFixed(1)} ms (${run.paced.duringCheck} of ${run.paced.n} sent while checking${w ? `: p50 ${w.p50.toFixed(1)}, p95 ${w.p95.toFixed(1)} ms` : ''})`);
        }
      } catch (e) {
        r.errors.push(`cold start ${k + 2}: ${(e as Error).message.split('\n')[0]}`);
      }
    }
    r.coldStartRunsMs = runs;
    r.coldStartMs = [...runs].sort((a, b) => a - b)[Math.floor(runs.length / 2)];
    log(`  cold starts ${runs.map((x) => (x / 1000).toFixed(2)).join(', ')} s: median ${(r.coldStartMs / 1000).toFixed(2)} s`);
  }
  return r;
}
