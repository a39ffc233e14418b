/**
 * Document text in HTML (reports).
 *
 * Public API (stable):
 * - `escapeHtmlText(s)`: text content: `&`, `<`, `>` as entities, invisible and
 *   bidi characters marked (`neutraliseControls`); line breaks kept.
 * - `escapeHtmlAttr(s)`: a double- or single-quoted attribute value: also `"`, `'`
 *   and `` ` `` as entities. (A URL attribute needs its scheme checked as well:
 *   this only keeps the value inside its quotes.)
 */
import { neutraliseControls } from './label';

const ENTITY: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' };

/** HTML text content (see the header). */
export function escapeHtmlText(s: string): string {
  return neutraliseControls(s).replace(/[&<>]/g, (c) => ENTITY[c]);
}

/** A quoted HTML attribute value (see the header). */
export function escapeHtmlAttr(s: string): string {
  return neutraliseControls(s).replace(/[&<>"'`]/g, (c) => ENTITY[c]);
}
