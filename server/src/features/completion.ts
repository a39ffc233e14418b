/**
 * Completion, decided by where the cursor is:
 *   `## |`                          missing section headings, in schema order
 *   `- **|` in the overview         missing overview fields
 *   a competency table cell         competencies, proficiency levels, roles (by column)
 *   the Target Role(s) value        roles used in the workspace
 *   `MOD-2|`, or a prerequisite / next value   IDs, with title and kind, filtered by the typed prefix
 */
import {
  CompletionItemKind,
  InsertTextFormat,
  type CompletionItem,
  type CompletionList,
  type Position,
  type Range,
} from 'vscode-languageserver';
import type { RoadmapDoc } from '../core/model';
import { normalizeLabel } from '../core/schema/compile';
import { LineIndex } from '../core/text';
import { sectionAtLine, type FeatureContext } from './context';

/** At most this many IDs are sent; the list is then marked incomplete and refined as the user types. */
export const MAX_ID_ITEMS = 100;

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
    if (table?.role === 'competencies' && !/^\s*\|?[\s:|-]*$/.test(lineText)) {
      const cells = prefix.split(/(?<!\\)\|/);
      const column = cells.length - 2; // the text before the first pipe is not a cell
      const typed = cells[cells.length - 1];
      const range = at(position.character - typed.trimStart().length);
      if (column === 0) return list(competencyItems(ctx, range, uri, position.line));
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
    return idItems(ctx, doc, upper, at(position.character - typed.length));
  }
  return EMPTY;
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

function competencyItems(ctx: FeatureContext, range: Range, uri: string, line: number): CompletionItem[] {
  const items: CompletionItem[] = [];
  for (const name of ctx.ws.index.competencyNames()) {
    // The half-typed cell under the cursor is a "use" of its own; it is no suggestion.
    const uses = ctx.ws.index.competencyUses(name).filter((u) => u.uri !== uri || u.competency.range.start.line !== line);
    if (uses.length === 0) continue;
    items.push({
      label: name,
      kind: CompletionItemKind.Value,
      detail: `targeted by ${uses.length} document${uses.length === 1 ? '' : 's'}`,
      textEdit: { range, newText: name },
    });
  }
  return items;
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

function idItems(ctx: FeatureContext, doc: RoadmapDoc, typed: string, range: Range): CompletionList {
  const { index } = ctx.ws;
  // One pass over the index's sorted IDs; stop once the list is known to be incomplete.
  const ids: string[] = [];
  for (const id of index.idsInOrder()) {
    if (id === doc.id || !id.startsWith(typed)) continue;
    ids.push(id);
    if (ids.length > MAX_ID_ITEMS) break;
  }
  const items = ids.slice(0, MAX_ID_ITEMS).map((id): CompletionItem => {
    const def = index.definitions(id)[0];
    return {
      label: id,
      labelDetails: { description: def.title },
      kind: def.kind?.key === 'project' ? CompletionItemKind.Class : CompletionItemKind.Module,
      detail: [def.kind?.title, def.roles.map((r) => r.text).join(', ')].filter(Boolean).join(' · '),
      documentation: def.title,
      filterText: id,
      sortText: id.replace(/\d+/g, (n) => n.padStart(8, '0')),
      textEdit: { range, newText: id },
    };
  });
  return { isIncomplete: ids.length > MAX_ID_ITEMS, items };
}
