/**
 * `roadmap report [paths] [--role ROLE] [--format text|json|markdown|html]`: what the
 * curriculum adds up to (core/analytics), for people and for CI. docs/report.md
 * documents the json and the definitions.
 *
 * The command needs the CLI's way of opening a workspace (the config's folder, else
 * the paths); cli.ts passes it in, so this module does not import cli.ts (which runs
 * the command line when loaded).
 */
import { parseArgs } from 'node:util';
import { computeAnalytics, type Analytics, type DocumentAnalytics } from '../core/analytics';
import { oneLine } from '../core/escape/label';
import { escapeMarkdownText, markdownTableCell } from '../core/escape/markdown';
import type { RoadmapWorkspace } from '../core/workspace';
import type { LoadedConfig } from '../node/config';
import { partsText, topBlocking } from '../core/analytics/summary';
import { reportHtml } from './reportHtml';

export { partsText, topBlocking };

export const REPORT_HELP = `Usage: roadmap report [paths...] [options]

What the curriculum under the paths (default: .) adds up to: each role track's
documents, hours and weeks, its critical path (the chain with the most hours),
the documents that block the most others, the competency coverage along each
track, documents on no chain, and prerequisite cycles. docs/analytics.md
defines every figure.

Options:
  --role ROLE                          only this role's track
  --format text|json|markdown|html     output format (default: text); html is one
                                       self-contained page
  --top N                              blocking documents listed (default: 10;
                                       not in json, which lists every document)
  --config FILE                        use this roadmap.config.json
  -h, --help                           show this help

Exit codes: 0 done, 2 usage or config error (an unknown --role names the roles
that exist).
`;

/** What the report needs of the CLI: its way of opening a workspace, and of naming a file. */
export interface ReportEnv {
  open(paths: string[], config: string | undefined): Promise<{ ws: RoadmapWorkspace; config: LoadedConfig; fileOf(uri: string): string }>;
  relative(file: string): string;
}

/** A document of the report: the analytics' figures, with a path for the URI. */
export type ReportDocument = Omit<DocumentAnalytics, 'uri'> & { path: string };

/** The report's data, as `--format json` prints it (docs/report.md). */
export interface Report extends Omit<Analytics, 'documents'> {
  documents: ReportDocument[];
  /** The --role given, or null for every track. */
  role: string | null;
  /** The proficiency levels, lowest first (the config's `proficiencyLevels`). */
  levels: string[];
}

/** The analytics of a workspace as a report: every track, or one role's (its documents, coverage and cycles only). */
export function buildReport(ws: RoadmapWorkspace, hoursPerWeek: number, role: string | undefined, pathOf: (uri: string) => string): Report {
  const a = computeAnalytics(ws, { hoursPerWeek });
  let { documents, tracks, coverage, cycles } = a;
  if (role !== undefined) {
    const track = tracks.find((t) => t.role === role);
    if (!track) throw new UnknownRole(role, tracks.map((t) => t.role));
    const members = new Set(track.documents);
    tracks = [track];
    documents = documents.filter((d) => members.has(d.id));
    coverage = coverage.filter((c) => c.role === role);
    cycles = cycles.filter((c) => c.some((id) => members.has(id)));
  }
  return {
    role: role ?? null,
    levels: [...ws.schema.schema.proficiencyLevels],
    hoursPerWeek: a.hoursPerWeek,
    documents: documents.map(({ uri, ...d }) => ({ ...d, path: pathOf(uri) })),
    tracks,
    coverage,
    cycles,
  };
}

export class UnknownRole extends Error {
  constructor(
    readonly role: string,
    readonly roles: string[],
  ) {
    super(
      roles.length
        ? `unknown role "${oneLine(role)}": the roles of this curriculum are ${roles.map((r) => `"${oneLine(r)}"`).join(', ')}`
        : `unknown role "${oneLine(role)}": no document of this curriculum names a Target Role(s)`,
    );
  }
}

