import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver';
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
  if (d.related?.length) {
    out.relatedInformation = d.related.map((r) => ({ location: { uri: r.uri, range: r.range }, message: r.message }));
  }
  return out;
}
