/**
 * Text that the engine proposes, in one place: the next free ID of a kind, a whole
 * new document of any kind of the schema (as plain text for the new-document commands
 * and the create-document quick fix, or as a snippet with tab stops for the server's
 * template completions and the static snippets, snippets/markdown.json, which
 * `test/unit/snippets.test.ts` holds to this module), the sections and fields a quick
 * fix inserts, and where a new document goes and what it is called.
 *
 * Everything generated here passes every structural rule of its kind: a template
 * inserted as it is leaves no missing-section, empty-section, missing-field,
 * invalid-id, table-shape or duration-mismatch diagnostic behind. Built from the schema
 * data, so a section, field or table added to a kind appears in its template.
 */
import type { WorkspaceIndex } from './index/workspaceIndex';
import type { FieldSchema, KindSchema, SectionSchema, TableSchema } from './schema/types';
import { quickIdTest } from './schema/idShape';

// --- the next free ID --------------------------------------------------------

/** What the ID, folder and competency rules need of a document (graph nodes have it). */
export interface NodeLike {
  id: string;
  /** The kind's key. */
  kind?: string;
  roles: string[];
  uri?: string;
  /** False for an ID mentioned but defined nowhere. */
  defined: boolean;
  competencies?: string[];
}

/** Every ID of the index as `NodeLike`s, from the facts (no document is modelled). */
export function indexNodes(index: WorkspaceIndex): NodeLike[] {
  const out: NodeLike[] = [];
  for (const id of index.definedIds()) {
    const f = index.definerFacts(id)[0];
    out.push({ id, kind: f?.kind?.key, roles: f?.roles ?? [], uri: index.definerUris(id)[0], defined: true, competencies: f?.competencies });
  }
  for (const id of index.mentionedIds()) if (!index.isDefined(id)) out.push({ id, roles: [], defined: false });
  return out;
}

function numberOf(id: string, prefix: string): number | undefined {
  if (!id.startsWith(prefix)) return undefined;
  const m = /^\d+$/.exec(id.slice(prefix.length));
  return m ? Number(m[0]) : undefined;
}

/** A kind's ID test without running a config's pattern in JavaScript's backtracking engine unless it is simple (idShape.ts). */
const idTest = (kind: KindSchema) => quickIdTest(kind.idPattern, kind.idPrefix);

/**
 * The next free ID of a kind: one past the highest ID of that kind among the
 * documents of the role (curricula number each role's track in its own range), else
 * one past the highest of the kind, else `<prefix>101`; as wide as the widest ID of
 * the kind (at least three digits); never an ID the workspace has, defined or only
 * mentioned, and one the kind's pattern accepts when any near one does.
 */
export function nextFreeId(nodes: readonly NodeLike[], kind: KindSchema, role?: string): string {
  const taken = new Set(nodes.map((n) => n.id));
  const nums = (ns: readonly NodeLike[]) => ns.map((n) => numberOf(n.id, kind.idPrefix)).filter((x): x is number => x !== undefined);
  const all = nums(nodes);
  const wanted = role?.toLowerCase();
  const mine = wanted ? nums(nodes.filter((n) => n.defined && n.roles.some((r) => r.toLowerCase() === wanted))) : [];
  const start = mine.length ? Math.max(...mine) + 1 : all.length ? Math.max(...all) + 1 : 101;
  const width = Math.max(3, ...[...taken].filter((id) => numberOf(id, kind.idPrefix) !== undefined).map((id) => id.length - kind.idPrefix.length));
  const format = (n: number) => kind.idPrefix + String(n).padStart(width, '0');
  const valid = idTest(kind);
  for (let n = start; n < start + 100000; n++) {
    const id = format(n);
    if (!taken.has(id) && valid(id)) return id;
  }
  // A pattern no number after the prefix satisfies: the best guess, for the author to correct.
  let n = start;
  while (taken.has(format(n))) n++;
  return format(n);
}

/** Why an ID cannot be used for a new document, or undefined when it can. */
export function checkNewId(id: string, kind: KindSchema, nodes: readonly NodeLike[]): string | undefined {
  if (!idTest(kind)(id)) return `An ID of a ${kind.noun} looks like ${kind.idPrefix}101.`;
  if (nodes.some((n) => n.id === id && n.defined)) return `${id} is already defined.`;
  return undefined;
}

