import type { Rule } from './types';

export const unknownSection: Rule = {
  code: 'unknown-section',
  severity: 'hint',
  description: 'An H2 section that the schema of the kind does not know.',
  check({ doc, report }) {
    for (const s of doc.sections) {
      if (!s.schema) report({ message: `Section "${s.name}" is not part of a ${doc.kind!.title}.`, range: s.headingRange });
    }
  },
};
