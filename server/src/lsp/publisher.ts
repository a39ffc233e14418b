/**
 * The diagnostics publisher: which documents' diagnostics go out, how (pushed or
 * pulled), in what order and when. It owns no document and reads no file; the
 * workspace sync tells it what changed, and it answers the client's pulls.
 *
 * Every roadmap's diagnostics are pushed (textDocument/publishDiagnostics), opened or
 * not, so the Problems panel shows the whole curriculum. A client that pulls
 * (textDocument/diagnostic) gets an open document's diagnostics by pull instead, from
 * its first pull of the document until the document closes: the publisher stops pushing
 * them (and clears what it pushed) so nothing shows twice, and pushes them again on
 * close, since the client drops pulled diagnostics then. Ownership starts at the first
 * pull, not at didOpen: didOpen says who owns the text, not what the user sees (VS Code
 * opens documents it shows in no editor, and pulls only for those in a tab). When VS Code
 * drops a document's pulled diagnostics while it stays open (its tab closed), the
 * extension says so (PULL_DROPPED_NOTIFICATION) and the document is pushed again.
 *
 * Order: a document the user edits (and the documents that edit affects) goes before any
 * background work. Background work (a whole-workspace check after a cold start or a
 * config change) runs in slices of about FLUSH_SLICE_MS, each started on a timer so that
 * the messages that arrived meanwhile are handled (and their documents published) first.
 *
 * While the workspace is still being indexed, only a document's own findings go out:
 * a cross-file finding (an unknown reference, a duplicate ID, a cycle, a missing
 * reciprocal link) may be false until every document is read. Everything is checked
 * again when the index is complete.
 */
import type { Diagnostic, DocumentDiagnosticReport } from 'vscode-languageserver';
import type { RoadmapWorkspace } from '../core/workspace';
import { diagnosticReport, resultIdOf, toLspDiagnostic } from '../features/diagnostics';
import type { ServerStatus } from '../protocol';
import { soon } from './soon';

export type { ServerStatus };

/** What the publisher says to the client: the part of the connection it uses. */
export interface PublisherConnection {
  /** Sends a push; a promise, when there is one, settles once the message is written. */
  sendDiagnostics(params: { uri: string; diagnostics: Diagnostic[]; version?: number }): void | Promise<void>;
  /** `workspace/diagnostic/refresh`. */
  refreshDiagnostics(): void;
  /** `workspace/codeLens/refresh`. */
  refreshCodeLens(): void;
  /** Sends the status; a promise, when there is one, settles once the message is written (background work waits for it: "ready" must not wait behind a slice). */
  sendStatus(status: ServerStatus): void | Promise<void>;
}

/** What the publisher reads of the server's state. */
export interface PublisherHost {
  /** The engine now (a config reload replaces it). */
  workspace(): RoadmapWorkspace;
  /** The editor's version of an open document; undefined when it is not open. */
  openVersion(uri: string): number | undefined;
  /** Documents whose diagnostics the client never pulls (the config file: its problems stay pushed). */
  alwaysPushed(uri: string): boolean;
}

/** Time and the event loop, injected so that tests run slices on a fake clock. */
export interface Timing {
  now(): number;
  /** Runs `f` soon, after the messages already received: for work a user waits on. */
  soon(f: () => void): void;
  /** Runs `f` after the messages received meanwhile have been handled (and `delayMs` at least): between background slices. */
  later(f: () => void, delayMs?: number): void;
}

export const nodeTiming: Timing = {
  now: () => performance.now(),
  soon,
  // A timer runs in the event loop's timers phase, before the poll that reads the next
  // messages... of the next turn: whatever arrived during a slice is read and handled
  // (in the check phase, where `soon` work and message handling run) before it.
  later: (f, delayMs = 0) => void setTimeout(f, delayMs),
};

export interface PublisherOptions {
  /** The client pulls diagnostics and can be asked to pull again (see server.ts). */
  pull: boolean;
  /** The client can be asked to refresh code lenses. */
  refreshCodeLens: boolean;
  /** Called with every document a flush published (or found unchanged), when it ends. */
  flushed?: (uris: string[]) => void;
}

