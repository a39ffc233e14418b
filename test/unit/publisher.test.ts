/**
 * The diagnostics publisher in memory: what goes out, to whom (push or pull), in what
 * order, with the event loop and the clock driven by hand.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RoadmapWorkspace } from '../../server/src/core/workspace';
import { DiagnosticsPublisher, FLUSH_SLICE_MS, TYPING_PAUSE_MAX_MS, TYPING_PAUSE_MS } from '../../server/src/lsp/publisher';
import { moduleText } from '../protocol/moduleDoc';
import { ManualTiming, RecordingConnection } from './memoryServer';

const uri = (name: string) => `file:///ws/${name}.md`;

function setup(options: { pull?: boolean; open?: Map<string, number> } = {}) {
  const ws = new RoadmapWorkspace();
  const connection = new RecordingConnection();
  const timing = new ManualTiming();
  const open = options.open ?? new Map<string, number>();
  const flushed: string[][] = [];
  const publisher = new DiagnosticsPublisher(
    connection,
    { workspace: () => ws, openVersion: (u) => open.get(u), alwaysPushed: (u) => u.endsWith('/roadmap.config.json') },
    { pull: !!options.pull, refreshCodeLens: true, flushed: (uris) => flushed.push(uris) },
    timing,
  );
  return { ws, connection, timing, open, publisher, flushed };
}

/** A module with its own finding (a duration that is not the sum of its parts) and, when `prerequisite` is undefined, none other. */
const mismatched = (id: string, prerequisite = 'None') => moduleText({ id, prerequisites: prerequisite }).replace('20 hours (8', '21 hours (8');

/** `count` modules with a problem each, the whole-workspace check under way: its first slice run, 1 ms per clock reading. */
function checkingAfterOneSlice(count: number) {
  const parts = setup();
  const { ws, connection, timing, publisher } = parts;
  ws.index.bulk(() => Array.from({ length: count }, (_, i) => ws.set(uri(`m${i}`), mismatched(`MOD-${200 + i}`))));
  publisher.setIndexing(false);
  timing.tick = 1;
  publisher.recheckAll();
  timing.runLater();
  return { ...parts, afterFirstSlice: connection.pushes.length };
}

/**
 * A chain of `count` modules (each requires the one before) indexed by their facts, in
 * reverse order, each read from "disk" when modelled: `reads` in order, and how many
 * pushes had gone out at each read.
 */
function chainByFacts(ws: RoadmapWorkspace, connection: RecordingConnection, count: number) {
  const texts = new Map(Array.from({ length: count }, (_, i) => [uri(`m${i}`), mismatched(`MOD-${200 + i}`, i ? `MOD-${199 + i}` : 'None')]));
  const reads: string[] = [];
  const pushedAtReads: number[] = [];
  ws.readFrom((u) => {
    reads.push(u);
    pushedAtReads.push(connection.pushes.length);
    const text = texts.get(u);
    return text === undefined ? undefined : { text };
  });
  ws.index.bulk(() => [...texts.keys()].reverse().forEach((u) => ws.load(u, texts.get(u)!)));
  return { texts, reads, pushedAtReads };
}

