import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyticsOf, computeAnalytics, documentAnalytics } from '../../server/src/core/analytics';
import { resolveConfig } from '../../server/src/core/config/config';
import { RoadmapWorkspace } from '../../server/src/core/workspace';
import { ANALYTICS_CURRICULUM } from '../fixtures/analyticsCurriculum';
import { EXPECTED } from '../fixtures/analyticsExpected';
import { FIXTURE_ROOT, parseFixture } from '../fixtures/fixture';

function curriculum(): RoadmapWorkspace {
  const ws = new RoadmapWorkspace();
  for (const f of parseFixture(ANALYTICS_CURRICULUM).files) if (f.path.endsWith('.md')) ws.set(f.uri, f.text);
  return ws;
}

/** The engine's answer in the shape of the hand-worked figures (a path for the URI). */
function asExpected(ws: RoadmapWorkspace, hoursPerWeek = 8) {
  const a = computeAnalytics(ws, { hoursPerWeek });
  return { ...a, documents: a.documents.map(({ uri, ...d }) => ({ ...d, path: uri.slice(FIXTURE_ROOT.length) })) };
}

describe('analytics', () => {
  it('gives every figure of the fixture curriculum as worked out by hand', () => {
    const got = asExpected(curriculum());
    assert.deepEqual(got.documents, EXPECTED.documents);
    assert.deepEqual(got.tracks, EXPECTED.tracks);
    assert.deepEqual(got.coverage, EXPECTED.coverage);
    assert.deepEqual(got.cycles, EXPECTED.cycles);
    assert.equal(got.hoursPerWeek, 8);
  });

  it('gives one document the same figures alone as in the whole, after edits too', () => {
    const ws = curriculum();
    const engine = analyticsOf(ws);
    for (const d of EXPECTED.documents) {
      const { uri, ...got } = engine.document(d.id)!;
      assert.deepEqual({ ...got, path: uri.slice(FIXTURE_ROOT.length) }, d, d.id);
    }
    assert.equal(documentAnalytics(ws, 'MOD-999'), undefined, 'an ID no document defines has no figures');
    // MOD-201 grows from 40 to 60 hours: everything after it moves by 20.
    const text = parseFixture(ANALYTICS_CURRICULUM).files.find((f) => f.path === 'engineer/mod-201.md')!.text;
    ws.set(`${FIXTURE_ROOT}engineer/mod-201.md`, text.replace('40 hours (10 lecture, 30 lab)', '60 hours (10 lecture, 50 lab)'));
    assert.equal(documentAnalytics(ws, 'MOD-204')!.hoursBefore, 135); // 10 + 60 + 30 + 35
    assert.equal(documentAnalytics(ws, 'MOD-301')!.hoursBefore, 70); // 10 + 60
    assert.equal(computeAnalytics(ws, { hoursPerWeek: 8 }).tracks[1].criticalPath.hours, 155); // 135 + 20
    // MOD-303 stops requiring MOD-302: the cycle is gone, PROJ-310 gets its chain.
    const t303 = parseFixture(ANALYTICS_CURRICULUM).files.find((f) => f.path === 'scientist/mod-303.md')!.text;
    ws.set(`${FIXTURE_ROOT}scientist/mod-303.md`, t303.replace('**Prerequisites**: MOD-302', '**Prerequisites**: None'));
    // 310 ← 302 ← max(301: 70 + 30 = 100, 303: 0 + 25) → 100 + 40 = 140
    const p310 = documentAnalytics(ws, 'PROJ-310')!;
    assert.equal(p310.hoursBefore, 140);
    assert.deepEqual(p310.chainBefore, ['MOD-101', 'MOD-201', 'MOD-301', 'MOD-302']);
    assert.deepEqual(computeAnalytics(ws).cycles, []);
    // Removing MOD-101 leaves MOD-102 with nothing before it.
    ws.remove(`${FIXTURE_ROOT}analyst/mod-101.md`);
    assert.equal(documentAnalytics(ws, 'MOD-102')!.hoursBefore, 0);
    assert.equal(documentAnalytics(ws, 'MOD-101'), undefined);
  });

  it('ends on a long chain and on a large cycle, without recursion', () => {
    const ws = new RoadmapWorkspace();
    const n = 20000;
    ws.index.bulk(() => {
    for (let i = 0; i < n; i++) {
      const prev = i === 0 ? 'MOD-99999' : `MOD-${1000 + i - 1}`;
      ws.set(`file:///c/${i}.md`, `# Module Roadmap\n\n## Module Overview\n\n- **Module ID**: MOD-${1000 + i}\n- **Target Role(s)**: R\n- **Duration**: 1 hours\n- **Prerequisites**: ${prev}\n`);
    }
    });
    const a = computeAnalytics(ws);
    assert.equal(a.cycles.length, 0, 'MOD-99999 is defined nowhere: a chain, not a cycle');
    assert.equal(a.documents.at(-1)!.hoursBefore, n - 1);
    assert.equal(a.documents[0].blocking, n - 1);
    assert.equal(a.tracks[0].criticalPath.ids.length, n);
    ws.index.bulk(() => ws.set('file:///c/last.md', `# Module Roadmap\n\n## Module Overview\n\n- **Module ID**: MOD-99999\n- **Duration**: 1 hours\n- **Prerequisites**: MOD-${1000 + n - 1}\n`));
    // MOD-99999 now closes the chain into one cycle of every document.
    const b = computeAnalytics(ws);
    assert.equal(b.cycles.length, 1);
    assert.equal(b.cycles[0].length, n + 1);
    assert.ok(b.documents.every((d) => d.hoursBefore === null && d.inCycle && d.blocking === n));
  });

  it('gives the competency rules their findings on the fixture, none through the cycle', () => {
    const ws = curriculum();
    const found = [...ws.index.uris()].flatMap((u) =>
      ws
        .diagnostics(u)
        .filter((d) => ['proficiency-regression', 'proficiency-jump', 'unassessed-competency'].includes(d.code))
        .map((d) => `${u.slice(FIXTURE_ROOT.length)} ${d.code}: ${d.message}`),
    );
    assert.deepEqual(found.sort(), [
      // 101, 102, 103: visualization appears nowhere before MOD-103.
      'analyst/mod-103.md proficiency-jump: Competency "visualization" first appears here at Advanced, one of the two top levels: no document MOD-103 requires targets it on the way.',
      // The empty Evidence / Assessment cells.
      'analyst/mod-102.md unassessed-competency: Competency "modeling" has no evidence: its Evidence / Assessment cell is empty, so nothing shows the target is reached.',
      // sql: Proficient in MOD-102 ← MOD-103 ← PROJ-110, which asks for Working.
      'analyst/proj-110.md proficiency-regression: Competency "sql" drops to Working here, from Proficient in MOD-102, which PROJ-110 requires.',
      'analyst/proj-110.md unassessed-competency: Competency "sql" has no evidence: its Evidence / Assessment cell is empty, so nothing shows the target is reached.',
      // Not found: MOD-303's ml (Working) against MOD-302 on its cycle, PROJ-310 after the
      // cycle against anything, MOD-302's python (Advanced) as a jump: it is on the cycle.
    ].sort());
  });

  it('re-checks the documents requiring a changed level, and only on such a change', () => {
    const ws = curriculum();
    const uri = (p: string) => `${FIXTURE_ROOT}${p}`;
    const codes = (p: string) => ws.diagnostics(uri(p)).map((d) => d.code).filter((c) => c.startsWith('proficiency'));
    assert.deepEqual(codes('analyst/proj-110.md'), ['proficiency-regression']);
    const text = parseFixture(ANALYTICS_CURRICULUM).files.find((f) => f.path === 'analyst/mod-102.md')!.text;
    // A title edit changes no level: the index's own affected set (itself).
    assert.deepEqual([...ws.set(uri('analyst/mod-102.md'), text.replace('Data Modeling', 'Data Modelling'))], [uri('analyst/mod-102.md')]);
    // sql drops from Proficient to Working in MOD-102: PROJ-110 no longer regresses, and
    // every document requiring MOD-102 (103, 110, 202, 203, 204) is to be checked again.
    const affected = ws.set(uri('analyst/mod-102.md'), text.replace('| sql | Proficient |', '| sql | Working |'));
    assert.deepEqual([...affected].map((u) => u.slice(FIXTURE_ROOT.length)).sort(), [
      'analyst/mod-102.md',
      'analyst/mod-103.md',
      'analyst/proj-110.md',
      'engineer/mod-202.md',
      'engineer/mod-203.md',
      'engineer/mod-204.md',
    ]);
    assert.deepEqual(codes('analyst/proj-110.md'), []);
  });

  it('compares no levels for an ID defined twice (duplicate-id says so), and again once it is one', () => {
    const ws = curriculum();
    const uri = (p: string) => `${FIXTURE_ROOT}${p}`;
    const codes = (p: string) => ws.diagnostics(uri(p)).map((d) => d.code).filter((c) => c.startsWith('proficiency') || c === 'duplicate-id');
    const text = parseFixture(ANALYTICS_CURRICULUM).files.find((f) => f.path === 'analyst/proj-110.md')!.text;
    // A copy of PROJ-110 elsewhere: which one requires MOD-103 is no longer known.
    ws.set(uri('copy/proj-110.md'), text);
    assert.deepEqual(codes('analyst/proj-110.md'), ['duplicate-id']);
    assert.deepEqual(codes('copy/proj-110.md'), ['duplicate-id']);
    ws.remove(uri('copy/proj-110.md'));
    assert.deepEqual(codes('analyst/proj-110.md'), ['proficiency-regression']);
  });

  it('finds no jump after an ID two documents define: which one comes before is not known', () => {
    const ws = curriculum();
    const uri = (p: string) => `${FIXTURE_ROOT}${p}`;
    const jumps = () => [...ws.index.uris()].filter((u) => ws.diagnostics(u).some((d) => d.code === 'proficiency-jump')).map((u) => u.slice(FIXTURE_ROOT.length));
    assert.deepEqual(jumps(), ['analyst/mod-103.md']);
    // A second MOD-102, with no competency rows: MOD-103 requires one of the two.
    const text = parseFixture(ANALYTICS_CURRICULUM).files.find((f) => f.path === 'analyst/mod-102.md')!.text;
    ws.set(uri('copy/mod-102.md'), text.replace(/## Competency Alignment[\s\S]*?(?=\n## )/, ''));
    assert.deepEqual(jumps(), []);
  });

  it('reads the pace from roadmap.config.json (default 10 hours a week)', () => {
    assert.equal(resolveConfig('{}').pace.hoursPerWeek, 10);
    assert.equal(resolveConfig('{ "pace": { "hoursPerWeek": 6 } }').pace.hoursPerWeek, 6);
    const bad = resolveConfig('{ "pace": { "hoursPerWeek": 0 } }');
    assert.equal(bad.problems.length, 1);
    assert.match(bad.problems[0].message, /hoursPerWeek/);
    // Weeks round up: the Data Analyst track's 100 hours are 10 weeks at 10, 17 at 6.
    const ws = curriculum();
    assert.equal(computeAnalytics(ws).tracks[0].weeks, 10);
    assert.equal(computeAnalytics(ws, { hoursPerWeek: 6 }).tracks[0].weeks, 17);
  });
});
