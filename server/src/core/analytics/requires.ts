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
 * duration, title or competency rows): typing in a paragraph leaves every cache built
 * on it good.
 */
import type { IndexFacts } from '../index/facts';
import type { WorkspaceIndex } from '../index/workspaceIndex';
import type { RoadmapDoc } from '../model';

/** A document's ID and edges, as one comparable string. */
function edgeSignature(f: IndexFacts | undefined): string {
  return f?.id ? `${f.id}|${f.prerequisites.join(',')}|${f.next.join(',')}` : '';
}

/** Everything the analytics read of a document, as one comparable string. */
function signature(f: IndexFacts, doc: RoadmapDoc | undefined): string {
  const facts = [f.kind?.key, f.id, f.prerequisites.join(','), f.next.join(','), f.roles.join(',')].join('|');
  if (!doc) return facts; // not modelled: unchanged since it was read
  const d = doc.duration;
  const competencies = doc.competencies.map((c) => `${c.name}:${c.level?.text ?? ''}:${c.evidence?.text ? 1 : 0}`).join(',');
  return `${facts}|${competencies}|${doc.title ?? ''}|${d?.total ?? ''}|${(d?.parts ?? []).map((p) => `${p.label}=${p.hours}`).join(',')}`;
}



function bump(map: Map<string, Map<string, number>>, from: string, to: string, by: number): void {
  let targets = map.get(from);
  if (!targets) map.set(from, (targets = new Map()));
  const n = (targets.get(to) ?? 0) + by;
  if (n > 0) targets.set(to, n);
  else {
    targets.delete(to);
    if (targets.size === 0) map.delete(from);
  }
}

/** The edges a document's facts contribute, as [requirer, required] pairs. */
export function edgesOf(f: IndexFacts): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  if (!f.id) return out;
  for (const p of f.prerequisites) if (p !== f.id) out.push([f.id, p]);
  for (const n of f.next) if (n !== f.id) out.push([n, f.id]);
  return out;
}

export class RequiresGraph {
  /** The facts last applied, per URI, and the signature of what the analytics read. */
  private readonly seen = new Map<string, IndexFacts>();
  private readonly signatures = new Map<string, string>();
  private data = 0;
  private structure = 0;
  /** URIs the index reported changed since the last sync. */
  private readonly pending = new Set<string>();
  /** ID -> the URIs defining it. */
  private readonly definers = new Map<string, Set<string>>();
  /** Requirer -> required -> how many documents say so. */
  private readonly out = new Map<string, Map<string, number>>();
  /** Required -> requirer -> how many documents say so. */
  private readonly in = new Map<string, Map<string, number>>();
  private version = -1;

  constructor(private readonly index: WorkspaceIndex) {
    for (const uri of index.uris()) this.pending.add(uri);
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
    for (const uri of this.pending) {
      const f = this.index.factsOf(uri);
      const old = this.seen.get(uri);
      if (old === f) continue;
      if (edgeSignature(old) !== edgeSignature(f)) this.structure++;
      if (old) this.apply(uri, old, -1);
      if (f) {
        this.apply(uri, f, +1);
        this.seen.set(uri, f);
      } else this.seen.delete(uri);
      const doc = f && this.index.isModelled(uri) ? this.index.get(uri) : undefined;
      const sig = f ? signature(f, doc) : undefined;
      if (this.signatures.get(uri) !== sig) {
        if (sig === undefined) this.signatures.delete(uri);
        else this.signatures.set(uri, sig);
        changed = true;
      }
    }
    this.pending.clear();
    if (changed) this.data++;
    return changed;
  }

  private apply(uri: string, f: IndexFacts, by: 1 | -1): void {
    if (f.id) {
      this.owners.delete(f.id);
      let set = this.definers.get(f.id);
      if (by > 0) {
        if (!set) this.definers.set(f.id, (set = new Set()));
        set.add(uri);
      } else if (set) {
        set.delete(uri);
        if (set.size === 0) this.definers.delete(f.id);
      }
    }
    for (const [a, b] of edgesOf(f)) {
      bump(this.out, a, b, by);
      bump(this.in, b, a, by);
    }
  }

  isDefined(id: string): boolean {
    return this.definers.has(id);
  }

  /** The first definer of an ID in URI order. */
  owner(id: string): string | undefined {
    const known = this.owners.get(id);
    if (known !== undefined) return known;
    const set = this.definers.get(id);
    if (!set) return undefined;
    let best: string | undefined;
    for (const u of set) if (best === undefined || u < best) best = u;
    this.owners.set(id, best!);
    return best;
  }

  /** ID -> its first definer, cached; dropped when its definers change. */
  private readonly owners = new Map<string, string>();

  /** Every URI defining the ID. */
  definersOf(id: string): readonly string[] {
    return [...(this.definers.get(id) ?? [])].sort();
  }

  /** Defined IDs the ID requires. */
  requires(id: string): string[] {
    return this.defined(this.out.get(id));
  }

  /** Defined IDs that require the ID. */
  requiredBy(id: string): string[] {
    return this.defined(this.in.get(id));
  }

  /**
   * Whether the ID requires an ID no document defines (a prerequisite that is
   * unknown-reference's) or one that two documents define (duplicate-id's): either way
   * what comes before it is not known.
   */
  requiresUnsettled(id: string): boolean {
    const targets = this.out.get(id);
    if (targets) for (const t of targets.keys()) if ((this.definers.get(t)?.size ?? 0) !== 1) return true;
    return false;
  }

  private defined(targets: Map<string, number> | undefined): string[] {
    const out: string[] = [];
    if (targets) for (const t of targets.keys()) if (this.definers.has(t)) out.push(t);
    return out;
  }
}
