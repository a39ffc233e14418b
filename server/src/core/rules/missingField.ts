import { normalizeLabel } from '../schema/compile';
import { overviewLabels } from './overviewLabels';
import type { Rule } from './types';

export const missingField: Rule = {
  code: 'missing-field',
  severity: 'warning',
  description: 'A required overview field is absent.',
  check({ doc, report }) {
    const kind = doc.kind!;
    const overview = doc.sections.find((s) => normalizeLabel(s.name) === normalizeLabel(kind.overviewSection));
    // Without the overview section, missing-section already says it all.
    if (!overview) return;
    const { missing, meant } = overviewLabels(doc);
    for (const field of missing) {
      const label = meant.get(field);
      report({
        message: `Missing field "${field.label}" in ${overview.name}${label ? `; the overview has **${label.label}**, which is no field of a ${kind.noun}` : ''}.`,
        range: overview.headingRange,
        data: { kind: kind.key, field: field.label, ...(label && { unknown: { label: label.label, range: label.labelRange } }) },
      });
    }
  },
};
