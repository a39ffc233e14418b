/**
 * The `roadmap/graph` request: the prerequisite graph as data, versioned, so that
 * a client holding version N can ask for the changes since N instead of the whole
 * graph on every keystroke.
 *
 *   request  roadmap/graph         { since?: number }
 *   response { version, full: GraphData }          when `since` is absent, unknown or too old
 *            { version, changes: GraphChanges }     relative to `since` otherwise
 *   notify   roadmap/graphChanged  { version }      when the version moved (throttled)
 *
 * The graph is rebuilt only when some document's graph signature (ID, title, kind,
 * roles, competencies, prerequisite and next targets) changed, and only after a
 * client asked for it once: a client that never shows the graph costs nothing.
 * Pure: no connection; the server hands it a `notify` callback.
 */
import { computeAnalytics, type AnalyticsSource } from '../core/analytics';
import { buildGraph, type GraphNode } from '../core/graphData';
import { WorkspaceIndex } from '../core/index/workspaceIndex';
import { edgeTargets, type RoadmapDoc } from '../core/model';
import { edgeKey, type GraphChanges, type GraphParams, type GraphResponse, type GraphTrack, type RoadmapGraph } from '../protocol';

/** What of a document the graph shows, as one comparable string ('' when it defines no ID). */
export function graphSignature(doc: RoadmapDoc | undefined): string {
  if (!doc?.id) return '';
  return JSON.stringify([
    doc.id,
    doc.title ?? null,
    doc.kind?.key ?? null,
    !!doc.kind?.capstone,
    doc.roles.map((r) => r.text),
    doc.duration?.total ?? null,
    edgeTargets(doc, 'prerequisite'),
    edgeTargets(doc, 'next'),
    competencyNames(doc),
  ]);
}

function competencyNames(doc: RoadmapDoc): string[] {
  const out: string[] = [];
  for (const c of doc.competencies) if (c.name && !out.includes(c.name)) out.push(c.name);
  return out;
}

/**
 * The core graph, each defined node with the competencies of its document; given the
 * schema too (an analytics source), each node with its hours and blocking and the graph
 * with the role tracks, as the analytics computed them.
 */
export function buildRoadmapGraph(source: WorkspaceIndex | AnalyticsSource): RoadmapGraph {
  const index = source instanceof WorkspaceIndex ? source : source.index;
  const g = buildGraph(index);
  const analytics = source instanceof WorkspaceIndex ? undefined : computeAnalytics(source);
  const figures = new Map(analytics?.documents.map((d) => [d.id, d]));
  const nodes = g.nodes.map((n) => {
    const doc = n.uri ? index.get(n.uri) : undefined;
    const a = figures.get(n.id);
    return {
      ...n,
      competencies: doc ? competencyNames(doc) : [],
      ...(a && a.hours !== null ? { hours: a.hours } : {}),
      ...(a && a.blocking > 0 ? { blocking: a.blocking } : {}),
    };
  });
  if (!analytics) return { nodes, edges: g.edges };
  const tracks: GraphTrack[] = analytics.tracks.map((t) => ({ role: t.role, documents: t.documents, hours: t.hours, criticalPath: t.criticalPath }));
  return { nodes, edges: g.edges, tracks };
}

function nodeKey(n: GraphNode): string {
  return JSON.stringify(n);
}

/** The changes that turn `before` into `after`. */
export function diffGraphs(before: RoadmapGraph, after: RoadmapGraph): GraphChanges {
  const oldNodes = new Map(before.nodes.map((n) => [n.id, nodeKey(n)]));
  const newIds = new Set(after.nodes.map((n) => n.id));
  const oldEdges = new Map(before.edges.map((e) => [edgeKey(e), e]));
  const newEdges = new Set(after.edges.map(edgeKey));
  const tracksChanged = JSON.stringify(before.tracks ?? null) !== JSON.stringify(after.tracks ?? null);
  return {
    upsertNodes: after.nodes.filter((n) => oldNodes.get(n.id) !== nodeKey(n)),
    removeNodes: before.nodes.filter((n) => !newIds.has(n.id)).map((n) => n.id),
    addEdges: after.edges.filter((e) => oldEdges.get(edgeKey(e))?.cycle !== e.cycle),
    removeEdges: before.edges.filter((e) => !newEdges.has(edgeKey(e))).map(({ from, to, type }) => ({ from, to, type })),
    ...(tracksChanged ? { tracks: after.tracks ?? [] } : {}),
  };
}

export function isEmptyChange(c: GraphChanges): boolean {
  return !c.upsertNodes.length && !c.removeNodes.length && !c.addEdges.length && !c.removeEdges.length && !c.tracks;
}

