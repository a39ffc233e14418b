/**
 * Model building shared by both parsers (remark-based parse.ts and the structural
 * scan.ts): spans, and the overview facts derived from the fields. One copy, so
 * that both give the same model by construction.
 */
import { isPathLabel, type Competency, type Field, type Mention, type Phase, type RoadmapDoc, type Table, type TableRow, type TextSpan } from '../model';
import type { Range } from '../text';
import { normalizeLabel } from '../schema/compile';
import type { CompiledSchema } from '../schema/compile';
import type { KindSchema } from '../schema/types';
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
export function spanOffsets(ctx: BuildCtx, from: number, to: number): [number, number] {
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
    .map((f) => ({ field: f, from: ctx.lines.offsetAt(f.valueRange.start), to: ctx.lines.offsetAt(f.valueRange.end) }))
    .sort((a, b) => a.from - b.from);
  const re = ctx.schema.mentionRegex();
  let defined = false;
  let e = 0;
  let f = 0;
  for (const m of ctx.text.matchAll(re)) {
    const at = m.index!;
    while (e < excluded.length && excluded[e][1] <= at) e++;
    if (e < excluded.length && excluded[e][0] <= at) continue;
    while (f < fieldSpans.length && fieldSpans[f].to <= at) f++;
    const inField = f < fieldSpans.length && fieldSpans[f].from <= at ? fieldSpans[f].field : undefined;
    const mention: Mention = { id: intern(m[0]), range: ctx.lines.range(at, at + m[0].length), kind: 'reference' };
    if (inField) {
      mention.field = inField.label;
      const role = inField.schema!.role;
      if (role === 'id' && !defined) {
        mention.kind = 'definition';
        defined = true;
      } else if (role === 'prerequisites') mention.kind = 'prerequisite';
      else if (role === 'next') mention.kind = 'next';
    }
    ctx.doc.mentions.push(mention);
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
  const from = ctx.lines.offsetAt(f.valueRange.start);
  const to = ctx.lines.offsetAt(f.valueRange.end);
  const value = ctx.text.slice(from, to);
  const out: TextSpan[] = [];
  for (const m of value.matchAll(/[^,;\r\n]+/g)) {
    const bullet = /^\s*(?:[-*+]|\d+[.)])\s+/.exec(m[0])?.[0].length ?? 0;
    const s = span(ctx, from + m.index! + bullet, from + m.index! + m[0].length);
    s.text = intern(s.text);
    if (s.text) out.push(s);
  }
  return out;
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
  let names: string[] | undefined;
  const column = (name: string) => (names ??= table.header.cells.map((c) => normalizeLabel(c))).indexOf(normalizeLabel(name));
  if (schema?.role === 'competencies') {
    const [nameCol, levelCol, roleCol] = [schema.columns[0], schema.columns[1], schema.columns[3]].map((c) => (c === undefined ? -1 : column(c)));
    for (const row of body) {
      const name = row.cells[nameCol === -1 ? 0 : nameCol];
      if (!name || !name.text) continue;
      const c: Competency = { name: intern(name.text), range: ctx.lines.range(name.from, name.to) };
      if (levelCol >= 0 && row.cells[levelCol]) c.level = spanOf(row.cells[levelCol]);
      if (roleCol >= 0 && row.cells[roleCol]) c.roles = spanOf(row.cells[roleCol]);
      ctx.doc.competencies.push(c);
    }
  } else if (schema?.role === 'phases') {
    const timeCol = schema.columns[2] === undefined ? -1 : column(schema.columns[2]);
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
