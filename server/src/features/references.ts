import type { Location, Position } from 'vscode-languageserver';
import { comparePositions } from '../core/text';
import { mentionAt, type FeatureContext } from './context';

/** Every mention of the ID under the cursor, across the workspace. */
export function references(ctx: FeatureContext, uri: string, position: Position, includeDeclaration: boolean): Location[] {
  const m = mentionAt(ctx.ws.get(uri), position);
  if (!m) return [];
  const docs = new Set([...ctx.ws.index.referrers(m.id), ...ctx.ws.index.definitions(m.id)]);
  const out: Location[] = [];
  for (const doc of docs) {
    for (const x of doc.mentions) {
      if (x.id !== m.id) continue;
      if (x.kind === 'definition' && !includeDeclaration) continue;
      out.push({ uri: doc.uri, range: x.range });
    }
  }
  return out.sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : comparePositions(a.range.start, b.range.start)));
}
