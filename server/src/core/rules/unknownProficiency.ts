import type { Rule } from './types';

export const unknownProficiency: Rule = {
  code: 'unknown-proficiency',
  severity: 'warning',
  description: 'A proficiency target outside the allowed levels.',
  check({ doc, schema, report }) {
    for (const c of doc.competencies) {
      if (!c.level || !c.level.text || schema.proficiencyLevel(c.level.text)) continue;
      report({
        message: `Proficiency target "${c.level.text}" is not one of ${schema.schema.proficiencyLevels.join(', ')}.`,
        range: c.level.range,
      });
    }
  },
};
