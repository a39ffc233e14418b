/**
 * The `roadmap/graph` request's versions and changes, on in-memory workspaces:
 * applying the changes since version N (as the client does) to the graph of
 * version N gives exactly the full graph of the new version, through any
 * sequence of edits; the version moves only when the graph does.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { applyGraphChanges, type RoadmapGraph } from '../../client/src/graph/graphModel';
import { RoadmapWorkspace } from '../../server/src/core/workspace';
import { buildRoadmapGraph, diffGraphs, GraphVersions, graphSignature } from '../../server/src/features/graph';
import type { GraphResponse } from '../../server/src/protocol';
import { parseFixture, uriOf, workspaceOf } from '../fixtures/fixture';

interface Spec {
  id: string;
  title?: string;
  roles?: string;
  prereqs?: string;
  next?: string;
  competency?: string;
  notes?: string;
}

function moduleText(s: Spec): string {
  return `# Module Roadmap

## Module Overview

- **Module ID**: ${s.id}
- **Module Title**: ${s.title ?? 'A module'}
- **Target Role(s)**: ${s.roles ?? 'Data Engineer'}
- **Duration**: 10 hours
- **Prerequisites**: ${s.prereqs ?? 'None'}
- **Next Module(s)**: ${s.next ?? 'None'}

## Competency Alignment

| Competency | Proficiency Target | Evidence / Assessment | Role Alignment |
|------------|--------------------|-----------------------|----------------|
| ${s.competency ?? 'data-pipelines'} | Working | Lab | Data Engineer |

## Dependencies & Notes

${s.notes ?? 'Nothing yet.'}
`;
}

function full(r: GraphResponse): RoadmapGraph {
  assert.ok('full' in r, 'a full graph');
  return r.full;
}

/** What the server does after an edit: re-index, then tell the graph which documents it re-checked. */
function edit(ws: RoadmapWorkspace, graph: GraphVersions, path: string, spec: Spec | undefined): void {
  const affected = spec ? ws.set(uriOf(path), moduleText(spec)) : ws.remove(uriOf(path));
  graph.touch(affected);
}

/** The client's side: ask for the changes since its version and apply them; must equal the full graph. */
function follow(graph: GraphVersions, held: { version: number; graph: RoadmapGraph }) {
  const r = graph.request({ since: held.version });
  const now = full(graph.request());
  if ('full' in r) {
    assert.deepEqual(r.full, now);
    return { version: r.version, graph: r.full, changes: undefined };
  }
  const applied = applyGraphChanges(held.graph, r.changes);
  assert.deepEqual(applied, now, 'applying the changes gives the full graph');
  return { version: r.version, graph: applied, changes: r.changes };
}

const fixture = parseFixture(`
-- m101.md
${moduleText({ id: 'MOD-101', title: 'SQL', next: 'MOD-102' })}
-- m102.md
${moduleText({ id: 'MOD-102', title: 'Python', prereqs: 'MOD-101', next: 'MOD-201' })}
-- m201.md
${moduleText({ id: 'MOD-201', title: 'Spark', prereqs: 'MOD-102', roles: 'Data Engineer, Senior Data Engineer' })}
`);

