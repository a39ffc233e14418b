/**
 * Inline content, for the structural scanner: the plain text of headings and table
 * cells (or a refusal where markup would change it), a field bullet's strong label,
 * raw HTML in paragraphs and headings (one-line comments are HTML nodes; anything
 * else is refused), code spans and autolinks, which hide what looks like HTML.
 */
// prettier-ignore
import { isWs, AMP, AT, BACKSLASH, BACKTICK, COLON, CR, DASH, DOT, EXCL, GT, HASH, LBRACKET, LF, LPAREN, LT, PLUS, QUESTION, RBRACKET, RPAREN, SLASH, SPACE, STAR, TILDE, UNDERSCORE, isAsciiAlnum, isAsciiAlpha, isAsciiPunct, isPunctCode, isWhitespaceCode, refuse } from './chars';
import type { FieldBlock } from '../ir';

/** A character where inline markup (or an escape, a code span, an entity) may start: `plainInline` looks closer from there. */
function startsMarkup(c: number): boolean {
  return c === BACKSLASH || c === BACKTICK || c === STAR || c === UNDERSCORE || c === TILDE || c === LBRACKET || c === RBRACKET || c === LT || c === AMP;
}

/** `/www\./i.test(s)`, without a regular expression. */
function hasWww(s: string): boolean {
  for (let i = s.indexOf('.', 3); i >= 0; i = s.indexOf('.', i + 1)) {
    if ((s.charCodeAt(i - 1) | 32) === 119 && (s.charCodeAt(i - 2) | 32) === 119 && (s.charCodeAt(i - 3) | 32) === 119) return true;
  }
  return false;
}

/**
 * The plain text of inline content, as mdast-util-to-string would give it, for
 * text, code spans and backslash escapes; undefined for anything else that could
 * change it (emphasis, links, strikethrough, entities, raw HTML, autolinks).
 */
function plainInline(s: string, inCell: boolean): string | undefined {
  // mdast-util-gfm-autolink-literal links URLs and e-mail addresses that micromark
  // left as text with nodes that have no position, and a cell's range is taken from
  // the positions of its first and last child.
  if (inCell && (s.includes('@') || s.includes('://') || hasWww(s))) return undefined;
  const n = s.length;
  let i = 0;
  for (; i < n; i++) if (startsMarkup(s.charCodeAt(i))) break;
  if (i === n) return s;
  // GFM autolink literals run over backslashes and backticks.
  if ((s.includes('://') || hasWww(s)) && (s.includes('\\') || s.includes('`'))) return undefined;
  let out = '';
  let last = 0;
  let ticks: Backticks | undefined;
  while (i < n) {
    const c = s.charCodeAt(i);
    if (c === BACKSLASH) {
      if (i + 1 < n && isAsciiPunct(s.charCodeAt(i + 1))) {
        out += s.slice(last, i);
        last = i + 1;
        i += 2;
      } else i++;
    } else if (c === BACKTICK) {
      let run = 1;
      while (i + run < n && s.charCodeAt(i + run) === BACKTICK) run++;
      const close = (ticks ??= new Backticks(s, 0, n)).closer(i + run, run);
      if (close < 0) {
        i += run;
        continue;
      }
      let code = s.slice(i + run, close);
      if (inCell && code.includes('\\')) return undefined;
      if (code.length >= 2 && code.charCodeAt(0) === SPACE && code.charCodeAt(code.length - 1) === SPACE && /[^ ]/.test(code)) {
        code = code.slice(1, -1);
      }
      out += s.slice(last, i) + code;
      i = close + run;
      last = i;
    } else if (c === STAR || c === TILDE || c === LBRACKET || c === RBRACKET) {
      return undefined;
    } else if (c === UNDERSCORE) {
      if (!(i > 0 && isAsciiAlnum(s.charCodeAt(i - 1)) && i + 1 < n && isAsciiAlnum(s.charCodeAt(i + 1)))) return undefined;
      i++;
    } else if (c === LT) {
      const d = i + 1 < n ? s.charCodeAt(i + 1) : 0;
      if (isAsciiAlpha(d) || d === SLASH || d === QUESTION || d === EXCL) return undefined;
      i++;
    } else if (c === AMP) {
      const d = i + 1 < n ? s.charCodeAt(i + 1) : 0;
      if (isAsciiAlnum(d) || d === HASH) return undefined;
      i++;
    } else i++;
  }
  return out + s.slice(last);
}

/**
 * True when src[from, to) has nothing `plainInline` looks at in a cell (markup
 * characters, `@`, `://`, `www.`): it is its own plain text.
 */
export function plainCell(src: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = src.charCodeAt(i);
    if (c > 126 || c < 33) continue;
    if (
      startsMarkup(c) ||
      c === AT ||
      (c === COLON && src.charCodeAt(i + 1) === SLASH) ||
      (c === DOT && i >= from + 3 && (src.charCodeAt(i - 1) | 32) === 119 && (src.charCodeAt(i - 2) | 32) === 119 && (src.charCodeAt(i - 3) | 32) === 119)
    )
      return false;
  }
  return true;
}

