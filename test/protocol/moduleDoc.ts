/** Documents for the protocol tests. */

export interface ModuleOptions {
  id: string;
  title?: string;
  role?: string;
  prerequisites?: string;
  next?: string;
  /** The Builds On line's text. */
  buildsOn?: string;
  /** The solution path (a code span). */
  solutionPath?: string;
  /** The Dependencies & Notes bullet. */
  notes?: string;
  /** The Duration field's value. */
  duration?: string;
}

/** A complete module roadmap: clean unless its links say otherwise. */
export function moduleText(o: ModuleOptions): string {
  const title = o.title ?? `Module ${o.id}`;
  const role = o.role ?? 'Platform Engineer';
  return `# Module Roadmap

> ${role} | ${title}.

## Module Overview

- **Module ID**: ${o.id}
- **Module Title**: ${title}
- **Target Role(s)**: ${role}
- **Duration**: ${o.duration ?? '20 hours (8 lecture, 12 lab)'}
- **Prerequisites**: ${o.prerequisites ?? 'None'}
- **Next Module(s)**: ${o.next ?? 'None'}

## Cross-Role Progression

- **Builds On**: ${o.buildsOn ?? 'Earlier modules.'}

## Learning Objectives

- Operate the platform piece this module covers.

## Competency Alignment

| Competency | Proficiency Target | Evidence / Assessment | Role Alignment |
|------------|--------------------|-----------------------|----------------|
| platform-operations | Working | Lab review | ${role} |

## Content Outline

1. Concepts and practice.

## Practical Components

| Asset | Description | Completion Criteria | Linked Validation |
|-------|-------------|---------------------|-------------------|
| Lab 1 | Hands-on lab | Lab passes | Automated check |

## Solutions Plan

- **Solution Path**: \`${o.solutionPath ?? `solutions/${o.id.toLowerCase()}`}\`

## Resource Plan

- **Primary References**: Module README.

## Quality Checklist

- [ ] Labs validated.

## Dependencies & Notes

- ${o.notes ?? 'None beyond the prerequisites.'}
`;
}

/** The same, positionally; `extra` follows the Builds On line's text (a place for prose mentions). */
export function moduleDoc(id: string, title: string, prerequisites: string, next: string, extra = ''): string {
  return moduleText({ id, title, prerequisites, next, buildsOn: `Earlier platform modules.${extra}`, solutionPath: `modules/platform/${id.toLowerCase()}/solutions` });
}
