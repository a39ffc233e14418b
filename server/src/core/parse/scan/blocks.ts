/**
 * Blocks, for the structural scanner: one pass over the lines, keeping a stack of
 * open containers (block quotes, list items) and the one open leaf block
 * (paragraph, fenced code, HTML, table), as micromark does for the subset of
 * markdown it models (see ../scan.ts for what it takes and what it declines). It
 * gives the document's blocks (../ir.ts): the top-level headings, lists (their
 * field bullets), tables (their cells), HTML and the rest, with the code and HTML
 * where IDs are no mentions.
 */
import type { LineIndex } from '../../text';
import { spanOffsets, trimSpan } from '../build';
import { onlyComments, type Block, type BlockIR, type CellBlock, type RowBlock } from '../ir';
import {
  BACKSLASH,
  BACKTICK,
  CARET,
  COLON,
  DASH,
  DOT,
  EQ,
  EXCL,
  GT,
  HASH,
  LBRACKET,
  LT,
  PIPE,
  PLUS,
  QUESTION,
  RBRACKET,
  RPAREN,
  SLASH,
  SPACE,
  STAR,
  TAB,
  TILDE,
  UNDERSCORE,
  isAsciiAlnum,
  isAsciiAlpha,
  isDigit,
  refuse,
} from './chars';
import { NextOf, cellText, fieldAt, headingText, inlineHtml, plainCell } from './inline';

/** The blocks of a text (front matter blanked already); throws `Refuse` where the scanner declines. */
export function scanBlocks(text: string, lines: LineIndex): BlockIR {
  return new BlockScanner(text, lines).run();
}

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

class BlockScanner {
  /** The text as micromark sees it: a leading byte order mark is a space. */
  private readonly src: string;
  private readonly n: number;
  private readonly lineCount: number;

  private readonly top: Block[] = [];
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
  private readonly breaks: BreakRuns;
  /** Where the next `-->` and the next `<` are (searched once in all, not once per line). */
  private readonly search: { closes: NextOf; lts: NextOf };
  /** The end of the last line with content: every container open then ends there or later. */
  private touched = -1;

