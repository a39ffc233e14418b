/**
 * What the server says when the curriculum's figures move: the Curriculum Overview's
 * `roadmap/overviewChanged` (features/overview.ts decides when, throttled) and a code
 * lens refresh (the lens shows hours before and blocking, so an edit of one document's
 * hours moves other documents' lenses). The server hands it the connection's narrow
 * side and calls `flushed` after each batch of published diagnostics; it answers
 * `roadmap/overview` with `request`.
 */
import { analyticsOf } from '../core/analytics';
import type { RoadmapWorkspace } from '../core/workspace';
import { OverviewVersions } from '../features/overview';
import { OVERVIEW_CHANGED_NOTIFICATION, type CurriculumOverview } from '../protocol';

export interface AnalyticsPushConnection {
  sendNotification(method: string, params: unknown): void;
  /** `workspace/codeLens/refresh`; absent when the client cannot be asked. */
  refreshCodeLens?(): void;
}

export class AnalyticsPush {
  private readonly overview: OverviewVersions;
  /** The analytics' data version the lenses were last refreshed for. */
  private seen: { ws: RoadmapWorkspace; data: number } | undefined;

  constructor(
    private readonly connection: AnalyticsPushConnection,
    private readonly source: () => { ws: RoadmapWorkspace; hoursPerWeek: number },
  ) {
    this.overview = new OverviewVersions(source, { notify: (version) => connection.sendNotification(OVERVIEW_CHANGED_NOTIFICATION, { version }) });
  }

  /** Diagnostics of these documents went out: the overview may have moved, and with one document's edit other lenses. */
  flushed(uris: readonly string[]): void {
    this.overview.touch();
    if (!this.connection.refreshCodeLens) return;
    const { ws } = this.source();
    const data = analyticsOf(ws).graph.dataVersion;
    const moved = !!this.seen && (this.seen.ws !== ws || this.seen.data !== data);
    this.seen = { ws, data };
    // The publisher refreshes lenses itself after a change of several documents.
    if (moved && uris.length === 1) this.connection.refreshCodeLens();
  }

  /** `roadmap/overview`. */
  request(): CurriculumOverview {
    return this.overview.request();
  }

  dispose(): void {
    this.overview.dispose();
  }
}
