import { normalizeLabel } from '../schema/compile';
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
    const present = new Set(doc.fields.map((f) => f.schema));
    for (const field of kind.fields) {
      if (field.required && !present.has(field)) {
        report({
          message: `Missing field "${field.label}" in ${overview.name}.`,
          range: overview.headingRange,
        });
      }
    }
  },
};
