/** Documents for the protocol tests. */

/** A complete, clean module roadmap. */
export function moduleDoc(id: string, title: string, prerequisites: string, next: string, extra = ''): string {
  return `# Module Roadmap

> Platform Engineer | ${title}.

## Module Overview

- **Module ID**: ${id}
- **Module Title**: ${title}
- **Target Role(s)**: Platform Engineer
- **Duration**: 20 hours (8 lecture, 12 lab)
- **Prerequisites**: ${prerequisites}
- **Next Module(s)**: ${next}

## Cross-Role Progression

- **Builds On**: Earlier platform modules.${extra}

## Learning Objectives

- Operate the platform piece this module covers.

## Competency Alignment

| Competency | Proficiency Target | Evidence / Assessment | Role Alignment |
|------------|--------------------|-----------------------|----------------|
| platform-operations | Working | Lab review | Platform Engineer |

## Content Outline

1. Concepts and practice.

## Practical Components

| Asset | Description | Completion Criteria | Linked Validation |
|-------|-------------|---------------------|-------------------|
| Lab 1 | Hands-on lab | Lab passes | Automated check |

## Solutions Plan

- **Solution Path**: \`modules/platform/${id.toLowerCase()}/solutions\`

## Resource Plan

- **Primary References**: Module README.

## Quality Checklist

- [ ] Labs validated.

## Dependencies & Notes

- None beyond the prerequisites.
`;
}
