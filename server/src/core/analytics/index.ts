/**
 * Curriculum analytics: what a curriculum adds up to, computed from the workspace
 * index. No editor imports; the CLI (`roadmap report`, `roadmap diff`), the rules and
 * the editor views call it.
 *
 * ## API (stable)
 *
 *   computeAnalytics(ws: { index, schema }, { hoursPerWeek }): Analytics
 *     The whole curriculum: documents, role tracks, competency coverage, cycles.
 *     Cached until something it reads changes (an ID, an edge, a role, a duration, a
 *     title, a competency row): asking again after typing in a paragraph costs nothing.
 *     The structural figures (blocking, delay, cycles) are kept until an ID or an edge
 *     changes.
 *   documentAnalytics(ws, id): DocumentAnalytics | undefined
 *     One document's figures: after an edit of hours, the hours before are summed over
 *     its ancestors only (the figure to ask for after an edit: hover, code lens).
 *   analyticsOf(ws): CurriculumAnalytics — the engine behind both, one per index, kept
 *     in step with it (`RequiresGraph.sync`); also `requires`, `requiredBy`,
 *     `ancestors`, `dependents`, `dependentsOfAll`, `requiredPeaks`, `onOrAfterCycle`,
 *     `requiresUnknown` for the rules.
 *
 * ## Definitions (docs/analytics.md says the same for users)
 *
 * - Edge: A *requires* B when A lists B under a prerequisite field (Prerequisites,
 *   Placement in Curriculum, Prerequisite Modules / Skills) or B lists A under Next
 *   Module(s). IDs no document defines add nothing; a document listing itself adds
 *   nothing. An ID several documents define is one node with the first definer's
 *   hours (URI order).
 * - hours: the Duration total (a project's Estimated Duration); null when none parses.
 *   Sums count a missing duration as 0 and name the document (`withoutHours`).
 * - hoursBefore: the largest sum of hours over chains of required documents ending at
 *   the document, itself excluded; chainBefore is that chain, first required first
 *   (ties: the chain through the required document first in ID order).
 * - blocking: how many documents require it, directly or transitively (Heileman et
 *   al.'s blocking factor; well defined on cycles too: reachability).
 * - delay: the number of documents on the longest chain through it, both ends and
 *   itself included (Heileman et al.'s delay factor, unweighted).
 * - complexity: delay + blocking (their structural complexity of a node).
 * - Cycles: members of a requires cycle (two or more documents) get no chain metrics:
 *   hoursBefore, chainBefore, delay and complexity are null and `note` says why. A
 *   document requiring a cycle member (transitively) has no hoursBefore either (its
 *   longest chain has no end), and one a cycle member requires has no delay: the
 *   published metrics declare such a curriculum inadmissible; here only the figures
 *   that depend on the cycle are withheld, never guessed.
 * - Track of a role (a name in Target Role(s)): every document targeting the role plus
 *   everything they transitively require, from any role. Its hours and hours by part
 *   (the Duration's breakdown: lecture, lab, project, assessment, other labels as
 *   written), its critical path (the chain within the track with the most hours, both
 *   ends included; ties: first in ID order), weeks = ⌈hours ÷ hoursPerWeek⌉, entry
 *   documents (require nothing, required by a track document), final documents
 *   (require something, required by no track document), documents on no chain
 *   (neither).
 * - Coverage: per track × competency, the rows targeting it along the track in
 *   prerequisite order (by depth: 0 for a document requiring nothing, else one more
 *   than its deepest requirement; then ID order), each with the document, the level
 *   (canonical spelling when it is a known level, else as written) and whether the
 *   row gives evidence (its Evidence / Assessment cell is not empty).
 */
import type { WorkspaceIndex } from '../index/workspaceIndex';
import { stronglyConnected } from '../index/graph';
import type { RoadmapDoc } from '../model';
import type { CompiledSchema } from '../schema/compile';
import { RequiresGraph, type RequiresNode } from './requires';

export { RequiresGraph } from './requires';

export interface AnalyticsOptions {
  /** Study hours a week (config `pace.hoursPerWeek`); default 10. */
  hoursPerWeek?: number;
}

export interface DocumentAnalytics {
  id: string;
  uri: string;
  title: string | null;
  /** The kind's key (`module`, `project`). */
  kind: string | null;
  roles: string[];
  /** Duration total; null when the document gives none. */
  hours: number | null;
  /** Null when the document is on a cycle or requires one (see `note`). */
  hoursBefore: number | null;
  chainBefore: string[] | null;
  blocking: number;
  /** Null when a chain through the document meets a cycle (see `note`). */
  delay: number | null;
  complexity: number | null;
  inCycle: boolean;
  /** Why a chain metric is missing, in one sentence; absent when none is. */
  note?: string;
}

export interface TrackAnalytics {
  role: string;
  /** In ID order. */
  documents: string[];
  hours: number;
  /** Hours by part of the Duration breakdowns (`lecture`, `lab`, `project`, `assessment`, other labels lower case). */
  hoursByPart: Record<string, number>;
  weeks: number;
  /** Empty when every document of the track is on or after a cycle. */
  criticalPath: { ids: string[]; hours: number };
  entry: string[];
  final: string[];
  onNoChain: string[];
  /** Track documents with no hoursBefore (on or after a cycle): left out of the critical path. */
  noChain: string[];
  /** Track documents with no duration (counted as 0 hours). */
  withoutHours: string[];
}

export interface CoverageLevel {
  id: string;
  /** The canonical level when known, else as written; null when the row gives none. */
  level: string | null;
  assessed: boolean;
}

export interface CoverageRow {
  role: string;
  competency: string;
  levels: CoverageLevel[];
}

export interface Analytics {
  hoursPerWeek: number;
  /** Every defined ID, in ID order. */
  documents: DocumentAnalytics[];
  /** One per role, by role name. */
  tracks: TrackAnalytics[];
  /** By role, then competency. */
  coverage: CoverageRow[];
  /** Each cycle's members in ID order; cycles ordered by their first member. */
  cycles: string[][];
}

/** What the analytics need of a workspace (a `RoadmapWorkspace` is one). */
export interface AnalyticsSource {
  index: WorkspaceIndex;
  schema: CompiledSchema;
}

/** A competency row as the analytics read it. */
interface CompetencyRow {
  name: string;
  /** The name in lower case: rows of one competency in any case are one row of coverage. */
  key: string;
  /** Canonical when a known level, else as written; null when the row gives none. */
  level: string | null;
  assessed: boolean;
}

const PARTS: Array<[RegExp, string]> = [
  [/lecture|lesson|theory|video/i, 'lecture'],
  [/lab|hands[- ]?on|practi[cs]e|exercise|workshop/i, 'lab'],
  [/project|capstone/i, 'project'],
  [/assess|exam|quiz|test|review/i, 'assessment'],
];

/**
 * A small memo of a pure function of a string (a Duration label's part, a name's lower
 * case): documents repeat the same few labels and names. Emptied when it grows past a
 * few thousand entries, so that a long session typing new labels keeps it small.
 */
