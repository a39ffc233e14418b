/**
 * Text that the engine proposes: new IDs, section skeletons, whole documents.
 * Everything generated here passes every structural rule of its kind: a template
 * inserted as it is leaves no missing-section, empty-section, missing-field,
 * invalid-id or table-shape diagnostic behind.
 */
import type { WorkspaceIndex } from './index/workspaceIndex';
import type { FieldSchema, KindSchema, SectionSchema } from './schema/types';

/** The next unused ID of a kind: one past the highest number in use, at least three digits. */
export function nextFreeId(index: WorkspaceIndex, kind: KindSchema, isValid: (id: string) => boolean): string {
  let max = 0;
  for (const id of index.definedIds()) {
    if (!id.startsWith(kind.idPrefix) || !isValid(id)) continue;
    const n = Number(/(\d+)$/.exec(id)?.[1] ?? NaN);
    if (Number.isFinite(n) && n > max) max = n;
  }
  for (let n = Math.max(max + 1, 100); ; n++) {
    const id = `${kind.idPrefix}${String(n).padStart(3, '0')}`;
    if (isValid(id) && !index.isDefined(id)) return id;
    if (n > max + 100000) return id; // a pattern the prefix cannot satisfy: give the best guess
  }
}

export interface FieldValues {
  id?: string;
  title?: string;
  roles?: string;
  prerequisites?: string;
  next?: string;
}

/** A field's line with a value that passes the rules. */
export function fieldLine(field: FieldSchema, values: FieldValues): string {
  const value =
    field.role === 'id'
      ? (values.id ?? '')
      : field.role === 'title'
        ? (values.title ?? 'Untitled')
        : field.role === 'roles'
          ? (values.roles ?? '')
          : field.role === 'prerequisites'
            ? (values.prerequisites ?? 'None')
            : field.role === 'next'
              ? (values.next ?? 'None')
              : '';
  return `- **${field.label}**:${value ? ' ' + value : ''}`;
}

/** The body of a section: its fields, its table's header, or a line to write over. */
export function sectionBody(kind: KindSchema, section: SectionSchema, values: FieldValues): string {
  if (section.name.toLowerCase() === kind.overviewSection.toLowerCase()) {
    return kind.fields.map((f) => fieldLine(f, values)).join('\n');
  }
  const table = kind.tables.find((t) => t.section.toLowerCase() === section.name.toLowerCase());
  if (table) {
    return `| ${table.columns.join(' | ')} |\n|${table.columns.map((c) => '-'.repeat(c.length + 2)).join('|')}|`;
  }
  return '- _To be written._';
}

export function sectionText(kind: KindSchema, section: SectionSchema, values: FieldValues): string {
  return `## ${section.name}\n\n${sectionBody(kind, section, values)}\n`;
}

/** A complete document of a kind. */
export function documentTemplate(kind: KindSchema, values: FieldValues): string {
  const head = `# ${kind.title}\n\n> ${values.roles || 'Role'} | ${values.title ?? 'Untitled'}.\n`;
  return [head, ...kind.sections.filter((s) => s.required).map((s) => sectionText(kind, s, values))].join('\n');
}
