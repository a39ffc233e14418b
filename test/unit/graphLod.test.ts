/**
 * The graph preview's level of detail (client/src/graph/lod.ts) on a generated
 * 1,000-document curriculum: what the overview holds (one node per role track with
 * the analytics' documents and hours, weighted edges between tracks), a track's
 * expansion (its documents and critical path), a document's n-hop neighbourhood;
 * the role palette (20 roles, all told apart); the server's graph carrying the
 * analytics' figures and following an edit of hours; the saved view's validation.
 */
import assert from 'node:assert/strict';
import { before, describe, it } from 'node:test';
import { generateCorpus } from '../../bench/corpus';
import { applyGraphChanges, type RoadmapGraph } from '../../client/src/graph/graphModel';
import { NO_ROLE, overviewOf, planOf, planOfSummary, summaryOf, trackRoles } from '../../client/src/graph/lod';
import { GRAPH_PART_SIZE, graphParts, joinGraphParts, parsePageMessage, parseSavedView, sentInParts } from '../../client/src/graph/messages';
import { deltaE, roleStyle } from '../../client/src/graph/palette';
import { computeAnalytics, type Analytics } from '../../server/src/core/analytics';
import { RoadmapWorkspace } from '../../server/src/core/workspace';
import { buildRoadmapGraph, GraphVersions } from '../../server/src/features/graph';

