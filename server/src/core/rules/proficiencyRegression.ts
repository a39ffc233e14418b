import { analyticsOf } from '../analytics';
import type { Rule } from './types';

export const proficiencyRegression: Rule = {
  code: 'proficiency-regression',
  // Judged against what the document requires: true only once every document is indexed.
  crossFile: true,
  severity: 'information',
  description: 'A document targets a competency at a lower level than a document it requires (directly or transitively).',
  check({ doc, index, schema, report }) {
    if (!doc.id || doc.competencies.length === 0) return;
    // An ID defined twice has no one place in the curriculum (duplicate-id says so): nothing to compare along its chains.
    if (index.definerUris(doc.id).length > 1) return;
    const engine = analyticsOf({ index, schema });
    const ranks = engine.levelRanks();
    const peaks = engine.requiredPeaks(doc.id);
    for (const c of doc.competencies) {
      const rank = c.level ? ranks.get(c.level.text.trim().toLowerCase()) : undefined;
      if (rank === undefined || !c.level) continue;
      const peak = peaks.get(c.name.toLowerCase());
      if (!peak || peak.rank <= rank) continue;
      const before = index.definitions(peak.id)[0];
      const row = before?.competencies.find((b) => b.name.toLowerCase() === c.name.toLowerCase() && b.level && ranks.get(b.level.text.trim().toLowerCase()) === peak.rank);
      report({
        message: `Competency "${c.name}" drops to ${schema.proficiencyLevel(c.level.text)} here, from ${peak.level} in ${peak.id}, which ${doc.id} requires.`,
        range: c.level.range,
        data: { competency: c.name, before: { level: peak.level!, id: peak.id } },
        related: before && row?.level ? [{ uri: before.uri, range: row.level.range, message: `${peak.id} targets "${row.name}" at ${peak.level}` }] : [],
      });
    }
  },
};
