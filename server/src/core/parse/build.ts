/**
 * The one builder: a document's blocks (./ir.ts), as either parser reads them, to
 * its model (`buildModel`) and to the index's facts (`buildFacts`), and the helpers
 * both use (spans, mentions, tables, the overview). Both parsers give blocks, and
 * nothing else builds a model, so they agree on the model wherever they agree on
 * the blocks.
 */
import { emptyDoc, isPathLabel, type Competency, type Field, type Mention, type MentionKind, type Phase, type RoadmapDoc, type Section, type Table, type TableRow, type TextSpan } from '../model';
import type { Range } from '../text';
import { normalizeLabel } from '../schema/compile';
import type { CompiledSchema } from '../schema/compile';
import type { FieldRole, FieldSchema, KindSchema, SectionSchema } from '../schema/types';
import type { LineIndex } from '../text';
import { factsFrom, NO_FACTS, type IndexFacts } from '../index/facts';
import { parseDuration, parseHours } from './duration';
import type { BlockIR, CellBlock, FieldBlock, RowBlock } from './ir';
import { isWs } from './scan/chars';

interface BuildCtx {
  text: string;
  lines: LineIndex;
  schema: CompiledSchema;
  kind: KindSchema;
  doc: RoadmapDoc;
}

/** Offsets with surrounding whitespace removed. */
export function trimSpan(text: string, from: number, to: number): [number, number] {
  while (from < to && isWs(text, from)) from++;
  while (to > from && isWs(text, to - 1)) to--;
  return [from, to];
}

/** The offsets of a strong label's text, between `**` at `strongStart` and the end of the closing `**` at `strongEnd`: trimmed, trailing colons left out. */
function labelSpan(text: string, strongStart: number, strongEnd: number): [number, number] {
  const span = trimSpan(text, strongStart + 2, strongEnd - 2);
  while (span[1] > span[0] && text.charCodeAt(span[1] - 1) === 58 /* : */) span[1]--;
  return trimSpan(text, span[0], span[1]);
}

/** HTML comments blanked out with spaces, so that offsets stay put. */
function blankComments(s: string): string {
  return s.includes('<!--') ? s.replace(/<!--[\s\S]*?(?:-->|$)/g, (m) => m.replace(/[^\r\n]/g, ' ')) : s;
}

/**
 * A copy of a string that does not hold on to the text it was cut from. V8 keeps a
 * slice of 13 or more characters as a view of its whole source; the model outlives
 * the document's text (10,000 documents are held at once), so every string it keeps
 * goes through here. Shorter slices are copies already.
 */
export function own(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

/** Strings that many documents repeat (labels, section names, headers, roles, levels), one copy each. */
const pool = new Map<string, string>();
const POOL_MAX = 100_000;

/** `own(s)`, shared with every other document that has the same short string. */
function intern(s: string): string {
  if (s.length > 80) return own(s);
  let v = pool.get(s);
  if (v === undefined) {
    v = own(s);
    // Typing adds a string per keystroke: when the pool is full it starts afresh (the
    // strings in use stay, shared no further), so it never grows without bound.
    if (pool.size >= POOL_MAX) pool.clear();
    pool.set(v, v);
  }
  return v;
}

/** Whether `<!--` starts between two offsets (searched there only, not to the end of the text). */
function hasComment(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === 60 /* < */ && text.startsWith('<!--', i)) return true;
  return false;
}

/** The offsets of the text between two offsets, trimmed, with HTML comments left out of its ends. */
export function spanOffsets(ctx: Pick<BuildCtx, 'text'>, from: number, to: number): [number, number] {
  // Looked for between the offsets only: an `indexOf` to the end of the text, once per
  // cell, made a large table cost the square of its size.
  if (!hasComment(ctx.text, from, to)) return trimSpan(ctx.text, from, to);
  const raw = blankComments(ctx.text.slice(from, to));
  const [a, b] = trimSpan(raw, 0, raw.length);
  return [from + a, from + b];
}

