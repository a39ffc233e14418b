/**
 * The parser, seen through the model a user's features are built on: what kind a
 * document is, its ID and where it is written, its title, roles, duration, fields,
 * sections, tables, and every ID it mentions. Fixtures are inline strings; `[[ ]]`
 * marks the range a fact is expected at (see test/fixtures/fixture.ts).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { edgeTargets, type RoadmapDoc } from '../../server/src/core/model';
import { parseRoadmap } from '../../server/src/core/parse/parse';
import { CompiledSchema } from '../../server/src/core/schema/compile';
import { defaultSchema } from '../../server/src/core/schema/defaultSchema';
import { LineIndex, type Range } from '../../server/src/core/text';
import { RoadmapWorkspace } from '../../server/src/core/workspace';
import { parseFixture, wire, workspaceOf } from '../fixtures/fixture';
import { SEEDS_DIR, SEEDS_SKIP } from '../fixtures/seeds';
import { randomFn } from '../fixtures/random';

const schema = new CompiledSchema(defaultSchema);

/** A one-file fixture: its model, its marked ranges, and a workspace holding it. */
function load(source: string) {
  const fixture = parseFixture(source);
  const ws = workspaceOf(fixture);
  const file = fixture.files[0];
  const doc = ws.get(file.uri);
  assert.ok(doc, 'the workspace holds the document');
  return { ws, file, doc, marks: file.marks, text: file.text };
}

function parse(text: string, uri = 'file:///ws/doc.md'): RoadmapDoc {
  return parseRoadmap(uri, text, schema);
}

function field(doc: RoadmapDoc, label: string) {
  const f = doc.fields.find((x) => x.label === label);
  assert.ok(f, `field "${label}" is in the model (have: ${doc.fields.map((x) => x.label).join(', ')})`);
  return f;
}

function mentionsOf(doc: RoadmapDoc) {
  return doc.mentions.map((m) => ({ id: m.id, kind: m.kind, range: m.range, ...(m.field ? { field: m.field } : {}) }));
}

function codes(ws: RoadmapWorkspace, uri: string): string[] {
  return ws.diagnostics(uri).map((d) => `${d.code}: ${d.message}`);
}

/** Everything of the model that has a position, in a form that compares with deepEqual. */
function summary(doc: RoadmapDoc) {
  return {
    kind: doc.kind?.key,
    id: doc.id,
    idField: doc.idField,
    title: doc.title,
    roles: doc.roles,
    duration: doc.duration,
    fields: doc.fields.map((f) => ({
      label: f.label,
      labelRange: f.labelRange,
      value: f.value.replace(/\r/g, ''),
      valueRange: f.valueRange,
      section: f.section,
      inOverview: f.inOverview,
      schema: f.schema?.label,
    })),
    sections: doc.sections.map((s) => ({ name: s.name, headingRange: s.headingRange, range: s.range, hasContent: s.hasContent })),
    tables: doc.tables.map((t) => ({ section: t.section, range: t.range, header: t.header, rows: t.rows })),
    competencies: doc.competencies,
    phases: doc.phases,
    mentions: doc.mentions,
  };
}

/** The sections after the overview of a module, complete and clean. */
const MODULE_BODY = `
## Cross-Role Progression

- **Builds On** (modules/roles): Spreadsheet analysis habits from onboarding

## Learning Objectives

- Answer business questions with joins, aggregates, and window functions.

## Competency Alignment

| Competency | Proficiency Target | Evidence / Assessment | Role Alignment |
|------------|--------------------|-----------------------|----------------|
| sql-querying | Working | Query portfolio review | Data Analyst |

## Content Outline

1. Joins, aggregates, and window functions over a sales warehouse.

## Practical Components

| Asset | Description | Completion Criteria | Linked Validation |
|-------|-------------|---------------------|-------------------|
| Lab 1 | Sales question set | Every query returns the expected rows | Autograder |

## Solutions Plan

- **Solution Path**: \`modules/data-analyst/module-101-sql/solutions\`

## Resource Plan

- **Primary References**: Module README and lab notebooks.

## Quality Checklist

- [ ] Autograder expectations reviewed each cohort

## Dependencies & Notes

- Warehouse snapshot refreshed before each cohort.
`;

/** A complete, clean module whose overview is `overview` (the bullets). */
function moduleDoc(overview: string, after = ''): string {
  return `# Module Roadmap\n\n> Data Analyst | A module of the analytics track.\n\n## Module Overview\n\n${overview.trim()}\n${MODULE_BODY}${after}`;
}

const OVERVIEW_101 = `- **Module ID**: MOD-101
- **Module Title**: SQL for Analysts
- **Target Role(s)**: Data Analyst
- **Duration**: 30 hours (10 lecture, 16 lab, 4 assessment)
- **Prerequisites**: None
- **Next Module(s)**: None`;

