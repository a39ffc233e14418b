/**
 * `roadmap diff` output: text for a terminal, json (the shape documented in
 * docs/ci.md), markdown for a pull request comment or a job summary (every text a
 * document wrote is escaped: core/escape/markdown.ts).
 */
import type { ChangedDocument, CurriculumDiff, DiffDiagnostic, DiffDocument, TrackChange } from '../core/diff';
import { escapeMarkdownText, markdownTableCell } from '../core/escape/markdown';

export type DiffFormat = 'text' | 'json' | 'markdown';

/** What was compared: a folder, a git revision (with its commit) or the working tree. */
export interface DiffSide {
  label: string;
  kind: 'folder' | 'revision' | 'worktree';
  commit?: string;
}

/** The most rows a markdown table shows (a pull request comment holds 65,536 characters); the rest are counted. */
export const MARKDOWN_ROWS = 100;

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;
const hours = (h: number | null) => (h === null ? '—' : `${Math.round(h * 10) / 10} h`);
/** A document's hours, or how they changed. */
const docHours = (x: DiffDocument | ChangedDocument) => ('hoursAfter' in x ? (x.hoursBefore === x.hoursAfter ? hours(x.hoursAfter) : `${hours(x.hoursBefore)} → ${hours(x.hoursAfter)}`) : hours(x.hours));
const docPath = (x: DiffDocument | ChangedDocument) => ('pathBefore' in x && x.pathBefore ? `${x.pathBefore} → ${x.path}` : x.path);
const path = (p: string[] | null, h: number | null) => (p === null ? '—' : p.length === 0 ? 'none' : `${p.join(' → ')} (${hours(h)})`);

/** The tracks whose hours or critical path differ. */
export function changedTracks(d: CurriculumDiff): TrackChange[] {
  return d.tracks.filter(
    (t) => t.hoursBefore !== t.hoursAfter || t.criticalPathHoursBefore !== t.criticalPathHoursAfter || (t.criticalPathBefore ?? []).join() !== (t.criticalPathAfter ?? []).join(),
  );
}

function isEmpty(d: CurriculumDiff): boolean {
  const { added, removed, changed } = d.documents;
  return !added.length && !removed.length && !changed.length && !d.edges.added.length && !d.edges.removed.length && !changedTracks(d).length && !d.blocking.length && !d.diagnostics.introduced.length && !d.diagnostics.fixed.length;
}

function sideText(s: DiffSide): string {
  return s.kind === 'revision' && s.commit ? `${s.label} (${s.commit.slice(0, 10)})` : s.label;
}

function summaryLine(d: CurriculumDiff): string {
  const { added, removed, changed } = d.documents;
  return [
    `${plural(d.stats.filesChanged, 'file')} changed`,
    `documents: ${added.length} added, ${removed.length} removed, ${changed.length} changed`,
    `edges: ${d.edges.added.length} added, ${d.edges.removed.length} removed`,
    `diagnostics: ${d.diagnostics.introduced.length} introduced, ${d.diagnostics.fixed.length} fixed`,
  ].join(' · ');
}

function text(d: CurriculumDiff, sides: { base: DiffSide; head: DiffSide }): string {
  const out = [`roadmap diff ${sideText(sides.base)} → ${sideText(sides.head)}`, summaryLine(d)];
  if (isEmpty(d)) return out.concat('No change to documents, edges, tracks or diagnostics.').join('\n') + '\n';
  const doc = (sign: string, x: DiffDocument | ChangedDocument) => `  ${sign} ${x.id}${x.title ? ` ${x.title}` : ''} (${docPath(x)}), ${docHours(x)}`;
  const { added, removed, changed } = d.documents;
  if (added.length + removed.length + changed.length) {
    out.push('', 'Documents:', ...added.map((x) => doc('+', x)), ...removed.map((x) => doc('-', x)), ...changed.map((x) => doc('~', x)));
  }
  if (d.edges.added.length + d.edges.removed.length) {
    out.push('', 'Edges:', ...d.edges.added.map((e) => `  + ${e.from} → ${e.to} (${e.type})`), ...d.edges.removed.map((e) => `  - ${e.from} → ${e.to} (${e.type})`));
  }
  const tracks = changedTracks(d);
  if (tracks.length) {
    out.push('', 'Tracks:');
    for (const t of tracks) {
      out.push(`  ${t.role}: ${hours(t.hoursBefore)} → ${hours(t.hoursAfter)}`);
      out.push(`    critical path before: ${path(t.criticalPathBefore, t.criticalPathHoursBefore)}`);
      out.push(`    critical path after:  ${path(t.criticalPathAfter, t.criticalPathHoursAfter)}`);
    }
    if (tracks.length < d.tracks.length) out.push(`  (${plural(d.tracks.length - tracks.length, 'other track')} unchanged)`);
  }
  if (d.blocking.length) {
    out.push('', `Blocking (moved by ${d.blockingThreshold} or more):`, ...d.blocking.map((b) => `  ${b.id}: ${b.before} → ${b.after}`));
  }
  const diag = (sign: string, x: DiffDiagnostic) => `  ${sign} ${x.path}:${x.line}:${x.column} ${x.severity} ${x.message} [${x.code}]`;
  if (d.diagnostics.introduced.length + d.diagnostics.fixed.length) {
    out.push('', 'Diagnostics:', ...d.diagnostics.introduced.map((x) => diag('+', x)), ...d.diagnostics.fixed.map((x) => diag('-', x)));
  }
  return out.join('\n') + '\n';
}

