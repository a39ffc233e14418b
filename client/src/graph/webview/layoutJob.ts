/// <reference lib="webworker" />
/**
 * What the page and a layout worker say to each other, and the worker's side of it: one
 * home for both workers (`quickLayoutWorker.ts`, `layoutWorker.ts`).
 *
 *   page -> worker  { id, font, request: LayoutRequest }
 *   worker -> page  { id, layout: BoxLayout } | { id, error: string }
 */
import type { BoxLayout, LayoutRequest, Measure } from './layout';
import { canvasMeasure } from './measure';

export interface LayoutJob {
  id: number;
  /** The page's font family (CSS). */
  font: string;
  request: LayoutRequest;
}

declare const self: DedicatedWorkerGlobalScope;

/** Answers every job the page sends with `layout` (text measured in the page's font). */
export function answerLayoutJobs(layout: (request: LayoutRequest, measure: Measure) => BoxLayout | Promise<BoxLayout>): void {
  self.onmessage = async (event: MessageEvent<LayoutJob>) => {
    const { id, font, request } = event.data;
    try {
      self.postMessage({ id, layout: await layout(request, canvasMeasure(font)) });
    } catch (e) {
      self.postMessage({ id, error: e instanceof Error ? e.message : String(e) });
    }
  };
}