describe('diagnostics publisher', () => {
  it('pushes every document with problems and clears a document that loses them or leaves', () => {
    const { ws, connection, timing, publisher } = setup();
    publisher.setIndexing(false);
    publisher.schedule([...ws.set(uri('a'), mismatched('MOD-101')), ...ws.set(uri('b'), moduleText({ id: 'MOD-102' }))]);
    timing.drain();
    assert.deepEqual(connection.codes(uri('a')), ['duration-mismatch']);
    assert.equal(connection.diagnostics.has(uri('b')), false, 'a clean document that never had problems is not pushed');
    assert.equal(connection.status?.withProblems, 1);

    publisher.schedule(ws.set(uri('a'), moduleText({ id: 'MOD-101' })));
    timing.drain();
    assert.deepEqual(connection.codes(uri('a')), []);

    publisher.schedule(ws.set(uri('b'), mismatched('MOD-102')));
    timing.drain();
    publisher.forget(uri('b'), ws.remove(uri('b')));
    assert.deepEqual(connection.diagnostics.get(uri('b')), []);
    timing.drain();
    assert.equal(connection.status?.withProblems, 0);
  });

  it('holds back cross-file findings while the index is incomplete, and publishes them once it is', () => {
    const { ws, connection, timing, publisher } = setup();
    publisher.setIndexing(true);
    assert.equal(connection.status?.state, 'indexing');
    // MOD-100 is defined in a file not read yet.
    publisher.schedule(ws.set(uri('a'), mismatched('MOD-101', 'MOD-100')), true);
    timing.drain();
    assert.deepEqual(connection.codes(uri('a')), ['duration-mismatch'], 'its own finding goes out, the unknown reference does not');
    assert.equal(connection.pushes.some((p) => p.diagnostics.some((d) => d.code === 'unknown-reference')), false);

    publisher.setIndexing(false);
    publisher.recheckAll();
    timing.drain();
    assert.equal(connection.status?.state, 'ready');
    assert.deepEqual(connection.codes(uri('a')), ['duration-mismatch', 'unknown-reference']);
  });

  it('publishes background work in slices, and an edited document before any further slice', () => {
    const { ws, connection, timing, publisher } = setup();
    const names = Array.from({ length: 60 }, (_, i) => `m${i}`);
    ws.index.bulk(() => names.forEach((n, i) => ws.set(uri(n), mismatched(`MOD-${200 + i}`))));
    publisher.setIndexing(false);
    timing.tick = 1; // every reading of the clock: 1 ms
    publisher.recheckAll();
    assert.equal(timing.soonQueue.length, 0, 'background work is no urgent work');
    const statuses = connection.statuses.length;
    timing.runLater();
    const firstSlice = connection.pushes.length;
    assert.ok(firstSlice > 1 && firstSlice <= FLUSH_SLICE_MS + 1, `one slice publishes about ${FLUSH_SLICE_MS} ms of work (${firstSlice} documents)`);
    assert.equal(timing.laterQueue.length, 1, 'the rest waits for the next slice');
    assert.equal(connection.statuses.length, statuses, 'the status goes out when the flush ends, not every slice');

    // A keystroke arrives between slices. Whichever runs first, the timer's slice or the
    // work queued after the message, the edited document is published before any other.
    publisher.edited(uri('m59'), ws.set(uri('m59'), mismatched('MOD-259').replace('21 hours', '22 hours')));
    const before = connection.pushes.length;
    timing.runLater();
    assert.equal(connection.pushes[before].uri, uri('m59'));
    assert.match(String(connection.pushes[before].diagnostics[0].message), /22 hours/);
    timing.drain();
    assert.equal(connection.pushes.filter((p) => p.uri === uri('m59')).length, 1, 'published once');
    assert.equal(connection.status?.checking, 0);
    assert.equal(connection.status?.withProblems, 60);
  });

  it('models the documents indexed by their facts in slices before it checks any (no check reads a whole curriculum at once)', () => {
    const { ws, connection, timing, publisher } = setup();
    // A chain, m0 first; indexed last first: checking m39 alone would model its 39 prerequisites in one step.
    const { reads, pushedAtReads } = chainByFacts(ws, connection, 40);
    publisher.setIndexing(false);
    timing.tick = 1;
    publisher.recheckAll();
    const slices: Array<{ read: number; pushed: number }> = [];
    while (timing.laterQueue.length) {
      const [r, p] = [reads.length, connection.pushes.length];
      timing.runLater();
      slices.push({ read: reads.length - r, pushed: connection.pushes.length - p });
    }
    assert.equal(reads.length, 40, 'each document read once');
    assert.ok(slices.every((s) => s.read <= FLUSH_SLICE_MS + 1), `no slice reads more than a slice's worth: ${JSON.stringify(slices)}`);
    assert.ok(slices.length > 3, 'several slices');
    assert.ok(pushedAtReads.every((n) => n === 0), 'every document modelled before the first is checked');
    assert.equal(connection.status?.checking, 0);
    assert.equal(connection.status?.withProblems, 40);
  });

  it('checks an edited document with its own rules only while indexing: no other document read for it', () => {
    const { ws, connection, timing, publisher } = setup();
    const { texts, reads } = chainByFacts(ws, connection, 30);
    publisher.setIndexing(true);
    // The top of the chain, edited while the index is still being built: a proficiency
    // check would read its 29 prerequisites; the own findings need none of them.
    const top = uri('m29');
    publisher.edited(top, ws.set(top, texts.get(top)!.replace('21 hours', '22 hours')));
    timing.soonQueue.shift()!();
    assert.deepEqual(reads, []);
    assert.deepEqual(connection.diagnostics.get(top)?.map((d) => d.code), ['duration-mismatch']);
  });

  it('keeps background work still for longer when the user types slower than the pause, and resumes when they stop', () => {
    const { ws, connection, timing, publisher, afterFirstSlice } = checkingAfterOneSlice(300);
    // A keystroke every 120 ms (slower than TYPING_PAUSE_MS): no slice runs between them once the pace is known.
    let typedAt = 0;
    /** Other documents published after each keystroke, before the next. */
    const between: number[] = [];
    for (let k = 0; k < 6; k++) {
      timing.time = 1000 + k * 120;
      publisher.edited(uri('m39'), ws.set(uri('m39'), mismatched('MOD-239').replace('21 hours', `${22 + k} hours`)));
      timing.soonQueue.shift()!();
      typedAt = timing.time;
      // Time passes to the next keystroke: a slice due before it runs now.
      const before = connection.pushes.length;
      while (timing.laterQueue.length && timing.laterQueue[0].at < typedAt + 120) timing.runLater();
      between.push(connection.pushes.slice(before).filter((p) => p.uri !== uri('m39')).length);
    }
    assert.ok(connection.pushes.length > afterFirstSlice);
    assert.ok(between[0] > 0, 'before the pace is known, the check goes on between keystrokes');
    assert.deepEqual(between.slice(2), [0, 0, 0, 0], `once it is, nothing runs between them (${between.join(', ')})`);
    assert.ok(timing.laterQueue[0].at >= typedAt + 1.5 * 120 - 1, 'the next slice waits 1.5 times the gap between keystrokes');
    assert.ok(timing.laterQueue[0].at <= typedAt + TYPING_PAUSE_MAX_MS, 'and no longer than the most');
    timing.drain();
    assert.equal(connection.status?.checking, 0, 'the check ends once the typing stops');
  });

  it('keeps background work still while the user types, and resumes it after a pause', () => {
    const { ws, connection, timing, publisher, afterFirstSlice } = checkingAfterOneSlice(40);

    // A keystroke: published at once.
    publisher.edited(uri('m39'), ws.set(uri('m39'), mismatched('MOD-239').replace('21 hours', '22 hours')));
    timing.soonQueue.shift()!();
    assert.equal(connection.pushes.length, afterFirstSlice + 1);
    const typedAt = timing.time;
    // The slice planned before it does not run now: it is planned again after the pause.
    timing.runLater();
    assert.equal(connection.pushes.length, afterFirstSlice + 1, 'no background work right after a keystroke');
    assert.equal(timing.laterQueue.length, 1);
    assert.ok(timing.laterQueue[0].at >= typedAt + TYPING_PAUSE_MS - 1, 'the next slice waits for a pause in the typing');
    // The pause passes: the check goes on to the end.
    timing.drain();
    assert.equal(connection.status?.checking, 0);
    assert.equal(connection.status?.withProblems, 40);
  });

  it('starts no background slice before the last one\'s pushes are written', async () => {
    const { ws, connection, timing, publisher } = setup();
    const names = Array.from({ length: 40 }, (_, i) => `m${i}`);
    ws.index.bulk(() => names.forEach((n, i) => ws.set(uri(n), mismatched(`MOD-${200 + i}`))));
    publisher.setIndexing(false);
    timing.tick = 1;
    connection.holdWrites = true;
    publisher.recheckAll();
    timing.runLater();
    const firstSlice = connection.pushes.length;
    assert.equal(timing.laterQueue.length, 0, 'the next slice waits for the writes');
    await connection.write();
    assert.equal(timing.laterQueue.length, 1);
    timing.runLater();
    assert.ok(connection.pushes.length > firstSlice);
  });

  it('gives an open document to the client from its first pull until it closes, and asks for a pull when it goes stale', () => {
    const open = new Map<string, number>();
    const { ws, connection, timing, publisher } = setup({ pull: true, open });
    publisher.setIndexing(false);
    publisher.schedule([...ws.set(uri('a'), moduleText({ id: 'MOD-101', next: 'MOD-102' })), ...ws.set(uri('b'), mismatched('MOD-102', 'MOD-101'))]);
    timing.drain();
    assert.deepEqual(connection.codes(uri('b')), ['duration-mismatch']);

    // Pulling a document that is not open does not take it from push.
    publisher.pull(uri('b'), undefined);
    open.set(uri('b'), 1);
    const report = publisher.pull(uri('b'), undefined);
    assert.equal(report.kind, 'full');
    assert.deepEqual(connection.diagnostics.get(uri('b')), [], 'what was pushed is cleared: nothing shows twice');
    assert.equal(publisher.pull(uri('b'), report.resultId).kind, 'unchanged');

    // The client's own edit: it pulls that itself, no refresh.
    publisher.edited(uri('b'), ws.set(uri('b'), moduleText({ id: 'MOD-102', prerequisites: 'MOD-101' })));
    timing.drain();
    assert.equal(connection.refreshes, 0);
    assert.deepEqual(connection.diagnostics.get(uri('b')), [], 'a pulled document is not pushed');

    // Its dependency changes under it: one refresh.
    publisher.pull(uri('b'), undefined);
    publisher.schedule(ws.set(uri('a'), moduleText({ id: 'MOD-109' })));
    timing.drain();
    assert.equal(connection.refreshes, 1);

    // Closed: the client drops pulled diagnostics, the publisher pushes again.
    open.delete(uri('b'));
    publisher.closed(uri('b'));
    publisher.schedule([uri('b')]);
    timing.drain();
    assert.deepEqual(connection.codes(uri('b')), ['unknown-reference']);
  });

  it('asks for a pull again when a document the client changed and already pulled goes stale in the same flush (a rename over several files)', () => {
    const open = new Map([[uri('a'), 1], [uri('b'), 1]]);
    const { ws, connection, timing, publisher } = setup({ pull: true, open });
    publisher.setIndexing(false);
    publisher.schedule([...ws.set(uri('a'), moduleText({ id: 'MOD-101', next: 'MOD-102' })), ...ws.set(uri('b'), moduleText({ id: 'MOD-102', prerequisites: 'MOD-101' }))]);
    timing.drain();
    publisher.pull(uri('b'), undefined);
    // A rename of MOD-101 reaches the server one document at a time: b's mention first,
    // b pulled at once (MOD-109 is not defined yet), then a's definition, all before the flush.
    publisher.edited(uri('b'), ws.set(uri('b'), moduleText({ id: 'MOD-102', prerequisites: 'MOD-109' })));
    const pulled = publisher.pull(uri('b'), undefined);
    assert.deepEqual(pulled.kind === 'full' && pulled.items.map((d) => d.code), ['unknown-reference']);
    publisher.edited(uri('a'), ws.set(uri('a'), moduleText({ id: 'MOD-109', next: 'MOD-102' })));
    timing.drain();
    assert.equal(connection.refreshes, 1, 'the answer b got is out of date: the client is asked to pull again');
    const again = publisher.pull(uri('b'), pulled.resultId);
    assert.deepEqual(again.kind === 'full' && again.items, []);

    // b changed and not pulled yet when the flush runs: its coming pull is fresh, no refresh.
    publisher.edited(uri('b'), ws.set(uri('b'), moduleText({ id: 'MOD-102', prerequisites: 'MOD-108' })));
    publisher.edited(uri('a'), ws.set(uri('a'), moduleText({ id: 'MOD-108', next: 'MOD-102' })));
    timing.drain();
    assert.equal(connection.refreshes, 1);
  });

  it("answers a pull first and tells the new problem count after it, not ahead of the answer", () => {
    const open = new Map([[uri('a'), 1]]);
    const { ws, connection, timing, publisher } = setup({ pull: true, open });
    publisher.setIndexing(false);
    publisher.schedule(ws.set(uri('a'), moduleText({ id: 'MOD-101' })));
    timing.drain();
    assert.equal(connection.status?.withProblems, 0);
    const statuses = connection.statuses.length;
    publisher.edited(uri('a'), ws.set(uri('a'), mismatched('MOD-101')));
    const report = publisher.pull(uri('a'), undefined);
    assert.deepEqual(report.kind === 'full' && report.items.map((d) => d.code), ['duration-mismatch']);
    assert.equal(connection.statuses.length, statuses, 'no status written ahead of the answer');
    timing.drain();
    assert.equal(connection.status?.withProblems, 1, 'the new count follows');
  });

  it('pushes a document again when the client drops its pulled diagnostics while it stays open', () => {
    const open = new Map([[uri('a'), 3]]);
    const { ws, connection, timing, publisher } = setup({ pull: true, open });
    publisher.setIndexing(false);
    ws.set(uri('a'), mismatched('MOD-101'));
    publisher.pull(uri('a'), undefined);
    publisher.pullDropped(uri('a'));
    timing.drain();
    assert.deepEqual(connection.codes(uri('a')), ['duration-mismatch']);
    assert.equal(connection.pushes[connection.pushes.length - 1].version, 3, 'with the open document\'s version');
  });

  it('answers a pull from a client that cannot refresh, but keeps pushing to it', () => {
    const open = new Map([[uri('a'), 1]]);
    const { ws, connection, timing, publisher } = setup({ pull: false, open });
    publisher.setIndexing(false);
    ws.set(uri('a'), mismatched('MOD-101'));
    assert.equal(publisher.pull(uri('a'), undefined).kind, 'full');
    publisher.schedule([uri('a')]);
    timing.drain();
    assert.deepEqual(connection.codes(uri('a')), ['duration-mismatch']);
  });

  it('reports the documents a flush published, once it ends', () => {
    const { ws, timing, publisher, flushed, connection } = setup();
    publisher.setIndexing(false);
    publisher.schedule([...ws.set(uri('a'), moduleText({ id: 'MOD-101' })), ...ws.set(uri('b'), moduleText({ id: 'MOD-102' }))]);
    timing.drain();
    assert.deepEqual(flushed.map((f) => [...f].sort()), [[uri('a'), uri('b')]]);
    assert.equal(connection.codeLensRefreshes, 1, 'several documents changed: code lenses may have too');
  });
});
