import type { KindSchema, Schema } from './types';

/**
 * The other labels authors write for a field's meaning, shared by every kind that has
 * that meaning, so that a module accepts what a project accepts and the reverse.
 * A label written with `(s)` stands for itself, its singular and its plural.
 */
function variants(...labels: string[]): string[] {
  return labels.flatMap((l) => {
    const base = l.replace(/\(s\)$/, '');
    return base === l ? [l] : [l, base, base + 's'];
  });
}

/** Labels meaning the same field, by meaning (a field's own label is left out of its aliases). */
export const fieldSynonyms = {
  roles: variants('Target Role(s)', 'Role(s)', 'Target Audience'),
  duration: variants('Duration', 'Estimated Duration', 'Total Duration', 'Est. Duration', 'Estimated Time', 'Total Time', 'Estimated Hours', 'Total Hours'),
  prerequisites: variants('Prerequisite(s)', 'Prerequisite Module(s)', 'Prerequisite Modules / Skills', 'Pre-requisite(s)', 'Requires', 'Required Module(s)', 'Depends On', 'Builds On'),
  next: variants('Next Module(s)', 'Next Step(s)', 'Next', 'Unlocks', 'Leads To', 'Leads Into', 'Followed By'),
};

/** The aliases of a field: its meaning's synonyms, without its own label. */
function aliasesOf(label: string, synonyms: readonly string[]): string[] {
  return synonyms.filter((s) => s !== label);
}

const competencyTable = {
  section: 'Competency Alignment',
  columns: ['Competency', 'Proficiency Target', 'Evidence / Assessment', 'Role Alignment'],
  role: 'competencies',
} as const;

export const moduleKind: KindSchema = {
  key: 'module',
  title: 'Module Roadmap',
  noun: 'module',
  idPattern: 'MOD-\\d{3,}',
  idPrefix: 'MOD-',
  overviewSection: 'Module Overview',
  sections: [
    'Module Overview',
    'Cross-Role Progression',
    'Learning Objectives',
    'Competency Alignment',
    'Content Outline',
    'Practical Components',
    'Solutions Plan',
    'Resource Plan',
    'Quality Checklist',
    'Dependencies & Notes',
  ].map((name) => ({ name, required: true })),
  fields: [
    { label: 'Module ID', required: true, role: 'id' },
    { label: 'Module Title', required: true, role: 'title' },
    { label: 'Target Role(s)', aliases: aliasesOf('Target Role(s)', fieldSynonyms.roles), required: true, role: 'roles' },
    { label: 'Duration', aliases: aliasesOf('Duration', fieldSynonyms.duration), required: true, role: 'duration' },
    { label: 'Prerequisites', aliases: aliasesOf('Prerequisites', fieldSynonyms.prerequisites), required: true, role: 'prerequisites' },
    { label: 'Next Module(s)', aliases: aliasesOf('Next Module(s)', fieldSynonyms.next), required: true, role: 'next' },
  ],
  tables: [
    { ...competencyTable, columns: [...competencyTable.columns] },
    {
      section: 'Practical Components',
      columns: ['Asset', 'Description', 'Completion Criteria', 'Linked Validation'],
      role: 'components',
    },
  ],
};

export const projectKind: KindSchema = {
  key: 'project',
  title: 'Project Plan',
  noun: 'project',
  idPattern: 'PROJ-\\d{3,}',
  idPrefix: 'PROJ-',
  capstone: true,
  overviewSection: 'Project Overview',
  sections: [
    'Project Overview',
    'Learning Objectives',
    'Competency Alignment',
    'Project Narrative',
    'Deliverables',
    'Constraints & Assumptions',
    'Learner Experience',
    'Solutions & Validation',
    'Risks & Mitigations',
    'References & Inspiration',
    'Sign-off',
  ].map((name) => ({ name, required: true })),
  fields: [
    { label: 'Project ID', required: true, role: 'id' },
    { label: 'Project Title', required: true, role: 'title' },
    { label: 'Target Role(s)', aliases: aliasesOf('Target Role(s)', fieldSynonyms.roles), required: true, role: 'roles' },
    { label: 'Placement in Curriculum', aliases: ['Placement'], required: true, role: 'prerequisites' },
    { label: 'Estimated Duration', aliases: aliasesOf('Estimated Duration', fieldSynonyms.duration), required: true, role: 'duration' },
    {
      label: 'Prerequisite Modules / Skills',
      aliases: aliasesOf('Prerequisite Modules / Skills', fieldSynonyms.prerequisites),
      required: true,
      role: 'prerequisites',
    },
    { label: 'Related Assessments', aliases: ['Related Assessment', 'Related Assessment(s)'], required: true },
  ],
  tables: [
    { ...competencyTable, columns: [...competencyTable.columns] },
    {
      section: 'Learner Experience',
      columns: ['Phase', 'Description', 'Estimated Time', 'Instructor Touchpoints'],
      role: 'phases',
    },
  ],
};

export const defaultSchema: Schema = {
  kinds: [moduleKind, projectKind],
  proficiencyLevels: ['Awareness', 'Foundational', 'Working', 'Proficient', 'Advanced', 'Expert'],
};
