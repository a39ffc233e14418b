/**
 * New documents: the full template of a kind (every section, overview field and
 * table of the schema, with placeholder values that raise no diagnostic), the
 * next free ID, the folder and the file name. Built from the schema data, so a
 * section added to the schema appears in the template. Pure: no `vscode`.
 */
import { defaultSchema } from '../../../server/src/core/schema/defaultSchema';
import type { FieldSchema, KindSchema, TableSchema } from '../../../server/src/core/schema/types';
import { quickIdTest } from '../../../server/src/core/schema/idShape';

export interface NodeLike {
  id: string;
  kind?: string;
  roles: string[];
  uri?: string;
  defined: boolean;
}

export interface TemplateInput {
  kind: KindSchema;
  id: string;
  title: string;
  role: string;
  /** A competency for the alignment table's first row (else a placeholder). */
  competency?: string;
  /** The workspace's proficiency levels, lowest first (else the default schema's). */
  levels?: readonly string[];
}

/** The level a new document targets: `Working` when the workspace has it, else the middle one. */
export function levelFor(levels: readonly string[] = defaultSchema.proficiencyLevels): string {
  return levels.find((l) => l.toLowerCase() === 'working') ?? levels[Math.floor((levels.length - 1) / 2)] ?? 'Working';
}

/** Total hours of a new document and how they split. */
const HOURS = { total: 40, module: '40 hours (12 lecture, 20 lab, 6 project, 2 assessment)' };
const PHASES: Array<[string, string, number, string]> = [
  ['Plan', 'Scope the work, agree acceptance checks', 8, 'Kick-off review'],
  ['Build', 'Implement the deliverables', 24, 'Weekly office hours'],
  ['Validate', 'Test, document and demo', 8, 'Final review'],
];

const oneLine = (s: string) => s.replace(/\s+/g, ' ').trim();
const cell = (s: string) => oneLine(s).replace(/\|/g, '\\|');

function fieldValue(f: FieldSchema, t: TemplateInput): string {
  switch (f.role) {
    case 'id':
      return t.id;
    case 'title':
      return oneLine(t.title);
    case 'roles':
      return oneLine(t.role);
    case 'duration':
      // A kind with phases adds its hours up from them; the others split theirs.
      return t.kind.tables.some((x) => x.role === 'phases') ? `${HOURS.total} hours` : HOURS.module;
    case 'prerequisites':
      return /placement/i.test(f.label) ? 'TODO: where this sits in the curriculum' : 'None';
    case 'next':
      return 'None';
    default:
      return `TODO: ${f.label.toLowerCase()}`;
  }
}

function table(ts: TableSchema, t: TemplateInput): string[] {
  const rows: string[][] = [];
  if (ts.role === 'competencies') {
    rows.push(ts.columns.map((c, i) => (i === 0 ? cell(t.competency ?? 'competency-name') : /proficiency/i.test(c) ? cell(levelFor(t.levels)) : /role/i.test(c) ? cell(t.role) : 'TODO')));
  } else if (ts.role === 'phases') {
    for (const [phase, description, hours, touch] of PHASES) {
      rows.push(ts.columns.map((c, i) => (i === 0 ? phase : /time|hours|duration/i.test(c) ? `${hours}h` : /touch|instructor/i.test(c) ? touch : i === 1 ? description : 'TODO')));
    }
  } else if (ts.role === 'components') {
    rows.push(ts.columns.map((_, i) => (i === 0 ? 'Lab 1' : 'TODO')));
    rows.push(ts.columns.map((_, i) => (i === 0 ? 'Assessment' : 'TODO')));
  } else {
    rows.push(ts.columns.map(() => 'TODO'));
  }
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  return [line(ts.columns), line(ts.columns.map((c) => '-'.repeat(Math.max(3, c.length)))), ...rows.map(line)];
}

const SECTION_HINTS: Record<string, string[]> = {
  'cross-role progression': ['- **Builds On**: TODO', '- **Adds New Depth**: TODO', '- **Shared Assets**: TODO', '- **Differentiators**: TODO'],
  'learning objectives': ['- TODO: what a learner can do after this.'],
  'content outline': ['1. **TODO** – topics of the first unit.'],
  'solutions plan': ['- **Coverage**: TODO', '- **Solution Path**: TODO', '- **Validation Status**: TODO'],
  'resource plan': ['- **Primary References**: TODO', '- **Tooling Requirements**: TODO'],
  'quality checklist': ['- [ ] TODO: a check before release.'],
  'dependencies & notes': ['- **Upstream Inputs**: TODO', '- **Downstream Outputs**: TODO'],
  'project narrative': ['TODO: the story of the project and what the learner builds.'],
  deliverables: ['- TODO: a deliverable.'],
  'constraints & assumptions': ['- TODO: a constraint.'],
  'solutions & validation': ['- **Solutions Path**: TODO', '- **Validation Profiles**: TODO'],
  'risks & mitigations': ['- **TODO risk**: TODO mitigation.'],
  'references & inspiration': ['- TODO: a reference.'],
  'sign-off': ['- **Author**: TODO', '- **Reviewer(s)**: TODO', '- **Date Approved**: Pending'],
};