// --- what a new document is about --------------------------------------------

/** The level a new document targets: `Working` when the workspace has it, else the middle one. */
export function levelFor(levels: readonly string[]): string {
  return levels.find((l) => l.toLowerCase() === 'working') ?? levels[Math.floor((levels.length - 1) / 2)] ?? 'Working';
}

function mostCommon(values: readonly string[]): string | undefined {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  let best: string | undefined;
  let n = 0;
  for (const [v, c] of counts) if (c > n || (c === n && best !== undefined && v < best)) [best, n] = [v, c];
  return best;
}

/**
 * A competency the workspace already uses (so it is in the framework, if there
 * is one): the one most used by documents of the role, else by any document.
 */
export function competencyFor(nodes: readonly NodeLike[], role: string | undefined): string | undefined {
  const count = (ns: readonly NodeLike[]) => mostCommon(ns.flatMap((n) => n.competencies ?? []));
  const wanted = role?.toLowerCase();
  return (wanted ? count(nodes.filter((n) => n.roles.some((r) => r.toLowerCase() === wanted))) : undefined) ?? count(nodes);
}

const dirOf = (uri: string) => uri.slice(0, uri.lastIndexOf('/'));

/** The role of the documents in a folder (the most common first role there): a new document's there. */
export function roleOfFolder(nodes: readonly NodeLike[], folder: string): string | undefined {
  return mostCommon(nodes.filter((n) => n.defined && n.uri && n.roles.length && dirOf(n.uri) === folder).map((n) => n.roles[0]));
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

// --- generated text: literal pieces and slots ------------------------------------

/**
 * A value the author fills in: a tab stop in a snippet, its text in plain text. Slots
 * with the same key are one value written in several places (a snippet mirrors it).
 */
interface Slot {
  key: string;
  text: string;
  /** A choice in a snippet (the text is the plain text's pick). */
  choice?: readonly string[];
}

type Piece = string | Slot;

/** The order of the first tab stops: what an author always writes first. The rest follow in text order. */
const FIRST_STOPS = ['title', 'role', 'id'];

class Pieces {
  readonly out: Piece[] = [];
  private n = 0;
  text(...ps: Piece[]): this {
    this.out.push(...ps);
    return this;
  }
  line(...ps: Piece[]): this {
    return this.text(...ps, '\n');
  }
  /** A slot of its own. */
  slot(text: string, choice?: readonly string[]): Slot {
    return { key: `#${this.n++}`, text, choice };
  }
}

function plain(pieces: readonly Piece[]): string {
  return pieces.map((p) => (typeof p === 'string' ? p : p.text)).join('');
}

const escapeText = (s: string) => s.replace(/[$}\\]/g, (c) => '\\' + c);
const escapeChoice = (s: string) => s.replace(/[$}\\,|]/g, (c) => '\\' + c);

/** VS Code snippet syntax: `${n:text}` at a slot's first place, `$n` at the others, `$0` at the end. */
function snippet(pieces: readonly Piece[]): string {
  const numbers = new Map<string, number>();
  const slots = pieces.filter((p): p is Slot => typeof p !== 'string');
  for (const key of FIRST_STOPS) if (slots.some((s) => s.key === key)) numbers.set(key, numbers.size + 1);
  for (const s of slots) if (!numbers.has(s.key)) numbers.set(s.key, numbers.size + 1);
  const seen = new Set<string>();
  let out = '';
  for (const p of pieces) {
    if (typeof p === 'string') out += escapeText(p);
    else {
      const n = numbers.get(p.key)!;
      if (seen.has(p.key)) out += `$${n}`;
      else if (p.choice) out += `\${${n}|${p.choice.map(escapeChoice).join(',')}|}`;
      else out += `\${${n}:${escapeText(p.text)}}`;
      seen.add(p.key);
    }
  }
  return out + '$0';
}

// --- the template of a document ------------------------------------------------

export interface TemplateInput {
  kind: KindSchema;
  /** Its ID (from `nextFreeId`). */
  id: string;
  title?: string;
  role?: string;
  /** A competency for the alignment table's first row (else a placeholder name). */
  competency?: string;
  /** The workspace's proficiency levels, lowest first. */
  levels: readonly string[];
  /** IDs for the prerequisite and next fields (else `None`). */
  prerequisites?: string;
  next?: string;
}

