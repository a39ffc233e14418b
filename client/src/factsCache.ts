/**
 * The extension's half of the facts cache (server/src/lsp/factsCache.ts): the server
 * writes no file, so the extension keeps the cache in its workspace storage. It names
 * the file in `initializationOptions.factsCache` when it starts the server (present or
 * not: the server then records what it reads), asks the server for the facts
 * (`roadmap/factsCache`) once every document is checked and the server has been still
 * for a moment, and again when it is deactivated, and writes them with
 * `vscode.workspace.fs`. The server validates the file it reads: the extension only
 * stores what it was given.
 */
import type { ServerStatus } from '../../server/src/protocol';

/** How long the server must stay ready with nothing left to check before the facts are asked for. */
export const FACTS_CACHE_IDLE_MS = 3000;

export interface KeeperTimer {
  set(f: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

const nodeTimer: KeeperTimer = {
  set: (f, ms) => setTimeout(f, ms),
  clear: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/**
 * When to ask the server for its facts and where they go; free of VS Code (its file
 * system is `write`), so that the unit tests drive it.
 */
export class FactsCacheKeeper {
  private timer: unknown;
  /** Saved since the server (re)started: asked again only on deactivation. */
  private saved = false;
  private saving: Promise<void> | undefined;

  constructor(
    /** `roadmap/factsCache`: the facts, or null while the index is incomplete. */
    private readonly ask: () => Promise<unknown>,
    /** Writes the cache file's bytes. */
    private readonly write: (bytes: Uint8Array) => Promise<void>,
    private readonly log: (line: string) => void = () => {},
    private readonly idleMs = FACTS_CACHE_IDLE_MS,
    private readonly clock: KeeperTimer = nodeTimer,
  ) {}

  /** Each `roadmap/status`: once the server is ready with nothing to check, and stays so for `idleMs`, the facts are saved. */
  status(s: ServerStatus | { state: string; checking?: number }): void {
    const idle = s.state === 'ready' && s.checking === 0;
    if (!idle || this.saved) {
      this.cancel();
      return;
    }
    this.cancel();
    this.timer = this.clock.set(() => {
      this.timer = undefined;
      void this.save();
    }, this.idleMs);
  }

  /** A (re)started server: its facts are saved again once it is idle. */
  restarted(): void {
    this.cancel();
    this.saved = false;
  }

  /** Asks for the facts and writes them; a null answer (indexing) or a failure writes nothing. */
  save(): Promise<void> {
    return (this.saving ??= this.saveNow().finally(() => (this.saving = undefined)));
  }

  dispose(): void {
    this.cancel();
  }

  private cancel(): void {
    if (this.timer !== undefined) this.clock.clear(this.timer);
    this.timer = undefined;
  }

  private async saveNow(): Promise<void> {
    try {
      const facts = await this.ask();
      if (!facts) return;
      await this.write(new TextEncoder().encode(JSON.stringify(facts)));
      this.saved = true;
    } catch (e) {
      this.log(`facts cache not saved: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}
