/**
 * Curriculum analytics: what a curriculum adds up to, computed from the workspace
 * index. No editor imports; the CLI (`roadmap report`, `roadmap diff`), the rules and
 * the editor views call it.
 *
 * ## API (stable)
 *
 *   computeAnalytics(ws: { index, schema }, { hoursPerWeek }): Analytics
 *     The whole curriculum: documents, role tracks, competency coverage, cycles.
 *     Cached per index version: asking twice without an edit costs nothing.
 *   documentAnalytics(ws, id): DocumentAnalytics | undefined
 *     One document's figures, computed over its own ancestors and dependents only
 *     (not the whole graph): the figure to ask for after an edit (hover, code lens).
 *   analyticsOf(ws): CurriculumAnalytics — the engine behind both, one per index, kept
 *     in step with it (`RequiresGraph.sync`); also `requires`, `requiredBy`,
 *     `ancestors`, `dependents` for the rules.
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
import { sumHours } from '../parse/duration';
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
  competencies: Array<{ name: string; level: string | null; assessed: boolean }>;
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
}

function beats(p: CompetencyPeak, q: CompetencyPeak | undefined): boolean {
  return !q || p.rank > q.rank || (p.rank === q.rank && collator.compare(p.id, q.id) < 0);
}

/** Chain figures of one node, from the requires side (prerequisites first) or the dependents' side. */
interface Chain {
  /** Hours of the heaviest chain ending just before the node; NaN when it meets a cycle. */
  hoursBefore: number;
  /** The last node of that chain (undefined: the chain is empty). */
  pred: string | undefined;
  /** Nodes on the longest chain before the node (by count). */
  nodesBefore: number;
  /** On a cycle, or after one. */
  tainted: boolean;
  /** On a cycle (its component has two or more nodes). */
  inCycle: boolean;
  /** Why tainted: the cycle member met first. */
  cycleMember?: string;
  depth: number;
}

/**
 * Chains over SCCs given prerequisites first (as `stronglyConnected` gives them with
 * `next` = the edges walked backwards from the chains' ends). `rank` orders ties.
 */
function chainsOver(
  sccs: string[][],
  back: (id: string) => string[],
  hours: (id: string) => number,
  rank: (id: string) => number,
  into = new Map<string, Chain>(),
): Map<string, Chain> {
  for (const scc of sccs) {
    if (scc.length > 1) {
      const members = new Set(scc);
      let depth = 0;
      for (const v of scc) for (const u of back(v)) if (!members.has(u)) depth = Math.max(depth, into.get(u)!.depth + 1);
      const first = [...scc].sort((a, b) => rank(a) - rank(b))[0];
      for (const v of scc) into.set(v, { hoursBefore: NaN, pred: undefined, nodesBefore: 0, tainted: true, inCycle: true, cycleMember: first, depth });
      continue;
    }
    const v = scc[0];
    const c: Chain = { hoursBefore: 0, pred: undefined, nodesBefore: 0, tainted: false, inCycle: false, depth: 0 };
    for (const u of back(v)) {
      const cu = into.get(u)!;
      c.depth = Math.max(c.depth, cu.depth + 1);
      if (cu.tainted) {
        if (!c.tainted || rank(cu.cycleMember!) < rank(c.cycleMember!)) c.cycleMember = cu.cycleMember;
        c.tainted = true;
        continue;
      }
      const h = sumHours([cu.hoursBefore, hours(u)]);
      if (c.pred === undefined || h > c.hoursBefore || (h === c.hoursBefore && rank(u) < rank(c.pred))) {
        c.hoursBefore = h;
        c.pred = u;
      }
      c.nodesBefore = Math.max(c.nodesBefore, cu.nodesBefore + 1);
    }
    if (c.tainted) {
      c.hoursBefore = NaN;
      c.pred = undefined;
    }
    into.set(v, c);
  }
  return into;
}

/**
 * The nodes reachable from `starts` through `next`; the starts themselves are in it
 * when `withStarts`, else only when a cycle leads back to them.
 */