describe('parse: a module roadmap', () => {
  it('gives the kind, the ID with its range, the title, roles and the duration with its parts', () => {
    const { doc, marks } = load(`# Module Roadmap

> Data Analyst | Module 101 opens the analytics track.

## Module Overview

- **Module ID**: [[MOD-101]]
- **Module Title**: [[SQL for Analysts]]
- **Target Role(s)**: [[Data Analyst]], [[Analytics Engineer]]
- **Duration**: [[40 hours (14 lecture, 18 lab, 6 project, 2 assessment)]]
- **Prerequisites**: None
- **Next Module(s)**: [[MOD-102]]
${MODULE_BODY}`);
    assert.equal(doc.kind?.key, 'module');
    assert.equal(doc.h1?.text, 'Module Roadmap');
    assert.deepEqual(wire(doc.h1?.range), { start: { line: 0, character: 0 }, end: { line: 0, character: 16 } });
    assert.equal(doc.id, 'MOD-101');
    assert.deepEqual(doc.idField, { text: 'MOD-101', range: marks[0] });
    assert.equal(doc.title, 'SQL for Analysts');
    assert.deepEqual(field(doc, 'Module Title').valueRange, marks[1]);
    assert.deepEqual(doc.roles, [
      { text: 'Data Analyst', range: marks[2] },
      { text: 'Analytics Engineer', range: marks[3] },
    ]);
    assert.equal(doc.duration?.text, '40 hours (14 lecture, 18 lab, 6 project, 2 assessment)');
    assert.deepEqual(doc.duration?.range, marks[4]);
    assert.equal(doc.duration?.total, 40);
    assert.deepEqual(doc.duration?.parts, [
      { label: 'lecture', hours: 14 },
      { label: 'lab', hours: 18 },
      { label: 'project', hours: 6 },
      { label: 'assessment', hours: 2 },
    ]);
    assert.deepEqual(mentionsOf(doc), [
      { id: 'MOD-101', kind: 'definition', range: marks[0], field: 'Module ID' },
      { id: 'MOD-102', kind: 'next', range: marks[5], field: 'Next Module(s)' },
    ]);
    assert.deepEqual(edgeTargets(doc, 'next'), ['MOD-102']);
    assert.deepEqual(edgeTargets(doc, 'prerequisite'), []);
    assert.deepEqual(
      doc.sections.map((s) => s.name),
      defaultSchema.kinds[0].sections.map((s) => s.name),
    );
    assert.ok(doc.sections.every((s) => s.schema && s.hasContent));
    assert.deepEqual(
      doc.tables.map((t) => [t.section, t.schema?.role, t.rows.length]),
      [
        ['Competency Alignment', 'competencies', 1],
        ['Practical Components', 'components', 1],
      ],
    );
    assert.deepEqual(
      doc.competencies.map((c) => [c.name, c.level?.text, c.roles?.text]),
      [['sql-querying', 'Working', 'Data Analyst']],
    );
  });

  it('reads a field whose colon is inside the bold, and labels with a parenthetical or slash suffix', () => {
    const { doc, marks } = load(`# Module Roadmap

## Module Overview

- **Module ID:** [[MOD-109]]
- **Module Title:** Infrastructure as Code
- **Target Role**: Platform Engineer
- **Duration:** 40 hours
- **Prerequisites** (modules/skills): [[MOD-102]], Linux basics
- **Next Module(s):** None

## Cross-Role Progression

- **[[Builds On]]** (modules/roles): [[Junior automation patterns (MOD-001)]]
- **Adds New Depth For** (roles): Platform Engineer

## Solutions Plan

- **[[Solution Path / Repo]]**: \`modules/platform-engineer/module-109/solutions\`
`);
    const id = field(doc, 'Module ID');
    assert.equal(id.schema?.role, 'id');
    assert.equal(id.value, 'MOD-109');
    assert.deepEqual(id.valueRange, marks[0]);
    assert.equal(doc.id, 'MOD-109');
    assert.equal(doc.title, 'Infrastructure as Code');
    // `Target Role` is an alias of Target Role(s).
    assert.equal(field(doc, 'Target Role').schema?.role, 'roles');
    assert.deepEqual(
      doc.roles.map((r) => r.text),
      ['Platform Engineer'],
    );
    const prereq = field(doc, 'Prerequisites');
    assert.equal(prereq.schema?.role, 'prerequisites');
    assert.equal(prereq.value, 'MOD-102, Linux basics');
    assert.deepEqual(edgeTargets(doc, 'prerequisite'), ['MOD-102']);
    assert.deepEqual(doc.mentions.find((m) => m.id === 'MOD-102')?.range, marks[1]);

    // Outside the overview the model keeps only fields that name a path (for document links).
    assert.deepEqual(
      doc.fields.filter((f) => !f.inOverview).map((f) => f.label),
      ['Solution Path / Repo'],
      'Builds On and Adds New Depth For are read but not kept',
    );
    const solution = field(doc, 'Solution Path / Repo');
    assert.deepEqual(solution.labelRange, marks[4]);
    assert.equal(solution.value, '`modules/platform-engineer/module-109/solutions`');
    assert.equal(solution.section, 'Solutions Plan');
    assert.equal(solution.schema, undefined, 'only overview fields match the schema');
    // An ID in a non-overview field is a plain reference, not an edge, where it is written.
    const mod001 = doc.mentions.filter((m) => m.id === 'MOD-001');
    assert.deepEqual(
      mod001.map((m) => [m.kind, m.field]),
      [['reference', undefined]],
    );
    assert.ok(mod001[0].range.start.line === marks[3].start.line && mod001[0].range.start.character > marks[3].start.character);
  });

  it('puts the label range of `**Label:**` on the label, without the colon', () => {
    const { doc, marks } = load(`# Module Roadmap

## Module Overview

- **[[Module ID]]:** MOD-109
- **[[Module Title]]**: Infrastructure as Code
`);
    assert.equal(field(doc, 'Module Title').label, 'Module Title');
    assert.deepEqual(field(doc, 'Module Title').labelRange, marks[1]);
    assert.equal(field(doc, 'Module ID').label, 'Module ID');
    assert.deepEqual(field(doc, 'Module ID').labelRange, marks[0], 'the same label range as `**Module ID**:` would give');
  });

  it('keeps nested bullets in the field value; under Prerequisites their IDs are prerequisite edges', () => {
    const { ws, doc, marks, file } = load(`# Module Roadmap

## Module Overview

- **Module ID**: MOD-110
- **Module Title**: LLM Serving Infrastructure
- **Prerequisites**:
  [[- [[MOD-102]] Cloud provisioning
  - [[MOD-103]] Containerization]]
- **Next Module(s)**: [[PROJ-203]]
- **Duration**: 30 hours

## Dependencies & Notes

- **Upstream Inputs**:
  - Monitoring hooks from MOD-108
`);
    const prereq = field(doc, 'Prerequisites');
    assert.equal(prereq.value, '- MOD-102 Cloud provisioning\n  - MOD-103 Containerization');
    // marks are sorted by their start: the value's range comes first, then the two IDs.
    assert.deepEqual(prereq.valueRange, marks[0]);
    assert.deepEqual(mentionsOf(doc).slice(1), [
      { id: 'MOD-102', kind: 'prerequisite', range: marks[1], field: 'Prerequisites' },
      { id: 'MOD-103', kind: 'prerequisite', range: marks[2], field: 'Prerequisites' },
      { id: 'PROJ-203', kind: 'next', range: marks[3], field: 'Next Module(s)' },
      { id: 'MOD-108', kind: 'reference', range: doc.mentions[4].range },
    ]);
    assert.deepEqual(edgeTargets(doc, 'prerequisite'), ['MOD-102', 'MOD-103']);
    // The field after the nested list is still read, and the nested field in another section too.
    assert.equal(field(doc, 'Next Module(s)').value, 'PROJ-203');
    assert.equal(doc.duration?.total, 30);
    assert.equal(doc.fields.find((f) => f.label === 'Upstream Inputs'), undefined, 'a field outside the overview is not kept');
    assert.deepEqual(
      ws.index.dependentsOf('MOD-103').map((d) => d.uri),
      [file.uri],
    );
    assert.deepEqual(ws.index.dependentsOf('MOD-108'), [], 'a prose mention is no dependency');
  });

  it('gives one role per nested bullet under Target Role(s)', () => {
    const { doc, marks } = load(`# Module Roadmap

## Module Overview

- **Module ID**: MOD-120
- **Target Role(s)**:
  - [[Data Engineer]]
  - [[Analytics Engineer]]
- **Duration**: 30 hours
`);
    assert.deepEqual(doc.roles, [
      { text: 'Data Engineer', range: marks[0] },
      { text: 'Analytics Engineer', range: marks[1] },
    ]);
  });

  it('treats IDs among prose, tables and non-overview fields as references, not edges', () => {
    const { ws, doc, marks, file } = load(
      moduleDoc(
        `- **Module ID**: MOD-205
- **Module Title**: Multi-Cloud Resilience
- **Target Role(s)**: Senior Platform Engineer
- **Duration**: 30 hours (10 lecture, 16 lab, 4 assessment)
- **Prerequisites**: [[MOD-201]] Kubernetes, [[MOD-102]] Cloud Automation
- **Next Module(s)**: None`,
        `
- **Shared Assets**: Integrates GitOps tooling from [[MOD-208]], security controls from [[MOD-209]].
- Compliance dashboards share templated exports for [[PROJ-303]].

| Note | Where |
|------|-------|
| Observability hooks | [[MOD-207]] |
`,
      ).replace('> Data Analyst | A module of the analytics track.', '> Senior Platform Engineer | Expands [[MOD-105]] into multi-cloud.'),
    );
    assert.deepEqual(
      mentionsOf(doc).map((m) => [m.id, m.kind]),
      [
        ['MOD-105', 'reference'],
        ['MOD-205', 'definition'],
        ['MOD-201', 'prerequisite'],
        ['MOD-102', 'prerequisite'],
        ['MOD-208', 'reference'],
        ['MOD-209', 'reference'],
        ['PROJ-303', 'reference'],
        ['MOD-207', 'reference'],
      ],
    );
    const expected = ['MOD-105', 'MOD-201', 'MOD-102', 'MOD-208', 'MOD-209', 'PROJ-303', 'MOD-207'];
    assert.deepEqual(
      doc.mentions.filter((m) => m.kind !== 'definition').map((m) => m.range),
      marks,
    );
    assert.deepEqual(edgeTargets(doc, 'prerequisite'), ['MOD-201', 'MOD-102']);
    for (const id of expected) {
      assert.deepEqual(ws.index.referrers(id).map((d) => d.uri), [file.uri], `${id} is referred to`);
    }
    // None of them is defined: each is an unknown reference, on the ID itself.
    const unknown = ws.diagnostics(file.uri).filter((d) => d.code === 'unknown-reference');
    assert.deepEqual(
      unknown.map((d) => d.range),
      marks,
    );
  });

  it('gives no edge for `None`', () => {
    const { ws, doc, file } = load(moduleDoc(OVERVIEW_101));
    assert.equal(field(doc, 'Prerequisites').value, 'None');
    assert.equal(field(doc, 'Next Module(s)').value, 'None');
    assert.deepEqual(edgeTargets(doc, 'prerequisite'), []);
    assert.deepEqual(edgeTargets(doc, 'next'), []);
    assert.deepEqual(mentionsOf(doc).map((m) => m.kind), ['definition']);
    assert.deepEqual(codes(ws, file.uri), [], 'a complete module with no prerequisites is clean');
  });

  it('keeps stray text after the last section in that section, with no diagnostic', () => {
    const { ws, doc, file } = load(moduleDoc(OVERVIEW_101, '\n#*** End Patch\nLast edited during the MOD-101 migration.\n'));
    assert.equal(doc.sections.length, 10);
    const last = doc.sections[doc.sections.length - 1];
    assert.equal(last.name, 'Dependencies & Notes');
    assert.equal(last.range.end.line, doc.lineCount - 2, 'the last section runs to the stray text');
    assert.deepEqual(
      doc.mentions.map((m) => [m.id, m.kind]),
      [
        ['MOD-101', 'definition'],
        ['MOD-101', 'reference'],
      ],
    );
    assert.deepEqual(codes(ws, file.uri), []);
  });
});

