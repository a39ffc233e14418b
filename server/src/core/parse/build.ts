/**
 * Model building shared by both parsers (remark-based parse.ts and the structural
 * scan.ts): spans, and the overview facts derived from the fields. One copy, so
 * that both give the same model by construction.
 */
import { isPathLabel, type Competency, type Field, type Mention, type MentionKind, type Phase, type RoadmapDoc, type Table, type TableRow, type TextSpan } from '../model';
import type { Range } from '../text';
import { normalizeLabel } from '../schema/compile';
import type { CompiledSchema } from '../schema/compile';
import type { FieldRole, KindSchema } from '../schema/types';
import type { LineIndex } from '../text';
import { parseDuration, parseHours } from './duration';

export interface BuildCtx {
  text: string;
  lines: LineIndex;
  schema: CompiledSchema;
  kind: KindSchema;
  doc: RoadmapDoc;
}

const wsRe = /\s/;

/** `/\s/` on one character, without a regular expression for ASCII. */
function isWs(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return wsRe.test(text[i]);
}

/** Offsets with surrounding whitespace removed. */
export function trimSpan(text: string, from: number, to: number): [number, number] {
  while (from < to && isWs(text, from)) from++;
  while (to > from && isWs(text, to - 1)) to--;
  return [from, to];
}

/** HTML comments blanked out with spaces, so that offsets stay put. */
export function blankComments(s: string): string {
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
export function intern(s: string): string {
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

/** The offsets of the text between two offsets, trimmed, with HTML comments left out of its ends. */
export function spanOffsets(ctx: Pick<BuildCtx, 'text'>, from: number, to: number): [number, number] {
  const comment = ctx.text.indexOf('<!--', from);
  if (comment < 0 || comment >= to) return trimSpan(ctx.text, from, to);
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
export function addMentions(ctx: BuildCtx, excluded: ReadonlyArray<readonly [number, number]>): void {
  const fieldSpans = ctx.doc.fields
    .filter((f) => f.schema)
    .map((f) => ({ field: f, role: f.schema!.role, from: ctx.lines.offsetAt(f.valueRange.start), to: ctx.lines.offsetAt(f.valueRange.end) }))
    .sort((a, b) => a.from - b.from);
  eachMention(ctx.text, ctx.schema, excluded, fieldSpans, (id, at, kind, span) => {
    const mention: Mention = { id, range: ctx.lines.range(at, at + id.length), kind };
    if (span) mention.field = span.field.label;
    ctx.doc.mentions.push(mention);
  });
}

/**
 * Every ID in `text` outside the excluded spans, in text order, with its kind: the
 * first in an ID field defines, those in prerequisite and next fields are edges, the
 * rest references. `fields`: the value spans of the fields with a schema, sorted by
 * start. `addMentions` and the scanner's quick pass (`scanFacts`) both take mentions
 * from here.
 */
export function eachMention<S extends { from: number; to: number; role?: FieldRole }>(
  text: string,
  schema: CompiledSchema,
  excluded: ReadonlyArray<readonly [number, number]>,
  fields: readonly S[],
  visit: (id: string, at: number, kind: MentionKind, field: S | undefined) => void,
): void {
  let defined = false;
  let e = 0;
  let f = 0;
  for (const m of text.matchAll(schema.mentionRegex())) {
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
export function deriveOverview(ctx: BuildCtx): void {
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
export function splitList(ctx: BuildCtx, f: Field): TextSpan[] {
  return listItems(ctx, ctx.lines.offsetAt(f.valueRange.start), ctx.lines.offsetAt(f.valueRange.end)).map(([a, b]) => ({ text: intern(ctx.text.slice(a, b)), range: ctx.lines.range(a, b) }));
}

/** The offsets of the non-empty items of a list-like value between two offsets (see `splitList`). */
export function listItems(ctx: Pick<BuildCtx, 'text'>, from: number, to: number): Array<[number, number]> {
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
export function columnOf(header: readonly string[], name: string | undefined): number {
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

/** A cell as a parser reads it: its text (markup left out, trimmed) and the offsets of its trimmed source. */
export interface RawCell {
  text: string;
  from: number;
  to: number;
}

/** A table as a parser reads it: rows of raw cells, the header first. */
export interface RawTable {
  section?: string;
  schema?: Table['schema'];
  range: Range;
  rows: Array<{ range: Range; cells: RawCell[] }>;
}

/**
 * Adds a table to the model (cell texts only), and its rows as competencies or phases,
 * with the ranges of the cells they keep, when its schema says so.
 */
export function addTable(ctx: BuildCtx, raw: RawTable): void {
  if (raw.rows.length === 0) return;
  const compact = (r: RawTable['rows'][number]): TableRow => ({ range: r.range, cells: r.cells.map((c) => intern(c.text)) });
  const body = raw.rows.slice(1);
  const table: Table = { section: raw.section, schema: raw.schema, range: raw.range, header: compact(raw.rows[0]), rows: body.map(compact) };
  ctx.doc.tables.push(table);
  const schema = table.schema;
  const spanOf = (c: RawCell | undefined): TextSpan | undefined => c && { text: intern(c.text), range: ctx.lines.range(c.from, c.to) };
  const column = (name: string | undefined) => columnOf(table.header.cells, name);
  if (schema?.role === 'competencies') {
    const [nameCol, levelCol, evidenceCol, roleCol] = [schema.columns[0], schema.columns[1], schema.columns[2], schema.columns[3]].map(column);
    for (const row of body) {
      const name = row.cells[nameCol === -1 ? 0 : nameCol];
      if (!name || !name.text) continue;
      const c: Competency = { name: intern(name.text), range: ctx.lines.range(name.from, name.to) };
      if (levelCol >= 0 && row.cells[levelCol]) c.level = spanOf(row.cells[levelCol]);
      if (evidenceCol >= 0 && row.cells[evidenceCol]) c.evidence = spanOf(row.cells[evidenceCol]);
      if (roleCol >= 0 && row.cells[roleCol]) c.roles = spanOf(row.cells[roleCol]);
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
