import type { Rule } from './types';

export const sectionOrder: Rule = {
  code: 'section-order',
  severity: 'information',
  description: "Sections are out of the schema's order.",
  check({ doc, report }) {
    const order = doc.kind!.sections;
    let latest: { index: number; name: string } | undefined;
    for (const s of doc.sections) {
      if (!s.schema) continue;
      const index = order.indexOf(s.schema);
      if (latest && index < latest.index) {
        report({ message: `Section "${s.name}" should come before "${latest.name}".`, range: s.headingRange });
      } else latest = { index, name: s.name };
    }
  },
};