function memo<T>(f: (s: string) => T): (s: string) => T {
  const known = new Map<string, T>();
  return (s) => {
    let v = known.get(s);
    if (v === undefined) {
      v = f(s);
      if (known.size >= 4096) known.clear();
      known.set(s, v);
    }
    return v;
  };
}

/** A Duration breakdown label as one of the known parts, else as written (lower case). */
export const partOf: (label: string) => string = memo((label) => {
  for (const [re, part] of PARTS) if (re.test(label)) return part;
  return label.trim().toLowerCase() || 'other';
});

const lowerCase = memo((s) => s.toLowerCase());

const collator = new Intl.Collator('en', { numeric: true });

/** The highest level a competency reaches over some documents, and where. */
export interface CompetencyPeak {
  id: string;
  /** Canonical when known, else as written; null when the row gives none. */
  level: string | null;
  /** Its place among the schema's levels, lowest 0; -1 when not a known level. */
  rank: number;
}

/**
 * What is kept of a node for the competency rules: the peaks over it and everything it
 * requires (`upTo`: empty on a cycle, which hands nothing on; shared with the one
 * document it requires when its own rows raise nothing), its component, and two flags.
 * The peaks before it are merged from its requirements' `upTo` when asked for.
 */
interface Peaks {
  upTo: ReadonlyMap<string, CompetencyPeak>;
  /** Its strongly connected component (a number unique to it among those computed together). */
  comp: number;
  /** On a cycle, or requiring (transitively) a document that is. */
  cyclic: boolean;
  /** It or something it requires requires an ID no document defines. */
  unknown: boolean;
}

const NO_PEAKS: ReadonlyMap<string, CompetencyPeak> = new Map();

function beats(p: CompetencyPeak, q: CompetencyPeak | undefined): boolean {
  return !q || p.rank > q.rank || (p.rank === q.rank && collator.compare(p.id, q.id) < 0);
}

function addPeak(m: Map<string, CompetencyPeak>, key: string, p: CompetencyPeak): void {
  if (beats(p, m.get(key))) m.set(key, p);
}

/**
 * The nodes reachable from `starts` through `next`; the starts themselves are in it
 * when `withStarts`, else only when a cycle leads back to them.
 */
function walk<T>(starts: Iterable<T>, next: (id: T) => Iterable<T>, withStarts: boolean): Set<T> {
  const queue = [...starts];
  const seen = new Set<T>(withStarts ? queue : []);
  for (let i = 0; i < queue.length; i++) {
    for (const t of next(queue[i])) {
      if (seen.has(t)) continue;
      seen.add(t);
      queue.push(t);
    }
  }
  return seen;
}

