import { normalizeLabel } from '../schema/compile';
import type { Rule } from './types';

export const tableShape: Rule = {
  code: 'table-shape',
  severity: 'warning',
  description: 'A required table lacks a column, or a row has the wrong number of cells.',
  check({ doc, report }) {
    for (const schema of doc.kind!.tables) {
      const section = doc.sections.find((s) => normalizeLabel(s.name) === normalizeLabel(schema.section));
      if (!section) continue; // missing-section reports it
      const table = doc.tables.find((t) => t.schema === schema);
      if (!table) {
        if (section.hasContent) {
          report({
            message: `Section "${section.name}" has no table: expected the columns ${schema.columns.join(' | ')}.`,
            range: section.headingRange,
          });
        }
        continue;
      }
      const have = new Set(table.header.cells.map((c) => normalizeLabel(c)));
      const missing = schema.columns.filter((c) => !have.has(normalizeLabel(c)));
      if (missing.length > 0) {
        const list = missing.map((c) => `"${c}"`).join(', ');
        report({
          message: `The ${schema.section} table lacks the column${missing.length > 1 ? 's' : ''} ${list} (expected ${schema.columns.join(' | ')}).`,
          range: table.header.range,
        });
      }
      const width = table.header.cells.length;
      for (const row of table.rows) {
        if (row.cells.length !== width) {
          report({
            message: `This ${schema.section} row has ${row.cells.length} cell${row.cells.length === 1 ? '' : 's'}; the header has ${width}.`,
            range: row.range,
          });
        }
      }
    }
  },
};
