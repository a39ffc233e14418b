import { SymbolKind, type DocumentSymbol, type SymbolInformation } from 'vscode-languageserver';
import { comparePositions } from '../core/text';
import type { FeatureContext } from './context';

/** The outline: the document (named by its ID and title), its sections, the overview fields. */
export function documentSymbols(ctx: FeatureContext, uri: string): DocumentSymbol[] {
  const doc = ctx.ws.get(uri);
  if (!doc?.kind || !doc.h1) return [];
  const children: DocumentSymbol[] = doc.sections.map((s) => ({
    name: s.name,
    kind: SymbolKind.String,
    range: s.range,
    selectionRange: s.headingRange,
    children: doc.fields
      .filter((f) => f.section === s.name && f.inOverview)
      .map((f) => ({
        name: f.label,
        detail: f.value.length > 60 ? f.value.slice(0, 59) + '…' : f.value,
        kind: SymbolKind.Field,
        range: { start: f.labelRange.start, end: f.valueRange.end },
        selectionRange: f.labelRange,
      })),
  }));
  // From the H1 to the end of the last section; a section written above the H1 widens it
  // (the selection range must lie inside the range, or the editor drops the outline).
  const ends = [doc.h1.range, ...doc.sections.map((s) => s.range)];
  const first = ends.reduce((a, r) => (comparePositions(r.start, a) < 0 ? r.start : a), doc.h1.range.start);
  const last = ends.reduce((a, r) => (comparePositions(r.end, a) > 0 ? r.end : a), doc.h1.range.end);
  const name = [doc.id ?? doc.idField?.text, doc.title].filter(Boolean).join(' ') || doc.kind.title;
  return [
    {
      name,
      detail: doc.kind.title,
      kind: doc.kind.capstone ? SymbolKind.Class : SymbolKind.Module,
      range: { start: first, end: last },
      selectionRange: doc.h1.range,
      children,
    },
  ];
}

/** Every defined ID whose ID or title contains the query's characters in order. */
export function workspaceSymbols(ctx: FeatureContext, query: string, limit = 500): SymbolInformation[] {
  const q = query.toLowerCase().replace(/\s+/g, '');
  const matches = (s: string) => {
    let i = 0;
    for (const ch of s.toLowerCase()) if (ch === q[i]) i++;
    return i === q.length;
  };
  const out: SymbolInformation[] = [];
  for (const doc of ctx.ws.index.all()) {
    if (!doc.id || !doc.kind) continue;
    const name = doc.title ? `${doc.id} ${doc.title}` : doc.id;
    if (!matches(name)) continue;
    out.push({
      name,
      kind: doc.kind.capstone ? SymbolKind.Class : SymbolKind.Module,
      location: { uri: doc.uri, range: doc.idField!.range },
      containerName: doc.kind.title,
    });
    if (out.length >= limit) break;
  }
  return out.sort((a, b) => a.name.localeCompare(b.name));
}
