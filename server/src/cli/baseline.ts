/**
 * `roadmap lint --baseline FILE` and `--write-baseline FILE`: the findings a
 * curriculum already has, kept in a file, so that CI fails only on new ones.
 *
 * The file (docs/ci.md, "The baseline file"):
 *
 *   {
 *     "version": 1,
 *     "findings": [
 *       { "path": "modules/mod-101.md", "code": "missing-section", "message": "…", "count": 1 }
 *     ]
 *   }
 *
 * Paths are relative to the baseline file's folder, with `/`. There are no line
 * numbers: a finding is matched by path, code and message (core/findings.ts), and
 * `count` says how many identical ones there were.
 */
import fs from 'node:fs';
import path from 'node:path';
import { findingKey, matchFindings, type Finding } from '../core/findings';
import { UsageError } from './usage';

export const BASELINE_VERSION = 1;

export interface BaselineFile {
  version: number;
  findings: Array<{ path: string; code: string; message: string; count: number }>;
}

/** A linted file's path as the baseline file at `baselineFile` writes it. */
export function baselinePath(file: string, baselineFile: string): string {
  return path.relative(path.dirname(path.resolve(baselineFile)), file).split(path.sep).join('/');
}

/** The findings of a baseline file, one entry per finding (counts expanded); a clear UsageError when it cannot be used. */
export function readBaseline(file: string): Finding[] {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new UsageError(code === 'ENOENT' ? `no such baseline file: ${file} (write one with --write-baseline ${file})` : `cannot read the baseline ${file}: ${(err as Error).message}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new UsageError(`the baseline ${file} is not JSON: ${(err as Error).message}`);
  }
  const bad = (why: string) => new UsageError(`the baseline ${file} ${why} (see docs/ci.md, "The baseline file")`);
  if (typeof data !== 'object' || data === null || Array.isArray(data)) throw bad('is not a JSON object');
  const { version, findings } = data as Partial<BaselineFile>;
  if (version !== BASELINE_VERSION) throw bad(`has version ${JSON.stringify(version)}; this roadmap reads version ${BASELINE_VERSION}`);
  if (!Array.isArray(findings)) throw bad('has no "findings" array');
  const out: Finding[] = [];
  findings.forEach((f, i) => {
    const ok = typeof f === 'object' && f !== null && typeof f.path === 'string' && typeof f.code === 'string' && typeof f.message === 'string';
    if (!ok) throw bad(`has a finding (#${i + 1}) without a string "path", "code" and "message"`);
    const count = f.count ?? 1;
    if (!Number.isInteger(count) || count < 1) throw bad(`has a finding (#${i + 1}) whose "count" is not a whole number ≥ 1`);
    for (let k = 0; k < count; k++) out.push({ path: f.path, code: f.code, message: f.message });
  });
  return out;
}

/** The baseline file's text for these findings: grouped by path, code and message, sorted, counted. */
export function baselineText(findings: readonly Finding[]): string {
  const counted = new Map<string, BaselineFile['findings'][number]>();
  for (const f of findings) {
    const k = findingKey(f);
    const entry = counted.get(k);
    if (entry) entry.count++;
    else counted.set(k, { path: f.path, code: f.code, message: f.message, count: 1 });
  }
  const cmp = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const list = [...counted.values()].sort((a, b) => cmp(a.path, b.path) || cmp(a.code, b.code) || cmp(a.message, b.message));
  const out: BaselineFile = { version: BASELINE_VERSION, findings: list };
  return JSON.stringify(out, null, 2) + '\n';
}

export function writeBaseline(file: string, findings: readonly Finding[]): void {
  try {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    fs.writeFileSync(file, baselineText(findings));
  } catch (err) {
    throw new UsageError(`cannot write the baseline ${file}: ${(err as Error).message}`);
  }
}

/** A linted file and its findings, as `roadmap lint` holds them. */
/** What a finding of `roadmap lint` has that the baseline reads. */
type Diagnostic = { code: string; message: string; range: { start: { line: number; character: number } } };

export interface FileFindings<D extends Diagnostic> {
  file: string;
  diagnostics: D[];
}

/** The findings of each file as a baseline at `baselineFile` records them. */
export function asFindings<D extends Diagnostic>(results: ReadonlyArray<FileFindings<D>>, baselineFile: string): Array<Finding & { diagnostic: D }> {
  return results.flatMap(({ file, diagnostics }) => {
    const p = baselinePath(file, baselineFile);
    return diagnostics.map((d) => ({ path: p, code: d.code, message: d.message, line: d.range.start.line, column: d.range.start.character, diagnostic: d }));
  });
}

/**
 * Keeps only the findings the baseline does not account for. `matched`: findings the
 * baseline accounts for (not reported); `stale`: baseline findings in the linted files,
 * or in files that no longer exist, that no longer occur (fixed: rewriting the baseline
 * drops them). Findings of other files are left alone (a lint of one folder).
 */
export function applyBaseline<D extends Diagnostic>(
  results: ReadonlyArray<FileFindings<D>>,
  baseline: readonly Finding[],
  baselineFile: string,
): { results: Array<FileFindings<D>>; matched: number; stale: number } {
  const linted = new Set(results.map((r) => baselinePath(r.file, baselineFile)));
  const dir = path.dirname(path.resolve(baselineFile));
  const m = matchFindings(asFindings(results, baselineFile), baseline.filter((f) => linted.has(f.path) || !fs.existsSync(path.resolve(dir, f.path))));
  const fresh = new Set(m.added.map((f) => f.diagnostic));
  return {
    results: results.map(({ file, diagnostics }) => ({ file, diagnostics: diagnostics.filter((d) => fresh.has(d)) })),
    matched: m.kept.length,
    stale: m.gone.length,
  };
}