// --- shared wording ----------------------------------------------------------------

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

/** The documents whose chain figures are withheld, with why. */
const withNotes = (r: Report) => r.documents.filter((d) => d.note);

const dash = (v: number | null) => (v === null ? '—' : String(v));

// --- text --------------------------------------------------------------------------

function text(r: Report, top: number): string {
  const t = (s: string) => oneLine(s);
  const out: string[] = [];
  out.push(`${plural(r.documents.length, 'document')}, ${plural(r.tracks.length, 'role track')}, ${plural(r.cycles.length, 'cycle')}; pace ${r.hoursPerWeek} hours a week.`);
  for (const k of r.tracks) {
    out.push('', `${t(k.role)}: ${plural(k.documents.length, 'document')}, ${k.hours} hours${Object.keys(k.hoursByPart).length ? ` (${partsText(k.hoursByPart)})` : ''}, ${plural(k.weeks, 'week')}`);
    out.push(k.criticalPath.ids.length ? `  critical path, ${k.criticalPath.hours} hours: ${k.criticalPath.ids.map(t).join(' → ')}` : '  critical path: none (every document is on or after a cycle)');
    out.push(`  entry: ${k.entry.map(t).join(', ') || 'none'}; final: ${k.final.map(t).join(', ') || 'none'}; on no chain: ${k.onNoChain.map(t).join(', ') || 'none'}`);
    if (k.noChain.length) out.push(`  left out of the critical path (on or after a cycle): ${k.noChain.map(t).join(', ')}`);
    if (k.withoutHours.length) out.push(`  no duration (counted as 0 hours): ${k.withoutHours.map(t).join(', ')}`);
  }
  const blocking = topBlocking(r.documents, top);
  if (blocking.length) {
    out.push('', 'Documents blocking the most others:');
    const w = Math.max(...blocking.map((d) => t(d.id).length));
    for (const d of blocking) out.push(`  ${t(d.id).padEnd(w)}  blocks ${d.blocking}; ${d.hours ?? 0} hours, ${dash(d.hoursBefore)} before; delay ${dash(d.delay)}, complexity ${dash(d.complexity)}`);
  }
  if (r.coverage.length) {
    out.push('', 'Competency coverage, levels along each track in prerequisite order (* no evidence):');
    let role: string | undefined;
    const w = Math.max(...r.coverage.map((c) => t(c.competency).length));
    for (const c of r.coverage) {
      if (c.role !== role) out.push(`  ${t((role = c.role))}`);
      out.push(`    ${t(c.competency).padEnd(w)}  ${c.levels.map((l) => `${t(l.id)} ${t(l.level ?? '(no level)')}${l.assessed ? '' : '*'}`).join(' → ')}`);
    }
  }
  if (r.cycles.length) {
    out.push('', 'Cycles (their members, and what requires them, have no chain figures):');
    for (const c of r.cycles) out.push(`  ${[...c, c[0]].map(t).join(' → ')}`);
  }
  const notes = withNotes(r);
  if (notes.length) {
    out.push('', 'Figures withheld:');
    for (const d of notes) out.push(`  ${t(d.note!)}`);
  }
  return out.join('\n') + '\n';
}

// --- markdown ----------------------------------------------------------------------

