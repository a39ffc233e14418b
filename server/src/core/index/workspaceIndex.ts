/**
 * The workspace index: every document's facts (index/facts.ts), the look-ups built
 * from them (who defines an ID, who mentions it, the prerequisite graph,
 * competencies, roles), and the documents' models. It is updated one document at a
 * time; each update returns the documents whose diagnostics may have changed, found
 * through the reverse indexes, never by scanning every document.
 *
 * A document loaded in bulk may come with its facts only (`updateFacts`, from the
 * structural scanner's quick pass): it is then modelled on first use, by the loader
 * the workspace gives (`setLoader`): `get`, and every look-up that returns documents,
 * give models, never facts. If the model's facts turn out otherwise (the file changed
 * on disk meanwhile), the index is updated as for an edit and `onChanged` hears which
 * documents that affects.
 */
import { emptyDoc, type Competency, type RoadmapDoc } from '../model';
import { factsOf, sameFacts, type IndexFacts } from './facts';
import { stronglyConnected } from './graph';

export interface CompetencyUse {
  uri: string;
  competency: Competency;
}

function addTo<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(value);
}

function removeFrom<K, V>(map: Map<K, Set<V>>, key: K, value: V): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(value);
  if (set.size === 0) map.delete(key);
}

/**
 * The URIs of a set in URI order: answers (which definer is named first, whose
 * spelling of a competency wins) must not depend on the order documents were
 * indexed in, or a long-running server would differ from a fresh one.
 */
