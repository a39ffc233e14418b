/**
 * `roadmap report --format html`: one self-contained page (no script, no network, no
 * external stylesheet): the tracks, each track's critical path drawn as inline SVG
 * (a box per document, as wide as its hours), the coverage matrix as a colour-coded
 * table (competencies × tracks, each cell the levels along the track), the documents
 * blocking the most others, cycles and withheld figures. Every text from a document is
 * escaped (core/escape/html.ts).
 */
import { boundLabel } from '../core/escape/label';
import { escapeHtmlAttr, escapeHtmlText } from '../core/escape/html';
import type { TrackAnalytics } from '../core/analytics';
import { partsText, topBlocking, type Report } from './report';

const h = escapeHtmlText;
const a = escapeHtmlAttr;

/** Fill colours of the levels, lowest first (a sequential scale, readable with dark text up to the middle). */
const SCALE = ['#e8f1fa', '#c6dbef', '#9ecae1', '#6baed6', '#3182bd', '#08519c'];

/** The colour of a level's place among `count` levels. */
function levelColour(rank: number, count: number): string {
  if (rank < 0) return '#e0e0e0';
  const i = count <= 1 ? SCALE.length - 1 : Math.round((rank / (count - 1)) * (SCALE.length - 1));
  return SCALE[i];
}

const textOn = (fill: string) => (SCALE.indexOf(fill) >= 4 ? '#fff' : '#1b1b1b');

