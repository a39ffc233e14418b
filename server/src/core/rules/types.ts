import type { WorkspaceIndex } from '../index/workspaceIndex';
import type { RoadmapDoc } from '../model';
import type { CompiledSchema } from '../schema/compile';
import type { Range } from '../text';

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface RelatedInformation {
  uri: string;
  range: Range;
  message: string;
}

export interface RoadmapDiagnostic {
  code: string;
  severity: Severity;
  message: string;
  range: Range;
  related?: RelatedInformation[];
  /** What a quick fix needs, so that it never reads it back out of the message (LSP `Diagnostic.data`). */
  data?: DiagnosticData;
}

/**
 * `missing-field` and `unknown-field`: the field (its schema label) and, when the
 * overview has a label no field knows that may be meant for it, that label and its range.
 */
export interface FieldData {
  /** The kind's key. */
  kind: string;
  /** The label of the missing field as the schema writes it. */
  field?: string;
  /** A label of the overview that no field knows. */
  unknown?: { label: string; range: Range };
}

/**
 * `proficiency-regression` and `proficiency-jump`: the competency (as the row writes it)
 * and, for a regression, the higher level reached before and the document reaching it.
 */
export interface LevelData {
  competency: string;
  /** The level reached earlier (canonical spelling) and where (`proficiency-regression`). */
  before?: { level: string; id: string };
}

export type DiagnosticData = FieldData | LevelData;

export interface RuleContext {
  doc: RoadmapDoc;
  index: WorkspaceIndex;
  schema: CompiledSchema;
  /** The competency framework's names, lower case, when the workspace has one. */
  framework?: ReadonlySet<string>;
  /** A short, human name for a document in messages: its path relative to the workspace. */
  describe(uri: string): string;
  report(d: Omit<RoadmapDiagnostic, 'code' | 'severity'>): void;
}

/** One rule: a stable code, a default severity, and a check over one document. */
export interface Rule {
  code: string;
  severity: Severity;
  /** One line for documentation and configuration schemas. */
  description: string;
  /**
   * The rule judges a document against others (through the index): its findings are
   * only true once every document is indexed, so the server holds them back until then.
   */
  crossFile?: true;
  check(ctx: RuleContext): void;
}
