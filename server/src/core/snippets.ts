/**
 * The static snippets (snippets/markdown.json), generated from the templates
 * (templates.ts) over the default schema: VS Code offers them when no language server
 * runs. With the server running, its template completions carry the next free ID of
 * the document's role instead. `test/unit/snippets.test.ts` fails when the file and
 * this generator differ; `npm run snippets` writes the file again.
 */
import { defaultSchema } from './schema/defaultSchema';
import type { KindSchema, Schema, TableRole } from './schema/types';
import { documentSnippet, rowSnippet, sectionSnippet, slug, type TemplateInput } from './templates';

export interface SnippetDef {
  prefix: string[];
  description: string;
  isFileTemplate?: boolean;
  body: string[];
}

/**
 * The ID a static snippet writes: the kind's prefix and zeros, a number no curriculum
 * numbers from (the examples start at 101), to be replaced (it is not the first tab
 * stop: the title is).
 */
export function placeholderId(kind: KindSchema): string {
  return `${kind.idPrefix}000`;
}

const ROWS: Record<TableRole, { name: string; prefix: string[]; description: (columns: string) => string }> = {
  competencies: {
    name: 'Competency Alignment row',
    prefix: ['roadmap-competency-row', 'competency-row'],
    description: (c) => `A row of a Competency Alignment table: ${c} (a choice of levels).`,
  },
  components: {
    name: 'Practical Components row',
    prefix: ['roadmap-component-row', 'component-row', 'practical-row'],
    description: (c) => `A row of a module's Practical Components table: ${c}.`,
  },
  phases: {
    name: 'Learner Experience row',
    prefix: ['roadmap-phase-row', 'phase-row', 'learner-experience-row'],
    description: (c) => `A phase row of a project's Learner Experience table: ${c}. Phase times must add up to the Estimated Duration.`,
  },
};

const lines = (body: string) => body.split('\n');
const input = (kind: KindSchema, schema: Schema): TemplateInput => ({ kind, id: placeholderId(kind), levels: schema.proficiencyLevels });

/** Every snippet, by name. */
export function snippetFile(schema: Schema = defaultSchema): Record<string, SnippetDef> {
  const out: Record<string, SnippetDef> = {};
  for (const kind of schema.kinds) {
    const t = input(kind, schema);
    out[`Roadmap: ${kind.title}`] = {
      prefix: [`roadmap-${kind.key}`, slug(kind.title), `new-${kind.key}`],
      description: `A complete ${kind.title}: the H1, the role line, every section in order, the ${kind.overviewSection} fields (${kind.fields.map((f) => f.label).join(', ')}) and ${kind.tables.map((x) => `the ${x.section} table`).join(' and ') || 'no table'}, with durations that add up. Its ID, ${t.id}, is one to replace: with the language server running, the template completion carries the next free ID of the document's role.`,
      isFileTemplate: true,
      body: lines(documentSnippet(t)),
    };
  }
  for (const kind of schema.kinds) {
    const overview = kind.sections.find((s) => s.name.toLowerCase() === kind.overviewSection.toLowerCase());
    if (!overview) continue;
    out[`Roadmap: ${kind.overviewSection}`] = {
      prefix: [`roadmap-overview-${kind.key}`, slug(kind.overviewSection)],
      description: `The ${kind.overviewSection} section of a ${kind.title} with every field: ${kind.fields.map((f) => f.label).join(', ')}.`,
      body: lines(sectionSnippet(input(kind, schema), overview)),
    };
  }
  const seen = new Set<TableRole>();
  for (const kind of schema.kinds) {
    for (const table of kind.tables) {
      if (!table.role || seen.has(table.role)) continue;
      seen.add(table.role);
      const row = ROWS[table.role];
      out[`Roadmap: ${row.name}`] = { prefix: row.prefix, description: row.description(table.columns.join(' | ')), body: lines(rowSnippet(input(kind, schema), table)) };
    }
  }
  out['Roadmap: Quality Checklist item'] = {
    prefix: ['roadmap-checklist-item', 'checklist-item'],
    description: 'An unchecked item of a Quality Checklist: - [ ] ...',
    body: ['- [ ] ${1:What must be true before release}$0'],
  };
  return out;
}