describe('graph level of detail: a generated 1,000-document curriculum', () => {
  let graph: RoadmapGraph;
  let analytics: Analytics;
  before(() => {
    const ws = new RoadmapWorkspace();
    for (const f of generateCorpus({ seed: 15, size: 1000 }).files) ws.set(`file:///lod/${f.path}`, f.text);
    graph = buildRoadmapGraph(ws);
    analytics = computeAnalytics(ws);
  });

  /** The drawn edges between documents, as distinct (earlier, later) pairs: a prerequisite reads to -> from, a next from -> to. */
  const pairs = () => {
    const out = new Set<string>();
    for (const e of graph.edges) out.add(e.type === 'prerequisite' ? `${e.to}\u0000${e.from}` : `${e.from}\u0000${e.to}`);
    return [...out].map((k) => k.split('\u0000') as [string, string]);
  };

  it('opens on the overview: one node per role track, with the analytics documents and hours', () => {
    const defined = graph.nodes.filter((n) => n.defined);
    assert.ok(defined.length > 950, `${defined.length} documents`); // a few IDs are defined twice or not at all (the injected defects)
    const plan = planOf({ graph });
    assert.equal(plan.kind, 'overview');
    if (plan.kind !== 'overview') return;
    const o = plan.overview;
    assert.equal(o.documents, defined.length);
    const roles = new Set(defined.flatMap((n) => n.roles));
    assert.equal(roles.size, 16, 'the generator writes four tracks of four roles');
    const roleless = defined.filter((n) => !n.roles.length).length;
    assert.deepEqual(new Set(o.tracks.map((t) => t.role)), new Set([...roles, ...(roleless ? [NO_ROLE] : [])]));
    for (const t of o.tracks) {
      if (t.role === NO_ROLE) {
        assert.equal(t.documents, roleless);
        continue;
      }
      const a = analytics.tracks.find((x) => x.role === t.role)!;
      assert.equal(t.documents, a.documents.length, t.role);
      assert.ok(Math.abs(t.hours - a.hours) < 1e-6, `${t.role}: ${t.hours} h, analytics ${a.hours} h`);
      assert.equal(t.criticalHours, a.criticalPath.hours, t.role);
    }
  });

  it('weighs the edge between two tracks by the links from documents of one role to documents of the other', () => {
    const o = overviewOf(graph);
    const byId = new Map(graph.nodes.map((n) => [n.id, n]));
    const expected = new Map<string, number>();
    for (const [a, b] of pairs()) {
      const x = byId.get(a)!;
      const y = byId.get(b)!;
      if (!x.defined || !y.defined) continue;
      for (const ra of new Set(x.roles.length ? x.roles : [NO_ROLE])) {
        for (const rb of new Set(y.roles.length ? y.roles : [NO_ROLE])) if (ra !== rb) expected.set(`${ra} -> ${rb}`, (expected.get(`${ra} -> ${rb}`) ?? 0) + 1);
      }
    }
    assert.ok(expected.size > 16, `${expected.size} pairs of tracks linked`);
    assert.deepEqual(new Map(o.edges.map((e) => [`${e.source} -> ${e.target}`, e.weight])), expected);
    const named = new Set(o.tracks.map((t) => t.role));
    assert.ok(o.edges.every((e) => named.has(e.source) && named.has(e.target) && e.source !== e.target));
  });

  it('shows every document in detail when asked, or when there are no more than the threshold', () => {
    const all = planOf({ graph, detail: true });
    assert.equal(all.kind === 'documents' && all.reason, 'detail');
    assert.equal(all.kind === 'documents' && all.view.nodes.length, graph.nodes.length);
    const small = planOf({ graph, threshold: 5000 });
    assert.equal(small.kind === 'documents' && small.reason, 'small');
    assert.equal(planOf({ graph, threshold: 900 }).kind, 'overview');
  });

  it("expands a track into its documents, with the analytics' critical path", () => {
    const track = analytics.tracks.find((t) => t.role === 'Senior ML Engineer')!;
    assert.ok(track.criticalPath.ids.length >= 3, 'a chain to highlight');
    const plan = planOf({ graph, role: track.role });
    assert.ok(plan.kind === 'documents');
    assert.equal(plan.reason, 'track');
    assert.deepEqual(
      plan.view.nodes.filter((n) => n.defined).map((n) => n.id),
      [...track.documents].sort((a, b) => graph.nodes.findIndex((n) => n.id === a) - graph.nodes.findIndex((n) => n.id === b)),
    );
    // Only the undefined IDs the track's documents point at stand beside them.
    const members = new Set(track.documents);
    for (const n of plan.view.nodes.filter((x) => !x.defined)) assert.ok(graph.edges.some((e) => e.to === n.id && members.has(e.from)), n.id);
    assert.deepEqual(plan.critical, { role: track.role, ids: track.criticalPath.ids, hours: track.criticalPath.hours });
    const shown = new Set(plan.view.nodes.map((n) => n.id));
    assert.ok(track.criticalPath.ids.every((id) => shown.has(id)));
  });

  it("focuses on a document's n-hop neighbourhood, over the overview", () => {
    const hub = graph.nodes.find((n) => n.defined && (n.blocking ?? 0) > 20)!;
    assert.ok(hub, 'a document many others require');
    const around = new Map<string, string[]>();
    for (const [a, b] of pairs()) {
      around.set(a, [...(around.get(a) ?? []), b]);
      around.set(b, [...(around.get(b) ?? []), a]);
    }
    const within = (depth: number) => {
      const dist = new Map([[hub.id, 0]]);
      const queue = [hub.id];
      for (let i = 0; i < queue.length; i++) {
        const d = dist.get(queue[i])!;
        if (d === depth) continue;
        for (const o of around.get(queue[i]) ?? []) if (!dist.has(o)) dist.set(o, d + 1), queue.push(o);
      }
      return new Set(dist.keys());
    };
    for (const depth of [1, 2]) {
      const plan = planOf({ graph, focus: hub.id, depth });
      assert.ok(plan.kind === 'documents' && plan.reason === 'focus', `depth ${depth}`);
      assert.deepEqual(new Set(plan.view.nodes.map((n) => n.id)), within(depth), `depth ${depth}`);
    }
  });

  it("plans the overview from the graph's summary alone, as from the graph, and only that", () => {
    const summary = summaryOf(graph);
    assert.deepEqual(summary.roles, trackRoles(graph));
    assert.deepEqual(planOfSummary(summary, {}), planOf({ graph }));
    assert.deepEqual(planOfSummary(summary, { threshold: 500 }), planOf({ graph, threshold: 500 }));
    assert.equal(planOf({ graph }).kind, 'overview');
    // Anything the summary cannot decide waits for the graph.
    const role = summary.roles[0];
    for (const asked of [{ role }, { competency: summary.competencies[0] }, { focus: graph.nodes[0].id }, { detail: true }, { threshold: summary.overview.documents }]) {
      assert.equal(planOfSummary(summary, asked), undefined, JSON.stringify(asked));
    }
  });

  it('sends a large graph in parts that join into the same graph, none much larger than a part', () => {
    assert.equal(sentInParts(graph), false, '1,000 documents go whole');
    const parts = graphParts(graph, 100);
    assert.deepEqual(joinGraphParts(parts), graph);
    assert.deepEqual(parts[0].tracks, graph.tracks);
    for (const p of parts.slice(1)) assert.ok(!p.tracks && p.nodes.length + p.edges.length / 5 <= 100, `${p.nodes.length} nodes, ${p.edges.length} edges`);
    const big = { nodes: Array.from({ length: 2 * GRAPH_PART_SIZE + 1 }, (_, i) => ({ ...graph.nodes[0], id: `N-${i}` })), edges: [] };
    assert.equal(sentInParts(big), true);
    assert.deepEqual(joinGraphParts(graphParts(big)), big);
  });

  it('gives each node the analytics blocking and hours', () => {
    const figures = new Map(analytics.documents.map((d) => [d.id, d]));
    for (const n of graph.nodes.filter((x) => x.defined)) {
      const d = figures.get(n.id)!;
      assert.equal(n.blocking ?? 0, d.blocking, n.id);
      assert.equal(n.hours, d.hours ?? undefined, n.id);
    }
  });
});

