/**
 * The block-level intermediate representation both parsers produce: the structural
 * scanner (./scan.ts) and the remark path (./remark.ts). It holds exactly what the
 * model and the index's facts are built from, and nothing else; one builder
 * (./build.ts: `buildModel`, `buildFacts`) turns it into either, so the two parsers
 * agree wherever their blocks agree (test/unit/scan.test.ts compares the blocks
 * themselves as well as the models).
 *
 * Offsets are into `text` (the document's text with front matter blanked, see
 * `maskFrontMatter`); every list is in document order.
 */
import type { LineIndex } from '../text';

/** A field bullet of a top-level list: `- **Label**: value`, `- **Label:** value`, `- **Label** (suffix): value`. */
export interface FieldBlock {
  /** The label as written, trimmed, without trailing colons. */
  label: string;
  /** The strong run holding the label: the offset of its opening `**` and the end of its closing `**`. */
  strongStart: number;
  strongEnd: number;
  /** Just past the colon that ends the label. */
  colon: number;
  /** The end of the list item (its last content). */
  end: number;
}

/** A table cell: its text (markup left out, trimmed) and the offsets of its trimmed source (an empty cell: the blank after its opening pipe). */
export interface CellBlock {
  text: string;
  from: number;
  to: number;
}

export interface RowBlock {
  start: number;
  end: number;
  cells: CellBlock[];
}

/**
 * A top-level block, with only what the builder reads: every block's end (a section
 * ends at its last block's), the start of headings and tables (their ranges).
 * Headings deeper than 2 are `other`: nothing reads their text.
 */
export type Block =
  | { type: 'heading'; depth: 1 | 2; start: number; end: number; /** Plain text, untrimmed. */ text: string }
  | { type: 'list'; end: number; fields: FieldBlock[] }
  | { type: 'table'; start: number; end: number; rows: RowBlock[] }
  | { type: 'other'; end: number; /** Set on an HTML block that holds only comments: no content for its section. */ comments?: true };

/** An HTML block of only comments (and whitespace), which gives its section no content. */
export function onlyComments(html: string): boolean {
  return /^\s*<!--[\s\S]*-->\s*$/.test(html);
}

export interface BlockIR {
  /** The text the offsets are into (front matter blanked). */
  text: string;
  lines: LineIndex;
  /** The top-level blocks. */
  blocks: Block[];
  /** Fenced code and raw HTML (flow and inline), where an ID is no mention: sorted by start, disjoint. */
  excluded: Array<[number, number]>;
  /** Raw HTML (flow and inline, at any depth), sorted by start: where suppression comments are. */
  html: Array<{ start: number; value: string }>;
}