describe('parse: a project plan', () => {
  it('reads the overview, prerequisites among prose, and the Learner Experience phases', () => {
    const { doc, marks } = load(`# Project Plan

> Senior Platform Engineer | Capstone of the senior track.

## Project Overview

- **Project ID**: [[PROJ-303]]
- **Project Title**: Multi-Region ML Platform
- **Target Role(s)**: Senior Platform Engineer
- **Placement in Curriculum**: After [[MOD-205]], [[MOD-207]]; informs readiness reviews.
- **Estimated Duration**: [[80 hours]]
- **Prerequisite Modules / Skills**: [[MOD-205]] Multi-Cloud, [[MOD-209]] Security & Compliance
- **Related Assessments**: DR drill report, executive briefing

## Competency Alignment

| Competency | Proficiency Target | Evidence / Assessment | Role Alignment |
|------------|--------------------|-----------------------|----------------|
| [[platform-resilience]] | [[Expert]] | [[DR drill results]] | [[Senior Platform Engineer]] |

## Learner Experience

| Phase | Description | Estimated Time | Instructor Touchpoints |
|-------|-------------|----------------|------------------------|
| Architect | Design review | [[12h]] | Exec review |
| Build | Automation and pipelines | [[52 hours]] | Weekly standup |
| Validate | Drills and evidence | [[16 hrs]] | Readiness board |
`);
    assert.equal(doc.kind?.key, 'project');
    assert.equal(doc.id, 'PROJ-303');
    assert.deepEqual(doc.idField?.range, marks[0]);
    assert.equal(doc.title, 'Multi-Region ML Platform');
    assert.deepEqual(doc.duration?.range, marks[3]);
    assert.equal(doc.duration?.total, 80);
    assert.equal(doc.duration?.parts, undefined);
    assert.deepEqual(
      doc.mentions.filter((m) => m.kind === 'prerequisite').map((m) => [m.id, m.field, m.range]),
      [
        ['MOD-205', 'Placement in Curriculum', marks[1]],
        ['MOD-207', 'Placement in Curriculum', marks[2]],
        ['MOD-205', 'Prerequisite Modules / Skills', marks[4]],
        ['MOD-209', 'Prerequisite Modules / Skills', marks[5]],
      ],
    );
    assert.deepEqual(edgeTargets(doc, 'prerequisite'), ['MOD-205', 'MOD-207', 'MOD-209']);
    assert.equal(field(doc, 'Related Assessments').schema?.label, 'Related Assessments');
    assert.deepEqual(doc.competencies, [
      {
        name: 'platform-resilience',
        range: marks[6],
        level: { text: 'Expert', range: marks[7] },
        evidence: { text: 'DR drill results', range: marks[8] },
        roles: { text: 'Senior Platform Engineer', range: marks[9] },
      },
    ]);
    assert.deepEqual(doc.phases, [
      { name: 'Architect', time: { text: '12h', range: marks[10] }, hours: 12 },
      { name: 'Build', time: { text: '52 hours', range: marks[11] }, hours: 52 },
      { name: 'Validate', time: { text: '16 hrs', range: marks[12] }, hours: 16 },
    ]);
  });
});