function byUri(uris: Iterable<string> | undefined): string[] {
  return [...(uris ?? [])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The prerequisite edges and ID of a document, as one comparable string. */
function graphSignature(f: IndexFacts | undefined): string {
  if (!f?.id) return '';
  return `${f.id}>${f.prerequisites.join(',')}`;
}

/** Where a document's prerequisite and next fields are, as one comparable string; undefined when it is not modelled. */
function edgeFieldRanges(doc: RoadmapDoc | undefined): string | undefined {
  if (!doc) return undefined;
  return doc.fields
    .filter((f) => f.schema?.role === 'prerequisites' || f.schema?.role === 'next')
    .map((f) => `${f.valueRange.start.line}:${f.valueRange.start.character}-${f.valueRange.end.line}:${f.valueRange.end.character}`)
    .join(',');
}

const collator = new Intl.Collator('en', { numeric: true });
const idOrder = (a: string, b: string) => collator.compare(a, b);

export class WorkspaceIndex {
  /** Every indexed document's facts. */
  private readonly facts = new Map<string, IndexFacts>();
  /** The models of the documents modelled so far (all but those loaded as facts and not used since). */
  private readonly docs = new Map<string, RoadmapDoc>();
  private loader: ((uri: string) => RoadmapDoc | undefined) | undefined;
  private onChanged: ((affected: Set<string>) => void) | undefined;
  /** ID -> documents defining it. */
  private readonly defs = new Map<string, Set<string>>();
  /** ID -> documents mentioning it other than by defining it. */
  private readonly refs = new Map<string, Set<string>>();
  /** Competency name (lower case) -> documents targeting it. */
  private readonly competencyDocs = new Map<string, Set<string>>();
  /** Role name -> documents naming it in Target Role(s). */
  private readonly roleDocs = new Map<string, Set<string>>();
  /** ID -> its strongly connected component, for IDs on a prerequisite cycle; undefined when stale. */
  private cycles: Map<string, string[]> | undefined;
  /** ID -> prerequisite target -> how many defining documents list it (duplicates may both). */
  private readonly prerequisiteEdges = new Map<string, Map<string, number>>();
  /** Defined IDs in completion order, rebuilt after definitions change. */
  private sortedIds: string[] | undefined;
  /** While loading many documents at once: no affected sets, no cycle checks. */
  private bulkDepth = 0;
  /** While applying a batch of edits (`edits`): the IDs they touched and the union of what they affect. */
  private batching: { ids: Set<string>; affected: Set<string> } | undefined;

  /** Roadmap documents (of a known kind) among the indexed ones. */
  private roadmaps = 0;

  /** Counts updates and removals: a cache of anything computed from the index (analytics) is good while this stays. */
  private updates = 0;

  get version(): number {
    return this.updates;
  }

  /** Hear of every document added, changed or removed (its URI), e.g. to keep a derived graph in step without scanning. */
  watch(listener: (uri: string) => void): void {
    this.watchers.push(listener);
  }

  private readonly watchers: Array<(uri: string) => void> = [];

  /** True while `bulk` runs: the caller re-checks everything after. */
  get inBulk(): boolean {
    return this.bulkDepth > 0;
  }

  get size(): number {
    return this.facts.size;
  }

  get roadmapCount(): number {
    return this.roadmaps;
  }

  /**
   * How documents indexed by their facts only are modelled when first used, and who
   * hears when a model's facts differ from what was indexed.
   */
  setLoader(load: (uri: string) => RoadmapDoc | undefined, onChanged?: (affected: Set<string>) => void): void {
    this.loader = load;
    this.onChanged = onChanged;
  }

  /** How many indexed documents are not modelled yet. */
  get unmodelled(): number {
    return this.facts.size - this.docs.size;
  }

  /** The document's model (modelling it now if it was indexed by its facts only). */
  get(uri: string): RoadmapDoc | undefined {
    return this.docs.get(uri) ?? (this.facts.has(uri) ? this.model(uri) : undefined);
  }

  /** True when the document is modelled (not only indexed by its facts). */
  isModelled(uri: string): boolean {
    return this.docs.has(uri);
  }

  /** The document's facts, without modelling it. */
  factsOf(uri: string): IndexFacts | undefined {
    return this.facts.get(uri);
  }

  /** Every document's model (modelling those not modelled yet). */
  *all(): IterableIterator<RoadmapDoc> {
    for (const uri of [...this.facts.keys()]) {
      const doc = this.get(uri);
      if (doc) yield doc;
    }
  }

  uris(): IterableIterator<string> {
    return this.facts.keys();
  }

  /** Models a document indexed by its facts only (it cannot be read any more: as no roadmap). */
  private model(uri: string): RoadmapDoc {
    const doc = this.loader?.(uri) ?? emptyDoc(uri);
    if (sameFacts(this.facts.get(uri)!, factsOf(doc))) {
      this.docs.set(uri, doc);
      return doc;
    }
    // Not what was indexed (changed on disk since): indexed again, as for an edit.
    const affected = this.update(doc);
    this.onChanged?.(affected);
    return doc;
  }

  /** Documents defining the ID (more than one is a duplicate-id). */
  definitions(id: string): RoadmapDoc[] {
    return this.docsOf(byUri(this.defs.get(id)));
  }

  private docsOf(uris: string[]): RoadmapDoc[] {
    const out: RoadmapDoc[] = [];
    for (const u of uris) {
      const d = this.get(u);
      if (d) out.push(d);
    }
    return out;
  }

  isDefined(id: string): boolean {
    return this.defs.has(id);
  }

  definedIds(): IterableIterator<string> {
    return this.defs.keys();
  }

  /** Documents that mention the ID other than by defining it. */
  referrers(id: string): RoadmapDoc[] {
    return this.docsOf(byUri(this.refs.get(id)));
  }

  /** IDs the documents defining `id` list as prerequisites. */
  prerequisitesOf(id: string): string[] {
    const targets = this.prerequisiteEdges.get(id);
    return targets ? [...targets.keys()] : [];
  }


  /** IDs the documents defining `id` list as next. */
  nextOf(id: string): string[] {
    const out = new Set<string>();
    for (const u of byUri(this.defs.get(id))) for (const t of this.facts.get(u)!.next) out.add(t);
    return [...out];
  }

  /** Documents that list `id` as a prerequisite. */
  dependentsOf(id: string): RoadmapDoc[] {
    return this.docsOf(byUri(this.refs.get(id)).filter((u) => this.facts.get(u)!.prerequisites.includes(id)));
  }

  /** Every competency named in a competency table, sorted, spelled as the document first in URI order spells it. */
  competencyNames(): string[] {
    return [...this.competencyDocs]
      .map(([key, uris]) => this.facts.get(byUri(uris)[0])!.competencies.find((c) => c.toLowerCase() === key)!)
      .sort();
  }

  competencyUses(name: string): CompetencyUse[] {
    const out: CompetencyUse[] = [];
    for (const uri of [...(this.competencyDocs.get(name.toLowerCase()) ?? [])]) {
      const doc = this.get(uri);
      if (!doc) continue;
      for (const c of doc.competencies) if (c.name.toLowerCase() === name.toLowerCase()) out.push({ uri, competency: c });
    }
    return out;
  }

  roleNames(): string[] {
    return [...this.roleDocs.keys()].sort();
  }

  /**
   * The strongly connected component holding `id` when it lies on a prerequisite
   * cycle of two or more IDs; undefined otherwise.
   */
  cycleOf(id: string): string[] | undefined {
    return this.cycleMap().get(id);
  }

  /** ID -> its strongly connected component, for every ID on a prerequisite cycle (computed when stale). */
  private cycleMap(): Map<string, string[]> {
    if (!this.cycles) {
      this.cycles = new Map();
      const next = (n: string) => {
        const targets = this.prerequisiteEdges.get(n);
        if (!targets) return [];
        const out: string[] = [];
        for (const t of targets.keys()) if (this.defs.has(t)) out.push(t);
        return out;
      };
      for (const scc of stronglyConnected(this.defs.keys(), next)) {
        if (scc.length > 1) for (const n of scc) this.cycles.set(n, scc);
      }
    }
    return this.cycles;
  }

  /** Defined IDs sorted for completion (numbers compared as numbers), cached. */
  idsInOrder(): readonly string[] {
    this.sortedIds ??= [...this.defs.keys()].sort(idOrder);
    return this.sortedIds;
  }

  /**
   * Runs `load` (many updates, e.g. indexing a folder) without computing affected
   * sets or cycles after each document; the caller re-checks everything after.
   */
  bulk<T>(load: () => T): T {
    this.bulkDepth++;
    try {
      return load();
    } finally {
      this.bulkDepth--;
    }
  }

  /**
   * Runs `apply` (many `update`s and `remove`s: `roadmap diff` moving a workspace from
   * one version of a curriculum to another) and returns the union of their affected
   * sets, as the edits one by one would give them, except for cycles: instead of the
   * members of the cycles of every state in between (a graph search after each edit),
   * the members of the cycles, before the first edit and after the last, that the
   * edited documents' IDs were or are on.
   */
  edits(apply: () => void): Set<string> {
    const before = this.cycleMap();
    const batch = (this.batching = { ids: new Set<string>(), affected: new Set<string>() });
    try {
      apply();
    } finally {
      this.batching = undefined;
    }
    for (const id of batch.ids) {
      for (const members of [before.get(id), this.cycleOf(id)]) {
        for (const m of members ?? []) for (const u of this.defs.get(m) ?? []) batch.affected.add(u);
      }
    }
    return batch.affected;
  }

  /** Adds or replaces a document's model; returns the URIs whose diagnostics may change. */
  update(doc: RoadmapDoc): Set<string> {
    return this.put(doc.uri, factsOf(doc), doc);
  }

  /**
   * Adds or replaces a document by its facts alone (a bulk load's quick pass): it is
   * modelled by the loader when first used. Returns the URIs whose diagnostics may change.
   */
  updateFacts(uri: string, facts: IndexFacts): Set<string> {
    return this.put(uri, facts, undefined);
  }

  private put(uri: string, facts: IndexFacts, doc: RoadmapDoc | undefined): Set<string> {
    this.updates++;
    for (const w of this.watchers) w(uri);
    const old = this.facts.get(uri);
    const oldDoc = this.docs.get(uri);
    const affected = this.bulkDepth > 0 ? new Set([uri]) : this.affectedBy(uri, old, oldDoc, facts, doc);
    if (old) this.unlink(uri, old);
    this.facts.set(uri, facts);
    if (doc) this.docs.set(uri, doc);
    else this.docs.delete(uri);
    this.link(uri, facts);
    if (old ? graphSignature(old) !== graphSignature(facts) : facts.id) this.cycles = undefined;
    if (this.batching) this.batched(affected, old, facts);
    else if (this.bulkDepth === 0) this.addCycleMembers(facts, affected);
    return affected;
  }

  /** Removes a document; returns the URIs whose diagnostics may change (itself included). */
  remove(uri: string): Set<string> {
    const old = this.facts.get(uri);
    if (!old) return new Set();
    this.updates++;
    for (const w of this.watchers) w(uri);
    const affected = this.affectedBy(uri, old, this.docs.get(uri), undefined, undefined);
    this.unlink(uri, old);
    this.facts.delete(uri);
    this.docs.delete(uri);
    if (graphSignature(old)) this.cycles = undefined;
    affected.delete(uri);
    if (this.batching) this.batched(affected, old, undefined);
    return affected;
  }

  private batched(affected: Set<string>, old: IndexFacts | undefined, now: IndexFacts | undefined): void {
    for (const u of affected) this.batching!.affected.add(u);
    if (old?.id) this.batching!.ids.add(old.id);
    if (now?.id) this.batching!.ids.add(now.id);
  }

  private affectedBy(uri: string, old: IndexFacts | undefined, oldDoc: RoadmapDoc | undefined, now: IndexFacts | undefined, nowDoc: RoadmapDoc | undefined): Set<string> {
    const affected = new Set<string>([uri]);
    const add = (uris: Iterable<string> | undefined) => {
      for (const u of uris ?? []) affected.add(u);
    };
    // The other definers of a duplicated ID point at this document's ID field.
    if (now?.id && (this.defs.get(now.id)?.size ?? 0) > (old?.id === now.id ? 1 : 0)) add(this.defs.get(now.id));
    if (old?.id !== now?.id) {
      for (const id of [old?.id, now?.id]) {
        if (!id) continue;
        add(this.defs.get(id)); // duplicate-id on the others
        add(this.refs.get(id)); // unknown-reference in the referrers
      }
    }
    // Edges whose far end may now see a reciprocal link appear or vanish.
    const edges = (f: IndexFacts | undefined) => new Set(f ? [...f.prerequisites, ...f.next].map((t) => `${f.id}>${t}`) : []);
    const before = edges(old);
    const after = edges(now);
    for (const e of before) if (!after.has(e)) add(this.defs.get(e.slice(e.indexOf('>') + 1)));
    for (const e of after) if (!before.has(e)) add(this.defs.get(e.slice(e.indexOf('>') + 1)));
    // Documents linking here whose missing-reciprocal points at this document's edge fields,
    // which moved (or may have: a document known by its facts only has no ranges to compare).
    const id = now?.id ?? old?.id;
    if (id) {
      const was = old ? edgeFieldRanges(oldDoc) : '';
      const is = now ? edgeFieldRanges(nowDoc) : '';
      if (was === undefined || is === undefined || was !== is) add(this.refs.get(id));
    }
    // Members of a cycle the old version was on: the cycle may be broken now (in a batch, `edits` adds them once).
    if (old?.id && graphSignature(old) !== graphSignature(now) && !this.batching) {
      for (const id of this.cycleOf(old.id) ?? []) add(this.defs.get(id));
    }
    return affected;
  }

  /** Members of a cycle the new version is on. */
  private addCycleMembers(f: IndexFacts, affected: Set<string>): void {
    if (!f.id) return;
    for (const id of this.cycleOf(f.id) ?? []) for (const u of this.defs.get(id) ?? []) affected.add(u);
  }

  private link(uri: string, f: IndexFacts): void {
    if (f.id) {
      if (!this.defs.has(f.id)) this.sortedIds = undefined;
      let targets = this.prerequisiteEdges.get(f.id);
      for (const t of f.prerequisites) {
        if (!targets) this.prerequisiteEdges.set(f.id, (targets = new Map()));
        targets.set(t, (targets.get(t) ?? 0) + 1);
      }
    }
    if (f.kind) this.roadmaps++;
    if (f.id) addTo(this.defs, f.id, uri);
    for (const id of f.refs) addTo(this.refs, id, uri);
    for (const c of f.competencies) addTo(this.competencyDocs, c.toLowerCase(), uri);
    for (const r of f.roles) addTo(this.roleDocs, r, uri);
  }

  private unlink(uri: string, f: IndexFacts): void {
    if (f.id) {
      if (this.defs.get(f.id)?.size === 1) this.sortedIds = undefined; // the last definer goes
      const targets = this.prerequisiteEdges.get(f.id);
      if (targets) {
        for (const t of f.prerequisites) {
          const n = (targets.get(t) ?? 0) - 1;
          if (n > 0) targets.set(t, n);
          else targets.delete(t);
        }
        if (targets.size === 0) this.prerequisiteEdges.delete(f.id);
      }
    }
    if (f.kind) this.roadmaps--;
    if (f.id) removeFrom(this.defs, f.id, uri);
    for (const id of f.refs) removeFrom(this.refs, id, uri);
    for (const c of f.competencies) removeFrom(this.competencyDocs, c.toLowerCase(), uri);
    for (const r of f.roles) removeFrom(this.roleDocs, r, uri);
  }
}
