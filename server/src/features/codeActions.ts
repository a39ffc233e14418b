/**
 * Quick fixes for the rules that have an obvious repair, and "fix all" for the
 * ones that touch only the document itself. Every fix is a workspace edit: the
 * server never writes a file.
 */
import {
  CodeActionKind,
  type CodeAction,
  type Diagnostic,
  type Position,
  type Range,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver';
import { analyticsOf } from '../core/analytics';
import { levelRank } from '../core/analytics/summary';
import { compareIds } from '../core/ids';
import { edgeTargets, type Competency, type Field, type Mention, type RoadmapDoc } from '../core/model';
import { topLevels } from '../core/rules/proficiencyJump';
import type { FieldData, LevelData } from '../core/rules/types';
import { normalizeLabel } from '../core/schema/compile';
import type { KindSchema } from '../core/schema/types';
import { competencyFor, documentTemplate, fieldLine, indexNodes, nextFreeId, sectionText, type FieldValues } from '../core/templates';
import { LineIndex, rangeContains } from '../core/text';
import { addFieldAlias } from './configEdits';
import type { FeatureContext } from './context';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.roadmap`;

export interface CodeActionOptions {
  /** The client can create files in a workspace edit. */
  canCreateFiles: boolean;
  /** The kinds the client asked for, if it narrowed them. */
  only?: string[];
}

function wants(kind: string, only: string[] | undefined): boolean {
  return !only || only.some((o) => kind === o || kind.startsWith(o + '.'));
}

/**
 * The fixes for the diagnostics an editor sends with the request (those overlapping the
 * range it asks about, as LSP says), and fix all when asked for it; the range itself
 * decides nothing more.
 */
export function codeActions(ctx: FeatureContext, uri: string, _range: Range, diagnostics: Diagnostic[], options: CodeActionOptions): CodeAction[] {
  const doc = ctx.ws.get(uri);
  const text = ctx.text(uri);
  if (!doc?.kind || text === undefined) return [];
  const lines = new LineIndex(text);
  const ours = diagnostics.filter((d) => d.source === 'roadmap');
  const out: CodeAction[] = [];

  if (wants(CodeActionKind.QuickFix, options.only)) {
    const byCode = (code: string) => ours.filter((d) => d.code === code);

    const sections = byCode('missing-section');
    if (sections.length) {
      const edits = insertMissingSections(ctx, doc, lines);
      if (edits.length) out.push(fix(`Insert the missing section${edits.length > 1 ? 's' : ''} in schema order`, uri, edits, sections, true));
    }

    const fields = byCode('missing-field');
    for (const d of fields) {
      const label = (d.data as FieldData | undefined)?.field;
      const field = doc.kind.fields.find((f) => f.label === label);
      const edit = field && insertField(ctx, doc, lines, [field]);
      if (edit) out.push(fix(`Add the field "${field.label}"`, uri, edit, [d], fields.length === 1 && !(d.data as FieldData).unknown));
    }
    out.push(...labelFixes(ctx, doc, uri, [...fields, ...byCode('unknown-field')], options.canCreateFiles));
    if (fields.length > 1) {
      const edit = insertField(ctx, doc, lines, missingFields(doc));
      if (edit) out.push(fix('Add every missing overview field', uri, edit, fields, true));
    }

    for (const d of byCode('duration-mismatch')) {
      const edit = correctDuration(doc, lines, d.range);
      if (edit) out.push(fix(`Set the duration to ${edit.newText} hours, the sum of its parts`, uri, [edit], [d], true));
    }

    // A diagnostic's mention, found by where it starts (a line can hold thousands of mentions).
    const mentionsAt = new Map<string, Mention[]>();
    for (const m of doc.mentions) {
      const key = `${m.range.start.line}:${m.range.start.character}`;
      const list = mentionsAt.get(key);
      if (list) list.push(m);
      else mentionsAt.set(key, [m]);
    }
    const mentionOf = (d: Diagnostic, ok: (m: Mention) => boolean): Mention | undefined =>
      mentionsAt.get(`${d.range.start.line}:${d.range.start.character}`)?.find(ok) ?? doc.mentions.find((m) => rangeContains(m.range, d.range.start) && ok(m));

    if (options.canCreateFiles) {
      // One "Create" per unknown ID, with every diagnostic it answers.
      const stubs = new Map<string, { mention: Mention; diagnostics: Diagnostic[] }>();
      for (const d of byCode('unknown-reference')) {
        const mention = mentionOf(d, (m) => m.kind !== 'definition');
        if (!mention) continue;
        const seen = stubs.get(mention.id);
        if (seen) seen.diagnostics.push(d);
        else stubs.set(mention.id, { mention, diagnostics: [d] });
      }
      for (const { mention, diagnostics: answered } of stubs.values()) {
        const stub = createStub(ctx, doc, mention.id, mention.kind);
        if (stub) out.push({ title: `Create ${stub.file} for ${mention.id}`, kind: CodeActionKind.QuickFix, diagnostics: answered, edit: stub.edit });
      }
    }

    for (const d of byCode('proficiency-regression')) {
      const a = raiseLevel(doc, uri, d);
      if (a) out.push(a);
    }
    for (const d of byCode('proficiency-jump')) out.push(...jumpFixes(ctx, doc, uri, d));

    for (const d of byCode('missing-reciprocal')) {
      const mention = mentionOf(d, (m) => m.kind === 'prerequisite' || m.kind === 'next');
      const edit = mention && reciprocal(ctx, doc, mention.id, mention.kind as 'prerequisite' | 'next');
      if (edit) out.push({ title: edit.title, kind: CodeActionKind.QuickFix, diagnostics: [d], isPreferred: true, edit: edit.edit });
    }
  }

  // "Fix all" is a source action: offered when the client asks for source actions, not on the light bulb.
  if (options.only && wants(FIX_ALL_KIND, options.only)) {
    const all = fixAll(ctx, doc, lines);
    if (all.length) out.push({ title: 'Fix all roadmap problems in this document', kind: FIX_ALL_KIND, edit: { changes: { [uri]: all } } });
  }
  return out;
}

/**
 * A missing field written under a label no field knows: rename the label to the
 * field's, or add it to the field's aliases in roadmap.config.json. One of each per
 * pair, for the missing-field and the unknown-field diagnostic of it alike.
 */
function labelFixes(ctx: FeatureContext, doc: RoadmapDoc, uri: string, diagnostics: Diagnostic[], canCreateFiles: boolean): CodeAction[] {
  const pairs = new Map<string, { data: Required<FieldData>; diagnostics: Diagnostic[] }>();
  for (const d of diagnostics) {
    const data = d.data as FieldData | undefined;
    if (!data?.field || !data.unknown || data.kind !== doc.kind!.key) continue;
    // Only while the label is still where the diagnostic saw it.
    const { label, range } = data.unknown;
    if (!doc.fields.some((f) => f.inOverview && !f.schema && f.label === label && rangeEquals(f.labelRange, range))) continue;
    const key = `${data.field}\n${label}\n${range.start.line}:${range.start.character}`;
    const pair = pairs.get(key) ?? { data: data as Required<FieldData>, diagnostics: [] };
    pair.diagnostics.push(d);
    pairs.set(key, pair);
  }
  const out: CodeAction[] = [];
  if (pairs.size === 0) return out;
  // Read (from the editor or the disk) only when there is a label to fix.
  const config = ctx.configFile?.();
  for (const { data, diagnostics: ds } of pairs.values()) {
    const { field, unknown } = data;
    out.push(fix(`Rename "${unknown.label}" to "${field}"`, uri, [{ range: unknown.range, newText: field }], ds, true));
    const edit = config && addFieldAlias(config, data.kind, field, unknown.label, canCreateFiles);
    if (edit) {
      out.push({
        title: `Add "${unknown.label}" to the aliases of "${field}" in ${ctx.describe(config.uri)}${config.text === undefined ? ' (a new file)' : ''}`,
        kind: CodeActionKind.QuickFix,
        diagnostics: ds,
        edit,
      });
    }
  }
  return out;
}

function rangeEquals(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}

function fix(title: string, uri: string, edits: TextEdit[], diagnostics: Diagnostic[], isPreferred: boolean): CodeAction {
  return { title, kind: CodeActionKind.QuickFix, diagnostics, isPreferred, edit: { changes: { [uri]: edits } } };
}

/** The values a generated field gets in this document: a fresh ID, its roles. */
function valuesFor(ctx: FeatureContext, doc: RoadmapDoc): FieldValues {
  const kind = doc.kind!;
  return {
    id: doc.id ?? nextFreeId(indexNodes(ctx.ws.index), kind, doc.roles[0]?.text),
    title: doc.title,
    roles: doc.roles.map((r) => r.text).join(', ') || undefined,
  };
}

/** Every missing required section, each inserted before the next present section of the schema (or at the end). */
export function insertMissingSections(ctx: FeatureContext, doc: RoadmapDoc, lines: LineIndex): TextEdit[] {
  const kind = doc.kind!;
  const present = new Map(doc.sections.filter((s) => s.schema).map((s) => [s.schema!, s]));
  const values = valuesFor(ctx, doc);
  const inserts = new Map<number, string[]>(); // line to insert before (or -1: the end) -> texts
  kind.sections.forEach((section, i) => {
    if (!section.required || present.has(section)) return;
    const next = kind.sections.slice(i + 1).find((s) => present.has(s));
    const line = next ? present.get(next)!.headingRange.start.line : -1;
    inserts.set(line, [...(inserts.get(line) ?? []), sectionText(kind, section, values)]);
  });
  const edits: TextEdit[] = [];
  for (const [line, texts] of inserts) {
    if (line >= 0) {
      const at = { line, character: 0 };
      edits.push({ range: { start: at, end: at }, newText: texts.map((t) => t + '\n').join('') });
    } else {
      const end = lines.positionAt(lines.text.length);
      const lead = lines.text.length === 0 ? '' : lines.text.endsWith('\n\n') ? '' : lines.text.endsWith('\n') ? '\n' : '\n\n';
      edits.push({ range: { start: end, end }, newText: lead + texts.join('\n') });
    }
  }
  return edits;
}

function missingFields(doc: RoadmapDoc) {
  const present = new Set(doc.fields.map((f) => f.schema));
  return doc.kind!.fields.filter((f) => f.required && !present.has(f));
}

/** Inserts fields into the overview, each after the last present field that precedes it in the schema. */
function insertField(ctx: FeatureContext, doc: RoadmapDoc, lines: LineIndex, fields: KindSchema['fields']): TextEdit[] | undefined {
  const kind = doc.kind!;
  const overview = doc.sections.find((s) => normalizeLabel(s.name) === normalizeLabel(kind.overviewSection));
  if (!overview || fields.length === 0) return undefined;
  const values = valuesFor(ctx, doc);
  const overviewFields = doc.fields.filter((f) => f.inOverview && f.schema);
  const edits = new Map<string, { at: Position; before: boolean; lines: string[] }>();
  for (const field of fields) {
    const order = kind.fields.indexOf(field);
    const previous = [...overviewFields].reverse().find((f) => kind.fields.indexOf(f.schema!) < order);
    let at: Position;
    let before = false;
    if (previous) at = { line: previous.valueRange.end.line, character: lines.lineText(previous.valueRange.end.line).length };
    else if (overviewFields.length) {
      at = { line: overviewFields[0].labelRange.start.line, character: 0 };
      before = true;
    } else at = { line: overview.headingRange.end.line, character: lines.lineText(overview.headingRange.end.line).length };
    const key = `${at.line}:${at.character}:${before}`;
    const entry = edits.get(key) ?? { at, before, lines: [] };
    entry.lines.push(fieldLine(field, values));
    edits.set(key, entry);
  }
  return [...edits.values()].map(({ at, before, lines: ls }) => ({
    range: { start: at, end: at },
    newText: before ? ls.map((l) => l + '\n').join('') : (overviewFields.length ? '' : '\n') + ls.map((l) => '\n' + l).join(''),
  }));
}

/** Replaces a duration's total with the sum of its parts (or of the phases). */
function correctDuration(doc: RoadmapDoc, lines: LineIndex, near: Range): TextEdit | undefined {
  const d = doc.duration;
  if (!d || d.total === undefined || !rangeContains(d.range, near.start)) return undefined;
  const sum = (values: number[]) => Math.round(values.reduce((a, b) => a + b, 0) * 1000) / 1000;
  let target: number | undefined;
  if (d.parts && sum(d.parts.map((p) => p.hours)) !== d.total) target = sum(d.parts.map((p) => p.hours));
  else if (doc.phases.length && doc.phases.every((p) => p.hours !== undefined)) target = sum(doc.phases.map((p) => p.hours!));
  if (target === undefined) return undefined;
  const start = lines.offsetAt(d.range.start);
  const number = /^\s*\d+(?:\.\d+)?/.exec(d.text)![0];
  const lead = number.length - number.trimStart().length;
  return { range: lines.range(start + lead, start + number.length), newText: String(target) };
}

/** A new document for an unknown ID, beside documents of the same kind and role, linked back to the referrer. */
function createStub(ctx: FeatureContext, from: RoadmapDoc, id: string, how: string): { file: string; edit: WorkspaceEdit } | undefined {
  const kind = ctx.ws.schema.kindOfId(id);
  if (!kind) return undefined;
  const roles = from.roles.map((r) => r.text.toLowerCase());
  let sibling: RoadmapDoc | undefined;
  for (const d of ctx.ws.index.all()) {
    if (d.kind !== kind || !d.id) continue;
    if (d.roles.some((r) => roles.includes(r.text.toLowerCase()))) {
      sibling = d;
      break;
    }
    sibling ??= d;
  }
  const folder = (sibling ?? from).uri.replace(/\/[^/]*$/, '');
  let name = `${id.toLowerCase()}.md`;
  for (let i = 2; [...ctx.ws.index.uris()].includes(`${folder}/${name}`); i++) name = `${id.toLowerCase()}-${i}.md`;
  const uri = `${folder}/${name}`;
  const role = from.roles[0]?.text;
  // The whole template of the kind (as the new-document commands write it), linked back
  // so that the new document leaves no missing-reciprocal behind.
  const text = documentTemplate({
    kind,
    id,
    role,
    competency: competencyFor(indexNodes(ctx.ws.index), role),
    levels: ctx.ws.schema.schema.proficiencyLevels,
    next: from.id && how === 'prerequisite' ? from.id : undefined,
    prerequisites: from.id && how === 'next' ? from.id : undefined,
  });
  return {
    file: ctx.describe(uri),
    edit: {
      documentChanges: [
        { kind: 'create', uri, options: { ignoreIfExists: true } },
        { textDocument: { uri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText: text }] },
      ],
    },
  };
}

/** Adds `from` to the far document's prerequisites (for a next edge) or next modules (for a prerequisite edge). */
function reciprocal(ctx: FeatureContext, from: RoadmapDoc, id: string, how: 'prerequisite' | 'next'): { title: string; edit: WorkspaceEdit } | undefined {
  if (!from.id) return undefined;
  const role = how === 'next' ? 'prerequisites' : 'next';
  const other = ctx.ws.index.definitions(id).find((d) => !edgeTargets(d, how === 'next' ? 'prerequisite' : 'next').includes(from.id!));
  const field = other?.fields.find((f) => f.schema?.role === role);
  if (!other || !field) return undefined;
  return {
    title: `Add ${from.id} to ${id}'s ${field.label}`,
    edit: { changes: { [other.uri]: [appendId(field, from.id)] } },
  };
}

