/**
 * Text -> roadmap model. The markdown is parsed by unified + remark-parse +
 * remark-gfm (tables and task lists are GFM); the tree is walked once to extract
 * the model and then dropped. Parsing never fails: any input gives a model.
 */
import type { Heading, List, ListItem, Nodes, Paragraph, Root, RootContent, Table as MdTable } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import {
  emptyDoc,
  type Competency,
  type Field,
  type Phase,
  type RoadmapDoc,
  type Section,
  type TextSpan,
} from '../model';
import { normalizeLabel, type CompiledSchema } from '../schema/compile';
import type { KindSchema } from '../schema/types';
import { parseHazard, skippedDoc } from '../limits';
import { LineIndex } from '../text';
import { addMentions, addTable, blankComments, deriveOverview, intern, maskFrontMatter, span, spanOffsets, trimSpan, type BuildCtx, type RawCell } from './build';
import { parseHours } from './duration';
import { scanRoadmap } from './scan';

const processor = unified().use(remarkParse).use(remarkGfm);

type Ctx = BuildCtx;

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

/** A quick test that spares the markdown parser for files that cannot be roadmaps. */
function mayBeRoadmap(text: string, schema: CompiledSchema): boolean {
  const lower = text.toLowerCase();
  return schema.kinds.some((k) => lower.includes(k.title.toLowerCase()));
}

// --- which parser: the structural scanner first, remark when it declines ---------

/**
 * `auto`: the structural scanner (./scan.ts), falling back to remark when it
 * declines the text; `remark`: remark only; `scan`: the scanner only (undefined
 * when it declines). Both give the same model; test/unit/scan.test.ts checks it.
 */
export type ParseMode = 'auto' | 'remark' | 'scan';

export function parseRoadmap(uri: string, text: string, schema: CompiledSchema): RoadmapDoc {
  return parseRoadmapWith(uri, text, schema, 'auto');
}

export function parseRoadmapWith(uri: string, text: string, schema: CompiledSchema, mode: 'auto' | 'remark'): RoadmapDoc;
export function parseRoadmapWith(uri: string, text: string, schema: CompiledSchema, mode: ParseMode): RoadmapDoc | undefined;
export function parseRoadmapWith(uri: string, text: string, schema: CompiledSchema, mode: ParseMode): RoadmapDoc | undefined {
  if (mode !== 'remark') {
    const doc = scanRoadmap(uri, text, schema);
    if (doc || mode === 'scan') return doc;
    // remark's time grows faster than the text on some inputs (deep nesting, thousands
    // of delimiters or block quotes): such a document is skipped, and said so, not parsed.
    const hazard = parseHazard(text);
    if (hazard) return skippedDoc(uri, text, schema, hazard);
  }
  return parseWithRemark(uri, text, schema);
}

// --- the remark path ---------------------------------------------------------------

function parseWithRemark(uri: string, source: string, schema: CompiledSchema): RoadmapDoc {
  // Front matter is not markdown: blank lines for both parsers (./build.ts).
  const text = maskFrontMatter(source);
  const lines = new LineIndex(text);
  if (!mayBeRoadmap(text, schema)) return emptyDoc(uri, lines.lineCount);
  let tree: Root;
  try {
    // micromark drops a leading byte order mark, which would shift every offset by
    // one; a space in its place parses the same and keeps offsets aligned with `text`.
    tree = processor.parse(text.charCodeAt(0) === 0xfeff ? ' ' + text.slice(1) : text);
  } catch {
    // micromark does not throw on any input we know of; if it ever does, the
    // document is treated as not a roadmap rather than failing the server.
    return emptyDoc(uri, lines.lineCount);
  }
  const h1 = tree.children.find((n): n is Heading => n.type === 'heading' && n.depth === 1);
  const kind = h1 ? schema.kindByTitle(plain(h1)) : undefined;
  const doc = emptyDoc(uri, lines.lineCount);
  if (!h1 || !kind) return doc;
  doc.kind = kind;
  const ctx: Ctx = { text, lines, schema, kind, doc };
  doc.h1 = { text: intern(plain(h1).trim()), range: lines.range(start(h1), end(h1)) };

  extractSections(ctx, tree);
  extractMentions(ctx, tree);
  extractSuppressions(ctx, tree);
  deriveOverview(ctx);
  return doc;
}

function extractSections(ctx: Ctx, tree: Root): void {
  let current: { section: Section; from: number; nodes: RootContent[] } | undefined;
  const finish = () => {
    if (!current) return;
    const { section, nodes, from } = current;
    const content = nodes.filter((n) => !(n.type === 'html' && /^\s*<!--[\s\S]*-->\s*$/.test(n.value)));
    section.hasContent = content.length > 0;
    const last = nodes.length ? end(nodes[nodes.length - 1]) : undefined;
    if (last !== undefined) section.range = ctx.lines.range(from, last);
    ctx.doc.sections.push(section);
    current = undefined;
  };
  for (const node of tree.children) {
    if (node.type === 'heading' && node.depth <= 2) {
      finish();
      if (node.depth === 2) {
        const name = intern(plain(node).trim());
        const range = ctx.lines.range(start(node), end(node));
        current = {
          section: { name, schema: ctx.schema.matchSection(ctx.kind, name), headingRange: range, range, hasContent: false },
          from: start(node),
          nodes: [],
        };
      }
      continue;
    }
    const sectionName = current?.section.name;
    if (current) current.nodes.push(node);
    if (node.type === 'list') extractFields(ctx, node, sectionName);
    else if (node.type === 'table') extractTable(ctx, node, sectionName);
  }
  finish();
}

