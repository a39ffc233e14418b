import { edgeTargets, type RoadmapDoc } from '../model';
import type { Rule } from './types';

/** Whether a document's kind has a field for the given edge. */
function hasField(doc: RoadmapDoc, role: 'prerequisites' | 'next'): boolean {
  return !!doc.kind?.fields.some((f) => f.role === role);
}

export const missingReciprocal: Rule = {
  code: 'missing-reciprocal',
  severity: 'hint',
  crossFile: true,
  description: 'A lists B as next, but B does not list A as a prerequisite (or the reverse).',
  check({ doc, index, report }) {
    if (!doc.id) return;
    const id = doc.id;
    // Only the first mention of each edge is looked at (and reported): the same ID listed
    // thousands of times must not cost thousands of look-ups over the other document.
    const seen = new Set<string>();
    for (const m of doc.mentions) {
      if ((m.kind !== 'prerequisite' && m.kind !== 'next') || m.id === id) continue;
      if (seen.has(`${m.kind}>${m.id}`)) continue;
      seen.add(`${m.kind}>${m.id}`);
      const want = m.kind === 'next' ? 'prerequisite' : 'next';
      const others = index.definitions(m.id);
      if (others.length === 0 || others.some((o) => !hasField(o, want === 'next' ? 'next' : 'prerequisites'))) continue;
      if (others.some((o) => edgeTargets(o, want).includes(id))) continue;
      const other = others[0];
      const otherField = other.fields.find((f) => f.schema?.role === (want === 'next' ? 'next' : 'prerequisites'));
      report({
        message:
          m.kind === 'next'
            ? `${id} lists ${m.id} as its next module, but ${m.id} does not list ${id} among its prerequisites.`
            : `${id} lists ${m.id} as a prerequisite, but ${m.id} does not list ${id} as a next module.`,
        range: m.range,
        related: otherField ? [{ uri: other.uri, range: otherField.valueRange, message: `${m.id}'s ${otherField.label}` }] : [],
      });
    }
  },
};
