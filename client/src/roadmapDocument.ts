/**
 * What the client can tell about a markdown document by itself, cheaply, before
 * or without the server: its first H1 (is it a roadmap, and of which kind) and
 * the ID written in its ID field. Used for the `roadmap.isRoadmap` context key
 * and as the status bar's fallback. Pure: lines in, answers out.
 */
import { defaultSchema } from '../../server/src/core/schema/defaultSchema';
import { kindOfTitle as kindOfCoreTitle } from '../../server/src/core/schema/compile';
import type { KindSchema } from '../../server/src/core/schema/types';

/** The text of the first H1 (ATX `# Title` or setext `Title` / `===`), skipping front matter and fenced code. */
export function firstH1(lineAt: (i: number) => string, lineCount: number): string | undefined {
  let i = 0;
  if (lineCount > 0 && lineAt(0).trim() === '---') {
    for (i = 1; i < lineCount && !/^(---|\.\.\.)\s*$/.test(lineAt(i)); i++);
    i++;
  }
  let fence: string | undefined;
  for (; i < lineCount; i++) {
    const line = lineAt(i);
    const f = /^ {0,3}(`{3,}|~{3,})/.exec(line);
    if (fence) {
      if (f && f[1][0] === fence[0] && f[1].length >= fence.length && line.trim() === f[1]) fence = undefined;
      continue;
    }
    if (f) {
      fence = f[1];
      continue;
    }
    const atx = /^ {0,3}#(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/.exec(line);
    if (atx) return (atx[1] ?? '').trim();
    if (line.trim() && i + 1 < lineCount && /^ {0,3}=+[ \t]*$/.test(lineAt(i + 1)) && !/^ {0,3}([-*>]|\d+[.)])\s/.test(line)) return line.trim();
  }
  return undefined;
}

/** The kind whose title is this H1, if any: the core's rule (`kindOfTitle`, schema/compile.ts), the default schema's kinds unless given. */
export function kindOfTitle(h1: string | undefined, kinds: readonly KindSchema[] = defaultSchema.kinds): KindSchema | undefined {
  return kindOfCoreTitle(h1, kinds);
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** The ID in the kind's ID field (`- **Module ID**: MOD-201`), if the document has one that matches the pattern. */
export function idFromLines(lineAt: (i: number) => string, lineCount: number, kind: KindSchema): string | undefined {
  const field = kind.fields.find((f) => f.role === 'id');
  if (!field) return undefined;
  const labels = [field.label, ...(field.aliases ?? [])].map(escapeRegExp).join('|');
  const re = new RegExp(`^\\s*[-*+]\\s+\\*\\*(?:${labels})\\s*:?\\*\\*[^:\\n]*?:?\\s*\`?(${kind.idPattern})\\b`, 'i');
  for (let i = 0; i < lineCount; i++) {
    const m = re.exec(lineAt(i));
    if (m) return m[1];
  }
  return undefined;
}
