import { analyticsOf } from '../analytics';
import type { Rule } from './types';

/** The levels a competency should not first appear at: the two top levels of a scale of five or more (Advanced and Expert by default); the top one of a shorter scale; none of a one-level scale. */
export function topLevels(levels: readonly string[]): readonly string[] {
  return levels.length >= 5 ? levels.slice(-2) : levels.length >= 2 ? levels.slice(-1) : [];
}

export const proficiencyJump: Rule = {
  code: 'proficiency-jump',
  // Judged against what the document requires: true only once every document is indexed.
  crossFile: true,
  severity: 'hint',
  description: 'A competency first appears at one of the two top levels (the top one of a scale shorter than five): no document before it, along any chain, targets it.',
  check({ doc, index, schema, report }) {
    if (!doc.id || doc.competencies.length === 0) return;
    // An ID defined twice has no one place in the curriculum (duplicate-id says so): nothing to compare along its chains.
    if (index.definerUris(doc.id).length > 1) return;
    const top = topLevels(schema.schema.proficiencyLevels);
    const engine = analyticsOf({ index, schema });
    // On or after a cycle, no chain has an order, so nothing "first appears" (prerequisite-cycle says why).
    // Nor after an ID no document defines, or two do: what comes before it is not all known (unknown-reference, duplicate-id say so).
    if (engine.onOrAfterCycle(doc.id) || engine.requiresUnknown(doc.id)) return;
    let peaks: ReturnType<typeof engine.requiredPeaks> | undefined;
    for (const c of doc.competencies) {
      const level = c.level ? schema.proficiencyLevel(c.level.text) : undefined;
      if (!c.level || !level || !top.includes(level)) continue;
      peaks ??= engine.requiredPeaks(doc.id);
      if (peaks.has(c.name.toLowerCase())) continue;
      report({
        message: `Competency "${c.name}" first appears here at ${level}, ${top.length === 2 ? 'one of the two top levels' : 'the top level'}: no document ${doc.id} requires targets it on the way.`,
        range: c.level.range,
        data: { competency: c.name },
      });
    }
  },
};
