/**
 * The workspace index behind RoadmapWorkspace: who defines an ID, who refers to it,
 * who depends on it, which documents use a competency or name a role; and the
 * incremental contract of `set` / `remove`: they return every URI whose diagnostics
 * may have changed, and the index after any sequence of edits is the index a fresh
 * workspace builds from the final texts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RoadmapDoc } from '../../server/src/core/model';
import type { RoadmapDiagnostic } from '../../server/src/core/rules/types';
import { RoadmapWorkspace } from '../../server/src/core/workspace';
import { FIXTURE_ROOT, parseFixture, uriOf, workspaceOf } from '../fixtures/fixture';

interface ModuleSpec {
  id: string;
  title?: string;
  roles?: string;
  prereqs?: string;
  next?: string;
  /** Competency Alignment rows: [competency, level, role]. */
  competencies?: Array<[string, string, string]>;
  /** Lines put before the H1's blockquote, e.g. to move everything down. */
  preamble?: string;
  notes?: string;
}

/** A complete module roadmap: with every ID it mentions defined, it has no diagnostic. */
function moduleText(s: ModuleSpec): string {
  const roles = s.roles ?? 'Data Engineer';
  const competencies = s.competencies ?? [['data-pipelines', 'Working', roles.split(',')[0].trim()]];
  return `# Module Roadmap
${s.preamble ?? ''}
> ${roles} | ${s.title ?? 'A module'} in the data engineering track.

## Module Overview

- **Module ID**: ${s.id}
- **Module Title**: ${s.title ?? 'A module'}
- **Target Role(s)**: ${roles}
- **Duration**: 30 hours (10 lecture, 16 lab, 4 assessment)
- **Prerequisites**: ${s.prereqs ?? 'None'}
- **Next Module(s)**: ${s.next ?? 'None'}

## Cross-Role Progression

- **Builds On** (modules/roles): Earlier modules of the track

## Learning Objectives

- Build and operate the pipelines this module is about.

## Competency Alignment

| Competency | Proficiency Target | Evidence / Assessment | Role Alignment |
|------------|--------------------|-----------------------|----------------|
${competencies.map(([c, l, r]) => `| ${c} | ${l} | Lab review | ${r} |`).join('\n')}

## Content Outline

1. Concepts, tooling, and operations.

## Practical Components

| Asset | Description | Completion Criteria | Linked Validation |
|-------|-------------|---------------------|-------------------|
| Lab 1 | Build the pipeline | Pipeline runs end to end | CI run |

## Solutions Plan

- **Solution Path**: \`modules/data-engineer/solutions\`

## Resource Plan

- **Primary References**: Module README.

## Quality Checklist

- [ ] Lab environment verified

## Dependencies & Notes

- ${s.notes ?? 'None.'}
`;
}

interface ProjectSpec {
  id: string;
  placement?: string;
  prereqs?: string;
  roles?: string;
  competencies?: Array<[string, string, string]>;
}

/** A complete project plan whose phases add up to its 40 hours. */
function projectText(s: ProjectSpec): string {
  const roles = s.roles ?? 'Data Engineer';
  const competencies = s.competencies ?? [['data-pipelines', 'Proficient', roles.split(',')[0].trim()]];
  return `# Project Plan

> ${roles} | Capstone project.

## Project Overview

- **Project ID**: ${s.id}
- **Project Title**: Retail Sales Pipeline
- **Target Role(s)**: ${roles}
- **Placement in Curriculum**: ${s.placement ?? 'End of the track'}
- **Estimated Duration**: 40 hours
- **Prerequisite Modules / Skills**: ${s.prereqs ?? 'None'}
- **Related Assessments**: Demo and design review

## Learning Objectives

- Deliver a tested batch pipeline.

## Competency Alignment

| Competency | Proficiency Target | Evidence / Assessment | Role Alignment |
|------------|--------------------|-----------------------|----------------|
${competencies.map(([c, l, r]) => `| ${c} | ${l} | Demo | ${r} |`).join('\n')}

## Project Narrative

A retailer needs nightly sales figures it can trust.

## Deliverables

- Pipeline code, tests, and a runbook.

## Constraints & Assumptions

- Synthetic data only.

## Learner Experience

| Phase | Description | Estimated Time | Instructor Touchpoints |
|-------|-------------|----------------|------------------------|
| Design | Model and plan | 8h | Kickoff |
| Build | Pipeline and tests | 24h | Check-in |
| Present | Demo | 8h | Panel |

## Solutions & Validation

- **Solutions Path**: \`projects/data-engineer/solutions\`

## Risks & Mitigations

- **Late data**: Reprocessing window of two days.

## References & Inspiration

- Public retail datasets.

## Sign-off

- **Author**: Curriculum Team
`;
}