/** A cell's text (content between `from` and `to`, trimmed), as remark gives it; refuses markup. */
export function cellText(src: string, from: number, to: number): string {
  const s = src.slice(from, to);
  if (plainCell(src, from, to)) return s.trim();
  const plain = plainInline(s, true);
  if (plain === undefined) refuse('inline markup in a table cell');
  return plain.trim();
}

/** A heading's text, as remark gives it (untrimmed); refuses markup. */
export function headingText(src: string, from: number, to: number): string {
  const plain = plainInline(src.slice(from, to), false);
  if (plain === undefined) refuse('inline markup in a heading');
  return plain;
}

/**
 * The runs of backticks in s[from, to), by length, to find code span closers in
 * linear time (the searches of one length only move forward).
 */
class Backticks {
  private readonly byLength = new Map<number, number[]>();
  private readonly cursor = new Map<number, number>();

  constructor(s: string, from: number, to: number) {
    for (let i = s.indexOf('`', from); i >= 0 && i < to; ) {
      let j = i + 1;
      while (j < to && s.charCodeAt(j) === BACKTICK) j++;
      const list = this.byLength.get(j - i);
      if (list) list.push(i);
      else this.byLength.set(j - i, [i]);
      i = s.indexOf('`', j);
    }
  }

  /** The start of the first run of exactly `len` backticks at or after `at`, or -1. */
  closer(at: number, len: number): number {
    const list = this.byLength.get(len);
    if (!list) return -1;
    let k = this.cursor.get(len) ?? 0;
    while (k < list.length && list[k] < at) k++;
    this.cursor.set(len, k);
    return k < list.length ? list[k] : -1;
  }
}

/**
 * The first occurrence of a string (`-->`, `<`) at or after an offset. The last search
 * is kept: from anywhere between where it started and what it found, the answer is the
 * same, so that a text searched line by line is searched once in all (a long unclosed
 * comment is not searched to its end once per line; 50,000 headings with no `<` after
 * them are not searched to the document's end once each).
 */
export class NextOf {
  private searchedFrom = Infinity;
  private found = -1;

  constructor(
    private readonly src: string,
    private readonly needle: string,
  ) {}

  /** The offset of the first occurrence at or after `from`, or -1. */
  next(from: number): number {
    if (from >= this.searchedFrom && (this.found < 0 || from <= this.found)) return this.found;
    this.searchedFrom = from;
    this.found = this.src.indexOf(this.needle, from);
    return this.found;
  }
}

/** `<scheme:...>` at i: the offset past `>`, or -1. */
function autolinkEnd(src: string, i: number, to: number): number {
  let j = i + 1;
  if (!isAsciiAlpha(src.charCodeAt(j))) return -1;
  j++;
  while (j < to) {
    const c = src.charCodeAt(j);
    if (isAsciiAlnum(c) || c === PLUS || c === DOT || c === DASH) j++;
    else break;
  }
  const scheme = j - i - 1;
  if (scheme < 2 || scheme > 32 || src.charCodeAt(j) !== COLON) return -1;
  j++;
  while (j < to) {
    const c = src.charCodeAt(j);
    if (c === GT) return j + 1;
    if (c <= SPACE || c === LT || c === 127) return -1;
    j++;
  }
  return -1;
}

/** Offset of the end of the line holding offset i. */
function lineEndAfter(src: string, i: number): number {
  let j = i;
  while (j < src.length) {
    const c = src.charCodeAt(j);
    if (c === LF || c === CR) break;
    j++;
  }
  return j;
}

/**
 * Raw HTML inside inline content between two offsets: comments on one line are
 * HTML nodes (added to `excluded`, where IDs are no mentions, and to `html`, where
 * suppressions are); code spans and escapes hide `<`; any other HTML is refused.
 */
