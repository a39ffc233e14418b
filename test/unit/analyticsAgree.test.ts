/**
 * The analytics engine keeps its figures across edits (a graph kept in step with the
 * index, structure and peaks reused while only hours or levels change, one document's
 * figures over its ancestors only). Here that fast path is held against a computation
 * from scratch (a fresh workspace of the same texts) and against a plain reference
 * written in this test (hours before by recursion over the requires edges, blocking by
 * a search from every document), on a generated curriculum of a few hundred documents
 * and a run of edits of every kind: hours, edges, a cycle made and broken, an ID
 * defined twice, documents removed and added, roles and levels.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyticsOf, computeAnalytics, documentAnalytics, type Analytics } from '../../server/src/core/analytics';
import { RoadmapWorkspace } from '../../server/src/core/workspace';
import { moduleText } from '../fixtures/moduleText';
import { Random } from '../fixtures/random';

const ROLES = ['Data Analyst', 'Data Engineer', 'ML Engineer', 'Platform Architect'];
const COMPETENCIES = ['sql', 'python', 'modeling', 'streaming', 'security', 'Python'];
const LEVELS = ['Awareness', 'Working', 'practitioner', 'Expert', 'Wizard'];

interface Doc {
  id: string;
  roles: string[];
  hours: number | null;
  lab: number;
  prerequisites: string[];
  next: string[];
  competencies: Array<{ name: string; level: string; evidence: string }>;
}

function text(d: Doc): string {
  return moduleText({
    id: d.id,
    roles: d.roles.join(', ') || 'None',
    duration: d.hours === null ? 'to be decided' : `${d.hours} hours (${d.hours - d.lab} lecture, ${d.lab} lab)`,
    prerequisites: d.prerequisites,
    next: d.next,
    rows: d.competencies.map((c) => [c.name, c.level, c.evidence, d.roles[0] ?? ''] as const),
  });
}

function generate(random: Random, n: number): Map<string, Doc> {
  const docs = new Map<string, Doc>();
  const rand = () => random.next();
  const pick = <T>(xs: readonly T[]) => random.pick(xs);
  for (let i = 0; i < n; i++) {
    const id = `MOD-${100 + i}`;
    const prerequisites: string[] = [];
    // Mostly earlier documents (a chain), now and then one no document defines.
    for (let k = Math.floor(rand() * 3); k > 0 && i > 0; k--) prerequisites.push(`MOD-${100 + Math.floor(rand() * i)}`);
    if (rand() < 0.03) prerequisites.push(`MOD-${9000 + i}`);
    const hours = rand() < 0.05 ? null : 5 + Math.floor(rand() * 40);
    docs.set(`file:///ws/m${i}.md`, {
      id,
      roles: rand() < 0.1 ? [] : [pick(ROLES), ...(rand() < 0.2 ? [pick(ROLES)] : [])],
      hours,
      lab: hours === null ? 0 : Math.floor(rand() * hours),
      prerequisites: [...new Set(prerequisites)],
      next: [],
      competencies: Array.from({ length: Math.floor(rand() * 3) }, () => ({ name: pick(COMPETENCIES), level: pick(LEVELS), evidence: rand() < 0.8 ? 'Quiz' : '' })),
    });
  }
  // Some edges said from the other side only (Next Module(s)).
  for (const d of docs.values()) {
    if (d.prerequisites.length && rand() < 0.3) {
      const moved = d.prerequisites.pop()!;
      for (const o of docs.values()) if (o.id === moved) o.next.push(d.id);
    }
  }
  return docs;
}

/** Hours before and blocking by definition, without the engine: recursion over the requires edges, a search per document. */
function reference(docs: Map<string, Doc>) {
  const byId = new Map<string, Doc[]>();
  // An ID several documents define is one node with the first definer's hours (URI order).
  for (const [, d] of [...docs].sort(([a], [b]) => (a < b ? -1 : 1))) byId.set(d.id, [...(byId.get(d.id) ?? []), d]);
  const requires = new Map<string, Set<string>>();
  const add = (a: string, b: string) => {
    if (a === b || !byId.has(a) || !byId.has(b)) return;
    requires.set(a, (requires.get(a) ?? new Set()).add(b));
  };
  for (const d of docs.values()) {
    for (const p of d.prerequisites) add(d.id, p);
    for (const x of d.next) add(x, d.id);
  }
  const req = (id: string) => [...(requires.get(id) ?? [])];
  const hoursOf = (id: string) => byId.get(id)![0].hours ?? 0;
  const reaches = (from: string, to: string) => {
    const seen = new Set<string>();
    const stack = [...req(from)];
    while (stack.length) {
      const v = stack.pop()!;
      if (v === to) return true;
      if (seen.has(v)) continue;
      seen.add(v);
      stack.push(...req(v));
    }
    return false;
  };
  const before = new Map<string, number | null>();
  const hoursBefore = (id: string): number | null => {
    if (before.has(id)) return before.get(id)!;
    let best = 0;
    let ok = !reaches(id, id);
    for (const u of req(id)) {
      const h = ok ? hoursBefore(u) : null;
      if (h === null) ok = false;
      else best = Math.max(best, h + hoursOf(u));
    }
    const value = ok ? Math.round(best * 1000) / 1000 : null;
    before.set(id, value);
    return value;
  };
  // Blocking: everything from which the document is reached, by a search backwards.
  const requiredBy = new Map<string, string[]>();
  for (const [a, targets] of requires) for (const b of targets) requiredBy.set(b, [...(requiredBy.get(b) ?? []), a]);
  const blocking = (id: string) => {
    const seen = new Set<string>();
    const stack = [...(requiredBy.get(id) ?? [])];
    while (stack.length) {
      const v = stack.pop()!;
      if (seen.has(v)) continue;
      seen.add(v);
      stack.push(...(requiredBy.get(v) ?? []));
    }
    seen.delete(id);
    return seen.size;
  };
  return { ids: [...byId.keys()], hoursBefore, blocking };
}

