import type { Rule } from './types';

export const duplicateId: Rule = {
  code: 'duplicate-id',
  severity: 'error',
  crossFile: true,
  description: 'Two documents define the same ID; both are flagged.',
  check({ doc, index, describe, report }) {
    if (!doc.id) return;
    const others = index.definitions(doc.id).filter((d) => d.uri !== doc.uri);
    if (others.length === 0) return;
    report({
      message: `${doc.id} is also defined in ${others.map((d) => describe(d.uri)).join(', ')}.`,
      range: doc.idField!.range,
      related: others.map((d) => ({ uri: d.uri, range: d.idField!.range, message: `${doc.id} is also defined here` })),
    });
  },
};