function markdown(r: Report, top: number): string {
  const m = escapeMarkdownText;
  const cell = markdownTableCell;
  const ids = (list: readonly string[]) => list.map(m).join(', ') || 'none';
  const out: string[] = [];
  out.push(`# Curriculum report${r.role === null ? '' : `: ${m(r.role)}`}`, '');
  out.push(`${plural(r.documents.length, 'document')}, ${plural(r.tracks.length, 'role track')}, ${plural(r.cycles.length, 'cycle')}; pace ${r.hoursPerWeek} hours a week.`, '');
  out.push('## Tracks', '', '| Role | Documents | Hours | By part | Weeks | Critical path | Hours on it |', '| --- | ---: | ---: | --- | ---: | --- | ---: |');
  for (const k of r.tracks) {
    out.push(`| ${cell(k.role)} | ${k.documents.length} | ${k.hours} | ${cell(partsText(k.hoursByPart))} | ${k.weeks} | ${k.criticalPath.ids.length ? k.criticalPath.ids.map(m).join(' → ') : 'none'} | ${k.criticalPath.hours} |`);
  }
  for (const k of r.tracks) {
    out.push('', `### ${m(k.role)}`, '');
    out.push(`- Entry: ${ids(k.entry)}`, `- Final: ${ids(k.final)}`, `- On no chain: ${ids(k.onNoChain)}`);
    if (k.noChain.length) out.push(`- Left out of the critical path (on or after a cycle): ${ids(k.noChain)}`);
    if (k.withoutHours.length) out.push(`- No duration (counted as 0 hours): ${ids(k.withoutHours)}`);
  }
  const blocking = topBlocking(r.documents, top);
  if (blocking.length) {
    out.push('', '## Documents blocking the most others', '', '| Document | Title | Blocks | Hours | Hours before | Delay | Complexity |', '| --- | --- | ---: | ---: | ---: | ---: | ---: |');
    for (const d of blocking) out.push(`| ${cell(d.id)} | ${cell(d.title ?? '')} | ${d.blocking} | ${d.hours ?? '—'} | ${dash(d.hoursBefore)} | ${dash(d.delay)} | ${dash(d.complexity)} |`);
  }
  if (r.coverage.length) {
    out.push('', '## Competency coverage', '', 'Levels along each track in prerequisite order; * marks a row with no evidence.', '', '| Role | Competency | Levels |', '| --- | --- | --- |');
    for (const c of r.coverage) out.push(`| ${cell(c.role)} | ${cell(c.competency)} | ${c.levels.map((l) => `${m(l.id)} ${m(l.level ?? '(no level)')}${l.assessed ? '' : '\\*'}`).join(' → ')} |`);
  }
  if (r.cycles.length) {
    out.push('', '## Cycles', '', 'Their members, and what requires them, have no chain figures.', '');
    for (const c of r.cycles) out.push(`- ${[...c, c[0]].map(m).join(' → ')}`);
  }
  const notes = withNotes(r);
  if (notes.length) {
    out.push('', '## Figures withheld', '');
    for (const d of notes) out.push(`- ${m(d.note!)}`);
  }
  return out.join('\n') + '\n';
}

// --- the command -------------------------------------------------------------------

export async function report(args: string[], env: ReportEnv): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      role: { type: 'string' },
      format: { type: 'string', default: 'text' },
      top: { type: 'string', default: '10' },
      config: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(REPORT_HELP);
    return 0;
  }
  const format = values.format!;
  const fail = (message: string) => {
    process.stderr.write(`roadmap: ${message}\n`);
    return 2;
  };
  if (!['text', 'json', 'markdown', 'html'].includes(format)) return fail(`unknown format "${format}" (expected text, json, markdown or html)`);
  if (!/^\d+$/.test(values.top!)) return fail(`--top needs a whole number, not "${values.top}"`);
  const w = await env.open(positionals, values.config);
  let r: Report;
  try {
    r = buildReport(w.ws, w.config.resolved.pace.hoursPerWeek, values.role, (uri) => env.relative(w.fileOf(uri)));
  } catch (err) {
    if (err instanceof UnknownRole) return fail(err.message);
    throw err;
  }
  const top = Number(values.top);
  if (format === 'json') process.stdout.write(JSON.stringify(r, null, 2) + '\n');
  else if (format === 'markdown') process.stdout.write(markdown(r, top));
  else if (format === 'html') process.stdout.write(reportHtml(r, top));
  else process.stdout.write(text(r, top));
  return 0;
}
