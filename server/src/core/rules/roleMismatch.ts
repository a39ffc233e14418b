import type { Rule } from './types';

export const roleMismatch: Rule = {
  code: 'role-mismatch',
  severity: 'information',
  description: "Role Alignment names a role that is not among the document's Target Role(s).",
  check({ doc, report }) {
    if (doc.roles.length === 0) return; // missing-field says so
    const targets = new Set(doc.roles.map((r) => r.text.toLowerCase()));
    for (const c of doc.competencies) {
      if (!c.roles?.text) continue;
      for (const role of c.roles.text.split(/\s*[,;]\s*/)) {
        if (role && !targets.has(role.toLowerCase())) {
          report({
            message: `Role "${role}" is not among the Target Role(s) (${doc.roles.map((r) => r.text).join(', ')}).`,
            range: c.roles.range,
          });
        }
      }
    }
  },
};