export function inlineHtml(
  src: string,
  from: number,
  to: number,
  search: { closes: NextOf; lts: NextOf },
  excluded: Array<[number, number]>,
  html: Array<{ start: number; value: string }>,
): void {
  const { closes, lts } = search;
  let lt = lts.next(from);
  if (lt < 0 || lt >= to) return;
  // Is there anything that could be HTML?
  let any = false;
  for (let i = lt; i >= 0 && i < to - 1; i = lts.next(i + 1)) {
    const d = src.charCodeAt(i + 1);
    if (isAsciiAlpha(d) || d === SLASH || d === QUESTION || d === EXCL) {
      any = true;
      lt = i;
      break;
    }
  }
  if (!any) return;
  const chunk = src.slice(from, to);
  if (chunk.includes('](')) refuse('link with raw HTML');
  // A GFM autolink literal (`www.x.com\`, `https://x/\``) swallows backslashes and
  // backticks up to the next `<`: they escape nothing and open no code span there.
  if ((chunk.includes('`') || chunk.includes('\\')) && (chunk.includes('://') || hasWww(chunk))) {
    refuse('autolink literal with a backslash or backtick');
  }
  let ticks: Backticks | undefined;
  let i = from;
  while (i < to) {
    const c = src.charCodeAt(i);
    if (c === BACKSLASH) {
      i += i + 1 < to && isAsciiPunct(src.charCodeAt(i + 1)) ? 2 : 1;
    } else if (c === BACKTICK) {
      let run = 1;
      while (i + run < to && src.charCodeAt(i + run) === BACKTICK) run++;
      const close = (ticks ??= new Backticks(src, from, to)).closer(i + run, run);
      i = close < 0 ? i + run : close + run;
    } else if (c === LT) {
      const d = i + 1 < to ? src.charCodeAt(i + 1) : 0;
      if (src.startsWith('<!--', i)) {
        const close = closes.next(i + 2);
        if (close < 0 || close + 3 > to) {
          // No end in this paragraph: plain text.
          i++;
          continue;
        }
        if (close + 3 > lineEndAfter(src, i)) refuse('multi-line inline HTML');
        excluded.push([i, close + 3]);
        html.push({ start: i, value: src.slice(i, close + 3) });
        i = close + 3;
      } else if (isAsciiAlpha(d)) {
        // An autolink `<scheme:...>` is a link, not HTML.
        const end = autolinkEnd(src, i, to);
        if (end < 0) refuse('inline HTML');
        i = end;
      } else if (d === SLASH || d === QUESTION || d === EXCL) {
        refuse('inline HTML');
      } else i++;
    } else i++;
  }
}

/**
 * The field a list item's first paragraph starts (`**Label**: value`, `**Label:**
 * value`, `**Label** (suffix): value`), from `inline` (past a task list check) to
 * `paraEnd`; the item ends at `end`. Undefined for an item that is no field; refuses
 * the strong runs and labels whose reading would depend on markup it does not model.
 * `src` is the text as micromark sees it (a byte order mark is a space), `text` as
 * the model reads it.
 */
export function fieldAt(src: string, text: string, inline: number, paraEnd: number, end: number): FieldBlock | undefined {
  const p = inline;
  const c0 = src.charCodeAt(p);
  if (c0 === UNDERSCORE) refuse('underscore emphasis at the start of a list item');
  if (c0 !== STAR) return undefined;
  if (src.charCodeAt(p + 1) !== STAR) return undefined;
  if (src.charCodeAt(p + 2) === STAR) refuse('three or more asterisks');
  if (p + 2 >= paraEnd || isWhitespaceCode(src.charCodeAt(p + 2))) return undefined;
  // The label: up to the next asterisk, on this line, in plain characters.
  let q = p + 2;
  for (; q < paraEnd; q++) {
    const c = src.charCodeAt(q);
    if (c === STAR) break;
    if (c === LF || c === CR) refuse('field label over two lines');
    if (c === BACKTICK || c === BACKSLASH || c === LBRACKET || c === RBRACKET || c === LT || c === TILDE || c === AT) {
      refuse('markup in a field label');
    }
    if (c === UNDERSCORE && !(isAsciiAlnum(src.charCodeAt(q - 1)) && isAsciiAlnum(src.charCodeAt(q + 1)))) refuse('underscore in a field label');
    if (c === AMP) {
      const d = src.charCodeAt(q + 1);
      if (isAsciiAlnum(d) || d === HASH) refuse('entity in a field label');
    }
  }
  if (q >= paraEnd) refuse('unclosed strong');
  let r = q;
  while (r < src.length && src.charCodeAt(r) === STAR) r++;
  if (r - q !== 2) refuse('closing run is not two asterisks');
  const prev = src.charCodeAt(q - 1);
  const next = r < paraEnd ? src.charCodeAt(r) : NaN;
  if (isWhitespaceCode(prev)) refuse('strong closer after whitespace');
  if (isPunctCode(prev) && !(isWhitespaceCode(next) || isPunctCode(next))) refuse('strong closer not right-flanking');
  const inner = src.slice(p + 2, q);
  if (inner.includes('://') || hasWww(inner)) refuse('autolink literal in a field label');

  let label = inner.trim();
  let colon: number;
  if (label.endsWith(':')) {
    label = label.replace(/:+$/, '').trim();
    colon = r;
  } else {
    // `/^\s*(\([^)\n]*\))?\s*:/` on the rest of the paragraph, by hand.
    let i = r;
    while (i < paraEnd && isWs(text, i)) i++;
    if (i < paraEnd && text.charCodeAt(i) === LPAREN) {
      let j = i + 1;
      while (j < paraEnd && text.charCodeAt(j) !== RPAREN && text.charCodeAt(j) !== LF) j++;
      if (j < paraEnd && text.charCodeAt(j) === RPAREN) i = j + 1;
    }
    while (i < paraEnd && isWs(text, i)) i++;
    if (i >= paraEnd || text.charCodeAt(i) !== COLON) return undefined;
    colon = i + 1;
  }
  if (!label) return undefined;
  return { label, strongStart: p, strongEnd: r, colon, end };
}
