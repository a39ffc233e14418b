/**
 * Document text in Graphviz dot (`toDot`).
 *
 * Public API (stable):
 * - `dotId(s)`: a double-quoted dot ID: the whole text (an ID is identity, never
 *   drawn: every node gets a label), invisible characters marked, `\` and `"` escaped.
 * - `dotLabel(lines, max?)`: a double-quoted label (an escString): each line
 *   bounded (`boundLabel`), joined by `\n`; a backslash doubled so that no
 *   `\N`, `\G`, `\l`… substitution or line break comes from the document, `&`
 *   written `&amp;` so that Graphviz shows `&lt;` as typed instead of `<`.
 * - `dotTooltip(s)`: the same for a tooltip, with the full text on one line.
 */
import { boundLabel, LABEL_MAX, neutraliseControls, oneLine } from './label';

/** Escapes a line of text for inside a quoted escString. */
function escString(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/&/g, '&amp;');
}

/** A double-quoted dot ID (see the header). */
export function dotId(s: string): string {
  return `"${neutraliseControls(s).replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
}

/** A double-quoted dot label of these lines, each bounded (see the header). */
export function dotLabel(lines: readonly string[], max: number = LABEL_MAX): string {
  return `"${lines.map((l) => escString(boundLabel(l, max))).join('\\n')}"`;
}

/** A double-quoted dot tooltip: the full text, on one line. */
export function dotTooltip(s: string): string {
  return `"${escString(oneLine(s))}"`;
}