/** The hours of a new document and how they split. */
const MODULE_HOURS: Array<[number, string]> = [
  [14, 'lecture'],
  [18, 'lab'],
  [6, 'project'],
  [2, 'assessment'],
];
const PHASES: Array<[phase: string, description: string, hours: number, touchpoint: string]> = [
  ['Architect', 'Scope and design review', 12, 'Design review'],
  ['Build', 'Implementation', 52, 'Weekly check-in'],
  ['Validate', 'Testing, evidence and presentation', 16, 'Readiness review'],
];
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** What the default kinds' fields without a role get. */
const FIELD_HINTS: Record<string, string> = {
  'placement in curriculum': 'After the core modules of the role.',
  'related assessments': 'Design review, demo and final presentation',
};

/** What the default kinds' sections hold, as lines; `{…}` marks a slot. */
const SECTION_HINTS: Record<string, string[]> = {
  'cross-role progression': [
    '- **Builds On** (modules/roles): {Earlier modules and roles this module extends.}',
    '- **Adds New Depth For** (roles): {What this module adds beyond them, and for whom.}',
    '- **Shared Assets** (reuse / adapt): {Labs, templates or tooling shared with other modules.}',
    "- **Differentiators** (role-specific emphasis): {What this role's version emphasizes.}",
  ],
  'learning objectives': ['- {First measurable objective.}', '- {Second measurable objective.}', '- {Third measurable objective.}'],
  'content outline': ['1. **{First Topic}** – {What it covers.}', '2. **{Second Topic}** – {What it covers.}'],
  'solutions plan': [
    '- **Solution Coverage Required**: {Solutions for every lab, the project and the assessment key.}',
    '- **Repository Strategy**: {Where solutions live and how they are versioned.}',
    '- **Solution Path / Repo**: `{modules/role/module-topic/solutions}`',
    '- **Validation Status**: {Pending}',
  ],
  'resource plan': [
    '- **Primary References**: {Module README and lab guides.}',
    '- **Supplemental Resources**: {Articles, documentation and talks.}',
    '- **Tooling Requirements**: {Tools learners need installed.}',
  ],
  'quality checklist': [
    '- [ ] Module objectives map to competency framework',
    '- [ ] Hands-on assets cover key skills',
    '- [ ] Observability/security considerations included',
    '- [ ] Automation examples validated by scripts',
    '- [ ] Assessment rubric aligned with learning objectives',
    '- [ ] Solutions validated per repository strategy',
    '- [ ] Module advances prior-role content without duplicating material',
  ],
  'dependencies & notes': [
    '- **Upstream Inputs**: {What this module needs from earlier modules.}',
    '- **Downstream Outputs**: {What later modules and projects reuse.}',
    '- **Risks / Mitigations**: {Known risks and how the labs address them.}',
  ],
  'project narrative': [
    '{The scenario: who needs what, and why.} You will:',
    '',
    '1. {First thing learners do.}',
    '2. {Second thing learners do.}',
    '3. {Third thing learners do.}',
  ],
  deliverables: ['- {First deliverable.}', '- {Second deliverable.}'],
  'constraints & assumptions': ['- {A constraint the solution must respect.}', '- {An assumption about the scenario.}'],
  'solutions & validation': [
    '- **Solutions Path**: `{projects/role/project-topic/solutions}`',
    '- **Validation Profiles**: {Checks the solution must pass.}',
    '- **Automation Hooks**: {CI workflows and scripts that run them.}',
  ],
  'risks & mitigations': ['- **{A risk}**: {How it is mitigated.}'],
  'references & inspiration': ['- {Related module labs, articles and reference architectures.}'],
  'sign-off': ['- **Author**: {Author}', '- **Reviewer(s)**: {Reviewer (pending)}', '- **Date Approved**: {Pending}'],
};

/** A hint line: text with `{slot}`s. */
function hintLine(p: Pieces, line: string): void {
  const parts = line.split(/\{([^}]*)\}/);
  parts.forEach((part, i) => (i % 2 ? p.text(p.slot(part)) : part && p.text(part)));
  p.text('\n');
}