/** The text between two offsets, trimmed, with HTML comments left out of its ends. */
export function span(ctx: BuildCtx, from: number, to: number): TextSpan {
  const [a, b] = spanOffsets(ctx, from, to);
  return { text: own(ctx.text.slice(a, b)), range: ctx.lines.range(a, b) };
}

/**
 * Every ID written in the text, outside the excluded spans (code and raw HTML, sorted
 * by start, disjoint): its kind from the schema field holding it (the ID field's first
 * ID defines the document; prerequisite and next fields give edges), else a reference.
 * Matches come in text order, as both span lists are: one pointer each.
 */
function addMentions(ctx: BuildCtx, excluded: ReadonlyArray<readonly [number, number]>): void {
  const fieldSpans = ctx.doc.fields
    .filter((f) => f.schema)
    .map((f) => ({ field: f, role: f.schema!.role, from: ctx.lines.offsetAt(f.valueRange.start), to: ctx.lines.offsetAt(f.valueRange.end) }))
    .sort((a, b) => a.from - b.from);
  eachMention(ctx.text, ctx.schema, excluded, fieldSpans, (id, at, kind, span) => {
    // Built whole (a property added later costs each of 100,000 mentions a property array).
    const range = ctx.lines.range(at, at + id.length);
    const mention: Mention = span ? { id, range, kind, field: span.field.label } : { id, range, kind };
    ctx.doc.mentions.push(mention);
  });
}

/**
 * Every ID in `text` outside the excluded spans, in text order, with its kind: the
 * first in an ID field defines, those in prerequisite and next fields are edges, the
 * rest references. `fields`: the value spans of the fields with a schema, sorted by
 * start. `addMentions` (the model) and `buildFacts` (the facts) both take mentions
 * from here.
 */
function eachMention<S extends { from: number; to: number; role?: FieldRole }>(
  text: string,
  schema: CompiledSchema,
  excluded: ReadonlyArray<readonly [number, number]>,
  fields: readonly S[],
  visit: (id: string, at: number, kind: MentionKind, field: S | undefined) => void,
): void {
  let defined = false;
  let e = 0;
  let f = 0;
  for (const m of text.matchAll(schema.candidateRegex())) {
    if (!schema.idKind(m[0])) continue;
    const at = m.index!;
    while (e < excluded.length && excluded[e][1] <= at) e++;
    if (e < excluded.length && excluded[e][0] <= at) continue;
    while (f < fields.length && fields[f].to <= at) f++;
    const field = f < fields.length && fields[f].from <= at ? fields[f] : undefined;
    let kind: MentionKind = 'reference';
    if (field) {
      if (field.role === 'id' && !defined) {
        kind = 'definition';
        defined = true;
      } else if (field.role === 'prerequisites') kind = 'prerequisite';
      else if (field.role === 'next') kind = 'next';
    }
    visit(intern(m[0]), at, kind, field);
  }
}

/** Fills the ID, title, roles and duration from the overview fields. */
function deriveOverview(ctx: BuildCtx): void {
  const { doc, schema, kind } = ctx;
  for (const f of doc.fields) {
    const role = f.schema?.role;
    if (!role) continue;
    if (role === 'id' && !doc.idField) {
      doc.idField = { text: f.value, range: f.valueRange };
      if (schema.isValidId(kind, f.value)) doc.id = f.value;
      // An invalid ID defines nothing and refers to nothing: invalid-id says all.
      else doc.mentions = doc.mentions.filter((m) => m.kind !== 'definition');
    } else if (role === 'title' && doc.title === undefined) doc.title = f.value;
    else if (role === 'roles' && doc.roles.length === 0) doc.roles = splitList(ctx, f);
    else if (role === 'duration' && !doc.duration) doc.duration = { text: f.value, range: f.valueRange, ...parseDuration(f.value) };
  }
  // The mentions are extracted by now: only what is read later stays (see `Field`).
  if (doc.fields.some((f) => !f.inOverview && !isPathLabel(f.label))) doc.fields = doc.fields.filter((f) => f.inOverview || isPathLabel(f.label));
}

/**
 * The items of a list-like field value, each with its range: separated by commas,
 * semicolons or line breaks (nested bullets), bullet markers left out.
 */