describe('parse: documents that are not roadmaps', () => {
  it('gives no kind and no mentions when the H1 is not a known kind', () => {
    const { ws, doc, file } = load(`# Curriculum Meeting Notes

We agreed to split MOD-101 and to move PROJ-110 after MOD-102.

## Module Overview

- **Module ID**: MOD-101
`);
    assert.equal(doc.kind, undefined);
    assert.equal(doc.id, undefined);
    assert.deepEqual(doc.mentions, []);
    assert.deepEqual(doc.fields, []);
    assert.deepEqual(codes(ws, file.uri), []);
    assert.equal(ws.index.isDefined('MOD-101'), false);
    assert.deepEqual(ws.index.referrers('PROJ-110'), []);
  });

  it('gives no kind when the only roadmap H1 is inside a fenced code block', () => {
    const { ws, doc, file } = load(`Paste this template into a new file:

\`\`\`markdown
# Module Roadmap

## Module Overview

- **Module ID**: MOD-101
- **Prerequisites**: MOD-100
\`\`\`

The template replaces MOD-099.
`);
    assert.equal(doc.kind, undefined);
    assert.deepEqual(doc.mentions, []);
    assert.deepEqual(codes(ws, file.uri), []);
    assert.equal(ws.index.isDefined('MOD-101'), false);
  });

  it('goes by the first H1: a later roadmap H1 does not make a roadmap', () => {
    const doc = parse(`# README\n\nSee below.\n\n# Module Roadmap\n\n## Module Overview\n\n- **Module ID**: MOD-101\n`);
    assert.equal(doc.kind, undefined);
    assert.deepEqual(doc.mentions, []);
  });

  it('accepts a setext H1 and any case of the kind title', () => {
    assert.equal(parse('Module Roadmap\n==============\n\n## Module Overview\n\n- **Module ID**: MOD-101\n').id, 'MOD-101');
    assert.equal(parse('# project plan\n\n## Project Overview\n\n- **Project ID**: PROJ-101\n').id, 'PROJ-101');
  });
});

