/**
 * A purpose-built structural scanner for the roadmap subset of markdown: one pass
 * over the lines, no syntax tree, no regular expression per line. It gives the
 * same `RoadmapDoc` as the remark-based parser in parse.ts (deep-equal: every
 * field, range, table cell, mention and suppression), or `undefined` when the text
 * holds something it does not model exactly; `parseRoadmap` then falls back to
 * remark.
 *
 * What it models (CommonMark as micromark implements it, with remark-gfm's tables
 * and task list items): ATX headings, fenced code (``` and ~~~), HTML comments
 * (blocks, and inline on one line), thematic breaks, paragraphs with lazy
 * continuation lines (seed 000's trailing `#*** End Patch` joins the last item),
 * bullet and ordered lists nested in lists, top-level block quotes of paragraphs,
 * top-level pipe tables (escaped pipes, code spans in cells), autolinks, blank
 * lines, a leading byte order mark, CRLF and CR line endings.
 *
 * What it declines, because the model would depend on details it does not
 * reproduce:
 * - blocks: setext headings, indented code, HTML blocks other than comments,
 *   multi-line HTML and unclosed fenced code inside a list item, empty list items,
 *   containers inside block quotes and block quotes inside lists, anything but
 *   paragraphs inside a block quote, tables (and table delimiter rows) inside
 *   containers, a lazy line followed by a delimiter row, link reference and GFM
 *   footnote definitions;
 * - characters: tabs (except inside top-level code and HTML comments), NUL;
 * - inline: raw HTML other than one-line comments, comments next to links or next
 *   to autolink literals with backslashes or backticks; and in the text the model
 *   takes from headings, field labels and table cells: emphasis, links, images,
 *   strikethrough, entities, raw HTML, and (in cells) anything GFM's autolink
 *   literal transform could link (`@`, `://`, `www.`), which gets no position.
 *
 * The model is built from the scan exactly as parse.ts builds it from the tree
 * (fieldOf, extractTable, extractMentions, extractSuppressions, deriveOverview and
 * their helpers are the same code). test/unit/scan.test.ts holds the two to each
 * other over the seeds, the examples, the rule fixtures, a generated corpus and
 * random documents and mutations; every mismatch found there is a fixed case.
 */
import {
  emptyDoc,
  type Competency,
  type Field,
  type MentionKind,
  type Phase,
  type RoadmapDoc,
  type Section,
  type TextSpan,
} from '../model';
import { normalizeLabel, type CompiledSchema } from '../schema/compile';
import type { FieldRole, FieldSchema, KindSchema, SectionSchema } from '../schema/types';
import { LineIndex } from '../text';
import { factsFrom, NO_FACTS, type IndexFacts } from '../index/facts';
import { addMentions, addTable, blankComments, columnOf, deriveOverview, eachMention, intern, listItems, maskFrontMatter, own, span, spanOffsets, trimSpan, type BuildCtx, type RawCell } from './build';
import { parseHours } from './duration';

// Character codes.
const TAB = 9;
const LF = 10;
const CR = 13;
const SPACE = 32;
const EXCL = 33;
const HASH = 35;
const AMP = 38;
const RPAREN = 41;
const STAR = 42;
const PLUS = 43;
const DASH = 45;
const DOT = 46;
const SLASH = 47;
const COLON = 58;
const LT = 60;
const EQ = 61;
const GT = 62;
const QUESTION = 63;
const LBRACKET = 91;
const BACKSLASH = 92;
const RBRACKET = 93;
const UNDERSCORE = 95;
const BACKTICK = 96;
const PIPE = 124;
const TILDE = 126;

/** Thrown to give up on a document; caught by `scanRoadmap`. */
class Refuse {
  constructor(readonly why: string) {}
}

function refuse(why: string): never {
  throw new Refuse(why);
}

// Top-level node kinds.
const N_HEADING = 1;
const N_PARAGRAPH = 2;
const N_LIST = 3;
const N_TABLE = 4;
const N_CODE = 5;
const N_HTML = 6;
const N_QUOTE = 7;
const N_BREAK = 8;

// Leaf blocks that stay open across lines.
const L_NONE = 0;
const L_PARA = 1;
const L_FENCE = 2;
const L_HTML = 3;
const L_TABLE = 4;

interface ItemRec {
  /** Offset of the marker. */
  start: number;
  /** End of the item's last content (trailing blank lines excluded). */
  end: number;
  /** 0: nothing yet, 1: a paragraph, 2: something else. */
  first: number;
  /** Start of the first paragraph's inline content (past a task list check). */
  inline: number;
  paraStart: number;
  paraEnd: number;
}

interface ListRec {
  items: ItemRec[];
}

interface CellRec {
  /** Offset of the cell's opening pipe (or its first character). */
  start: number;
  /** Content (first to last non-blank character), or -1 when empty. */
  from: number;
  to: number;
}

interface RowRec {
  start: number;
  end: number;
  cells: CellRec[];
}

interface TableRec {
  start: number;
  end: number;
  rows: RowRec[];
}

interface TopNode {
  type: number;
  start: number;
  end: number;
  depth: number;
  list?: ListRec;
  table?: TableRec;
  value?: string;
  /** Headings: the content (closing sequence left out). */
  from?: number;
  to?: number;
}

interface Container {
  quote: boolean;
  /** List items: the content indent, relative to the parent's content. */
  size: number;
  /** List items: `-`, `*`, `+`, or `.`/`)` for ordered lists. */
  marker: number;
  ordered: boolean;
  item: ItemRec | undefined;
  list: ListRec | undefined;
  start: number;
  end: number;
}

interface ItemStart {
  marker: number;
  ordered: boolean;
  /** Offset of the first character of the content. */
  content: number;
  /** Indent + marker + spaces. */
  size: number;
  empty: boolean;
}

const wsRe = /\s/;
const punctRe = /\p{P}|\p{S}/u;