/** The text of a new document of the kind. */
export function documentTemplate(t: TemplateInput): string {
  const k = t.kind;
  const out = [`# ${k.title}`, '', `> ${oneLine(t.role)} | ${oneLine(t.title)}: TODO one-line summary.`, ''];
  for (const s of k.sections) {
    out.push(`## ${s.name}`, '');
    if (s.name === k.overviewSection) {
      for (const f of k.fields) out.push(`- **${f.label}**: ${fieldValue(f, t)}`);
    } else {
      const ts = k.tables.find((x) => x.section === s.name);
      if (ts) out.push(...table(ts, t));
      else out.push(...(SECTION_HINTS[s.name.toLowerCase()] ?? ['TODO']));
    }
    out.push('');
  }
  return out.join('\n');
}

/**
 * A competency the workspace already uses (so it is in the framework, if there
 * is one): the one most used by documents of the role, else by any document.
 */
export function competencyFor(nodes: readonly (NodeLike & { competencies?: string[] })[], role: string): string | undefined {
  const count = (ns: typeof nodes) => {
    const c = new Map<string, number>();
    for (const n of ns) for (const x of n.competencies ?? []) c.set(x, (c.get(x) ?? 0) + 1);
    return [...c].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))[0]?.[0];
  };
  return count(nodes.filter((n) => n.roles.includes(role))) ?? count(nodes);
}

function numberOf(id: string, prefix: string): number | undefined {
  if (!id.startsWith(prefix)) return undefined;
  const m = /^\d+$/.exec(id.slice(prefix.length));
  return m ? Number(m[0]) : undefined;
}

/**
 * The next free ID of a kind: one past the highest ID of that kind among the
 * documents of the role (curricula number each role's track in its own range),
 * else one past the highest of the kind, else `<prefix>101`; never an ID the
 * graph already has.
 */
export function proposeId(nodes: readonly NodeLike[], kind: KindSchema, role?: string): string {
  const taken = new Set(nodes.map((n) => n.id));
  const nums = (ns: readonly NodeLike[]) => ns.map((n) => numberOf(n.id, kind.idPrefix)).filter((x): x is number => x !== undefined);
  const all = nums(nodes);
  const mine = role ? nums(nodes.filter((n) => n.defined && n.roles.includes(role))) : [];
  let next = mine.length ? Math.max(...mine) + 1 : all.length ? Math.max(...all) + 1 : 101;
  const width = Math.max(3, ...[...taken].filter((id) => id.startsWith(kind.idPrefix)).map((id) => id.length - kind.idPrefix.length));
  const format = (n: number) => kind.idPrefix + String(n).padStart(width, '0');
  while (taken.has(format(next))) next++;
  return format(next);
}

/** Why an ID cannot be used, or undefined when it can. */
export function checkNewId(id: string, kind: KindSchema, nodes: readonly NodeLike[]): string | undefined {
  if (!quickIdTest(kind.idPattern, kind.idPrefix)(id)) return `An ID of a ${kind.noun} looks like ${kind.idPrefix}101.`;
  if (nodes.some((n) => n.id === id && n.defined)) return `${id} is already defined.`;
  return undefined;
}

export function slug(s: string): string {
  return s
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60)
    .replace(/-+$/, '');
}

/** `mod-206-stream-joins.md`, as the example curriculum names its files. */
export function fileNameFor(id: string, title: string): string {
  const s = slug(title);
  return `${id.toLowerCase()}${s ? '-' + s : ''}.md`;
}

const dirOf = (uri: string) => uri.slice(0, uri.lastIndexOf('/'));

function mostCommon(values: string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: string | undefined;
  let n = 0;
  for (const [v, c] of counts) if (c > n) [best, n] = [v, c];
  return best;
}

/**
 * The folder (a URI without trailing slash) where the workspace keeps documents
 * of this kind and role: where most of them are; else where most documents of
 * the role are; else, when each role has a folder named after it, a new such
 * folder beside them; else undefined (the caller falls back to the workspace root).
 */
export function folderFor(nodes: readonly NodeLike[], kindKey: string, role: string): string | undefined {
  const docs = nodes.filter((n) => n.defined && n.uri);
  const sameKindRole = docs.filter((n) => n.kind === kindKey && n.roles.includes(role));
  const sameRole = docs.filter((n) => n.roles.includes(role));
  const found = mostCommon(sameKindRole.map((n) => dirOf(n.uri!))) ?? mostCommon(sameRole.map((n) => dirOf(n.uri!)));
  if (found) return found;
  const roleFolders = docs.filter((n) => n.roles.length && decodeURIComponent(dirOf(n.uri!).slice(dirOf(n.uri!).lastIndexOf('/') + 1)) === slug(n.roles[0]));
  const parent = mostCommon(roleFolders.map((n) => dirOf(dirOf(n.uri!))));
  if (parent && slug(role)) return `${parent}/${slug(role)}`;
  return undefined;
}