const ID: Slot['key'] = 'id';
const TITLE: Slot['key'] = 'title';
const ROLE: Slot['key'] = 'role';

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}

/** A table cell's text: one line, its pipes escaped. */
const cell = (s: string) => oneLine(s).replace(/\|/g, '\\|');

const hasPhases = (kind: KindSchema) => kind.tables.some((t) => t.role === 'phases');

/** A field's value, as pieces. */
function fieldValue(p: Pieces, f: FieldSchema, t: TemplateInput): Piece[] {
  switch (f.role) {
    case 'id':
      return [{ key: ID, text: t.id }];
    case 'title':
      return [{ key: TITLE, text: oneLine(t.title ?? `${t.kind.noun[0]?.toUpperCase() ?? ''}${t.kind.noun.slice(1)} Title`) }];
    case 'roles':
      return [{ key: ROLE, text: oneLine(t.role ?? 'Target Role') }];
    case 'duration':
      // A kind with phases adds its hours up from them; the others split theirs.
      if (hasPhases(t.kind)) return [p.slot(String(sum(PHASES.map((x) => x[2])))), ' hours'];
      return [
        p.slot(String(sum(MODULE_HOURS.map((x) => x[0])))),
        ' hours (',
        ...MODULE_HOURS.flatMap(([h, what], i): Piece[] => [...(i ? [', '] : []), p.slot(String(h)), ` ${what}`]),
        ')',
      ];
    case 'prerequisites':
      // A placement field is prose about where the document sits; the IDs go in the field that lists them.
      return [p.slot(f === listingField(t.kind) ? (t.prerequisites ?? 'None') : (FIELD_HINTS[f.label.toLowerCase()] ?? 'None'))];
    case 'next':
      return [p.slot(t.next ?? 'None')];
    default:
      return [p.slot(FIELD_HINTS[f.label.toLowerCase()] ?? `TODO: ${f.label.toLowerCase()}`)];
  }
}

/** The prerequisite field that lists IDs: the first without prose of its own (not a placement), else the first. */
function listingField(kind: KindSchema): FieldSchema | undefined {
  const fields = kind.fields.filter((f) => f.role === 'prerequisites');
  return fields.find((f) => !FIELD_HINTS[f.label.toLowerCase()]) ?? fields[0];
}

const delimiter = (columns: readonly string[]) => `|${columns.map((c) => '-'.repeat(c.length + 2)).join('|')}|`;

/** A row of a table of the kind, as pieces (cells with slots). */
function tableRows(p: Pieces, ts: TableSchema, t: TemplateInput, snippetChoice: boolean): Piece[][] {
  const rows: Piece[][] = [];
  if (ts.role === 'competencies') {
    rows.push(
      ts.columns.map((c, i): Piece =>
        i === 0
          ? p.slot(cell(t.competency ?? 'competency-name'))
          : /proficiency|level/i.test(c)
            ? p.slot(levelFor(t.levels), snippetChoice ? t.levels : undefined)
            : /role/i.test(c)
              ? { key: ROLE, text: cell(t.role ?? 'Target Role') }
              : p.slot(/evidence|assessment/i.test(c) ? 'Evidence or assessment' : 'TODO'),
      ),
    );
  } else if (ts.role === 'phases') {
    for (const [phase, description, hours, touch] of PHASES) {
      rows.push(
        ts.columns.map((c, i): Piece =>
          i === 0 ? p.slot(phase) : /time|hours|duration/i.test(c) ? p.slot(String(hours)) : /touch|instructor/i.test(c) ? p.slot(touch) : p.slot(i === 1 ? description : 'TODO'),
        ),
      );
    }
  } else if (ts.role === 'components') {
    const hints = ['Lab 1', 'What learners build', 'What done looks like', 'How it is checked'];
    rows.push(ts.columns.map((_, i) => p.slot(hints[i] ?? 'TODO')));
  } else {
    rows.push(ts.columns.map(() => p.slot('TODO')));
  }
  return rows;
}

