/**
 * The requires graph's first sync takes every document at once (`takeAll`: each edge
 * list made once, at its length); later syncs take the changed documents one by one
 * (`take`). Both must give the same graph: the same definers and the same edge lists,
 * entry for entry and in the same order (a link said on both sides is two entries, an
 * entry goes when the last document saying it does), and edits after a first sync must
 * change those lists as they change the lists the one-by-one path made.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyticsOf, computeAnalytics } from '../../server/src/core/analytics';
import { RoadmapWorkspace } from '../../server/src/core/workspace';
import { moduleText } from '../fixtures/moduleText';

const uri = (name: string) => `file:///ws/modules/${name}.md`;

function doc(id: string, prerequisites: string[], next: string[] = []): string {
  return moduleText({ id, roles: 'Data Engineer', duration: '10 hours', prerequisites, next, rows: [['sql', 'Working', 'quiz', 'Data Engineer']] });
}

/** The curriculum, in URI order: a link said on both sides, a self-reference, an ID defined twice, an unknown ID, a long list. */
const DOCS: Array<[string, string]> = [
  ['a-mod-101', doc('MOD-101', [], ['MOD-102', 'MOD-103'])],
  ['b-mod-102', doc('MOD-102', ['MOD-101', 'MOD-102'])],
  ['c-mod-103', doc('MOD-103', ['MOD-101', 'MOD-999'], ['MOD-104'])],
  ['d-mod-104', doc('MOD-104', ['MOD-103', 'MOD-102'])],
  ['e-mod-101-again', doc('MOD-101', ['MOD-104'])],
  ...Array.from({ length: 10 }, (_, i): [string, string] => [`f-mod-${110 + i}`, doc(`MOD-${110 + i}`, ['MOD-101'], ['MOD-120'])]),
  ['g-mod-120', doc('MOD-120', ['MOD-110', 'MOD-111', 'MOD-112', 'MOD-113', 'MOD-114', 'MOD-115', 'MOD-116', 'MOD-117', 'MOD-118', 'MOD-119', 'MOD-102'])],
];

/** Every defined node as the graph holds it: definers and the edge lists with their repeats, in order. */
function shape(ws: RoadmapWorkspace): Record<string, { definers: readonly string[]; out: string[]; in: string[] }> {
  const graph = analyticsOf(ws).graph;
  graph.sync();
  const out: Record<string, { definers: readonly string[]; out: string[]; in: string[] }> = {};
  for (const id of ws.index.idsInOrder()) {
    const n = graph.definedNode(id)!;
    out[id] = { definers: n.definers, out: n.out.map((t) => t.id), in: n.in.map((t) => t.id) };
  }
  return out;
}

/** All documents set before the graph's first sync (one bulk load, as the server and the CLI load a folder). */
function atOnce(): RoadmapWorkspace {
  const ws = new RoadmapWorkspace();
  ws.index.bulk(() => {
    for (const [name, text] of DOCS) ws.set(uri(name), text);
  });
  return ws;
}

/** The graph synced while the workspace is empty, then each document taken by a sync of its own. */
function oneByOne(): RoadmapWorkspace {
  const ws = new RoadmapWorkspace();
  analyticsOf(ws).graph.sync();
  for (const [name, text] of DOCS) {
    ws.set(uri(name), text);
    analyticsOf(ws).graph.sync();
  }
  return ws;
}

describe('requires graph: the first sync of a whole workspace', () => {
  it('holds the lists taking documents one by one holds, repeats and order included', () => {
    const bulk = shape(atOnce());
    assert.deepEqual(bulk, shape(oneByOne()));
    // Worked out by hand: MOD-101 requires MOD-104 (its second definer); MOD-102 is required by
    // MOD-101's Next Module(s) and lists MOD-101 itself (one edge, said twice), and not itself.
    assert.deepEqual(bulk['MOD-101'].definers, [uri('a-mod-101'), uri('e-mod-101-again')]);
    assert.deepEqual(bulk['MOD-101'].out, ['MOD-104']);
    assert.deepEqual(bulk['MOD-102'].out, ['MOD-101', 'MOD-101']);
    assert.deepEqual(bulk['MOD-102'].in, ['MOD-104', 'MOD-120']);
    assert.deepEqual(bulk['MOD-104'].out, ['MOD-103', 'MOD-103', 'MOD-102']);
    // MOD-110 … MOD-119 name MOD-120 as next before MOD-120's own document lists them (URI order).
    const tens = Array.from({ length: 10 }, (_, i) => `MOD-${110 + i}`);
    assert.deepEqual(bulk['MOD-120'].out, [...tens, ...tens, 'MOD-102']);
    // MOD-101's Next Module(s) first (its document comes first), then MOD-102's and MOD-103's Prerequisites.
    assert.deepEqual(bulk['MOD-101'].in, ['MOD-102', 'MOD-103', 'MOD-102', 'MOD-103', ...tens]);
  });

  it('changes after the first sync as the one-by-one lists change', () => {
    const edits = (ws: RoadmapWorkspace) => {
      // One side of a link said twice goes (the edge stays), a long list loses entries, a definer goes.
      ws.set(uri('b-mod-102'), doc('MOD-102', []));
      ws.set(uri('g-mod-120'), doc('MOD-120', ['MOD-111', 'MOD-119']));
      ws.remove(uri('e-mod-101-again'));
      return ws;
    };
    const bulk = edits(atOnce());
    const other = edits(oneByOne());
    const after = shape(bulk);
    assert.deepEqual(after, shape(other));
    assert.deepEqual(after['MOD-101'].definers, [uri('a-mod-101')]);
    assert.deepEqual(after['MOD-102'].out, ['MOD-101']);
    assert.deepEqual(after['MOD-120'].out, ['MOD-110', 'MOD-111', 'MOD-112', 'MOD-113', 'MOD-114', 'MOD-115', 'MOD-116', 'MOD-117', 'MOD-118', 'MOD-119', 'MOD-111', 'MOD-119']);
    assert.deepEqual(computeAnalytics(bulk), computeAnalytics(other));
  });
});