/** How long one slice of background work may run before messages get their turn. */
export const FLUSH_SLICE_MS = 15;

/**
 * How long background work keeps still after an edit was published: the next keystroke
 * of someone typing finds the server idle instead of in the middle of a slice. (Typing
 * without a pause longer than this holds the background check back until it pauses.)
 */
export const TYPING_PAUSE_MS = 50;

/**
 * The pause grows with the user's pace: background work waits 1.5 times the typical gap
 * between their recent keystrokes (gaps over a second are pauses, not typing), at most
 * this long, so that someone typing steadily never finds a slice under way.
 */
export const TYPING_PAUSE_MAX_MS = 400;

export class DiagnosticsPublisher {
  /** URIs whose last pushed diagnostics were not empty. */
  private readonly pushed = new Set<string>();
  /** URIs whose diagnostics were not empty when last computed, pushed or pulled: `withProblems`. */
  private readonly withProblems = new Set<string>();
  /** Open documents served by pull, each with the result ID of the last report the client got. */
  private readonly pulled = new Map<string, string>();
  /** Documents the client changed since the last flush (the typing pause counts from those). */
  private readonly changedByClient = new Set<string>();
  /**
   * Documents the client changed and has not pulled since: it pulls those itself, after
   * the change, so no refresh is asked for them. One it already pulled may have gone stale
   * since (a rename reaches the server one document at a time: a document's pull can be
   * answered before the definition it names has changed), so it gets a refresh like any other.
   */
  private readonly pullDue = new Set<string>();
  /** Documents an edit in the editor affected: published before any background work. */
  private readonly urgent = new Set<string>();
  /** Everything else whose diagnostics may have changed. */
  private readonly pending = new Set<string>();
  /**
   * Pending documents to model (read and parse) before any is checked: modelling is a
   * small step per document, while checking a document whose prerequisites are not
   * modelled models them all at once (hundreds at the top of a curriculum), one step a
   * keystroke would wait behind.
   */
  private readonly toModel = new Set<string>();
  private urgentScheduled = false;
  private backgroundScheduled = false;
  /** What the current flush (urgent work and background slices until both queues are empty) has done. */
  private drained = { uris: [] as string[], stale: false };
  private indexing = true;
  private lastStatus = '';
  /** Pushes handed to the connection and not written yet. */
  private unwritten = 0;
  /** A background slice waits for the pushes of the last one to be written. */
  private waitingForWrites = false;
  /** No background slice before this time: the user is typing. */
  private quietUntil = -Infinity;
  /** When the client's last edit was published, and the gaps between its recent edits (ms). */
  private lastEditAt = -Infinity;
  private readonly gaps: number[] = [];

  constructor(
    private readonly connection: PublisherConnection,
    private readonly host: PublisherHost,
    private readonly options: PublisherOptions,
    private readonly timing: Timing = nodeTiming,
  ) {}

  /** Queues documents whose diagnostics may have changed; `urgent` for an edit the user is waiting on. */
  schedule(uris: Iterable<string>, urgent = false): void {
    for (const u of uris) {
      if (urgent) {
        this.pending.delete(u);
        this.urgent.add(u);
      } else if (!this.urgent.has(u)) {
        this.pending.add(u);
        this.toModel.add(u);
      }
    }
    this.scheduleBackground();
    // Urgent work runs soon; so does a flush with nothing to publish (a document removed),
    // which still ends with the status and the graph.
    if (!this.urgentScheduled && (this.urgent.size > 0 || !this.backgroundScheduled)) {
      this.urgentScheduled = true;
      this.timing.soon(() => {
        this.urgentScheduled = false;
        this.run(false);
      });
    }
  }

  /** The client edited a document: it and the documents the edit affected go first. */
  edited(uri: string, affected: Iterable<string>): void {
    this.changedByClient.add(uri);
    this.pullDue.add(uri);
    this.schedule(affected, true);
  }