const uris = (docs: RoadmapDoc[]) => docs.map((d) => d.uri).sort();
const sorted = (s: Iterable<string>) => [...s].sort();
const codesOf = (ws: RoadmapWorkspace, uri: string) => ws.diagnostics(uri).map((d) => d.code);

function newWorkspace(): RoadmapWorkspace {
  return new RoadmapWorkspace(undefined, { describe: (uri) => uri.slice(FIXTURE_ROOT.length) });
}

const A = uriOf('modules/mod-101.md');
const B = uriOf('modules/mod-102.md');
const C = uriOf('modules/mod-103.md');
const D = uriOf('modules/mod-104.md');
const E = uriOf('modules/mod-104-copy.md');
const P = uriOf('projects/proj-110.md');

describe('workspace index: look-ups', () => {
  function build() {
    const ws = newWorkspace();
    // Every link is written at both ends: P is placed after MOD-101, so A lists PROJ-110 as a next module.
    ws.set(A, moduleText({ id: 'MOD-101', title: 'SQL Foundations', roles: 'Data Engineer, Analytics Engineer', next: 'MOD-102, PROJ-110' }));
    ws.set(
      B,
      moduleText({
        id: 'MOD-102',
        title: 'Python for Pipelines',
        prereqs: 'MOD-101',
        next: 'PROJ-110',
        competencies: [
          ['Data-Pipelines', 'Working', 'Data Engineer'],
          ['python-programming', 'Working', 'Data Engineer'],
        ],
      }),
    );
    ws.set(C, moduleText({ id: 'MOD-103', title: 'Data Modeling', notes: 'Pairs well with the SQL drills of MOD-101.' }));
    ws.set(P, projectText({ id: 'PROJ-110', placement: 'After MOD-101 and MOD-102', prereqs: 'MOD-102 Python for Pipelines' }));
    return ws;
  }

  it('starts clean: the documents of the look-up tests have no diagnostic', () => {
    const ws = build();
    for (const uri of [A, B, C, P]) assert.deepEqual(ws.diagnostics(uri), [], uri);
  });

  it('finds definitions, referrers, dependents, prerequisites and next modules', () => {
    const ws = build();
    const index = ws.index;
    assert.equal(index.size, 4);
    assert.deepEqual(uris(index.definitions('MOD-101')), [A]);
    assert.deepEqual(uris(index.definitions('PROJ-110')), [P]);
    assert.deepEqual(index.definitions('MOD-999'), []);
    assert.equal(index.isDefined('MOD-103'), true);
    assert.equal(index.isDefined('MOD-999'), false);
    assert.deepEqual(sorted(index.definedIds()), ['MOD-101', 'MOD-102', 'MOD-103', 'PROJ-110']);
    // Referrers: anything that mentions it, prose included; its own definition is not a reference.
    assert.deepEqual(uris(index.referrers('MOD-101')), sorted([B, C, P]));
    assert.deepEqual(uris(index.referrers('MOD-103')), []);
    // Dependents: only prerequisite edges (B's Prerequisites, P's Placement), not C's prose.
    assert.deepEqual(uris(index.dependentsOf('MOD-101')), sorted([B, P]));
    assert.deepEqual(uris(index.dependentsOf('MOD-102')), [P]);
    assert.deepEqual(index.prerequisitesOf('PROJ-110'), ['MOD-101', 'MOD-102']);
    assert.deepEqual(index.prerequisitesOf('MOD-101'), []);
    assert.deepEqual(index.nextOf('MOD-101'), ['MOD-102', 'PROJ-110']);
    assert.deepEqual(index.nextOf('MOD-102'), ['PROJ-110']);
    assert.equal(index.cycleOf('MOD-101'), undefined);
  });

  it('finds competency uses across documents, case-insensitively', () => {
    const ws = build();
    const uses = ws.index.competencyUses('DATA-PIPELINES');
    assert.deepEqual(
      uses.map((u) => [u.uri, u.competency.name, u.competency.level?.text]).sort(),
      [
        [A, 'data-pipelines', 'Working'],
        [B, 'Data-Pipelines', 'Working'],
        [C, 'data-pipelines', 'Working'],
        [P, 'data-pipelines', 'Proficient'],
      ].sort(),
    );
    assert.deepEqual(sorted(ws.index.competencyNames()), ['data-pipelines', 'python-programming']);
    assert.deepEqual(
      ws.index.competencyUses('python-programming').map((u) => u.uri),
      [B],
    );
    // Editing B drops its python competency; removing it drops its use of data-pipelines.
    ws.set(B, moduleText({ id: 'MOD-102', prereqs: 'MOD-101', next: 'PROJ-110' }));
    assert.deepEqual(ws.index.competencyUses('python-programming'), []);
    assert.deepEqual(sorted(ws.index.competencyNames()), ['data-pipelines']);
    ws.remove(B);
    assert.deepEqual(sorted(ws.index.competencyUses('data-pipelines').map((u) => u.uri)), sorted([A, C, P]));
  });

  it('knows the roles named in Target Role(s), and forgets a role no document names any more', () => {
    const ws = build();
    assert.deepEqual(sorted(ws.index.roleNames()), ['Analytics Engineer', 'Data Engineer']);
    ws.set(A, moduleText({ id: 'MOD-101', roles: 'Data Engineer, Analytics Engineer, ML Engineer', next: 'MOD-102' }));
    assert.deepEqual(sorted(ws.index.roleNames()), ['Analytics Engineer', 'Data Engineer', 'ML Engineer']);
    ws.remove(A);
    assert.deepEqual(sorted(ws.index.roleNames()), ['Data Engineer']);
  });

  it('replaces a document on set: its old mentions are forgotten', () => {
    const ws = build();
    ws.set(B, moduleText({ id: 'MOD-102', prereqs: 'MOD-103', next: 'PROJ-110' }));
    assert.deepEqual(uris(ws.index.referrers('MOD-101')), sorted([C, P]));
    assert.deepEqual(uris(ws.index.dependentsOf('MOD-103')), [B]);
    assert.deepEqual(uris(ws.index.dependentsOf('MOD-101')), [P]);
    assert.equal(ws.index.size, 4);
  });

  it('forgets a removed document, and a file that stops being a roadmap', () => {
    const ws = build();
    assert.deepEqual(sorted(ws.remove(C)), [], 'nobody depends on MOD-103');
    assert.equal(ws.get(C), undefined);
    assert.equal(ws.index.isDefined('MOD-103'), false);
    assert.deepEqual(uris(ws.index.referrers('MOD-101')), sorted([B, P]));
    assert.deepEqual(sorted(ws.remove(C)), [], 'removing twice is harmless');
    // Changing A's H1 makes it plain markdown: it defines and mentions nothing any more.
    ws.set(A, moduleText({ id: 'MOD-101', next: 'MOD-102' }).replace('# Module Roadmap', '# Module Notes'));
    assert.equal(ws.index.isDefined('MOD-101'), false);
    assert.deepEqual(uris(ws.index.referrers('MOD-102')), [P]);
    assert.deepEqual(codesOf(ws, A), []);
    assert.deepEqual(codesOf(ws, B), ['unknown-reference']);
  });

  it('builds the same index from a multi-file fixture', () => {
    const fixture = parseFixture(
      [
        `-- modules/mod-101.md`,
        moduleText({ id: 'MOD-101', next: 'MOD-102' }),
        `-- modules/mod-102.md`,
        moduleText({ id: 'MOD-102', prereqs: 'MOD-101' }),
        `-- notes/README.md`,
        `# Track notes\n\nMOD-101 comes first, then MOD-102.\n`,
      ].join('\n'),
    );
    const ws = workspaceOf(fixture);
    assert.equal(ws.index.size, 3);
    assert.deepEqual(uris(ws.index.referrers('MOD-101')), [uriOf('modules/mod-102.md')], 'plain markdown refers to nothing');
    assert.deepEqual(uris(ws.index.dependentsOf('MOD-101')), [uriOf('modules/mod-102.md')]);
  });
});