/** Adds an ID to a list field's value: in place of `None` (or an empty value), else after a comma. */
function appendId(field: Field, id: string): TextEdit {
  const empty = field.value === '' || /^(none|n\/a|-|—)\.?$/i.test(field.value);
  return empty
    ? { range: field.valueRange, newText: field.value === '' ? ` ${id}` : id }
    : { range: { start: field.valueRange.end, end: field.valueRange.end }, newText: `, ${id}` };
}

/** The competency row a proficiency diagnostic is on, while its level cell is still where the diagnostic saw it. */
function levelRowOf(doc: RoadmapDoc, d: Diagnostic): { row: Competency; data: LevelData } | undefined {
  const data = d.data as LevelData | undefined;
  if (typeof data?.competency !== 'string') return undefined;
  const row = doc.competencies.find((c) => c.name === data.competency && c.level && rangeEquals(c.level.range, d.range));
  return row ? { row, data } : undefined;
}

/**
 * `proficiency-regression`: raise the level to the one reached before. Not preferred: a
 * lower level after a higher one is sometimes meant (a review module); the fix is for
 * when it is not.
 */
function raiseLevel(doc: RoadmapDoc, uri: string, d: Diagnostic): CodeAction | undefined {
  const found = levelRowOf(doc, d);
  const before = found?.data.before;
  if (!found || typeof before?.level !== 'string' || typeof before.id !== 'string') return undefined;
  return fix(`Raise "${found.row.name}" to ${before.level}, the level ${before.id} reaches`, uri, [{ range: d.range, newText: before.level }], [d], false);
}

