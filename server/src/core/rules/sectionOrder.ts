import type { Section } from '../model';
import type { Rule } from './types';

/**
 * The sections in order are the longest run that follows the schema's order; each
 * section outside it is out of place. Moving one section far flags that section
 * alone, not every section it jumped over.
 */
function inOrder(indices: number[]): Set<number> {
  // Longest strictly increasing subsequence. For each section, the predecessor is the
  // earliest section ending a longest run below it (as the O(n²) programme over every
  // pair picks it), found per distinct schema position: O(n·k) for k positions, so that
  // a document of thousands of headings is not a quadratic stall.
  const best = indices.map(() => 1);
  const prev = indices.map(() => -1);
  /** Schema position -> the longest run ending at a section there so far, and the earliest section ending one that long. */
  const top = new Map<number, { best: number; at: number }>();
  for (let i = 0; i < indices.length; i++) {
    let from: { best: number; at: number } | undefined;
    for (const [index, t] of top) {
      if (index < indices[i] && (!from || t.best > from.best || (t.best === from.best && t.at < from.at))) from = t;
    }
    if (from) {
      best[i] = from.best + 1;
      prev[i] = from.at;
    }
    const t = top.get(indices[i]);
    if (!t || best[i] > t.best) top.set(indices[i], { best: best[i], at: i });
  }
  let end = 0;
  for (let i = 1; i < best.length; i++) if (best[i] > best[end]) end = i;
  const keep = new Set<number>();
  for (let i = indices.length ? end : -1; i >= 0; i = prev[i]) keep.add(i);
  return keep;
}

export const sectionOrder: Rule = {
  code: 'section-order',
  severity: 'information',
  description: "Sections are out of the schema's order.",
  check({ doc, report }) {
    const order = doc.kind!.sections;
    const known: Array<{ section: Section; index: number }> = [];
    for (const s of doc.sections) if (s.schema) known.push({ section: s, index: order.indexOf(s.schema) });
    const keep = inOrder(known.map((k) => k.index));
    // The in-order sections, their schema positions strictly increasing.
    const kept = known.filter((_, i) => keep.has(i));
    known.forEach(({ section, index }, i) => {
      if (keep.has(i)) return;
      // Where it belongs: after the last in-order section that precedes it in the schema.
      let lo = 0;
      for (let hi = kept.length; lo < hi; ) {
        const mid = (lo + hi) >> 1;
        if (kept[mid].index < index) lo = mid + 1;
        else hi = mid;
      }
      const after = kept[lo - 1];
      const where = after ? `after "${after.section.name}"` : 'before the other sections';
      report({ message: `Section "${section.name}" is out of order: it belongs ${where}.`, range: section.headingRange });
    });
  },
};