function splitList(ctx: BuildCtx, f: Field): TextSpan[] {
  return listItems(ctx, ctx.lines.offsetAt(f.valueRange.start), ctx.lines.offsetAt(f.valueRange.end)).map(([a, b]) => ({ text: intern(ctx.text.slice(a, b)), range: ctx.lines.range(a, b) }));
}

/** The offsets of the non-empty items of a list-like value between two offsets (see `splitList`). */
function listItems(ctx: Pick<BuildCtx, 'text'>, from: number, to: number): Array<[number, number]> {
  const value = ctx.text.slice(from, to);
  const out: Array<[number, number]> = [];
  for (const m of value.matchAll(/[^,;\r\n]+/g)) {
    const bullet = /^\s*(?:[-*+]|\d+[.)])\s+/.exec(m[0])?.[0].length ?? 0;
    const [a, b] = spanOffsets(ctx, from + m.index! + bullet, from + m.index! + m[0].length);
    if (b > a) out.push([a, b]);
  }
  return out;
}

/** The index of a table column by its name among the header's cells (normalized labels), or -1. */
function columnOf(header: readonly string[], name: string | undefined): number {
  return name === undefined ? -1 : header.map((c) => normalizeLabel(c)).indexOf(normalizeLabel(name));
}

/**
 * YAML front matter (`---` first line … `---` or `...` line) turned into blank
 * lines, so that neither parser reads it as markdown (a thematic break and a
 * setext heading) and IDs in it are not mentions. Offsets and lines stay put.
 */
export function maskFrontMatter(text: string): string {
  const bom = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  if (!text.startsWith('---', bom)) return text;
  const first = /^---[ \t]*\r?\n/.exec(text.slice(bom));
  if (!first) return text;
  const close = /^(?:---|\.\.\.)[ \t]*$/m;
  const rest = text.slice(bom + first[0].length);
  const m = close.exec(rest);
  if (!m) return text;
  const end = bom + first[0].length + m.index + m[0].length;
  return text.slice(0, bom) + text.slice(bom, end).replace(/[^\r\n]/g, ' ') + text.slice(end);
}

/** A table as the builder reads it: rows of cells, the header first. */
interface RawTable {
  section?: string;
  schema?: Table['schema'];
  range: Range;
  rows: Array<{ range: Range; cells: CellBlock[] }>;
}

/**
 * Adds a table to the model (cell texts only), and its rows as competencies or phases,
 * with the ranges of the cells they keep, when its schema says so.
 */
function addTable(ctx: BuildCtx, raw: RawTable): void {
  if (raw.rows.length === 0) return;
  const compact = (r: RawTable['rows'][number]): TableRow => ({ range: r.range, cells: r.cells.map((c) => intern(c.text)) });
  const body = raw.rows.slice(1);
  const table: Table = { section: raw.section, schema: raw.schema, range: raw.range, header: compact(raw.rows[0]), rows: body.map(compact) };
  ctx.doc.tables.push(table);
  const schema = table.schema;
  const spanOf = (c: CellBlock | undefined): TextSpan | undefined => c && { text: intern(c.text), range: ctx.lines.range(c.from, c.to) };
  const column = (name: string | undefined) => columnOf(table.header.cells, name);
  if (schema?.role === 'competencies') {
    const [nameCol, levelCol, evidenceCol, roleCol] = [schema.columns[0], schema.columns[1], schema.columns[2], schema.columns[3]].map(column);
    for (const row of body) {
      const name = row.cells[nameCol === -1 ? 0 : nameCol];
      if (!name || !name.text) continue;
      const level = levelCol >= 0 && row.cells[levelCol] ? spanOf(row.cells[levelCol]) : undefined;
      const evidence = evidenceCol >= 0 && row.cells[evidenceCol] ? spanOf(row.cells[evidenceCol]) : undefined;
      const roles = roleCol >= 0 && row.cells[roleCol] ? spanOf(row.cells[roleCol]) : undefined;
      const range = ctx.lines.range(name.from, name.to);
      // The usual row (every cell there) built whole, as mentions are; others as their cells are.
      const c: Competency = level && evidence && roles ? { name: intern(name.text), range, level, evidence, roles } : { name: intern(name.text), range };
      if (!(level && evidence && roles)) {
        if (level) c.level = level;
        if (evidence) c.evidence = evidence;
        if (roles) c.roles = roles;
      }
      ctx.doc.competencies.push(c);
    }
  } else if (schema?.role === 'phases') {
    const timeCol = column(schema.columns[2]);
    for (const row of body) {
      const phase: Phase = { name: intern(row.cells[0]?.text ?? '') };
      const time = timeCol >= 0 ? spanOf(row.cells[timeCol]) : undefined;
      if (time) {
        phase.time = time;
        phase.hours = parseHours(time.text);
      }
      ctx.doc.phases.push(phase);
    }
  }
}