  constructor(
    private readonly text: string,
    private readonly lines: LineIndex,
  ) {
    this.src = text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text;
    this.n = this.src.length;
    this.lineCount = lines.lineCount;
    if (text.includes('\0')) refuse('NUL character');
    this.nextTab = this.src.indexOf('\t');
    this.search = { closes: new NextOf(this.src, '-->'), lts: new NextOf(this.src, '<') };
    this.breaks = new BreakRuns(this.src);
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

  run(): BlockIR {
    this.scanLines();
    return {
      text: this.text,
      lines: this.lines,
      blocks: this.top,
      excluded: this.excluded.sort((a, b) => a[0] - b[0]),
      html: this.html.sort((a, b) => a.start - b.start),
    };
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
        // The spaces from `pos`, counted once: each container continued takes its size of them
        // (counting them again at each level made a list nested 1,000 deep by indentation, 1 MB, take a second).
        let run = this.spaces(pos, le);
        for (let k = 0; k < depth; k++) {
          const c = stack[k];
          const ind = run;
          if (ind >= c.size) {
            pos += c.size;
            run -= c.size;
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
    if (p + 1 < le && this.code(p) === LBRACKET && this.code(p + 1) === CARET && this.src.slice(p, le).includes(']:')) {
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
    return this.breaks.at(p, le);
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
      const close = this.search.closes.next(p + 2);
      if (close >= 0 && close + 3 <= le) this.closeLeaf();
      else if (depth > 0) refuse('multi-line HTML in a container');
      return;
    }
    if ((c === STAR || c === DASH || c === UNDERSCORE) && this.breakAt(p, le)) {
      if (firstOfItem) item.first = 2;
      if (depth === 0) this.top.push({ type: 'other', end: le });
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
    if (depth > 0) return;
    if (level <= 2) this.top.push({ type: 'heading', depth: level as 1 | 2, start: p, end: le, text: headingText(this.src, a, b) });
    else this.top.push({ type: 'other', end: le });
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
    const close = this.search.closes.next(ls);
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
      i = this.cellDataEnd(i, le);
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

  /** The end of a run of cell data at i (up to a space, tab or pipe; `\\` and `\|` are escapes). */
  private cellDataEnd(i: number, le: number): number {
    while (i < le) {
      const d = this.code(i);
      if (d === SPACE || d === TAB || d === PIPE) break;
      i++;
      if (d === BACKSLASH && i < le) {
        const e = this.code(i);
        if (e === BACKSLASH || e === PIPE) i++;
      }
    }
    return i;
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
      i = this.cellDataEnd(i, le);
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
      if (depth === 0) this.top.push({ type: 'other', end });
    } else if (leaf === L_FENCE) {
      this.excluded.push([start, end]);
      if (depth === 0) this.top.push({ type: 'other', end });
    } else if (leaf === L_HTML) {
      this.excluded.push([start, end]);
      const value = this.src.slice(start, end);
      this.html.push({ start, value });
      if (depth === 0) this.top.push(onlyComments(value) ? { type: 'other', end, comments: true } : { type: 'other', end });
    } else if (leaf === L_TABLE) {
      const table = this.table!;
      this.table = undefined;
      this.top.push({ type: 'table', start: table.start, end: table.end, rows: table.rows.map((r) => this.rowBlock(r)) });
    }
  }

  /** Closes the containers from depth k on (their lists end with them). */
  private closeContainers(k: number): void {
    const stack = this.stack;
    while (stack.length > k) {
      if (this.leaf !== L_NONE) this.closeLeaf();
      const c = stack.pop()!;
      if (c.quote) {
        this.top.push({ type: 'other', end: this.endOf(c) });
        continue;
      }
      this.finishItem(c);
      if (stack.length === 0) {
        const items = c.list!.items;
        const fields = [];
        for (const item of items) {
          const field = item.first === 1 ? fieldAt(this.src, this.text, item.inline, item.paraEnd, item.end) : undefined;
          if (field) fields.push(field);
        }
        this.top.push({ type: 'list', end: items[items.length - 1].end, fields });
      }
    }
  }

  private finishItem(c: Container): void {
    c.item!.end = this.endOf(c);
  }

  /** A table row's cells as the model reads them: text and trimmed offsets (an empty cell: the blank after its opening pipe). */
  private rowBlock(row: RowRec): RowBlock {
    return {
      start: row.start,
      end: row.end,
      cells: row.cells.map((cell): CellBlock => {
        if (cell.from < 0) return { text: '', from: cell.start + 1, to: cell.start + 1 };
        if (plainCell(this.src, cell.from, cell.to)) {
          // No markup, no comment: its text is its trimmed source.
          const [from, to] = trimSpan(this.text, cell.from, cell.to);
          return { text: this.src.slice(from, to), from, to };
        }
        const [from, to] = spanOffsets({ text: this.text }, cell.from, cell.to);
        return { text: cellText(this.src, cell.from, cell.to), from, to };
      }),
    };
  }

  private inlineHtml(from: number, to: number): void {
    inlineHtml(this.src, from, to, this.search, this.excluded, this.html);
  }
}

/**
 * Thematic breaks: three or more `*`, `-` or `_` with spaces between, alone on a line.
 * The last character of a line that is neither the break's character nor a space is
 * found from the end once per line and character, and kept: nested list markers
 * (`- - - a`) ask again and again, further right each time.
 */
class BreakRuns {
  private line = -1;
  private char = 0;
  private from = 0;
  private bad = 0;

  constructor(private readonly src: string) {}

  /** Whether a thematic break starts at p on the line ending at le. */
  at(p: number, le: number): boolean {
    const src = this.src;
    const c = src.charCodeAt(p);
    if (c !== STAR && c !== DASH && c !== UNDERSCORE) return false;
    if (this.line !== le || this.char !== c || p < this.from) {
      let j = le - 1;
      while (j >= p && (src.charCodeAt(j) === c || src.charCodeAt(j) === SPACE)) j--;
      this.line = le;
      this.char = c;
      this.from = p;
      this.bad = j;
    }
    if (this.bad >= p) return false;
    let count = 0;
    for (let i = p; i < le && count < 3; i++) if (src.charCodeAt(i) === c) count++;
    return count >= 3;
  }
}
