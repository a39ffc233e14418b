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
  const text = JSON.stringify(diagnostics);
  return hash53(text, 0x9e3779b9).toString(36) + '.' + hash53(text, 0x85ebca6b).toString(36);
}

/**
 * A 53-bit hash of a string (cyrb53): the same in node and in a browser's worker (no
 * node:crypto there). Two seeds make an ID: about 106 bits, no collision in practice
 * between two versions of one document's diagnostics.
 */
function hash53(text: string, seed: number): number {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
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
