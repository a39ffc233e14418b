/**
 * The editor bench (BENCH_ONLY=web in bench/run.mjs): in the web worker extension host
 * (test/runners/web.mjs --tests out/web-suite/bench.js --folder <corpus>), with the
 * server in a web worker reading the workspace through workspace.fs, and the same
 * module in the desktop's Node extension host (test/runners/code-server.mjs --tests
 * out/web-suite/bench.js --folder <corpus>), the server a Node process reading the disk:
 *
 * - cold start: from `activate()` to the server's `ready` with every document indexed
 *   (the listing, every file read, facts), and on to the whole workspace checked; then
 *   again after "Restart Language Server";
 * - keystroke → diagnostics (keystrokes.ts): an edit applied in an editor (toggling a
 *   duration-mismatch in an open document) until the client hands the new diagnostics
 *   to VS Code, with the time of every step on the way.
 *
 * Prints one line `ROADMAP_BENCH_WEB {json}` for the runner. Not a test: no assertion
 * fails it, except that the workspace must be the corpus.
 */
import * as vscode from 'vscode';
import type { ServerStatus } from '../../server/src/protocol';
import { keystrokes, typedKeystrokes, type TracingApi } from './keystrokes';

interface Api extends TracingApi {
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

/** From `start()` to `ready` with every document indexed, and on to none left to check. */
async function coldStart(api: Api, expected: number, t0: number, start: () => Thenable<unknown>) {
  const indexed = statusWhere(api, (s) => s.state === 'ready' && s.documents >= expected, `ready with ${expected} documents`);
  const checked = statusWhere(api, (s) => s.state === 'ready' && s.documents >= expected && s.checking === 0, 'with every document checked');
  await start();
  const i = await indexed;
  const c = await checked;
  return { indexedMs: Math.round(i.at - t0), checkedMs: Math.round(c.at - t0), documents: i.status.documents, roadmaps: i.status.roadmaps, withProblems: c.status.withProblems };
}

/** Keystrokes timed (as the desktop bench's BENCH_EDITS default). */
const KEYSTROKES = 200;
/** Keystrokes typed in the workbench by the runner, at a person's pace. */
const TYPED = 100;

export async function run(): Promise<void> {
  console.log(`roadmap suite: bench (${typeof process === 'undefined' ? 'web worker' : 'Node'} extension host)`);
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
  const typing = await keystrokes(api, KEYSTROKES);
  const typed = await typedKeystrokes(api, TYPED);
  console.log(`ROADMAP_BENCH_WEB ${JSON.stringify({ expected, activateMs, cold, restart, typing, typed })}`);
}
