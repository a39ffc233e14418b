/**
 * `roadmap`: the same engine and rules as the language server, for CI.
 *
 *   roadmap lint [paths...] [--format text|json|sarif] [--max-warnings N] [--config FILE] [--baseline FILE | --write-baseline FILE]
 *   roadmap graph [paths...] [--format json|mermaid|dot] [--config FILE]
 *
 * Exit codes: 0 clean, 1 errors (or warnings over --max-warnings), 2 usage or config error.
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { URI } from 'vscode-uri';
import { buildGraph } from './core/graphData';
import { toDot, toMermaid } from './core/graphFormat';
import { ruleDocUrl, rules } from './core/rules/registry';
import type { RoadmapDiagnostic, Severity } from './core/rules/types';
import { RoadmapWorkspace } from './core/workspace';
import { findConfig, loadConfig, type LoadedConfig } from './node/config';
import { findMarkdownFiles, isMarkdownPath, readDocumentSync } from './node/files';
import { isLintWorker, lintInWorkers, POOL_MIN_CORES, POOL_MIN_FILES, serveLintWorker, workerCount, type LintJob, type LintThread } from './cli/lintPool';
import { cachedOf, factsFromCached } from './lsp/factsCache';
import type { CachedFacts } from './protocol';
import { report } from './cli/report';

const VERSION = '0.1.0';

import { applyBaseline, asFindings, readBaseline, writeBaseline } from './cli/baseline';
import { diff } from './cli/diff';
import { UsageError } from './cli/usage';

const HELP: Record<string, string> = {
  main: `Usage: roadmap <command> [options]

Checks curriculum roadmap documents (module roadmaps, project plans) with the
same rules as the Roadmap Author VS Code extension.

Commands:
  lint [paths...]    report problems (default path: .)
  graph [paths...]   print the prerequisite graph
  diff BASE [HEAD]   what a change does to the curriculum (folders or git revisions)
  report [paths...]  what the curriculum adds up to: tracks, hours, critical paths

Run 'roadmap <command> --help' for a command's options.
`,
  lint: `Usage: roadmap lint [paths...] [options]

Checks every markdown file under the paths (default: .). Documents are checked
against each other: references resolve across the whole workspace, which is the
folder of roadmap.config.json when there is one, else the given paths.

Options:
  --format text|json|sarif  output format (default: text)
  --max-warnings N          exit 1 when there are more than N warnings
  --config FILE             use this roadmap.config.json instead of searching
                            upward from the first path
  --no-color                plain text even on a terminal
  --no-error-on-unmatched-pattern
                            exit 0 when the paths hold no roadmap document
  --baseline FILE           report (and fail on) only findings not in FILE;
                            matched by file, code and message, not line
  --write-baseline FILE     record every finding in FILE and exit 0
  --workers N               check in N threads (default: one per core, at most
                            4, for ${POOL_MIN_FILES.toLocaleString('en')} files or more on ${POOL_MIN_CORES} cores or
                            more; else 1)
  -h, --help                show this help

Exit codes: 0 no errors, 1 errors or too many warnings, 2 usage or config error,
or no roadmap document under the paths.
`,
  graph: `Usage: roadmap graph [paths...] [options]

Prints the prerequisite graph of the documents under the paths (default: .):
an edge from each document to what it needs (prerequisite) or leads to (next).

Options:
  --format json|mermaid|dot  output format (default: json)
  --config FILE              use this roadmap.config.json
  -h, --help                 show this help
`,
};

export interface Workspace {
  ws: RoadmapWorkspace;
  config: LoadedConfig;
  /** The files to report on (absolute), in order. */
  targets: string[];
  uriOf(file: string): string;
  fileOf(uri: string): string;
}

function relative(file: string): string {
  const rel = path.relative(process.cwd(), file) || path.basename(file);
  return rel.split(path.sep).join('/');
}

function progress(done: number, total: number): void {
  if (!process.stderr.isTTY || total < 200) return;
  if (done === total) process.stderr.write('\r\x1b[K');
  else process.stderr.write(`\rreading ${done}/${total} files…`);
}

/** The documents of a run: the workspace's files and the ones to report on, and the config. */
interface Found {
  config: LoadedConfig;
  /** Every file of the workspace (absolute), the targets included. */
  files: string[];
  /** The files to report on (absolute), sorted. */
  targets: string[];
}