describe('graph role palette', () => {
  it('tells 20 roles apart: a colour each, or the same colour with another outline pattern', () => {
    const looks = Array.from({ length: 20 }, (_, i) => roleStyle(i));
    assert.equal(new Set(looks.map((l) => `${l.colour}/${l.pattern}`)).size, 20);
    for (let i = 0; i < looks.length; i++) {
      for (let j = i + 1; j < looks.length; j++) {
        if (looks[i].pattern !== looks[j].pattern) continue;
        const d = deltaE(looks[i].colour, looks[j].colour);
        assert.ok(d >= 25, `roles ${i} and ${j}: ${looks[i].colour} and ${looks[j].colour} are ΔE ${d.toFixed(1)} apart`);
      }
    }
    // Colours are far from the red of cycles too.
    for (const l of looks) assert.ok(deltaE(l.colour, '#d62728') >= 25, l.colour);
  });
});

describe('graph data: analytics figures follow edits', () => {
  const text = (id: string, hours: number, prereq = 'None') => `# Module Roadmap

## Module Overview

- **Module ID**: ${id}
- **Module Title**: Module ${id}
- **Target Role(s)**: Data Engineer
- **Duration**: ${hours} hours
- **Prerequisites**: ${prereq}
- **Next Module(s)**: None
`;

  it('sends the tracks again when hours change, and the blocking of a node when an edge does', () => {
    const ws = new RoadmapWorkspace();
    ws.set('file:///t/a.md', text('MOD-101', 10));
    ws.set('file:///t/b.md', text('MOD-102', 20, 'MOD-101'));
    const versions = new GraphVersions(ws);
    const first = versions.request();
    assert.ok('full' in first);
    assert.deepEqual(first.full.tracks, [{ role: 'Data Engineer', documents: ['MOD-101', 'MOD-102'], hours: 30, criticalPath: { ids: ['MOD-101', 'MOD-102'], hours: 30 } }]);
    assert.equal(first.full.nodes.find((n) => n.id === 'MOD-101')!.blocking, 1);
    versions.touch(ws.set('file:///t/b.md', text('MOD-102', 25, 'MOD-101')));
    const second = versions.request({ since: first.version });
    assert.ok('changes' in second);
    assert.equal(second.changes.tracks?.[0].hours, 35);
    const held = applyGraphChanges(first.full, second.changes);
    assert.equal(held.tracks?.[0].criticalPath.hours, 35);
    assert.equal(held.nodes.find((n) => n.id === 'MOD-102')!.hours, 25);
    versions.touch(ws.set('file:///t/b.md', text('MOD-102', 25)));
    const third = versions.request({ since: second.version });
    assert.ok('changes' in third);
    assert.equal(applyGraphChanges(held, third.changes).nodes.find((n) => n.id === 'MOD-101')!.blocking, undefined);
  });
});

describe('graph saved view', () => {
  it('keeps exactly a saved view, and nothing else', () => {
    const view = { role: 'Data Engineer', competency: '', focus: true, depth: 2, detail: false };
    assert.deepEqual(parseSavedView(view), view);
    for (const bad of [undefined, null, 'x', { ...view, depth: 0 }, { ...view, depth: 10 }, { ...view, focus: 'yes' }, { ...view, extra: 1 }, { ...view, role: 7 }]) {
      assert.equal(parseSavedView(bad), undefined, JSON.stringify(bad));
      assert.equal(parsePageMessage({ type: 'view', view: bad }), undefined, JSON.stringify(bad));
    }
    // The page's message that carries it, to be kept in workspaceState.
    assert.deepEqual(parsePageMessage({ type: 'view', view }), { type: 'view', view });
    assert.equal(parsePageMessage({ type: 'view', view, more: 1 }), undefined);
  });
});
