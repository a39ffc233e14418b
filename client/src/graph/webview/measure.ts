/// <reference lib="dom" />
/**
 * Text width as the page draws it (12px in the page's font; IDs semi-bold), measured with
 * an OffscreenCanvas in the layout worker, for the quick layout and ELK's boxes alike, so the
 * two wrap titles the same. About 7 px a character where there is no canvas.
 */
import type { Measure } from './layout';

export function canvasMeasure(font: string): Measure {
  const ctx = typeof OffscreenCanvas === 'function' ? new OffscreenCanvas(1, 1).getContext('2d') : null;
  if (!ctx) return (text) => text.length * 7;
  return (text, kind) => {
    ctx.font = `${kind === 'id' ? '600 ' : ''}12px ${font}`;
    return ctx.measureText(text).width;
  };
}
