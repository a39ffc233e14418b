/**
 * The graph's level of detail: what the preview shows for the graph, the filters and
 * the focus. Past `threshold` visible documents it opens on an overview, one node per
 * role track (its documents and hours, as the server's analytics computed them) and
 * weighted edges between tracks; a track expands into its documents (the role's
 * detailed graph, with its critical path), the focus into the active document's n-hop
 * neighbourhood, and "show everything" into every document. Pure: no DOM, no
 * `vscode`; the page and the unit tests share it.
 */
import { competenciesOf, flowEdges, viewOf, type GraphTrack, type GraphView, type RoadmapGraph, type RoadmapGraphNode } from './graphModel';

/** The overview's group of documents that target no role. */
export const NO_ROLE = '(no role)';

/** Past this many visible documents the graph opens on the overview (`roadmap.graph.overviewThreshold`). */
export const DEFAULT_OVERVIEW_THRESHOLD = 150;

export interface TrackSummary {
  /** The role, or NO_ROLE. */
  role: string;
  /** The track's documents shown (for NO_ROLE, the documents targeting no role). */
  documents: number;
  /** Their hours (documents without a duration count 0, as in the analytics). */
  hours: number;
  /** The hours of the track's critical path (0 for NO_ROLE, or when every chain meets a cycle). */
  criticalHours: number;
}

/** `weight` links from a document of role `source` to a document of role `target` (drawn direction: prerequisite first). */
export interface TrackEdge {
  source: string;
  target: string;
  weight: number;
}

export interface Overview {
  /** In role order, NO_ROLE last. */
  tracks: TrackSummary[];
  /** Sorted by source, then target. */
  edges: TrackEdge[];
  /** Defined documents the overview stands for. */
  documents: number;
}

const collator = new Intl.Collator('en', { numeric: true });

/** A role's track: the server's (the role's documents and all they require), else the documents targeting the role. */
export function trackOf(graph: RoadmapGraph, role: string): GraphTrack {
  const known = graph.tracks?.find((t) => t.role === role);
  if (known) return known;
  const documents = graph.nodes.filter((n) => n.defined && n.roles.includes(role)).map((n) => n.id);
  const hours = new Map(graph.nodes.map((n) => [n.id, n.hours ?? 0]));
  return { role, documents, hours: documents.reduce((h, id) => h + (hours.get(id) ?? 0), 0), criticalPath: { ids: [], hours: 0 } };
}

/** Every role with a track, sorted (the order of the role colours). */
export function trackRoles(graph: RoadmapGraph): string[] {
  const out = new Set<string>(graph.tracks?.map((t) => t.role));
  for (const n of graph.nodes) for (const r of n.roles) out.add(r);
  return [...out].sort(collator.compare);
}

/** The overview of the defined documents in `visible` (all of them when absent). */
export function overviewOf(graph: RoadmapGraph, visible?: ReadonlySet<string>): Overview {
  const byId = new Map<string, RoadmapGraphNode>();
  for (const n of graph.nodes) if (n.defined && (!visible || visible.has(n.id))) byId.set(n.id, n);
  const round = (h: number) => Math.round(h * 1000) / 1000;
  const tracks: TrackSummary[] = [];
  for (const role of trackRoles(graph)) {
    const t = trackOf(graph, role);
    let documents = 0;
    let hours = 0;
    for (const id of t.documents) {
      const n = byId.get(id);
      if (!n) continue;
      documents++;
      hours += n.hours ?? 0;
    }
    if (documents) tracks.push({ role, documents, hours: round(hours), criticalHours: t.criticalPath.hours });
  }
  const roleless = [...byId.values()].filter((n) => !n.roles.length);
  if (roleless.length) tracks.push({ role: NO_ROLE, documents: roleless.length, hours: round(roleless.reduce((h, n) => h + (n.hours ?? 0), 0)), criticalHours: 0 });
  const weights = new Map<string, TrackEdge>();
  const rolesOfNode = (n: RoadmapGraphNode) => (n.roles.length ? [...new Set(n.roles)] : [NO_ROLE]);
  for (const f of flowEdges(graph.edges)) {
    const a = byId.get(f.source);
    const b = byId.get(f.target);
    if (!a || !b) continue;
    for (const ra of rolesOfNode(a)) {
      for (const rb of rolesOfNode(b)) {
        if (ra === rb) continue;
        const key = `${ra}\u0000${rb}`;
        const e = weights.get(key);
        if (e) e.weight++;
        else weights.set(key, { source: ra, target: rb, weight: 1 });
      }
    }
  }
  const order = new Map(tracks.map((t, i) => [t.role, i]));
  const edges = [...weights.values()].sort((x, y) => order.get(x.source)! - order.get(y.source)! || order.get(x.target)! - order.get(y.target)!);
  return { tracks, edges, documents: byId.size };
}

