/**
 * The analytics engine (packed adjacency, components, bitsets, one pass per track)
 * held against a plain reference written in this test from the definitions in
 * docs/analytics.md: a search from every document for reachability, recursion for the
 * chains, a filter over the documents for each track. Many small seeded curricula with
 * cycles, edges said from either side, IDs no document defines, IDs defined twice,
 * documents without hours, breakdowns, several roles (up to 70) and competency rows; each is
 * compared whole (every document, track, coverage row and cycle), then once more after
 * an edit of one document's hours and after an edit of one edge, whole and one document
 * at a time.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { analyticsOf, computeAnalytics, documentAnalytics, partOf, type Analytics } from '../../server/src/core/analytics';
import { compareIds } from '../../server/src/core/ids';
import { RoadmapWorkspace } from '../../server/src/core/workspace';
import { moduleText } from '../fixtures/moduleText';
import { Random } from '../fixtures/random';

const ROLES = ['Data Analyst', 'Data Engineer', 'ML Engineer', 'data engineer', 'Role 10', 'Role 9'];
/** More roles than one word of bits holds. */
const MANY_ROLES = Array.from({ length: 70 }, (_, i) => `Role ${i + 1}`);
const COMPETENCIES = ['sql', 'SQL', 'python', 'modeling', 'streaming', 'Security'];
const LEVELS = ['Awareness', 'working', 'Proficient', 'Expert', 'Wizard', ''];
const LABELS = ['lecture', 'lab', 'project', 'assessment', 'Reading', 'quiz', 'Hands-on'];

interface Doc {
  uri: string;
  id: string;
  roles: string[];
  hours: number | null;
  parts: Array<{ label: string; hours: number }> | null;
  prerequisites: string[];
  next: string[];
  competencies: Array<{ name: string; level: string; evidence: string }>;
}

function text(d: Doc): string {
  const parts = d.parts ? ` (${d.parts.map((p) => `${p.hours} ${p.label}`).join(', ')})` : '';
  return moduleText({
    id: d.id,
    roles: d.roles.length ? d.roles.join(', ') : null,
    duration: d.hours === null ? 'to be decided' : `${d.hours} hours${parts}`,
    prerequisites: d.prerequisites,
    next: d.next,
    rows: d.competencies.map((c) => [c.name, c.level, c.evidence, ''] as const),
  });
}

/** A small curriculum: edges mostly to lower numbers, now and then back up (cycles), to IDs nobody defines, to itself, or said from the other side. */
function generate(random: Random, n: number, roles: readonly string[]): Doc[] {
  // Numbers across 999 → 1000: ID order is not text order.
  const numbers = random.shuffle(Array.from({ length: n * 2 }, (_, i) => 990 + i)).slice(0, n);
  const docs: Doc[] = [];
  for (let i = 0; i < n; i++) {
    const id = i > 2 && random.chance(0.04) ? docs[random.int(0, i - 1)].id : `MOD-${numbers[i]}`;
    const hours = random.chance(0.1) ? null : random.int(1, 40) + (random.chance(0.2) ? 0.5 : 0);
    const parts =
      hours !== null && random.chance(0.7)
        ? random.sample(LABELS, random.int(1, 3)).map((label) => ({ label, hours: random.int(0, 12) + (random.chance(0.1) ? 0.25 : 0) }))
        : null;
    const prerequisites: string[] = [];
    for (let k = random.int(0, 3); k > 0; k--) {
      const r = random.next();
      if (r < 0.05) prerequisites.push(`MOD-${5000 + random.int(0, 9)}`);
      else if (r < 0.08) prerequisites.push(id);
      else if (i > 0 && r < 0.88) prerequisites.push(`MOD-${numbers[random.int(0, i - 1)]}`);
      else prerequisites.push(`MOD-${numbers[random.int(0, n - 1)]}`);
    }
    docs.push({
      uri: `file:///ws/d${random.int(0, 3)}/m${i}.md`,
      id,
      roles: random.chance(0.4) ? [] : random.sample(roles, random.chance(0.8) ? 1 : 2),
      hours,
      parts,
      prerequisites: [...new Set(prerequisites)],
      next: [],
      competencies: Array.from({ length: random.int(0, 3) }, () => ({ name: random.pick(COMPETENCIES), level: random.pick(LEVELS), evidence: random.chance(0.7) ? 'Quiz' : '' })),
    });
  }
  // Some edges said from the other side (Next Module(s)), some from both.
  for (const d of docs) {
    if (!d.prerequisites.length || !random.chance(0.4)) continue;
    const p = random.pick(d.prerequisites);
    const other = docs.find((o) => o.id === p);
    if (!other || p === d.id) continue;
    other.next.push(d.id);
    if (random.chance(0.5)) d.prerequisites = d.prerequisites.filter((x) => x !== p);
  }
  return docs;
}

