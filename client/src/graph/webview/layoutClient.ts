/// <reference lib="dom" />
/**
 * The page's side of a layout worker (quickLayoutWorker.ts, layoutWorker.ts): starts it
 * from a blob: URL of its own script (fetched once from the extension's files; a webview
 * may not start a worker from another origin's URL), as the page loads when asked to
 * (`warm`), sends one request at a time, and cancels by
 * terminating the worker (ELK cannot be interrupted otherwise); the next request
 * starts a fresh one.
 */
import type { BoxLayout, LayoutRequest } from './layout';
import type { LayoutJob } from './layoutJob';

export class LayoutCancelled extends Error {
  constructor() {
    super('layout cancelled');
  }
}

export class LayoutWorker {
  private script: Promise<string> | undefined;
  private worker: Worker | undefined;
  private seq = 0;
  private pending: { id: number; resolve: (l: BoxLayout) => void; reject: (e: unknown) => void } | undefined;

  constructor(private readonly url: string) {}

  private blobUrl(): Promise<string> {
    this.script ??= fetch(this.url)
      .then((r) => {
        if (!r.ok) throw new Error(`the layout worker's script could not be loaded (${r.status})`);
        return r.blob();
      })
      .then((b) => URL.createObjectURL(new Blob([b], { type: 'text/javascript' })));
    // A failed fetch is tried again next time.
    this.script.catch(() => (this.script = undefined));
    return this.script;
  }

  private starting: Promise<Worker> | undefined;

  private start(): Promise<Worker> {
    if (this.worker) return Promise.resolve(this.worker);
    this.starting ??= this.blobUrl()
      .then((url) => this.spawn(url))
      .finally(() => (this.starting = undefined));
    return this.starting;
  }

  private spawn(url: string): Worker {
    const worker = new Worker(url);
    worker.onmessage = (e: MessageEvent<{ id: number; layout?: BoxLayout; error?: string }>) => {
      const p = this.pending;
      if (!p || p.id !== e.data.id) return;
      this.pending = undefined;
      if (e.data.layout) p.resolve(e.data.layout);
      else p.reject(new Error(e.data.error ?? 'layout failed'));
    };
    worker.onerror = (e) => {
      const p = this.pending;
      this.pending = undefined;
      p?.reject(new Error(e.message || 'the layout worker failed'));
      this.stop();
    };
    return (this.worker = worker);
  }

  /** Fetches the script and starts the worker now, so that the first layout waits for neither. */
  warm(): void {
    this.start().catch(() => {
      // Said when a layout is asked for: its start is tried again then.
    });
  }

  /** Lays the request out in the worker; a request still running is cancelled first. */
  async layout(request: LayoutRequest, font: string): Promise<BoxLayout> {
    if (this.pending) this.cancel();
    const id = ++this.seq;
    const result = new Promise<BoxLayout>((resolve, reject) => (this.pending = { id, resolve, reject }));
    try {
      const worker = await this.start();
      if (this.pending?.id !== id) throw new LayoutCancelled();
      const job: LayoutJob = { id, font, request };
      worker.postMessage(job);
    } catch (e) {
      if (this.pending?.id === id) this.pending = undefined;
      throw e;
    }
    return result;
  }

  /** Whether a layout is running. */
  get busy(): boolean {
    return !!this.pending;
  }

  /** Abandons the running layout (its promise rejects with LayoutCancelled). */
  cancel(): void {
    const p = this.pending;
    this.pending = undefined;
    this.stop();
    p?.reject(new LayoutCancelled());
  }

  private stop(): void {
    this.worker?.terminate();
    this.worker = undefined;
  }
}
