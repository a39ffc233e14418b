/**
 * The web host's bench (BENCH_ONLY=web in bench/run.mjs, through test/runners/web.mjs
 * --tests out/web-suite/bench.js --folder <corpus>): in the web worker extension host,
 * with the server in a web worker reading the workspace through workspace.fs,
 *
 * - cold start: from `activate()` to the server's `ready` with every document indexed
 *   (the listing, every file read through the client, facts), and on to the whole
 *   workspace checked; then again after "Restart Language Server";
 * - keystroke → diagnostics: an edit applied in an editor (toggling a duration-mismatch
 *   in an open document) until VS Code holds the new diagnostics for it.
 *
 * Prints one line `ROADMAP_BENCH_WEB {json}` for the runner. Not a test: no assertion
 * fails it, except that the workspace must be the corpus.
 */
import * as vscode from 'vscode';
import type { ServerStatus } from '../../server/src/protocol';

interface Api {
  onServerStatus: vscode.Event<ServerStatus>;
}

const EXTENSION_ID = 'roadmap-author.roadmap-author';

/** Resolves with the time of the first status that satisfies `ok`. */
function statusWhere(api: Api, ok: (s: ServerStatus) => boolean, what: string): Promise<{ at: number; status: ServerStatus }> {
  return new Promise((resolve, reject) => {
    let last: ServerStatus | undefined;
    // A bound, so that a server that never gets there fails the bench instead of hanging it.
    const timer = setTimeout(() => reject(new Error(`no status ${what} in ${GIVE_UP_MS} ms (last: ${JSON.stringify(last)})`)), GIVE_UP_MS);
    const sub = api.onServerStatus((s) => {
      last = s;
      if (!ok(s)) return;
      clearTimeout(timer);
      sub.dispose();
      resolve({ at: performance.now(), status: s });
    });
  });
}

const GIVE_UP_MS = 120_000;

const percentile = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
};

/** From `start()` to `ready` with every document indexed, and on to none left to check. */
async function coldStart(api: Api, expected: number, t0: number, start: () => Thenable<unknown>) {
  const indexed = statusWhere(api, (s) => s.state === 'ready' && s.documents >= expected, `ready with ${expected} documents`);
  const checked = statusWhere(api, (s) => s.state === 'ready' && s.documents >= expected && s.checking === 0, 'with every document checked');
  await start();
  const i = await indexed;
  const c = await checked;
  return { indexedMs: Math.round(i.at - t0), checkedMs: Math.round(c.at - t0), documents: i.status.documents, roadmaps: i.status.roadmaps, withProblems: c.status.withProblems };
}

/** Keystrokes in an open roadmap: each toggles its Duration between a matching and a mismatching total. */
async function keystrokes(count: number) {
  const files = await vscode.workspace.findFiles('**/*.md', '**/node_modules/**', 50);
  let target: vscode.TextDocument | undefined;
  let at = -1;
  for (const f of files) {
    const doc = await vscode.workspace.openTextDocument(f);
    // A module whose Duration's parts add up to its total: one digit changed, they do not.
    const m = /\*\*Duration\*\*: (\d+) hours \(([^)]*)\)/.exec(doc.getText());
    const parts = m ? [...m[2].matchAll(/\d+/g)].reduce((a, x) => a + Number(x[0]), 0) : -1;
    if (m && parts === Number(m[1])) {
      at = m.index;
      target = doc;
      break;
    }
  }
  if (!target) throw new Error('no module whose Duration adds up in the first 50 files');
  const editor = await vscode.window.showTextDocument(target, { preview: false });
  const digit = target.positionAt(target.getText().indexOf(': ', at) + 2);
  const mismatches = () => vscode.languages.getDiagnostics(target!.uri).some((d) => d.source === 'roadmap' && String(typeof d.code === 'object' ? d.code.value : d.code) === 'duration-mismatch');
  const until = (want: boolean) =>
    new Promise<number>((resolve, reject) => {
      if (mismatches() === want) return resolve(performance.now());
      const timer = setTimeout(() => reject(new Error(`the duration-mismatch never ${want ? 'showed' : 'went'} in ${GIVE_UP_MS} ms`)), GIVE_UP_MS);
      const sub = vscode.languages.onDidChangeDiagnostics((e) => {
        if (!e.uris.some((u) => u.toString() === target!.uri.toString()) || mismatches() !== want) return;
        clearTimeout(timer);
        sub.dispose();
        resolve(performance.now());
      });
    });
  const original = target.getText(new vscode.Range(digit, digit.translate(0, 1)));
  const other = original === '9' ? '8' : '9';
  // Settle: the document's diagnostics as they are.
  await until(false);
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const broken = i % 2 === 0;
    const t0 = performance.now();
    const shown = until(broken);
    await editor.edit((b) => b.replace(new vscode.Range(digit, digit.translate(0, 1)), broken ? other : original));
    times.push((await shown) - t0);
  }
  await vscode.commands.executeCommand('workbench.action.files.revert');
  return { count, p50Ms: percentile(times, 50), p95Ms: percentile(times, 95), maxMs: Math.max(...times) };
}

/** Keystrokes timed (as the desktop bench's BENCH_EDITS default). */
const KEYSTROKES = 200;

export async function run(): Promise<void> {
  console.log('roadmap suite: bench (web worker extension host)');
  const expected = (await vscode.workspace.findFiles('**/*.md', '**/node_modules/**')).length;
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  if (!ext) throw new Error(`${EXTENSION_ID} is not loaded`);
  // activate() returns the API before the language client is even loaded (activation.ts): every status comes after.
  const t0 = performance.now();
  const api = (await ext.activate()) as Api;
  const activateMs = Math.round(performance.now() - t0);
  const cold = await coldStart(api, expected, t0, async () => undefined);
  const t1 = performance.now();
  const restart = await coldStart(api, expected, t1, () => vscode.commands.executeCommand('roadmap.restartServer'));
  const typing = await keystrokes(KEYSTROKES);
  console.log(`ROADMAP_BENCH_WEB ${JSON.stringify({ expected, activateMs, cold, restart, typing })}`);
}