describe('parse: where an ID is not a mention', () => {
  it('ignores IDs in fenced and indented code and in HTML comments', () => {
    const { ws, doc, marks, file } = load(`# Module Roadmap

<!-- Legacy numbering: this module was MOD-901 before the migration. -->

## Module Overview

- **Module ID**: MOD-101
- **Next Module(s)**: [[MOD-102]] <!-- was MOD-902 -->

## Content Outline

\`\`\`yaml
prerequisites: [MOD-903]
\`\`\`

~~~
MOD-904
~~~

Indented example:

    - **Prerequisites**: MOD-905

<!--
  Reviewers: the old prerequisite MOD-906 is gone.
-->

After the examples, [[MOD-907]] is mentioned for real.
`);
    assert.deepEqual(
      doc.mentions.map((m) => m.id),
      ['MOD-101', 'MOD-102', 'MOD-907'],
    );
    assert.deepEqual(
      doc.mentions.slice(1).map((m) => m.range),
      marks,
    );
    for (const id of ['MOD-901', 'MOD-902', 'MOD-903', 'MOD-904', 'MOD-905', 'MOD-906']) {
      assert.deepEqual(ws.index.referrers(id), [], `${id} is not referred to`);
    }
    assert.deepEqual(
      ws
        .diagnostics(file.uri)
        .filter((d) => d.code === 'unknown-reference')
        .map((d) => d.range),
      marks,
    );
  });
});

describe('parse: HTML comments in a field value', () => {
  it('does not let a comment after the ID make the ID invalid', () => {
    const { ws, doc, marks, file } = load(`# Module Roadmap

## Module Overview

- **Module ID**: [[MOD-101]] <!-- was MOD-019 before the renumbering -->
- **Next Module(s)**: MOD-102 <!-- pending -->
`);
    assert.equal(doc.id, 'MOD-101');
    assert.deepEqual(doc.idField, { text: 'MOD-101', range: marks[0] });
    assert.deepEqual(
      ws.diagnostics(file.uri).filter((d) => d.code === 'invalid-id').map((d) => d.message),
      [],
    );
  });
});

describe('parse: HTML comments in a table cell', () => {
  it('leaves a comment out of the cell text, as it does for a field value', () => {
    // Engine bug (parse.ts, extractTable): a cell's text is plain(cell), which includes the
    // value of inline html nodes, so the comment becomes part of the competency name, the
    // proficiency level and the role, while the cell's range (from span()) leaves it out.
    // Authors annotate cells this way; unknown-proficiency, role-mismatch (and, with a
    // framework, unknown-competency) then fire on correct values.
    const { ws, doc, marks, file } = load(
      moduleDoc(OVERVIEW_101).replace(
        '| sql-querying | Working | Query portfolio review | Data Analyst |',
        '| [[sql-querying]] <!-- was sql-basics --> | [[Working]] <!-- raised from Foundational --> | [[Query portfolio review]] | [[Data Analyst]] <!-- pilot cohort --> |',
      ),
    );
    assert.deepEqual(doc.competencies, [
      {
        name: 'sql-querying',
        range: marks[0],
        level: { text: 'Working', range: marks[1] },
        evidence: { text: 'Query portfolio review', range: marks[2] },
        roles: { text: 'Data Analyst', range: marks[3] },
      },
    ]);
    assert.deepEqual(codes(ws, file.uri), []);
  });
});

