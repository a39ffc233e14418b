import type { CodeLens, Location } from 'vscode-languageserver';
import { SHOW_RELATED_COMMAND } from '../protocol';
import type { FeatureContext } from './context';
import { lensFigures } from './metrics';

/** `N prerequisites · M dependents · H h before · blocks B` on the ID line; clicking lists the prerequisites and dependents. */
export function codeLenses(ctx: FeatureContext, uri: string): CodeLens[] {
  const doc = ctx.ws.get(uri);
  if (!doc?.id || !doc.idField) return [];
  const { index } = ctx.ws;
  const prerequisites = index.prerequisitesOf(doc.id);
  const dependents = [...new Set(index.dependentsOf(doc.id))];
  const locations: Location[] = [
    ...prerequisites.flatMap((id) => index.definitions(id).map((d) => ({ uri: d.uri, range: d.idField!.range }))),
    ...dependents.map((d) => ({ uri: d.uri, range: (d.idField ?? d.h1)!.range })),
  ];
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  const figures = lensFigures(ctx, doc.id);
  const title = `${plural(prerequisites.length, 'prerequisite')} · ${plural(dependents.length, 'dependent')}${figures ? ` · ${figures}` : ''}`;
  return [
    {
      range: doc.idField.range,
      command: { title, command: SHOW_RELATED_COMMAND, arguments: [uri, doc.idField.range.start, locations] },
    },
  ];
}
