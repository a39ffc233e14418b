import { createHash } from 'node:crypto';
import {
  DiagnosticSeverity,
  DocumentDiagnosticReportKind,
  type Diagnostic,
  type FullDocumentDiagnosticReport,
  type UnchangedDocumentDiagnosticReport,
} from 'vscode-languageserver';
import { ruleDocUrl } from '../core/rules/registry';
import type { RoadmapDiagnostic, Severity } from '../core/rules/types';

const severities: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

export function toLspDiagnostic(d: RoadmapDiagnostic): Diagnostic {
  const out: Diagnostic = {
    range: d.range,
    severity: severities[d.severity],
    code: d.code,
    codeDescription: { href: ruleDocUrl(d.code) },
    source: 'roadmap',
    message: d.message,
  };
  if (d.data) out.data = d.data;
  if (d.related?.length) {
    out.relatedInformation = d.related.map((r) => ({ location: { uri: r.uri, range: r.range }, message: r.message }));
  }
  return out;
}

/**
 * The result ID of a pull report: a hash of the diagnostics themselves, so the same
 * diagnostics always get the same ID (also across server restarts and config reloads)
 * and any change to a range, message or related location gives a new one.
 */
export function resultIdOf(diagnostics: Diagnostic[]): string {
  return createHash('sha1').update(JSON.stringify(diagnostics)).digest('base64url');
}

/**
 * The answer to `textDocument/diagnostic`: `unchanged` when the client already has
 * these diagnostics (its `previousResultId` is theirs), else the full list.
 */
export function diagnosticReport(
  diagnostics: Diagnostic[],
  previousResultId: string | undefined,
): FullDocumentDiagnosticReport | UnchangedDocumentDiagnosticReport {
  const resultId = resultIdOf(diagnostics);
  if (previousResultId === resultId) return { kind: DocumentDiagnosticReportKind.Unchanged, resultId };
  return { kind: DocumentDiagnosticReportKind.Full, resultId, items: diagnostics };
}
