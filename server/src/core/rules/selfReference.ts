import type { Rule } from './types';

export const selfReference: Rule = {
  code: 'self-reference',
  severity: 'error',
  description: 'A document lists itself as a prerequisite or as its next module.',
  check({ doc, report }) {
    for (const m of doc.mentions) {
      if (m.id !== doc.id || (m.kind !== 'prerequisite' && m.kind !== 'next')) continue;
      report({
        message: `${doc.id} lists itself ${m.kind === 'prerequisite' ? 'as a prerequisite' : 'as its next module'} (in "${m.field}").`,
        range: m.range,
      });
    }
  },
};