async function findDocuments(paths: string[], configOption: string | undefined): Promise<Found> {
  const roots = (paths.length ? paths : ['.']).map((p) => path.resolve(p));
  for (const r of roots) if (!fs.existsSync(r)) throw new UsageError(`no such file or folder: ${relative(r)}`);
  if (configOption && !fs.existsSync(configOption)) throw new UsageError(`no such config file: ${configOption}`);
  const configFile = configOption ? path.resolve(configOption) : findConfig(roots[0]);
  const config = loadConfig(configFile);
  if (config.problems.length) {
    const p = config.problems[0];
    const where = `${relative(configFile!)}:${p.range.start.line + 1}:${p.range.start.character + 1}`;
    const more = config.problems.length > 1 ? ` (and ${config.problems.length - 1} more)` : '';
    throw new UsageError(`${where}: ${p.message}${more}`);
  }
  // The workspace: the config's folder, else the given paths.
  const scope = configFile ? [path.dirname(configFile)] : roots;
  const walked = async (root: string) => {
    const explicit = fs.statSync(root).isFile();
    if (explicit && !isMarkdownPath(root)) return [root];
    return (await findMarkdownFiles(root)).filter((f) => explicit || config.accepts(f));
  };
  const files = new Set<string>();
  for (const root of scope) for (const f of await walked(root)) files.add(f);
  const targets = new Set<string>();
  for (const root of roots) for (const f of await walked(root)) targets.add(f);
  for (const f of targets) files.add(f);
  return { config, files: [...files], targets: [...targets].sort() };
}

const uriOf = (file: string) => URI.file(file).toString();
const fileOf = (uri: string) => URI.parse(uri).fsPath;

/**
 * Reads every file of the workspace into the engine, as one bulk load. `lazy`: documents
 * indexed later by their facts alone (a lint thread's other shares) are modelled, read
 * from disk, when first used.
 */
function loadDocuments(found: Found, options: { lazy?: boolean; progress?: boolean } = {}): Workspace {
  const { config } = found;
  const ws = RoadmapWorkspace.fromConfig(config.resolved, {
    framework: config.framework,
    describe: (uri) => relative(fileOf(uri)),
  });
  if (options.lazy) ws.readFrom((uri) => readDocumentSync(fileOf(uri), ws.maxDocumentBytes));
  // Read a few files at once; index them as one bulk load (no per-file affected sets).
  const list = found.files;
  for (let i = 0; i < list.length; i += 32) {
    const chunk = list.slice(i, i + 32);
    const reads = chunk.map((file) => readDocumentSync(file, ws.maxDocumentBytes));
    ws.index.bulk(() => chunk.forEach((file, j) => reads[j] !== undefined && ws.set(uriOf(file), reads[j]!.text, reads[j]!.size)));
    if (options.progress !== false) progress(Math.min(i + 32, list.length), list.length);
  }
  if (options.progress !== false) progress(list.length, list.length);
  return { ws, config, targets: found.targets, uriOf, fileOf };
}

async function openWorkspace(paths: string[], configOption: string | undefined): Promise<Workspace> {
  return loadDocuments(await findDocuments(paths, configOption));
}

/** One target's findings, and whether it is a roadmap (of a known kind). */
export interface LintResult {
  file: string;
  diagnostics: RoadmapDiagnostic[];
  roadmap: boolean;
}

/** Checks the targets in this thread (the whole workspace read first). */
function lintHere(w: Workspace, targets: string[]): LintResult[] {
  return targets.map((file) => {
    const uri = w.uriOf(file);
    const diagnostics = w.ws.diagnostics(uri);
    return { file, diagnostics, roadmap: !!w.ws.index.factsOf(uri)?.kind };
  });
}

const color = {
  enabled: false,
  wrap(code: number, s: string) {
    return this.enabled ? `\x1b[${code}m${s}\x1b[0m` : s;
  },
};
const severityColor: Record<Severity, number> = { error: 31, warning: 33, information: 36, hint: 90 };

function formatText(results: Array<{ file: string; diagnostics: RoadmapDiagnostic[] }>): string {
  const out: string[] = [];
  const counts = { error: 0, warning: 0, information: 0, hint: 0 };
  for (const { file, diagnostics } of results) {
    for (const d of diagnostics) {
      counts[d.severity]++;
      const where = `${relative(file)}:${d.range.start.line + 1}:${d.range.start.character + 1}`;
      out.push(`${color.wrap(1, where)} ${color.wrap(severityColor[d.severity], d.severity)} ${d.message} ${color.wrap(90, `[${d.code}]`)}`);
    }
  }
  const total = counts.error + counts.warning + counts.information + counts.hint;
  const files = results.filter((r) => r.diagnostics.length).length;
  out.push(
    total === 0
      ? color.wrap(32, `No problems in ${results.length} file${results.length === 1 ? '' : 's'}.`)
      : `${total} problem${total === 1 ? '' : 's'} (${counts.error} error${counts.error === 1 ? '' : 's'}, ${counts.warning} warning${counts.warning === 1 ? '' : 's'}, ${counts.information + counts.hint} other) in ${files} of ${results.length} files.`,
  );
  return out.join('\n') + '\n';
}

