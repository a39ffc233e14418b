/**
 * The remark path: unified + remark-parse + remark-gfm (tables and task lists are
 * GFM) read the text into a tree, which is walked once into the document's blocks
 * (./ir.ts) and dropped. It reads any markdown; the structural scanner (./scan.ts)
 * is tried first because it is far faster, and gives the same blocks where it
 * does not decline.
 */
import type { List, Nodes, Paragraph, Root, Table } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { LineIndex } from '../text';
import { spanOffsets } from './build';
import { onlyComments, type Block, type BlockIR, type CellBlock, type FieldBlock, type RowBlock } from './ir';

const processor = unified().use(remarkParse).use(remarkGfm);

function start(node: Nodes): number {
  return node.position?.start.offset ?? 0;
}
function end(node: Nodes): number {
  return node.position?.end.offset ?? 0;
}

/**
 * Visits a tree in document order, descending into a node's children unless
 * `visit` returns false. Iterative: a deeply nested tree (emphasis in emphasis
 * thousands deep) must not overflow the stack.
 */
function preorder(root: Nodes, visit: (n: Nodes) => boolean | void): void {
  const stack: Nodes[] = [root];
  while (stack.length) {
    const n = stack.pop()!;
    if (visit(n) === false || !('children' in n)) continue;
    const children = n.children as Nodes[];
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
}

/** The plain text of a node, as mdast-util-to-string would give it, without raw HTML (comments). */
function plain(node: Nodes): string {
  let out = '';
  preorder(node, (n) => {
    if (n.type === 'html') return false;
    if ('value' in n && typeof n.value === 'string') out += n.value;
  });
  return out;
}

/** The blocks of a text (its front matter blanked, see `maskFrontMatter`); undefined if micromark ever throws. */
export function remarkBlocks(text: string): BlockIR | undefined {
  let tree: Root;
  try {
    // micromark drops a leading byte order mark, which would shift every offset by
    // one; a space in its place parses the same and keeps offsets aligned with `text`.
    tree = processor.parse(text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text);
  } catch {
    // micromark does not throw on any input we know of; if it ever does, the
    // document is treated as not a roadmap rather than failing the server.
    return undefined;
  }
  const blocks: Block[] = [];
  for (const node of tree.children) {
    const [s, e] = [start(node), end(node)];
    if (node.type === 'heading' && node.depth <= 2) blocks.push({ type: 'heading', depth: node.depth as 1 | 2, start: s, end: e, text: plain(node) });
    else if (node.type === 'list') blocks.push({ type: 'list', end: e, fields: fieldsOf(text, node) });
    else if (node.type === 'table') blocks.push({ type: 'table', start: s, end: e, rows: rowsOf(text, node) });
    else if (node.type === 'html' && onlyComments(node.value)) blocks.push({ type: 'other', end: e, comments: true });
    else blocks.push({ type: 'other', end: e });
  }
  const excluded: Array<[number, number]> = [];
  const html: BlockIR['html'] = [];
  preorder(tree, (n) => {
    if (n.type === 'code' || n.type === 'html') {
      excluded.push([start(n), end(n)]);
      // From the source, not n.value: inside a list item or a quote the value has its indentation removed.
      if (n.type === 'html') html.push({ start: start(n), value: text.slice(start(n), end(n)) });
      return false;
    }
  });
  return { text, lines: new LineIndex(text), blocks, excluded: excluded.sort((a, b) => a[0] - b[0]), html };
}

/** The field bullets of a list: `- **Label**: value`, `- **Label:** value` and `- **Label** (suffix): value`. */
function fieldsOf(text: string, list: List): FieldBlock[] {
  const out: FieldBlock[] = [];
  for (const item of list.children) {
    const para = item.children[0];
    if (!para || para.type !== 'paragraph') continue;
    const strong = (para as Paragraph).children[0];
    if (!strong || strong.type !== 'strong') continue;
    let label = plain(strong).trim();
    let colon: number; // offset just past the colon
    if (label.endsWith(':')) {
      label = label.replace(/:+$/, '').trim();
      colon = end(strong);
    } else {
      // The colon follows the strong text, perhaps after a parenthetical suffix.
      const m = /^\s*(\([^)\n]*\))?\s*:/.exec(text.slice(end(strong), end(para)));
      if (!m) continue;
      colon = end(strong) + m[0].length;
    }
    if (!label) continue;
    out.push({ label, strongStart: start(strong), strongEnd: end(strong), colon, end: end(item) });
  }
  return out;
}

function rowsOf(text: string, table: Table): RowBlock[] {
  return table.children.map((row) => ({
    start: start(row),
    end: end(row),
    cells: row.children.map((cell): CellBlock => {
      if (cell.children.length === 0) {
        // An empty cell: its range is the blank after the opening pipe.
        const at = Math.min(start(cell) + 1, end(cell));
        return { text: '', from: at, to: at };
      }
      const [from, to] = spanOffsets({ text }, start(cell.children[0]), end(cell.children[cell.children.length - 1]));
      return { text: plain(cell).trim(), from, to };
    }),
  }));
}
