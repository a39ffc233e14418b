import type { Rule } from './types';

export const missingSection: Rule = {
  code: 'missing-section',
  severity: 'warning',
  description: 'A required H2 section of the document kind is absent.',
  check({ doc, report }) {
    const kind = doc.kind!;
    const present = new Set(doc.sections.map((s) => s.schema));
    let previous: string | undefined;
    for (const section of kind.sections) {
      if (section.required && !present.has(section)) {
        const where = previous ? `after "${previous}"` : 'first';
        report({
          message: `Missing section "${section.name}": a ${kind.title} needs it (${where}).`,
          range: doc.h1!.range,
        });
      }
      previous = section.name;
    }
  },
};
