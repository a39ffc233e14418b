import type { FoldingRange } from 'vscode-languageserver';
import type { FeatureContext } from './context';

/** One folding range per section, from its heading to its last line. */
export function foldingRanges(ctx: FeatureContext, uri: string): FoldingRange[] {
  const doc = ctx.ws.get(uri);
  if (!doc?.kind) return [];
  return doc.sections
    .filter((s) => s.range.end.line > s.headingRange.start.line)
    .map((s) => ({ startLine: s.headingRange.start.line, endLine: s.range.end.line }));
}