function fresh(docs: Map<string, Doc>): Analytics {
  const ws = new RoadmapWorkspace();
  for (const [uri, d] of docs) ws.set(uri, text(d));
  return computeAnalytics(ws);
}

/** Every figure, chains listed (they are listed when read). */
const plain = (a: Analytics) => JSON.parse(JSON.stringify(a));

describe('analytics: the fast path and a computation from scratch', () => {
  it('agree on a generated curriculum through a run of edits, and with a plain reference', () => {
    const docs = generate(new Random(20261206), 200);
    const ws = new RoadmapWorkspace();
    for (const [uri, d] of docs) ws.set(uri, text(d));
    const uris = [...docs.keys()];
    const edit = (uri: string, change: (d: Doc) => void) => {
      const d = docs.get(uri)!;
      change(d);
      ws.set(uri, text(d));
    };
    const edits: Array<[string, () => void]> = [
      ['hours of an early document', () => edit(uris[3], (d) => (d.hours = (d.hours ?? 0) + 17))],
      ['hours of a late document', () => edit(uris[190], (d) => (d.hours = 1))],
      ['a duration removed', () => edit(uris[10], (d) => (d.hours = null))],
      ['a prerequisite added', () => edit(uris[150], (d) => d.prerequisites.push('MOD-105'))],
      ['a cycle closed', () => edit(uris[5], (d) => d.prerequisites.push('MOD-250'))],
      ['a level raised', () => edit(uris[40], (d) => d.competencies.push({ name: 'sql', level: 'Expert', evidence: '' }))],
      ['a role moved', () => edit(uris[60], (d) => (d.roles = ['Security Engineer']))],
      ['the cycle broken', () => edit(uris[5], (d) => d.prerequisites.pop())],
      ['an ID defined twice', () => edit(uris[120], (d) => (d.id = 'MOD-130'))],
      ['a document removed', () => {
        docs.delete(uris[80]);
        ws.remove(uris[80]);
      }],
      ['a document added', () => {
        const d: Doc = { id: 'MOD-900', roles: ['Data Analyst'], hours: 12, lab: 2, prerequisites: ['MOD-150', 'MOD-170'], next: ['MOD-230'], competencies: [{ name: 'python', level: 'Working', evidence: 'Lab' }] };
        docs.set('file:///ws/new.md', d);
        ws.set('file:///ws/new.md', text(d));
      }],
      ['the twice-defined ID made one again', () => edit(uris[120], (d) => (d.id = 'MOD-220'))],
    ];
    // The engine asked along the way, as the server and the views ask it: one document, the rules, the whole.
    const engine = analyticsOf(ws);
    const probe = ['MOD-250', 'MOD-230', 'MOD-101', 'MOD-290', 'MOD-130', 'MOD-105'];
    let cyclesSeen = 0;
    for (const [what, apply] of [['nothing yet', () => {}] as [string, () => void], ...edits]) {
      for (const id of probe) documentAnalytics(ws, id);
      for (const uri of ws.index.uris()) ws.diagnostics(uri);
      apply();
      for (const id of probe) {
        const one = documentAnalytics(ws, id);
        const all = fresh(docs).documents.find((d) => d.id === id);
        assert.deepEqual(one && { ...one }, all && { ...all }, `${what}: ${id} alone`);
      }
      const got = plain(computeAnalytics(ws));
      const want = plain(fresh(docs));
      assert.deepEqual(got, want, `${what}: the whole`);
      cyclesSeen += got.cycles.length;
      const ref = reference(docs);
      assert.deepEqual(got.documents.map((d: { id: string }) => d.id), [...ref.ids].sort((a, b) => Number(a.slice(4)) - Number(b.slice(4))), `${what}: the documents`);
      for (const d of got.documents) {
        assert.equal(d.hoursBefore, ref.hoursBefore(d.id), `${what}: ${d.id} hours before`);
        assert.equal(d.blocking, ref.blocking(d.id), `${what}: ${d.id} blocking`);
      }
      // The competency rules read the same peaks from the kept engine as from a fresh one.
      const rulesNow = [...ws.index.uris()].sort().map((u) => ws.diagnostics(u).filter((x) => x.code.startsWith('proficiency')).map((x) => x.message));
      const again = new RoadmapWorkspace();
      for (const [uri, d] of docs) again.set(uri, text(d));
      const rulesFresh = [...again.index.uris()].sort().map((u) => again.diagnostics(u).filter((x) => x.code.startsWith('proficiency')).map((x) => x.message));
      assert.deepEqual(rulesNow, rulesFresh, `${what}: the competency rules`);
    }
    assert.ok(cyclesSeen > 0, 'a cycle was met on the way');
    assert.deepEqual(engine.requires('MOD-900'), ['MOD-150', 'MOD-170'], 'the added document requires what it lists');
  });
});
