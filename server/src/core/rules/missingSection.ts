import type { Rule } from './types';

export const missingSection: Rule = {
  code: 'missing-section',
  severity: 'warning',
  description: 'A required H2 section of the document kind is absent.',
  check({ doc, report }) {
    const kind = doc.kind!;
    const present = new Set(doc.sections.map((s) => s.schema));
    // Where it belongs: after the last section before it in schema order that is present.
    let previous: string | undefined;
    for (const section of kind.sections) {
      if (!present.has(section)) {
        if (section.required) {
          const where = previous ? `after "${previous}"` : 'as its first section';
          report({ message: `Missing section "${section.name}": a ${kind.title} needs it ${where}.`, range: doc.h1!.range });
        }
      } else previous = section.name;
    }
  },
};