describe('workspace index: what set and remove return', () => {
  it('returns the edited document itself, and only it for an edit that concerns nobody else', () => {
    const ws = newWorkspace();
    ws.set(A, moduleText({ id: 'MOD-101', next: 'MOD-102' }));
    ws.set(B, moduleText({ id: 'MOD-102', prereqs: 'MOD-101' }));
    ws.set(C, moduleText({ id: 'MOD-103' }));
    assert.deepEqual(sorted(ws.set(C, moduleText({ id: 'MOD-103', title: 'Renamed title', notes: 'A new note.' }))), [C]);
  });

  it('fixing a reference target clears unknown-reference in the referrer (and breaking it again brings it back)', () => {
    const ws = newWorkspace();
    // A leads to B (next: MOD-102) under every ID it is given, so B's prerequisite MOD-101 is
    // answered whenever MOD-101 is defined.
    ws.set(A, moduleText({ id: 'MOD-110', title: 'SQL Foundations', next: 'MOD-102' })); // a typo: MOD-101 was meant
    ws.set(B, moduleText({ id: 'MOD-102', prereqs: 'MOD-101', notes: 'Revisit the MOD-101 drills.' }));
    assert.deepEqual(codesOf(ws, B), ['unknown-reference', 'unknown-reference']);

    const fixed = ws.set(A, moduleText({ id: 'MOD-101', title: 'SQL Foundations', next: 'MOD-102' }));
    assert.ok(fixed.has(A));
    assert.ok(fixed.has(B), 'the referrer is affected');
    assert.deepEqual(codesOf(ws, B), []);

    const broken = ws.set(A, moduleText({ id: 'MOD-100', title: 'SQL Foundations', next: 'MOD-102' }));
    assert.ok(broken.has(B));
    assert.deepEqual(codesOf(ws, B), ['unknown-reference', 'unknown-reference']);

    // A new file that defines the ID fixes it too.
    const added = ws.set(C, moduleText({ id: 'MOD-101', title: 'SQL Foundations (new)', next: 'MOD-102' }));
    assert.ok(added.has(B));
    assert.deepEqual(codesOf(ws, B), []);
    // And removing that file breaks it again.
    assert.ok(ws.remove(C).has(B));
    assert.deepEqual(codesOf(ws, B), ['unknown-reference', 'unknown-reference']);
  });

  it('breaking a cycle in one module clears prerequisite-cycle in the other members', () => {
    const ws = newWorkspace();
    // The chain MOD-101 → MOD-102 → MOD-103 → MOD-104 is written at both ends of every link.
    // A's prerequisite MOD-103 closes the cycle, and it is written at one end only (C does not
    // list MOD-101 as a next module): missing-reciprocal fires on the same mention, and goes
    // with the cycle when A drops it.
    ws.set(A, moduleText({ id: 'MOD-101', prereqs: 'MOD-103', next: 'MOD-102' }));
    ws.set(B, moduleText({ id: 'MOD-102', prereqs: 'MOD-101', next: 'MOD-103' }));
    ws.set(C, moduleText({ id: 'MOD-103', prereqs: 'MOD-102', next: 'MOD-104' }));
    ws.set(D, moduleText({ id: 'MOD-104', prereqs: 'MOD-103' })); // hangs off the cycle
    const onCycle = (uri: string) => (uri === A ? ['prerequisite-cycle', 'missing-reciprocal'] : ['prerequisite-cycle']);
    for (const uri of [A, B, C]) assert.deepEqual(codesOf(ws, uri), onCycle(uri), uri);
    assert.deepEqual(codesOf(ws, D), []);
    assert.deepEqual(sorted(ws.index.cycleOf('MOD-102') ?? []), ['MOD-101', 'MOD-102', 'MOD-103']);
    assert.match(ws.diagnostics(B)[0].message, /MOD-102 → MOD-101 → MOD-103 → MOD-102/);

    const broken = ws.set(A, moduleText({ id: 'MOD-101', prereqs: 'None', next: 'MOD-102' }));
    for (const uri of [A, B, C]) {
      assert.ok(broken.has(uri), `${uri} is affected`);
      assert.deepEqual(codesOf(ws, uri), [], uri);
    }
    assert.equal(ws.index.cycleOf('MOD-102'), undefined);

    const closed = ws.set(A, moduleText({ id: 'MOD-101', prereqs: 'MOD-103', next: 'MOD-102' }));
    for (const uri of [A, B, C]) {
      assert.ok(closed.has(uri), `${uri} is affected when the cycle closes`);
      assert.deepEqual(codesOf(ws, uri), onCycle(uri), uri);
    }

    // Removing a member breaks the cycle for the others too.
    const removed = ws.remove(C);
    assert.ok(removed.has(A) && removed.has(B));
    assert.ok(!removed.has(C), 'remove does not return the removed document');
    assert.deepEqual(codesOf(ws, B), ['unknown-reference'], 'its next module MOD-103 is gone, and no cycle is left');
    assert.deepEqual(codesOf(ws, A), ['unknown-reference'], 'MOD-103 is gone');
  });

  it("returns the documents whose missing-reciprocal points into an edited document, when the field it points at moves", () => {
    // Engine bug (workspaceIndex.ts, affectedBy): a missing-reciprocal diagnostic in A carries
    // related information on B's Prerequisites field. When B changes without changing its ID
    // or its edges (here: a comment above the H1 moves everything down two lines), A is not
    // among the returned URIs, so a client keeps showing A's related range at B's old lines.
    // Duplicates get this right ("the other definers of a duplicated ID point at this
    // document's ID field"); the far ends of one-sided links need the same: the referrers
    // of B's ID whose link B does not return.
    const ws = newWorkspace();
    ws.set(A, moduleText({ id: 'MOD-101', next: 'MOD-102' }));
    ws.set(B, moduleText({ id: 'MOD-102' })); // does not list MOD-101 among its prerequisites
    const [before] = ws.diagnostics(A);
    assert.equal(before.code, 'missing-reciprocal');
    assert.equal(before.related?.[0].uri, B);
    const affected = ws.set(B, moduleText({ id: 'MOD-102', preamble: '\n<!-- owner: data team -->\n' }));
    const [after] = ws.diagnostics(A);
    assert.equal(after.related![0].range.start.line, before.related![0].range.start.line + 2, "the related range moved with B's Prerequisites");
    assert.ok(affected.has(A), `A is re-checked: returned ${JSON.stringify(sorted(affected))}`);
  });

  it('deleting one of two duplicate definitions clears duplicate-id in the other', () => {
    const ws = newWorkspace();
    ws.set(A, moduleText({ id: 'MOD-101', title: 'SQL Foundations' }));
    ws.set(B, moduleText({ id: 'MOD-101', title: 'Python for Pipelines' }));
    assert.deepEqual(codesOf(ws, A), ['duplicate-id']);
    assert.deepEqual(codesOf(ws, B), ['duplicate-id']);
    assert.deepEqual(uris(ws.index.definitions('MOD-101')), sorted([A, B]));

    const affected = ws.remove(B);
    assert.deepEqual(sorted(affected), [A]);
    assert.deepEqual(codesOf(ws, A), []);

    // Re-adding it flags both again; renaming it clears both.
    assert.ok(ws.set(B, moduleText({ id: 'MOD-101', title: 'Python for Pipelines' })).has(A));
    assert.deepEqual(codesOf(ws, A), ['duplicate-id']);
    const renamed = ws.set(B, moduleText({ id: 'MOD-102', title: 'Python for Pipelines' }));
    assert.ok(renamed.has(A));
    assert.deepEqual(codesOf(ws, A), []);
    assert.deepEqual(codesOf(ws, B), []);
  });
});

