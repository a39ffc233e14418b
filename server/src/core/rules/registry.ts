/** Every rule, and the function that runs them over one document. */
import type { WorkspaceIndex } from '../index/workspaceIndex';
import type { RoadmapDoc } from '../model';
import type { CompiledSchema } from '../schema/compile';
import { duplicateId } from './duplicateId';
import { durationMismatch } from './durationMismatch';
import { emptySection } from './emptySection';
import { invalidId } from './invalidId';
import { missingField } from './missingField';
import { missingSection } from './missingSection';
import { prerequisiteCycle } from './prerequisiteCycle';
import { selfReference } from './selfReference';
import { tableShape } from './tableShape';
import type { RoadmapDiagnostic, Rule, Severity } from './types';
import { unknownReference } from './unknownReference';

export const rules: readonly Rule[] = [
  missingSection,
  emptySection,
  missingField,
  invalidId,
  duplicateId,
  unknownReference,
  selfReference,
  prerequisiteCycle,
  durationMismatch,
  tableShape,
];

/** Where each rule's documentation lives: `docs/rules/<code>.md` in the repository. */
export const RULE_DOCS_BASE = 'https://github.com/roadmap-author/roadmap-author/blob/main/docs/rules/';

export function ruleDocUrl(code: string): string {
  return `${RULE_DOCS_BASE}${code}.md`;
}

export interface CheckOptions {
  /** Per-rule severity, or `off`. */
  severities?: Record<string, Severity | 'off'>;
  describe?: (uri: string) => string;
}

/** Runs every rule over a roadmap document; a document that is not a roadmap gets none. */
export function checkDocument(
  doc: RoadmapDoc,
  index: WorkspaceIndex,
  schema: CompiledSchema,
  options: CheckOptions = {},
): RoadmapDiagnostic[] {
  if (!doc.kind) return [];
  const out: RoadmapDiagnostic[] = [];
  const describe = options.describe ?? ((uri: string) => uri.slice(uri.lastIndexOf('/') + 1));
  for (const rule of rules) {
    const severity = options.severities?.[rule.code] ?? rule.severity;
    if (severity === 'off') continue;
    rule.check({
      doc,
      index,
      schema,
      describe,
      report: (d) => out.push({ ...d, code: rule.code, severity }),
    });
  }
  return out;
}
