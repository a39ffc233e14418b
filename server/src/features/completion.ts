/**
 * Completion, decided by where the cursor is:
 *   a new document (one word)       each kind's whole template, with the next free ID of its folder's role
 *   `# |` in a document of no kind  the kinds' titles
 *   `## |`                          missing section headings, in schema order
 *   `- **|` in the overview         missing overview fields
 *   a competency table cell         competencies, proficiency levels, roles (by column), on a new row too
 *   the Target Role(s) value        roles used in the workspace
 *   `MOD-2|`, or a prerequisite / next value   IDs, with title and kind, filtered by the typed prefix;
 *                                   in a field, not those it lists; the same role and earlier levels
 *                                   first, and in a prerequisite field what would close a cycle last
 */
import {
  CompletionItemKind,
  InsertTextFormat,
  type CompletionItem,
  type CompletionList,
  type Position,
  type Range,
} from 'vscode-languageserver';
import { idNumber } from '../core/ids';
import type { WorkspaceIndex } from '../core/index/workspaceIndex';
import { competencyFor, documentSnippet, indexNodes, nextFreeId, roleOfFolder } from '../core/templates';
import type { Field, RoadmapDoc } from '../core/model';
import { normalizeLabel } from '../core/schema/compile';
import { LineIndex, rangeContains } from '../core/text';
import { sectionAtLine, type FeatureContext } from './context';

/** At most this many IDs are sent; the list is then marked incomplete and refined as the user types. */
export const MAX_ID_ITEMS = 100;
/** At most this many competencies are sent (those whose name holds the typed characters in order); the list is then marked incomplete. */
export const MAX_COMPETENCY_ITEMS = 1000;

const EMPTY: CompletionList = { isIncomplete: false, items: [] };

export function completion(ctx: FeatureContext, uri: string, position: Position): CompletionList {
  const text = ctx.text(uri);
  if (text === undefined) return EMPTY;
  const lines = new LineIndex(text);
  const lineText = lines.lineText(position.line);
  const prefix = lineText.slice(0, position.character);
  const doc = ctx.ws.get(uri);
  const at = (from: number): Range => ({ start: { line: position.line, character: from }, end: position });

  if (!doc?.kind) {
    // Not a roadmap yet: offer the kinds on the first heading.
    const h1 = /^#\s*(\S[^#]*)?$/.exec(prefix);
    if (h1 && !prefix.startsWith('##')) {
      return list(
        ctx.ws.schema.kinds.map((k, i) => ({
          label: k.title,
          kind: CompletionItemKind.Module,
          detail: `Start a ${k.title}`,
          sortText: String(i).padStart(3, '0'),
          textEdit: { range: at(1), newText: ` ${k.title}` },
          filterText: ` ${k.title}`,
        })),
      );
    }
    if (/^[\w-]*$/.test(prefix) && isBlankBut(lines, position.line)) return list(templateItems(ctx, uri, at(0), lineText.length));
    return EMPTY;
  }

  const heading = /^##(\s*)([^#]*)$/.exec(prefix);
  if (heading) return list(sectionItems(doc, at(2 + heading[1].length), heading[1].length === 0));

  const section = sectionAtLine(doc, position.line);
  const overview = section && normalizeLabel(section.name) === normalizeLabel(doc.kind.overviewSection);
  const startsField = /^\s*(?:[-*+]\s*)?(?:\*\*?)?[A-Za-z][^*:]*$|^\s*[-*+]?\s*(?:\*\*?)?$/.test(prefix);
  if (overview && startsField && !/[A-Za-z]+-\d*$/.test(prefix)) {
    const indent = /^\s*/.exec(prefix)![0].length;
    return list(fieldItems(doc, at(indent)));
  }

  if (prefix.trimStart().startsWith('|') && section) {
    const table = doc.kind.tables.find((t) => normalizeLabel(t.section) === normalizeLabel(section.name));
    if (table?.role === 'competencies' && !isDelimiterRow(lineText)) {
      const cells = prefix.split(/(?<!\\)\|/);
      const column = cells.length - 2; // the text before the first pipe is not a cell
      const typed = cells[cells.length - 1];
      const range = at(position.character - typed.trimStart().length);
      if (column === 0) return competencyItems(ctx, range, uri, position.line, typed.trim());
      if (column === 1) return list(levelItems(ctx, range));
      if (column === 3) return list(roleItems(ctx, range));
    }
  }

  const field = doc.fields.find(
    (f) => f.schema && f.labelRange.start.line === position.line && position.character > f.labelRange.end.character,
  );
  if (field?.schema?.role === 'roles') {
    const m = /[:,;]\s*([^:,;]*)$/.exec(prefix);
    if (m) return list(roleItems(ctx, at(position.character - m[1].length)));
  }

  const typed = /[A-Za-z]+-?\d*$/.exec(prefix)?.[0] ?? '';
  const upper = typed.toUpperCase();
  const looksLikeId = typed && ctx.ws.schema.kinds.some((k) => k.idPrefix.startsWith(upper) || upper.startsWith(k.idPrefix));
  const inEdgeField = field && (field.schema?.role === 'prerequisites' || field.schema?.role === 'next');
  if (looksLikeId || (inEdgeField && typed === '' && /[:,;]\s*$/.test(prefix))) {
    return idItems(ctx, doc, upper, at(position.character - typed.length), inEdgeField ? field : undefined, position);
  }
  return EMPTY;
}

