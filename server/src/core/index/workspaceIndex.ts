/**
 * The workspace index: every document's model, and the look-ups built from them
 * (who defines an ID, who mentions it, the prerequisite graph, competencies,
 * roles). It is updated one document at a time; each update returns the
 * documents whose diagnostics may have changed, found through the reverse
 * indexes, never by scanning every document.
 */
import { edgeTargets, type Competency, type RoadmapDoc } from '../model';
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
function graphSignature(doc: RoadmapDoc | undefined): string {
  if (!doc?.id) return '';
  return `${doc.id}>${edgeTargets(doc, 'prerequisite').join(',')}`;
}

/** Where a document's prerequisite and next fields are, as one comparable string. */
function edgeFieldRanges(doc: RoadmapDoc | undefined): string {
  if (!doc) return '';
  return doc.fields
    .filter((f) => f.schema?.role === 'prerequisites' || f.schema?.role === 'next')
    .map((f) => `${f.valueRange.start.line}:${f.valueRange.start.character}-${f.valueRange.end.line}:${f.valueRange.end.character}`)
    .join(',');
}

const collator = new Intl.Collator('en', { numeric: true });
const idOrder = (a: string, b: string) => collator.compare(a, b);

export class WorkspaceIndex {
  private readonly docs = new Map<string, RoadmapDoc>();
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

  /** Roadmap documents (of a known kind) among the indexed ones. */
  private roadmaps = 0;

  get size(): number {
    return this.docs.size;
  }

  get roadmapCount(): number {
    return this.roadmaps;
  }

  get(uri: string): RoadmapDoc | undefined {
    return this.docs.get(uri);
  }

  all(): IterableIterator<RoadmapDoc> {
    return this.docs.values();
  }

  uris(): IterableIterator<string> {
    return this.docs.keys();
  }

  /** Documents defining the ID (more than one is a duplicate-id). */
  definitions(id: string): RoadmapDoc[] {
    return byUri(this.defs.get(id)).map((u) => this.docs.get(u)!);
  }

  isDefined(id: string): boolean {
    return this.defs.has(id);
  }

  definedIds(): IterableIterator<string> {
    return this.defs.keys();
  }

  /** Documents that mention the ID other than by defining it. */
  referrers(id: string): RoadmapDoc[] {
    return byUri(this.refs.get(id)).map((u) => this.docs.get(u)!);
  }

  /** IDs the documents defining `id` list as prerequisites. */
  prerequisitesOf(id: string): string[] {
    const targets = this.prerequisiteEdges.get(id);
    return targets ? [...targets.keys()] : [];
  }


  /** IDs the documents defining `id` list as next. */
  nextOf(id: string): string[] {
    const out = new Set<string>();
    for (const d of this.definitions(id)) for (const t of edgeTargets(d, 'next')) out.add(t);
    return [...out];
  }

  /** Documents that list `id` as a prerequisite. */
  dependentsOf(id: string): RoadmapDoc[] {
    return this.referrers(id).filter((d) => d.mentions.some((m) => m.id === id && m.kind === 'prerequisite'));
  }

  /** Every competency named in a competency table, sorted, spelled as the document first in URI order spells it. */
  competencyNames(): string[] {
    return [...this.competencyDocs]
      .map(([key, uris]) => {
        const doc = this.docs.get(byUri(uris)[0])!;
        return doc.competencies.find((c) => c.name.toLowerCase() === key)!.name;
      })
      .sort();
  }

