/**
 * The analytics figures of the benchmark (issue 12), run by bench/run.mjs as
 * `tasks.js analytics <docs>`:
 *
 * - `computeAnalytics` over the in-memory workspace as the server holds it after its
 *   check pass: every document modelled and checked (the proficiency rules of that pass
 *   bring the requires graph up to date, so the server's first analytics finds it built).
 *   The first call (the structure, each model's hours and competencies read once, the
 *   tracks), and again after an edit that changes one document's hours (the per-model
 *   cache kept, everything else recomputed). The check pass itself is timed apart
 *   (`checkMs`);
 * - one document's figures after an edit (`documentAnalytics`: hours before and its
 *   chain, blocking, delay): `edits` times, a document's Duration changed and then the
 *   figures of a deep document asked for; the edit itself (`ws.set`) is timed apart.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { URI } from 'vscode-uri';
import { analyticsOf, computeAnalytics, documentAnalytics } from '../server/src/core/analytics';
import { RoadmapWorkspace } from '../server/src/core/workspace';
import { findMarkdownFiles, readText } from '../server/src/node/files';

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

export async function analyticsTask(args: string[]): Promise<Record<string, unknown>> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { edits: { type: 'string' } } });
  const root = path.resolve(positionals[0]);
  const edits = Number(values.edits ?? 100);
  const ws = new RoadmapWorkspace();
  const texts = new Map<string, string>();
  for (const f of await findMarkdownFiles(root)) {
    const text = await readText(f);
    if (text !== undefined) texts.set(URI.file(f).toString(), text);
  }
  ws.index.bulk(() => {
    for (const [uri, text] of texts) ws.set(uri, text);
  });

  // The server's check pass: every document's diagnostics, as the language server
  // publishes them once it has indexed the workspace.
  let t = performance.now();
  for (const uri of texts.keys()) ws.diagnostics(uri);
  const checkMs = performance.now() - t;

  t = performance.now();
  const first = computeAnalytics(ws);
  const firstMs = performance.now() - t;
  t = performance.now();
  computeAnalytics(ws);
  const cachedMs = performance.now() - t;

  // The documents to edit and to ask about: those with the longest chains before them.
  const deep = first.documents.filter((d) => d.hoursBefore !== null).sort((a, b) => b.hoursBefore! - a.hoursBefore!);
  const engine = analyticsOf(ws);
  const setMs: number[] = [];
  const queryMs: number[] = [];
  let chainLength = 0;
  let ancestors = 0;
  for (let k = 0; k < edits && deep.length; k++) {
    const target = deep[k % Math.min(deep.length, 50)];
    // Edit a document on its chain: its Duration grows by one hour, then back.
    const chain = target.chainBefore!;
    const editedId = chain.length ? chain[k % chain.length] : target.id;
    const uri = engine.graph.owner(editedId)!;
    const text = texts.get(uri)!;
    const edited = text.replace(/(\*\*(?:Estimated )?Duration:?\*\*:?\s*)(\d+)/, (_, a: string, n: string) => `${a}${Number(n) + 1 + (k % 2)}`);
    let s = performance.now();
    ws.set(uri, edited);
    setMs.push(performance.now() - s);
    s = performance.now();
    const d = documentAnalytics(ws, target.id)!;
    queryMs.push(performance.now() - s);
    chainLength = Math.max(chainLength, d.chainBefore?.length ?? 0);
    ancestors = Math.max(ancestors, engine.ancestors(target.id).size);
  }

  t = performance.now();
  const again = computeAnalytics(ws);
  const afterEditMs = performance.now() - t;
  return {
    documents: first.documents.length,
    tracks: first.tracks.length,
    cycles: first.cycles.length,
    checkMs,
    firstMs,
    cachedMs,
    afterEditMs,
    againDocuments: again.documents.length,
    edits: setMs.length,
    setP50: pct(setMs, 50),
    setP95: pct(setMs, 95),
    queryP50: pct(queryMs, 50),
    queryP95: pct(queryMs, 95),
    queryMax: Math.max(...queryMs),
    longestChainAsked: chainLength,
    mostAncestors: ancestors,
    rssMiB: process.memoryUsage().rss / 2 ** 20,
  };
}