/** True when every line but this one is blank: a new document. */
function isBlankBut(lines: LineIndex, line: number): boolean {
  for (let i = 0; i < lines.lineCount; i++) if (i !== line && lines.lineText(i).trim()) return false;
  return true;
}

/**
 * Whole documents of each kind, as snippets, in a new document: the same template as
 * the new-document commands (core/templates.ts), with the next free ID of the role of
 * the documents in its folder, the same rule as the New Module command.
 */
function templateItems(ctx: FeatureContext, uri: string, range: Range, lineEnd: number): CompletionItem[] {
  const nodes = indexNodes(ctx.ws.index);
  const role = roleOfFolder(nodes, uri.slice(0, uri.lastIndexOf('/')));
  const levels = ctx.ws.schema.schema.proficiencyLevels;
  const competency = competencyFor(nodes, role);
  return ctx.ws.schema.kinds.map((kind, i) => {
    const id = nextFreeId(nodes, kind, role);
    return {
      label: `roadmap-${kind.key}`,
      labelDetails: { description: `${kind.title}, ${id}` },
      kind: CompletionItemKind.Snippet,
      detail: `A complete ${kind.title} with ${id}, the next free ID${role ? ` for ${role}` : ''}`,
      sortText: String(i).padStart(3, '0'),
      filterText: `roadmap-${kind.key}`,
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: { range: { start: range.start, end: { line: range.start.line, character: lineEnd } }, newText: documentSnippet({ kind, id, role, competency, levels }) },
    };
  });
}

/** `|---|:--:|`: a table's delimiter row (a new row's `| ` is none). */
function isDelimiterRow(line: string): boolean {
  return line.includes('-') && /^\s*\|?[\s:|-]*$/.test(line);
}

function list(items: CompletionItem[]): CompletionList {
  return { isIncomplete: false, items };
}

function sectionItems(doc: RoadmapDoc, range: Range, needsSpace: boolean): CompletionItem[] {
  const present = new Set(doc.sections.map((s) => s.schema));
  return doc
    .kind!.sections.map((s, i) => ({ s, i }))
    .filter(({ s }) => !present.has(s))
    .map(({ s, i }) => ({
      label: s.name,
      kind: CompletionItemKind.Module,
      detail: `${doc.kind!.title} section ${i + 1} of ${doc.kind!.sections.length}`,
      sortText: String(i).padStart(3, '0'),
      filterText: (needsSpace ? ' ' : '') + s.name,
      textEdit: { range, newText: (needsSpace ? ' ' : '') + s.name },
    }));
}

function fieldItems(doc: RoadmapDoc, range: Range): CompletionItem[] {
  const present = new Set(doc.fields.map((f) => f.schema));
  return doc
    .kind!.fields.map((f, i) => ({ f, i }))
    .filter(({ f }) => !present.has(f))
    .map(({ f, i }) => ({
      label: f.label,
      kind: CompletionItemKind.Field,
      detail: `${doc.kind!.overviewSection} field${f.required ? ' (required)' : ''}`,
      sortText: String(i).padStart(3, '0'),
      filterText: `- **${f.label}`,
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: { range, newText: `- **${f.label}**: $0` },
    }));
}