describe('parse: encodings and line endings', () => {
  const source = moduleDoc(`- **Module ID**: MOD-101
- **Module Title**: SQL for Analysts
- **Target Role(s)**: Data Analyst, Analytics Engineer
- **Duration**: 30 hours (10 lecture, 16 lab, 4 assessment)
- **Prerequisites**:
  - MOD-100 Spreadsheet Analysis
- **Next Module(s)**: MOD-102`);

  it('gives the same model for CRLF line endings as for LF', () => {
    const lf = parse(source);
    const crlf = parse(source.replace(/\n/g, '\r\n'));
    assert.equal(lf.id, 'MOD-101');
    assert.deepEqual(summary(crlf), summary(lf));
    assert.equal(crlf.lineCount, lf.lineCount);
    const ws = new RoadmapWorkspace();
    ws.set('file:///ws/lf.md', source);
    ws.set('file:///ws/crlf.md', source.replace(/\n/g, '\r\n'));
    const strip = (uri: string) =>
      ws
        .diagnostics(uri)
        .filter((d) => d.code !== 'duplicate-id')
        .map((d) => ({ code: d.code, range: d.range, message: d.message }));
    assert.deepEqual(strip('file:///ws/crlf.md'), strip('file:///ws/lf.md'));
  });

  it('reads a document that starts with a byte order mark like one that does not', () => {
    const plain = parse(source);
    const bom = parse('\uFEFF' + source);
    assert.equal(bom.kind?.key, 'module');
    assert.equal(bom.id, 'MOD-101', 'the ID is read after a BOM');
    // The BOM is on line 0, the H1 line; every other position is unaffected by it.
    assert.deepEqual(summary(bom), summary(plain));
  });

  it('counts characters in UTF-16 code units after emoji and CJK text', () => {
    const { doc, marks, text } = load(`# Module Roadmap

## Module Overview

- **Module ID**: [[MOD-120]]
- **Module Title**: [[数据管道 🚀 Pipelines]]
- **Target Role(s)**: [[数据工程师]], [[Data Engineer 👩‍💻]]
- **Prerequisites**: 🚀 [[MOD-101]]; 前置课程 [[MOD-102]]
- **Next Module(s)**: 👩‍💻👩‍💻 [[PROJ-130]]

## Competency Alignment

| Competency | Proficiency Target | Evidence / Assessment | Role Alignment |
|------------|--------------------|-----------------------|----------------|
| 🚀 [[launch-readiness]] | Working | 演示 | 数据工程师 |
`);
    assert.equal(doc.id, 'MOD-120');
    assert.equal(doc.title, '数据管道 🚀 Pipelines');
    assert.deepEqual(field(doc, 'Module Title').valueRange, marks[1]);
    assert.deepEqual(doc.roles, [
      { text: '数据工程师', range: marks[2] },
      { text: 'Data Engineer 👩‍💻', range: marks[3] },
    ]);
    assert.deepEqual(
      doc.mentions.map((m) => [m.id, m.kind, m.range]),
      [
        ['MOD-120', 'definition', marks[0]],
        ['MOD-101', 'prerequisite', marks[4]],
        ['MOD-102', 'prerequisite', marks[5]],
        ['PROJ-130', 'next', marks[6]],
      ],
    );
    // `- **Prerequisites**: ` is 21 code units and 🚀 two more (one code point): MOD-101 starts at 24.
    assert.deepEqual(wire(doc.mentions[1].range), { start: { line: 7, character: 24 }, end: { line: 7, character: 31 } });
    // 👩‍💻 is five code units (two surrogate pairs and a joiner).
    assert.equal(doc.mentions[3].range.start.character, '- **Next Module(s)**: 👩‍💻👩‍💻 '.length);
    assert.equal(doc.competencies[0].name, '🚀 launch-readiness');
    const lines = new LineIndex(text);
    const cell = doc.competencies[0].range;
    assert.equal(text.slice(lines.offsetAt(cell.start), lines.offsetAt(cell.end)), '🚀 launch-readiness');
    assert.deepEqual(cell.end, marks[7].end);
  });
});

const JUNK_PIECES = [
  '# Module Roadmap\n', '# Project Plan\n', '## Module Overview\n', '## Project Overview\n', '## Learner Experience\n',
  '## Competency Alignment\n', '## Practical Components\n', '- **Module ID**: ', '- **Project ID:** ', '- **Prerequisites**:',
  '- **Next Module(s)**: ', '- **Target Role(s)**: ', '- **Duration**: 40 hours (', '- **Estimated Duration**: 12h',
  'MOD-101', 'MOD-102', 'PROJ-2020', 'MOD-', 'MOD-1', '| a | b |\n', '|---|---|\n',
  '| Phase | Description | Estimated Time | Instructor Touchpoints |\n|-|-|-|-|\n', '| x | y | 3h |\n', '```\n', '~~~',
  '<!--', '-->', '<div>', '\r\n', '\r', '\n', '\n\n', '\t', '  ', '    ', '**', '*', '_', '[', '](', '>', '\\', '\u0000',
  '🚀', '\uD83D', '\uDE80', '数据', '(', ')', ',', ';', ':', '#', '- ', '1. ', '&amp;', '|', 'None', ' lecture', '12',
];

function junk(random: () => number): string {
  const n = Math.floor(random() * 60);
  let out = '';
  for (let i = 0; i < n; i++) out += JUNK_PIECES[Math.floor(random() * JUNK_PIECES.length)];
  return out;
}

