/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The Curriculum Overview page (runs in the webview; bundled on its own as
 * dist/overviewView.js). It draws the overview the extension sends — the server
 * computed every figure; the page only lays them out: the role tracks with their
 * critical paths, the competency coverage matrix as a heatmap, the documents blocking
 * the most others, the documents on no chain, the cycles. Every document is a button
 * that asks the extension to open it; a matrix cell asks for its documents.
 *
 * Every string from a document goes into the DOM through textContent or setAttribute,
 * never as markup, with bidi and invisible characters shown as marks. Keyboard: every
 * document and cell is a button (Tab, Enter); arrow keys move between matrix cells.
 * `body[data-state]` is `loading` until the first overview is drawn, then `drawn`;
 * `body[data-version]` the version drawn.
 */
import { neutraliseControls } from '../../../../server/src/core/api';
import type { CurriculumOverview, OverviewCell } from '../../../../server/src/protocol';
import type { HostMessage, PageMessage } from '../messages';

interface VsCodeApi {
  postMessage(message: PageMessage): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const post = (m: PageMessage) => vscode.postMessage(m);
const summary = document.getElementById('summary')!;
const content = document.getElementById('content')!;
const show = (s: string) => neutraliseControls(s);

/** An element with text content and attributes. */
function el<K extends keyof HTMLElementTagNameMap>(tag: K, text?: string, attrs: Record<string, string> = {}): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (text !== undefined) e.textContent = text;
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;

let overview: CurriculumOverview | undefined;

/** A document as a button that opens it: its ID shown, its title in the tooltip and the accessible name. */
function docButton(id: string, extra = ''): HTMLButtonElement {
  const d = overview!.documents[id];
  const title = d?.title ? `${show(id)} ${show(d.title)}` : show(id);
  const hours = d?.hours === null || d?.hours === undefined ? '' : `, ${d.hours} h`;
  const b = el('button', show(id), { type: 'button', class: 'doc', title: `${title}${hours}${extra}`, 'aria-label': `Open ${title}${hours}${extra}`, 'data-open': id, 'data-key': `doc:${id}` });
  b.addEventListener('click', () => post({ type: 'open', id }));
  return b;
}

function docList(ids: readonly string[]): HTMLElement {
  const span = el('span');
  ids.forEach((id, i) => {
    if (i) span.append(', ');
    span.append(docButton(id));
  });
  return span;
}

function section(title: string, id: string): HTMLElement {
  const s = el('section', undefined, { 'aria-labelledby': id, 'data-testid': id });
  s.append(el('h2', title, { id }));
  content.append(s);
  return s;
}

function tracks(o: CurriculumOverview): void {
  const s = section('Role tracks', 'overview-tracks');
  if (o.tracks.length === 0) {
    s.append(el('p', 'No document names a Target Role(s): there are no tracks.', { class: 'note' }));
    return;
  }
  const table = el('table', undefined, { class: 'tracks' });
  table.append(el('caption', `Each role's documents (those targeting it and everything they require), hours, weeks at ${o.hoursPerWeek} hours a week, and critical path: the chain with the most hours.`));
  const head = el('tr');
  for (const h of ['Role', 'Documents', 'Hours', 'By part', 'Weeks', 'Critical path', 'Hours on it']) head.append(el('th', h, { scope: 'col' }));
  table.appendChild(el('thead')).append(head);
  const body = el('tbody');
  for (const t of o.tracks) {
    const row = el('tr', undefined, { 'data-role': t.role });
    row.append(el('th', show(t.role), { scope: 'row' }));
    row.append(el('td', String(t.documents), { class: 'num', 'data-testid': 'track-documents' }));
    row.append(el('td', String(t.hours), { class: 'num', 'data-testid': 'track-hours' }));
    row.append(el('td', t.parts.map((p) => `${p.hours} ${show(p.part)}`).join(', ') || '—', { class: t.parts.length ? '' : 'muted' }));
    row.append(el('td', String(t.weeks), { class: 'num', 'data-testid': 'track-weeks' }));
    const path = el('td', undefined, { 'data-testid': 'track-path' });
    if (t.criticalPath.ids.length) {
      const list = el('ol', undefined, { class: 'path', 'aria-label': `Critical path of ${show(t.role)}` });
      for (const id of t.criticalPath.ids) list.appendChild(el('li')).append(docButton(id));
      path.append(list);
    } else path.append(el('span', 'none: every document is on or after a cycle', { class: 'muted' }));
    if (t.noChainCount) {
      const note = el('p', `${plural(t.noChainCount, 'document')} left out (on or after a cycle): `, { class: 'note' });
      note.append(docList(t.noChain));
      if (t.noChainCount > t.noChain.length) note.append(` and ${t.noChainCount - t.noChain.length} more`);
      path.append(note);
    }
    row.append(path);
    row.append(el('td', String(t.criticalPath.hours), { class: 'num', 'data-testid': 'track-path-hours' }));
    body.append(row);
  }
  table.append(body);
  s.append(table);
}

/** The fill of a level's rank among `count` levels: 15% of the charts colour for the lowest, 85% for the highest. */
function heat(rank: number, count: number): string {
  if (rank < 0) return '0%';
  return `${Math.round(15 + (count <= 1 ? 70 : (rank / (count - 1)) * 70))}%`;
}

function cellText(o: CurriculumOverview, c: OverviewCell): { label: string; tooltip: string; unassessed: number } {
  const rows = c.levels.map((l) => `${show(l.id)}${o.documents[l.id]?.title ? ` ${show(o.documents[l.id].title!)}` : ''}: ${l.level === null ? 'no level' : show(l.level)}${l.assessed ? '' : ' (no evidence)'}`);
  // A large curriculum has hundreds of rows a cell: the server sends the first ones and the counts.
  if (c.rowCount > c.levels.length) rows.push(`and ${c.rowCount - c.levels.length} more`);
  const highest = c.peak ? `highest ${c.peak.level} (${show(c.peak.id)})` : 'no known level';
  const label = `${show(c.role)}, ${show(c.competency)}: ${highest}; ${plural(c.rowCount, 'row')} in prerequisite order: ${rows.join('; ')}`;
  return { label, tooltip: `${show(c.competency)} along ${show(c.role)}, ${highest}\n${rows.join('\n')}`, unassessed: c.unassessed };
}

function matrix(o: CurriculumOverview): void {
  const s = section('Competency coverage', 'overview-coverage');
  if (o.matrix.competencies.length === 0) {
    s.append(el('p', 'No competency rows in any track.', { class: 'note' }));
    return;
  }
  const legend = el('ul', undefined, { class: 'legend', 'aria-label': 'Levels, lowest first' });
  o.levels.forEach((level, i) => {
    const item = el('li');
    const swatch = el('span', undefined, { class: 'swatch', 'aria-hidden': 'true' });
    swatch.style.setProperty('--heat', heat(i, o.levels.length));
    item.append(swatch, show(level));
    legend.append(item);
  });
  legend.append(el('li', '* a row without evidence'));
  s.append(legend);
  const cells = new Map(o.matrix.cells.map((c) => [`${c.role}\u0000${c.competency}`, c]));
  const table = el('table', undefined, { class: 'matrix', 'data-testid': 'coverage-matrix' });
  table.append(el('caption', 'The highest level each track targets for each competency; a cell lists its documents and opens them.'));
  const head = el('tr');
  head.append(el('th', 'Competency', { scope: 'col' }));
  for (const role of o.matrix.roles) head.append(el('th', show(role), { scope: 'col' }));
  table.appendChild(el('thead')).append(head);
  const body = el('tbody');
  o.matrix.competencies.forEach((competency, r) => {
    const row = el('tr');
    row.append(el('th', show(competency), { scope: 'row' }));
    o.matrix.roles.forEach((role, col) => {
      const c = cells.get(`${role}\u0000${competency}`);
      if (!c) {
        row.append(el('td', '—', { class: 'empty', 'aria-label': `${show(role)}, ${show(competency)}: not targeted` }));
        return;
      }
      const { label, tooltip, unassessed } = cellText(o, c);
      const td = el('td');
      const b = el('button', undefined, {
        type: 'button',
        class: `cell${unassessed ? ' unassessed' : ''}`,
        title: tooltip,
        'aria-label': label,
        'data-row': String(r),
        'data-col': String(col),
        'data-role': role,
        'data-competency': competency,
        'data-key': `cell:${role}\u0000${competency}`,
      });
      b.style.setProperty('--heat', heat(c.peak?.rank ?? -1, o.levels.length));
      b.append(el('span', `${c.peak ? show(c.peak.level) : '?'}${unassessed ? ' *' : ''}`, { class: 'chip' }));
      b.addEventListener('click', () => post({ type: 'openCell', role, competency }));
      td.append(b);
      row.append(td);
    });
    body.append(row);
  });
  table.append(body);
  table.addEventListener('keydown', (e) => moveInMatrix(table, e));
  s.append(table);
}

/** Arrow keys move between the matrix's cells (skipping empty ones); Home / End to a row's first / last. */
function moveInMatrix(table: HTMLElement, e: KeyboardEvent): void {
  const from = e.target as HTMLElement;
  if (!from.matches('button.cell')) return;
  const r = Number(from.dataset.row);
  const c = Number(from.dataset.col);
  const at = (row: number, col: number) => table.querySelector<HTMLButtonElement>(`button.cell[data-row="${row}"][data-col="${col}"]`);
  const rows = table.querySelectorAll('tbody tr').length;
  const cols = table.querySelectorAll('thead th').length - 1;
  const step: Record<string, [number, number]> = { ArrowRight: [0, 1], ArrowLeft: [0, -1], ArrowDown: [1, 0], ArrowUp: [-1, 0] };
  let target: HTMLButtonElement | null = null;
  if (e.key in step) {
    const [dr, dc] = step[e.key];
    for (let row = r + dr, col = c + dc; row >= 0 && row < rows && col >= 0 && col < cols && !target; row += dr, col += dc) target = at(row, col);
  } else if (e.key === 'Home' || e.key === 'End') {
    const list = [...table.querySelectorAll<HTMLButtonElement>(`button.cell[data-row="${r}"]`)];
    target = e.key === 'Home' ? list[0] : list[list.length - 1];
  } else return;
  e.preventDefault();
  target?.focus();
}

function blocking(o: CurriculumOverview): void {
  const s = section('Documents blocking the most others', 'overview-blocking');
  if (o.blocking.length === 0) {
    s.append(el('p', 'No document is required by another.', { class: 'note' }));
    return;
  }
  const table = el('table');
  table.append(el('caption', 'How many documents require each, directly or transitively.'));
  const head = el('tr');
  for (const h of ['Document', 'Title', 'Blocks', 'Hours before']) head.append(el('th', h, { scope: 'col' }));
  table.appendChild(el('thead')).append(head);
  const body = el('tbody');
  for (const b of o.blocking) {
    const row = el('tr');
    row.appendChild(el('td')).append(docButton(b.id));
    row.append(el('td', show(o.documents[b.id]?.title ?? '')));
    row.append(el('td', String(b.blocking), { class: 'num' }));
    row.append(el('td', b.hoursBefore === null ? '—' : String(b.hoursBefore), { class: 'num' }));
    body.append(row);
  }
  table.append(body);
  s.append(table);
}

function noChain(o: CurriculumOverview): void {
  const s = section('Documents on no chain', 'overview-no-chain');
  if (o.noChain.length === 0) {
    s.append(el('p', 'Every document of every track requires another, or is required by one.', { class: 'note' }));
    return;
  }
  s.append(el('p', 'In these tracks they require no document of the track and none requires them.', { class: 'note' }));
  const list = el('ul', undefined, { class: 'plain' });
  for (const n of o.noChain) {
    const item = el('li');
    item.append(docButton(n.id), ` — ${n.roles.map(show).join(', ')}`);
    list.append(item);
  }
  s.append(list);
  if (o.noChainTotal > o.noChain.length) s.append(el('p', `and ${plural(o.noChainTotal - o.noChain.length, 'more')}.`, { class: 'note' }));
}

function cycles(o: CurriculumOverview): void {
  if (o.cycles.length === 0) return;
  const s = section('Requires cycles', 'overview-cycles');
  s.append(el('p', 'Their members, and what requires them, have no chain figures.', { class: 'note' }));
  const list = el('ul', undefined, { class: 'plain' });
  for (const c of o.cycles) {
    const item = el('li');
    [...c, c[0]].forEach((id, i) => {
      if (i) item.append(' → ');
      item.append(docButton(id));
    });
    list.append(item);
  }
  s.append(list);
}

function render(o: CurriculumOverview): void {
  // Keep the focus on the same document or cell across a redraw (the overview follows edits).
  const focused = (document.activeElement as HTMLElement | null)?.dataset?.key;
  overview = o;
  summary.textContent = `${plural(o.documentCount, 'document')}, ${plural(o.tracks.length, 'role track')}, ${plural(o.cycles.length, 'cycle')}; weeks at ${o.hoursPerWeek} hours a week.`;
  content.replaceChildren();
  tracks(o);
  matrix(o);
  blocking(o);
  noChain(o);
  cycles(o);
  // For the in-editor tests (test/suite/overview.test.ts): drawn, and which version.
  document.body.dataset.state = 'drawn';
  document.body.dataset.version = String(o.version);
  if (focused) [...document.querySelectorAll<HTMLElement>('[data-key]')].find((e) => e.dataset.key === focused)?.focus();
  post({ type: 'rendered', version: o.version, tracks: o.tracks.length, cells: o.matrix.cells.length });
}

window.addEventListener('message', (e: MessageEvent<HostMessage>) => {
  const m = e.data;
  if (!m || typeof m !== 'object') return;
  if (m.type === 'data') render(m.overview);
  else if (m.type === 'waiting' && !overview) summary.textContent = m.message;
});

post({ type: 'ready' });