  /** Whether the index is still being built: cross-file findings wait until it is not. */
  setIndexing(indexing: boolean): void {
    this.indexing = indexing;
    this.sendStatus();
  }

  /** Re-checks every document shown or known: after a config load or a completed index. */
  recheckAll(): void {
    this.schedule([...this.pushed, ...this.withProblems, ...this.pulled.keys(), ...this.host.workspace().index.uris()]);
  }

  /** A document left the workspace: its diagnostics are cleared, the documents it affected re-checked. */
  forget(uri: string, affected: Iterable<string>): void {
    this.schedule(affected);
    this.urgent.delete(uri);
    this.pending.delete(uri);
    this.toModel.delete(uri);
    this.withProblems.delete(uri);
    if (this.pushed.delete(uri)) this.send({ uri, diagnostics: [] });
  }

  /** The client closed a document; it drops pulled diagnostics then, so they are pushed from here on. */
  closed(uri: string): void {
    this.pulled.delete(uri);
  }

  /** The client dropped a still-open document's pulled diagnostics: pushed again until it pulls next. */
  pullDropped(uri: string): void {
    if (this.pulled.delete(uri)) this.schedule([uri]);
  }

  /** `textDocument/diagnostic`: any document, known or not, gets a report (empty when the server has nothing on it). */
  pull(uri: string, previousResultId: string | undefined): DocumentDiagnosticReport {
    this.pullDue.delete(uri);
    const diagnostics = this.diagnosticsOf(uri);
    const report = diagnosticReport(diagnostics, previousResultId);
    // An open document is the client's to show from now on (the config file's problems stay
    // pushed). A client that was not offered pull (it cannot refresh) is answered, but still pushed to.
    if (this.options.pull && this.host.openVersion(uri) !== undefined && !this.host.alwaysPushed(uri)) {
      if (!this.pulled.has(uri) && this.pushed.delete(uri)) this.send({ uri, diagnostics: [] });
      this.pulled.set(uri, report.resultId!);
    }
    // The problem count may have moved: said once the answer is out (written after this returns), not ahead of it.
    this.timing.soon(() => this.sendStatus());
    return report;
  }

  /** Tells the client the server's state, when it has changed. */
  sendStatus(): void {
    const ws = this.host.workspace();
    const status: ServerStatus = {
      state: this.indexing ? 'indexing' : 'ready',
      documents: ws.index.size,
      roadmaps: ws.index.roadmapCount,
      withProblems: this.withProblems.size,
      // After a cold start: most documents, for a second or two.
      checking: this.urgent.size + this.pending.size,
    };
    const key = JSON.stringify(status);
    if (key === this.lastStatus) return;
    this.lastStatus = key;
    this.track(this.connection.sendStatus(status));
  }

  private scheduleBackground(): void {
    if (this.backgroundScheduled || this.pending.size === 0) return;
    // The connection writes one message per turn of the event loop (vscode-jsonrpc's
    // write queue): a slice started before the last one's pushes are out would queue the
    // next keystroke's diagnostics behind them.
    if (this.unwritten > 0) {
      this.waitingForWrites = true;
      return;
    }
    this.backgroundScheduled = true;
    this.timing.later(() => {
      this.backgroundScheduled = false;
      // An edit came in since this slice was planned: planned again, after the pause.
      if (this.pending.size > 0 && this.timing.now() < this.quietUntil) return this.scheduleBackground();
      this.run(this.unwritten === 0);
    }, Math.max(0, this.quietUntil - this.timing.now()));
  }

