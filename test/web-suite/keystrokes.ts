/**
 * Keystroke → diagnostics, timed inside VS Code's extension host (the web bench,
 * test/web-suite/bench.ts, and the desktop's, test/suite/bench.ts): edits in an open
 * roadmap, each toggling its Duration between a matching and a mismatching total, and
 * for each one the time from just before `TextEditor.edit` to every step of its way
 * (client/src/diagnosticsTrace.ts):
 *
 *   edit     `TextEditor.edit` resolved (the workbench applied it)
 *   change   the language client heard of the change (onDidChangeTextDocument) and
 *            writes didChange
 *   pull     the client asked for the document's diagnostics … `answered` the answer came
 *   shown    the client put the new diagnostics (the mismatch there or gone, as the edit
 *            made it) in its collection: the extension host hands them to the workbench
 *            at that moment (no debounce), and the extension's part is done. The figure
 *            against the target.
 *   painted  (added by bench/run.mjs from the page) the editor drew the squiggle come or
 *            go: what a user waits for, one message and one frame after `shown`
 *   event    `vscode.languages.onDidChangeDiagnostics` with the new diagnostics: VS Code
 *            debounces that event by 50 ms (ExtHostDiagnostics), so it says more about
 *            VS Code than about this extension; it is what the bench timed before.
 */
import * as vscode from 'vscode';

/** The part of the extension's API (client/src/activation.ts) the keystrokes read. */
export interface TracingApi {
  onDiagnosticsTrace: vscode.Event<{ step: string; uri: string; at: number }>;
}

const GIVE_UP_MS = 120_000;

const STEPS = { change: 'change', pull: 'pull-sent', answered: 'pull-answered' } as const;
type Step = keyof typeof STEPS | 'edit' | 'shown' | 'event';
const ORDER: Step[] = ['edit', 'change', 'pull', 'answered', 'shown', 'event'];

export const percentile = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

const round = (x: number) => Math.round(x * 10) / 10;

export interface Figures {
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
}

export interface KeystrokeResult {
  count: number;
  /** Edit → diagnostics shown (handed to the workbench): the headline. */
  p50Ms: number;
  p95Ms: number;
  maxMs: number;
  /** Edit → each step, as percentiles over the keystrokes. */
  steps: Partial<Record<Step, Figures>>;
  /** From `change` to `shown`: the extension's own part (the client, the hop to the server and back, the server), without VS Code's. */
  extension: Figures;
  /** How many keystrokes' diagnostics came by pull, and by push. */
  pulled: number;
  pushed: number;
  /**
   * Each keystroke's steps (ms from the edit), in order, and when it started (`epoch`:
   * `performance.timeOrigin + performance.now()`, ms): the runner's squiggle times
   * (test/runners/lib.mjs watchSquiggles) are in that clock, and bench/run.mjs adds the
   * step `painted` (the editor drew the squiggle come or go) from them.
   */
  runs: Array<Partial<Record<Step, number>> & { epoch: number }>;
}

/** An open module (one of the first 50 markdown files) whose Duration's parts add up to its total, and the position of the total's first digit. */
async function durationTarget(): Promise<{ document: vscode.TextDocument; digit: vscode.Position }> {
  const files = await vscode.workspace.findFiles('**/*.md', '**/node_modules/**', 50);
  for (const f of files) {
    const document = await vscode.workspace.openTextDocument(f);
    const m = /\*\*Duration\*\*: (\d+) hours \(([^)]*)\)/.exec(document.getText());
    const parts = m ? [...m[2].matchAll(/\d+/g)].reduce((a, x) => a + Number(x[0]), 0) : -1;
    if (m && parts === Number(m[1])) return { document, digit: document.positionAt(document.getText().indexOf(': ', m.index) + 2) };
  }
  throw new Error('no module whose Duration adds up in the first 50 files');
}