/** What the preview is asked to show. */
export interface PlanInput {
  graph: RoadmapGraph;
  /** A role whose track is shown ('' or undefined: none). */
  role?: string;
  competency?: string;
  /** The active document's ID when the focus is on. */
  focus?: string;
  depth?: number;
  /** "Show everything": every visible document, however many. */
  detail?: boolean;
  threshold?: number;
}

export type Plan =
  | { kind: 'overview'; overview: Overview }
  | {
      kind: 'documents';
      view: GraphView;
      /** The shown track's critical path, when a track is shown. */
      critical?: { role: string; ids: string[]; hours: number };
      /** Why these documents: a focus, a track, everything asked for, or few enough to show. */
      reason: 'focus' | 'track' | 'detail' | 'small';
    };

/** What to show: the overview, or which documents. */
export function planOf(input: PlanInput): Plan {
  const { graph } = input;
  const role = input.role || undefined;
  const competency = input.competency || undefined;
  const track = role !== undefined ? trackOf(graph, role) : undefined;
  const members = track ? new Set(track.documents) : undefined;
  const critical = track && { role: track.role, ids: track.criticalPath.ids, hours: track.criticalPath.hours };
  if (input.focus !== undefined) {
    const view = viewOf(graph, { competency, members, focus: input.focus, depth: input.depth ?? 1 });
    if (!view.focusMissing) return { kind: 'documents', view, ...(critical ? { critical } : {}), reason: 'focus' };
  }
  if (track) return { kind: 'documents', view: viewOf(graph, { competency, members }), critical: critical!, reason: 'track' };
  if (competency === undefined && !input.detail) {
    // Nothing filtered: the overview of every document when there are enough, without a view of them.
    let defined = 0;
    for (const n of graph.nodes) if (n.defined) defined++;
    if (defined > (input.threshold ?? DEFAULT_OVERVIEW_THRESHOLD)) return { kind: 'overview', overview: overviewOf(graph) };
  }
  const view = viewOf(graph, { competency });
  const defined = view.nodes.filter((n) => n.defined);
  if (!input.detail && defined.length > (input.threshold ?? DEFAULT_OVERVIEW_THRESHOLD)) {
    return { kind: 'overview', overview: overviewOf(graph, new Set(defined.map((n) => n.id))) };
  }
  return { kind: 'documents', view, reason: input.detail ? 'detail' : 'small' };
}

/**
 * What the page needs of a graph before the graph itself (the extension sends it first when the
 * graph is large, the graph after in parts): the overview of every document, the roles and the
 * competencies of the filters.
 */
export interface GraphSummary {
  overview: Overview;
  /** `trackRoles`: the order of the role colours. */
  roles: string[];
  /** `competenciesOf`. */
  competencies: string[];
}

export function summaryOf(graph: RoadmapGraph): GraphSummary {
  return { overview: overviewOf(graph), roles: trackRoles(graph), competencies: competenciesOf(graph) };
}

/**
 * `planOf` when the summary alone decides it (nothing filtered or focused, "show everything" not
 * asked, more documents than the threshold: the overview); undefined when the graph is needed.
 */
export function planOfSummary(summary: GraphSummary, input: Omit<PlanInput, 'graph'>): Plan | undefined {
  if (input.role || input.competency || input.focus !== undefined || input.detail) return undefined;
  return summary.overview.documents > (input.threshold ?? DEFAULT_OVERVIEW_THRESHOLD) ? { kind: 'overview', overview: summary.overview } : undefined;
}
