/** Every rule, and the function that runs them over one document. */
import type { WorkspaceIndex } from '../index/workspaceIndex';
import { SKIPPED_CODE } from '../limits';
import type { RoadmapDoc } from '../model';
import type { CompiledSchema } from '../schema/compile';
import { duplicateId } from './duplicateId';
import { durationMismatch } from './durationMismatch';
import { emptySection } from './emptySection';
import { invalidId } from './invalidId';
import { missingField } from './missingField';
import { missingReciprocal } from './missingReciprocal';
import { missingSection } from './missingSection';
import { prerequisiteCycle } from './prerequisiteCycle';
import { proficiencyJump } from './proficiencyJump';
import { proficiencyRegression } from './proficiencyRegression';
import { roleMismatch } from './roleMismatch';
import { sectionOrder } from './sectionOrder';
import { selfReference } from './selfReference';
import { tableShape } from './tableShape';
import type { RoadmapDiagnostic, Rule, Severity } from './types';
import { unassessedCompetency } from './unassessedCompetency';
import { unknownCompetency } from './unknownCompetency';
import { unknownField } from './unknownField';
import { unknownProficiency } from './unknownProficiency';
import { unknownReference } from './unknownReference';
import { unknownSection } from './unknownSection';

export const rules: readonly Rule[] = [
  missingSection,
  emptySection,
  sectionOrder,
  unknownSection,
  missingField,
  unknownField,
  invalidId,
  duplicateId,
  unknownReference,
  selfReference,
  prerequisiteCycle,
  durationMismatch,
  tableShape,
  unknownCompetency,
  unknownProficiency,
  roleMismatch,
  missingReciprocal,
  proficiencyRegression,
  unassessedCompetency,
  proficiencyJump,
];

/** Where each rule's documentation lives: `docs/rules/<code>.md` in the repository. */
export const RULE_DOCS_BASE = 'https://github.com/roadmap-author/roadmap-author/blob/main/docs/rules/';

export function ruleDocUrl(code: string): string {
  // A skipped document is no rule's finding: its page is the one on limits.
  if (code === SKIPPED_CODE) return RULE_DOCS_BASE.replace(/rules\/$/, 'limits.md');
  return `${RULE_DOCS_BASE}${code}.md`;
}

export interface CheckOptions {
  /** Per-rule severity, or `off`. */
  severities?: Record<string, Severity | 'off'>;
  describe?: (uri: string) => string;
  /** The competency framework's names, when the workspace has one. */
  framework?: readonly string[];
  /** Only the document's own findings: the rules marked `crossFile` do not run (while the index is incomplete). */
  ownOnly?: boolean;
}

const frameworks = new WeakMap<readonly string[], ReadonlySet<string>>();
function frameworkSet(names: readonly string[] | undefined): ReadonlySet<string> | undefined {
  if (!names) return undefined;
  let set = frameworks.get(names);
  if (!set) frameworks.set(names, (set = new Set(names.map((n) => n.toLowerCase()))));
  return set;
}

/** Whether a suppression comment of the document silences a diagnostic. */
function suppressed(doc: RoadmapDoc, d: RoadmapDiagnostic): boolean {
  return doc.suppressions.some(
    (s) => (s.codes.length === 0 || s.codes.includes(d.code)) && (s.scope === 'document' || s.line === d.range.start.line),
  );
}

/** Runs every rule over a roadmap document; a document that is not a roadmap gets none. */
export function checkDocument(
  doc: RoadmapDoc,
  index: WorkspaceIndex,
  schema: CompiledSchema,
  options: CheckOptions = {},
): RoadmapDiagnostic[] {
  // Not parsed (too large, not text, too complex): one note saying so, and nothing else.
  if (doc.skipped) {
    const severity = options.severities?.[SKIPPED_CODE] ?? 'information';
    return severity === 'off' ? [] : [{ code: SKIPPED_CODE, severity, message: doc.skipped.message, range: doc.skipped.range }];
  }
  if (!doc.kind) return [];
  const out: RoadmapDiagnostic[] = [];
  const describe = options.describe ?? ((uri: string) => uri.slice(uri.lastIndexOf('/') + 1));
  const framework = frameworkSet(options.framework);
  for (const rule of rules) {
    const severity = options.severities?.[rule.code] ?? rule.severity;
    if (severity === 'off' || (options.ownOnly && rule.crossFile)) continue;
    rule.check({
      doc,
      index,
      schema,
      describe,
      framework,
      report: (d) => {
        const diagnostic = { ...d, code: rule.code, severity };
        if (!suppressed(doc, diagnostic)) out.push(diagnostic);
      },
    });
  }
  return out;
}