function formatJson(results: Array<{ file: string; diagnostics: RoadmapDiagnostic[] }>, extra: object = {}): string {
  const summary = { files: results.length, errors: 0, warnings: 0, ...extra };
  const files = results.map(({ file, diagnostics }) => ({
    path: relative(file),
    diagnostics: diagnostics.map((d) => {
      if (d.severity === 'error') summary.errors++;
      if (d.severity === 'warning') summary.warnings++;
      return {
        code: d.code,
        severity: d.severity,
        message: d.message,
        line: d.range.start.line + 1,
        column: d.range.start.character + 1,
        endLine: d.range.end.line + 1,
        endColumn: d.range.end.character + 1,
      };
    }),
  }));
  return JSON.stringify({ files, summary }, null, 2) + '\n';
}

const sarifLevel: Record<Severity, string> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

function region(r: RoadmapDiagnostic['range']) {
  return { startLine: r.start.line + 1, startColumn: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 };
}

/** SARIF 2.1.0, as code-scanning services accept it. */
function formatSarif(results: Array<{ file: string; diagnostics: RoadmapDiagnostic[] }>): string {
  const index = new Map(rules.map((r, i) => [r.code, i]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'roadmap',
            informationUri: 'https://github.com/roadmap-author/roadmap-author',
            version: VERSION,
            rules: rules.map((r) => ({
              id: r.code,
              shortDescription: { text: r.description },
              helpUri: ruleDocUrl(r.code),
              defaultConfiguration: { level: sarifLevel[r.severity] },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        originalUriBaseIds: { '%SRCROOT%': { uri: URI.file(process.cwd()).toString() + '/' } },
        results: results.flatMap(({ file, diagnostics }) =>
          diagnostics.map((d) => ({
            ruleId: d.code,
            ruleIndex: index.get(d.code),
            level: sarifLevel[d.severity],
            message: { text: d.message },
            locations: [{ physicalLocation: { artifactLocation: { uri: relative(file), uriBaseId: '%SRCROOT%' }, region: region(d.range) } }],
            ...(d.related?.length
              ? {
                  relatedLocations: d.related.map((r, i) => ({
                    id: i + 1,
                    message: { text: r.message },
                    physicalLocation: { artifactLocation: { uri: relative(fileOf(r.uri)), uriBaseId: '%SRCROOT%' }, region: region(r.range) },
                  })),
                }
              : {}),
          })),
        ),
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

async function lint(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      'max-warnings': { type: 'string' },
      config: { type: 'string' },
      color: { type: 'boolean', default: true },
      'no-color': { type: 'boolean' },
      'no-error-on-unmatched-pattern': { type: 'boolean' },
      baseline: { type: 'string' },
      'write-baseline': { type: 'string' },
      workers: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(HELP.lint);
    return 0;
  }
  const format = values.format!;
  if (!['text', 'json', 'sarif'].includes(format)) throw new UsageError(`unknown format "${format}" (expected text, json or sarif)`);
  let maxWarnings = Infinity;
  if (values['max-warnings'] !== undefined) {
    if (!/^\d+$/.test(values['max-warnings'])) throw new UsageError(`--max-warnings needs a whole number, not "${values['max-warnings']}"`);
    maxWarnings = Number(values['max-warnings']);
  }
  color.enabled = format === 'text' && !!process.stdout.isTTY && !values['no-color'] && !process.env.NO_COLOR;
  if (values.baseline !== undefined && values['write-baseline'] !== undefined) throw new UsageError('--baseline and --write-baseline do not go together: write the baseline first, then check against it');
  const baseline = values.baseline !== undefined ? readBaseline(values.baseline) : undefined;
  const found = await findDocuments(positionals, values.config);
  const workers = workerCount(values.workers, found.targets.length);
  const checked = workers > 1 ? await lintInWorkers(found.files, found.targets, workers, { paths: positionals, config: values.config }, lintThread()) : lintHere(loadDocuments(found), found.targets);
  let results = checked.map(({ file, diagnostics }) => ({ file, diagnostics }));
  // A CI job must not read "checked nothing" as green (ESLint exits 2 the same way).
  const roadmaps = checked.filter((r) => r.diagnostics.length || r.roadmap).length;
  if (roadmaps === 0 && !values['no-error-on-unmatched-pattern']) {
    const where = (positionals.length ? positionals : ['.']).join(', ');
    const what = results.length ? `${results.length} markdown file${results.length === 1 ? '' : 's'}, none of them a roadmap (no first H1 names a known kind)` : 'no markdown file';
    process.stderr.write(`roadmap: no roadmap document under ${where}: ${what}. Pass --no-error-on-unmatched-pattern to allow this.\n`);
    return 2;
  }
  const written = values['write-baseline'];
  if (written !== undefined) {
    const findings = asFindings(results, written);
    writeBaseline(written, findings);
    process.stdout.write(`Wrote ${findings.length} finding${findings.length === 1 ? '' : 's'} in ${results.length} file${results.length === 1 ? '' : 's'} to ${written}.\n`);
    return 0;
  }
  let baselineNote: { file: string; matched: number; stale: number } | undefined;
  if (baseline) {
    const applied = applyBaseline(results, baseline, values.baseline!);
    results = applied.results;
    baselineNote = { file: values.baseline!, matched: applied.matched, stale: applied.stale };
  }
  const all = results.flatMap((r) => r.diagnostics);
  const errors = all.filter((d) => d.severity === 'error').length;
  const warnings = all.filter((d) => d.severity === 'warning').length;
  process.stdout.write(format === 'json' ? formatJson(results, baselineNote ? { baseline: baselineNote } : {}) : format === 'sarif' ? formatSarif(results) : formatText(results));
  if (format === 'text' && baselineNote) {
    const { file, matched, stale } = baselineNote;
    process.stdout.write(`${matched} finding${matched === 1 ? '' : 's'} in the baseline ${file} not shown${stale ? `; ${stale} baseline finding${stale === 1 ? '' : 's'} no longer found (--write-baseline ${file} drops ${stale === 1 ? 'it' : 'them'})` : ''}.\n`);
  }
  if (format === 'text' && warnings > maxWarnings) process.stdout.write(`Too many warnings: ${warnings}, at most ${maxWarnings} allowed.\n`);
  return errors > 0 || warnings > maxWarnings ? 1 : 0;
}

async function graph(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'json' },
      config: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(HELP.graph);
    return 0;
  }
  const format = values.format!;
  if (!['json', 'mermaid', 'dot'].includes(format)) throw new UsageError(`unknown format "${format}" (expected json, mermaid or dot)`);
  const w = await openWorkspace(positionals, values.config);
  const data = buildGraph(w.ws.index);
  if (format === 'mermaid') process.stdout.write(toMermaid(data));
  else if (format === 'dot') process.stdout.write(toDot(data));
  else {
    const out = {
      nodes: data.nodes.map((n) => ({
        id: n.id,
        title: n.title ?? null,
        kind: n.kind ?? null,
        roles: n.roles,
        path: n.uri ? relative(w.fileOf(n.uri)) : null,
        defined: n.defined,
      })),
      edges: data.edges.map((e) => ({ from: e.from, to: e.to, type: e.type })),
    };
    process.stdout.write(JSON.stringify(out, null, 2) + '\n');
  }
  return 0;
}

export async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    if (!command || command === '-h' || command === '--help' || command === 'help') {
      process.stdout.write(HELP.main);
      return command ? 0 : 2;
    }
    if (command === '--version' || command === '-v') {
      process.stdout.write(`${VERSION}\n`);
      return 0;
    }
    if (command === 'lint') return await lint(rest);
    if (command === 'graph') return await graph(rest);
    if (command === 'diff') return await diff(rest);
    if (command === 'report') return await report(rest, { open: openWorkspace, relative });
    throw new UsageError(`unknown command "${command}" (expected lint or graph; see roadmap --help)`);
  } catch (err) {
    if (err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      process.stderr.write(`roadmap: ${(err as Error).message}\n`);
      return 2;
    }
    throw err;
  }
}

/** One share of `roadmap lint`'s pool (cli/lintPool.ts), in a thread of it or in this one: the same workspace, its share of the targets. */
function lintThread(): LintThread {
  let w: Workspace;
  let job: LintJob;
  return {
    async load(j) {
      job = j;
      const found = await findDocuments(j.paths, j.config);
      w = loadDocuments({ ...found, files: j.share }, { lazy: true, progress: false });
      return j.share.flatMap((file) => {
        const facts = w.ws.index.factsOf(w.uriOf(file));
        return facts ? [[file, cachedOf(facts)] as [string, CachedFacts]] : [];
      });
    },
    check(others) {
      w.ws.index.bulk(() => {
        for (const [file, cached] of others) {
          const facts = factsFromCached(w.ws, cached);
          if (facts) w.ws.index.updateFacts(w.uriOf(file), facts);
        }
      });
      return lintHere(w, job.targets);
    },
  };
}

if (isLintWorker()) {
  serveLintWorker(lintThread());
} else {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`roadmap: internal error: ${(err as Error).stack ?? err}\n`);
      process.exitCode = 2;
    },
  );
}