/** Checks that a range lies inside the text, and returns the text it covers. */
function covered(lines: LineIndex, r: Range, what: string): string {
  for (const p of [r.start, r.end]) {
    assert.ok(p.line >= 0 && p.line < lines.lineCount, `${what}: line ${p.line} is in the document`);
    assert.ok(p.character >= 0 && p.character <= lines.lineText(p.line).length, `${what}: character ${p.character} is on line ${p.line}`);
  }
  const a = lines.offsetAt(r.start);
  const b = lines.offsetAt(r.end);
  assert.ok(a <= b, `${what}: the range does not end before it starts`);
  return lines.text.slice(a, b);
}

describe('parse: never fails', () => {
  it('gives an empty model for an empty text', () => {
    const doc = parse('');
    assert.equal(doc.kind, undefined);
    assert.deepEqual(doc.mentions, []);
    assert.equal(doc.lineCount, 1);
    const ws = new RoadmapWorkspace();
    ws.set('file:///ws/empty.md', '');
    assert.deepEqual(ws.diagnostics('file:///ws/empty.md'), []);
  });

  it('gives a model with in-bounds ranges for random junk', () => {
    const random = randomFn(20261122);
    const ws = new RoadmapWorkspace();
    for (let i = 0; i < 400; i++) {
      const text = junk(random);
      const uri = `file:///ws/junk-${i % 7}.md`;
      let doc: RoadmapDoc | undefined;
      assert.doesNotThrow(() => {
        ws.set(uri, text);
        doc = ws.get(uri);
        ws.diagnostics(uri);
      }, `input ${i}: ${JSON.stringify(text)}`);
      assert.ok(doc);
      const lines = new LineIndex(text);
      const where = `input ${i} ${JSON.stringify(text)}`;
      for (const m of doc.mentions) assert.equal(covered(lines, m.range, `${where} mention`), m.id);
      if (doc.idField?.text) assert.equal(covered(lines, doc.idField.range, `${where} ID`), doc.idField.text);
      for (const f of doc.fields) {
        covered(lines, f.labelRange, `${where} label`);
        if (f.value) assert.equal(covered(lines, f.valueRange, `${where} value`), f.value);
      }
      for (const r of doc.roles) assert.equal(covered(lines, r.range, `${where} role`), r.text);
      for (const s of doc.sections) {
        covered(lines, s.headingRange, `${where} heading`);
        covered(lines, s.range, `${where} section`);
      }
      for (const t of doc.tables) for (const row of [t.header, ...t.rows]) covered(lines, row.range, `${where} row`);
      for (const d of ws.diagnostics(uri)) covered(lines, d.range, `${where} ${d.code}`);
    }
  });
});

