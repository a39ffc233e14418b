import type { KindSchema, Schema } from './types';

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
    { label: 'Target Role(s)', aliases: ['Target Role', 'Target Roles'], required: true, role: 'roles' },
    { label: 'Duration', required: true, role: 'duration' },
    { label: 'Prerequisites', aliases: ['Prerequisite', 'Prerequisite Modules'], required: true, role: 'prerequisites' },
    { label: 'Next Module(s)', aliases: ['Next Module', 'Next Modules'], required: true, role: 'next' },
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
    { label: 'Target Role(s)', aliases: ['Target Role', 'Target Roles'], required: true, role: 'roles' },
    { label: 'Placement in Curriculum', aliases: ['Placement'], required: true, role: 'prerequisites' },
    { label: 'Estimated Duration', aliases: ['Duration'], required: true, role: 'duration' },
    {
      label: 'Prerequisite Modules / Skills',
      aliases: ['Prerequisite Modules', 'Prerequisites'],
      required: true,
      role: 'prerequisites',
    },
    { label: 'Related Assessments', required: true },
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
