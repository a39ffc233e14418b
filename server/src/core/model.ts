/**
 * The roadmap model: what the engine knows of one document after parsing. It holds
 * no syntax tree and no text, only the facts the rules and features need, each
 * with its range, so that thousands of documents can be held at once.
 */
import type { FieldSchema, KindSchema, SectionSchema, TableSchema } from './schema/types';
import type { Range } from './text';

export interface TextSpan {
  text: string;
  range: Range;
}

export interface Section {
  /** The heading text as written. */
  name: string;
  /** The schema section it matches, if any. */
  schema?: SectionSchema;
  headingRange: Range;
  /** From the heading to the end of the section's last content. */
  range: Range;
  /** False when nothing but blank lines and HTML comments follow the heading. */
  hasContent: boolean;
}

/**
 * A `- **Label**: value` bullet. The model keeps the overview's fields, and elsewhere
 * only those naming a path (see `isPathLabel`, for document links): nothing else reads
 * the others, and thousands of documents are held at once.
 */
export interface Field {
  /** The label as written, without the colon or a trailing parenthetical. */
  label: string;
  labelRange: Range;
  /** The schema field it matches; only overview fields are matched. */
  schema?: FieldSchema;
  /** Everything after the colon, nested bullets included, trimmed. */
  value: string;
  valueRange: Range;
  /** The name of the section holding it, if any. */
  section?: string;
  inOverview: boolean;
}

/**
 * A table row: the text of each cell (markup left out, trimmed) and the row's range.
 * Cells have no ranges of their own here: the rows of competency and phase tables
 * become `competencies` and `phases`, which keep the ranges that are reported on.
 */
export interface TableRow {
  cells: string[];
  range: Range;
}

export interface Table {
  section?: string;
  schema?: TableSchema;
  range: Range;
  header: TableRow;
  rows: TableRow[];
}

/** A row of a competency table. */
export interface Competency {
  name: string;
  range: Range;
  level?: TextSpan;
  /** The Evidence / Assessment cell, when the table has that column and the row that cell (its text may be empty). */
  evidence?: TextSpan;
  roles?: TextSpan;
}

/** A row of a phases table (a project's Learner Experience). */
export interface Phase {
  name: string;
  time?: TextSpan;
  hours?: number;
}

export interface Duration {
  text: string;
  range: Range;
  /** The leading `N hours`, if it parses. */
  total?: number;
  /** The parenthesised breakdown `(a lecture, b lab)`, if every part parses. */
  parts?: Array<{ label: string; hours: number }>;
}

export type MentionKind = 'definition' | 'prerequisite' | 'next' | 'reference';

/** An ID written in the document. */
export interface Mention {
  id: string;
  range: Range;
  kind: MentionKind;
  /** The label of the field it sits in, if any. */
  field?: string;
}

/** A `<!-- roadmap-disable… -->` comment. */
export interface Suppression {
  /** `document`: the whole document; `next-line`: diagnostics starting on `line`. */
  scope: 'document' | 'next-line';
  line: number;
  /** Rule codes, or empty for every rule. */
  codes: string[];
}

export interface RoadmapDoc {
  uri: string;
  /** Undefined when the document is not a roadmap (its first H1 is no known kind). */
  kind?: KindSchema;
  h1?: TextSpan;
  /** The ID field's value as written (trimmed), valid or not. */
  idField?: TextSpan;
  /** The ID this document defines: the ID field's value when it matches the kind's pattern. */
  id?: string;
  title?: string;
  roles: TextSpan[];
  duration?: Duration;
  fields: Field[];
  sections: Section[];
  tables: Table[];
  competencies: Competency[];
  phases: Phase[];
  mentions: Mention[];
  suppressions: Suppression[];
  /** Number of lines of the text, for ranges that end at the end of the document. */
  lineCount: number;
  /** Set when the document was not parsed (too large, not text, too complex) but may be a roadmap. */
  skipped?: SkipReason;
}

/** Why a document that may be a roadmap was not parsed; `checkDocument` reports it once (`document-skipped`). */
export interface SkipReason {
  reason: 'too-large' | 'not-text' | 'too-complex';
  /** One sentence for the user: that the document was skipped and why, with the numbers. */
  message: string;
  /** The document's size in bytes of UTF-8. */
  bytes: number;
  /** Where the diagnostic goes: the first line. */
  range: Range;
}

export function emptyDoc(uri: string, lineCount = 1): RoadmapDoc {
  return {
    uri,
    roles: [],
    fields: [],
    sections: [],
    tables: [],
    competencies: [],
    phases: [],
    mentions: [],
    suppressions: [],
    lineCount,
  };
}

/** True when a field's label names a path (`Solution Path`, `Repo`, …): such fields are kept outside the overview too. */
export function isPathLabel(label: string): boolean {
  return /\b(path|repo|repository)\b/i.test(label);
}

/** The overview field of a document that has the given role, if present. */
export function fieldWithRole(doc: RoadmapDoc, role: string): Field | undefined {
  return doc.fields.find((f) => f.schema?.role === role);
}

/** IDs this document points at through prerequisite (or next) fields, in order, without repeats. */
export function edgeTargets(doc: RoadmapDoc, kind: 'prerequisite' | 'next'): string[] {
  const out: string[] = [];
  for (const m of doc.mentions) if (m.kind === kind && !out.includes(m.id)) out.push(m.id);
  return out;
}
