import type { Location, Position } from 'vscode-languageserver';
import { mentionAt, type FeatureContext } from './context';

/** From any ID mention to the document(s) defining it. */
export function definition(ctx: FeatureContext, uri: string, position: Position): Location[] {
  const m = mentionAt(ctx.ws.get(uri), position);
  if (!m) return [];
  return ctx.ws.index.definitions(m.id).map((d) => ({ uri: d.uri, range: d.idField!.range }));
}