function rowPieces(cells: Piece[], ts: TableSchema): Piece[] {
  const at = ts.role === 'phases' ? ts.columns.findIndex((c) => /time|hours|duration/i.test(c)) : -1;
  const out: Piece[] = ['| '];
  cells.forEach((cell, i) => {
    if (i) out.push(' | ');
    out.push(cell);
    if (i === at) out.push('h');
  });
  out.push(' |');
  return out;
}

function sectionPieces(p: Pieces, s: SectionSchema, t: TemplateInput, snippetChoice: boolean): void {
  const k = t.kind;
  p.line(`## ${s.name}`).line();
  if (s.name.toLowerCase() === k.overviewSection.toLowerCase()) {
    for (const f of k.fields) p.line(`- **${f.label}**: `, ...fieldValue(p, f, t));
  } else {
    const ts = k.tables.find((x) => x.section.toLowerCase() === s.name.toLowerCase());
    if (ts) {
      p.line(`| ${ts.columns.join(' | ')} |`).line(delimiter(ts.columns));
      for (const row of tableRows(p, ts, t, snippetChoice)) p.line(...rowPieces(row, ts));
    } else {
      for (const line of SECTION_HINTS[s.name.toLowerCase()] ?? ['- {To be written.}']) hintLine(p, line);
    }
  }
  p.line();
}

function documentPieces(t: TemplateInput, snippetChoice: boolean): Piece[] {
  const p = new Pieces();
  const k = t.kind;
  p.line(`# ${k.title}`).line();
  p.line('> ', { key: ROLE, text: oneLine(t.role ?? 'Target Role') }, ' | ', p.slot(`One sentence on what this ${k.noun} adds for the role.`)).line();
  for (const s of k.sections) sectionPieces(p, s, t, snippetChoice);
  return p.out;
}

/** A complete new document of the kind, as plain text. */
export function documentTemplate(t: TemplateInput): string {
  return plain(documentPieces(t, false)).replace(/\n+$/, '\n');
}

/** A complete new document of the kind as a VS Code snippet: title, role and ID are the first tab stops. */
export function documentSnippet(t: TemplateInput): string {
  const pieces = documentPieces(t, true);
  while (typeof pieces[pieces.length - 1] === 'string' && /^\n+$/.test(pieces[pieces.length - 1] as string)) pieces.pop();
  pieces.push('\n');
  return snippet(pieces);
}

/** Where the first value left to write starts in `documentTemplate`'s text (past those given: title, role, ID). */
export function firstPlaceholder(t: TemplateInput): { offset: number; length: number } | undefined {
  let offset = 0;
  for (const piece of documentPieces(t, false)) {
    if (typeof piece === 'string') offset += piece.length;
    else if (FIRST_STOPS.includes(piece.key)) offset += piece.text.length;
    else return { offset, length: piece.text.length };
  }
  return undefined;
}

/** One section of the kind's template as a snippet (the overview snippets). */
export function sectionSnippet(t: TemplateInput, section: SectionSchema): string {
  const p = new Pieces();
  sectionPieces(p, section, t, true);
  const pieces = p.out;
  while (typeof pieces[pieces.length - 1] === 'string' && /^\n+$/.test(pieces[pieces.length - 1] as string)) pieces.pop();
  pieces.push('\n');
  return snippet(pieces);
}

/** A new row of one of the kind's tables as a snippet (the row snippets). */
export function rowSnippet(t: TemplateInput, table: TableSchema): string {
  const p = new Pieces();
  const rows = tableRows(p, table, t, true);
  // A phase row: one phase of a few hours.
  const row = table.role === 'phases' ? rows[0].map((c, i) => (i === table.columns.findIndex((x) => /time|hours|duration/i.test(x)) ? { ...(c as Slot), text: '8' } : c)) : rows[0];
  // The role cell of a lone row is a value of its own, not the document's role.
  return snippet(rowPieces(row.map((c) => (typeof c !== 'string' && c.key === ROLE ? p.slot(c.text) : c)), table));
}

// --- what a quick fix inserts into a document -------------------------------------

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
  if (table) return `| ${table.columns.join(' | ')} |\n${delimiter(table.columns)}`;
  return '- _To be written._';
}

export function sectionText(kind: KindSchema, section: SectionSchema, values: FieldValues): string {
  return `## ${section.name}\n\n${sectionBody(kind, section, values)}\n`;
}
