/**
 * The structural scanner: a purpose-built reader of the roadmap subset of markdown,
 * one pass over the lines, no syntax tree. It gives a document's blocks (./ir.ts),
 * the same blocks the remark path gives (./remark.ts), or declines the text, with
 * its reason, when it holds something it does not model exactly; `parseRoadmap`
 * then falls back to remark. By concern: ./scan/chars.ts (character classes),
 * ./scan/inline.ts (plain text of headings and cells, field labels, inline HTML),
 * ./scan/blocks.ts (lines, containers, leaf blocks, tables).
 *
 * What it models (CommonMark as micromark implements it, with remark-gfm's tables
 * and task list items): ATX headings, fenced code (``` and ~~~), HTML comments
 * (blocks, and inline on one line), thematic breaks, paragraphs with lazy
 * continuation lines (seed 000's trailing `#*** End Patch` joins the last item),
 * bullet and ordered lists nested in lists, top-level block quotes of paragraphs,
 * top-level pipe tables (escaped pipes, code spans in cells), autolinks, blank
 * lines, a leading byte order mark, CRLF and CR line endings.
 *
 * What it declines, because the blocks would depend on details it does not
 * reproduce:
 * - blocks: setext headings, indented code, HTML blocks other than comments,
 *   multi-line HTML and unclosed fenced code inside a list item, empty list items,
 *   containers inside block quotes and block quotes inside lists, anything but
 *   paragraphs inside a block quote, tables (and table delimiter rows) inside
 *   containers, a lazy line followed by a delimiter row, link reference and GFM
 *   footnote definitions;
 * - characters: tabs (except inside top-level code and HTML comments), NUL;
 * - inline: raw HTML other than one-line comments, comments next to links or next
 *   to autolink literals with backslashes or backticks; and in the text the blocks
 *   hold of headings (levels 1 and 2), field labels and table cells: emphasis,
 *   links, images, strikethrough, entities, raw HTML, and (in cells) anything GFM's
 *   autolink literal transform could link (`@`, `://`, `www.`), which gets no position.
 *
 * test/unit/scan.test.ts holds the scanner's blocks and models to remark's over the
 * seeds, the examples, the rule fixtures, a generated corpus, random documents and
 * mutations, and asserts how often it declines realistic documents.
 */
import { NO_FACTS, type IndexFacts } from '../index/facts';
import { emptyDoc, type RoadmapDoc } from '../model';
import type { CompiledSchema } from '../schema/compile';
import { LineIndex } from '../text';
import { buildFacts, buildModel, maskFrontMatter } from './build';
import type { BlockIR } from './ir';
import { scanBlocks } from './scan/blocks';
import { Refuse } from './scan/chars';

/** What the scanner gives: a value, or why it declines the text. */
export type Scanned<T> = { value: T; declined?: undefined } | { value?: undefined; declined: string };

/** The blocks of a text (its front matter blanked, see `maskFrontMatter`), or why the scanner declines it. */
export function scanText(text: string): Scanned<BlockIR> {
  try {
    return { value: scanBlocks(text, new LineIndex(text)) };
  } catch (e) {
    if (e instanceof Refuse) return { declined: e.why };
    throw e;
  }
}

/** The roadmap model of a text, deep-equal to what the remark path gives, or why the scanner declines it. */
export function scanRoadmap(uri: string, source: string, schema: CompiledSchema): Scanned<RoadmapDoc> {
  const text = maskFrontMatter(source);
  if (!schema.mayBeRoadmap(text)) return { value: emptyDoc(uri, new LineIndex(text).lineCount) };
  const blocks = scanText(text);
  return blocks.value ? { value: buildModel(uri, blocks.value, schema) } : blocks;
}

/**
 * The index facts of a text (index/facts.ts) without building its model: the same
 * scan, then only what the index keeps. Equal to `factsOf` of `scanRoadmap`'s model
 * whenever it gives one (test/unit/scan.test.ts); declined where it declines.
 */
export function scanFacts(source: string, schema: CompiledSchema): Scanned<IndexFacts> {
  const text = maskFrontMatter(source);
  if (!schema.mayBeRoadmap(text)) return { value: NO_FACTS };
  const blocks = scanText(text);
  return blocks.value ? { value: buildFacts(blocks.value, schema) } : blocks;
}
