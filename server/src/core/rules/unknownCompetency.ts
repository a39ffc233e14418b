import type { Rule } from './types';

export const unknownCompetency: Rule = {
  code: 'unknown-competency',
  severity: 'warning',
  description: "A competency that is not in the workspace's competency framework (only when the workspace has one).",
  check({ doc, framework, report }) {
    if (!framework) return;
    for (const c of doc.competencies) {
      if (!framework.has(c.name.toLowerCase())) {
        report({ message: `Competency "${c.name}" is not in the competency framework.`, range: c.range });
      }
    }
  },
};