describe('parse: the seed documents', { skip: SEEDS_SKIP }, () => {
  const dir = SEEDS_DIR;
  const expected: Record<string, string> = {
    'MOD-205': 'module',
    'MOD-305': 'module',
    'PROJ-303': 'project',
    'MOD-109': 'module',
    'MOD-208': 'module',
  };

  it('parses the five seeds with their kinds and IDs, and PROJ-303 with phases 12, 52, 16', () => {
    const names = fs.readdirSync(dir).filter((n) => fs.statSync(path.join(dir, n)).isFile()).sort();
    assert.ok(names.length >= 5, `five seed files in ${dir} (found ${names.length})`);
    const ws = new RoadmapWorkspace();
    const byId = new Map<string, RoadmapDoc>();
    for (const name of names) {
      const uri = `file:///seeds/${name}`;
      ws.set(uri, fs.readFileSync(path.join(dir, name), 'utf8'));
      const doc = ws.get(uri)!;
      assert.ok(doc.kind, `${name} is a roadmap`);
      assert.ok(doc.id, `${name} defines an ID`);
      byId.set(doc.id, doc);
    }
    for (const [id, kind] of Object.entries(expected)) {
      assert.equal(byId.get(id)?.kind?.key, kind, `${id} is a ${kind}`);
    }

    const proj = byId.get('PROJ-303')!;
    assert.equal(proj.title, 'Multi-Region ML Platform');
    assert.deepEqual(
      proj.phases.map((p) => [p.name, p.hours]),
      [
        ['Architect', 12],
        ['Build', 52],
        ['Validate', 16],
      ],
    );
    assert.equal(proj.duration?.total, 80);
    assert.deepEqual(edgeTargets(proj, 'prerequisite'), ['MOD-205', 'MOD-207', 'MOD-209']);

    const mod205 = byId.get('MOD-205')!;
    assert.deepEqual(edgeTargets(mod205, 'prerequisite'), ['MOD-201', 'MOD-102']);
    assert.deepEqual(edgeTargets(mod205, 'next'), ['MOD-207', 'MOD-209', 'PROJ-303']);
    assert.equal(mod205.duration?.total, 50);
    assert.deepEqual(
      mod205.duration?.parts?.map((p) => p.hours),
      [16, 22, 9, 3],
    );
    // Its stray `#*** End Patch` line stays in the last section.
    assert.equal(mod205.sections.at(-1)?.name, 'Dependencies & Notes');

    const mod109 = byId.get('MOD-109')!;
    // Builds On (outside the overview) names MOD-001 and MOD-102 as plain references.
    assert.deepEqual(
      mod109.mentions.filter((m) => m.id === 'MOD-001').map((m) => m.kind),
      ['reference'],
    );
    assert.ok(mod109.fields.some((f) => f.label === 'Solution Path / Repo'));
    assert.deepEqual(
      mod109.roles.map((r) => r.text),
      ['AI Infrastructure Engineer'],
    );

    // The seeds are real documents with real inconsistencies. Every diagnostic is on an ID,
    // written here as `code ID` in document order:
    // - unknown-reference: the seeds are five documents of a larger curriculum; the IDs
    //   they mention and do not define (MOD-201, MOD-207, PROJ-402, ...) are elsewhere.
    //   None of them is an ID a seed defines.
    // - missing-reciprocal: MOD-305 lists MOD-205 as a prerequisite, but MOD-205's Next
    //   Module(s) (MOD-207, MOD-209, PROJ-303) does not list MOD-305; MOD-208 lists MOD-109
    //   as a prerequisite, but MOD-109's Next Module(s) (MOD-110, PROJ-203) does not list
    //   MOD-208. Both are links between seeds written at one end only.
    // No other rule fires: the seeds' sections, fields, tables, durations, proficiency
    // levels and roles are consistent (PROJ-303's phases add up to its 80 hours).
    const unknown = (...ids: string[]) => ids.map((id) => `unknown-reference ${id}`);
    const expectedDiagnostics: Record<string, string[]> = {
      'MOD-205': unknown('MOD-201', 'MOD-102', 'MOD-207', 'MOD-209', 'MOD-102', 'MOD-201', 'MOD-209', 'MOD-207'),
      'MOD-305': [
        'missing-reciprocal MOD-205',
        ...unknown('MOD-302', 'MOD-304', 'PROJ-402', 'PROJ-403', 'MOD-302', 'MOD-304', 'PROJ-402', 'MOD-304', 'PROJ-402', 'MOD-303'),
      ],
      'PROJ-303': unknown('MOD-207', 'MOD-209', 'MOD-207', 'MOD-209'),
      'MOD-109': unknown('MOD-102', 'MOD-103', 'MOD-110', 'PROJ-203', 'MOD-001', 'MOD-102', 'MOD-102', 'MOD-103', 'MOD-108', 'MOD-110', 'PROJ-203'),
      'MOD-208': ['missing-reciprocal MOD-109', ...unknown('MOD-206', 'MOD-209', 'PROJ-304', 'MOD-209', 'PROJ-304', 'PROJ-304', 'MOD-209')],
    };
    const actual: Record<string, string[]> = {};
    for (const name of names) {
      const uri = `file:///seeds/${name}`;
      const lines = new LineIndex(fs.readFileSync(path.join(dir, name), 'utf8'));
      const byPosition = [...ws.diagnostics(uri)].sort(
        (a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
      );
      actual[ws.get(uri)!.id!] = byPosition.map((d) => `${d.code} ${lines.text.slice(lines.offsetAt(d.range.start), lines.offsetAt(d.range.end))}`);
    }
    assert.deepEqual(actual, expectedDiagnostics);
  });
});

describe('parse: front matter, duration units, ID boundaries', () => {
  const ws = () => new RoadmapWorkspace();
  const module = (overview: string, before = '') =>
    `${before}# Module Roadmap\n\n## Module Overview\n\n- **Module ID**: MOD-101\n- **Module Title**: T\n${overview}\n`;

  it('reads a document with YAML front matter as a roadmap, IDs in the front matter not mentions', () => {
    const w = ws();
    w.set('file:///a.md', module('- **Prerequisites**: MOD-102', '---\ntitle: "Basics"\nrelated: [MOD-150]\n---\n'));
    const doc = w.get('file:///a.md')!;
    assert.equal(doc.kind?.key, 'module');
    assert.equal(doc.id, 'MOD-101');
    assert.equal(doc.idField!.range.start.line, 8);
    assert.deepEqual(doc.mentions.map((m) => m.id), ['MOD-101', 'MOD-102']);
    assert.ok(!w.diagnostics('file:///a.md').some((d) => d.code === 'unknown-section'));
  });

  it('checks only hour breakdowns: other units, percentages and days are left alone', () => {
    const w = ws();
    const mismatch = (duration: string) => {
      w.set('file:///d.md', module(`- **Duration**: ${duration}`));
      return w.diagnostics('file:///d.md').filter((d) => d.code === 'duration-mismatch').map((d) => d.message);
    };
    assert.deepEqual(mismatch('40 hours (5 days)'), []);
    assert.deepEqual(mismatch('2 hours (90 min lecture, 30 min lab)'), []);
    assert.deepEqual(mismatch('40 hours (35% lecture, 65% lab)'), []);
    assert.deepEqual(mismatch('40 hours (14 lecture + 18 lab + 6 project + 2 assessment)'), []);
    assert.equal(mismatch('40 hours (14 lecture + 18 lab + 6 project + 4 assessment)').length, 1);
    assert.equal(mismatch('40 hours (14h lecture, 18h lab, 6h project, 4h assessment)').length, 1);
  });

  it('does not read an ID inside a longer hyphenated word', () => {
    const w = ws();
    w.set('file:///b.md', module('- **Prerequisites**: None\n\nSee MOD-77777-old and MOD-205-style notes, but MOD-150 - here.'));
    assert.deepEqual(w.get('file:///b.md')!.mentions.map((m) => m.id), ['MOD-101', 'MOD-150']);
  });
});
