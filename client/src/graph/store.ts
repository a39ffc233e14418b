/**
 * The extension's copy of the server's graph, kept live while someone follows it (the
 * graph preview): on `roadmap/graphChanged` it asks `roadmap/graph` with `since` = the
 * version it holds and applies the changes; listeners get the full graph or only the
 * changes. With no follower a change only marks the copy stale: nobody looking at the
 * graph, the server builds none while the user types (a whole graph and its analytics:
 * 15 ms at 1,000 documents, about 0.5 s at 10,000, on the thread that answers the next
 * keystroke). The extension fetches it once the server has indexed the workspace
 * (`prefetch`), so that the preview opens on the graph held (`forDisplay`), a stale one
 * brought up to date behind it; `ensure` waits for a current one. Requests never overlap;
 * notifications that arrive meanwhile are folded into one more request. Pure: the request
 * function is injected.
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
  /** How many listeners follow the graph (keep it live). */
  private followers = 0;
  /** The server said its graph moved past the held version while nobody followed: fetched again by `follow`, `ensure` or `forDisplay`. */
  private stale = false;

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

  /** Updates, as they come; the graph is not kept live for this listener alone (see `follow`). */
  onDidUpdate(listener: (u: GraphUpdate) => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /** Updates, and the graph kept live until disposed: every change the server says of it is fetched at once. */
  follow(listener: (u: GraphUpdate) => void): { dispose(): void } {
    const listening = this.onDidUpdate(listener);
    this.followers++;
    if (this.stale) void this.refresh();
    let disposed = false;
    return {
      dispose: () => {
        if (disposed) return;
        disposed = true;
        this.followers--;
        listening.dispose();
      },
    };
  }

  /** The graph, fetched first if the store has none yet or what it holds is stale: for what must be current (the next free ID). */
  async ensure(): Promise<RoadmapGraph | undefined> {
    if (!this.data || this.stale) await this.refresh();
    return this.data;
  }

  /**
   * The graph to show: the one held, at once (a stale one is fetched again behind it, and
   * the followers get the changes), fetched first only when the store holds none. The
   * preview opens on it without waiting for the server to build the graph again.
   */
  async forDisplay(): Promise<RoadmapGraph | undefined> {
    if (!this.data) await this.refresh();
    else if (this.stale) void this.refresh();
    return this.data;
  }

  /** Fetches the graph if the store holds none (the server has indexed the workspace): the preview then opens at once. */
  prefetch(): Promise<void> {
    return this.data ? Promise.resolve() : this.refresh();
  }

  /** The server says its graph is at `version`. */
  changed(version: number): void {
    if (this.held !== undefined && version <= this.held) return;
    if (this.followers === 0) {
      this.stale = true;
      return;
    }
    void this.refresh();
  }

  /** Forgets everything (the server restarted: its versions start again); fetches the whole graph again when followed. */
  reset(): Promise<void> {
    this.held = undefined;
    this.data = undefined;
    this.stale = false;
    this.generation++;
    return this.followers > 0 ? this.refresh() : Promise.resolve();
  }

  /** Brings the store up to date with the server (one request at a time). */
  readonly refresh = coalesced(() => this.fetchOnce());

  private async fetchOnce(): Promise<void> {
    const since = this.held;
    const generation = this.generation;
    // A change said while this request is out marks it stale again.
    this.stale = false;
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
