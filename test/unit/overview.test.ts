/**
 * The Curriculum Overview's data (`roadmap/overview`, features/overview.ts) on the
 * analytics fixture curriculum: every figure is the hand-worked one of
 * test/fixtures/analyticsExpected.ts (its comments hold the arithmetic), and the
 * version moves when, and only when, something the overview shows changed.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { coverageMatrix, partsInOrder, topBlocking } from '../../server/src/core/analytics/summary';
import { buildOverview, OverviewVersions } from '../../server/src/features/overview';
import { AnalyticsPush } from '../../server/src/lsp/analyticsPush';
import { ANALYTICS_CURRICULUM } from '../fixtures/analyticsCurriculum';
import { parseFixture, uriOf, workspaceOf } from '../fixtures/fixture';

const curriculum = () => workspaceOf(parseFixture(ANALYTICS_CURRICULUM));

describe('the curriculum overview', () => {
  const o = buildOverview(curriculum(), 8, 3);

  it('gives each track its hours, parts, weeks and critical path', () => {
    assert.equal(o.version, 3);
    assert.equal(o.hoursPerWeek, 8);
    assert.equal(o.documentCount, 14);
    assert.deepEqual(
      o.tracks.map((t) => [t.role, t.documents, t.hours, t.weeks, t.criticalPath.ids.join(' '), t.criticalPath.hours, t.noChain.join(' ')]),
      [
        // 10 + 20 + 15 + 30 + 25 = 100 h, ⌈100 ÷ 8⌉ = 13 weeks; 10 + 20 + 15 + 25 = 70 on the path.
        ['Data Analyst', 5, 100, 13, 'MOD-101 MOD-102 MOD-103 PROJ-110', 70, ''],
        // 10 + 20 + 40 + 30 + 35 + 20 + 12 = 167 h, 21 weeks; 10 + 40 + 30 + 35 + 20 = 135.
        ['Data Engineer', 7, 167, 21, 'MOD-101 MOD-201 MOD-202 MOD-203 MOD-204', 135, ''],
        // 225 h, 29 weeks; the cycle and what follows it are left out: 10 + 40 + 30 = 80.
        ['Data Scientist', 7, 225, 29, 'MOD-101 MOD-201 MOD-301', 80, 'MOD-302 MOD-303 PROJ-310'],
      ],
    );
    assert.deepEqual(o.tracks.map((t) => t.noChainCount), [0, 0, 3]);
    assert.deepEqual(o.tracks[1].parts, [
      { part: 'lecture', hours: 42 },
      { part: 'lab', hours: 83 },
      { part: 'project', hours: 5 },
      { part: 'assessment', hours: 5 },
    ]);
  });

  it('gives the coverage matrix: roles, competencies, each cell\'s highest level and its rows', () => {
    assert.deepEqual(o.matrix.roles, ['Data Analyst', 'Data Engineer', 'Data Scientist']);
    assert.deepEqual(o.matrix.competencies, ['cloud', 'ml', 'modeling', 'pipelines', 'python', 'sql', 'statistics', 'visualization']);
    const cell = (role: string, competency: string) => o.matrix.cells.find((c) => c.role === role && c.competency === competency);
    // sql along Data Analyst: MOD-101 Working → MOD-102 Proficient → PROJ-110 Working (no evidence): Proficient is the highest (rank 3 of 0..5).
    assert.deepEqual(cell('Data Analyst', 'sql'), {
      role: 'Data Analyst',
      competency: 'sql',
      peak: { id: 'MOD-102', level: 'Proficient', rank: 3 },
      levels: [
        { id: 'MOD-101', level: 'Working', assessed: true },
        { id: 'MOD-102', level: 'Proficient', assessed: true },
        { id: 'PROJ-110', level: 'Working', assessed: false },
      ],
      rowCount: 3,
      unassessed: 1,
    });
    // pipelines along Data Engineer: Working → Proficient → Advanced (MOD-204).
    assert.deepEqual(cell('Data Engineer', 'pipelines')!.peak, { id: 'MOD-204', level: 'Advanced', rank: 4 });
    // ml along Data Scientist: Foundational (301), Working (302, 303), Proficient (PROJ-310).
    assert.deepEqual(cell('Data Scientist', 'ml')!.peak, { id: 'PROJ-310', level: 'Proficient', rank: 3 });
    assert.equal(cell('Data Analyst', 'pipelines'), undefined, 'no track row, no cell');
    // Analyst: modeling, sql, statistics, visualization; Engineer: cloud, modeling, pipelines, python, sql (MOD-101, MOD-102 are in its track);
    // Scientist: ml, python, sql, statistics.
    assert.equal(o.matrix.cells.length, 4 + 5 + 4);
  });

  it('lists the top blocking documents, the documents on no chain and the cycles, each named once with its file', () => {
    assert.deepEqual(
      o.blocking.map((b) => `${b.id} ${b.blocking}`),
      ['MOD-101 11', 'MOD-201 7', 'MOD-102 5', 'MOD-104 5', 'MOD-301 3', 'MOD-202 2', 'MOD-302 2', 'MOD-303 2', 'MOD-103 1', 'MOD-203 1'],
    );
    assert.deepEqual(o.noChain, [{ id: 'MOD-205', roles: ['Data Engineer'] }]);
    assert.equal(o.noChainTotal, 1);
    assert.deepEqual(o.cycles, [['MOD-302', 'MOD-303']]);
    assert.deepEqual(o.documents['PROJ-110'], { title: 'Sales Insights Capstone', uri: uriOf('analyst/proj-110.md'), hours: 25 });
    // Every ID the overview names has its document.
    const named = [
      ...o.tracks.flatMap((t) => [...t.criticalPath.ids, ...t.noChain]),
      ...o.matrix.cells.flatMap((c) => c.levels.map((l) => l.id)),
      ...o.blocking.map((b) => b.id),
      ...o.noChain.map((n) => n.id),
      ...o.cycles.flat(),
    ];
    assert.deepEqual([...new Set(named)].filter((id) => !o.documents[id]), []);
    assert.equal(Object.keys(o.documents).length, 14);
  });

  it('orders parts, blocking and the matrix the one way (core/analytics/summary.ts)', () => {
    assert.deepEqual(partsInOrder({ workshop: 2, assessment: 1, lecture: 3, capstone: 4 }).map((p) => p.part), ['lecture', 'assessment', 'capstone', 'workshop']);
    assert.deepEqual(topBlocking([{ blocking: 0 }, { blocking: 2 }, { blocking: 5 }, { blocking: 2 }], 2), [{ blocking: 5 }, { blocking: 2 }]);
    const m = coverageMatrix([{ role: 'B', competency: 'SQL', levels: [{ id: 'X', level: 'Guru', assessed: true }] }, { role: 'A', competency: 'sql', levels: [] }], ['A', 'B'], ['Low', 'High']);
    assert.deepEqual(m.competencies, ['SQL'], 'matched without regard to case, spelled as first met');
    assert.deepEqual(m.cells.map((c) => [c.role, c.competency, c.peak]), [['B', 'SQL', null], ['A', 'SQL', null]], 'a level outside the scale is no peak');
  });
});

describe('the overview of a large curriculum', () => {
  it('lists a cell\'s first 20 rows and counts them all', () => {
    // 60 modules of one role, each requiring the one before and targeting "sql" (every fifth without evidence).
    const doc = (i: number) => `-- m${i}.md
# Module Roadmap

## Module Overview

- **Module ID**: MOD-${100 + i}
- **Target Role(s)**: Analyst
- **Duration**: 1 hours
- **Prerequisites**: ${i ? `MOD-${99 + i}` : 'None'}

## Competency Alignment

| Competency | Proficiency Target | Evidence / Assessment | Role Alignment |
|---|---|---|---|
| sql | Working | ${i % 5 ? 'Quiz' : ''} | Analyst |
`;
    const o = buildOverview(workspaceOf(parseFixture(Array.from({ length: 60 }, (_, i) => doc(i)).join(''))), 10, 1);
    const [cell] = o.matrix.cells;
    assert.equal(cell.rowCount, 60);
    assert.equal(cell.unassessed, 12);
    assert.deepEqual(cell.levels.map((l) => l.id), Array.from({ length: 20 }, (_, i) => `MOD-${100 + i}`), 'the first 20, in prerequisite order');
    assert.equal(o.tracks[0].hours, 60);
    assert.equal(o.tracks[0].criticalPath.ids.length, 60);
  });
});

describe('the overview version', () => {
  it('moves when a figure changes, not when a paragraph does, and tells the client once per burst', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const fx = parseFixture(ANALYTICS_CURRICULUM);
    const ws = workspaceOf(fx);
    let pace = 8;
    const told: number[] = [];
    const versions = new OverviewVersions(() => ({ ws, hoursPerWeek: pace }), { notify: (v) => told.push(v), delayMs: 100 });
    versions.touch();
    t.mock.timers.tick(200);
    assert.deepEqual(told, [], 'nothing before a client asked');
    assert.equal(versions.request().version, 0);
    const file = fx.files.find((f) => f.path === 'analyst/mod-103.md')!;
    ws.set(file.uri, file.text + '\nA paragraph.\n');
    versions.touch();
    t.mock.timers.tick(200);
    assert.deepEqual(told, [], 'a paragraph changes no figure');
    ws.set(file.uri, file.text.replace('15 hours (5 lecture, 10 lab)', '25 hours (5 lecture, 20 lab)'));
    versions.touch();
    versions.touch();
    t.mock.timers.tick(200);
    assert.deepEqual(told, [1]);
    const o = versions.request();
    assert.equal(o.version, 1);
    // Data Analyst: 100 + 10 = 110 h; the path through MOD-103 grows by 10 too.
    assert.deepEqual([o.tracks[0].hours, o.tracks[0].criticalPath.hours], [110, 80]);
    pace = 10;
    versions.touch();
    t.mock.timers.tick(200);
    assert.deepEqual(told, [1, 2], 'a new pace moves the weeks');
    assert.equal(versions.request().tracks[0].weeks, 11);
  });
});

describe('what the server says when figures move (lsp/analyticsPush.ts)', () => {
  it('refreshes the code lenses after one document\'s edit moved a figure, not after a paragraph', () => {
    const fx = parseFixture(ANALYTICS_CURRICULUM);
    const ws = workspaceOf(fx);
    let refreshed = 0;
    const push = new AnalyticsPush({ sendNotification: () => {}, refreshCodeLens: () => void refreshed++ }, () => ({ ws, hoursPerWeek: 8 }));
    const file = fx.files.find((f) => f.path === 'analyst/mod-101.md')!;
    push.flushed([file.uri]);
    assert.equal(refreshed, 0, 'nothing to compare with at first');
    ws.set(file.uri, file.text + '\nA paragraph.\n');
    push.flushed([file.uri]);
    assert.equal(refreshed, 0, 'a paragraph moves no figure');
    ws.set(file.uri, file.text.replace('10 hours (4 lecture, 6 lab)', '12 hours (4 lecture, 8 lab)'));
    push.flushed([file.uri]);
    assert.equal(refreshed, 1, 'MOD-101\'s hours move every lens after it');
    push.dispose();
  });
});
