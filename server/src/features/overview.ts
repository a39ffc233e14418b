/**
 * The `roadmap/overview` request: what the curriculum adds up to, for the Curriculum
 * Overview webview. The figures are the analytics' (core/analytics: computeAnalytics,
 * cached until something it reads changes); this file only picks what the view shows
 * and names each document once. The page draws; it computes nothing.
 *
 *   request  roadmap/overview          (no params) → CurriculumOverview
 *   notify   roadmap/overviewChanged   { version }  when what it shows moved (throttled)
 *
 * Pure but for the throttle's timer: the server hands `OverviewVersions` a `notify`.
 */
import { analyticsOf, computeAnalytics } from '../core/analytics';
import { coverageMatrix, partsInOrder, topBlocking } from '../core/analytics/summary';
import type { RoadmapWorkspace } from '../core/workspace';
import { OVERVIEW_CELL_ROWS, OVERVIEW_NO_CHAIN_SHOWN, OVERVIEW_TRACK_LIST, type CurriculumOverview, type OverviewDocument } from '../protocol';

/** How many blocking documents the overview lists. */
export const OVERVIEW_TOP_BLOCKING = 10;

/** The overview of a workspace, at a pace of `hoursPerWeek`, tagged `version`. */
export function buildOverview(ws: RoadmapWorkspace, hoursPerWeek: number, version: number): CurriculumOverview {
  const a = computeAnalytics(ws, { hoursPerWeek });
  const byId = new Map(a.documents.map((d) => [d.id, d]));
  const documents: Record<string, OverviewDocument> = {};
  const name = (id: string) => {
    const d = byId.get(id);
    if (d && !(id in documents)) documents[id] = { title: d.title, uri: d.uri, hours: d.hours };
    return id;
  };
  const levels = [...ws.schema.schema.proficiencyLevels];
  const matrix = coverageMatrix(
    a.coverage,
    a.tracks.map((t) => t.role),
    levels,
  );
  const noChainRoles = new Map<string, string[]>();
  for (const t of a.tracks) {
    for (const id of t.onNoChain) {
      const roles = noChainRoles.get(id);
      if (roles) roles.push(t.role);
      else noChainRoles.set(id, [t.role]);
    }
  }
  const order = new Map(a.documents.map((d, i) => [d.id, i]));
  const noChain = [...noChainRoles]
    .sort((x, y) => order.get(x[0])! - order.get(y[0])!)
    .slice(0, OVERVIEW_NO_CHAIN_SHOWN)
    .map(([id, roles]) => ({ id: name(id), roles }));
  return {
    version,
    hoursPerWeek: a.hoursPerWeek,
    levels,
    documentCount: a.documents.length,
    tracks: a.tracks.map((t) => ({
      role: t.role,
      documents: t.documents.length,
      hours: t.hours,
      parts: partsInOrder(t.hoursByPart),
      weeks: t.weeks,
      criticalPath: { ids: t.criticalPath.ids.map(name), hours: t.criticalPath.hours },
      noChain: t.noChain.slice(0, OVERVIEW_TRACK_LIST).map(name),
      noChainCount: t.noChain.length,
    })),
    matrix: {
      roles: matrix.roles,
      competencies: matrix.competencies,
      cells: matrix.cells.map((c) => ({
        role: c.role,
        competency: c.competency,
        peak: c.peak && { ...c.peak, id: name(c.peak.id) },
        levels: c.levels.slice(0, OVERVIEW_CELL_ROWS).map((l) => ({ ...l, id: name(l.id) })),
        rowCount: c.levels.length,
        unassessed: c.levels.reduce((n, l) => n + (l.assessed ? 0 : 1), 0),
      })),
    },
    blocking: topBlocking(a.documents, OVERVIEW_TOP_BLOCKING).map((d) => ({ id: name(d.id), blocking: d.blocking, hoursBefore: d.hoursBefore })),
    noChain,
    noChainTotal: noChainRoles.size,
    cycles: a.cycles.map((c) => c.map(name)),
    documents,
  };
}

export interface OverviewVersionsOptions {
  /** Called with the new version when what the overview shows may have moved, at most once per `delayMs`. */
  notify?: (version: number) => void;
  /** Throttle of `notify` (default 150 ms). */
  delayMs?: number;
}

/**
 * The overview's version: it moves when the analytics' data moved (`RequiresGraph.dataVersion`:
 * an ID, an edge, a role, a duration, a title, a competency row), the workspace was
 * replaced (a new configuration) or the pace changed. The server calls `touch` after
 * each batch of re-checked documents; nothing is computed until a client asked once.
 */
export class OverviewVersions {
  private version = 0;
  private key: { ws: RoadmapWorkspace; data: number; hoursPerWeek: number } | undefined;
  private asked = false;
  /** The last overview built, for its version (asked again by a second view, or after a notification another change overtook). */
  private built: CurriculumOverview | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly source: () => { ws: RoadmapWorkspace; hoursPerWeek: number },
    private readonly options: OverviewVersionsOptions = {},
  ) {}

  /** Moves the version if what the overview reads changed since the last look; returns it. */
  private settle(): number {
    const { ws, hoursPerWeek } = this.source();
    const data = analyticsOf(ws).graph.dataVersion;
    const k = this.key;
    if (!k || k.ws !== ws || k.data !== data || k.hoursPerWeek !== hoursPerWeek) {
      if (k) this.version++;
      this.key = { ws, data, hoursPerWeek };
    }
    return this.version;
  }

  /** Some documents were re-checked (or the configuration reloaded): tell the client if the overview moved. */
  touch(): void {
    if (!this.asked || !this.options.notify || this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const before = this.version;
      if (this.settle() !== before) this.options.notify!(this.version);
    }, this.options.delayMs ?? 150);
    this.timer.unref?.();
  }

  request(): CurriculumOverview {
    this.asked = true;
    const version = this.settle();
    if (this.built?.version === version) return this.built;
    const { ws, hoursPerWeek } = this.source();
    return (this.built = buildOverview(ws, hoursPerWeek, version));
  }

  dispose(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
