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
import { RequiresGraph } from './requires';

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

/** What the analytics read of one document's model. */
interface NodeInfo {
  title: string | null;
  kind: string | null;
  roles: string[];
  hours: number | null;
  parts: Array<{ part: string; hours: number }>;
  competencies: Array<{ name: string; key: string; level: string | null; assessed: boolean }>;
}

const PARTS: Array<[RegExp, string]> = [
  [/lecture|lesson|theory|video/i, 'lecture'],
  [/lab|hands[- ]?on|practi[cs]e|exercise|workshop/i, 'lab'],
  [/project|capstone/i, 'project'],
  [/assess|exam|quiz|test|review/i, 'assessment'],
];

/** A Duration breakdown label as one of the known parts, else as written (lower case). */
export function partOf(label: string): string {
  for (const [re, part] of PARTS) if (re.test(label)) return part;
  return label.trim().toLowerCase() || 'other';
}

const infos = new WeakMap<RoadmapDoc, WeakMap<CompiledSchema, NodeInfo>>();
function infoOf(doc: RoadmapDoc | undefined, schema: CompiledSchema): NodeInfo {
  if (!doc) return { title: null, kind: null, roles: [], hours: null, parts: [], competencies: [] };
  let bySchema = infos.get(doc);
  if (!bySchema) infos.set(doc, (bySchema = new WeakMap()));
  let info = bySchema.get(schema);
  if (!info) {
    info = {
      title: doc.title ?? null,
      kind: doc.kind?.key ?? null,
      roles: doc.roles.map((r) => r.text),
      hours: doc.duration?.total ?? null,
      parts: (doc.duration?.parts ?? []).map((p) => ({ part: partOf(p.label), hours: p.hours })),
      competencies: doc.competencies.map((c) => ({
        name: c.name,
        key: c.name.toLowerCase(),
        level: c.level?.text ? (schema.proficiencyLevel(c.level.text) ?? c.level.text) : null,
        assessed: !!c.evidence?.text,
      })),
    };
    bySchema.set(schema, info);
  }
  return info;
}

const collator = new Intl.Collator('en', { numeric: true });

/** The highest level a competency reaches over some documents, and where. */
export interface CompetencyPeak {
  id: string;
  /** Canonical when known, else as written; null when the row gives none. */
  level: string | null;
  /** Its place among the schema's levels, lowest 0; -1 when not a known level. */
  rank: number;
}

/** The peaks of everything a node requires outside its own cycle (`before`), and with its cycle's own rows (`upTo`). */
interface Peaks {
  before: Map<string, CompetencyPeak>;
  upTo: Map<string, CompetencyPeak>;
  /** On a cycle, or requiring (transitively) a document that is. */
  cyclic: boolean;
  /** It or something it requires requires an ID no document defines. */
  unknown: boolean;
}

function beats(p: CompetencyPeak, q: CompetencyPeak | undefined): boolean {
  return !q || p.rank > q.rank || (p.rank === q.rank && collator.compare(p.id, q.id) < 0);
}

/**
 * The nodes reachable from `starts` through `next`; the starts themselves are in it
 * when `withStarts`, else only when a cycle leads back to them.
 */