const STYLE = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; color: #1b1b1b; margin: 24px auto; max-width: 1180px; padding: 0 16px; }
h1 { font-size: 22px; margin: 0 0 4px; } h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
h3 { font-size: 15px; margin: 18px 0 4px; }
.summary { color: #555; margin: 0 0 12px; }
table { border-collapse: collapse; margin: 6px 0; }
th, td { border: 1px solid #d6d6d6; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f4f4f4; font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.chip { display: inline-block; border-radius: 4px; padding: 1px 6px; margin: 1px 2px; font-size: 12px; white-space: nowrap; border: 1px solid transparent; }
.chip.unassessed { border: 1px dashed #b00020; }
.arrow { color: #888; font-size: 11px; }
.legend .chip { margin-right: 6px; }
.muted { color: #666; }
.track { margin-bottom: 18px; }
.meta { margin: 2px 0; color: #333; }
svg text { font: 12px system-ui, -apple-system, "Segoe UI", sans-serif; }
`;

/** A track's critical path: one box per document, as wide as its share of the path's hours, wrapped in rows. */
function pathSvg(k: TrackAnalytics, byId: ReadonlyMap<string, Report['documents'][number]>): string {
  const ids = k.criticalPath.ids;
  if (ids.length === 0) return '<p class="muted">No critical path: every document of the track is on or after a cycle.</p>';
  const width = 1100;
  const gap = 22;
  const minBox = 96;
  const rowHeight = 58;
  const total = Math.max(1, k.criticalPath.hours);
  // Box widths: minBox each, and the width left after the gaps shared in proportion to
  // hours; a path too long for one row gets minBox boxes, wrapped.
  const spare = Math.max(0, width - gap * (ids.length - 1) - minBox * ids.length);
  const widths = ids.map((id) => minBox + Math.floor(((byId.get(id)?.hours ?? 0) / total) * spare));
  const boxes: string[] = [];
  let x = 0;
  let y = 0;
  ids.forEach((id, i) => {
    const w = Math.min(widths[i], width);
    if (x > 0 && x + w > width) {
      x = 0;
      y += rowHeight;
    }
    const d = byId.get(id);
    const tooltip = `${id}${d?.title ? `: ${d.title}` : ''} (${d?.hours ?? 0} hours; ${d?.hoursBefore ?? 0} before)`;
    boxes.push(
      `<g><title>${h(tooltip)}</title><rect x="${x}" y="${y + 4}" width="${w}" height="40" rx="6" fill="#6baed6" stroke="#08519c"/>` +
        `<text x="${x + 8}" y="${y + 21}" fill="#fff" font-weight="600">${h(boundLabel(id, Math.max(6, Math.floor(w / 8))))}</text>` +
        `<text x="${x + 8}" y="${y + 37}" fill="#fff">${d?.hours ?? 0} h</text></g>`,
    );
    if (i < ids.length - 1) {
      const ax = x + w;
      const fits = ax + gap + Math.min(widths[i + 1], width) <= width;
      if (fits) boxes.push(`<path d="M${ax + 3} ${y + 24} H${ax + gap - 4}" stroke="#555" stroke-width="1.5" marker-end="url(#arrow)"/>`);
      else boxes.push(`<path d="M${ax - 12} ${y + 45} V${y + 51} H12 V${y + rowHeight + 2}" fill="none" stroke="#555" stroke-width="1.5" marker-end="url(#arrow)"/>`);
    }
    x += w + gap;
  });
  const height = y + rowHeight;
  return (
    `<svg role="img" aria-label="${a(`Critical path of ${k.role}: ${ids.join(' → ')}`)}" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" xmlns="http://www.w3.org/2000/svg">` +
    `<defs><marker id="arrow" viewBox="0 0 8 8" refX="7" refY="4" markerWidth="7" markerHeight="7" orient="auto-start-reverse"><path d="M0 0 L8 4 L0 8 z" fill="#555"/></marker></defs>` +
    boxes.join('') +
    '</svg>'
  );
}

export function reportHtml(r: Report, top: number): string {
  const levels = r.levels;
  // A level's place, looked up (80,000 chips at 10,000 documents: no scan of the levels each).
  const ranks = new Map<string, number>();
  levels.forEach((l, i) => {
    if (!ranks.has(l.toLowerCase())) ranks.set(l.toLowerCase(), i);
  });
  const rankOf = (level: string | null) => (level === null ? -1 : (ranks.get(level.toLowerCase()) ?? -1));
  let byId: Map<string, Report['documents'][number]> | undefined;
  const chip = (label: string, level: string | null, assessed: boolean, title: string) => {
    const fill = levelColour(rankOf(level), levels.length);
    return `<span class="chip${assessed ? '' : ' unassessed'}" style="background:${fill};color:${textOn(fill)}" title="${a(title)}">${h(label)}${assessed ? '' : '*'}</span>`;
  };
  const out: string[] = [];
  const title = `Curriculum report${r.role === null ? '' : `: ${r.role}`}`;
  out.push('<!DOCTYPE html>', '<html lang="en"><head><meta charset="utf-8">', '<meta name="viewport" content="width=device-width, initial-scale=1">');
  out.push(`<title>${h(title)}</title><style>${STYLE}</style></head><body>`);
  out.push(`<h1>${h(title)}</h1>`);
  const cycles = r.cycles.length;
  out.push(`<p class="summary">${r.documents.length} documents, ${r.tracks.length} role tracks, ${cycles} cycle${cycles === 1 ? '' : 's'}; weeks at ${r.hoursPerWeek} hours a week.</p>`);

  out.push('<h2>Tracks</h2><table><tr><th>Role</th><th>Documents</th><th>Hours</th><th>By part</th><th>Weeks</th><th>Critical path (hours)</th></tr>');
  for (const k of r.tracks) {
    out.push(`<tr><td>${h(k.role)}</td><td class="num">${k.documents.length}</td><td class="num">${k.hours}</td><td>${h(partsText(k.hoursByPart)) || '<span class="muted">—</span>'}</td><td class="num">${k.weeks}</td><td class="num">${k.criticalPath.hours}</td></tr>`);
  }
  out.push('</table>');

  out.push('<h2>Critical paths</h2>');
  const list = (ids: readonly string[]) => (ids.length ? ids.map(h).join(', ') : '<span class="muted">none</span>');
  for (const k of r.tracks) {
    out.push(`<div class="track"><h3>${h(k.role)}: ${k.criticalPath.hours} of ${k.hours} hours on the critical path</h3>`);
    out.push(pathSvg(k, (byId ??= new Map(r.documents.map((d) => [d.id, d])))));
    out.push(`<p class="meta">Entry: ${list(k.entry)} · Final: ${list(k.final)} · On no chain: ${list(k.onNoChain)}</p>`);
    if (k.noChain.length) out.push(`<p class="meta">Left out of the critical path (on or after a cycle): ${list(k.noChain)}</p>`);
    if (k.withoutHours.length) out.push(`<p class="meta">No duration (counted as 0 hours): ${list(k.withoutHours)}</p>`);
    out.push('</div>');
  }

  if (r.coverage.length) {
    out.push('<h2>Competency coverage</h2>');
    out.push('<p class="legend">Levels along each track in prerequisite order: ' + levels.map((l, i) => chip(l, l, true, `level ${i + 1} of ${levels.length}`)).join('') + chip('no evidence', null, false, 'a dashed border and * mark a row whose Evidence / Assessment is empty') + '</p>');
    const roles = r.tracks.map((k) => k.role);
    const names = new Map<string, string>();
    for (const c of r.coverage) if (!names.has(c.competency.toLowerCase())) names.set(c.competency.toLowerCase(), c.competency);
    const cells = new Map(r.coverage.map((c) => [`${c.role}\u0000${c.competency.toLowerCase()}`, c]));
    out.push(`<table class="coverage"><tr><th>Competency</th>${roles.map((role) => `<th>${h(role)}</th>`).join('')}</tr>`);
    for (const [key, name] of [...names].sort((x, y) => x[1].localeCompare(y[1]))) {
      out.push(`<tr><th>${h(name)}</th>`);
      for (const role of roles) {
        const c = cells.get(`${role}\u0000${key}`);
        out.push(
          c
            ? `<td>${c.levels.map((l) => chip(l.level ?? '?', l.level, l.assessed, `${l.id}: ${l.level ?? 'no level'}${l.assessed ? '' : ', no evidence'}`)).join('<span class="arrow">→</span>')}</td>`
            : '<td class="muted">—</td>',
        );
      }
      out.push('</tr>');
    }
    out.push('</table>');
  }

  const blocking = topBlocking(r.documents, top);
  if (blocking.length) {
    out.push('<h2>Documents blocking the most others</h2><table><tr><th>Document</th><th>Title</th><th>Blocks</th><th>Hours</th><th>Hours before</th><th>Delay</th><th>Complexity</th></tr>');
    const n = (v: number | null) => (v === null ? '<span class="muted">—</span>' : String(v));
    for (const d of blocking) {
      out.push(`<tr><td>${h(d.id)}</td><td>${h(d.title ?? '')}</td><td class="num">${d.blocking}</td><td class="num">${n(d.hours)}</td><td class="num">${n(d.hoursBefore)}</td><td class="num">${n(d.delay)}</td><td class="num">${n(d.complexity)}</td></tr>`);
    }
    out.push('</table>');
  }

  if (r.cycles.length) {
    out.push('<h2>Cycles</h2><p>Their members, and what requires them, have no chain figures.</p><ul>');
    for (const c of r.cycles) out.push(`<li>${[...c, c[0]].map(h).join(' → ')}</li>`);
    out.push('</ul>');
  }
  const notes = r.documents.filter((d) => d.note);
  if (notes.length) {
    out.push('<h2>Figures withheld</h2><ul>');
    for (const d of notes) out.push(`<li>${h(d.note!)}</li>`);
    out.push('</ul>');
  }
  out.push('</body></html>');
  return out.join('\n') + '\n';
}