function table(head: string[], rows: string[][]): string[] {
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const shown = rows.slice(0, MARKDOWN_ROWS);
  const out = [line(head), line(head.map(() => '---')), ...shown.map(line)];
  if (rows.length > shown.length) out.push('', `… and ${rows.length - shown.length} more (see \`roadmap diff --format json\`).`);
  return out;
}

function markdown(d: CurriculumDiff, sides: { base: DiffSide; head: DiffSide }): string {
  const e = escapeMarkdownText;
  const c = markdownTableCell;
  const out = [`## Curriculum diff: ${e(sideText(sides.base))} → ${e(sideText(sides.head))}`, '', e(summaryLine(d))];
  if (isEmpty(d)) return out.concat('', 'No change to documents, edges, tracks or diagnostics.').join('\n') + '\n';
  const { added, removed, changed } = d.documents;
  if (added.length + removed.length + changed.length) {
    const row = (change: string, x: DiffDocument | ChangedDocument) => [change, c(x.id), c(x.title ?? ''), docHours(x), c(docPath(x))];
    out.push('', '### Documents', '', ...table(['change', 'ID', 'title', 'hours', 'file'], [...added.map((x) => row('added', x)), ...removed.map((x) => row('removed', x)), ...changed.map((x) => row('changed', x))]));
  }
  if (d.edges.added.length + d.edges.removed.length) {
    const row = (change: string, x: { from: string; to: string; type: string }) => [change, c(x.from), c(x.to), x.type];
    out.push('', '### Edges', '', ...table(['change', 'from', 'to', 'type'], [...d.edges.added.map((x) => row('added', x)), ...d.edges.removed.map((x) => row('removed', x))]));
  }
  const tracks = changedTracks(d);
  if (tracks.length) {
    out.push(
      '',
      '### Tracks',
      '',
      ...table(
        ['role', 'hours before', 'hours after', 'critical path before', 'critical path after'],
        tracks.map((t) => [c(t.role), hours(t.hoursBefore), hours(t.hoursAfter), c(path(t.criticalPathBefore, t.criticalPathHoursBefore)), c(path(t.criticalPathAfter, t.criticalPathHoursAfter))]),
      ),
    );
    if (tracks.length < d.tracks.length) out.push('', `${plural(d.tracks.length - tracks.length, 'other track')} unchanged.`);
  }
  if (d.blocking.length) {
    out.push('', '### Blocking', '', `Documents whose blocking count moved by ${d.blockingThreshold} or more:`, '', ...table(['ID', 'blocking before', 'blocking after'], d.blocking.map((b) => [c(b.id), String(b.before), String(b.after)])));
  }
  const diagRows = (list: DiffDiagnostic[]) => list.map((x) => [c(x.path), String(x.line), x.severity, c(x.code), c(x.message)]);
  if (d.diagnostics.introduced.length) out.push('', `### Diagnostics introduced (${d.diagnostics.introduced.length})`, '', ...table(['file', 'line', 'severity', 'code', 'message'], diagRows(d.diagnostics.introduced)));
  if (d.diagnostics.fixed.length) out.push('', `### Diagnostics fixed (${d.diagnostics.fixed.length})`, '', ...table(['file', 'line', 'severity', 'code', 'message'], diagRows(d.diagnostics.fixed)));
  return out.join('\n') + '\n';
}

export function formatDiff(d: CurriculumDiff, sides: { base: DiffSide; head: DiffSide }, format: DiffFormat): string {
  if (format === 'json') return JSON.stringify({ base: sides.base, head: sides.head, ...d }, null, 2) + '\n';
  return format === 'markdown' ? markdown(d, sides) : text(d, sides);
}