function competencyItems(ctx: FeatureContext, range: Range, uri: string, line: number, typed: string): CompletionList {
  const { index } = ctx.ws;
  // The half-typed cell under the cursor is a "use" of its own, no suggestion: a name
  // this document names only on the cursor's line does not count it. Only that one
  // name can be so; it is found by a binary search of the rows (in line order) and
  // counted once in the document's facts, not once per competency.
  const doc = ctx.ws.get(uri);
  const rows = doc?.competencies ?? [];
  let lo = 0;
  let hi = rows.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (rows[mid].range.start.line < line) lo = mid + 1;
    else hi = mid;
  }
  const here = lo < rows.length && rows[lo].range.start.line === line ? rows[lo].name.toLowerCase() : undefined;
  let hereElsewhere = false;
  if (here !== undefined) {
    let n = 0;
    for (const c of index.factsOf(uri)?.competencies ?? []) if (c.length === here.length && c.toLowerCase() === here) n++;
    hereElsewhere = n > 1;
  }
  const wanted = typed.toLowerCase();
  // The typed characters in order, any case; without a lower-cased copy of every name
  // (a table may name thousands).
  const matches = (name: string) => {
    let i = 0;
    for (let j = 0; j < name.length && i < wanted.length; j++) {
      const c = name.charCodeAt(j);
      const lower = c >= 65 && c <= 90 ? c + 32 : c < 128 ? c : name[j].toLowerCase().charCodeAt(0);
      if (lower === wanted.charCodeAt(i)) i++;
    }
    return i >= wanted.length;
  };
  const items: CompletionItem[] = [];
  let more = false;
  for (const name of index.competencyNames()) {
    if (wanted && !matches(name)) continue;
    const docs = index.competencyDocuments(name);
    const n = docs.size - (docs.has(uri) && here === name.toLowerCase() && !hereElsewhere ? 1 : 0);
    if (n === 0) continue;
    if (items.length === MAX_COMPETENCY_ITEMS) {
      more = true;
      break;
    }
    items.push({
      label: name,
      kind: CompletionItemKind.Value,
      detail: `targeted by ${n} document${n === 1 ? '' : 's'}`,
      textEdit: { range, newText: name },
    });
  }
  return { isIncomplete: more, items };
}

function levelItems(ctx: FeatureContext, range: Range): CompletionItem[] {
  return ctx.ws.schema.schema.proficiencyLevels.map((level, i) => ({
    label: level,
    kind: CompletionItemKind.EnumMember,
    detail: 'proficiency level',
    sortText: String(i).padStart(3, '0'),
    textEdit: { range, newText: level },
  }));
}

function roleItems(ctx: FeatureContext, range: Range): CompletionItem[] {
  return ctx.ws.index.roleNames().map((role) => ({
    label: role,
    kind: CompletionItemKind.Constant,
    detail: 'role',
    textEdit: { range, newText: role },
  }));
}

/**
 * IDs for a prerequisite or next field, or an ID typed anywhere. In a field, the IDs it
 * lists already are left out. The order: documents sharing a target role with this
 * one, then those at earlier levels (a lower number: curricula number their levels
 * upward, and prerequisites point down), then the rest; in a prerequisite field, an ID
 * that would close a prerequisite cycle comes last and says so.
 */
function idItems(ctx: FeatureContext, doc: RoadmapDoc, typed: string, range: Range, field: Field | undefined, position: Position): CompletionList {
  const { index } = ctx.ws;
  const listed = new Set<string>();
  if (field) {
    for (const m of doc.mentions) {
      if (m.kind !== 'definition' && rangeContains(field.valueRange, m.range.start) && !rangeContains(m.range, position)) listed.add(m.id);
    }
  }
  const closes = field?.schema?.role === 'prerequisites' && doc.id ? cycleClosers(index, doc.id) : undefined;
  const ranks = rankTable(index);
  const roles = doc.roles.map((r) => r.text.toLowerCase());
  // The roles of this document as bits of the table's role numbering (none: no role in common).
  let mine = 0;
  for (const r of roles) mine |= ranks.roleBits.get(r) ?? 0;
  const own = doc.id === undefined ? undefined : idNumber(doc.id);
  // One bucket per tier, each in the index's ID order (no sort of every ID).
  const tiers: string[][] = [[], [], [], []];
  let count = 0;
  const { ids, bits, numbers } = ranks;
  const shared = (i: number) => (mine & bits[i] & ~OTHER_ROLES) !== 0 || ((bits[i] & OTHER_ROLES) !== 0 && roles.some((r) => ranks.rolesOf[i].includes(r)));
  const self = doc.id;
  const filtered = listed.size > 0;
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (!id.startsWith(typed) || id === self || (filtered && listed.has(id))) continue;
    const n = numbers[i];
    const tier = closes?.has(id) ? 3 : shared(i) ? 0 : own !== undefined && n >= 0 && n < own ? 1 : 2;
    tiers[tier].push(id);
    count++;
  }
  const shown: string[] = [];
  for (const t of tiers) for (const id of t) if (shown.length < MAX_ID_ITEMS) shown.push(id);
  const items = shown.map((id, i): CompletionItem => {
    const def = index.definitions(id)[0];
    const loop = closes && doc.id ? cyclePath(closes, doc.id, id) : undefined;
    return {
      label: id,
      labelDetails: { description: def.title },
      kind: def.kind?.capstone ? CompletionItemKind.Class : CompletionItemKind.Module,
      detail: [def.kind?.title, def.roles.map((r) => r.text).join(', '), loop && `would close a prerequisite cycle: ${loop.join(' → ')}`].filter(Boolean).join(' · '),
      documentation: def.title,
      filterText: id,
      sortText: String(i).padStart(4, '0'),
      textEdit: { range, newText: id },
    };
  });
  return { isIncomplete: count > MAX_ID_ITEMS, items };
}

