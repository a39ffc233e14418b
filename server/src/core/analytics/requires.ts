/**
 * The "requires" graph of a workspace, kept in step with its index: document A
 * requires document B when A lists B in a prerequisite field, or B lists A in a next
 * field. Nodes are defined IDs; an ID several documents define is one node (its
 * edges are all its definers' edges; its other properties are those of the first
 * definer in URI order, which is also the one `duplicate-id` names first). Edges to
 * IDs no document defines are kept (a later document may define them) but every
 * look-up leaves them out. A document listing itself adds no edge (that is
 * `self-reference`).
 *
 * `sync` brings the graph up to date with the index: it applies the documents the
 * index said changed (`WorkspaceIndex.watch`) since the last call, comparing their
 * facts by identity (the index makes new facts on every update); nothing is rebuilt
 * and no other document is looked at. `dataVersion` moves only when something the
 * analytics read changed (an ID, an edge, a role, or in a modelled document its
 * duration, title or competency rows), compared field by field with the version last
 * applied: typing in a paragraph leaves every cache built on it good.
 *
 * Memory: one small record per ID (its definers and its edges as arrays of records),
 * nothing per document but the facts and model last applied (the index's own objects).
 */
import type { IndexFacts } from '../index/facts';
import { lowerBound, type WorkspaceIndex } from '../index/workspaceIndex';
import type { RoadmapDoc } from '../model';

/** A document's ID and edges: the same when both are. */
function sameEdges(a: IndexFacts | undefined, b: IndexFacts | undefined): boolean {
  if (!a?.id || !b?.id) return !a?.id && !b?.id;
  return a.id === b.id && sameList(a.prerequisites, b.prerequisites) && sameList(a.next, b.next);
}

function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Whether two versions of a document give the analytics the same data: the same facts
 * (kind, ID, edges, roles) and, when both are modelled, the same title, duration and
 * competency rows (name, level, whether it gives evidence). A document modelled in one
 * version only counts as changed. Compared field by field: nothing is kept per document
 * but the version last applied.
 */
function sameData(f: IndexFacts, doc: RoadmapDoc | undefined, g: IndexFacts, other: RoadmapDoc | undefined): boolean {
  if (f.kind?.key !== g.kind?.key || !sameEdges(f, g) || !sameList(f.roles, g.roles)) return false;
  if (!doc || !other) return !doc && !other;
  if (doc === other) return true;
  if ((doc.title ?? '') !== (other.title ?? '')) return false;
  const d = doc.duration;
  const e = other.duration;
  if (d?.total !== e?.total) return false;
  const dp = d?.parts ?? [];
  const ep = e?.parts ?? [];
  if (dp.length !== ep.length) return false;
  for (let i = 0; i < dp.length; i++) if (dp[i].label !== ep[i].label || dp[i].hours !== ep[i].hours) return false;
  const dc = doc.competencies;
  const ec = other.competencies;
  if (dc.length !== ec.length) return false;
  for (let i = 0; i < dc.length; i++) {
    const a = dc[i];
    const b = ec[i];
    if (a.name !== b.name || (a.level?.text ?? '') !== (b.level?.text ?? '') || !a.evidence?.text !== !b.evidence?.text) return false;
  }
  return true;
}

/**
 * One ID of the graph: its definers and its edges. Edges are multisets (one entry per
 * document saying so: A listing B as a prerequisite and B listing A as next is one
 * edge said twice), in the order first said; an entry goes when the last document
 * saying it does, so the distinct targets keep that order.
 */
export interface RequiresNode {
  readonly id: string;
  /** The URIs defining it, in URI order. */
  definers: readonly string[];
  /** What it requires, one entry per document saying so. */
  out: RequiresNode[];
  /** What requires it, one entry per document saying so. */
  in: RequiresNode[];
  /** Its place in ID order when the analytics last numbered the defined IDs (theirs to set). */
  rank: number;
}

const NONE: never[] = [];

/**
 * A list with one more entry. Short lists are copied to their exact length (a pushed
 * array keeps room for 16 more: 10,000 IDs' edge lists were most of the graph's memory);
 * long ones grow in place.
 */
function plus<T>(list: T[], x: T): T[] {
  if (list.length >= 8) {
    list.push(x);
    return list;
  }
  const out = new Array<T>(list.length + 1);
  for (let i = 0; i < list.length; i++) out[i] = list[i];
  out[list.length] = x;
  return out;
}

