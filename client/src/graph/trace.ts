/**
 * The graph's steps in the extension host, for the browser bench (bench/graphBench.mjs):
 * when the environment names a file in ROADMAP_GRAPH_TRACE (the bench starts code-server
 * so), each step is kept with its epoch time and the list is written there as JSON
 * (`[{ name, at }]`), beside the page's own marks on its performance timeline. Without
 * the variable (every real session, and the browser, which has no environment) nothing
 * is kept or written. Free of `vscode`: the writer is passed in.
 */
const MAX_STEPS = 1000;

export interface TraceStep {
  name: string;
  /** Epoch milliseconds (Date.now()). */
  at: number;
}

export class GraphTrace {
  private readonly steps: TraceStep[] = [];
  private writing: Promise<void> = Promise.resolve();

  constructor(private readonly write: ((json: string) => Promise<void>) | undefined) {}

  get enabled(): boolean {
    return !!this.write;
  }

  /** Notes a step (`graph:<what>`) now. */
  mark(what: string): void {
    const write = this.write;
    if (!write) return;
    this.steps.push({ name: what, at: Date.now() });
    if (this.steps.length > MAX_STEPS) this.steps.splice(0, this.steps.length - MAX_STEPS);
    const json = JSON.stringify(this.steps);
    // One write at a time, the latest list last.
    this.writing = this.writing.then(() => write(json)).catch(() => undefined);
  }
}

/** The file the environment names, when there is one (only the desktop extension host has an environment). */
export function traceFileFromEnv(): string | undefined {
  const env = (globalThis as { process?: { env?: Record<string, string | undefined> } }).process?.env;
  const file = env?.ROADMAP_GRAPH_TRACE;
  return file ? file : undefined;
}