// --- the builder ---------------------------------------------------------------------

// Field labels and section names repeat from document to document: their schema
// look-ups are pure functions, kept once computed.
type Lookups = { fields: Map<string, FieldSchema | undefined>; sections: Map<string, SectionSchema | undefined> };
const lookups = new WeakMap<CompiledSchema, WeakMap<KindSchema, Lookups>>();
function lookupsOf(schema: CompiledSchema, kind: KindSchema): Lookups {
  let bySchema = lookups.get(schema);
  if (!bySchema) lookups.set(schema, (bySchema = new WeakMap()));
  let l = bySchema.get(kind);
  if (!l) bySchema.set(kind, (l = { fields: new Map(), sections: new Map() }));
  return l;
}
/** `compute(key)`, kept in `memo` (emptied when it holds 4,096). */
function cached<V>(memo: Map<string, V>, key: string, compute: (key: string) => V): V {
  if (memo.has(key)) return memo.get(key)!;
  const v = compute(key);
  if (memo.size >= 4096) memo.clear();
  memo.set(key, v);
  return v;
}
function matchField(schema: CompiledSchema, kind: KindSchema, label: string): FieldSchema | undefined {
  return cached(lookupsOf(schema, kind).fields, label, (l) => schema.matchField(kind, l));
}
function matchSection(schema: CompiledSchema, kind: KindSchema, name: string): SectionSchema | undefined {
  return cached(lookupsOf(schema, kind).sections, name, (n) => schema.matchSection(kind, n));
}

/** The kind the first H1 names, if any. */
function kindOf(ir: BlockIR, schema: CompiledSchema): { kind: KindSchema; h1: BlockIR['blocks'][number] & { type: 'heading' } } | undefined {
  for (const b of ir.blocks) {
    if (b.type === 'heading' && b.depth === 1) {
      const kind = schema.kindByTitle(b.text);
      return kind && { kind, h1: b };
    }
  }
  return undefined;
}

function isOverview(kind: KindSchema, section: string | undefined): boolean {
  return section !== undefined && normalizeLabel(section) === normalizeLabel(kind.overviewSection);
}

/** The table schema of a section, if its kind has one. */
function tableSchema(kind: KindSchema, section: string | undefined): Table['schema'] {
  return section === undefined ? undefined : kind.tables.find((t) => normalizeLabel(t.section) === normalizeLabel(section));
}

/** The model of a document from its blocks. */
export function buildModel(uri: string, ir: BlockIR, schema: CompiledSchema): RoadmapDoc {
  const { text, lines } = ir;
  const doc = emptyDoc(uri, lines.lineCount);
  const found = kindOf(ir, schema);
  if (!found) return doc;
  const { kind, h1 } = found;
  doc.kind = kind;
  doc.h1 = { text: intern(h1.text.trim()), range: lines.range(h1.start, h1.end) };
  const ctx: BuildCtx = { text, lines, schema, kind, doc };

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
  for (const block of ir.blocks) {
    if (block.type === 'heading') {
      finish();
      if (block.depth === 2) {
        const name = intern(block.text.trim());
        const range = lines.range(block.start, block.end);
        current = { section: { name, schema: matchSection(schema, kind, name), headingRange: range, range, hasContent: false }, from: block.start, last: -1, content: false };
      }
      continue;
    }
    const sectionName = current?.section.name;
    if (sectionName !== overviewFor) {
      overviewFor = sectionName;
      inOverview = isOverview(kind, sectionName);
    }
    if (current) {
      current.last = block.end;
      if (!(block.type === 'other' && block.comments)) current.content = true;
    }
    if (block.type === 'list') {
      for (const f of block.fields) doc.fields.push(fieldOf(ctx, f, sectionName, inOverview));
    } else if (block.type === 'table') {
      addTable(ctx, { section: sectionName, schema: tableSchema(kind, sectionName), range: lines.range(block.start, block.end), rows: block.rows.map((r: RowBlock) => ({ range: lines.range(r.start, r.end), cells: r.cells })) });
    }
  }
  finish();

  addMentions(ctx, ir.excluded);
  addSuppressions(ctx, ir.html);
  deriveOverview(ctx);
  return doc;
}