/** A list without its last entry equal to `x` (the first says where the entry stands in order). */
function minus<T>(list: T[], x: T): T[] {
  const at = list.lastIndexOf(x);
  if (at < 0) return list;
  if (list.length > 8) {
    list.splice(at, 1);
    return list;
  }
  return list.length === 1 ? NONE : list.filter((_, i) => i !== at);
}

/** The distinct defined nodes of an edge list, in order. */
function definedOf(list: readonly RequiresNode[]): RequiresNode[] {
  const out: RequiresNode[] = [];
  for (let i = 0; i < list.length; i++) {
    const n = list[i];
    if (n.definers.length > 0 && (i === 0 || !out.includes(n))) out.push(n);
  }
  return out;
}

export class RequiresGraph {
  /** The facts last applied, per URI, with the model they came with (when modelled). */
  private readonly seen = new Map<string, { facts: IndexFacts; doc: RoadmapDoc | undefined }>();
  private data = 0;
  private structure = 0;
  /** URIs the index reported changed since the last sync. */
  private readonly pending = new Set<string>();
  /** Every ID defined or at either end of an edge. */
  private readonly nodes = new Map<string, RequiresNode>();
  private version = -1;

  constructor(private readonly index: WorkspaceIndex) {
    index.watch((uri) => this.pending.add(uri));
  }

  /** Moves when anything the analytics read changed; caches are good while it stays. */
  get dataVersion(): number {
    this.sync();
    return this.data;
  }

  /** Moves when a node or an edge came or went (not on a change of hours, roles or competencies). */
  get structureVersion(): number {
    this.sync();
    return this.structure;
  }

  /** Brings the graph up to date with the documents changed since the last call; true when the analytics' data changed. */
  sync(): boolean {
    if (this.version === this.index.version) return false;
    this.version = this.index.version;
    let changed = false;
    // The first sync takes every document of the index (indexed loops: this runs once, cold).
    if (this.first) {
      this.first = false;
      this.pending.clear();
      changed = this.takeAll();
    }
    for (const uri of this.pending) changed = this.take(uri) || changed;
    this.pending.clear();
    for (const n of this.emptied) if (n.definers.length === 0 && n.out.length === 0 && n.in.length === 0) this.nodes.delete(n.id);
    this.emptied.length = 0;
    if (changed) this.data++;
    return changed;
  }

  /** Applies one document's current facts in place of those last applied; true when the analytics' data changed. */
  private take(uri: string): boolean {
    const f = this.index.factsOf(uri);
    const last = this.seen.get(uri);
    const old = last?.facts;
    if (old === f) return false;
    const doc = f && this.index.modelled(uri);
    if (!sameEdges(old, f)) this.structure++;
    if (old) this.apply(uri, old, -1);
    if (f) this.apply(uri, f, +1);
    const changed = !old || !f || !sameData(old, last!.doc, f, doc);
    if (!f) this.seen.delete(uri);
    else if (last) {
      last.facts = f;
      last.doc = doc;
    } else this.seen.set(uri, { facts: f, doc });
    return changed;
  }

  /**
   * The first sync: every document at once, as `take` would one by one (the same
   * definers, and the same edge lists in the same order), but each list made once at its
   * length: appending to a short list copies it (see `plus`), and at 10,000 documents the
   * copies were about 4 MB of the first computation's garbage. The nodes are numbered in
   * `rank` meanwhile (nothing has ranked them yet), which is set back to -1 after.
   */
  private takeAll(): boolean {
    let changed = false;
    // Every edge, as its two ends one after the other, in the order `apply` adds them;
    // the nodes numbered in `rank` as met, with their lists' lengths counted.
    const ends: RequiresNode[] = [];
    const numbered: RequiresNode[] = [];
    const number = (t: RequiresNode) => {
      if (t.rank < 0) t.rank = numbered.push(t) - 1;
      return t;
    };
    this.index.eachFacts((f, uri) => {
      changed = true;
      this.seen.set(uri, { facts: f, doc: this.index.modelled(uri) });
      if (!f.id) return;
      this.structure++;
      const n = number(this.node(f.id));
      this.define(n, uri);
      const prerequisites = f.prerequisites;
      for (let k = 0; k < prerequisites.length; k++) if (prerequisites[k] !== f.id) ends.push(n, number(this.node(prerequisites[k])));
      const next = f.next;
      for (let k = 0; k < next.length; k++) if (next[k] !== f.id) ends.push(number(this.node(next[k])), n);
    });
    const outs = new Int32Array(numbered.length);
    const ins = new Int32Array(numbered.length);
    for (let e = 0; e < ends.length; e += 2) {
      outs[ends[e].rank]++;
      ins[ends[e + 1].rank]++;
    }
    for (let i = 0; i < numbered.length; i++) {
      const n = numbered[i];
      if (outs[i] > 0) n.out = new Array<RequiresNode>(outs[i]);
      if (ins[i] > 0) n.in = new Array<RequiresNode>(ins[i]);
    }
    // Filled in order: each count now counts down to its list's next free place from the list's end.
    for (let e = 0; e < ends.length; e += 2) {
      const from = ends[e];
      const to = ends[e + 1];
      from.out[from.out.length - outs[from.rank]--] = to;
      to.in[to.in.length - ins[to.rank]--] = from;
    }
    for (let i = 0; i < numbered.length; i++) numbered[i].rank = -1;
    return changed;
  }