  /**
   * Publishes the urgent documents, then (`background`) pending ones for the rest of a
   * slice. Checking a whole workspace takes a second or more at 10,000 documents; hover,
   * completion, "ready" and above all the next keystroke's diagnostics must not wait for it.
   */
  private run(background: boolean): void {
    const started = this.timing.now();
    const urgent = this.urgent.size > 0;
    for (const uri of this.urgent) this.take(this.urgent, uri);
    if (urgent && this.changedByClient.size > 0) this.quietUntil = this.timing.now() + this.typingPause();
    // After urgent work, back to the event loop first: its pushes are written there.
    if (background && !urgent) {
      const ws = this.host.workspace();
      for (const uri of this.toModel) {
        this.toModel.delete(uri);
        if (ws.index.isModelled(uri)) continue;
        ws.get(uri);
        if (this.timing.now() - started > FLUSH_SLICE_MS) break;
      }
      if (this.toModel.size === 0) {
        for (const uri of this.pending) {
          this.take(this.pending, uri);
          if (this.timing.now() - started > FLUSH_SLICE_MS) break;
        }
      }
    }
    if (this.pending.size > 0) {
      this.scheduleBackground();
      return;
    }
    if (this.backgroundScheduled || this.urgentScheduled) return;
    const { uris, stale } = this.drained;
    this.drained = { uris: [], stale: false };
    this.changedByClient.clear();
    this.pullDue.clear();
    this.sendStatus();
    this.options.flushed?.(uris);
    if (stale) this.connection.refreshDiagnostics();
    // Another document's edit can change this one's prerequisite and dependent counts.
    if (this.options.refreshCodeLens && uris.length > 1) this.connection.refreshCodeLens();
  }

  /** How long background work keeps still after this edit: TYPING_PAUSE_MS, or 1.5 times the median of the last gaps between edits. */
  private typingPause(): number {
    const now = this.timing.now();
    const gap = now - this.lastEditAt;
    this.lastEditAt = now;
    if (gap < 1000) {
      this.gaps.push(gap);
      if (this.gaps.length > 5) this.gaps.shift();
    }
    if (this.gaps.length < 2) return TYPING_PAUSE_MS;
    const median = [...this.gaps].sort((a, b) => a - b)[this.gaps.length >> 1];
    return Math.min(TYPING_PAUSE_MAX_MS, Math.max(TYPING_PAUSE_MS, median * 1.5));
  }

  private take(queue: Set<string>, uri: string): void {
    queue.delete(uri);
    this.drained.uris.push(uri);
    // Pulled documents whose diagnostics moved under the client (a dependency edited,
    // the disk, the config): ask it to pull again. Not for a document it just changed and
    // has not pulled since: that pull is still to come.
    if (this.publish(uri) && !this.pullDue.has(uri)) this.drained.stale = true;
  }

  /** A document's diagnostics now, as LSP diagnostics (its own only while indexing); keeps the problem count. */
  private diagnosticsOf(uri: string): Diagnostic[] {
    // While indexing, the rules that judge a document against others do not run: their
    // findings would be false, and they would model the document's whole curriculum.
    const found = this.host.workspace().diagnostics(uri, { ownOnly: this.indexing });
    const diagnostics = found.map(toLspDiagnostic);
    if (diagnostics.length) this.withProblems.add(uri);
    else this.withProblems.delete(uri);
    return diagnostics;
  }

  /** Pushes a document's diagnostics; for a pulled one, says whether the client's are out of date. */
  private publish(uri: string): boolean {
    const diagnostics = this.diagnosticsOf(uri);
    const pulledId = this.pulled.get(uri);
    if (pulledId !== undefined) return pulledId !== resultIdOf(diagnostics);
    if (diagnostics.length === 0 && !this.pushed.has(uri)) return false;
    if (diagnostics.length) this.pushed.add(uri);
    else this.pushed.delete(uri);
    this.send({ uri, diagnostics, version: this.host.openVersion(uri) });
    return false;
  }

  private send(params: { uri: string; diagnostics: Diagnostic[]; version?: number }): void {
    this.track(this.connection.sendDiagnostics(params));
  }

  /** Counts a message not written yet: the next background slice waits for it. */
  private track(written: void | Promise<void>): void {
    if (!written) return;
    this.unwritten++;
    const done = () => {
      if (--this.unwritten > 0 || !this.waitingForWrites) return;
      this.waitingForWrites = false;
      this.scheduleBackground();
    };
    written.then(done, done);
  }
}