const collator = new Intl.Collator('en', { numeric: true });
const round = (x: number) => Math.round(x * 1000) / 1000;

/** Every figure by definition (docs/analytics.md), without the engine. */
function reference(docs: Doc[], levelOf: (text: string) => string, hoursPerWeek: number) {
  const definers = new Map<string, Doc[]>();
  for (const d of [...docs].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0))) definers.set(d.id, [...(definers.get(d.id) ?? []), d]);
  const ids = [...definers.keys()].sort(compareIds);
  const rank = new Map(ids.map((id, i) => [id, i]));
  const first = (id: string) => definers.get(id)![0];
  const requires = new Map<string, Set<string>>(ids.map((id) => [id, new Set()]));
  const requiredBy = new Map<string, Set<string>>(ids.map((id) => [id, new Set()]));
  const add = (a: string, b: string) => {
    if (a === b || !definers.has(a) || !definers.has(b)) return;
    requires.get(a)!.add(b);
    requiredBy.get(b)!.add(a);
  };
  for (const d of docs) {
    for (const p of d.prerequisites) add(d.id, p);
    for (const x of d.next) add(x, d.id);
  }
  const byRank = (xs: Iterable<string>) => [...xs].sort((a, b) => rank.get(a)! - rank.get(b)!);
  const sorted = (edges: Map<string, Set<string>>) => new Map([...edges].map(([id, targets]) => [id, byRank(targets)]));
  const requiresSorted = sorted(requires);
  const requiredBySorted = sorted(requiredBy);
  const req = (id: string) => requiresSorted.get(id)!;
  const reqBy = (id: string) => requiredBySorted.get(id)!;
  const search = (from: string, next: (id: string) => string[]) => {
    const seen = new Set<string>();
    const stack = [...next(from)];
    while (stack.length) {
      const v = stack.pop()!;
      if (seen.has(v)) continue;
      seen.add(v);
      stack.push(...next(v));
    }
    return seen;
  };
  const ancestors = new Map(ids.map((id) => [id, search(id, req)]));
  const onCycle = (id: string) => ancestors.get(id)!.has(id);
  const cycleOf = (id: string) => byRank([...ancestors.get(id)!].filter((u) => ancestors.get(u)!.has(id)));
  const hoursOf = (id: string) => first(id).hours ?? 0;
  const memo = <T>(f: (id: string) => T) => {
    const known = new Map<string, T>();
    return (id: string): T => {
      if (!known.has(id)) known.set(id, f(id));
      return known.get(id)!;
    };
  };
  // The cycle member met first along the requires (or required-by) edges: a cycle's lowest member, else the lowest of those met by what it requires.
  const metOf = (next: (id: string) => string[]) => {
    const met: (id: string) => number = memo((id) => {
      if (onCycle(id)) return rank.get(cycleOf(id)[0])!;
      const found = next(id).map(met).filter((m) => m >= 0);
      return found.length ? Math.min(...found) : -1;
    });
    return met;
  };
  const metBefore = metOf(req);
  const metAfter = metOf(reqBy);
  const before: (id: string) => { hours: number; chain: string[] } | null = memo((id) => {
    if (onCycle(id) || metBefore(id) >= 0) return null;
    let best: { hours: number; chain: string[] } = { hours: 0, chain: [] };
    let found = false;
    for (const u of req(id)) {
      const h = before(u)!.hours + hoursOf(u);
      if (!found || h > best.hours) best = { hours: h, chain: [...before(u)!.chain, u] };
      found = true;
    }
    return { hours: round(best.hours), chain: best.chain };
  });
  const longest = (next: (id: string) => string[]) => {
    const f: (id: string) => number = memo((id) => Math.max(0, ...next(id).map((u) => f(u) + 1)));
    return f;
  };
  const countBefore = longest(req);
  const countAfter = longest(reqBy);
  const depth: (id: string) => number = memo((id) => {
    const scc = onCycle(id) ? cycleOf(id) : [id];
    let d = 0;
    for (const m of scc) for (const u of req(m)) if (!scc.includes(u)) d = Math.max(d, depth(u) + 1);
    return d;
  });

  const documents = ids.map((id) => {
    const inCycle = onCycle(id);
    const b = before(id);
    const delay = metBefore(id) < 0 && metAfter(id) < 0 ? countBefore(id) + countAfter(id) + 1 : null;
    const blocking = ids.filter((u) => u !== id && ancestors.get(u)!.has(id)).length;
    const entry: Record<string, unknown> = {
      id,
      uri: first(id).uri,
      title: `Module ${id}`,
      kind: 'module',
      roles: first(id).roles,
      hours: first(id).hours,
      hoursBefore: b ? b.hours : null,
      chainBefore: b ? b.chain : null,
      blocking,
      delay,
      complexity: delay === null ? null : delay + blocking,
      inCycle,
    };
    if (inCycle) entry.note = `${id} is on a requires cycle: no hours before, chain, delay or complexity.`;
    else if (!b) entry.note = `${id} requires ${ids[metBefore(id)]}, which is on a requires cycle: no hours before, chain, delay or complexity.`;
    else if (delay === null) entry.note = `${id} is required by ${ids[metAfter(id)]}, which is on a requires cycle: no delay or complexity.`;
    return entry;
  });

  const roles = [...new Set(ids.flatMap((id) => first(id).roles))].sort(collator.compare);
  const tracks = roles.map((role) => {
    const seeds = ids.filter((id) => first(id).roles.includes(role));
    const members = byRank(new Set([...seeds, ...seeds.flatMap((id) => [...ancestors.get(id)!])]));
    const hoursByPart: Record<string, number> = {};
    for (const id of members) for (const p of first(id).parts ?? []) hoursByPart[partOf(p.label)] = (hoursByPart[partOf(p.label)] ?? 0) + p.hours;
    for (const k of Object.keys(hoursByPart)) hoursByPart[k] = round(hoursByPart[k]);
    const hours = round(members.reduce((sum, id) => sum + hoursOf(id), 0));
    let critical: { ids: string[]; hours: number } = { ids: [], hours: 0 };
    let bestHours = -1;
    for (const id of members) {
      const b = before(id);
      if (b && b.hours + hoursOf(id) > bestHours) {
        bestHours = b.hours + hoursOf(id);
        critical = { ids: [...b.chain, id], hours: round(bestHours) };
      }
    }
    const inTrack = new Set(members);
    const requiredInTrack = (id: string) => reqBy(id).some((u) => inTrack.has(u));
    return {
      role,
      documents: members,
      hours,
      hoursByPart,
      weeks: Math.ceil(hours / hoursPerWeek),
      criticalPath: critical,
      entry: members.filter((id) => req(id).length === 0 && requiredInTrack(id)),
      final: members.filter((id) => req(id).length > 0 && !requiredInTrack(id)),
      onNoChain: members.filter((id) => req(id).length === 0 && !requiredInTrack(id)),
      noChain: members.filter((id) => before(id) === null),
      withoutHours: members.filter((id) => first(id).hours === null),
    };
  });

  const coverage = tracks.flatMap((t) => {
    const rows = new Map<string, { role: string; competency: string; levels: Array<{ id: string; level: string | null; assessed: boolean }> }>();
    const ordered = [...t.documents].sort((a, b) => depth(a) - depth(b) || rank.get(a)! - rank.get(b)!);
    for (const id of ordered) {
      for (const c of first(id).competencies) {
        const key = c.name.toLowerCase();
        if (!rows.has(key)) rows.set(key, { role: t.role, competency: c.name, levels: [] });
        rows.get(key)!.levels.push({ id, level: c.level ? levelOf(c.level) : null, assessed: c.evidence !== '' });
      }
    }
    return [...rows.values()].sort((a, b) => collator.compare(a.competency, b.competency));
  });

  const cycles: string[][] = [];
  for (const id of ids) if (onCycle(id) && cycleOf(id)[0] === id) cycles.push(cycleOf(id));
  return { hoursPerWeek, documents, tracks, coverage, cycles };
}

