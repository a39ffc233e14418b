/**
 * Document text in markdown: the hovers, and markdown reports and comments.
 *
 * Public API (stable):
 * - `escapeMarkdownText(s)`: inline text shown literally by CommonMark + GFM
 *   renderers (micromark/remark, marked as VS Code uses it, GitHub): on one line,
 *   invisible characters marked (`oneLine`); no emphasis, code, link, image, HTML,
 *   table pipe, strikethrough, math (`$`) or entity (`&lt;` shows as typed); no
 *   autolink (`<https://…>`, bare `https://…`, `www.…`, `name@host`) and no GitHub
 *   mention or issue link (`@name`, `#123`): those are broken by an invisible
 *   U+2060 WORD JOINER after `://`'s colon, inside `www.`, after `@` and `#`
 *   (renderers find them after escapes are resolved, so a backslash cannot); safe
 *   at the start of a line or list item too (no heading, list, quote or thematic
 *   break starts). The full text: bound it first when it is a label.
 * - `markdownTableCell(s)`: the same for a GFM table cell (`|` escaped; empty
 *   text as one space so the cell stays).
 * - `markdownLinkDestination(url)`: a link destination in `<…>` form: the URL a
 *   link made by the project itself points at, with `<`, `>`, `\`, spaces and line
 *   breaks percent-encoded.
 */
import { oneLine } from './label';

/** Characters always escaped with a backslash (every one is ASCII punctuation, so CommonMark honours it). */
const ALWAYS = /[\\`*_[\]<>|~&#$@]/g;

/**
 * U+2060 WORD JOINER: invisible, and breaks an autolink literal. GFM finds those in
 * the text after escapes are resolved (remark's transform, cmark-gfm's
 * post-processing), so a backslash does not stop them; a character in the middle does.
 */
const JOIN = '\u2060';

/** Escapes text for markdown inline content (see the header). */
export function escapeMarkdownText(s: string): string {
  return (
    oneLine(s)
      .replace(ALWAYS, '\\$&')
      // Autolink literals need `scheme://`, `www.` or `name@host`; GitHub links `@name` and `#123` too.
      .replace(/:(?=\/\/)/g, `:${JOIN}`)
      .replace(/(www)\./gi, `$1${JOIN}.`)
      .replace(/\\([@#])/g, `\\$1${JOIN}`)
      // What starts a block at the start of a line: a list item (`-`, `+`, `1.`, `1)`), a setext or thematic break (`=`, `-`).
      .replace(/^([-+=])/, '\\$1')
      .replace(/^(\d+)([.)])/, '$1\\$2')
  );
}

/** A GFM table cell's text (see the header). */
export function markdownTableCell(s: string): string {
  return escapeMarkdownText(s) || ' ';
}

/** A link destination in `<…>` form (see the header). */
export function markdownLinkDestination(url: string): string {
  return `<${url.replace(/[<>\\\s]/g, (c) => encodeURIComponent(c))}>`;
}