/** How many prerequisites a `proficiency-jump` fix offers at most. */
const JUMP_PREREQUISITES = 3;

/**
 * `proficiency-jump`: add a prerequisite that targets the competency at a lower level
 * (the closest level first; never one that requires this document, which would close a
 * cycle), or lower the target to the highest level below the top ones.
 */
function jumpFixes(ctx: FeatureContext, doc: RoadmapDoc, uri: string, d: Diagnostic): CodeAction[] {
  const found = levelRowOf(doc, d);
  if (!found || !doc.id) return [];
  const { row } = found;
  const levels = ctx.ws.schema.schema.proficiencyLevels;
  const rank = levelRank(levels, ctx.ws.schema.proficiencyLevel(row.level!.text) ?? null);
  if (rank < 0) return [];
  const out: CodeAction[] = [];
  const field = prerequisiteField(doc);
  if (field) {
    const engine = analyticsOf(ctx.ws);
    const after = engine.dependents(doc.id);
    const already = new Set(engine.requires(doc.id));
    const candidates = new Map<string, { id: string; level: string; rank: number }>();
    for (const use of ctx.ws.index.competencyUses(row.name)) {
      const other = ctx.ws.get(use.uri);
      const id = other?.id;
      if (!id || id === doc.id || after.has(id) || already.has(id) || ctx.ws.index.definerUris(id).length !== 1) continue;
      const level = use.competency.level ? ctx.ws.schema.proficiencyLevel(use.competency.level.text) : undefined;
      const r = level ? levelRank(levels, level) : -1;
      if (r < 0 || r >= rank) continue;
      const seen = candidates.get(id);
      if (!seen || r > seen.rank) candidates.set(id, { id, level: level!, rank: r });
    }
    const best = [...candidates.values()].sort((a, b) => b.rank - a.rank || compareIds(a.id, b.id)).slice(0, JUMP_PREREQUISITES);
    for (const c of best) out.push(fix(`Add ${c.id} (targets "${row.name}" at ${c.level}) to ${field.label}`, uri, [appendId(field, c.id)], [d], false));
  }
  const top = topLevels(levels);
  const lower = levels[levels.length - top.length - 1];
  if (lower !== undefined) out.push(fix(`Lower "${row.name}" to ${lower}`, uri, [{ range: d.range, newText: lower }], [d], false));
  return out;
}

/** The field a prerequisite is added to: the first prerequisite field labelled so (a project's Prerequisite Modules / Skills, not its Placement), else the first prerequisite field. */
function prerequisiteField(doc: RoadmapDoc): Field | undefined {
  const fields = doc.fields.filter((f) => f.inOverview && f.schema?.role === 'prerequisites');
  return fields.find((f) => /prerequisite/i.test(f.label)) ?? fields[0];
}

/** The fixes that touch only this document: sections, fields, durations. */
export function fixAll(ctx: FeatureContext, doc: RoadmapDoc, lines: LineIndex): TextEdit[] {
  const diagnostics = ctx.ws.diagnostics(doc.uri);
  const edits: TextEdit[] = [];
  if (diagnostics.some((d) => d.code === 'missing-section')) edits.push(...insertMissingSections(ctx, doc, lines));
  if (diagnostics.some((d) => d.code === 'missing-field')) edits.push(...(insertField(ctx, doc, lines, missingFields(doc)) ?? []));
  const duration = diagnostics.find((d) => d.code === 'duration-mismatch');
  const d = duration && correctDuration(doc, lines, duration.range);
  if (d) edits.push(d);
  return edits;
}
