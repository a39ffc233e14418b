import { overviewLabels } from './overviewLabels';
import type { Rule } from './types';

export const unknownField: Rule = {
  code: 'unknown-field',
  severity: 'hint',
  description: 'An overview field whose label no field of the kind knows.',
  check({ doc, report }) {
    const kind = doc.kind!;
    const { unknown, meant } = overviewLabels(doc);
    const fieldFor = new Map([...meant].map(([field, label]) => [label, field]));
    for (const label of unknown) {
      const field = fieldFor.get(label);
      report({
        message: `"${label.label}" is no field of a ${kind.noun}${field ? `: is it "${field.label}", which is missing?` : '.'}`,
        range: label.labelRange,
        data: { kind: kind.key, field: field?.label, unknown: { label: label.label, range: label.labelRange } },
      });
    }
  },
};
