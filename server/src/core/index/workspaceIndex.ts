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
 * give models, never facts.
 *
 * Look-ups never change what the index answers. Modelling on first use keeps the
 * model (a cache: the model's facts are the indexed ones, so no answer changes).
 * When the model's facts turn out otherwise (the file changed on disk since it was
 * read), the look-up hands out the new model but the index is left as it was: the
 * model waits in `changed` until the explicit step `reindexChanged` indexes it as an
 * edit and returns the documents that affects. `RoadmapWorkspace` takes that step
 * after its own look-ups (`get`, `diagnostics`); test/unit/lazyIndex.test.ts holds both.
 */
import { sortIds } from '../ids';
import { emptyDoc, type Competency, type RoadmapDoc } from '../model';
import { factsOf, sameFacts, sameList, type IndexFacts } from './facts';
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

/** The first of a set in URI order, without sorting it. */
function firstUri(uris: Iterable<string>): string {
  let first: string | undefined;
  for (const u of uris) if (first === undefined || u < first) first = u;
  return first!;
}

const EMPTY_SET: ReadonlySet<string> = new Set();

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

export class WorkspaceIndex {
  /** Every indexed document's facts. */
  private readonly facts = new Map<string, IndexFacts>();
  /** The models of the documents modelled so far (all but those loaded as facts and not used since). */
  private readonly docs = new Map<string, RoadmapDoc>();
  private loader: ((uri: string) => RoadmapDoc | undefined) | undefined;
  /** Models that modelling on first use found to differ from their indexed facts, until `reindexChanged`. */
  private readonly changed = new Map<string, RoadmapDoc>();
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
  /** Competency (lower case) -> the document first in URI order naming it, and its spelling there. */
  private readonly competencyFirst = new Map<string, { uri: string; name: string }>();
  /**
   * `competencyNames()`: kept sorted as documents change by the few names an edit
   * changes (typing in a table of thousands of rows must not sort them all again);
   * rebuilt after a change of many.
   */
  private competencySorted: string[] | undefined;
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

  /** Counts changes of a defined ID, or of a defining document's kind or roles: what completion ranks IDs by is good while this stays. */
  private definitionChanges = 0;

  get definitionsVersion(): number {
    return this.definitionChanges;
  }

  /** Counts changes of the prerequisite graph (an ID or a document's prerequisites). */
  private graphChanges = 0;

