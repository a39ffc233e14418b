/**
 * Document text in a Mermaid flowchart (`toMermaid`).
 *
 * Public API (stable):
 * - `mermaidText(s)`: text for inside a `"…"` node label: every character Mermaid
 *   reads as syntax written as its entity code (`#60;`), so the label shows it
 *   literally; `%` among them, so no `%%{init: …}%%` directive can form anywhere in
 *   the diagram (Mermaid looks for directives in the whole text, labels included).
 *   Whitespace runs as one space; a backslash followed by an invisible U+2060 (Mermaid
 *   reads `\n` as a line break even when the backslash was coded). Not bounded: see
 *   `mermaidLabel`.
 * - `mermaidLabel(s, max?)`: `boundLabel` then `mermaidText`: a drawn label.
 * - `mermaidComment(s, max?)`: text for after `%%` on a comment line: bounded, on one
 *   line, with the same characters coded (no directive, no `</script>` in text
 *   people paste into web pages).
 */
import { boundLabel, LABEL_MAX, oneLine } from './label';

/**
 * Characters written as Mermaid entity codes: quotes and brackets (they end a
 * label or start a shape), `#`, `&` and `;` (entity syntax), `<` `>` (markup),
 * `%` `{` `}` (directives and comments), `` ` `` (markdown strings), `|` `\` `*`
 * `_` `~` `:` `=` (edge labels, escapes, emphasis, class shorthand).
 */
const SPECIAL = /["'#&<>[\](){}|`\\;%*_~:=]/g;

/** Text for inside a `"…"` Mermaid label, shown literally (see the header). */
export function mermaidText(s: string): string {
  // A backslash is followed by an invisible U+2060 WORD JOINER: Mermaid reads `\n` in a label as a
  // line break after decoding the entity codes, so `#92;n` alone would still break the line.
  return oneLine(s).replace(SPECIAL, (c) => (c === '\\' ? '#92;\u2060' : `#${c.codePointAt(0)};`));
}

/** A drawn Mermaid label: bounded, then coded. */
export function mermaidLabel(s: string, max: number = LABEL_MAX): string {
  return mermaidText(boundLabel(s, max));
}

/** Text for a `%%` comment line: bounded, one line, coded. */
export function mermaidComment(s: string, max: number = LABEL_MAX): string {
  return mermaidLabel(s, max);
}
