/**
 * The extension's copy of the server's graph, kept live: on `roadmap/graphChanged`
 * it asks `roadmap/graph` with `since` = the version it holds and applies the
 * changes; listeners (the preview, the status bar) get the full graph or only
 * the changes. Requests never overlap; notifications that arrive meanwhile are
 * folded into one more request. Pure: the request function is injected.
 */
import { coalesced } from '../coalesce';
import { applyGraphChanges, type GraphChanges, type GraphResponse, type RoadmapGraph } from './graphModel';

export type GraphUpdate =
  | { kind: 'full'; version: number; graph: RoadmapGraph }
  | { kind: 'changes'; base: number; version: number; changes: GraphChanges; graph: RoadmapGraph };

export type GraphRequest = (params: { since?: number }) => Promise<GraphResponse>;

export class GraphStore {
  private data: RoadmapGraph | undefined;
  private held: number | undefined;
  /** Bumped by `reset`: answers to requests sent before it are dropped. */
  private generation = 0;
  private readonly listeners = new Set<(u: GraphUpdate) => void>();

  constructor(
    private readonly request: GraphRequest,
    private readonly onError: (e: unknown) => void = () => {},
  ) {}

  get graph(): RoadmapGraph | undefined {
    return this.data;
  }

  get version(): number | undefined {
    return this.held;
  }

  onDidUpdate(listener: (u: GraphUpdate) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** The graph, fetched first if the store has none yet. */
  async ensure(): Promise<RoadmapGraph | undefined> {
    if (!this.data) await this.refresh();
    return this.data;
  }

  /** The server says its graph is at `version`. */
  changed(version: number): void {
    if (this.held !== undefined && version <= this.held) return;
    void this.refresh();
  }

  /** Forgets everything (the server restarted: its versions start again) and fetches the whole graph. */
  reset(): Promise<void> {
    this.held = undefined;
    this.data = undefined;
    this.generation++;
    return this.refresh();
  }

  /** Brings the store up to date with the server (one request at a time). */
  readonly refresh = coalesced(() => this.fetchOnce());

  private async fetchOnce(): Promise<void> {
    const since = this.held;
    const generation = this.generation;
    let response: GraphResponse;
    try {
      response = await this.request(since === undefined || !this.data ? {} : { since });
    } catch (e) {
      this.onError(e);
      return;
    }
    // Reset meanwhile: its own refresh() asked for the run that follows this one.
    if (generation !== this.generation) return;
    if ('full' in response) {
      this.data = response.full;
      this.held = response.version;
      this.emit({ kind: 'full', version: response.version, graph: response.full });
    } else if (this.data && since !== undefined) {
      if (response.version === since) return;
      this.data = applyGraphChanges(this.data, response.changes);
      this.held = response.version;
      this.emit({ kind: 'changes', base: since, version: response.version, changes: response.changes, graph: this.data });
    }
  }

  private emit(u: GraphUpdate): void {
    for (const l of [...this.listeners]) {
      try {
        l(u);
      } catch (e) {
        this.onError(e);
      }
    }
  }
}
