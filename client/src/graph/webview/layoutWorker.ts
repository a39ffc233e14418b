/// <reference lib="webworker" />
/**
 * The graph's layout worker (bundled on its own as dist/graphLayout.js): every layout runs
 * here, never on the page's thread, so the editor keeps answering while a graph is laid
 * out. Views of up to QUICK_LAYOUT_MAX boxes (the overview, a track, a focus, 200
 * documents) get the quick layout (quickLayout.ts, milliseconds); larger ones elkjs, which
 * is evaluated only when the first of them comes (elk.bundled.js is a CommonJS module, so
 * the bundle runs it on the first require; starting it takes about a second on a slow
 * machine, which the page's first picture therefore never waits for). The page starts
 * this worker as it loads, from a blob URL of this script (a webview may start workers
 * only from blob: or data: URLs). Text is measured with an OffscreenCanvas in the page's
 * font; a request the page no longer wants is abandoned by terminating the worker.
 *
 *   page -> worker  { id, font, request: LayoutRequest }
 *   worker -> page  { id, layout: BoxLayout } | { id, error: string }
 */
import type { ELK } from 'elkjs/lib/elk-api';
import { layoutBoxes, type BoxLayout, type LayoutRequest } from './layout';
import { canvasMeasure } from './measure';
import { QUICK_LAYOUT_MAX, quickLayout } from './quickLayout';

declare const self: DedicatedWorkerGlobalScope;

export interface LayoutJob {
  id: number;
  /** The page's font family (CSS). */
  font: string;
  request: LayoutRequest;
}

let elk: ELK | undefined;

function elkEngine(): ELK {
  if (!elk) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ElkConstructor = require('elkjs/lib/elk.bundled.js') as new () => ELK;
    elk = new ElkConstructor();
    // elk.bundled.js runs ELK in this thread (its FakeWorker) and, as it is evaluated,
    // installs its own message handler on the worker's global scope: ours again.
    self.onmessage = onJob;
  }
  return elk;
}

async function layoutOf(request: LayoutRequest, font: string): Promise<BoxLayout> {
  const measure = canvasMeasure(font);
  if (request.boxes.length <= QUICK_LAYOUT_MAX) return quickLayout(request, measure);
  return layoutBoxes(elkEngine(), request, measure);
}

async function onJob(event: MessageEvent<LayoutJob>): Promise<void> {
  const { id, font, request } = event.data;
  try {
    self.postMessage({ id, layout: await layoutOf(request, font) });
  } catch (e) {
    self.postMessage({ id, error: e instanceof Error ? e.message : String(e) });
  }
}

self.onmessage = onJob;