const reach = (start: string, next: (id: string) => string[]) => walk([start], next, false);

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** ORs the words `a` … `b - 1` of the set at `from` into the set at `base` (the sets' word 0). Small, so that it is optimized early: it does most of the blocking count's work. */
function orInto(pool: Int32Array, base: number, from: number, a: number, b: number): void {
  for (let w = a; w < b; w++) pool[base + w] |= pool[from + w];
}

/** The number of bits set in the words `a` … `b - 1`. */
function popcounts(pool: Int32Array, a: number, b: number): number {
  let x = 0;
  for (let w = a; w < b; w++) x += popcount(pool[w]);
  return x;
}

/** Adjacency lists over node numbers, packed: the targets of `v` are `to[start[v]]` … `to[start[v + 1] - 1]`. */
interface Adjacency {
  start: Int32Array;
  to: Int32Array;
}

/**
 * The defined nodes each node requires (its `out`), distinct, in order, as ranks: an
 * entry repeated (two documents saying one edge) is seen by its stamp.
 */
function adjacency(nodes: readonly RequiresNode[]): Adjacency {
  const n = nodes.length;
  const start = new Int32Array(n + 1);
  const stamp = new Int32Array(n).fill(-1);
  let list = new Int32Array(Math.max(16, n * 4));
  let k = 0;
  for (let v = 0; v < n; v++) {
    // Indexed loops here and below: this runs once, cold, where `for … of` makes an iterator result per entry.
    const targets = nodes[v].out;
    for (let i = 0; i < targets.length; i++) {
      const t = targets[i];
      if (t.definers.length === 0 || stamp[t.rank] === v) continue;
      stamp[t.rank] = v;
      if (k === list.length) {
        const grown = new Int32Array(list.length * 2);
        grown.set(list);
        list = grown;
      }
      list[k++] = t.rank;
    }
    start[v + 1] = k;
  }
  return { start, to: list.slice(0, k) };
}

/**
 * Tarjan's strongly connected components over node numbers, iterative (a chain of
 * 20,000 documents must not overflow the stack), roots and edges taken in order.
 * Components come out with what they point at first. Returns each node's component
 * (numbered in that order) and the components' members, packed as in `Adjacency`.
 */
function components(n: number, g: Adjacency): { comp: Int32Array; members: Adjacency; count: number } {
  const index = new Int32Array(n).fill(-1);
  const low = new Int32Array(n);
  const onStack = new Uint8Array(n);
  const stack = new Int32Array(n);
  const callNode = new Int32Array(n);
  const callEdge = new Int32Array(n);
  const comp = new Int32Array(n);
  const memberStart = new Int32Array(n + 1);
  const memberList = new Int32Array(n);
  let sp = 0;
  let count = 0;
  let filled = 0;
  let counter = 0;
  for (let root = 0; root < n; root++) {
    if (index[root] >= 0) continue;
    let depth = 0;
    index[root] = low[root] = counter++;
    stack[sp++] = root;
    onStack[root] = 1;
    callNode[0] = root;
    callEdge[0] = g.start[root];
    depth = 1;
    while (depth > 0) {
      const v = callNode[depth - 1];
      const e = callEdge[depth - 1];
      if (e < g.start[v + 1]) {
        callEdge[depth - 1] = e + 1;
        const t = g.to[e];
        if (index[t] < 0) {
          index[t] = low[t] = counter++;
          stack[sp++] = t;
          onStack[t] = 1;
          callNode[depth] = t;
          callEdge[depth] = g.start[t];
          depth++;
        } else if (onStack[t] && index[t] < low[v]) low[v] = index[t];
        continue;
      }
      depth--;
      if (depth > 0) {
        const parent = callNode[depth - 1];
        if (low[v] < low[parent]) low[parent] = low[v];
      }
      if (low[v] === index[v]) {
        let w: number;
        do {
          w = stack[--sp];
          onStack[w] = 0;
          comp[w] = count;
          memberList[filled++] = w;
        } while (w !== v);
        memberStart[++count] = filled;
      }
    }
  }
  return { comp, members: { start: memberStart.subarray(0, count + 1), to: memberList }, count };
}

/**
 * Nodes per pass of the blocking count: bounds its memory to (components × 2 KB). Each
 * pass goes over every component, so 10,000 documents take one pass (the second of two
 * passes of 8,192 was half the count's time; the pool of sets is 1.2 MB either way).
 */
const BLOCK = 16384;

/**
 * Blocking of every node (numbered 0..n-1): the size of the set of nodes that reach it
 * (its dependents), by bitsets over the components in dependents-first order, `BLOCK`
 * nodes at a time. O(edges × nodes / 32) word operations at worst; a set keeps only the
 * words between its first and last member (dependents sit near each other in ID order,
 * so the sets are mostly narrow), packed one after the other in one pool: at 10,000
 * documents the sets of the one pass take about 1.2 MB where whole rows took 10 MB, and the
 * time went to clearing and faulting in memory, not to the word operations.
 */
function blockingCounts(s: { comp: Int32Array; members: Adjacency; count: number; by: Adjacency }, n: number): Int32Array {
  const sets = new DependentSets(s);
  for (let lo = 0; lo < n; lo += BLOCK) sets.pass(lo, Math.min(n, lo + BLOCK));
  const out = new Int32Array(n);
  for (let v = 0; v < n; v++) out[v] = sets.counts[s.comp[v]] - 1;
  return out;
}

/** The sets of `blockingCounts`, one pass of node numbers at a time (each step a method of its own: see `tracksOf`). */
class DependentSets {
  /** Each component's count of dependents so far, its own members included. */
  readonly counts: Int32Array;
  /** The distinct dependent components of each component, packed. */
  private readonly deps: Adjacency;
  /** Each component's words [from, to) of the pass, kept in the pool at `at` (its word `from`). */
  private readonly from: Int32Array;
  private readonly to: Int32Array;
  private readonly at: Int32Array;
  private pool: Int32Array;
  private used = 0;
  /** Each node's bit (see `bitPositions`). */
  private readonly bit: Int32Array;

  constructor(private readonly s: { comp: Int32Array; members: Adjacency; count: number; by: Adjacency }) {
    const c = s.count;
    this.counts = new Int32Array(c);
    this.deps = dependentComponents(s);
    this.bit = bitPositions(s.members, this.deps, s.comp.length);
    this.from = new Int32Array(c);
    this.to = new Int32Array(c);
    this.at = new Int32Array(c);
    this.pool = new Int32Array(Math.max(1024, c * 16));
  }

  /** The sets' members numbered `lo` … `hi - 1`; dependents come later in the components' order: walked backwards. */
  pass(lo: number, hi: number): void {
    this.pool.fill(0, 0, this.used);
    this.used = 0;
    for (let i = this.s.count - 1; i >= 0; i--) this.component(i, lo, hi);
  }

  private component(i: number, lo: number, hi: number): void {
    const { members } = this.s;
    const { from, to, at, deps, bit } = this;
    let a = BLOCK;
    let b = 0;
    for (let m = members.start[i]; m < members.start[i + 1]; m++) {
      const v = bit[members.to[m]];
      if (v >= lo && v < hi) {
        const w = (v - lo) >>> 5;
        if (w < a) a = w;
        if (w + 1 > b) b = w + 1;
      }
    }
    for (let k = deps.start[i]; k < deps.start[i + 1]; k++) {
      const d = deps.to[k];
      if (from[d] >= to[d]) continue;
      if (from[d] < a) a = from[d];
      if (to[d] > b) b = to[d];
    }
    from[i] = a;
    to[i] = b;
    if (a >= b) return;
    if (this.used + b - a > this.pool.length) {
      const more = new Int32Array(Math.max(this.pool.length * 2, this.used + b - a));
      more.set(this.pool.subarray(0, this.used));
      this.pool = more;
    }
    const pool = this.pool;
    at[i] = this.used;
    const base = this.used - a;
    this.used += b - a;
    for (let m = members.start[i]; m < members.start[i + 1]; m++) {
      const v = bit[members.to[m]];
      if (v >= lo && v < hi) pool[base + ((v - lo) >>> 5)] |= 1 << ((v - lo) & 31);
    }
    for (let k = deps.start[i]; k < deps.start[i + 1]; k++) {
      const d = deps.to[k];
      if (from[d] < to[d]) orInto(pool, base, at[d] - from[d], from[d], to[d]);
    }
    this.counts[i] += popcounts(pool, base + a, base + b);
  }
}

/**
 * Each node's bit in the dependent sets: the components numbered in preorder of a walk
 * along what requires them, from those requiring nothing, so that what requires a
 * component mostly follows it closely and each set is narrow (at 10,000 documents the
 * words ORed went from 2.3 million in ID order to 0.45 million).
 */
function bitPositions(members: Adjacency, deps: Adjacency, n: number): Int32Array {
  const c = members.start.length - 1;
  const bit = new Int32Array(n);
  const required = new Uint8Array(c);
  for (let k = 0; k < deps.to.length; k++) required[deps.to[k]] = 1;
  const done = new Uint8Array(c);
  const stack = new Int32Array(c + deps.to.length);
  let next = 0;
  // The roots: the components requiring nothing, then (every component is reached from one
  // of those; this only keeps each bit one node's whatever the input) any not reached.
  // One loop over both rounds, with the walk in it: a closure per walk cost a second
  // optimized compile of this cold code.
  for (let round = 0; round < 2; round++) {
    for (let root = 0; root < c; root++) {
      if (done[root] || (round === 0 && required[root])) continue;
      let top = 0;
      stack[top++] = root;
      while (top > 0) {
        const i = stack[--top];
        if (done[i]) continue;
        done[i] = 1;
        for (let m = members.start[i]; m < members.start[i + 1]; m++) bit[members.to[m]] = next++;
        for (let k = deps.start[i + 1] - 1; k >= deps.start[i]; k--) if (!done[deps.to[k]]) stack[top++] = deps.to[k];
      }
    }
  }
  return bit;
}

/** The distinct components requiring each component (not itself), packed. */
function dependentComponents(s: { comp: Int32Array; members: Adjacency; count: number; by: Adjacency }): Adjacency {
  const { comp, members, count: c } = s;
  const start = new Int32Array(c + 1);
  const to = new Int32Array(s.by.to.length);
  const lastSeen = new Int32Array(c).fill(-1);
  let filled = 0;
  for (let i = 0; i < c; i++) {
    for (let m = members.start[i]; m < members.start[i + 1]; m++) {
      const v = members.to[m];
      for (let e = s.by.start[v]; e < s.by.start[v + 1]; e++) {
        const d = comp[s.by.to[e]];
        if (d !== i && lastSeen[d] !== i) {
          lastSeen[d] = i;
          to[filled++] = d;
        }
      }
    }
    start[i + 1] = filled;
  }
  return { start, to: to.subarray(0, filled) };
}

/**
 * The edges of `g` turned around, each list in node order: what requires a node is what
 * lists it in `req` (its order does not matter to any figure: maxima, minima, unions).
 */
function transpose(g: Adjacency): Adjacency {
  const n = g.start.length - 1;
  const start = new Int32Array(n + 1);
  for (let e = 0; e < g.to.length; e++) start[g.to[e] + 1]++;
  for (let v = 0; v < n; v++) start[v + 1] += start[v];
  const next = start.slice(0, n);
  const to = new Int32Array(g.to.length);
  for (let v = 0; v < n; v++) for (let e = g.start[v]; e < g.start[v + 1]; e++) to[next[g.to[e]]++] = v;
  return { start, to };
}

/** The cycles: components of two or more nodes, each in ID order, ordered by their first member; and which nodes are on one. */
function cyclesOf(ids: readonly string[], members: Adjacency, count: number): { inCycle: Uint8Array; cycles: string[][] } {
  const inCycle = new Uint8Array(ids.length);
  const sccs: number[][] = [];
  for (let c = 0; c < count; c++) {
    const from = members.start[c];
    const to = members.start[c + 1];
    if (to - from < 2) continue;
    const scc = Array.from(members.to.subarray(from, to)).sort((a, b) => a - b);
    for (const v of scc) inCycle[v] = 1;
    sccs.push(scc);
  }
  return { inCycle, cycles: sccs.sort((a, b) => a[0] - b[0]).map((scc) => scc.map((v) => ids[v])) };
}

/**
 * Over the components in order (`forward`: prerequisites first, over what each node
 * requires; else dependents first, over what requires it): each node's longest chain in
 * documents (`count`, through no cycle), its depth (a cycle's members share theirs) and
 * the cycle member met first (lowest rank; -1: none).
 */
function chainCounts(s: { comp: Int32Array; members: Adjacency; count: number }, forward: boolean, back: Adjacency): { count: Int32Array; depth: Int32Array; met: Int32Array } {
  const { comp, members, count } = s;
  const n = comp.length;
  const countOf = new Int32Array(n);
  const depth = new Int32Array(n);
  const met = new Int32Array(n).fill(-1);
  for (let k = 0; k < count; k++) {
    const c = forward ? k : count - 1 - k;
    const from = members.start[c];
    const to = members.start[c + 1];
    if (to - from > 1) {
      let d = 0;
      let first = n;
      for (let m = from; m < to; m++) {
        const v = members.to[m];
        if (v < first) first = v;
        for (let e = back.start[v]; e < back.start[v + 1]; e++) {
          const u = back.to[e];
          if (comp[u] !== c && depth[u] + 1 > d) d = depth[u] + 1;
        }
      }
      for (let m = from; m < to; m++) {
        depth[members.to[m]] = d;
        met[members.to[m]] = first;
      }
      continue;
    }
    const v = members.to[from];
    for (let e = back.start[v]; e < back.start[v + 1]; e++) {
      const u = back.to[e];
      if (depth[u] + 1 > depth[v]) depth[v] = depth[u] + 1;
      if (met[u] >= 0) {
        if (met[v] < 0 || met[u] < met[v]) met[v] = met[u];
      } else if (countOf[u] + 1 > countOf[v]) countOf[v] = countOf[u] + 1;
    }
  }
  return { count: countOf, depth, met };
}

/** The nodes by depth, then number (ID order): a counting sort, stable over the numbers. */
function byDepthThenRank(depth: Int32Array): Int32Array {
  const n = depth.length;
  let max = 0;
  for (let v = 0; v < n; v++) if (depth[v] > max) max = depth[v];
  const next = new Int32Array(max + 2);
  for (let v = 0; v < n; v++) next[depth[v] + 1]++;
  for (let d = 1; d <= max + 1; d++) next[d] += next[d - 1];
  const out = new Int32Array(n);
  for (let v = 0; v < n; v++) out[next[depth[v]]++] = v;
  return out;
}

/** Chains before of at most this many documents are listed at once; longer ones when read. */
const SHORT_CHAIN = 64;

/** The structural figures of the requires graph, over node numbers (places in ID order). */
interface Structure {
  version: number;
  ids: readonly string[];
  nodes: RequiresNode[];
  /** What each node requires / what requires it. */
  req: Adjacency;
  by: Adjacency;
  /** Each node's component; components numbered prerequisites first, with their members. */
  comp: Int32Array;
  members: Adjacency;
  count: number;
  inCycle: Uint8Array;
  cycles: string[][];
  /** Longest chain before / after in documents, depth, the cycle member met (-1: none). */
  before: { count: Int32Array; depth: Int32Array; met: Int32Array };
  after: { count: Int32Array; depth: Int32Array; met: Int32Array };
  blocking: Int32Array;
  /** Every node by depth (before), then ID order: the prerequisite order of coverage. */
  byDepth: Int32Array;
}

export class CurriculumAnalytics {
  readonly graph: RequiresGraph;
  private cache: { version: number; hoursPerWeek: number; result: Analytics } | undefined;
  private memo = new Map<string, DocumentAnalytics>();
  /** ID -> what the competency rules need of it (see `Peaks`); filled on demand. */
  private readonly peaks = new Map<string, Peaks>();
  private comps = 0;
  private memoVersion = -1;

  constructor(private readonly source: AnalyticsSource) {
    this.graph = new RequiresGraph(source.index);
  }

  /** Brings the graph up to date; drops what an edit made stale. */
  private sync(): number {
    const version = this.graph.dataVersion;
    if (this.memoVersion !== version) {
      this.memo.clear();
      this.peaks.clear();
      this.memoVersion = version;
    }
    return version;
  }

  /** Defined IDs the ID requires (directly). */
  requires(id: string): string[] {
    this.sync();
    return this.graph.requires(id);
  }

  /** Defined IDs requiring the ID (directly). */
  requiredBy(id: string): string[] {
    this.sync();
    return this.graph.requiredBy(id);
  }

  /** Every defined ID the ID requires, transitively (itself only when on a cycle). */
  ancestors(id: string): Set<string> {
    this.sync();
    return reach(id, (v) => this.graph.requires(v));
  }

  /** Every defined ID requiring (transitively) one of the IDs, the IDs included. */
  dependentsOfAll(ids: Iterable<string>): Set<string> {
    this.sync();
    return walk(ids, (v) => this.graph.requiredBy(v), true);
  }

  /** Every defined ID requiring the ID, transitively (itself only when on a cycle). */
  dependents(id: string): Set<string> {
    this.sync();
    return reach(id, (v) => this.graph.requiredBy(v));
  }

  /**
   * The highest level of each competency (lower case) targeted by the documents the ID
   * requires, transitively, along chains that pass through no requires cycle: along a
   * chain through a cycle there is no order until the cycle is broken (the same reason
   * hoursBefore is withheld), so cycle members, and what is reached only through them,
   * are left out. A cycle member is compared with what it requires outside its cycle. Ties go to
   * the document first in ID order. Computed over the ancestors not asked for before, then kept
   * until the next edit that changes the analytics' data.
   */
  requiredPeaks(id: string): Map<string, CompetencyPeak> {
    this.sync();
    const p = this.peaksOf(id);
    const out = new Map<string, CompetencyPeak>();
    for (const u of this.graph.requires(id)) {
      const q = this.peaks.get(u)!;
      if (q.comp === p.comp) continue;
      for (const [key, peak] of q.upTo) addPeak(out, key, peak);
    }
    return out;
  }

  /** Whether the ID is on a requires cycle or requires (transitively) a document that is: its chains have no order. */
  onOrAfterCycle(id: string): boolean {
    this.sync();
    return this.peaksOf(id).cyclic;
  }

  /** Whether the ID, or something it requires (transitively, through no cycle), requires an ID no document defines, or two do: what comes before it is not all known. */
  requiresUnknown(id: string): boolean {
    this.sync();
    return this.peaksOf(id).unknown;
  }

  private peaksOf(id: string): Peaks {
    const known = this.peaks.get(id);
    if (known) return known;
    const req = (v: string) => this.graph.requires(v);
    const todo = new Set([id]);
    const queue = [id];
    for (let i = 0; i < queue.length; i++) {
      for (const t of req(queue[i])) {
        if (this.peaks.has(t) || todo.has(t)) continue;
        todo.add(t);
        queue.push(t);
      }
    }
    const ranks = this.levelRanks();
    // Components come out required first: what they require is known when they are reached.
    for (const scc of stronglyConnected(queue, (v) => req(v).filter((u) => todo.has(u)))) {
      const comp = this.comps++;
      const members = new Set(scc);
      let cyclic = scc.length > 1;
      let unknown = false;
      // What the members require outside their component.
      const outside: Peaks[] = [];
      for (const v of scc) {
        unknown ||= this.graph.requiresUnsettled(v);
        for (const u of req(v)) {
          if (members.has(u)) continue;
          const pu = this.peaks.get(u)!;
          cyclic ||= pu.cyclic;
          unknown ||= pu.unknown;
          outside.push(pu);
        }
      }
      // A cycle hands nothing on: along a chain through it there is no order (as for hoursBefore).
      let upTo = NO_PEAKS;
      if (scc.length === 1) {
        const own = this.rowsOf(scc[0]);
        // Shared with the one document required when its own rows raise nothing.
        upTo = outside.length === 1 ? outside[0].upTo : NO_PEAKS;
        let mine: Map<string, CompetencyPeak> | undefined;
        if (outside.length > 1) {
          mine = new Map();
          for (const pu of outside) for (const [key, p] of pu.upTo) addPeak(mine, key, p);
        }
        for (const c of own) {
          const p = { id: scc[0], level: c.level, rank: c.level === null ? -1 : (ranks.get(c.level.toLowerCase()) ?? -1) };
          if (!mine && !beats(p, upTo.get(c.key))) continue;
          mine ??= new Map(upTo);
          addPeak(mine, c.key, p);
        }
        if (mine) upTo = mine;
      }
      for (const v of scc) this.peaks.set(v, { upTo, comp, cyclic, unknown });
    }
    return this.peaks.get(id)!;
  }

  /** Lower-cased level -> its place among the schema's levels (lowest 0). */
  levelRanks(): Map<string, number> {
    const levels = this.source.schema.schema.proficiencyLevels;
    if (this.ranks?.levels !== levels) this.ranks = { levels, map: new Map(levels.map((l, i) => [l.toLowerCase(), i])) };
    return this.ranks.map;
  }

  private ranks: { levels: readonly string[]; map: Map<string, number> } | undefined;

  /** The model of the ID's first definer. */
  private docOf(id: string): RoadmapDoc | undefined {
    const uri = this.graph.owner(id);
    return uri === undefined ? undefined : this.source.index.get(uri);
  }

  /** A written level as the analytics show it: canonical when known, else as written. */
  private levelOf(text: string): string {
    const schema = this.source.schema;
    if (this.levels?.schema !== schema) this.levels = { schema, map: new Map() };
    let level = this.levels.map.get(text);
    if (level === undefined) {
      level = schema.proficiencyLevel(text) ?? text;
      if (this.levels.map.size >= 4096) this.levels.map.clear();
      this.levels.map.set(text, level);
    }
    return level;
  }

  private levels: { schema: CompiledSchema; map: Map<string, string> } | undefined;

  /** The competency rows of a document as the analytics read them. */
  private rows(doc: RoadmapDoc | undefined): CompetencyRow[] {
    if (!doc || doc.competencies.length === 0) return [];
    return doc.competencies.map((c) => ({
      name: c.name,
      key: lowerCase(c.name),
      level: c.level?.text ? this.levelOf(c.level.text) : null,
      assessed: !!c.evidence?.text,
    }));
  }

  private rowsOf(id: string): CompetencyRow[] {
    return this.rows(this.docOf(id));
  }

  /**
   * The structural figures (components, node counts before and after, cycles, blocking),
   * kept until a node or an edge comes or goes: an edit of hours, roles or competencies
   * leaves them good.
   */
  private structure(): Structure {
    const version = this.graph.structureVersion;
    if (this.shape?.version === version) return this.shape;
    const ids = this.source.index.idsInOrder();
    const n = ids.length;
    const nodes: RequiresNode[] = new Array(n);
    for (let i = 0; i < n; i++) {
      const node = this.graph.definedNode(ids[i])!;
      node.rank = i;
      nodes[i] = node;
    }
    const req = adjacency(nodes);
    const by = transpose(req);
    const { comp, members, count } = components(n, req);
    const { inCycle, cycles } = cyclesOf(ids, members, count);
    // Node counts and cycles met, before (prerequisites first) and after (dependents first).
    const parts = { comp, members, count };
    const before = chainCounts(parts, true, req);
    const after = chainCounts(parts, false, by);
    const depth = before.depth;
    const byDepth = byDepthThenRank(depth);
    const blocking = blockingCounts({ comp, members, count, by }, n);
    this.shape = { version, ids, nodes, req, by, comp, members, count, inCycle, cycles, before, after, blocking, byDepth };
    return this.shape;
  }

  private shape: Structure | undefined;

  /** Hours before every node over the structure (NaN on or after a cycle), with the chains' last links. */
  private hoursBefore(s: Structure, hours: readonly number[]): { hb: Float64Array; pred: Int32Array; links: Int32Array } {
    const n = s.ids.length;
    const hb = new Float64Array(n);
    const pred = new Int32Array(n).fill(-1);
    /** How many documents the chain before has. */
    const links = new Int32Array(n);
    for (let c = 0; c < s.count; c++) {
      const from = s.members.start[c];
      const to = s.members.start[c + 1];
      const v = s.members.to[from];
      if (to - from > 1 || s.before.met[v] >= 0) {
        for (let m = from; m < to; m++) hb[s.members.to[m]] = NaN;
        continue;
      }
      for (let e = s.req.start[v]; e < s.req.start[v + 1]; e++) {
        const u = s.req.to[e];
        const h = hb[u] + hours[u];
        // Ties: the chain through the required document first in ID order (smaller number).
        if (pred[v] < 0 || h > hb[v] || (h === hb[v] && u < pred[v])) {
          hb[v] = h;
          pred[v] = u;
        }
      }
      hb[v] = Math.round(hb[v] * 1000) / 1000;
      if (pred[v] >= 0) links[v] = links[pred[v]] + 1;
    }
    return { hb, pred, links };
  }

  /** The chain before `v`, first required first; with `v` at its end when `withLast`. */
  private chainOf(s: Structure, pred: Int32Array, v: number, withLast = false): string[] {
    let length = withLast ? 1 : 0;
    for (let u = pred[v]; u >= 0; u = pred[u]) length++;
    const out = new Array<string>(length);
    let k = length;
    if (withLast) out[--k] = s.ids[v];
    for (let u = pred[v]; u >= 0; u = pred[u]) out[--k] = s.ids[u];
    return out;
  }

  /** A document's entry from the structure and its hours before (NaN: none), with its chain or how to list it. */
  private documentEntry(
    s: Structure,
    v: number,
    shown: { title: string | null; kind: string | null; roles: string[]; hours: number | null },
    hoursBefore: number,
    chain: string[] | (() => string[]),
  ): DocumentAnalytics {
    const id = s.ids[v];
    const chainOk = !Number.isNaN(hoursBefore);
    const delay = s.before.met[v] < 0 && s.after.met[v] < 0 ? s.before.count[v] + s.after.count[v] + 1 : null;
    const blocking = s.blocking[v];
    const inCycle = s.inCycle[v] === 1;
    const uri = s.nodes[v].definers[0];
    const { title, kind, roles, hours } = shown;
    const complexity = delay === null ? null : delay + blocking;
    let note: string | undefined;
    if (inCycle) note = `${id} is on a requires cycle: no hours before, chain, delay or complexity.`;
    else if (!chainOk) note = `${id} requires ${s.ids[s.before.met[v]]}, which is on a requires cycle: no hours before, chain, delay or complexity.`;
    else if (delay === null) note = `${id} is required by ${s.ids[s.after.met[v]]}, which is on a requires cycle: no delay or complexity.`;
    if (!chainOk) {
      const entry: DocumentAnalytics = { id, uri, title, kind, roles, hours, hoursBefore: null, chainBefore: null, blocking, delay, complexity, inCycle };
      if (note) entry.note = note;
      return entry;
    }
    if (typeof chain !== 'function') {
      const entry: DocumentAnalytics = { id, uri, title, kind, roles, hours, hoursBefore, chainBefore: chain, blocking, delay, complexity, inCycle };
      if (note) entry.note = note;
      return entry;
    }
    // Long chains are listed when read (a chain of n documents has n chains before: n² IDs in all).
    let list: string[] | undefined;
    const entry: DocumentAnalytics = {
      id,
      uri,
      title,
      kind,
      roles,
      hours,
      hoursBefore,
      get chainBefore() {
        return (list ??= chain());
      },
      blocking,
      delay,
      complexity,
      inCycle,
    };
    if (note) entry.note = note;
    return entry;
  }

  /**
   * One document's figures; undefined when no document defines the ID. After an edit of
   * hours, roles or competencies the structural figures are still good, and the hours
   * before are summed over the document's ancestors only; after an edit of the graph
   * itself the structure is computed again first.
   */
  document(id: string): DocumentAnalytics | undefined {
    this.sync();
    if (!this.graph.isDefined(id)) return undefined;
    // The cache's structure numbered the nodes (a change of structure moves the data version too).
    if (this.cache?.version === this.memoVersion) return this.cache.result.documents[this.graph.definedNode(id)!.rank];
    const memo = this.memo.get(id);
    if (memo) return memo;
    const s = this.structure();
    const v = this.graph.definedNode(id)!.rank;
    const requires = (u: number) => s.req.to.subarray(s.req.start[u], s.req.start[u + 1]);
    // Hours before over the ancestors, in the components' order (prerequisites first).
    const up = walk([v], requires, false);
    const order = [...up].sort((a, b) => s.comp[a] - s.comp[b]);
    const hb = new Map<number, number>();
    const pred = new Map<number, number>();
    const hoursOf = (u: number) => this.docOf(s.ids[u])?.duration?.total ?? 0;
    const sum = (u: number) => {
      if (s.inCycle[u] || s.before.met[u] >= 0) return NaN;
      let best = 0;
      let from = -1;
      for (const w of requires(u)) {
        const h = hb.get(w)! + hoursOf(w);
        if (from < 0 || h > best || (h === best && w < from)) {
          best = h;
          from = w;
        }
      }
      if (from >= 0) pred.set(u, from);
      return Math.round(best * 1000) / 1000;
    };
    for (const u of order) if (u !== v) hb.set(u, sum(u));
    const mine = sum(v);
    const chain = () => {
      const out: string[] = [];
      for (let u = pred.get(v); u !== undefined; u = pred.get(u)) out.push(s.ids[u]);
      return out.reverse();
    };
    const doc = this.docOf(id);
    const shown = { title: doc?.title ?? null, kind: doc?.kind?.key ?? null, roles: doc ? doc.roles.map((r) => r.text) : [], hours: doc?.duration?.total ?? null };
    const result = this.documentEntry(s, v, shown, mine, chain);
    this.memo.set(id, result);
    return result;
  }

  /**
   * What the computation reads of each node's model (its first definer's), read once into
   * packed arrays: models come in many shapes, and reading them per track member was most
   * of the time. Duration parts and competency names are numbered (a part name, a
   * competency in lower case) so that the tracks add them up in typed arrays, and each
   * competency row's coverage entry is made once, for every track it is on.
   */
  private readModels(s: Structure): Models {
    const n = s.ids.length;
    const index = this.source.index;
    const m: Models = {
      title: new Array<string | null>(n).fill(null),
      kind: new Array<string | null>(n).fill(null),
      roles: new Array<string[]>(n),
      hours: new Array<number>(n).fill(0),
      noHours: new Uint8Array(n).fill(1),
      partFrom: new Int32Array(n),
      partTo: new Int32Array(n),
      partKind: new Int32Array(1024),
      partHours: [],
      partNames: [],
      rowFrom: new Int32Array(n),
      rowTo: new Int32Array(n),
      rowKey: new Int32Array(1024),
      rowName: [],
      rowLevel: [],
      keys: 0,
    };
    const read = new ModelReader(m, (text) => this.levelOf(text));
    for (let v = 0; v < n; v++) read.model(v, s.ids[v], index.get(s.nodes[v].definers[0]));
    m.keys = read.keys;
    return m;
  }

  /** The whole curriculum; cached until something it reads changes. */
  all(options: AnalyticsOptions = {}): Analytics {
    const version = this.sync();
    const hoursPerWeek = options.hoursPerWeek ?? 10;
    if (this.cache?.version === version && this.cache.hoursPerWeek === hoursPerWeek) return this.cache.result;
    const s = this.structure();
    const n = s.ids.length;
    const m = this.readModels(s);
    const { hours } = m;
    const { hb, pred, links } = this.hoursBefore(s, hours);
    const documents = new Array<DocumentAnalytics>(n);
    for (let v = 0; v < n; v++) {
      const chain = links[v] <= SHORT_CHAIN ? this.chainOf(s, pred, v) : () => this.chainOf(s, pred, v);
      const shown = { title: m.title[v], kind: m.kind[v], roles: m.roles[v] ?? [], hours: m.noHours[v] ? null : m.hours[v] };
      documents[v] = this.documentEntry(s, v, shown, hb[v], chain);
    }

    const { tracks, coverage } = tracksOf(s, m, documents, hb, hoursPerWeek, (v) => this.chainOf(s, pred, v, true));
    const result: Analytics = { hoursPerWeek, documents, tracks, coverage, cycles: s.cycles };
    this.cache = { version, hoursPerWeek, result };
    return result;
  }
}

/**
 * The role tracks and their coverage, in one pass over the nodes. A node is on role r's
 * track when a document targeting r is that node or requires it, transitively: each
 * node gets a bit per role, its own roles' and those of everything requiring it, handed
 * down the components in dependents-first order (a cycle's members share theirs). The
 * tracks' figures are then summed over the nodes in ID order, each node adding to the
 * tracks of its bits (the same sums, in the same order, as one track at a time), and the
 * coverage rows filled over the nodes in prerequisite order. (Each loop is a function of
 * its own: this code runs once, cold, and a small function is optimized sooner, with no
 * code after its loop that the optimizer has not seen run.)
 */
function tracksOf(
  s: Structure,
  m: Models,
  documents: readonly DocumentAnalytics[],
  hb: Float64Array,
  hoursPerWeek: number,
  criticalPath: (v: number) => string[],
): { tracks: TrackAnalytics[]; coverage: CoverageRow[] } {
  const roles = roleNames(documents);
  const bits = new RoleBits(s.ids.length, roles.length);
  bits.own(documents, roles);
  bits.handDown(s);
  const sums = new TrackSums(roles.length, m.partNames.length);
  sums.add(s, m, hb, bits);
  const tracks: TrackAnalytics[] = new Array(roles.length);
  for (let r = 0; r < roles.length; r++) tracks[r] = sums.track(r, roles[r], m, hoursPerWeek, criticalPath);
  const rows = coverageRows(s, m, bits, roles);
  const coverage: CoverageRow[] = [];
  for (let r = 0; r < roles.length; r++) {
    rows[r].sort((a, b) => collator.compare(a.competency, b.competency));
    for (let i = 0; i < rows[r].length; i++) coverage.push(rows[r][i]);
  }
  return { tracks, coverage };
}

/** Every role a document names, in order. */
function roleNames(documents: readonly DocumentAnalytics[]): string[] {
  const names = new Set<string>();
  for (let v = 0; v < documents.length; v++) {
    const roles = documents[v].roles;
    for (let i = 0; i < roles.length; i++) names.add(roles[i]);
  }
  return [...names].sort((a, b) => collator.compare(a, b));
}

/** Each node's tracks as bits, `words` words a node (role r: bit r % 32 of word r / 32). */
class RoleBits {
  readonly words: number;
  readonly mask: Int32Array;

  constructor(n: number, roles: number) {
    this.words = (roles + 31) >>> 5;
    this.mask = new Int32Array(n * this.words);
  }

  /** Each node's own roles. */
  own(documents: readonly DocumentAnalytics[], roles: readonly string[]): void {
    const number = new Map<string, number>();
    for (let r = 0; r < roles.length; r++) number.set(roles[r], r);
    const W = this.words;
    for (let v = 0; v < documents.length; v++) {
      const own = documents[v].roles;
      for (let i = 0; i < own.length; i++) {
        const r = number.get(own[i])!;
        this.mask[v * W + (r >>> 5)] |= 1 << (r & 31);
      }
    }
  }

  /** Dependents first: a component's bits are its members' and those of what requires them. */
  handDown(s: Structure): void {
    const W = this.words;
    const mask = this.mask;
    for (let c = s.count - 1; c >= 0; c--) {
      const from = s.members.start[c];
      const to = s.members.start[c + 1];
      for (let w = 0; w < W; w++) {
        let acc = 0;
        for (let k = from; k < to; k++) {
          const v = s.members.to[k];
          acc |= mask[v * W + w];
          for (let e = s.by.start[v]; e < s.by.start[v + 1]; e++) acc |= mask[s.by.to[e] * W + w];
        }
        for (let k = from; k < to; k++) mask[s.members.to[k] * W + w] = acc;
      }
    }
  }
}

/** What each track adds up to, summed over the nodes in ID order. */
class TrackSums {
  readonly ids: string[][] = [];
  readonly entry: string[][] = [];
  readonly final: string[][] = [];
  readonly onNoChain: string[][] = [];
  readonly noChain: string[][] = [];
  readonly withoutHours: string[][] = [];
  /** The parts each track met, in the order met. */
  readonly partOrder: number[][] = [];
  /**
   * Sums and hours as plain arrays, not Float64Array: this code runs cold, where each
   * number read from a Float64Array is a new heap number (at 10,000 documents about 5 MB
   * of the computation's garbage), and hours are mostly whole numbers, which a plain
   * array holds unboxed.
   */
  readonly total: number[];
  readonly best: Int32Array;
  readonly bestHours: number[];
  /** Track r's hours of part p at r × parts + p. */
  readonly partSum: number[];
  readonly partSeen: Uint8Array;

  constructor(
    roles: number,
    private readonly parts: number,
  ) {
    for (let r = 0; r < roles; r++) {
      this.ids.push([]);
      this.entry.push([]);
      this.final.push([]);
      this.onNoChain.push([]);
      this.noChain.push([]);
      this.withoutHours.push([]);
      this.partOrder.push([]);
    }
    this.total = new Array<number>(roles).fill(0);
    this.best = new Int32Array(roles).fill(-1);
    this.bestHours = new Array<number>(roles).fill(-1);
    this.partSum = new Array<number>(roles * parts).fill(0);
    this.partSeen = new Uint8Array(roles * parts);
  }

  add(s: Structure, m: Models, hb: Float64Array, bits: RoleBits): void {
    const W = bits.words;
    const mask = bits.mask;
    for (let v = 0; v < s.ids.length; v++) {
      for (let w = 0; w < W; w++) {
        const mine = mask[v * W + w];
        if (mine === 0) continue;
        // The tracks of this word whose documents require the node.
        let requiredBy = 0;
        for (let e = s.by.start[v]; e < s.by.start[v + 1]; e++) requiredBy |= mask[s.by.to[e] * W + w];
        for (let b = mine; b !== 0; b &= b - 1) this.node(s, m, hb, v, (w << 5) | (31 - Math.clz32(b & -b)), (requiredBy & b & -b) !== 0);
      }
    }
  }

  /** Node v on track r. */
  private node(s: Structure, m: Models, hb: Float64Array, v: number, r: number, required: boolean): void {
    const id = s.ids[v];
    const h = m.hours[v];
    this.ids[r].push(id);
    this.total[r] += h;
    for (let k = m.partFrom[v]; k < m.partTo[v]; k++) {
      const at = r * this.parts + m.partKind[k];
      if (!this.partSeen[at]) {
        this.partSeen[at] = 1;
        this.partOrder[r].push(m.partKind[k]);
      }
      this.partSum[at] += m.partHours[k];
    }
    if (m.noHours[v]) this.withoutHours[r].push(id);
    const before = hb[v];
    if (Number.isNaN(before)) this.noChain[r].push(id);
    else if (before + h > this.bestHours[r]) {
      this.bestHours[r] = before + h;
      this.best[r] = v;
    }
    const requires = s.req.start[v + 1] > s.req.start[v];
    if (!requires && required) this.entry[r].push(id);
    else if (requires && !required) this.final[r].push(id);
    else if (!requires && !required) this.onNoChain[r].push(id);
  }

  track(r: number, role: string, m: Models, hoursPerWeek: number, criticalPath: (v: number) => string[]): TrackAnalytics {
    const hoursByPart: Record<string, number> = {};
    for (const p of this.partOrder[r]) hoursByPart[m.partNames[p]] = Math.round(this.partSum[r * this.parts + p] * 1000) / 1000;
    const hours = Math.round(this.total[r] * 1000) / 1000;
    const best = this.best[r];
    return {
      role,
      documents: this.ids[r],
      hours,
      hoursByPart,
      weeks: Math.ceil(hours / hoursPerWeek),
      criticalPath: best < 0 ? { ids: [], hours: 0 } : { ids: criticalPath(best), hours: Math.round(this.bestHours[r] * 1000) / 1000 },
      entry: this.entry[r],
      final: this.final[r],
      onNoChain: this.onNoChain[r],
      noChain: this.noChain[r],
      withoutHours: this.withoutHours[r],
    };
  }
}

/** Each track's coverage rows, made when first met along the nodes in prerequisite order (depth, then ID); not yet sorted. */
function coverageRows(s: Structure, m: Models, bits: RoleBits, roles: readonly string[]): CoverageRow[][] {
  const R = roles.length;
  const K = m.keys;
  const W = bits.words;
  const rowOf = new Array<CoverageRow | undefined>(R * K);
  const rows: CoverageRow[][] = [];
  for (let r = 0; r < R; r++) rows.push([]);
  for (let i = 0; i < s.byDepth.length; i++) {
    const v = s.byDepth[i];
    if (m.rowTo[v] === m.rowFrom[v]) continue;
    for (let w = 0; w < W; w++) {
      for (let b = bits.mask[v * W + w]; b !== 0; b &= b - 1) {
        const r = (w << 5) | (31 - Math.clz32(b & -b));
        for (let k = m.rowFrom[v]; k < m.rowTo[v]; k++) {
          const at = r * K + m.rowKey[k];
          let row = rowOf[at];
          if (!row) rows[r].push((row = rowOf[at] = { role: roles[r], competency: m.rowName[k], levels: [] }));
          row.levels.push(m.rowLevel[k]);
        }
      }
    }
  }
  return rows;
}

/** What `readModels` read of the nodes' models (their first definers'), by node. */
interface Models {
  title: Array<string | null>;
  /** The kind's key. */
  kind: Array<string | null>;
  /** Target Role(s) as written; undefined for a node without a model. */
  roles: Array<string[] | undefined>;
  /** Duration totals, 0 where none (`noHours`); a plain array, as `TrackSums` says why. */
  hours: number[];
  noHours: Uint8Array;
  /** Node v's Duration parts are `partFrom[v]` … `partTo[v] - 1`: each its part's number (in `partNames`) and hours. */
  partFrom: Int32Array;
  partTo: Int32Array;
  partKind: Int32Array;
  partHours: number[];
  partNames: string[];
  /** Node v's competency rows are `rowFrom[v]` … `rowTo[v] - 1`: each its competency's number (names in any case are one), name as written and coverage entry. */
  rowFrom: Int32Array;
  rowTo: Int32Array;
  rowKey: Int32Array;
  rowName: string[];
  rowLevel: CoverageLevel[];
  /** How many competencies (numbers in `rowKey`). */
  keys: number;
}

/** Reads one model at a time into `Models`, numbering parts and competencies as it goes. */
class ModelReader {
  private parts = 0;
  private rows = 0;
  private readonly labelNumber = new Map<string, number>();
  private readonly partNumber = new Map<string, number>();
  private readonly nameKey = new Map<string, number>();
  private readonly keyNumber = new Map<string, number>();

  constructor(
    private readonly m: Models,
    private readonly levelOf: (text: string) => string,
  ) {}

  get keys(): number {
    return this.keyNumber.size;
  }

  model(v: number, id: string, doc: RoadmapDoc | undefined): void {
    const m = this.m;
    m.partFrom[v] = m.partTo[v] = this.parts;
    m.rowFrom[v] = m.rowTo[v] = this.rows;
    if (!doc) return;
    m.title[v] = doc.title ?? null;
    m.kind[v] = doc.kind?.key ?? null;
    const roles = new Array<string>(doc.roles.length);
    for (let i = 0; i < roles.length; i++) roles[i] = doc.roles[i].text;
    m.roles[v] = roles;
    const d = doc.duration;
    if (d?.total !== undefined) {
      m.noHours[v] = 0;
      m.hours[v] = d.total;
    }
    if (d?.parts) this.readParts(d.parts);
    m.partTo[v] = this.parts;
    if (doc.competencies.length) this.readRows(id, doc.competencies);
    m.rowTo[v] = this.rows;
  }

  private readParts(ps: ReadonlyArray<{ label: string; hours: number }>): void {
    const m = this.m;
    if (this.parts + ps.length > m.partKind.length) m.partKind = grown(m.partKind, this.parts + ps.length);
    for (let i = 0; i < ps.length; i++) {
      const label = ps[i].label;
      let k = this.labelNumber.get(label);
      if (k === undefined) {
        const name = partOf(label);
        k = this.partNumber.get(name);
        if (k === undefined) {
          k = m.partNames.length;
          m.partNames.push(name);
          this.partNumber.set(name, k);
        }
        this.labelNumber.set(label, k);
      }
      m.partKind[this.parts] = k;
      m.partHours[this.parts++] = ps[i].hours;
    }
  }

  private readRows(id: string, cs: RoadmapDoc['competencies']): void {
    const m = this.m;
    if (this.rows + cs.length > m.rowKey.length) m.rowKey = grown(m.rowKey, this.rows + cs.length);
    for (let i = 0; i < cs.length; i++) {
      const c = cs[i];
      let k = this.nameKey.get(c.name);
      if (k === undefined) {
        const key = lowerCase(c.name);
        k = this.keyNumber.get(key);
        if (k === undefined) {
          k = this.keyNumber.size;
          this.keyNumber.set(key, k);
        }
        this.nameKey.set(c.name, k);
      }
      m.rowKey[this.rows++] = k;
      m.rowName.push(c.name);
      m.rowLevel.push({ id, level: c.level?.text ? this.levelOf(c.level.text) : null, assessed: !!c.evidence?.text });
    }
  }
}

/** A copy of a typed array with room for at least `size` entries. */
function grown<T extends Int32Array | Float64Array>(a: T, size: number): T {
  const out = new (a.constructor as new (n: number) => T)(Math.max(size, a.length * 2));
  out.set(a);
  return out;
}

const engines = new WeakMap<WorkspaceIndex, CurriculumAnalytics>();

/** The analytics engine of a workspace: one per index, kept in step with it. */
export function analyticsOf(source: AnalyticsSource): CurriculumAnalytics {
  let engine = engines.get(source.index);
  if (!engine) engines.set(source.index, (engine = new CurriculumAnalytics(source)));
  return engine;
}

/** The whole curriculum's analytics (see the definitions above). */
export function computeAnalytics(source: AnalyticsSource, options: AnalyticsOptions = {}): Analytics {
  return analyticsOf(source).all(options);
}

/** One document's analytics after an edit, without computing the rest. */
export function documentAnalytics(source: AnalyticsSource, id: string): DocumentAnalytics | undefined {
  return analyticsOf(source).document(id);
}
