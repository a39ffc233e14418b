/**
 * Model building shared by both parsers (remark-based parse.ts and the structural
 * scan.ts): spans, and the overview facts derived from the fields. One copy, so
 * that both give the same model by construction.
 */
import type { Competency, Field, Phase, RoadmapDoc, Table, TextSpan } from '../model';
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

/** The text between two offsets, trimmed, with HTML comments left out of its ends. */
export function span(ctx: BuildCtx, from: number, to: number): TextSpan {
  const raw = blankComments(ctx.text.slice(from, to));
  const [a, b] = trimSpan(raw, 0, raw.length);
  return { text: ctx.text.slice(from + a, from + b), range: ctx.lines.range(from + a, from + b) };
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

/** Adds a table to the model, and its rows as competencies or phases when its schema says so. */
export function addTable(ctx: BuildCtx, table: Table): void {
  ctx.doc.tables.push(table);
  const schema = table.schema;
  let names: string[] | undefined;
  const column = (name: string) => (names ??= table.header.cells.map((c) => normalizeLabel(c.text))).indexOf(normalizeLabel(name));
  if (schema?.role === 'competencies') {
    const [nameCol, levelCol, roleCol] = [schema.columns[0], schema.columns[1], schema.columns[3]].map((c) => (c === undefined ? -1 : column(c)));
    for (const row of table.rows) {
      const name = row.cells[nameCol === -1 ? 0 : nameCol];
      if (!name || !name.text) continue;
      const c: Competency = { name: name.text, range: name.range };
      if (levelCol >= 0 && row.cells[levelCol]) c.level = row.cells[levelCol];
      if (roleCol >= 0 && row.cells[roleCol]) c.roles = row.cells[roleCol];
      ctx.doc.competencies.push(c);
    }
  } else if (schema?.role === 'phases') {
    const timeCol = schema.columns[2] === undefined ? -1 : column(schema.columns[2]);
    for (const row of table.rows) {
      const phase: Phase = { name: row.cells[0]?.text ?? '' };
      const time = timeCol >= 0 ? row.cells[timeCol] : undefined;
      if (time) {
        phase.time = time;
        phase.hours = parseHours(time.text);
      }
      ctx.doc.phases.push(phase);
    }
  }
}
