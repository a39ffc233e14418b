import { analyticsOf } from '../analytics';
import type { Rule } from './types';

export const proficiencyJump: Rule = {
  code: 'proficiency-jump',
  severity: 'hint',
  description: 'A competency first appears at one of the two top levels: no document before it, along any chain, targets it.',
  check({ doc, index, schema, report }) {
    if (!doc.id || doc.competencies.length === 0) return;
    const levels = schema.schema.proficiencyLevels;
    // The two top levels; with fewer than three levels, only the top one.
    const top = levels.length >= 3 ? levels.slice(-2) : levels.slice(-1);
    const engine = analyticsOf({ index, schema });
    // On or after a cycle, no chain has an order, so nothing "first appears" (prerequisite-cycle says why).
    if (engine.onOrAfterCycle(doc.id)) return;
    let peaks: ReturnType<typeof engine.requiredPeaks> | undefined;
    for (const c of doc.competencies) {
      const level = c.level ? schema.proficiencyLevel(c.level.text) : undefined;
      if (!c.level || !level || !top.includes(level)) continue;
      peaks ??= engine.requiredPeaks(doc.id);
      if (peaks.has(c.name.toLowerCase())) continue;
      report({
        message: `Competency "${c.name}" first appears here at ${level}, one of the two top levels: no document ${doc.id} requires targets it on the way.`,
        range: c.level.range,
      });
    }
  },
};
