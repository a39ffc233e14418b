/**
 * `roadmap lint`'s worker pool (node:worker_threads): on a large workspace its files
 * are cut into one contiguous share per thread (sorted paths: a folder's documents,
 * which require each other, mostly stay together). The thread running the command takes
 * one share itself; each other thread runs this same bundle (dist/cli.js); each
 *   1. reads and models its share, and sends the share's facts (what the index keeps);
 *   2. is given every other share's facts, indexes them (those documents are modelled,
 *      read again, only when a check needs them: the proficiency rules read what a
 *      document requires), and checks the documents of its share to report on.
 * No file is parsed twice for the index, and no thread waits for another but at the
 * exchange. The findings come back as JSON, as the language server sends them, and are
 * put together in the targets' order: the same output, the same exit code as one thread.
 */
import os from 'node:os';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import type { RoadmapDiagnostic } from '../core/rules/types';
import type { CachedFacts } from '../protocol';
import { UsageError } from './usage';

/** Below this many files to report on, one thread: starting threads costs more than it saves. */
export const POOL_MIN_FILES = 2000;
/** Threads at most, whatever the cores. */
const POOL_MAX = 4;
/**
 * Cores below which the pool is not used unless asked for: on two cores, two threads
 * took 1.67 times the CPU time of one (each warms its own JIT and computes the
 * workspace-wide analytics) and were slower than one thread (10,000 documents: 5.0 s
 * against 3.0 s under a load of 8).
 */
export const POOL_MIN_CORES = 4;

/** What a thread is given: how to find the workspace (as the command line says), its share of the files, and which to report on. */
export interface LintJob {
  paths: string[];
  config: string | undefined;
  share: string[];
  targets: string[];
}

/** A share's facts, by file, as the facts cache stores them. */
export type ShareFacts = Array<[file: string, facts: CachedFacts]>;

/** What a thread does: load its share (returning its facts), then take the others' facts and check its targets. */
export interface LintThread {
  load(job: LintJob): Promise<ShareFacts>;
  check(others: ShareFacts): PooledResult[];
}

export interface PooledResult {
  file: string;
  diagnostics: RoadmapDiagnostic[];
  roadmap: boolean;
}

const WORKER_FLAG = 'roadmap-lint-worker';

/** How many threads: `--workers N` when given (1: this one), else one per core (at most POOL_MAX) for POOL_MIN_FILES files or more on POOL_MIN_CORES cores or more. */
export function workerCount(option: string | undefined, targets: number): number {
  if (option !== undefined) {
    if (!/^\d+$/.test(option) || Number(option) < 1) throw new UsageError(`--workers needs a whole number of threads, 1 or more, not "${option}"`);
    return Math.min(Number(option), Math.max(1, targets));
  }
  const cores = os.availableParallelism();
  if (targets < POOL_MIN_FILES || cores < POOL_MIN_CORES) return 1;
  return Math.min(POOL_MAX, cores);
}

/**
 * Checks the targets in `count` threads, the workspace's files cut into as many shares:
 * this one takes the first share itself (`here`, the same steps as a thread's), and
 * `count - 1` threads running this bundle take the others (a thread more only to wait
 * on the others cost its start and its JIT's warm-up: 0.3 s of CPU at 300 documents).
 * The results in the targets' order.
 */
export async function lintInWorkers(files: string[], targets: string[], count: number, find: { paths: string[]; config: string | undefined }, here: LintThread): Promise<PooledResult[]> {
  const sorted = [...files].sort();
  const size = Math.ceil(sorted.length / count);
  const shares = Array.from({ length: count }, (_, k) => sorted.slice(k * size, (k + 1) * size)).filter((s) => s.length > 0);
  const targetSet = new Set(targets);
  const jobs = shares.map((share): LintJob => ({ ...find, share, targets: share.filter((f) => targetSet.has(f)) }));
  const threads: PoolThread[] = [
    ...jobs.slice(1).map((job) => new LintWorker(job)),
    // This thread's share last: the others' threads start before it loads its own.
    { loaded: here.load(jobs[0]), check: async (others: ShareFacts) => here.check(others), stop() {} },
  ];
  try {
    const facts = await Promise.all(threads.map((t) => t.loaded));
    const parts = await Promise.all(threads.map((t, k) => t.check(facts.filter((_, j) => j !== k).flat())));
    const byFile = new Map(parts.flat().map((r) => [r.file, r]));
    return targets.map((f) => byFile.get(f)!);
  } finally {
    for (const t of threads) t.stop();
  }
}

/** A share's thread as the pool speaks to it: its facts once loaded, then its findings given the others' facts. */
interface PoolThread {
  readonly loaded: Promise<ShareFacts>;
  check(others: ShareFacts): Promise<PooledResult[]>;
  stop(): void;
}

/** One worker thread of the pool, spoken to in two steps. */
class LintWorker implements PoolThread {
  private readonly worker: Worker;
  private readonly replies: Array<{ resolve: (m: unknown) => void; reject: (e: Error) => void }> = [];
  private failed: Error | undefined;
  readonly loaded: Promise<ShareFacts>;

  constructor(job: LintJob) {
    // This very file's bundle (dist/cli.js): the thread sees the flag and serves the job.
    this.worker = new Worker(__filename, { workerData: { [WORKER_FLAG]: job }, stdout: false, stderr: false });
    this.worker.on('message', (m: { error?: string; json?: string }) => {
      const reply = this.replies.shift();
      if (m.error !== undefined) reply?.reject(new Error(m.error));
      else reply?.resolve(JSON.parse(m.json!));
    });
    const fail = (e: Error) => {
      this.failed ??= e;
      for (const r of this.replies.splice(0)) r.reject(e);
    };
    this.worker.on('error', fail);
    this.worker.on('exit', (code) => fail(new Error(`a lint thread stopped (exit ${code}) before it answered`)));
    this.loaded = this.next<ShareFacts>();
  }

  check(others: ShareFacts): Promise<PooledResult[]> {
    const reply = this.next<PooledResult[]>();
    this.worker.postMessage({ others: JSON.stringify(others) });
    return reply;
  }

  stop(): void {
    void this.worker.terminate();
  }

  private next<T>(): Promise<T> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise<T>((resolve, reject) => this.replies.push({ resolve: resolve as (m: unknown) => void, reject }));
  }
}

/** True in a thread started by `lintInWorkers`. */
export function isLintWorker(): boolean {
  return !isMainThread && !!(workerData as Record<string, unknown> | null)?.[WORKER_FLAG];
}

/** In such a thread: loads the share, posts its facts, then checks when given the others' facts (replies as JSON). */
export function serveLintWorker(thread: LintThread): void {
  const job = (workerData as Record<string, LintJob>)[WORKER_FLAG];
  const port = parentPort!;
  const fail = (e: unknown) => port.postMessage({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) });
  port.on('message', (m: { others: string }) => {
    try {
      port.postMessage({ json: JSON.stringify(thread.check(JSON.parse(m.others) as ShareFacts)) });
    } catch (e) {
      fail(e);
    }
  });
  thread.load(job).then((facts) => port.postMessage({ json: JSON.stringify(facts) }), fail);
}