/** Every figure as plain data (long chains are listed when read). */
const plain = (a: Analytics) => JSON.parse(JSON.stringify(a));

function compare(ws: RoadmapWorkspace, docs: Doc[], what: string, hoursPerWeek: number): void {
  const want = reference(docs, (t) => ws.schema.proficiencyLevel(t) ?? t, hoursPerWeek);
  const got = plain(computeAnalytics(ws, { hoursPerWeek }));
  assert.deepEqual(got.documents, want.documents, `${what}: the documents`);
  assert.deepEqual(got.tracks, want.tracks, `${what}: the tracks`);
  // The parts in the order first met along the track (the report lists them in that order after the known ones).
  assert.deepEqual(
    got.tracks.map((t: { hoursByPart: object }) => Object.keys(t.hoursByPart)),
    want.tracks.map((t) => Object.keys(t.hoursByPart)),
    `${what}: the parts' order`,
  );
  assert.deepEqual(got.coverage, want.coverage, `${what}: the coverage`);
  assert.deepEqual(got.cycles, want.cycles, `${what}: the cycles`);
  assert.equal(got.hoursPerWeek, hoursPerWeek);
}

describe('analytics: the engine against a reference written from the definitions', () => {
  it('agrees on 90 seeded curricula with cycles, before and after an edit', () => {
    const random = new Random(20261206);
    let cycles = 0;
    let duplicates = 0;
    let tracks = 0;
    let mostTracks = 0;
    for (let round = 0; round < 90; round++) {
      const n = round < 70 ? random.int(1, 24) : random.int(40, 90);
      const docs = generate(random, n, round >= 80 ? MANY_ROLES : ROLES);
      const ws = new RoadmapWorkspace();
      for (const d of docs) ws.set(d.uri, text(d));
      const hoursPerWeek = random.pick([10, 7, 12.5]);
      const what = `curriculum ${round} (${n} documents)`;
      compare(ws, docs, what, hoursPerWeek);
      const a = computeAnalytics(ws, { hoursPerWeek });
      cycles += a.cycles.length;
      tracks += a.tracks.length;
      mostTracks = Math.max(mostTracks, a.tracks.length);
      duplicates += new Set(docs.map((d) => d.id)).size < docs.length ? 1 : 0;

      // An edit of one document's hours: the structure is kept, the hours before move.
      const h = random.pick(docs);
      h.hours = (h.hours ?? 0) + random.int(1, 30);
      ws.set(h.uri, text(h));
      const ref = reference(docs, (t) => ws.schema.proficiencyLevel(t) ?? t, hoursPerWeek);
      for (const want of ref.documents) assert.deepEqual(JSON.parse(JSON.stringify(documentAnalytics(ws, want.id as string))), want, `${what}, hours of ${h.id} edited: ${want.id} alone`);
      compare(ws, docs, `${what}, hours of ${h.id} edited`, hoursPerWeek);

      // An edit of one edge: a prerequisite added (now and then closing a cycle) or dropped.
      const e = random.pick(docs);
      if (e.prerequisites.length && random.chance(0.5)) e.prerequisites.pop();
      else e.prerequisites.push(random.pick(docs).id);
      ws.set(e.uri, text(e));
      compare(ws, docs, `${what}, an edge of ${e.id} edited`, hoursPerWeek);
      assert.equal(analyticsOf(ws).graph.isDefined(e.id), true);
    }
    // The generator made what the comparison is about.
    assert.ok(cycles >= 30, `cycles met: ${cycles}`);
    assert.ok(duplicates >= 20, `curricula with an ID defined twice: ${duplicates}`);
    assert.ok(tracks >= 300, `tracks compared: ${tracks}`);
    assert.ok(mostTracks > 32, `the most tracks in one curriculum: ${mostTracks}`);
  });
});