function isOverview(ctx: Ctx, section: string | undefined): boolean {
  return section !== undefined && normalizeLabel(section) === normalizeLabel(ctx.kind.overviewSection);
}

/** `- **Label**: value`, `- **Label:** value` and `- **Label** (suffix): value`. */
function extractFields(ctx: Ctx, list: List, section: string | undefined): void {
  for (const item of list.children) {
    const field = fieldOf(ctx, item, section);
    if (field) ctx.doc.fields.push(field);
  }
}

function fieldOf(ctx: Ctx, item: ListItem, section: string | undefined): Field | undefined {
  const para = item.children[0];
  if (!para || para.type !== 'paragraph') return undefined;
  const strong = (para as Paragraph).children[0];
  if (!strong || strong.type !== 'strong') return undefined;
  let label = plain(strong).trim();
  let colon: number; // offset just past the colon
  if (label.endsWith(':')) {
    label = label.replace(/:+$/, '').trim();
    colon = end(strong);
  } else {
    // The colon follows the strong text, perhaps after a parenthetical suffix.
    const after = ctx.text.slice(end(strong), end(para));
    const m = /^\s*(\([^)\n]*\))?\s*:/.exec(after);
    if (!m) return undefined;
    colon = end(strong) + m[0].length;
  }
  if (!label) return undefined;
  label = intern(label);
  const inner = trimSpan(ctx.text, start(strong) + 2, end(strong) - 2);
  while (inner[1] > inner[0] && ctx.text[inner[1] - 1] === ':') inner[1]--;
  inner[1] = trimSpan(ctx.text, inner[0], inner[1])[1];
  const labelRange = ctx.lines.range(inner[0], inner[1]);
  const value = span(ctx, colon, end(item));
  const inOverview = isOverview(ctx, section);
  return {
    label,
    labelRange,
    schema: inOverview ? ctx.schema.matchField(ctx.kind, label) : undefined,
    value: value.text,
    valueRange: value.text ? value.range : { start: ctx.lines.positionAt(colon), end: ctx.lines.positionAt(colon) },
    section,
    inOverview,
  };
}

function extractTable(ctx: Ctx, node: MdTable, section: string | undefined): void {
  const rows = node.children.map((row) => ({
    range: ctx.lines.range(start(row), end(row)),
    cells: row.children.map((cell): RawCell => {
      if (cell.children.length === 0) {
        // An empty cell: its range is the blank after the opening pipe.
        const at = Math.min(start(cell) + 1, end(cell));
        return { text: '', from: at, to: at };
      }
      const [from, to] = spanOffsets(ctx, start(cell.children[0]), end(cell.children[cell.children.length - 1]));
      return { text: plain(cell).trim(), from, to };
    }),
  }));
  const schema =
    section === undefined
      ? undefined
      : ctx.kind.tables.find((t) => normalizeLabel(t.section) === normalizeLabel(section));
  addTable(ctx, { section, schema, range: ctx.lines.range(start(node), end(node)), rows });
}

/** Offsets of fenced code and raw HTML, where an ID is not a mention. */
function excludedSpans(tree: Root): Array<[number, number]> {
  const out: Array<[number, number]> = [];
  preorder(tree, (n) => {
    if (n.type === 'code' || n.type === 'html') {
      out.push([start(n), end(n)]);
      return false;
    }
  });
  return out.sort((a, b) => a[0] - b[0]);
}

function extractMentions(ctx: Ctx, tree: Root): void {
  addMentions(ctx, excludedSpans(tree));
}

/**
 * `<!-- roadmap-disable CODE... -->` (the whole document) and
 * `<!-- roadmap-disable-next-line CODE... -->` (the line after the comment's end).
 * No code means every rule.
 */
function extractSuppressions(ctx: Ctx, tree: Root): void {
  preorder(tree, (n) => {
    if (n.type === 'html') {
      // From the source, not n.value: inside a list item or a quote the value has its indentation removed.
      const source = ctx.text.slice(start(n), end(n));
      for (const m of source.matchAll(/<!--\s*roadmap-(disable-next-line|disable)\b([\s\S]*?)-->/g)) {
        const endOffset = start(n) + m.index! + m[0].length;
        ctx.doc.suppressions.push({
          scope: m[1] === 'disable' ? 'document' : 'next-line',
          line: ctx.lines.positionAt(endOffset).line + 1,
          codes: m[2].split(/[\s,]+/).filter(Boolean),
        });
      }
      return false;
    }
  });
}