/** `count` keystrokes, one after another as soon as the last one's diagnostics (and VS Code's event for them) came. */
export async function keystrokes(api: TracingApi, count: number): Promise<KeystrokeResult> {
  const { document: target, digit } = await durationTarget();
  const key = target.uri.toString();
  const editor = await vscode.window.showTextDocument(target, { preview: false });
  const mismatches = () =>
    vscode.languages.getDiagnostics(target.uri).some((d) => d.source === 'roadmap' && String(typeof d.code === 'object' ? d.code.value : d.code) === 'duration-mismatch');
  const range = new vscode.Range(digit, digit.translate(0, 1));
  const original = target.getText(range);
  const other = original === '9' ? '8' : '9';

  /** Resolves with each step's time of the next keystroke (wanting the mismatch `want`), once it is shown and VS Code's event said so. */
  const observe = (want: boolean) => {
    const at: Partial<Record<Step, number>> = {};
    let by: 'pull' | 'push' | undefined;
    const subs: vscode.Disposable[] = [];
    const done = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the duration-mismatch never ${want ? 'showed' : 'went'} in ${GIVE_UP_MS} ms (steps seen: ${JSON.stringify(at)})`)), GIVE_UP_MS);
      const check = () => {
        if (at.shown === undefined || at.event === undefined) return;
        clearTimeout(timer);
        resolve();
      };
      subs.push(
        api.onDiagnosticsTrace((m) => {
          if (m.uri !== key) return;
          for (const [step, name] of Object.entries(STEPS) as Array<[Step, string]>) if (m.step === name && at[step] === undefined) at[step] = m.at;
          if (m.step === 'push-received') by = 'push';
          if (m.step === 'pull-answered') by = 'pull';
          if (m.step === 'set' && at.shown === undefined && mismatches() === want) {
            at.shown = m.at;
            check();
          }
        }),
        vscode.languages.onDidChangeDiagnostics((e) => {
          if (at.event !== undefined || !e.uris.some((u) => u.toString() === key) || mismatches() !== want) return;
          at.event = performance.now();
          check();
        }),
      );
    });
    return { at, by: () => by, done: done.finally(() => subs.forEach((s) => s.dispose())) };
  };

  // Settle: the document's diagnostics as they are (the server may still be pulling it for the first time).
  if (mismatches()) throw new Error('the target document has a duration-mismatch before any edit');
  const runs: Array<Partial<Record<Step, number>> & { epoch: number }> = [];
  let pulled = 0;
  let pushed = 0;
  for (let i = 0; i < count; i++) {
    const broken = i % 2 === 0;
    const seen = observe(broken);
    const t0 = performance.now();
    await editor.edit((b) => b.replace(range, broken ? other : original));
    seen.at.edit = performance.now();
    await seen.done;
    runs.push({ ...Object.fromEntries(Object.entries(seen.at).map(([k, v]) => [k, v - t0])), epoch: performance.timeOrigin + t0 });
    if (seen.by() === 'pull') pulled++;
    else pushed++;
  }
  await vscode.commands.executeCommand('workbench.action.files.revert');

  const steps: Partial<Record<Step, Figures>> = {};
  for (const step of ORDER) {
    const xs = runs.map((r) => r[step]).filter((x): x is number => x !== undefined);
    if (xs.length) steps[step] = { p50Ms: round(percentile(xs, 50)), p95Ms: round(percentile(xs, 95)), maxMs: round(Math.max(...xs)) };
  }
  const shown = steps.shown!;
  const own = runs.map((r) => r.shown! - r.change!).filter((x) => !Number.isNaN(x));
  const extension = { p50Ms: round(percentile(own, 50)), p95Ms: round(percentile(own, 95)), maxMs: round(Math.max(...own)) };
  return { count, p50Ms: shown.p50Ms, p95Ms: shown.p95Ms, maxMs: shown.maxMs, steps, extension, pulled, pushed, runs: runs.map((r) => ({ ...Object.fromEntries(Object.entries(r).map(([k, v]) => [k, round(v)])), epoch: r.epoch })) };
}

export interface TypedResult {
  count: number;
  /** When the new diagnostics were handed to VS Code (the `set` that flipped the mismatch), as epoch ms (`performance.timeOrigin + now`). */
  shown: number[];
  /** When the extension host heard of each change of the document (onDidChangeTextDocument, where the language client's part begins), epoch ms. */
  changed: number[];
}

/**
 * `count` keystrokes typed in the workbench, as a user types them: the bench puts the cursor
 * before the Duration's total and asks the runner (`ROADMAP_BENCH_TYPE`; test/runners/lib.mjs
 * typeKeystrokes) to press keys there at a person's pace, each replacing the digit so that the
 * mismatch comes and goes. It records when each flip of the diagnostics was handed to VS Code;
 * the runner records each key's `keydown` and the squiggles drawn in the page, all in one
 * clock, and bench/run.mjs joins them: keydown → shown, keydown → painted.
 */
export async function typedKeystrokes(api: TracingApi, count: number): Promise<TypedResult> {
  const { document: target, digit } = await durationTarget();
  const key = target.uri.toString();
  await vscode.window.showTextDocument(target, { preview: false, selection: new vscode.Range(digit, digit) });
  await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
  const mismatches = () =>
    vscode.languages.getDiagnostics(target.uri).some((d) => d.source === 'roadmap' && String(typeof d.code === 'object' ? d.code.value : d.code) === 'duration-mismatch');
  if (mismatches()) throw new Error('the target document has a duration-mismatch before any keystroke');
  const original = target.getText(new vscode.Range(digit, digit.translate(0, 1)));
  const other = original === '9' ? '8' : '9';
  const shown: number[] = [];
  const changed: number[] = [];
  let state = false;
  const subs: vscode.Disposable[] = [];
  const done = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the typed keystrokes did not all come back in ${GIVE_UP_MS} ms (${changed.length} changes, ${shown.length} flips seen)`)), GIVE_UP_MS);
    // The last keystroke puts the original digit back: done once it is typed and its diagnostics are shown.
    const check = () => changed.length >= count && !state && target.getText(new vscode.Range(digit, digit.translate(0, 1))) === original && (clearTimeout(timer), resolve());
    subs.push(
      api.onDiagnosticsTrace((m) => {
        if (m.uri !== key || m.step !== 'set' || mismatches() === state) return;
        state = !state;
        shown.push(performance.timeOrigin + m.at);
        check();
      }),
      vscode.workspace.onDidChangeTextDocument((e) => {
        if (e.document.uri.toString() !== key || e.contentChanges.length === 0) return;
        changed.push(performance.timeOrigin + performance.now());
        check();
      }),
    );
  });
  console.log(`ROADMAP_BENCH_TYPE ${JSON.stringify({ count, digits: [other, original] })}`);
  try {
    await done;
  } finally {
    subs.forEach((s) => s.dispose());
  }
  await vscode.commands.executeCommand('workbench.action.files.revert');
  return { count, shown, changed };
}
