/**
 * Document text in Graphviz dot (`toDot`).
 *
 * Public API (stable):
 * - `dotId(s)`: a double-quoted dot ID: the whole text (an ID is identity, never
 *   drawn: every node gets a label), invisible characters and line breaks marked, `\`, `"` and
 *   `&` escaped, a leading `%` kept from making the node anonymous.
 * - `dotLabel(lines, max?)`: a double-quoted label (an escString): each line
 *   bounded (`boundLabel`), joined by `\n`; a backslash doubled so that no
 *   `\N`, `\G`, `\l`… substitution or line break comes from the document, `&`
 *   written `&amp;` so that Graphviz shows `&lt;` as typed instead of `<`.
 * - `dotTooltip(s)`: a tooltip, the full text on one line (a backslash written as
 *   four: a tooltip is unescaped twice).
 * Text longer than Graphviz reads in one quoted string is written as quoted
 * pieces joined by `+` (dot's string concatenation).
 */
import { boundLabel, LABEL_MAX, neutraliseControls, oneLine, visibleMark } from './label';

/** Escapes a line of text for inside a quoted label (`\\` is one backslash in a label). */
function escLabel(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}

/**
 * Escapes text for inside a quoted tooltip. A tooltip is unescaped twice (the
 * `\N`-style substitutions, then the tooltip's own `\n`, `\l`, …), so a backslash is
 * written as four.
 */
function escTooltip(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/\\/g, '\\\\\\\\').replace(/"/g, '\\"');
}

/** Graphviz reads a quoted string of at most 16,384 bytes: longer text is written as pieces joined by `+`. */
const PIECE = 2000;

/** Text as one or more double-quoted strings joined by `+`, each piece escaped by `escape`. */
function quoted(s: string, escape: (piece: string) => string): string {
  if (s.length <= PIECE) return `"${escape(s)}"`;
  const chars = Array.from(s);
  const pieces: string[] = [];
  for (let i = 0; i < chars.length; i += PIECE) pieces.push(`"${escape(chars.slice(i, i + PIECE).join(''))}"`);
  return pieces.join(' + ');
}

/**
 * A double-quoted dot ID (see the header). Graphviz keeps a doubled backslash
 * doubled in a name, and takes a name starting with `%` for an anonymous node (a
 * new one at every mention): such a name is written `\%…`, which no ID's own text
 * gives (its backslashes are all doubled), so IDs stay one node each and apart.
 * `&` is written `&amp;`: Graphviz's SVG passes entities in a name through, so the
 * node's `<title>` shows the ID as typed.
 */
export function dotId(s: string): string {
  return quoted(neutraliseControls(s).replace(/[\t\n\r\u2028\u2029]/g, visibleMark), (p) => p.replace(/&/g, '&amp;').replace(/\\/g, '\\\\').replace(/"/g, '\\"')).replace(/^"%/, '"\\%');
}

/** A double-quoted dot label of these lines, each bounded (see the header). */
export function dotLabel(lines: readonly string[], max: number = LABEL_MAX): string {
  return `"${lines.map((l) => escLabel(boundLabel(l, max))).join('\\n')}"`;
}

/** A double-quoted dot tooltip: the full text, on one line (pieces joined by `+` when long). */
export function dotTooltip(s: string): string {
  return quoted(oneLine(s), escTooltip);
}
