import type { Rule } from './types';

export const emptySection: Rule = {
  code: 'empty-section',
  severity: 'warning',
  description: 'A required section has no content.',
  check({ doc, report }) {
    for (const s of doc.sections) {
      if (s.schema?.required && !s.hasContent) {
        report({ message: `Section "${s.name}" is empty.`, range: s.headingRange });
      }
    }
  },
};