function walk<T>(starts: Iterable<T>, next: (id: T) => readonly T[], withStarts: boolean): Set<T> {
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

/** Nodes per pass of the blocking count: bounds its memory to (components × 1 KB). */
const BLOCK = 8192;

/**
 * Blocking of every node (numbered 0..n-1): the size of the set of nodes that reach it
 * (its dependents), by bitsets over the components in dependents-first order, `BLOCK`
 * nodes at a time. O(edges × nodes / 32) word operations.
 */
function blockingCounts(sccs: number[][], by: number[][], n: number): Int32Array {
  const compOf = new Int32Array(n);
  sccs.forEach((scc, i) => {
    for (const v of scc) compOf[v] = i;
  });
  const counts = new Int32Array(sccs.length);
  // Distinct dependent components of each component.
  const deps: number[][] = sccs.map((scc, i) => {
    const out = new Set<number>();
    for (const v of scc) for (const w of by[v]) if (compOf[w] !== i) out.add(compOf[w]);
    return [...out];
  });
  for (let lo = 0; lo < n; lo += BLOCK) {
    const hi = Math.min(n, lo + BLOCK);
    const words = (hi - lo + 31) >>> 5;
    const bits = new Int32Array(sccs.length * words);
    // Dependents come later in the order: walk it backwards.
    for (let i = sccs.length - 1; i >= 0; i--) {
      const base = i * words;
      for (const v of sccs[i]) if (v >= lo && v < hi) bits[base + ((v - lo) >>> 5)] |= 1 << ((v - lo) & 31);
      for (const d of deps[i]) {
        const from = d * words;
        for (let w = 0; w < words; w++) bits[base + w] |= bits[from + w];
      }
      let c = 0;
      for (let w = 0; w < words; w++) c += popcount(bits[base + w]);
      counts[i] += c;
    }
  }
  const out = new Int32Array(n);
  for (let v = 0; v < n; v++) out[v] = counts[compOf[v]] - 1;
  return out;
}

export class CurriculumAnalytics {
  readonly graph: RequiresGraph;
  private cache: { version: number; hoursPerWeek: number; result: Analytics; byId: Map<string, DocumentAnalytics> } | undefined;
  private memo = new Map<string, DocumentAnalytics>();
  /** ID -> the highest level of each competency over it and what it requires (transitively); filled on demand. */
  private readonly peaks = new Map<string, Peaks>();
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
    return this.peaksOf(id).before;
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
    const add = (m: Map<string, CompetencyPeak>, key: string, p: CompetencyPeak) => {
      if (beats(p, m.get(key))) m.set(key, p);
    };
    // Components come out required first: what they require is known when they are reached.
    for (const scc of stronglyConnected(queue, (v) => req(v).filter((u) => todo.has(u)))) {
      const members = new Set(scc);
      // Each member's own requirements outside its cycle (a chain through another member has no order).
      let cyclic = scc.length > 1;
      let unknown = false;
      const befores = scc.map((v) => {
        const before = new Map<string, CompetencyPeak>();
        unknown ||= this.graph.requiresUnsettled(v);
        for (const u of req(v)) {
          if (members.has(u)) continue;
          const pu = this.peaks.get(u)!;
          cyclic ||= pu.cyclic;
          unknown ||= pu.unknown;
          for (const [key, p] of pu.upTo) add(before, key, p);
        }
        return before;
      });
      // A cycle hands nothing on: along a chain through it there is no order (as for hoursBefore).
      const upTo = new Map<string, CompetencyPeak>();
      if (scc.length === 1) {
        for (const [key, p] of befores[0]) upTo.set(key, p);
        for (const c of this.info(scc[0]).competencies) {
          add(upTo, c.key, { id: scc[0], level: c.level, rank: c.level === null ? -1 : (ranks.get(c.level.toLowerCase()) ?? -1) });
        }
      }
      scc.forEach((v, i) => this.peaks.set(v, { before: befores[i], upTo, cyclic, unknown }));
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

  private info(id: string): NodeInfo {
    const uri = this.graph.owner(id);
    return infoOf(uri === undefined ? undefined : this.source.index.get(uri), this.source.schema);
  }

  private hours = (id: string): number => this.info(id).hours ?? 0;

  /** ID -> its place in ID order (the index's cached order), rebuilt when definitions change. */
  private rankMap(): Map<string, number> {
    const order = this.source.index.idsInOrder();
    if (this.ranked?.order !== order) this.ranked = { order, map: new Map(order.map((id, i) => [id, i])) };
    return this.ranked.map;
  }

  private ranked: { order: readonly string[]; map: Map<string, number> } | undefined;

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
    const num = this.rankMap();
    const req: number[][] = new Array(n);
    const by: number[][] = new Array(n);
    for (let i = 0; i < n; i++) {
      req[i] = this.graph.requires(ids[i]).map((t) => num.get(t)!);
      by[i] = this.graph.requiredBy(ids[i]).map((t) => num.get(t)!);
    }
    const nodes = Array.from({ length: n }, (_, i) => i);
    const sccs = stronglyConnected<number>(nodes, (i) => req[i]);
    const comp = new Int32Array(n);
    sccs.forEach((scc, c) => {
      for (const v of scc) comp[v] = c;
    });
    const inCycle = new Uint8Array(n);
    const cycles: string[][] = [];
    for (const scc of sccs) {
      if (scc.length < 2) continue;
      for (const v of scc) inCycle[v] = 1;
      cycles.push([...scc].sort((a, b) => a - b).map((v) => ids[v]));
    }
    cycles.sort((a, b) => num.get(a[0])! - num.get(b[0])!);
    // Node counts and cycles met, before (prerequisites first) and after (dependents first).
    const counts = (order: number[][], back: number[][]) => {
      const count = new Int32Array(n);
      const depth = new Int32Array(n);
      const met = new Int32Array(n).fill(-1); // the cycle member met first (lowest rank), or -1
      for (const scc of order) {
        if (scc.length > 1) {
          let d = 0;
          const first = Math.min(...scc);
          for (const v of scc) for (const u of back[v]) if (comp[u] !== comp[v]) d = Math.max(d, depth[u] + 1);
          for (const v of scc) {
            depth[v] = d;
            met[v] = first;
          }
          continue;
        }
        const v = scc[0];
        for (const u of back[v]) {
          depth[v] = Math.max(depth[v], depth[u] + 1);
          if (met[u] >= 0) {
            if (met[v] < 0 || met[u] < met[v]) met[v] = met[u];
          } else count[v] = Math.max(count[v], count[u] + 1);
        }
      }
      return { count, depth, met };
    };
    const before = counts(sccs, req);
    const after = counts([...sccs].reverse(), by);
    this.shape = { version, ids, num, req, by, sccs, comp, inCycle, cycles, before, after, blocking: blockingCounts(sccs, by, n) };
    return this.shape;
  }

  private shape: Structure | undefined;

  /** Hours before every node over the structure (NaN on or after a cycle), with the chains' last links. */
  private hoursBefore(s: Structure, hours: Float64Array): { hb: Float64Array; pred: Int32Array } {
    const n = s.ids.length;
    const hb = new Float64Array(n);
    const pred = new Int32Array(n).fill(-1);
    for (const scc of s.sccs) {
      const v = scc[0];
      if (scc.length > 1 || s.before.met[v] >= 0) {
        for (const w of scc) hb[w] = NaN;
        continue;
      }
      for (const u of s.req[v]) {
        const h = hb[u] + hours[u];
        // Ties: the chain through the required document first in ID order (smaller number).
        if (pred[v] < 0 || h > hb[v] || (h === hb[v] && u < pred[v])) {
          hb[v] = h;
          pred[v] = u;
        }
      }
      hb[v] = Math.round(hb[v] * 1000) / 1000;
    }
    return { hb, pred };
  }

  private chainOf(s: Structure, pred: Int32Array, v: number): string[] {
    const out: string[] = [];
    for (let u = pred[v]; u >= 0; u = pred[u]) out.push(s.ids[u]);
    return out.reverse();
  }

  /** A document's entry from the structure and its hours before (NaN: none). */
  private documentEntry(s: Structure, v: number, hoursBefore: number, chain: () => string[]): DocumentAnalytics {
    const id = s.ids[v];
    const info = this.info(id);
    const chainOk = !Number.isNaN(hoursBefore);
    const delay = s.before.met[v] < 0 && s.after.met[v] < 0 ? s.before.count[v] + s.after.count[v] + 1 : null;
    const blocking = s.blocking[v];
    let note: string | undefined;
    if (s.inCycle[v]) note = `${id} is on a requires cycle: no hours before, chain, delay or complexity.`;
    else if (!chainOk) note = `${id} requires ${s.ids[s.before.met[v]]}, which is on a requires cycle: no hours before, chain, delay or complexity.`;
    else if (delay === null) note = `${id} is required by ${s.ids[s.after.met[v]]}, which is on a requires cycle: no delay or complexity.`;
    const entry = {
      id,
      uri: this.graph.owner(id)!,
      title: info.title,
      kind: info.kind,
      roles: info.roles,
      hours: info.hours,
      hoursBefore: chainOk ? hoursBefore : null,
      chainBefore: null as string[] | null,
      blocking,
      delay,
      complexity: delay === null ? null : delay + blocking,
      inCycle: s.inCycle[v] === 1,
      ...(note ? { note } : {}),
    };
    // Chains are listed when read (a chain of n documents has n chains before: n² IDs in all).
    if (chainOk) {
      let list: string[] | undefined;
      Object.defineProperty(entry, 'chainBefore', { enumerable: true, get: () => (list ??= chain()) });
    }
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
    if (this.cache?.version === this.memoVersion) return this.cache.byId.get(id);
    const memo = this.memo.get(id);
    if (memo) return memo;
    const s = this.structure();
    const v = s.num.get(id)!;
    // Hours before over the ancestors, in the components' order (prerequisites first).
    const up = walk([v], (u) => s.req[u], false);
    const order = [...up].sort((a, b) => s.comp[a] - s.comp[b]);
    const hb = new Map<number, number>();
    const pred = new Map<number, number>();
    const sum = (u: number) => {
      if (s.inCycle[u] || s.before.met[u] >= 0) return NaN;
      let best = 0;
      let from = -1;
      for (const w of s.req[u]) {
        const h = hb.get(w)! + this.hours(s.ids[w]);
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
    const result = this.documentEntry(s, v, mine, chain);
    this.memo.set(id, result);
    return result;
  }

  /** The whole curriculum; cached until something it reads changes. */
  all(options: AnalyticsOptions = {}): Analytics {
    const version = this.sync();
    const hoursPerWeek = options.hoursPerWeek ?? 10;
    if (this.cache?.version === version && this.cache.hoursPerWeek === hoursPerWeek) return this.cache.result;
    const s = this.structure();
    const n = s.ids.length;
    const infos = s.ids.map((id) => this.info(id));
    const hours = Float64Array.from(infos, (i) => i.hours ?? 0);
    const { hb, pred } = this.hoursBefore(s, hours);
    const documents = s.ids.map((_, v) => this.documentEntry(s, v, hb[v], () => this.chainOf(s, pred, v)));
    const byId = new Map(documents.map((d) => [d.id, d]));

    // Role tracks: each role's documents and everything they require.
    const seeds = new Map<string, number[]>();
    infos.forEach((info, v) => {
      for (const role of new Set(info.roles)) {
        let list = seeds.get(role);
        if (!list) seeds.set(role, (list = []));
        list.push(v);
      }
    });
    const roles = [...seeds.keys()].sort((a, b) => collator.compare(a, b));
    const tracks: TrackAnalytics[] = [];
    const coverage: CoverageRow[] = [];
    const mark = new Int32Array(n).fill(-1);
    roles.forEach((role, r) => {
      const members: number[] = [];
      for (const v of seeds.get(role)!) {
        if (mark[v] === r) continue;
        mark[v] = r;
        members.push(v);
      }
      for (let i = 0; i < members.length; i++) {
        for (const u of s.req[members[i]]) {
          if (mark[u] === r) continue;
          mark[u] = r;
          members.push(u);
        }
      }
      members.sort((a, b) => a - b);
      const hoursByPart: Record<string, number> = {};
      let best = -1;
      let bestHours = -1;
      const entry: string[] = [];
      const final: string[] = [];
      const onNoChain: string[] = [];
      const noChain: string[] = [];
      const withoutHours: string[] = [];
      let total = 0;
      for (const v of members) {
        const info = infos[v];
        total += hours[v];
        for (const p of info.parts) hoursByPart[p.part] = (hoursByPart[p.part] ?? 0) + p.hours;
        if (info.hours === null) withoutHours.push(s.ids[v]);
        if (Number.isNaN(hb[v])) noChain.push(s.ids[v]);
        else if (hb[v] + hours[v] > bestHours) {
          bestHours = hb[v] + hours[v];
          best = v;
        }
        const requires = s.req[v].length > 0;
        let required = false;
        for (const w of s.by[v]) {
          if (mark[w] === r) {
            required = true;
            break;
          }
        }
        if (!requires && required) entry.push(s.ids[v]);
        else if (requires && !required) final.push(s.ids[v]);
        else if (!requires && !required) onNoChain.push(s.ids[v]);
      }
      for (const k of Object.keys(hoursByPart)) hoursByPart[k] = Math.round(hoursByPart[k] * 1000) / 1000;
      const trackHours = Math.round(total * 1000) / 1000;
      tracks.push({
        role,
        documents: members.map((v) => s.ids[v]),
        hours: trackHours,
        hoursByPart,
        weeks: Math.ceil(trackHours / hoursPerWeek),
        criticalPath: best < 0 ? { ids: [], hours: 0 } : { ids: [...this.chainOf(s, pred, best), s.ids[best]], hours: Math.round(bestHours * 1000) / 1000 },
        entry,
        final,
        onNoChain,
        noChain,
        withoutHours,
      });
      // Coverage along the track, in prerequisite order (depth, then ID).
      const rows = new Map<string, CoverageRow>();
      const depth = s.before.depth;
      for (const v of [...members].sort((a, b) => depth[a] - depth[b] || a - b)) {
        for (const c of infos[v].competencies) {
          let row = rows.get(c.key);
          if (!row) rows.set(c.key, (row = { role, competency: c.name, levels: [] }));
          row.levels.push({ id: s.ids[v], level: c.level, assessed: c.assessed });
        }
      }
      coverage.push(...[...rows.values()].sort((a, b) => collator.compare(a.competency, b.competency)));
    });
    const result: Analytics = { hoursPerWeek, documents, tracks, coverage, cycles: s.cycles };
    this.cache = { version, hoursPerWeek, result, byId };
    return result;
  }
}

/** The structural figures of the requires graph, over node numbers (places in ID order). */
interface Structure {
  version: number;
  ids: readonly string[];
  num: Map<string, number>;
  req: number[][];
  by: number[][];
  /** Components, prerequisites first. */
  sccs: number[][];
  comp: Int32Array;
  inCycle: Uint8Array;
  cycles: string[][];
  /** Longest chain before / after in documents, depth, the cycle member met (-1: none). */
  before: { count: Int32Array; depth: Int32Array; met: Int32Array };
  after: { count: Int32Array; depth: Int32Array; met: Int32Array };
  blocking: Int32Array;
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