function fieldOf(ctx: BuildCtx, f: FieldBlock, section: string | undefined, inOverview: boolean): Field {
  const label = intern(f.label);
  const value = span(ctx, f.colon, f.end);
  return {
    label,
    labelRange: ctx.lines.range(...labelSpan(ctx.text, f.strongStart, f.strongEnd)),
    schema: inOverview ? matchField(ctx.schema, ctx.kind, label) : undefined,
    value: value.text,
    valueRange: value.text ? value.range : { start: ctx.lines.positionAt(f.colon), end: ctx.lines.positionAt(f.colon) },
    section,
    inOverview,
  };
}

/**
 * `<!-- roadmap-disable CODE... -->` (the whole document) and
 * `<!-- roadmap-disable-next-line CODE... -->` (the line after the comment's end).
 * No code means every rule.
 */
function addSuppressions(ctx: BuildCtx, html: BlockIR['html']): void {
  for (const n of html) {
    if (!n.value.includes('roadmap-')) continue;
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

/**
 * What `buildModel` gives, reduced to the index's facts (`factsOf`), without the
 * model: the same walk over the blocks and the same helpers for offsets; no ranges,
 * sections, fields or tables. Equal to `factsOf(buildModel(...))` (test/unit/scan.test.ts).
 */
export function buildFacts(ir: BlockIR, schema: CompiledSchema): IndexFacts {
  const found = kindOf(ir, schema);
  if (!found) return NO_FACTS;
  const { kind } = found;
  const { text } = ir;
  /** Overview fields with a schema, in document order: role and value offsets. */
  const fields: Array<{ role: FieldRole | undefined; from: number; to: number }> = [];
  const competencies: string[] = [];
  let section: string | undefined;
  let overviewFor: string | undefined;
  let inOverview = false;
  for (const block of ir.blocks) {
    if (block.type === 'heading') {
      section = block.depth === 2 ? block.text.trim() : undefined;
      continue;
    }
    if (section !== overviewFor) {
      overviewFor = section;
      inOverview = isOverview(kind, section);
    }
    if (block.type === 'list') {
      if (!inOverview) continue;
      for (const f of block.fields) {
        const field = matchField(schema, kind, f.label);
        if (!field) continue;
        const [from, to] = spanOffsets(ir, f.colon, f.end);
        fields.push({ role: field.role, from, to });
      }
    } else if (block.type === 'table' && block.rows.length > 0) {
      // A competency table's row names, as addTable takes them.
      const t = tableSchema(kind, section);
      if (t?.role !== 'competencies') continue;
      const first = columnOf(block.rows[0].cells.map((c) => c.text), t.columns[0]);
      const nameCol = first === -1 ? 0 : first;
      for (let r = 1; r < block.rows.length; r++) {
        const name = block.rows[r].cells[nameCol]?.text;
        if (name) competencies.push(intern(name));
      }
    }
  }

  // The mentions, as addMentions takes them.
  const mentions: Array<{ id: string; kind: MentionKind }> = [];
  eachMention(text, schema, ir.excluded, fields, (id, _at, kind) => mentions.push({ id, kind }));

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
    } else if (field.role === 'roles' && roles.length === 0) roles = listItems(ir, field.from, field.to).map(([a, b]) => intern(text.slice(a, b)));
  }
  return factsFrom({ kind, id }, mentions, competencies, roles);
}