/** micromark's whitespace for attention: a line ending, the end, or `/\s/`. */
function isWhitespaceCode(c: number): boolean {
  if (c !== c /* NaN: end of text */) return true;
  if (c < 128) return c === SPACE || (c >= 9 && c <= 13);
  return wsRe.test(String.fromCharCode(c));
}
/** micromark's punctuation for attention: `/\p{P}|\p{S}/u` on one code unit. */
function isPunctCode(c: number): boolean {
  if (c < 128) return isAsciiPunct(c);
  return punctRe.test(String.fromCharCode(c));
}
function isAsciiPunct(c: number): boolean {
  return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
}
function isAsciiAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
function isAsciiAlpha(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}
function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/** A character where inline markup (or an escape, a code span, an entity) may start: `plainInline` looks closer from there. */
function startsMarkup(c: number): boolean {
  return c === BACKSLASH || c === BACKTICK || c === STAR || c === UNDERSCORE || c === TILDE || c === LBRACKET || c === RBRACKET || c === LT || c === AMP;
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

/** `/www\./i.test(s)`, without a regular expression. */
function hasWww(s: string): boolean {
  for (let i = s.indexOf('.', 3); i >= 0; i = s.indexOf('.', i + 1)) {
    if ((s.charCodeAt(i - 1) | 32) === 119 && (s.charCodeAt(i - 2) | 32) === 119 && (s.charCodeAt(i - 3) | 32) === 119) return true;
  }
  return false;
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

/** `/\s/` on one character, without a regular expression for ASCII. */
function isWs(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return c === SPACE || (c >= 9 && c <= 13);
  return wsRe.test(text[i]);
}


// Labels, headings and column names repeat from document to document: their
// normalized forms and schema look-ups are pure functions, kept once computed.
const normalized = new Map<string, string>();
function norm(label: string): string {
  let v = normalized.get(label);
  if (v === undefined) {
    v = normalizeLabel(label);
    if (normalized.size >= 4096) normalized.clear();
    normalized.set(label, v);
  }
  return v;
}

type Lookups = { fields: Map<string, FieldSchema | undefined>; sections: Map<string, SectionSchema | undefined> };
const lookups = new WeakMap<CompiledSchema, WeakMap<KindSchema, Lookups>>();
function lookupsOf(ctx: Ctx): Lookups {
  let bySchema = lookups.get(ctx.schema);
  if (!bySchema) lookups.set(ctx.schema, (bySchema = new WeakMap()));
  let l = bySchema.get(ctx.kind);
  if (!l) bySchema.set(ctx.kind, (l = { fields: new Map(), sections: new Map() }));
  return l;
}
function matchField(ctx: Ctx, label: string): FieldSchema | undefined {
  const m = lookupsOf(ctx).fields;
  if (m.has(label)) return m.get(label);
  const v = ctx.schema.matchField(ctx.kind, label);
  if (m.size >= 4096) m.clear();
  m.set(label, v);
  return v;
}
function matchSection(ctx: Ctx, name: string): SectionSchema | undefined {
  const m = lookupsOf(ctx).sections;
  if (m.has(name)) return m.get(name);
  const v = ctx.schema.matchSection(ctx.kind, name);
  if (m.size >= 4096) m.clear();
  m.set(name, v);
  return v;
}


/** A quick test that spares the scan for files that cannot be roadmaps (as parse.ts does it). */
function mayBeRoadmap(text: string, schema: CompiledSchema): boolean {
  // The title as written, when it is ASCII, is found without lower-casing the text.
  if (schema.kinds.some((k) => /^[\x00-\x7f]*$/.test(k.title) && text.includes(k.title))) return true;
  const lower = text.toLowerCase();
  return schema.kinds.some((k) => lower.includes(k.title.toLowerCase()));
}


/** Why the last `scanRoadmap` call gave up (for tests and measurements). */
export let lastRefusal: string | undefined;

/**
 * The roadmap model of a text, deep-equal to what the remark-based parser gives,
 * or undefined when the text holds markdown the scanner does not model exactly.
 */
export function scanRoadmap(uri: string, source: string, schema: CompiledSchema): RoadmapDoc | undefined {
  lastRefusal = undefined;
  const text = maskFrontMatter(source);
  const lines = new LineIndex(text);
  if (!mayBeRoadmap(text, schema)) return emptyDoc(uri, lines.lineCount);
  try {
    return new Scanner(uri, text, schema, lines).run();
  } catch (e) {
    if (e instanceof Refuse) {
      lastRefusal = e.why;
      return undefined;
    }
    throw e;
  }
}

/**
 * The index facts of a text (index/facts.ts) without building its model: the same
 * scan, then only what the index keeps. Equal to `factsOf(scanRoadmap(...))` whenever
 * that gives a model (test/unit/facts.test.ts); undefined where the scanner declines.
 */
export function scanFacts(source: string, schema: CompiledSchema): IndexFacts | undefined {
  lastRefusal = undefined;
  const text = maskFrontMatter(source);
  if (!mayBeRoadmap(text, schema)) return NO_FACTS;
  const lines = new LineIndex(text);
  try {
    return new Scanner('', text, schema, lines).runFacts();
  } catch (e) {
    if (e instanceof Refuse) {
      lastRefusal = e.why;
      return undefined;
    }
    throw e;
  }
}

class Scanner {
  /** The text as micromark sees it: a leading byte order mark is a space. */
  private readonly src: string;
  private readonly n: number;
  private readonly lineCount: number;

  private readonly top: TopNode[] = [];
  private readonly stack: Container[] = [];
  /** Code and HTML, where an ID is no mention. */
  private readonly excluded: Array<[number, number]> = [];
  /** HTML nodes (flow and inline): start and value. */
  private readonly html: Array<{ start: number; value: string }> = [];

  private leaf = L_NONE;
  private leafStart = 0;
  private leafEnd = 0;
  /** The item whose first child the open paragraph is. */
  private paraItem: ItemRec | undefined;
  private fenceChar = 0;
  private fenceLen = 0;
  private table: TableRec | undefined;
  /** A line already consumed (a table's delimiter row). */
  private skipLine = -1;
  private nextTab: number;
  private breakLine = -1;
  private breakChar = 0;
  private breakFrom = 0;
  private breakBad = 0;
  private closeSearchedFrom = Infinity;
  private closeFound = -1;
  /** The end of the last line with content: every container open then ends there or later. */
  private touched = -1;

  constructor(
    private readonly uri: string,
    private readonly text: string,
    private readonly schema: CompiledSchema,
    private readonly lines: LineIndex,
  ) {
    this.src = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
    this.n = this.src.length;
    this.lineCount = lines.lineCount;
    if (text.includes('\0')) refuse('NUL character');
    this.nextTab = this.src.indexOf('\t');
  }

  private code(i: number): number {
    return this.src.charCodeAt(i);
  }

  private hasTab(ls: number, le: number): boolean {
    if (this.nextTab < 0) return false;
    if (this.nextTab < ls) this.nextTab = this.src.indexOf('\t', ls);
    return this.nextTab >= 0 && this.nextTab < le;
  }

  private spaces(p: number, le: number): number {
    let i = p;
    while (i < le && this.src.charCodeAt(i) === SPACE) i++;
    return i - p;
  }

  private blankFrom(p: number, le: number): boolean {
    for (let i = p; i < le; i++) {
      const c = this.src.charCodeAt(i);
      if (c !== SPACE && c !== TAB) return false;
    }
    return true;
  }

  run(): RoadmapDoc {
    this.scanLines();
    return this.build();
  }

  runFacts(): IndexFacts {
    this.scanLines();
    return this.buildFacts();
  }

  private scanLines(): void {
    const { lines } = this;
    for (let li = 0; li < this.lineCount; li++) {
      if (li === this.skipLine) continue;
      this.line(li, lines.lineStart(li), lines.lineEnd(li));
    }
    // End of the document.
    if (this.leaf === L_FENCE || this.leaf === L_HTML) {
      if (this.stack.length > 0) refuse('unclosed code or HTML in a container');
      this.leafEnd = this.n;
    }
    this.closeLeaf();
    this.closeContainers(0);
  }

  // --- lines ---------------------------------------------------------------------

  private line(li: number, ls: number, le: number): void {
    const stack = this.stack;
    const depth = stack.length;
    // Top-level code and HTML: raw lines until they close.
    if (depth === 0 && this.leaf === L_FENCE) {
      this.fenceLine(ls, le, true);
      return;
    }
    if (depth === 0 && this.leaf === L_HTML) {
      this.htmlLine(ls, le);
      return;
    }
    if (this.hasTab(ls, le)) refuse('tab');
    let pos = ls;
    let matched = 0;
    let sibling = false;
    if (depth > 0) {
      if (stack[0].quote) {
        const p = ls + this.spaces(ls, le);
        if (p - ls <= 3 && p < le && this.code(p) === GT) {
          pos = p + 1;
          if (pos < le && this.code(pos) === SPACE) pos++;
          matched = 1;
        }
      } else if (this.blankFrom(ls, le)) {
        matched = depth;
        pos = le;
      } else {
        for (let k = 0; k < depth; k++) {
          const c = stack[k];
          const ind = this.spaces(pos, le);
          if (ind >= c.size) {
            pos += c.size;
            matched++;
            continue;
          }
          if (ind <= 3) {
            const it = this.itemAt(pos + ind, le, false, c, ind);
            if (it) {
              if (this.leaf === L_FENCE || this.leaf === L_HTML) refuse('unclosed code or HTML in a list item');
              this.closeLeaf();
              this.closeContainers(k + 1);
              this.finishItem(c);
              const item = this.newItem(pos + ind);
              c.list!.items.push(item);
              c.item = item;
              c.size = it.size;
              c.start = pos + ind;
              c.end = le;
              if (it.empty) refuse('empty list item');
              pos = it.content;
              matched = k + 1;
              sibling = true;
            }
          }
          break;
        }
      }
    }

    if (sibling || matched === stack.length) {
      if (!sibling && (this.leaf === L_FENCE || this.leaf === L_HTML)) {
        // Inside code or HTML in a container that continues.
        if (this.leaf === L_FENCE) this.fenceLine(pos, le, false);
        else refuse('multi-line HTML in a container');
        if (!this.blankFrom(pos, le)) this.touch(le);
        return;
      }
      const interrupt = !sibling && this.leaf === L_PARA;
      if (this.blankFrom(pos, le)) {
        if (sibling) refuse('empty list item');
        this.blankLine(le);
        return;
      }
      pos = this.openContainers(pos, le, interrupt, sibling);
      this.flow(li, pos, le);
      this.touch(le);
      return;
    }

    // Not every container continues.
    if (this.leaf === L_FENCE || this.leaf === L_HTML) refuse('unclosed code or HTML in a container');
    if (this.blankFrom(pos, le)) {
      this.closeLeaf();
      this.closeContainers(matched);
      return;
    }
    const ind = this.spaces(pos, le);
    if (ind <= 3 && this.containerAt(pos + ind, le, false)) {
      this.closeLeaf();
      this.closeContainers(matched);
      pos = this.openContainers(pos, le, false, false);
      this.flow(li, pos, le);
      this.touch(le);
      return;
    }
    if (this.leaf === L_PARA && this.lazy(li, pos, le)) {
      this.leafEnd = le;
      this.touch(le);
      return;
    }
    this.closeLeaf();
    this.closeContainers(matched);
    this.flow(li, pos, le);
    this.touch(le);
  }

  /**
   * A line with content: every open container now ends at its end. Kept once
   * (`touched`) and taken by each container when it closes, not written into every
   * open container (lazy lines under deep nesting would make that quadratic).
   */
  private touch(le: number): void {
    this.touched = le;
  }

  /** Where a closing container ends: its own last line, or the last line with content since it opened. */
  private endOf(c: Container): number {
    return Math.max(c.end, this.touched);
  }

  private blankLine(le: number): void {
    if (this.leaf === L_PARA || this.leaf === L_TABLE) this.closeLeaf();
    // A block quote ends at its last line, even a blank one.
    if (this.stack.length > 0 && this.stack[0].quote) this.stack[0].end = le;
  }

  /** Whether a container (block quote or list item) starts at p. */
  private containerAt(p: number, le: number, interrupt: boolean): boolean {
    this.footnoteAt(p, le);
    if (p < le && this.code(p) === GT) return true;
    return this.itemAt(p, le, interrupt, undefined, 0) !== undefined;
  }

  /**
   * Opens the containers starting at pos (as many as nest on the line) and
   * returns the offset of the content after their markers.
   */
  private openContainers(pos: number, le: number, interrupt: boolean, opened: boolean): number {
    for (;;) {
      const ind = this.spaces(pos, le);
      if (ind > 3) break;
      const p = pos + ind;
      this.footnoteAt(p, le);
      if (p < le && this.code(p) === GT) {
        if (this.stack.length > 0) refuse('block quote in a container');
        this.closeLeaf();
        this.stack.push({ quote: true, size: 0, marker: GT, ordered: false, item: undefined, list: undefined, start: p, end: le });
        pos = p + 1;
        if (pos < le && this.code(pos) === SPACE) pos++;
        opened = true;
        continue;
      }
      const it = this.itemAt(p, le, interrupt, undefined, ind);
      if (!it) break;
      if (this.stack.length > 0 && this.stack[0].quote) refuse('list in a block quote');
      if (it.empty) refuse('empty list item');
      this.closeLeaf();
      const parent = this.stack[this.stack.length - 1];
      if (parent?.item && parent.item.first === 0) parent.item.first = 2;
      const item = this.newItem(p);
      this.stack.push({
        quote: false,
        size: it.size,
        marker: it.marker,
        ordered: it.ordered,
        item,
        list: { items: [item] },
        start: p,
        end: le,
      });
      pos = it.content;
      opened = true;
    }
    if (opened && this.blankFrom(pos, le)) refuse('empty container');
    return pos;
  }

  /** GFM footnote definitions (`[^a]: ...`) are containers too: refused. */
  private footnoteAt(p: number, le: number): void {
    if (p + 1 < le && this.code(p) === LBRACKET && this.code(p + 1) === 94 /* ^ */ && this.src.slice(p, le).includes(']:')) {
      refuse('footnote definition');
    }
  }

  private newItem(start: number): ItemRec {
    return { start, end: start, first: 0, inline: -1, paraStart: -1, paraEnd: -1 };
  }

  /**
   * A list item marker at p (after `ind` spaces of indent): `-`, `*`, `+` or
   * digits with `.`/`)`, then spaces. With `sibling`, only a marker of that list.
   */
  private itemAt(p: number, le: number, interrupt: boolean, sibling: Container | undefined, ind: number): ItemStart | undefined {
    if (sibling?.quote) return undefined;
    if (p >= le) return undefined;
    const c = this.code(p);
    let q: number;
    let ordered = false;
    let marker: number;
    if (c === DASH || c === STAR || c === PLUS) {
      if (sibling && (sibling.ordered || sibling.marker !== c)) return undefined;
      if (c !== PLUS && this.breakAt(p, le)) return undefined;
      marker = c;
      q = p + 1;
    } else if (isDigit(c)) {
      if (sibling && !sibling.ordered) return undefined;
      q = p;
      while (q < le && isDigit(this.code(q)) && q - p < 9) q++;
      if (q < le && isDigit(this.code(q))) return undefined;
      const d = q < le ? this.code(q) : 0;
      if (d !== DOT && d !== RPAREN) return undefined;
      if (sibling && sibling.marker !== d) return undefined;
      if (interrupt && (q - p !== 1 || c !== 49 /* 1 */)) return undefined;
      marker = d;
      ordered = true;
      q++;
    } else return undefined;
    // After the marker: a blank rest (empty item), or 1-4 spaces (more: indented code).
    if (this.blankFrom(q, le)) {
      if (interrupt) return undefined;
      return { marker, ordered, content: le, size: ind + (q - p) + 1, empty: true };
    }
    const sp = this.spaces(q, le);
    if (sp === 0) return undefined;
    if (sp >= 5) refuse('indented code in a list item');
    return { marker, ordered, content: q + sp, size: ind + (q - p) + sp, empty: false };
  }

  /** A lazy continuation line of the open paragraph? (Refuses the doubtful ones.) */
  private lazy(li: number, pos: number, le: number): boolean {
    const ind = this.spaces(pos, le);
    // A lazy line can be a table's head row when the next line, inside the
    // container again, is its delimiter row.
    if (this.nextDelimiterLike(li)) refuse('table head row in a lazy line');
    if (ind >= 4) return true;
    const p = pos + ind;
    if (this.interrupter(p, le)) return false;
    if (this.setextAt(p, le)) refuse('setext underline after a lazy line');
    return true;
  }

  /** The next line, past spaces and `>` markers, could be a table's delimiter row. */
  private nextDelimiterLike(li: number): boolean {
    if (li + 1 >= this.lineCount) return false;
    const ns = this.lines.lineStart(li + 1);
    const ne = this.lines.lineEnd(li + 1);
    let q = ns;
    while (q < ne) {
      const c = this.code(q);
      if (c !== SPACE && c !== GT && c !== TAB) break;
      q++;
    }
    return this.delimiterLike(q, ne);
  }

  /** Headings, fences, HTML comments and thematic breaks, which interrupt a paragraph. */
  private interrupter(p: number, le: number): boolean {
    if (p >= le) return false;
    const c = this.code(p);
    if (c === HASH) return this.atxAt(p, le) > 0;
    if (c === BACKTICK || c === TILDE) return this.fenceAt(p, le) > 0;
    if (c === LT) return this.htmlAt(p, le);
    if (c === STAR || c === DASH || c === UNDERSCORE) return this.breakAt(p, le);
    return false;
  }

  /** The level of an ATX heading at p, or 0. */
  private atxAt(p: number, le: number): number {
    let q = p;
    while (q < le && this.code(q) === HASH && q - p < 7) q++;
    const level = q - p;
    if (level === 0 || level > 6) return 0;
    if (q < le && this.code(q) !== SPACE) return 0;
    return level;
  }

  /** A thematic break at p: three or more `*`, `-` or `_`, spaces between. */
  private breakAt(p: number, le: number): boolean {
    const c = this.code(p);
    if (c !== STAR && c !== DASH && c !== UNDERSCORE) return false;
    // The last character of the line that is neither `c` nor a space, found from the
    // end once per line and character: nested list markers (`- - - a`) ask again and
    // again, further right each time.
    if (this.breakLine !== le || this.breakChar !== c || p < this.breakFrom) {
      let j = le - 1;
      while (j >= p && (this.code(j) === c || this.code(j) === SPACE)) j--;
      this.breakLine = le;
      this.breakChar = c;
      this.breakFrom = p;
      this.breakBad = j;
    }
    if (this.breakBad >= p) return false;
    let count = 0;
    for (let i = p; i < le && count < 3; i++) if (this.code(i) === c) count++;
    return count >= 3;
  }

  /** An opening code fence at p: its length, or 0. */
  private fenceAt(p: number, le: number): number {
    const c = this.code(p);
    if (c !== BACKTICK && c !== TILDE) return 0;
    let q = p;
    while (q < le && this.code(q) === c) q++;
    const len = q - p;
    if (len < 3) return 0;
    if (c === BACKTICK) for (let i = q; i < le; i++) if (this.code(i) === BACKTICK) return 0;
    return len;
  }

  /** An HTML comment block at p; refuses other HTML blocks. */
  private htmlAt(p: number, le: number): boolean {
    if (this.code(p) !== LT || p + 1 >= le) return false;
    if (this.src.startsWith('<!--', p)) return true;
    const d = this.code(p + 1);
    if (d === SLASH || d === QUESTION || d === EXCL) refuse('HTML block');
    if (isAsciiAlpha(d)) {
      // Every kind of HTML block has whitespace, `>`, `/` or the line end after the
      // tag name; `<https://...>` (an autolink) and `<a.b>` start a paragraph.
      let q = p + 2;
      while (q < le && (isAsciiAlnum(this.code(q)) || this.code(q) === DASH)) q++;
      const e = q < le ? this.code(q) : SPACE;
      if (e === SPACE || e === TAB || e === GT || e === SLASH) refuse('HTML block');
    }
    return false;
  }

  /** `===` or `---` alone on a line (a setext underline after a paragraph). */
  private setextAt(p: number, le: number): boolean {
    const c = this.code(p);
    if (c !== EQ && c !== DASH) return false;
    let q = p;
    while (q < le && this.code(q) === c) q++;
    return this.blankFrom(q, le);
  }

  /** Only `|`, `:`, `-` and spaces, with a `-` and a `|` or `:`: could be a table's delimiter row. */
  private delimiterLike(p: number, le: number): boolean {
    let dash = false;
    let other = false;
    for (let i = p; i < le; i++) {
      const c = this.code(i);
      if (c === DASH) dash = true;
      else if (c === PIPE || c === COLON) other = true;
      else if (c !== SPACE) return false;
    }
    return dash && other;
  }

  // --- flow ----------------------------------------------------------------------

  /** A line's content (after the containers' markers) in the innermost container. */
  private flow(li: number, pos: number, le: number): void {
    const depth = this.stack.length;
    const ind = this.spaces(pos, le);
    const p = pos + ind;
    if (p >= le) {
      this.blankLine(le);
      return;
    }
    if (this.leaf === L_PARA) {
      if (ind >= 4) {
        this.leafEnd = le;
        return;
      }
      // `---` under a paragraph is a setext underline before it is a thematic break.
      if (this.setextAt(p, le)) refuse('setext heading');
      if (this.interrupter(p, le)) {
        this.closeLeaf();
        this.startBlock(li, p, le);
        return;
      }
      if (depth === 0 && this.tableAt(li, p, le)) {
        this.closeLeaf();
        this.openTable(li, p, le);
        return;
      }
      if (depth > 0 && this.delimiterLike(p, le)) refuse('table in a container');
      this.leafEnd = le;
      return;
    }
    if (this.leaf === L_TABLE) {
      if (ind >= 4) refuse('indented code after a table');
      if (this.interrupter(p, le)) {
        this.closeLeaf();
        this.startBlock(li, p, le);
        return;
      }
      const row = this.row(p, le);
      this.table!.rows.push(row);
      this.table!.end = le;
      return;
    }
    if (ind >= 4) refuse('indented code');
    this.startBlock(li, p, le);
  }

  /** A block starting at p (no paragraph open). */
  private startBlock(li: number, p: number, le: number): void {
    const depth = this.stack.length;
    const inner = this.stack[depth - 1];
    if (inner?.quote) {
      // Block quotes: paragraphs only.
      if (this.interrupter(p, le) || this.delimiterLike(p, le)) refuse('block in a block quote');
    }
    const item = inner?.item;
    const firstOfItem = item !== undefined && item.first === 0;
    const c = this.code(p);
    if (c === HASH) {
      const level = this.atxAt(p, le);
      if (level > 0) {
        if (firstOfItem) item.first = 2;
        this.heading(level, p, le, depth);
        return;
      }
    }
    if (c === BACKTICK || c === TILDE) {
      const len = this.fenceAt(p, le);
      if (len > 0) {
        if (firstOfItem) item.first = 2;
        this.leaf = L_FENCE;
        this.leafStart = p;
        this.leafEnd = le;
        this.fenceChar = c;
        this.fenceLen = len;
        return;
      }
    }
    if (c === LT && this.htmlAt(p, le)) {
      if (firstOfItem) item.first = 2;
      this.leaf = L_HTML;
      this.leafStart = p;
      this.leafEnd = le;
      const close = this.nextClose(p + 2);
      if (close >= 0 && close + 3 <= le) this.closeLeaf();
      else if (depth > 0) refuse('multi-line HTML in a container');
      return;
    }
    if ((c === STAR || c === DASH || c === UNDERSCORE) && this.breakAt(p, le)) {
      if (firstOfItem) item.first = 2;
      if (depth === 0) this.top.push({ type: N_BREAK, start: p, end: le, depth });
      return;
    }
    if (depth === 0 && this.tableAt(li, p, le)) {
      this.openTable(li, p, le);
      return;
    }
    if (depth > 0 && this.delimiterLike(p, le)) refuse('table in a container');
    // A paragraph.
    this.leaf = L_PARA;
    this.leafStart = p;
    this.leafEnd = le;
    this.paraItem = undefined;
    if (firstOfItem) {
      item.first = 1;
      item.paraStart = p;
      item.inline = p;
      this.paraItem = item;
      // A GFM task list check: `[ ]`, `[x]`, `[X]`, then a space and content.
      if (c === LBRACKET) {
        // `[` then a line ending could still be a check (`[\n]`).
        if (p + 1 >= le) refuse('bracket at the end of a line');
        const v = this.code(p + 1);
        if ((v === SPACE || v === 120 /* x */ || v === 88) /* X */ && p + 2 < le && this.code(p + 2) === RBRACKET) {
          const after = p + 3 < le ? this.code(p + 3) : -1;
          if (after === -1) refuse('task list check at the end of a line');
          if (after === SPACE) {
            if (p + 4 >= le || this.code(p + 4) === SPACE) refuse('task list check without content');
            item.inline = p + 4;
          }
        }
      }
    }
  }

  private heading(level: number, p: number, le: number, depth: number): void {
    // Content: after the opening sequence and spaces, before a closing sequence.
    let a = p + level;
    while (a < le && this.code(a) === SPACE) a++;
    let b = le;
    while (b > a && this.code(b - 1) === SPACE) b--;
    if (b > a && this.code(b - 1) === HASH) {
      let k = b;
      while (k > a && this.code(k - 1) === HASH) k--;
      if (k === a) b = a;
      else if (this.code(k - 1) === SPACE) {
        b = k;
        while (b > a && this.code(b - 1) === SPACE) b--;
      }
    }
    this.inlineHtml(a, le);
    if (depth === 0) this.top.push({ type: N_HEADING, start: p, end: le, depth: level, from: a, to: b });
  }

  /** A line inside fenced code: the closing fence, or content. */
  private fenceLine(pos: number, le: number, topLevel: boolean): void {
    const ind = this.spaces(pos, le);
    const p = pos + ind;
    this.leafEnd = le;
    if (ind > 3 || p >= le || this.code(p) !== this.fenceChar) return;
    let q = p;
    while (q < le && this.code(q) === this.fenceChar) q++;
    if (q - p < this.fenceLen) return;
    for (let i = q; i < le; i++) {
      const c = this.code(i);
      if (c !== SPACE && !(topLevel && c === TAB)) return;
    }
    this.closeLeaf();
  }

  /** A line inside a (top-level) HTML comment block. */
  private htmlLine(ls: number, le: number): void {
    this.leafEnd = le;
    const close = this.nextClose(ls);
    if (close >= 0 && close + 3 <= le) this.closeLeaf();
  }

  // --- tables --------------------------------------------------------------------

  /** Whether a GFM table starts at p: this line a head row, the next a matching delimiter row. */
  private tableAt(li: number, p: number, le: number): boolean {
    if (li + 1 >= this.lineCount) return false;
    const ns = this.lines.lineStart(li + 1);
    const ne = this.lines.lineEnd(li + 1);
    const ind = this.spaces(ns, ne);
    if (ind > 3) return false;
    const q = ns + ind;
    if (q >= ne) return false;
    const c = this.code(q);
    if (c !== PIPE && c !== DASH && c !== COLON) return false;
    if (!this.delimiterLike(q, ne)) {
      // Not only pipes, colons, dashes and spaces: no delimiter row.
      return false;
    }
    if (this.hasTab(ns, ne)) refuse('tab');
    // A list item marker there starts a container instead.
    if (c === DASH && (q + 1 >= ne || this.code(q + 1) === SPACE)) return false;
    const size = this.headCells(p, le);
    if (size < 0) return false;
    return this.delimiterCells(q, ne) === size;
  }

  /** The number of cells of a head row (micromark-extension-gfm-table's count), or -1. */
  private headCells(p: number, le: number): number {
    let sizeB = 0;
    let size = 0;
    let seen: boolean | undefined;
    let i = p;
    if (this.code(p) !== PIPE) {
      seen = true;
      sizeB = 1;
    }
    while (i < le) {
      const c = this.code(i);
      if (c === SPACE || c === TAB) {
        i++;
        continue;
      }
      sizeB++;
      if (seen) {
        seen = false;
        size++;
      }
      if (c === PIPE) {
        seen = true;
        i++;
        continue;
      }
      while (i < le) {
        const d = this.code(i);
        if (d === SPACE || d === TAB || d === PIPE) break;
        i++;
        if (d === BACKSLASH && i < le) {
          const e = this.code(i);
          if (e === BACKSLASH || e === PIPE) i++;
        }
      }
    }
    return sizeB > 1 ? size : -1;
  }

  /** The number of cells of a delimiter row, or -1 when it is not one. */
  private delimiterCells(q: number, le: number): number {
    let i = q;
    let seen = false;
    let cells = 0;
    let c = this.code(i);
    if (c === PIPE) {
      seen = true;
      i++;
    }
    for (;;) {
      while (i < le && this.code(i) === SPACE) i++;
      if (i >= le) break;
      c = this.code(i);
      if (c === COLON) {
        seen = true;
        i++;
        if (i >= le || this.code(i) !== DASH) return -1;
      } else if (c !== DASH) return -1;
      cells++;
      while (i < le && this.code(i) === DASH) i++;
      if (i < le && this.code(i) === COLON) {
        seen = true;
        i++;
      }
      while (i < le && this.code(i) === SPACE) i++;
      if (i >= le) break;
      if (this.code(i) !== PIPE) return -1;
      seen = true;
      i++;
    }
    return seen ? cells : -1;
  }

  /** A table from its head row at line li; the delimiter row (line li + 1) is consumed. */
  private openTable(li: number, p: number, le: number): void {
    this.leaf = L_TABLE;
    this.table = { start: p, end: this.lines.lineEnd(li + 1), rows: [this.row(p, le)] };
    this.skipLine = li + 1;
  }

  /** A table row's cells, as micromark-extension-gfm-table resolves them. */
  private row(p: number, le: number): RowRec {
    const cells: CellRec[] = [];
    let inFirst = true;
    let last: CellRec | undefined;
    let cell: CellRec = { start: p, from: -1, to: -1 };
    let i = p;
    while (i < le) {
      const c = this.code(i);
      if (c === SPACE || c === TAB) {
        i++;
        continue;
      }
      if (c === PIPE) {
        if (inFirst) inFirst = false;
        else {
          if (last) cells.push(last);
          last = cell;
          cell = { start: i, from: -1, to: -1 };
        }
        i++;
        continue;
      }
      const ds = i;
      while (i < le) {
        const d = this.code(i);
        if (d === SPACE || d === TAB || d === PIPE) break;
        i++;
        if (d === BACKSLASH && i < le) {
          const e = this.code(i);
          if (e === BACKSLASH || e === PIPE) i++;
        }
      }
      inFirst = false;
      if (cell.from < 0) {
        if (last) {
          cells.push(last);
          last = undefined;
        }
        cell.from = ds;
      }
      cell.to = i;
    }
    if (last) cells.push(last);
    else cells.push(cell);
    return { start: p, end: le, cells };
  }

  // --- closing ---------------------------------------------------------------------

  private closeLeaf(): void {
    const leaf = this.leaf;
    if (leaf === L_NONE) return;
    this.leaf = L_NONE;
    const depth = this.stack.length;
    const start = this.leafStart;
    const end = this.leafEnd;
    if (leaf === L_PARA) {
      // Link reference definitions start a paragraph with `[`.
      if (this.code(start) === LBRACKET && this.src.slice(start, end).includes(']:')) refuse('link reference definition');
      this.inlineHtml(start, end);
      if (this.paraItem) this.paraItem.paraEnd = end;
      this.paraItem = undefined;
      if (depth === 0) this.top.push({ type: N_PARAGRAPH, start, end, depth });
    } else if (leaf === L_FENCE) {
      this.excluded.push([start, end]);
      if (depth === 0) this.top.push({ type: N_CODE, start, end, depth });
    } else if (leaf === L_HTML) {
      this.excluded.push([start, end]);
      const value = this.src.slice(start, end);
      this.html.push({ start, value });
      if (depth === 0) this.top.push({ type: N_HTML, start, end, depth, value });
    } else if (leaf === L_TABLE) {
      const table = this.table!;
      this.table = undefined;
      this.top.push({ type: N_TABLE, start: table.start, end: table.end, depth, table });
    }
  }

  /** Closes the containers from depth k on (their lists end with them). */
  private closeContainers(k: number): void {
    const stack = this.stack;
    while (stack.length > k) {
      if (this.leaf !== L_NONE) this.closeLeaf();
      const c = stack.pop()!;
      if (c.quote) {
        this.top.push({ type: N_QUOTE, start: c.start, end: this.endOf(c), depth: 0 });
        continue;
      }
      this.finishItem(c);
      if (stack.length === 0) {
        const items = c.list!.items;
        this.top.push({ type: N_LIST, start: items[0].start, end: items[items.length - 1].end, depth: 0, list: c.list });
      }
    }
  }

  private finishItem(c: Container): void {
    c.item!.end = this.endOf(c);
  }

  /**
   * Raw HTML inside inline content between two offsets: comments on one line are
   * HTML nodes (no mentions in them, maybe suppressions); code spans and escapes
   * hide `<`; any other HTML is refused.
   */
  private inlineHtml(from: number, to: number): void {
    const src = this.src;
    let lt = src.indexOf('<', from);
    if (lt < 0 || lt >= to) return;
    // Is there anything that could be HTML?
    let any = false;
    for (let i = lt; i >= 0 && i < to - 1; i = src.indexOf('<', i + 1)) {
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
          const close = this.nextClose(i + 2);
          if (close < 0 || close + 3 > to) {
            // No end in this paragraph: plain text.
            i++;
            continue;
          }
          const eol = this.lineEndAfter(i);
          if (close + 3 > eol) refuse('multi-line inline HTML');
          this.excluded.push([i, close + 3]);
          this.html.push({ start: i, value: src.slice(i, close + 3) });
          i = close + 3;
        } else if (isAsciiAlpha(d)) {
          // An autolink `<scheme:...>` is a link, not HTML.
          const end = this.autolinkEnd(i, to);
          if (end < 0) refuse('inline HTML');
          i = end;
        } else if (d === SLASH || d === QUESTION || d === EXCL) {
          refuse('inline HTML');
        } else i++;
      } else i++;
    }
  }

  /**
   * The first `-->` at or after `from`, or -1. The last search is kept: from
   * anywhere between where it started and what it found, the answer is the same
   * (so a long unclosed comment is not searched to its end once per line).
   */
  private nextClose(from: number): number {
    if (from >= this.closeSearchedFrom && (this.closeFound < 0 || from <= this.closeFound)) return this.closeFound;
    this.closeSearchedFrom = from;
    this.closeFound = this.src.indexOf('-->', from);
    return this.closeFound;
  }

  /** Offset of the end of the line holding offset i. */
  private lineEndAfter(i: number): number {
    const src = this.src;
    let j = i;
    while (j < this.n) {
      const c = src.charCodeAt(j);
      if (c === LF || c === CR) break;
      j++;
    }
    return j;
  }

  /** `<scheme:...>` at i: the offset past `>`, or -1. */
  private autolinkEnd(i: number, to: number): number {
    const src = this.src;
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

  // --- the model -------------------------------------------------------------------

  private build(): RoadmapDoc {
    const { lines, text, schema } = this;
    const doc = emptyDoc(this.uri, lines.lineCount);
    const h1 = this.top.find((t) => t.type === N_HEADING && t.depth === 1);
    if (!h1) return doc;
    const h1Text = this.headingText(h1);
    const kind = schema.kindByTitle(h1Text);
    if (!kind) return doc;
    doc.kind = kind;
    doc.h1 = { text: intern(h1Text.trim()), range: lines.range(h1.start, h1.end) };
    const ctx: Ctx = { text, lines, schema, kind, doc };

    // Sections, fields and tables.
    let current: { section: Section; from: number; last: number; content: boolean } | undefined;
    let overviewFor: string | undefined;
    let inOverview = false;
    const finish = () => {
      if (!current) return;
      const { section, last, from } = current;
      section.hasContent = current.content;
      if (last >= 0) section.range = lines.range(from, last);
      doc.sections.push(section);
      current = undefined;
    };
    for (const node of this.top) {
      if (node.type === N_HEADING && node.depth <= 2) {
        finish();
        if (node.depth === 2) {
          const name = intern(this.headingText(node).trim());
          const range = lines.range(node.start, node.end);
          current = {
            section: { name, schema: matchSection(ctx, name), headingRange: range, range, hasContent: false },
            from: node.start,
            last: -1,
            content: false,
          };
        }
        continue;
      }
      const sectionName = current?.section.name;
      if (sectionName !== overviewFor) {
        overviewFor = sectionName;
        inOverview = isOverview(ctx, sectionName);
      }
      if (current) {
        current.last = node.end;
        if (!(node.type === N_HTML && /^\s*<!--[\s\S]*-->\s*$/.test(node.value!))) current.content = true;
      }
      if (node.type === N_LIST) {
        for (const item of node.list!.items) {
          const field = this.fieldOf(ctx, item, sectionName, inOverview);
          if (field) doc.fields.push(field);
        }
      } else if (node.type === N_TABLE) this.extractTable(ctx, node.table!, sectionName);
    }
    finish();

    this.extractMentions(ctx);
    this.extractSuppressions(ctx);
    deriveOverview(ctx);
    return doc;
  }

  /**
   * What `build` gives, reduced to the index's facts (`factsOf`), computed without the
   * model: the same walk over the blocks, the same refusals (headings, field labels,
   * table cells), the same helpers for offsets; no ranges, sections, fields or tables.
   */
  private buildFacts(): IndexFacts {
    const { text, schema } = this;
    const h1 = this.top.find((t) => t.type === N_HEADING && t.depth === 1);
    if (!h1) return NO_FACTS;
    const kind = schema.kindByTitle(this.headingText(h1));
    if (!kind) return NO_FACTS;
    const ctx = { text, lines: this.lines, schema, kind } as Ctx;
    /** Overview fields with a schema, in document order: role and value offsets. */
    const fields: Array<{ role: FieldRole | undefined; from: number; to: number }> = [];
    const competencies: string[] = [];
    let section: string | undefined;
    let overviewFor: string | undefined;
    let inOverview = false;
    for (const node of this.top) {
      if (node.type === N_HEADING && node.depth <= 2) {
        section = node.depth === 2 ? this.headingText(node).trim() : undefined;
        continue;
      }
      if (section !== overviewFor) {
        overviewFor = section;
        inOverview = isOverview(ctx, section);
      }
      if (node.type === N_LIST) {
        for (const item of node.list!.items) {
          const parts = this.fieldParts(item);
          if (!parts || !inOverview) continue;
          const field = matchField(ctx, parts.label);
          if (!field) continue;
          const [from, to] = spanOffsets(ctx, parts.colon, item.end);
          fields.push({ role: field.role, from, to });
        }
      } else if (node.type === N_TABLE) this.tableFacts(ctx, node.table!, section, competencies);
    }

    // The mentions, as addMentions takes them.
    const mentions: Array<{ id: string; kind: MentionKind }> = [];
    eachMention(text, schema, this.excluded.sort((a, b) => a[0] - b[0]), fields, (id, _at, kind) => mentions.push({ id, kind }));

    // The overview, as deriveOverview reads it.
    let id: string | undefined;
    let idSeen = false;
    let roles: string[] = [];
    for (const field of fields) {
      if (field.role === 'id' && !idSeen) {
        idSeen = true;
        const value = text.slice(field.from, field.to);
        if (schema.isValidId(kind, value)) id = own(value);
        else {
          // An invalid ID defines nothing.
          const definition = mentions.findIndex((m) => m.kind === 'definition');
          if (definition >= 0) mentions.splice(definition, 1);
        }
      } else if (field.role === 'roles' && roles.length === 0) roles = listItems(ctx, field.from, field.to).map(([a, b]) => intern(text.slice(a, b)));
    }
    return factsFrom({ kind, id }, mentions, competencies, roles);
  }

  /** A table's refusals as `extractTable` has them, and a competency table's row names as `addTable` takes them. */
  private tableFacts(ctx: Ctx, node: TableRec, section: string | undefined, out: string[]): void {
    const schema = section === undefined ? undefined : ctx.kind.tables.find((t) => norm(t.section) === norm(section));
    if (schema?.role !== 'competencies') {
      // Only the refusals: a plain cell needs no copy.
      for (const row of node.rows) for (const cell of row.cells) if (cell.from >= 0 && !this.plainCell(cell.from, cell.to)) this.cellText(cell);
      return;
    }
    const texts = node.rows.map((row) => row.cells.map((cell) => this.cellText(cell)));
    if (texts.length === 0) return;
    const first = columnOf(texts[0], schema.columns[0]);
    const nameCol = first === -1 ? 0 : first;
    for (let r = 1; r < texts.length; r++) {
      const name = texts[r][nameCol];
      if (name) out.push(intern(name));
    }
  }

  /** A cell's text as `extractTable` takes it (refusing as it does). */
  private cellText(cell: CellRec): string {
    if (cell.from < 0) return '';
    const plain = plainInline(this.src.slice(cell.from, cell.to), true);
    if (plain === undefined) refuse('inline markup in a table cell');
    return plain.trim();
  }

  /**
   * True when src[from, to) has nothing `plainInline` looks at in a cell (markup
   * characters, `@`, `://`, `www.`): it is its own plain text.
   */
  private plainCell(from: number, to: number): boolean {
    const src = this.src;
    for (let i = from; i < to; i++) {
      const c = src.charCodeAt(i);
      if (c > 126 || c < 33) continue;
      if (
        startsMarkup(c) ||
        c === 64 /* @ */ ||
        (c === COLON && src.charCodeAt(i + 1) === SLASH) ||
        (c === DOT && i >= from + 3 && (src.charCodeAt(i - 1) | 32) === 119 && (src.charCodeAt(i - 2) | 32) === 119 && (src.charCodeAt(i - 3) | 32) === 119)
      )
        return false;
    }
    return true;
  }

  private headingText(node: TopNode): string {
    const plain = plainInline(this.src.slice(node.from!, node.to!), false);
    if (plain === undefined) refuse('inline markup in a heading');
    return plain;
  }

  /** `- **Label**: value`, `- **Label:** value` and `- **Label** (suffix): value`. */
  private fieldOf(ctx: Ctx, item: ItemRec, section: string | undefined, inOverview: boolean): Field | undefined {
    const parts = this.fieldParts(item);
    if (!parts) return undefined;
    const { strongStart, strongEnd, colon } = parts;
    const label = intern(parts.label);
    const text = this.text;
    const innerSpan = trimSpan(text, strongStart + 2, strongEnd - 2);
    while (innerSpan[1] > innerSpan[0] && text[innerSpan[1] - 1] === ':') innerSpan[1]--;
    innerSpan[1] = trimSpan(text, innerSpan[0], innerSpan[1])[1];
    const labelRange = ctx.lines.range(innerSpan[0], innerSpan[1]);
    const value = span(ctx, colon, item.end);
    return {
      label,
      labelRange,
      schema: inOverview ? matchField(ctx, label) : undefined,
      value: value.text,
      valueRange: value.text ? value.range : { start: ctx.lines.positionAt(colon), end: ctx.lines.positionAt(colon) },
      section,
      inOverview,
    };
  }

  /** A field bullet's label and where its strong run and colon are; undefined for an item that is no field. Refuses as `fieldOf` does. */
  private fieldParts(item: ItemRec): { label: string; strongStart: number; strongEnd: number; colon: number } | undefined {
    if (item.first !== 1) return undefined;
    const src = this.src;
    const text = this.text;
    const p = item.inline;
    const c0 = src.charCodeAt(p);
    if (c0 === UNDERSCORE) refuse('underscore emphasis at the start of a list item');
    if (c0 !== STAR) return undefined;
    if (src.charCodeAt(p + 1) !== STAR) return undefined;
    if (src.charCodeAt(p + 2) === STAR) refuse('three or more asterisks');
    if (p + 2 >= item.paraEnd || isWhitespaceCode(src.charCodeAt(p + 2))) return undefined;
    // The label: up to the next asterisk, on this line, in plain characters.
    let q = p + 2;
    for (; q < item.paraEnd; q++) {
      const c = src.charCodeAt(q);
      if (c === STAR) break;
      if (c === LF || c === CR) refuse('field label over two lines');
      if (c === BACKTICK || c === BACKSLASH || c === LBRACKET || c === RBRACKET || c === LT || c === TILDE || c === 64 /* @ */) {
        refuse('markup in a field label');
      }
      if (c === UNDERSCORE && !(isAsciiAlnum(src.charCodeAt(q - 1)) && isAsciiAlnum(src.charCodeAt(q + 1)))) refuse('underscore in a field label');
      if (c === AMP) {
        const d = src.charCodeAt(q + 1);
        if (isAsciiAlnum(d) || d === HASH) refuse('entity in a field label');
      }
    }
    if (q >= item.paraEnd) refuse('unclosed strong');
    let r = q;
    while (r < this.n && src.charCodeAt(r) === STAR) r++;
    if (r - q !== 2) refuse('closing run is not two asterisks');
    const prev = src.charCodeAt(q - 1);
    const next = r < item.paraEnd ? src.charCodeAt(r) : NaN;
    if (isWhitespaceCode(prev)) refuse('strong closer after whitespace');
    if (isPunctCode(prev) && !(isWhitespaceCode(next) || isPunctCode(next))) refuse('strong closer not right-flanking');
    const inner = src.slice(p + 2, q);
    if (inner.includes('://') || hasWww(inner)) refuse('autolink literal in a field label');
    const strongStart = p;
    const strongEnd = r;

    let label = inner.trim();
    let colon: number;
    if (label.endsWith(':')) {
      label = label.replace(/:+$/, '').trim();
      colon = strongEnd;
    } else {
      // `/^\s*(\([^)\n]*\))?\s*:/` on the rest of the paragraph, by hand.
      const end = item.paraEnd;
      let i = strongEnd;
      while (i < end && isWs(text, i)) i++;
      if (i < end && text.charCodeAt(i) === 40 /* ( */) {
        let j = i + 1;
        while (j < end && text.charCodeAt(j) !== RPAREN && text.charCodeAt(j) !== LF) j++;
        if (j < end && text.charCodeAt(j) === RPAREN) i = j + 1;
      }
      while (i < end && isWs(text, i)) i++;
      if (i >= end || text.charCodeAt(i) !== COLON) return undefined;
      colon = i + 1;
    }
    if (!label) return undefined;
    return { label, strongStart, strongEnd, colon };
  }

  private extractTable(ctx: Ctx, node: TableRec, section: string | undefined): void {
    const lines = ctx.lines;
    const rows = node.rows.map((row) => ({
      range: lines.range(row.start, row.end),
      cells: row.cells.map((cell): RawCell => {
        if (cell.from < 0) {
          const at = cell.start + 1;
          return { text: '', from: at, to: at };
        }
        const plain = plainInline(this.src.slice(cell.from, cell.to), true);
        if (plain === undefined) refuse('inline markup in a table cell');
        const [from, to] = spanOffsets(ctx, cell.from, cell.to);
        return { text: plain.trim(), from, to };
      }),
    }));
    const schema =
      section === undefined
        ? undefined
        : ctx.kind.tables.find((t) => norm(t.section) === norm(section));
    addTable(ctx, { section, schema, range: lines.range(node.start, node.end), rows });
  }

  private extractMentions(ctx: Ctx): void {
    addMentions(ctx, this.excluded.sort((a, b) => a[0] - b[0]));
  }

  private extractSuppressions(ctx: Ctx): void {
    if (this.html.length === 0) return;
    const html = this.html.slice().sort((a, b) => a.start - b.start);
    for (const n of html) {
      for (const m of n.value.matchAll(/<!--\s*roadmap-(disable-next-line|disable)\b([\s\S]*?)-->/g)) {
        const endOffset = n.start + m.index! + m[0].length;
        ctx.doc.suppressions.push({
          scope: m[1] === 'disable' ? 'document' : 'next-line',
          line: ctx.lines.positionAt(endOffset).line + 1,
          codes: m[2].split(/[\s,]+/).filter(Boolean),
        });
      }
    }
  }
}

// --- model helpers, as parse.ts has them --------------------------------------------

type Ctx = BuildCtx;


function isOverview(ctx: Ctx, section: string | undefined): boolean {
  return section !== undefined && norm(section) === norm(ctx.kind.overviewSection);
}

