import type { Rule } from './types';

const what = { prerequisite: 'Prerequisite ', next: 'Next module ', reference: '', definition: '' } as const;

export const unknownReference: Rule = {
  code: 'unknown-reference',
  severity: 'warning',
  crossFile: true,
  description: 'A referenced ID is defined nowhere in the workspace.',
  check({ doc, index, report }) {
    for (const m of doc.mentions) {
      if (m.kind === 'definition' || m.id === doc.id || index.isDefined(m.id)) continue;
      report({ message: `${what[m.kind]}${m.id} is not defined by any roadmap document in the workspace.`, range: m.range });
    }
  },
};