  /** Adds a definer, keeping URI order. */
  private define(n: RequiresNode, uri: string): void {
    if (n.definers.length === 0) n.definers = [uri];
    else {
      const at = lowerBound(n.definers, uri);
      if (n.definers[at] !== uri) n.definers = [...n.definers.slice(0, at), uri, ...n.definers.slice(at)];
    }
  }

  /** True until the first sync, which takes every document the index holds then. */
  private first = true;

  private node(id: string): RequiresNode {
    let n = this.nodes.get(id);
    if (!n) this.nodes.set(id, (n = { id, definers: NONE, out: NONE, in: NONE, rank: -1 }));
    return n;
  }

  /**
   * Forgets a node nothing defines and no edge holds, at the end of the sync: a
   * document applied again (its old facts out, its new ones in) keeps its nodes, which
   * the analytics' structure holds while no edge changes.
   */
  private drop(n: RequiresNode): void {
    if (n.definers.length === 0 && n.out.length === 0 && n.in.length === 0) this.emptied.push(n);
  }

  private readonly emptied: RequiresNode[] = [];

  private apply(uri: string, f: IndexFacts, by: 1 | -1): void {
    if (!f.id) return;
    const n = this.node(f.id);
    if (by > 0) this.define(n, uri);
    else {
      const at = lowerBound(n.definers, uri);
      if (n.definers[at] === uri) {
        n.definers = n.definers.length === 1 ? NONE : n.definers.filter((_, i) => i !== at);
        this.drop(n);
      }
    }
    // Its edges: it requires what it lists as a prerequisite, what it lists as next requires it; never itself (`takeAll` adds them in the same order).
    const prerequisites = f.prerequisites;
    for (let i = 0; i < prerequisites.length; i++) if (prerequisites[i] !== f.id) this.edge(n, this.node(prerequisites[i]), by);
    const next = f.next;
    for (let i = 0; i < next.length; i++) if (next[i] !== f.id) this.edge(this.node(next[i]), n, by);
  }

  private edge(from: RequiresNode, to: RequiresNode, by: 1 | -1): void {
    if (by > 0) {
      from.out = plus(from.out, to);
      to.in = plus(to.in, from);
    } else {
      from.out = minus(from.out, to);
      to.in = minus(to.in, from);
      this.drop(from);
      this.drop(to);
    }
  }

  isDefined(id: string): boolean {
    return (this.nodes.get(id)?.definers.length ?? 0) > 0;
  }

  /** The defined node of an ID, undefined when no document defines it. */
  definedNode(id: string): RequiresNode | undefined {
    const n = this.nodes.get(id);
    return n && n.definers.length > 0 ? n : undefined;
  }

  /** The first definer of an ID in URI order. */
  owner(id: string): string | undefined {
    return this.nodes.get(id)?.definers[0];
  }

  /** Every URI defining the ID. */
  definersOf(id: string): readonly string[] {
    return [...(this.nodes.get(id)?.definers ?? [])];
  }

  /** Defined IDs the ID requires. */
  requires(id: string): string[] {
    const n = this.nodes.get(id);
    return n ? definedOf(n.out).map((t) => t.id) : [];
  }

  /** Defined IDs that require the ID. */
  requiredBy(id: string): string[] {
    const n = this.nodes.get(id);
    return n ? definedOf(n.in).map((t) => t.id) : [];
  }

  /**
   * Whether the ID requires an ID no document defines (a prerequisite that is
   * unknown-reference's) or one that two documents define (duplicate-id's): either way
   * what comes before it is not known.
   */
  requiresUnsettled(id: string): boolean {
    const n = this.nodes.get(id);
    if (n) for (const t of n.out) if (t.definers.length !== 1) return true;
    return false;
  }
}