  competencyUses(name: string): CompetencyUse[] {
    const out: CompetencyUse[] = [];
    for (const uri of this.competencyDocs.get(name.toLowerCase()) ?? []) {
      const doc = this.docs.get(uri)!;
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
    return this.cycles.get(id);
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

  /** Adds or replaces a document; returns the URIs whose diagnostics may change. */
  update(doc: RoadmapDoc): Set<string> {
    const old = this.docs.get(doc.uri);
    if (this.bulkDepth > 0) {
      if (old) this.unlink(old);
      this.docs.set(doc.uri, doc);
      this.link(doc);
      if (graphSignature(old) !== graphSignature(doc)) this.cycles = undefined;
      return new Set([doc.uri]);
    }
    const affected = this.affectedBy(old, doc);
    if (old) this.unlink(old);
    this.docs.set(doc.uri, doc);
    this.link(doc);
    if (graphSignature(old) !== graphSignature(doc)) this.cycles = undefined;
    this.addCycleMembers(doc, affected);
    return affected;
  }

  /** Removes a document; returns the URIs whose diagnostics may change (itself included). */
  remove(uri: string): Set<string> {
    const old = this.docs.get(uri);
    if (!old) return new Set();
    const affected = this.affectedBy(old, undefined);
    this.unlink(old);
    this.docs.delete(uri);
    if (graphSignature(old)) this.cycles = undefined;
    affected.delete(uri);
    return affected;
  }

  private affectedBy(old: RoadmapDoc | undefined, now: RoadmapDoc | undefined): Set<string> {
    const affected = new Set<string>([(old ?? now)!.uri]);
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
    const edges = (d: RoadmapDoc | undefined) =>
      new Set(d ? [...edgeTargets(d, 'prerequisite'), ...edgeTargets(d, 'next')].map((t) => `${d.id}>${t}`) : []);
    const before = edges(old);
    const after = edges(now);
    for (const e of before) if (!after.has(e)) add(this.defs.get(e.slice(e.indexOf('>') + 1)));
    for (const e of after) if (!before.has(e)) add(this.defs.get(e.slice(e.indexOf('>') + 1)));
    // Documents linking here whose missing-reciprocal points at this document's edge fields, which moved.
    const id = now?.id ?? old?.id;
    if (id && edgeFieldRanges(old) !== edgeFieldRanges(now)) {
      for (const u of this.refs.get(id) ?? []) affected.add(u);
    }
    // Members of a cycle the old version was on: the cycle may be broken now.
    if (old?.id && graphSignature(old) !== graphSignature(now)) {
      for (const id of this.cycleOf(old.id) ?? []) add(this.defs.get(id));
    }
    return affected;
  }

  /** Members of a cycle the new version is on. */
  private addCycleMembers(doc: RoadmapDoc, affected: Set<string>): void {
    if (!doc.id) return;
    for (const id of this.cycleOf(doc.id) ?? []) for (const u of this.defs.get(id) ?? []) affected.add(u);
  }

  private link(doc: RoadmapDoc): void {
    if (doc.id) {
      if (!this.defs.has(doc.id)) this.sortedIds = undefined;
      let targets = this.prerequisiteEdges.get(doc.id);
      for (const t of edgeTargets(doc, 'prerequisite')) {
        if (!targets) this.prerequisiteEdges.set(doc.id, (targets = new Map()));
        targets.set(t, (targets.get(t) ?? 0) + 1);
      }
    }
    if (doc.kind) this.roadmaps++;
    if (doc.id) addTo(this.defs, doc.id, doc.uri);
    for (const m of doc.mentions) if (m.kind !== 'definition') addTo(this.refs, m.id, doc.uri);
    for (const c of doc.competencies) addTo(this.competencyDocs, c.name.toLowerCase(), doc.uri);
    for (const r of doc.roles) addTo(this.roleDocs, r.text, doc.uri);
  }

  private unlink(doc: RoadmapDoc): void {
    if (doc.id) {
      if (this.defs.get(doc.id)?.size === 1) this.sortedIds = undefined; // the last definer goes
      const targets = this.prerequisiteEdges.get(doc.id);
      if (targets) {
        for (const t of edgeTargets(doc, 'prerequisite')) {
          const n = (targets.get(t) ?? 0) - 1;
          if (n > 0) targets.set(t, n);
          else targets.delete(t);
        }
        if (targets.size === 0) this.prerequisiteEdges.delete(doc.id);
      }
    }
    if (doc.kind) this.roadmaps--;
    if (doc.id) removeFrom(this.defs, doc.id, doc.uri);
    for (const m of doc.mentions) if (m.kind !== 'definition') removeFrom(this.refs, m.id, doc.uri);
    for (const c of doc.competencies) removeFrom(this.competencyDocs, c.name.toLowerCase(), doc.uri);
    for (const r of doc.roles) removeFrom(this.roleDocs, r.text, doc.uri);
  }
}