/** A sequence of edits, as a user would make them, over five documents. */
type Step = { set: string; text: string } | { remove: string };

const EDITS: Step[] = [
  { set: A, text: moduleText({ id: 'MOD-101', next: 'MOD-102' }) },
  { set: B, text: moduleText({ id: 'MOD-102', prereqs: 'MOD-101', next: 'MOD-103' }) },
  { set: C, text: moduleText({ id: 'MOD-103', prereqs: 'MOD-102', next: 'MOD-104' }) },
  // P requires MOD-101, MOD-102 and MOD-103, none of which lists PROJ-110 as a next module:
  // missing-reciprocal on each of the three.
  { set: P, text: projectText({ id: 'PROJ-110', placement: 'After MOD-103', prereqs: 'MOD-101, MOD-102, MOD-103' }) },
  // MOD-104 appears: C's next is no longer unknown.
  { set: D, text: moduleText({ id: 'MOD-104', prereqs: 'MOD-103', next: 'PROJ-110' }) },
  // C adds PROJ-110 to its next modules: P's missing-reciprocal on MOD-103 goes (and comes back
  // when C is set without it below).
  { set: C, text: moduleText({ id: 'MOD-103', prereqs: 'MOD-102', next: 'MOD-104, PROJ-110' }) },
  // A now requires MOD-103: the cycle MOD-101 → MOD-103 → MOD-102 → MOD-101.
  { set: A, text: moduleText({ id: 'MOD-101', prereqs: 'MOD-103', next: 'MOD-102' }) },
  // D becomes a second definition of MOD-102.
  { set: D, text: moduleText({ id: 'MOD-102', title: 'A copy', next: 'PROJ-110' }) },
  // B moves down three lines: its ID and its mentions move, nothing else changes.
  { set: B, text: moduleText({ id: 'MOD-102', prereqs: 'MOD-101', next: 'MOD-103', preamble: '\n<!-- owner: data team -->\n' }) },
  // A's cycle-closing prerequisite moves within its line.
  { set: A, text: moduleText({ id: 'MOD-101', prereqs: 'SQL basics, MOD-103', next: 'MOD-102' }) },
  { remove: D },
  // C is renamed by mistake (a typo), then back.
  { set: C, text: moduleText({ id: 'MOD-113', prereqs: 'MOD-102', next: 'MOD-104' }) },
  { set: C, text: moduleText({ id: 'MOD-103', prereqs: 'MOD-102', next: 'MOD-104' }) },
  // A stops being a roadmap, then comes back without the cycle.
  { set: A, text: '# Notes\n\nMOD-101 is being rewritten.\n' },
  { set: A, text: moduleText({ id: 'MOD-101', next: 'MOD-102' }) },
  // The project gets an invalid ID, then a valid one, and a self-reference.
  { set: P, text: projectText({ id: 'PROJ-11', placement: 'After MOD-103', prereqs: 'MOD-101' }) },
  { set: P, text: projectText({ id: 'PROJ-110', placement: 'After MOD-103', prereqs: 'MOD-101, PROJ-110' }) },
  { set: D, text: moduleText({ id: 'MOD-104', prereqs: 'MOD-103', next: 'PROJ-110' }) },
  // A copy of D keeps its ID (off any cycle this time); then D's ID line moves down.
  { set: E, text: moduleText({ id: 'MOD-104', title: 'Streaming (draft)' }) },
  { set: D, text: moduleText({ id: 'MOD-104', prereqs: 'MOD-103', next: 'PROJ-110', preamble: '\n<!-- owner: streaming team -->\n' }) },
  { remove: B },
];

