/**
 * Helpers for the hardening protocol tests (churn, resilience, limits): generated
 * roadmap documents, a folder read back as files, and a comparison of a long-running
 * server with a server started cold on the same folder.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import type { CompletionList, Diagnostic, SymbolInformation } from 'vscode-languageserver-protocol';
import { URI } from 'vscode-uri';
import { TestClient } from './client';
import { moduleText } from './moduleDoc';

/** A complete module roadmap: clean unless its links say otherwise. */
export { moduleText as moduleDoc };

/** The one seeded generator, as a function (test/fixtures/random.ts): generated workspaces are the same on every run. */
export { randomFn as prng } from '../fixtures/random';

/** Every file under a folder, by its path relative to it (forward slashes). */
export function readTree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fs.readdirSync(root, { recursive: true }).map(String)) {
    const full = path.join(root, f);
    if (fs.statSync(full).isFile()) out[f.split(path.sep).join('/')] = fs.readFileSync(full, 'utf8');
  }
  return out;
}

/** A URI of the client's folder with the folder replaced by `<root>`, so that two servers on two folders compare. */
function relative(client: TestClient, uri: string): string {
  return relativeTo(URI.file(client.root).toString(), uri);
}
function relativeTo(root: string, uri: string): string {
  return uri.startsWith(root + '/') ? '<root>' + uri.slice(root.length) : uri;
}

/**
 * Each published list of diagnostics in its comparable form, kept with the list: `assertLikeCold`
 * compares every file's diagnostics on each message from the server, and a list once received
 * never changes (a new publish is a new list), so each is formatted once.
 */
const comparable = new WeakMap<Diagnostic[], string[]>();

/** One file's published list in its comparable form (related locations relative to `root`), made once per list. */
function comparableLines(diagnostics: Diagnostic[], root: string): string[] {
  let lines = comparable.get(diagnostics);
  if (!lines) {
    lines = diagnostics
      .map((d: Diagnostic) =>
        JSON.stringify({
          range: d.range,
          severity: d.severity,
          code: d.code,
          message: d.message,
          related: (d.relatedInformation ?? []).map((r) => `${relativeTo(root, r.location.uri)} ${JSON.stringify(r.location.range)} ${r.message}`).sort(),
        }),
      )
      .sort();
    comparable.set(diagnostics, lines);
  }
  return lines;
}

/** The latest diagnostics of every file of the folder, by relative path, in a comparable form (empty lists left out). */
export function diagnosticsByPath(client: TestClient): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const root = URI.file(client.root).toString();
  for (const [uri, diagnostics] of client.diagnostics) {
    if (diagnostics.length > 0) out[relativeTo(root, uri)] = comparableLines(diagnostics, root);
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/**
 * Whether the client's latest diagnostics are `want` (as `diagnosticsByPath` gives them),
 * for a check made on every message from the server: each call looks again only at the
 * files whose list was published since the last call (a list once received never changes),
 * not at every file.
 */
function hasDiagnostics(client: TestClient, want: Record<string, string[]>): () => boolean {
  const root = URI.file(client.root).toString();
  const seen = new Map<string, Diagnostic[]>();
  const differ = new Set(Object.keys(want));
  return () => {
    for (const [uri, diagnostics] of client.diagnostics) {
      if (seen.get(uri) === diagnostics) continue;
      seen.set(uri, diagnostics);
      const at = relativeTo(root, uri);
      if (isDeepStrictEqual(diagnostics.length > 0 ? comparableLines(diagnostics, root) : undefined, want[at])) differ.delete(at);
      else differ.add(at);
    }
    return differ.size === 0;
  };
}

/** A document open in both servers, to ask for ID completion: one line per typed prefix. */
export const SCRATCH = 'zz-scratch.md';
export const PREFIXES = ['MOD-', 'MOD-1', 'MOD-2', 'MOD-3', 'MOD-4', 'MOD-5', 'MOD-6', 'MOD-7', 'MOD-8', 'MOD-9', 'PROJ-'];
export const SCRATCH_TEXT = moduleText({ id: 'MOD-99999', title: 'Scratch', notes: 'Typed prefixes below; see MOD-99998 (defined nowhere, so that this document has a diagnostic).' }) + '\n' + PREFIXES.join('\n\n') + '\n';

/** What the server knows of IDs: workspace symbols, and ID completion for every prefix of the scratch document. */
export async function idAnswers(client: TestClient): Promise<{ symbols: string[]; completion: string[] }> {
  const symbols = (await client.request<SymbolInformation[]>('workspace/symbol', { query: '' }))
    .map((s) => `${s.name} ${relative(client, s.location.uri)} ${JSON.stringify(s.location.range)}`)
    .sort();
  const lines = SCRATCH_TEXT.split('\n');
  const completion: string[] = [];
  for (const prefix of PREFIXES) {
    const line = lines.lastIndexOf(prefix);
    const list = await client.request<CompletionList>('textDocument/completion', {
      textDocument: { uri: client.uri(SCRATCH) },
      position: { line, character: prefix.length },
    });
    completion.push(`${prefix}: ${list.isIncomplete ? 'incomplete ' : ''}${list.items.map((i) => `${i.label}=${i.labelDetails?.description ?? ''}`).join(',')}`);
  }
  return { symbols, completion };
}

/** Resolves when the server has indexed everything and checked every document (status ready, nothing left to check), with the time it did. */
export function settled(client: TestClient, what = 'the server has checked every document'): Promise<number> {
  return client.until(() => client.serverStatus?.state === 'ready' && client.serverStatus.checking === 0, what, 120_000);
}

/**
 * Starts a second server cold on a copy of the first one's folder (the scratch document
 * open in both), and checks that the first one ends exactly there: the diagnostics of
 * every file, workspace symbols, ID completion. Both servers are compared once each has
 * checked every document; the warm one is then waited for until its diagnostics equal
 * the cold one's (every message re-checks), and fails with the difference.
 */
export async function assertLikeCold(warm: TestClient): Promise<void> {
  const cold = await TestClient.start(readTree(warm.root));
  try {
    cold.open(SCRATCH, SCRATCH_TEXT);
    await cold.until(() => cold.diagnostics.has(cold.uri(SCRATCH)), 'the cold server checks the scratch document');
    await settled(cold, 'the cold server has checked every document');
    const same = hasDiagnostics(warm, diagnosticsByPath(cold));
    await warm
      .until(() => warm.serverStatus?.checking === 0 && same(), 'the warm server has the cold server’s diagnostics', 60_000)
      .catch(() => assert.deepEqual(diagnosticsByPath(warm), diagnosticsByPath(cold), 'the diagnostics of every file, warm and cold'));
    await settled(warm);
    const [warmAnswers, coldAnswers] = await Promise.all([idAnswers(warm), idAnswers(cold)]);
    assert.deepEqual(warmAnswers.symbols, coldAnswers.symbols, 'workspace symbols, warm and cold');
    assert.deepEqual(warmAnswers.completion, coldAnswers.completion, 'ID completion, warm and cold');
  } finally {
    await cold.stop();
  }
}

/** The last diagnostics published for each path are empty (or none were ever published). */
export function assertNoStale(client: TestClient, paths: string[]): void {
  for (const p of paths) {
    assert.deepEqual(client.diagnostics.get(client.uri(p)) ?? [], [], `${p} was deleted: its last published diagnostics are empty`);
  }
}