describe('graph request', () => {
  it('answers the full graph first, with competencies on each defined node', () => {
    const ws = workspaceOf(fixture);
    const graph = new GraphVersions(ws.index);
    const r = graph.request();
    assert.equal(r.version, 1);
    const g = full(r);
    assert.deepEqual(
      g.nodes.map((n) => [n.id, n.title, n.roles, n.competencies]),
      [
        ['MOD-101', 'SQL', ['Data Engineer'], ['data-pipelines']],
        ['MOD-102', 'Python', ['Data Engineer'], ['data-pipelines']],
        ['MOD-201', 'Spark', ['Data Engineer', 'Senior Data Engineer'], ['data-pipelines']],
      ],
    );
    assert.equal(g.edges.length, 4);
  });

  it('keeps its version when nothing the graph shows changed', () => {
    const ws = workspaceOf(fixture);
    const graph = new GraphVersions(ws.index);
    const v1 = graph.request().version;
    edit(ws, graph, 'm102.md', { id: 'MOD-102', title: 'Python', prereqs: 'MOD-101', next: 'MOD-201', notes: 'Edited notes, no IDs.' });
    const r = graph.request({ since: v1 });
    assert.equal(r.version, v1);
    assert.ok('changes' in r);
    assert.deepEqual(r.changes, { upsertNodes: [], removeNodes: [], addEdges: [], removeEdges: [] });
  });

  it('gives changes that turn the old graph into the new one, edit after edit', () => {
    const ws = workspaceOf(fixture);
    const graph = new GraphVersions(ws.index);
    const first = graph.request();
    let held = { version: first.version, graph: full(first) };
    const steps: Array<[string, Spec | undefined, (c: NonNullable<ReturnType<typeof follow>['changes']>) => void]> = [
      // A title: one node replaced, nothing else.
      ['m101.md', { id: 'MOD-101', title: 'SQL Foundations', next: 'MOD-102' }, (c) => {
        assert.deepEqual(c.upsertNodes.map((n) => n.title), ['SQL Foundations']);
        assert.deepEqual([c.removeNodes, c.addEdges, c.removeEdges], [[], [], []]);
      }],
      // A prerequisite nobody defines: a dangling node and an edge appear.
      ['m201.md', { id: 'MOD-201', title: 'Spark', prereqs: 'MOD-102, MOD-999', roles: 'Data Engineer, Senior Data Engineer' }, (c) => {
        assert.deepEqual(c.upsertNodes.map((n) => [n.id, n.defined]), [['MOD-999', false]]);
        assert.deepEqual(c.addEdges.map((e) => [e.from, e.to, e.type]), [['MOD-201', 'MOD-999', 'prerequisite']]);
      }],
      // Defining it: the placeholder becomes a document.
      ['m999.md', { id: 'MOD-999', title: 'Late', roles: 'Analyst' }, (c) => {
        assert.deepEqual(c.upsertNodes.map((n) => [n.id, n.defined, n.uri]), [['MOD-999', true, uriOf('m999.md')]]);
      }],
      // A cycle: MOD-101 needs MOD-201, which (through MOD-102) needs MOD-101; edges turn to cycle edges.
      ['m101.md', { id: 'MOD-101', title: 'SQL Foundations', prereqs: 'MOD-201', next: 'MOD-102' }, (c) => {
        assert.ok(c.upsertNodes.every((n) => n.cycle));
        assert.deepEqual(c.upsertNodes.map((n) => n.id), ['MOD-101', 'MOD-102', 'MOD-201']);
        assert.ok(c.addEdges.some((e) => e.from === 'MOD-102' && e.to === 'MOD-101' && e.cycle));
      }],
      // Broken again.
      ['m101.md', { id: 'MOD-101', title: 'SQL Foundations', next: 'MOD-102' }, (c) => {
        assert.ok(c.upsertNodes.every((n) => !n.cycle));
        assert.deepEqual(c.removeEdges, [{ from: 'MOD-101', to: 'MOD-201', type: 'prerequisite' }]);
      }],
      // A document removed: its node goes back to a placeholder (MOD-201 still points at it).
      ['m999.md', undefined, (c) => {
        assert.deepEqual(c.upsertNodes.map((n) => [n.id, n.defined]), [['MOD-999', false]]);
      }],
      // The last mention gone: the placeholder goes too.
      ['m201.md', { id: 'MOD-201', title: 'Spark', prereqs: 'MOD-102', roles: 'Senior Data Engineer' }, (c) => {
        assert.deepEqual(c.removeNodes, ['MOD-999']);
        assert.deepEqual(c.upsertNodes.map((n) => [n.id, n.roles]), [['MOD-201', ['Senior Data Engineer']]]);
      }],
      // An ID renamed: the old one is left a placeholder (MOD-201 still needs it), the new one comes, the edges follow.
      ['m102.md', { id: 'MOD-105', title: 'Python', prereqs: 'MOD-101', next: 'MOD-201' }, (c) => {
        assert.ok(c.upsertNodes.some((n) => n.id === 'MOD-102' && !n.defined));
        assert.ok(c.removeEdges.some((e) => e.from === 'MOD-102'));
        assert.ok(c.upsertNodes.some((n) => n.id === 'MOD-105' && n.defined));
        assert.ok(c.addEdges.some((e) => e.from === 'MOD-105' && e.to === 'MOD-101'));
      }],
    ];
    for (const [path, spec, check] of steps) {
      edit(ws, graph, path, spec);
      const next = follow(graph, held);
      assert.equal(next.version, held.version + 1, `${path}: the version moved by one`);
      assert.ok(next.changes, `${path}: changes, not the full graph`);
      check(next.changes);
      held = { version: next.version, graph: next.graph };
    }
  });

  it('composes changes over several versions, and answers the full graph for a version it no longer keeps', () => {
    const ws = workspaceOf(fixture);
    const graph = new GraphVersions(ws.index, { keep: 3 });
    const first = graph.request();
    const v1 = { version: first.version, graph: full(first) };
    for (let i = 0; i < 2; i++) {
      edit(ws, graph, 'm101.md', { id: 'MOD-101', title: `SQL ${i}`, next: 'MOD-102' });
      graph.request();
    }
    follow(graph, v1); // v1 is still kept: changes over two versions
    for (let i = 2; i < 4; i++) {
      edit(ws, graph, 'm101.md', { id: 'MOD-101', title: `SQL ${i}`, next: 'MOD-102' });
      graph.request();
    }
    assert.ok('full' in graph.request({ since: v1.version }), 'too old: the full graph');
    assert.ok('full' in graph.request({ since: 9999 }), 'unknown (another server): the full graph');
    assert.ok('full' in graph.request({ since: 1.5 }), 'not a version: the full graph');
  });

  it('notices a removed document even when the removal reports no other document', () => {
    const ws = workspaceOf(parseFixture(`-- a.md\n${moduleText({ id: 'MOD-301' })}\n-- b.md\n${moduleText({ id: 'MOD-302' })}`));
    const graph = new GraphVersions(ws.index);
    const first = graph.request();
    const affected = ws.remove(uriOf('b.md'));
    assert.equal(affected.size, 0);
    graph.touch(affected);
    const next = follow(graph, { version: first.version, graph: full(first) });
    assert.deepEqual(next.changes?.removeNodes, ['MOD-302']);
  });

  it('does nothing before the first request, and follows a replaced workspace', () => {
    let ws = workspaceOf(fixture);
    const graph = new GraphVersions(() => ws.index);
    graph.touch([uriOf('m101.md')]); // no graph yet: nothing to compare
    const first = graph.request();
    ws = new RoadmapWorkspace();
    ws.set(uriOf('only.md'), moduleText({ id: 'MOD-500', title: 'Only' }));
    const next = follow(graph, { version: first.version, graph: full(first) });
    assert.deepEqual(next.graph.nodes.map((n) => n.id), ['MOD-500']);
  });

  it('tells the client at most once per throttle period, and only when the version moved', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const ws = workspaceOf(fixture);
    const told: number[] = [];
    const graph = new GraphVersions(ws.index, { notify: (v) => told.push(v), delayMs: 20 });
    graph.request();
    for (let i = 0; i < 5; i++) edit(ws, graph, 'm101.md', { id: 'MOD-101', title: `SQL ${i}`, next: 'MOD-102' });
    edit(ws, graph, 'm102.md', { id: 'MOD-102', title: 'Python', prereqs: 'MOD-101', next: 'MOD-201', notes: 'prose only' });
    t.mock.timers.tick(60);
    assert.deepEqual(told, [2]);
    // An edit the graph does not show: no notification.
    edit(ws, graph, 'm102.md', { id: 'MOD-102', title: 'Python', prereqs: 'MOD-101', next: 'MOD-201', notes: 'other prose' });
    t.mock.timers.tick(60);
    assert.deepEqual(told, [2]);
    graph.dispose();
  });

  it('builds a told version only when a client asks for it, and tells a version once', (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const ws = workspaceOf(fixture);
    const told: number[] = [];
    const graph = new GraphVersions(ws.index, { notify: (v) => told.push(v), delayMs: 20 });
    const first = graph.request();
    edit(ws, graph, 'm101.md', { id: 'MOD-101', title: 'SQL one', next: 'MOD-102' });
    t.mock.timers.tick(30);
    assert.deepEqual(told, [2]);
    assert.equal(graph.currentVersion, 1, 'told, not built: nobody asked yet');
    // More changes before anyone asks: version 2 is still the next one, told already.
    edit(ws, graph, 'm101.md', { id: 'MOD-101', title: 'SQL two', next: 'MOD-102' });
    t.mock.timers.tick(30);
    assert.deepEqual(told, [2]);
    const next = graph.request({ since: first.version });
    assert.equal(next.version, 2, 'the told version is the one the request answers');
    assert.deepEqual('changes' in next && next.changes.upsertNodes.map((n) => [n.id, n.title]), [['MOD-101', 'SQL two']]);
    edit(ws, graph, 'm101.md', { id: 'MOD-101', title: 'SQL three', next: 'MOD-102' });
    t.mock.timers.tick(30);
    assert.deepEqual(told, [2, 3]);
    graph.dispose();
  });

  it('signs a document by what the graph shows of it', () => {
    const ws = workspaceOf(fixture);
    const a = graphSignature(ws.get(uriOf('m102.md')));
    ws.set(uriOf('m102.md'), moduleText({ id: 'MOD-102', title: 'Python', prereqs: 'MOD-101', next: 'MOD-201', notes: 'MOD-101 mentioned in prose' }));
    assert.equal(graphSignature(ws.get(uriOf('m102.md'))), a, 'a reference in prose is no edge');
    ws.set(uriOf('m102.md'), moduleText({ id: 'MOD-102', title: 'Python', prereqs: 'MOD-101', next: 'MOD-201', competency: 'sql' }));
    assert.notEqual(graphSignature(ws.get(uriOf('m102.md'))), a, 'competencies are shown (the filter)');
    assert.equal(graphSignature(undefined), '');
  });

  it('keeps applied changes equal to the full graph through random edits (property)', () => {
    const ids = ['MOD-101', 'MOD-102', 'MOD-103', 'MOD-104', 'MOD-105'];
    const paths = ['a.md', 'b.md', 'c.md', 'd.md'];
    const spec = fc.record({
      id: fc.constantFrom(...ids),
      title: fc.constantFrom('One', 'Two', 'Three "quoted" [x]'),
      roles: fc.constantFrom('Data Engineer', 'Analyst', 'Data Engineer, Analyst'),
      prereqs: fc.subarray([...ids, 'MOD-900']).map((l) => (l.length ? l.join(', ') : 'None')),
      next: fc.subarray(ids).map((l) => (l.length ? l.join(', ') : 'None')),
      competency: fc.constantFrom('sql', 'spark'),
    });
    const step = fc.record({ path: fc.constantFrom(...paths), spec: fc.option(spec, { nil: undefined }) });
    fc.assert(
      fc.property(fc.array(step, { minLength: 1, maxLength: 12 }), fc.integer({ min: 1, max: 4 }), (steps, every) => {
        const ws = new RoadmapWorkspace();
        const graph = new GraphVersions(ws.index, { keep: 4 });
        const first = graph.request();
        let held = { version: first.version, graph: full(first) };
        steps.forEach((s, i) => {
          edit(ws, graph, s.path, s.spec);
          // The client does not ask after every edit: changes span several versions.
          if (i % every === 0) {
            const next = follow(graph, held);
            held = { version: next.version, graph: next.graph };
          }
        });
        follow(graph, held);
        assert.deepEqual(full(graph.request()), buildRoadmapGraph(ws.index));
      }),
      { numRuns: 80 },
    );
  });

  it('diffs two graphs into exactly what differs', () => {
    const ws = workspaceOf(fixture);
    const g = buildRoadmapGraph(ws.index);
    assert.deepEqual(diffGraphs(g, g), { upsertNodes: [], removeNodes: [], addEdges: [], removeEdges: [] });
    const empty = { nodes: [], edges: [] };
    const d = diffGraphs(empty, g);
    assert.equal(d.upsertNodes.length, g.nodes.length);
    assert.equal(d.addEdges.length, g.edges.length);
    assert.deepEqual(applyGraphChanges(empty, d), g);
    assert.deepEqual(applyGraphChanges(g, diffGraphs(g, empty)), empty);
  });
});