  get graphVersion(): number {
    return this.graphChanges;
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

  /** How documents indexed by their facts only are modelled when first used. */
  setLoader(load: (uri: string) => RoadmapDoc | undefined): void {
    this.loader = load;
  }

  /** How many indexed documents are not modelled yet. */
  get unmodelled(): number {
    return this.facts.size - this.docs.size;
  }

  /** The document's model (modelling it now if it was indexed by its facts only). */
  get(uri: string): RoadmapDoc | undefined {
    return this.docs.get(uri) ?? this.changed.get(uri) ?? (this.facts.has(uri) ? this.model(uri) : undefined);
  }

  /** True when the document is modelled (not only indexed by its facts). */
  isModelled(uri: string): boolean {
    return this.docs.has(uri);
  }

  /** The document's model when it is modelled already; never models it. */
  modelled(uri: string): RoadmapDoc | undefined {
    return this.docs.get(uri);
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

  /**
   * Each document's facts with its URI, in the order of `uris()`, without modelling it:
   * for a pass over every document (no look-up by URI, no iterator result per entry).
   */
  eachFacts(f: (facts: IndexFacts, uri: string) => void): void {
    this.facts.forEach(f);
  }

  /**
   * Models a document indexed by its facts only (it cannot be read any more: as no
   * roadmap). Kept as its model when its facts are the indexed ones; otherwise kept
   * aside for `reindexChanged`, the index unchanged.
   */
  private model(uri: string): RoadmapDoc {
    const doc = this.loader?.(uri) ?? emptyDoc(uri);
    if (sameFacts(this.facts.get(uri)!, factsOf(doc))) this.docs.set(uri, doc);
    else this.changed.set(uri, doc);
    return doc;
  }

  /** Documents a look-up modelled whose facts differ from the indexed ones, not indexed again yet. */
  changedUris(): string[] {
    return [...this.changed.keys()];
  }

  /**
   * The explicit step after look-ups: indexes again, each as an edit, the documents
   * that modelling on first use found changed since their facts were read. Returns
   * the URIs whose diagnostics may change (empty when there were none).
   */
  reindexChanged(): Set<string> {
    const affected = new Set<string>();
    const changed = [...this.changed.values()];
    this.changed.clear();
    for (const doc of changed) for (const u of this.update(doc)) affected.add(u);
    return affected;
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

  /** The facts of the documents defining the ID, in URI order, without modelling them. */
  definerFacts(id: string): IndexFacts[] {
    return byUri(this.defs.get(id)).map((u) => this.facts.get(u)!);
  }

  /** The documents defining the ID, in URI order. */
  definerUris(id: string): string[] {
    return byUri(this.defs.get(id));
  }

  /** Every ID some document mentions other than by defining it (defined or not). */
  mentionedIds(): IterableIterator<string> {
    return this.refs.keys();
  }

  /** IDs whose documents list `id` as a prerequisite, from the facts. */
  dependentIds(id: string): string[] {
    const out = new Set<string>();
    for (const u of this.refs.get(id) ?? []) {
      const f = this.facts.get(u)!;
      if (f.id && f.prerequisites.includes(id)) out.add(f.id);
    }
    return [...out];
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
    return this.docsOf(this.dependentUris(id));
  }

  /** The URIs of the documents that list `id` as a prerequisite, in URI order, from the facts (nothing modelled). */
  dependentUris(id: string): string[] {
    return byUri(this.refs.get(id)).filter((u) => this.facts.get(u)!.prerequisites.includes(id));
  }

  /** Every competency named in a competency table, sorted, spelled as the document first in URI order spells it. */
  competencyNames(): readonly string[] {
    return (this.competencySorted ??= [...this.competencyFirst.values()].map((f) => f.name).sort());
  }

  /** The documents whose competency table names the competency (any case), without modelling them. */
  competencyDocuments(name: string): ReadonlySet<string> {
    return this.competencyDocs.get(name.toLowerCase()) ?? EMPTY_SET;
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
    this.sortedIds ??= sortIds([...this.defs.keys()]);
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
    this.changed.delete(uri);
    if (old) this.unlink(uri, old);
    this.facts.set(uri, facts);
    if (doc) this.docs.set(uri, doc);
    else this.docs.delete(uri);
    this.link(uri, facts);
    this.linkCompetencies(uri, old?.competencies ?? [], facts.competencies);
    if (old ? graphSignature(old) !== graphSignature(facts) : facts.id) {
      this.cycles = undefined;
      this.graphChanges++;
    }
    if (old ? old.id !== facts.id || ((old.id || facts.id) && (old.kind !== facts.kind || !sameList(old.roles, facts.roles))) : facts.id) this.definitionChanges++;
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
    this.linkCompetencies(uri, old.competencies, []);
    this.changed.delete(uri);
    if (graphSignature(old)) {
      this.cycles = undefined;
      this.graphChanges++;
    }
    if (old.id) this.definitionChanges++;
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
    for (const r of f.roles) removeFrom(this.roleDocs, r, uri);
  }

  /**
   * A document's competencies changed from `before` to `after`: only the difference
   * touches the look-ups, so an edit in a table of thousands of rows costs a pass over
   * it, not an update per row.
   */
  private linkCompetencies(uri: string, before: readonly string[], after: readonly string[]): void {
    if (before.length === 0 && after.length === 0) return;
    const was = spellings(before);
    const now = spellings(after);
    let changes = 0;
    const resorted: Array<[string | undefined, string | undefined]> = [];
    const move = (from: string | undefined, to: string | undefined) => {
      if (from === to) return;
      changes++;
      if (this.competencySorted && changes <= 64) resorted.push([from, to]);
      else this.competencySorted = undefined;
    };
    const others = new Map<string, Map<string, string>>();
    for (const [key] of was) {
      if (now.has(key)) continue;
      removeFrom(this.competencyDocs, key, uri);
      const first = this.competencyFirst.get(key)!;
      if (first.uri !== uri) continue;
      const rest = this.competencyDocs.get(key);
      if (!rest) {
        this.competencyFirst.delete(key);
        move(first.name, undefined);
        continue;
      }
      const u = firstUri(rest);
      let names = others.get(u);
      if (!names) others.set(u, (names = spellings(this.facts.get(u)!.competencies)));
      this.competencyFirst.set(key, { uri: u, name: names.get(key)! });
      move(first.name, names.get(key)!);
    }
    for (const [key, name] of now) {
      if (!was.has(key)) addTo(this.competencyDocs, key, uri);
      const first = this.competencyFirst.get(key);
      if (first && first.uri < uri) continue;
      if (first && first.uri === uri && first.name === name) continue;
      // No document named it, or this one comes first in URI order, or spells it anew.
      this.competencyFirst.set(key, { uri, name });
      move(first?.name, name);
    }
    const sorted = this.competencySorted;
    if (!sorted) return;
    for (const [from, to] of resorted) {
      if (from !== undefined) sorted.splice(lowerBound(sorted, from), 1);
      if (to !== undefined) sorted.splice(lowerBound(sorted, to), 0, to);
    }
  }
}

/** A list of competency names by their lower case, each spelled as first written. */
function spellings(names: readonly string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const n of names) {
    const key = n.toLowerCase();
    if (!out.has(key)) out.set(key, n);
  }
  return out;
}

/** Where `s` is or would go in a sorted list (sorted as `Array.prototype.sort` sorts strings). */
export function lowerBound(sorted: readonly string[], s: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < s) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