function apply(ws: RoadmapWorkspace, step: Step): Set<string> {
  return 'remove' in step ? ws.remove(step.remove) : ws.set(step.set, step.text);
}

/** The final text of every document after the edits. */
function finalTexts(steps: Step[]): Map<string, string> {
  const texts = new Map<string, string>();
  for (const s of steps) {
    if ('remove' in s) texts.delete(s.remove);
    else texts.set(s.set, s.text);
  }
  return texts;
}

const withoutRelated = (ds: RoadmapDiagnostic[]) => ds.map(({ related: _related, ...d }) => d);

describe('workspace index: incremental updates', () => {
  it('has, after a sequence of edits, the diagnostics of a fresh workspace built from the final texts', () => {
    const ws = newWorkspace();
    for (const step of EDITS) apply(ws, step);
    const fresh = newWorkspace();
    const texts = finalTexts(EDITS);
    for (const [uri, text] of texts) fresh.set(uri, text);
    assert.deepEqual(sorted(ws.index.uris()), sorted(texts.keys()));
    assert.deepEqual(sorted(ws.index.definedIds()), sorted(fresh.index.definedIds()));
    for (const uri of texts.keys()) {
      assert.deepEqual(ws.diagnostics(uri), fresh.diagnostics(uri), uri);
      for (const id of fresh.index.definedIds()) {
        assert.deepEqual(uris(ws.index.referrers(id)), uris(fresh.index.referrers(id)), `referrers of ${id}`);
        assert.deepEqual(ws.index.cycleOf(id), fresh.index.cycleOf(id), `cycle of ${id}`);
      }
    }
    // The sequence went through every kind of change it claims to.
    const seen = new Set<string>();
    const replay = newWorkspace();
    for (const step of EDITS) {
      apply(replay, step);
      for (const uri of replay.index.uris()) for (const d of replay.diagnostics(uri)) seen.add(d.code);
    }
    assert.deepEqual(sorted(seen), ['duplicate-id', 'invalid-id', 'missing-reciprocal', 'prerequisite-cycle', 'self-reference', 'unknown-reference']);
  });

  /**
   * A client re-publishes diagnostics only for the URIs set/remove return. After every
   * step, what it shows must be what the workspace now computes for every document.
   */
  function publishAlong(compare: (ds: RoadmapDiagnostic[]) => unknown) {
    const ws = newWorkspace();
    const shown = new Map<string, unknown>();
    EDITS.forEach((step, i) => {
      const affected = apply(ws, step);
      if ('remove' in step) shown.delete(step.remove);
      for (const uri of affected) if (ws.get(uri)) shown.set(uri, compare(ws.diagnostics(uri)));
      for (const uri of ws.index.uris()) {
        assert.deepEqual(
          shown.get(uri),
          compare(ws.diagnostics(uri)),
          `after step ${i + 1} (${'remove' in step ? `remove ${step.remove}` : `set ${step.set}`}), ${uri} shows stale diagnostics: it was not among the returned URIs ${JSON.stringify(sorted(affected))}`,
        );
      }
    });
  }

  it('returns from every set/remove each URI whose diagnostics changed', () => {
    publishAlong(withoutRelated);
  });

  it('returns from every set/remove each URI whose related information moved', () => {
    publishAlong((ds) => ds);
  });
});