function walk(starts: Iterable<string>, next: (id: string) => string[], withStarts: boolean): Set<string> {
  const queue = [...starts];
  const seen = new Set(withStarts ? queue : []);
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
 * Blocking of every node: the size of the set of nodes that reach it (its
 * dependents), by bitsets over the components in dependents-first order, `BLOCK`
 * nodes at a time. O(edges × nodes / 32) word operations.
 */
function blockingCounts(sccs: string[][], requiredBy: (id: string) => string[]): Map<string, number> {
  const num = new Map<string, number>();
  const compOf = new Map<string, number>();
  let k = 0;
  sccs.forEach((scc, i) => {
    for (const v of scc) {
      num.set(v, k++);
      compOf.set(v, i);
    }
  });
  const n = k;
  const counts = new Int32Array(sccs.length);
  // Distinct dependent components of each component.
  const deps: number[][] = sccs.map((scc, i) => {
    const out = new Set<number>();
    for (const v of scc) for (const w of requiredBy(v)) if (compOf.get(w) !== i) out.add(compOf.get(w)!);
    return [...out];
  });
  for (let lo = 0; lo < n; lo += BLOCK) {
    const hi = Math.min(n, lo + BLOCK);
    const words = (hi - lo + 31) >>> 5;
    const bits = new Int32Array(sccs.length * words);
    // Dependents come later in the order: walk it backwards.
    for (let i = sccs.length - 1; i >= 0; i--) {
      const base = i * words;
      for (const v of sccs[i]) {
        const b = num.get(v)!;
        if (b >= lo && b < hi) bits[base + ((b - lo) >>> 5)] |= 1 << ((b - lo) & 31);
      }
      for (const d of deps[i]) {
        const from = d * words;
        for (let w = 0; w < words; w++) bits[base + w] |= bits[from + w];
      }
      let c = 0;
      for (let w = 0; w < words; w++) c += popcount(bits[base + w]);
      counts[i] += c;
    }
  }
  const out = new Map<string, number>();
  sccs.forEach((scc, i) => {
    for (const v of scc) out.set(v, counts[i] - 1);
  });
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
      const befores = scc.map((v) => {
        const before = new Map<string, CompetencyPeak>();
        for (const u of req(v)) {
          if (members.has(u)) continue;
          const pu = this.peaks.get(u)!;
          cyclic ||= pu.cyclic;
          for (const [key, p] of pu.upTo) add(before, key, p);
        }
        return before;
      });
      // A cycle hands nothing on: along a chain through it there is no order (as for hoursBefore).
      const upTo = new Map<string, CompetencyPeak>();
      if (scc.length === 1) {
        for (const [key, p] of befores[0]) upTo.set(key, p);
        for (const c of this.info(scc[0]).competencies) {
          add(upTo, c.name.toLowerCase(), { id: scc[0], level: c.level, rank: c.level === null ? -1 : (ranks.get(c.level.toLowerCase()) ?? -1) });
        }
      }
      scc.forEach((v, i) => this.peaks.set(v, { before: befores[i], upTo, cyclic }));
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

  private rankOf(): (id: string) => number {
    const order = this.source.index.idsInOrder();
    const rank = new Map<string, number>();
    order.forEach((id, i) => rank.set(id, i));
    return (id) => rank.get(id) ?? Number.MAX_SAFE_INTEGER;
  }

  /** One document's figures, from its ancestors and dependents only; undefined when no document defines the ID. */
  document(id: string): DocumentAnalytics | undefined {
    this.sync();
    if (!this.graph.isDefined(id)) return undefined;
    if (this.cache?.version === this.memoVersion) return this.cache.byId.get(id);
    const memo = this.memo.get(id);
    if (memo) return memo;
    const req = (v: string) => this.graph.requires(v);
    const by = (v: string) => this.graph.requiredBy(v);
    const up = reach(id, req);
    up.add(id);
    const down = reach(id, by);
    const blocking = down.size - (down.has(id) ? 1 : 0);
    down.add(id);
    // Ties go by ID order, as in `all`: rank by position among the IDs involved.
    const involved = [...new Set([...up, ...down])].sort((a, b) => collator.compare(a, b));
    const pos = new Map(involved.map((v, i) => [v, i]));
    const rank = (v: string) => pos.get(v) ?? Number.MAX_SAFE_INTEGER;
    const inOrder = (set: Set<string>) => involved.filter((v) => set.has(v));
    const before = chainsOver(stronglyConnected(inOrder(up), req), req, this.hours, rank);
    const after = chainsOver(stronglyConnected(inOrder(down), by), by, this.hours, rank);
    const result = this.documentEntry(id, before.get(id)!, after.get(id)!, blocking, (v) => this.chainFrom(v, before));
    this.memo.set(id, result);
    return result;
  }

  /** The chain before a node, first required first. */
  private chainFrom(id: string, chains: Map<string, Chain>): string[] {
    const out: string[] = [];
    for (let c = chains.get(id); c?.pred !== undefined; c = chains.get(c.pred)) out.push(c.pred);
    return out.reverse();
  }

  private documentEntry(id: string, before: Chain, after: Chain, blocking: number, chain: (id: string) => string[]): DocumentAnalytics {
    const info = this.info(id);
    const chainOk = !before.tainted;
    const delay = !before.tainted && !after.tainted ? before.nodesBefore + after.nodesBefore + 1 : null;
    let note: string | undefined;
    if (before.inCycle) note = `${id} is on a requires cycle: no hours before, chain, delay or complexity.`;
    else if (!chainOk) note = `${id} requires ${before.cycleMember}, which is on a requires cycle: no hours before, chain, delay or complexity.`;
    else if (delay === null) note = `${id} is required by ${after.cycleMember}, which is on a requires cycle: no delay or complexity.`;
    const entry = {
      id,
      uri: this.graph.owner(id)!,
      title: info.title,
      kind: info.kind,
      roles: info.roles,
      hours: info.hours,
      hoursBefore: chainOk ? before.hoursBefore : null,
      chainBefore: null as string[] | null,
      blocking,
      delay,
      complexity: delay === null ? null : delay + blocking,
      inCycle: before.inCycle,
      ...(note ? { note } : {}),
    };
    // Chains are listed when read (a chain of n documents has n chains before: n² IDs in all).
    if (chainOk) {
      let list: string[] | undefined;
      Object.defineProperty(entry, 'chainBefore', { enumerable: true, get: () => (list ??= chain(id)) });
    }
    return entry;
  }

  /** The whole curriculum; cached until the index changes. */
  all(options: AnalyticsOptions = {}): Analytics {
    const version = this.sync();
    const hoursPerWeek = options.hoursPerWeek ?? 10;
    if (this.cache?.version === version && this.cache.hoursPerWeek === hoursPerWeek) return this.cache.result;
    const ids = this.source.index.idsInOrder();
    const rank = this.rankOf();
    const req = (v: string) => this.graph.requires(v);
    const by = (v: string) => this.graph.requiredBy(v);
    const sccs = stronglyConnected(ids, req);
    const cycles = sccs.filter((s) => s.length > 1).map((s) => [...s].sort((a, b) => rank(a) - rank(b)));
    cycles.sort((a, b) => rank(a[0]) - rank(b[0]));
    const before = chainsOver(sccs, req, this.hours, rank);
    const after = chainsOver([...sccs].reverse(), by, this.hours, rank);
    const blocking = blockingCounts(sccs, by);
    const chain = (id: string) => this.chainFrom(id, before);
    const documents = ids.map((id) => this.documentEntry(id, before.get(id)!, after.get(id)!, blocking.get(id)!, chain));
    const byId = new Map(documents.map((d) => [d.id, d]));

    // Role tracks.
    const roleSeeds = new Map<string, Set<string>>();
    for (const d of documents) {
      for (const role of d.roles) {
        let seeds = roleSeeds.get(role);
        if (!seeds) roleSeeds.set(role, (seeds = new Set()));
        seeds.add(d.id);
      }
    }
    const roles = [...roleSeeds.keys()].sort((a, b) => collator.compare(a, b));
    const tracks: TrackAnalytics[] = [];
    const coverage: CoverageRow[] = [];
    const prerequisiteOrder = (a: string, b: string) => before.get(a)!.depth - before.get(b)!.depth || rank(a) - rank(b);
    for (const role of roles) {
      const members = walk(roleSeeds.get(role)!, req, true);
      const list = [...members].sort((a, b) => rank(a) - rank(b));
      const hoursByPart: Record<string, number> = {};
      let best: string | undefined;
      let bestHours = -1;
      const entry: string[] = [];
      const final: string[] = [];
      const onNoChain: string[] = [];
      for (const id of list) {
        const info = this.info(id);
        for (const p of info.parts) hoursByPart[p.part] = sumHours([hoursByPart[p.part] ?? 0, p.hours]);
        const c = before.get(id)!;
        if (!c.tainted) {
          const h = sumHours([c.hoursBefore, info.hours ?? 0]);
          if (h > bestHours) {
            bestHours = h;
            best = id;
          }
        }
        const requires = req(id).length > 0;
        const required = by(id).some((w) => members.has(w));
        if (!requires && required) entry.push(id);
        else if (requires && !required) final.push(id);
        else if (!requires && !required) onNoChain.push(id);
      }
      const hours = sumHours(list.map((id) => this.info(id).hours ?? 0));
      tracks.push({
        role,
        documents: list,
        hours,
        hoursByPart,
        weeks: Math.ceil(hours / hoursPerWeek),
        criticalPath: best === undefined ? { ids: [], hours: 0 } : { ids: [...chain(best), best], hours: bestHours },
        entry,
        final,
        onNoChain,
        noChain: list.filter((id) => byId.get(id)!.hoursBefore === null),
        withoutHours: list.filter((id) => byId.get(id)!.hours === null),
      });
      // Coverage along the track, in prerequisite order.
      const rows = new Map<string, CoverageRow>();
      for (const id of [...list].sort(prerequisiteOrder)) {
        for (const c of this.info(id).competencies) {
          const key = c.name.toLowerCase();
          let row = rows.get(key);
          if (!row) rows.set(key, (row = { role, competency: c.name, levels: [] }));
          row.levels.push({ id, level: c.level, assessed: c.assessed });
        }
      }
      coverage.push(...[...rows.values()].sort((a, b) => collator.compare(a.competency, b.competency)));
    }
    const result: Analytics = { hoursPerWeek, documents, tracks, coverage, cycles };
    this.cache = { version, hoursPerWeek, result, byId };
    return result;
  }
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

