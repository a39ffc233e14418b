/// <reference lib="webworker" />
/**
 * The graph's layout worker (bundled on its own as dist/graphLayout.js): elkjs runs
 * here, never on the page's thread, so the editor keeps answering while a large
 * graph is laid out. The page fetches this script and starts it from a blob URL
 * (a webview may start workers only from blob: or data: URLs). Text is measured
 * with an OffscreenCanvas in the page's font; a request the page no longer wants
 * is abandoned by terminating the worker.
 *
 *   page -> worker  { id, font, request: LayoutRequest }
 *   worker -> page  { id, layout: BoxLayout } | { id, error: string }
 */
import ELK from 'elkjs/lib/elk.bundled.js';
import { layoutBoxes, layoutOptions, type LayoutRequest } from './layout';
import { canvasMeasure } from './measure';

declare const self: DedicatedWorkerGlobalScope;

export interface LayoutJob {
  id: number;
  /** The page's font family (CSS). */
  font: string;
  request: LayoutRequest;
}

// elk.bundled.js runs ELK in this thread (its FakeWorker); it also installs its own
// message handler on a worker's global scope, which the one below replaces.
const elk = new ELK();
// ELK's first layout initialises most of its classes (seconds on a slow machine): a tiny one at the worker's
// start, which the first request then finds done or under way.
void elk.layout({ id: 'warm-up', layoutOptions: layoutOptions(2), children: [{ id: 'a', width: 10, height: 10 }, { id: 'b', width: 10, height: 10 }], edges: [{ id: 'e', sources: ['a'], targets: ['b'] }] }).catch(() => {});

self.onmessage = async (event: MessageEvent<LayoutJob>) => {
  const { id, font, request } = event.data;
  try {
    const layout = await layoutBoxes(elk, request, canvasMeasure(font));
    self.postMessage({ id, layout });
  } catch (e) {
    self.postMessage({ id, error: e instanceof Error ? e.message : String(e) });
  }
};
