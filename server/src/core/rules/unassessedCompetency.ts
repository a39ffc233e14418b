import type { Rule } from './types';

export const unassessedCompetency: Rule = {
  code: 'unassessed-competency',
  severity: 'warning',
  description: 'A competency row with no evidence: its Evidence / Assessment cell is empty.',
  check({ doc, report }) {
    for (const c of doc.competencies) {
      // No cell at all (a short row, or a table without the column) is table-shape's.
      if (!c.evidence || c.evidence.text) continue;
      report({ message: `Competency "${c.name}" has no evidence: its Evidence / Assessment cell is empty, so nothing shows the target is reached.`, range: c.range });
    }
  },
};