/** The bit of a role past the first 30 numbered: compared by name. */
const OTHER_ROLES = 1 << 30;

/**
 * What IDs are ranked by, in the index's ID order: the target roles of each ID's
 * (first) defining document, as bits (the first 30 roles of the workspace numbered, any
 * other one as OTHER_ROLES and by name), and the number each ID ends with (-1: none).
 * Made once per change of the definitions (`definitionsVersion`), not per request:
 * ranking 10,000 IDs by their documents' facts took most of a completion.
 */
interface RankTable {
  version: number;
  ids: readonly string[];
  bits: Int32Array;
  numbers: Float64Array;
  rolesOf: string[][];
  roleBits: Map<string, number>;
}

const rankTables = new WeakMap<WorkspaceIndex, RankTable>();

function rankTable(index: WorkspaceIndex): RankTable {
  const version = index.definitionsVersion;
  const cached = rankTables.get(index);
  if (cached?.version === version) return cached;
  const ids = index.idsInOrder();
  const bits = new Int32Array(ids.length);
  const numbers = new Float64Array(ids.length);
  const rolesOf: string[][] = [];
  const roleBits = new Map<string, number>();
  for (let i = 0; i < ids.length; i++) {
    const roles = (index.definerFacts(ids[i])[0]?.roles ?? []).map((r) => r.toLowerCase());
    rolesOf.push(roles);
    let b = 0;
    for (const r of roles) {
      let bit = roleBits.get(r);
      if (bit === undefined) roleBits.set(r, (bit = roleBits.size < 30 ? 1 << roleBits.size : OTHER_ROLES));
      b |= bit;
    }
    bits[i] = b;
    numbers[i] = idNumber(ids[i]) ?? -1;
  }
  const table = { version, ids, bits, numbers, rolesOf, roleBits };
  rankTables.set(index, table);
  return table;
}

/**
 * The IDs that would close a prerequisite cycle if `id` listed them as prerequisites
 * (those that depend on `id`, directly or not), each with the dependent it was reached
 * from; `cyclePath` reads a cycle off it for the few items shown.
 */
function cycleClosers(index: WorkspaceIndex, id: string): Map<string, string> {
  const cached = closersCache.get(index);
  if (cached?.version === index.graphVersion && cached.id === id) return cached.parent;
  const parent = new Map<string, string>();
  const queue = [id];
  for (let i = 0; i < queue.length; i++) {
    for (const d of index.dependentIds(queue[i])) {
      if (d === id || parent.has(d)) continue;
      parent.set(d, queue[i]);
      queue.push(d);
    }
  }
  closersCache.set(index, { version: index.graphVersion, id, parent });
  return parent;
}

/** The last document's cycle closers, good while the prerequisite graph stays (completion is asked again at every keystroke). */
const closersCache = new WeakMap<WorkspaceIndex, { version: number; id: string; parent: Map<string, string> }>();

/** The cycle `id → x → … → id` that listing `x` would close, or undefined when it would close none. */
function cyclePath(parent: Map<string, string>, id: string, x: string): string[] | undefined {
  if (!parent.has(x)) return undefined;
  const path = [id, x];
  for (let p = parent.get(x)!; p !== id; p = parent.get(p)!) path.push(p);
  return [...path, id];
}
