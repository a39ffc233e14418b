import type { Section } from '../model';
import type { Rule } from './types';

/**
 * The sections in order are the longest run that follows the schema's order; each
 * section outside it is out of place. Moving one section far flags that section
 * alone, not every section it jumped over.
 */
function inOrder(indices: number[]): Set<number> {
  // Longest strictly increasing subsequence, O(n²): a document has a dozen sections.
  const best = indices.map(() => 1);
  const prev = indices.map(() => -1);
  for (let i = 0; i < indices.length; i++) {
    for (let j = 0; j < i; j++) {
      if (indices[j] < indices[i] && best[j] + 1 > best[i]) {
        best[i] = best[j] + 1;
        prev[i] = j;
      }
    }
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
    known.forEach(({ section, index }, i) => {
      if (keep.has(i)) return;
      // Where it belongs: after the last in-order section that precedes it in the schema.
      const after = known.filter((k, j) => keep.has(j) && k.index < index).pop();
      const where = after ? `after "${after.section.name}"` : 'before the other sections';
      report({ message: `Section "${section.name}" is out of order: it belongs ${where}.`, range: section.headingRange });
    });
  },
};
