import type { DocumentLink } from 'vscode-languageserver';
import { isPathLabel } from '../core/model';
import { LineIndex } from '../core/text';
import type { FeatureContext } from './context';

/**
 * Links on the paths written in path-like fields (`Solution Path`, `Solutions Path`,
 * `Solution Path / Repo`, …) when the path exists in the workspace.
 */
export function documentLinks(ctx: FeatureContext, uri: string): DocumentLink[] {
  const doc = ctx.ws.get(uri);
  const text = ctx.text(uri);
  if (!doc?.kind || text === undefined || !ctx.resolvePath) return [];
  const lines = new LineIndex(text);
  const out: DocumentLink[] = [];
  for (const f of doc.fields) {
    if (!isPathLabel(f.label)) continue;
    const start = lines.offsetAt(f.valueRange.start);
    const value = text.slice(start, lines.offsetAt(f.valueRange.end));
    const candidates = [...value.matchAll(/`([^`\n]+)`/g)].map((m) => ({ path: m[1], at: m.index! + 1 }));
    if (candidates.length === 0 && /^[\w./-]+$/.test(value.trim())) candidates.push({ path: value.trim(), at: value.indexOf(value.trim()) });
    for (const c of candidates) {
      const cleaned = c.path.replace(/[.,;]+$/, '');
      const target = ctx.resolvePath(uri, cleaned);
      if (target) out.push({ range: lines.range(start + c.at, start + c.at + cleaned.length), target, tooltip: `Open ${cleaned}` });
    }
  }
  return out;
}
