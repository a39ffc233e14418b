import type { Rule } from './types';

export const duplicateId: Rule = {
  code: 'duplicate-id',
  severity: 'error',
  crossFile: true,
  description: 'Two documents define the same ID; both are flagged.',
  check({ doc, index, describe, report }) {
    if (!doc.id) return;
    // A definer modelled now from a file that changed or went since it was indexed (its
    // model has no such ID field: the index takes the change right after this check and
    // re-checks this document) is left out: it crashed the server in a checkout's churn.
    const others = index.definitions(doc.id).filter((d) => d.uri !== doc.uri && d.idField);
    if (others.length === 0) return;
    report({
      message: `${doc.id} is also defined in ${others.map((d) => describe(d.uri)).join(', ')}.`,
      range: doc.idField!.range,
      related: others.map((d) => ({ uri: d.uri, range: d.idField!.range, message: `${doc.id} is also defined here` })),
    });
  },
};