export interface GraphVersionsOptions {
  /** How many past versions to keep for `since` (default 8). */
  keep?: number;
  /** Called with the new version when it moved, at most once per `delayMs`. */
  notify?: (version: number) => void;
  /** Throttle of `notify` (default 150 ms). */
  delayMs?: number;
}

/**
 * The versioned graph of one workspace index. The server calls `touch` with the
 * documents it just re-checked and answers `roadmap/graph` with `request`.
 */
export class GraphVersions {
  private version = 0;
  private current: RoadmapGraph | undefined;
  /** Past graphs by version, oldest first; the last one is `current`. */
  private readonly history: Array<{ version: number; graph: RoadmapGraph }> = [];
  private readonly signatures = new Map<string, string>();
  private dirty = false;
  /** The version told to the client ahead of building it (`touch`), until a request builds it. */
  private announced: number | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private readonly keep: number;
  private readonly delayMs: number;
  private readonly getSource: () => WorkspaceIndex | AnalyticsSource;
  /** The index the signatures were taken from (the server replaces its workspace when the configuration changes). */
  private seen: WorkspaceIndex | undefined;

  /**
   * `source`: the index, or an analytics source (an index and its schema: the graph then
   * carries hours, blocking and the role tracks), or a function giving the current one.
   */
  constructor(
    source: WorkspaceIndex | AnalyticsSource | (() => WorkspaceIndex | AnalyticsSource),
    private readonly options: GraphVersionsOptions = {},
  ) {
    this.getSource = typeof source === 'function' ? source : () => source;
    this.keep = Math.max(1, options.keep ?? 8);
    this.delayMs = options.delayMs ?? 150;
  }

  private get index(): WorkspaceIndex {
    const source = this.getSource();
    const index = source instanceof WorkspaceIndex ? source : source.index;
    if (index !== this.seen) {
      // A new workspace: every signature is to be taken again.
      this.seen = index;
      this.signatures.clear();
      if (this.current) {
        for (const doc of index.all()) this.signatures.set(doc.uri, graphSignature(doc));
        this.dirty = true;
      }
    }
    return index;
  }

  /**
   * Notes that these documents were (re)indexed or removed. Cheap: compares each
   * one's signature with the last seen; only a removal (the index shrank) looks
   * at every signature. Does nothing until the graph was first requested.
   *
   * A change is told (`notify`, throttled) as the next version without building it:
   * the graph and its analytics are built when a client asks (`request`), so a change
   * nobody looks at costs the signatures, not a whole graph on the thread that answers
   * the next keystroke (15 ms at 1,000 documents; at 10,000 the graph bench's request took 0.55 s).
   */
  touch(uris: Iterable<string>): void {
    if (!this.current) return;
    const index = this.index;
    for (const uri of uris) this.note(index, uri);
    if (this.signatures.size !== index.size) {
      for (const uri of [...this.signatures.keys()]) if (!index.get(uri)) this.note(index, uri);
      for (const uri of index.uris()) if (!this.signatures.has(uri)) this.note(index, uri);
    }
    if (this.dirty && this.options.notify && !this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        // Told once per built version: a client that has not asked since knows already.
        if (!this.dirty || this.announced === this.version + 1) return;
        this.announced = this.version + 1;
        this.options.notify!(this.announced);
      }, this.delayMs);
      this.timer.unref?.();
    }
  }

  private note(index: WorkspaceIndex, uri: string): void {
    const doc = index.get(uri);
    const sig = graphSignature(doc);
    if (!doc) {
      if (this.signatures.delete(uri)) this.dirty = true;
      return;
    }
    if (this.signatures.get(uri) === sig) return;
    this.signatures.set(uri, sig);
    this.dirty = true;
  }

  /** Rebuilds the graph if some signature changed; returns the current version. */
  settle(): number {
    const index = this.index; // first: notices a replaced workspace
    if (this.current && !this.dirty) return this.version;
    if (!this.current) {
      this.signatures.clear();
      for (const doc of index.all()) this.signatures.set(doc.uri, graphSignature(doc));
    }
    this.dirty = false;
    this.announced = undefined;
    const next = buildRoadmapGraph(this.getSource());
    if (this.current && isEmptyChange(diffGraphs(this.current, next))) return this.version;
    this.current = next;
    this.version++;
    this.history.push({ version: this.version, graph: next });
    while (this.history.length > this.keep) this.history.shift();
    return this.version;
  }

  get currentVersion(): number {
    return this.version;
  }

  request(params?: GraphParams | null): GraphResponse {
    const version = this.settle();
    const current = this.current!;
    const since = params?.since;
    if (typeof since === 'number' && Number.isInteger(since)) {
      if (since === version) return { version, changes: { upsertNodes: [], removeNodes: [], addEdges: [], removeEdges: [] } };
      const base = this.history.find((h) => h.version === since);
      if (base) return { version, changes: diffGraphs(base.graph, current) };
    }
    return { version, full: current };
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
