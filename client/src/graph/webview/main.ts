/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The graph preview page (runs in the webview; bundled on its own as
 * dist/graphView.js). It holds the graph the extension sent, applies the changes it
 * sends after, decides what to show (lod.ts: the overview of role tracks past a
 * threshold, a track's documents, the active document's neighbourhood, everything),
 * has it laid out by the layout worker (layoutClient.ts: elkjs never runs on this
 * thread) and draws it as SVG, in slices when it is large, so that no task on this
 * thread runs long. Every string from a document goes into the DOM through
 * textContent or setAttribute, never as markup, with bidi and invisible characters
 * shown as marks (`neutraliseControls`). It writes nothing: exports and opening a
 * document are requests to the extension.
 *
 * The DOM contract tests and the bench rely on (ARCHITECTURE.md):
 * - `document.body.dataset.state`: `loading` (no picture of what is asked yet),
 *   `drawn` (a picture is on screen, still being completed or checked), `interactive`
 *   (the whole picture is drawn and answers clicks);
 * - `document.body.dataset.view`: `overview`, `track`, `focus`, `detail`, `small`, or
 *   `empty`; `document.body.dataset.track`: the role whose track is shown;
 * - a document node `[data-node-id]`, a track node `[data-track]` (a click or Enter
 *   expands it), a node's blocking badge `[data-blocking]`.
 */
import { applyGraphChanges, competenciesOf, type GraphChanges, type RoadmapGraph, type RoadmapGraphNode } from '../graphModel';
import { DEFAULT_OVERVIEW_THRESHOLD, NO_ROLE, planOf, planOfSummary, trackRoles, type GraphSummary, type Overview, type Plan, type TrackSummary } from '../lod';
import { joinGraphParts, type GraphPart, type HostMessage, type NodeLabel, type PageMessage, type SavedView } from '../messages';
import { DASHES, roleStyle } from '../palette';
import { neutraliseControls } from '../../../../server/src/core/api';
import { BIG_LAYOUT, QUICK_LAYOUT_MAX, documentsLayout, documentsRequest, NODE, type BoxLayout, type Layout, type LayoutRequest, type NodeBox, type PlacedBox } from './layout';
import { LayoutCancelled, LayoutWorker } from './layoutClient';

interface VsCodeApi {
  postMessage(message: PageMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const SVG = 'http://www.w3.org/2000/svg';
/** Width of a track node of the overview. */
const TRACK_WIDTH = 200;
/** Nodes or edges drawn per slice of a large drawing (a slice and its rendering stay well under 50 ms). */
const SLICE = 100;
/** Layouts up to this many boxes are kept in the webview's state, to draw at once when the page is shown again. */
const CACHE_BOXES = 400;

interface PageState extends SavedView {
  /** 'fit', or a zoom factor. */
  zoom: 'fit' | number;
  /** The last layout, with what it was drawn from, to draw at once when the page is shown again. */
  cache?: { key: string; layout: BoxLayout; plan: Plan };
}

function loadState(): PageState | undefined {
  const s = vscode.getState() as Partial<PageState> | undefined;
  if (!s || typeof s !== 'object') return undefined;
  return {
    role: typeof s.role === 'string' ? s.role : '',
    competency: typeof s.competency === 'string' ? s.competency : '',
    focus: s.focus === true,
    depth: typeof s.depth === 'number' && s.depth >= 1 && s.depth <= 9 ? Math.floor(s.depth) : 1,
    detail: s.detail === true,
    zoom: s.zoom === 'fit' || (typeof s.zoom === 'number' && s.zoom > 0.005 && s.zoom < 8) ? s.zoom : 'fit',
    ...(s.cache && typeof s.cache.key === 'string' && s.cache.layout && s.cache.plan ? { cache: s.cache } : {}),
  };
}

const restored = loadState();
const state: PageState = restored ?? { role: '', competency: '', focus: false, depth: 1, detail: false, zoom: 'fit' };
let graph: RoadmapGraph | undefined;
/** What the page knows of a large graph before its parts are all in (the version's summary). */
let summary: GraphSummary | undefined;
/** The parts of the graph of `version` still coming, and the changes that came meanwhile. */
let incoming: { version: number; parts: Array<GraphPart | undefined>; left: number; changes: GraphChanges[] } | undefined;
/** A render waits for the graph (what is asked needs more than the summary). */
let waitingForGraph = false;
let version: number | undefined;
let active: string | undefined;
let threshold = DEFAULT_OVERVIEW_THRESHOLD;
/** What is drawn: the plan, its layout, the key of its layout request. */
let shown: { plan: Plan; layout: BoxLayout; key: string } | undefined;
/** The documents' layout of what is drawn, when it shows documents. */
let docLayout: Layout | undefined;
let renderToken = 0;
/** The last few layouts by request, newest last: going back (to the overview, a track) lays nothing out again. */
const recent = new Map<string, BoxLayout>();
const RECENT = 4;
/** Whether a graph arrived since the page loaded (the first one sets the focus depth from the settings). */
let graphSeen = false;

const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const roleSelect = $<HTMLSelectElement>('role');
const competencySelect = $<HTMLSelectElement>('competency');
const focusBox = $<HTMLInputElement>('focus');
const depthInput = $<HTMLInputElement>('depth');
const canvas = $<HTMLElement>('canvas');
const message = $<HTMLElement>('message');
const legend = $<HTMLElement>('legend');
const cancelButton = $<HTMLButtonElement>('cancel-layout');
/** ELK, for views larger than QUICK_LAYOUT_MAX boxes: started with the first of them. */
const worker = new LayoutWorker(document.body.dataset.layoutWorker ?? '');
/** The quick layout, for the others: started now, while the graph is on its way. */
const quickWorker = new LayoutWorker(document.body.dataset.quickLayoutWorker ?? '');
quickWorker.warm();

function post(m: PageMessage): void {
  vscode.postMessage(m);
}

function setPhase(phase: 'loading' | 'drawn' | 'interactive'): void {
  if (document.body.dataset.state !== phase) performance.mark(`roadmap-graph:${phase}`);
  document.body.dataset.state = phase;
}

/** `interactive` once the finished picture has been painted (the frame after), unless a newer render took over. */
function interactiveAfterPaint(token: number): void {
  requestAnimationFrame(() =>
    setTimeout(() => {
      if (token !== renderToken) return;
      setPhase('interactive');
    }),
  );
}

/** A named point of the page's work on the performance timeline (the bench reads them). */
const mark = (what: string) => performance.mark(`roadmap-graph:${what}`);

function savedView(): SavedView {
  return { role: state.role, competency: state.competency, focus: state.focus, depth: state.depth, detail: state.detail };
}

function saveState(): void {
  vscode.setState(state);
}

/** The user changed what is shown: kept in the webview's state and for the workspace. */
function viewChanged(): void {
  saveState();
  post({ type: 'view', view: savedView() });
  setPhase('loading');
  scheduleRender();
}

const bodyFont = () => getComputedStyle(document.body).fontFamily || 'sans-serif';

// --- filters -----------------------------------------------------------------

function fillSelect(select: HTMLSelectElement, allLabel: string, values: string[], selected: string): string {
  const value = values.includes(selected) ? selected : '';
  const key = JSON.stringify(values);
  // Unchanged options stay as they are (an open drop-down is not closed by an edit elsewhere).
  if (select.dataset.values === key) {
    select.value = value;
    return value;
  }
  select.dataset.values = key;
  while (select.firstChild) select.removeChild(select.firstChild);
  const all = document.createElement('option');
  all.value = '';
  all.textContent = allLabel;
  select.appendChild(all);
  for (const v of values) {
    const o = document.createElement('option');
    o.value = v;
    o.textContent = neutraliseControls(v);
    select.appendChild(o);
  }
  select.value = value;
  return value;
}

function refreshFilters(): void {
  if (!graph && !summary) return;
  // The summary while it is that of the graph shown (no change since).
  roleOrder = summary ? summary.roles : trackRoles(graph!);
  state.role = fillSelect(roleSelect, 'All roles', roleOrder, state.role);
  const competencies = summary ? summary.competencies : competenciesOf(graph!);
  state.competency = fillSelect(competencySelect, 'All competencies', competencies, state.competency);
  competencySelect.disabled = competencies.length === 0;
  focusBox.checked = state.focus;
  depthInput.value = String(state.depth);
  depthInput.disabled = !state.focus;
}

roleSelect.addEventListener('change', () => {
  state.role = roleSelect.value;
  viewChanged();
});
competencySelect.addEventListener('change', () => {
  state.competency = competencySelect.value;
  viewChanged();
});
focusBox.addEventListener('change', () => {
  state.focus = focusBox.checked;
  depthInput.disabled = !state.focus;
  viewChanged();
});
depthInput.addEventListener('change', () => {
  const d = Math.min(9, Math.max(1, Math.floor(Number(depthInput.value) || 1)));
  depthInput.value = String(d);
  state.depth = d;
  if (state.focus) viewChanged();
  else saveState();
});
$('show-overview').addEventListener('click', () => {
  Object.assign(state, { role: '', focus: false, detail: false });
  refreshFilters();
  viewChanged();
});
$('show-all').addEventListener('click', () => {
  Object.assign(state, { role: '', focus: false, detail: true });
  refreshFilters();
  viewChanged();
});

/** Shows a role's track (a click on its node in the overview). */
function expandTrack(role: string): void {
  if (role === NO_ROLE) {
    // Documents of no role have no track: show everything, the roleless among it.
    Object.assign(state, { role: '', focus: false, detail: true });
  } else Object.assign(state, { role, focus: false, detail: false });
  refreshFilters();
  viewChanged();
}

// --- zoom ------------------------------------------------------------------

function fitScale(): number {
  if (!shown) return 1;
  const w = canvas.clientWidth - 4;
  const h = canvas.clientHeight - 4;
  const { width, height } = shown.layout;
  if (!width || !height || w <= 0 || h <= 0) return 1;
  // The whole drawing in view, however small that makes it (zoom in to read).
  return Math.max(0.005, Math.min(1.25, w / width, h / height));
}

function currentScale(): number {
  return state.zoom === 'fit' ? fitScale() : state.zoom;
}

function applyZoom(): void {
  const svg = canvas.querySelector('svg');
  if (!svg || !shown) return;
  const z = currentScale();
  svg.setAttribute('width', String(Math.ceil(shown.layout.width * z)));
  svg.setAttribute('height', String(Math.ceil(shown.layout.height * z)));
}

function zoomBy(f: number): void {
  state.zoom = Math.min(4, Math.max(Math.min(0.1, fitScale()), currentScale() * f));
  saveState();
  applyZoom();
}

$('zoom-in').addEventListener('click', () => zoomBy(1.25));
$('zoom-out').addEventListener('click', () => zoomBy(0.8));
$('zoom-fit').addEventListener('click', () => {
  state.zoom = 'fit';
  saveState();
  applyZoom();
});
new ResizeObserver(() => {
  if (state.zoom === 'fit') applyZoom();
}).observe(canvas);

// --- drawing -----------------------------------------------------------------

function el<K extends keyof SVGElementTagNameMap>(name: K, attrs: Record<string, string | number> = {}, parent?: Element): SVGElementTagNameMap[K] {
  const e = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  parent?.appendChild(e);
  return e;
}

function text(parent: Element, s: string, attrs: Record<string, string | number>): SVGTextElement {
  const t = el('text', attrs, parent);
  t.textContent = neutraliseControls(s);
  return t;
}

let roleOrder: string[] = [];

/** Gives an element the look of a role (palette.ts): its colour as --role, its pattern as the outline's dashes. */
function paintRole(e: SVGElement, role: string | undefined, outline?: SVGElement): void {
  const i = role === undefined ? -1 : roleOrder.indexOf(role);
  if (i < 0) return;
  const look = roleStyle(i);
  e.classList.add('has-role');
  e.style.setProperty('--role', look.colour);
  const dash = DASHES[look.pattern];
  if (outline && dash) outline.setAttribute('stroke-dasharray', dash);
}

function nodeClasses(n: RoadmapGraphNode, critical: ReadonlySet<string>): string {
  const c = ['node', n.kind ? `kind-${n.kind.replace(/[^A-Za-z0-9_-]/g, '')}` : 'kind-none'];
  if (n.capstone) c.push('capstone');
  if (!n.defined) c.push('dangling');
  if (n.cycle) c.push('cycle');
  if (critical.has(n.id)) c.push('critical');
  if (n.id === active) c.push('active');
  return c.join(' ');
}

function tooltip(n: RoadmapGraphNode, critical: ReadonlySet<string>): string {
  if (!n.defined) return `${n.id}: mentioned as a prerequisite or next step, but no document defines it.`;
  const parts = [`${n.id}${n.title ? ': ' + n.title : ''}`];
  if (n.kind) parts.push(`Kind: ${n.kind}`);
  if (n.roles.length) parts.push(`Role(s): ${n.roles.join(', ')}`);
  if (n.hours !== undefined) parts.push(`Hours: ${n.hours}`);
  if (n.blocking) parts.push(`Blocks ${n.blocking} document${n.blocking === 1 ? '' : 's'} (they require it, directly or through others).`);
  if (critical.has(n.id)) parts.push("On the track's critical path.");
  if (n.cycle) parts.push('On a prerequisite cycle.');
  parts.push('Click to open.');
  return parts.join('\n');
}

/** The "blocks N documents" badge at a node's top right corner. */
function badge(g: Element, count: number, width: number): void {
  const label = count > 999 ? `${Math.floor(count / 1000)}k` : String(count);
  const w = 8 + label.length * 6.5;
  const b = el('g', { class: 'badge', transform: `translate(${width - w / 2 - 2},${-6})` }, g);
  el('rect', { x: -w / 2, y: 0, width: w, height: 14, rx: 7 }, b);
  text(b, label, { x: 0, y: 10.5, 'text-anchor': 'middle' });
}

function drawNode(parent: Element, b: NodeBox, critical: ReadonlySet<string>): void {
  const n = b.node;
  const g = el('g', { class: nodeClasses(n, critical), transform: `translate(${b.x},${b.y})`, 'data-testid': `node-${n.id}`, 'data-node-id': n.id }, parent);
  if (n.defined) {
    g.setAttribute('tabindex', '0');
    g.setAttribute('role', 'button');
  }
  if (n.blocking) g.setAttribute('data-blocking', String(n.blocking));
  g.setAttribute('aria-label', neutraliseControls(`${n.id} ${n.defined ? (n.title ?? '') : '(not defined)'}${n.blocking ? `, blocks ${n.blocking}` : ''}`));
  el('title', {}, g).textContent = neutraliseControls(tooltip(n, critical));
  const body = el('rect', { class: 'body', width: b.width, height: b.height, rx: n.capstone ? 12 : 4 }, g);
  if (n.defined) paintRole(g, n.roles[0], body);
  // One stripe per role along the top edge, so a node of two roles shows both.
  if (n.defined && n.roles.length) {
    const inset = n.capstone ? 12 : 4;
    const w = (b.width - 2 * inset) / n.roles.length;
    n.roles.forEach((r, i) => paintRole(el('rect', { class: 'stripe', x: inset + i * w, y: 1, width: w, height: NODE.stripe }, g), r));
  }
  const top = NODE.stripe + NODE.padY;
  text(g, n.id, { class: 'id', x: NODE.padX, y: top + 12, 'font-size': 12 });
  // The kind and the hours, written on the node (not only in its tooltip).
  const corner = [n.kind, n.hours !== undefined ? `${n.hours} h` : undefined].filter((x) => x !== undefined).join(' · ');
  if (corner) text(g, corner, { class: 'kind', x: b.width - NODE.padX, y: top + 11, 'text-anchor': 'end' });
  const title = el('text', { class: 'title', 'font-size': 12 }, g);
  b.lines.forEach((line, i) => {
    const t = el('tspan', { x: NODE.padX, y: top + NODE.head + 12 + i * NODE.line }, title);
    t.textContent = line;
  });
  if (n.blocking) badge(g, n.blocking, b.width);
}

function drawTrack(parent: Element, b: PlacedBox, t: TrackSummary): void {
  const g = el('g', { class: 'node track', transform: `translate(${b.x},${b.y})`, 'data-testid': `track-${t.role}`, 'data-track': t.role, tabindex: 0, role: 'button' }, parent);
  const hours = `${Math.round(t.hours)} h`;
  g.setAttribute('aria-label', neutraliseControls(`${t.role}: ${t.documents} documents, ${hours}${t.criticalHours ? `, critical path ${t.criticalHours} hours` : ''}. Expand the track.`));
  const lines = [`${t.role}`, `${t.documents} document${t.documents === 1 ? '' : 's'}, ${t.hours} hours`];
  if (t.criticalHours) lines.push(`Critical path: ${t.criticalHours} hours`);
  lines.push(t.role === NO_ROLE ? 'Click to show every document.' : 'Click to show its documents.');
  el('title', {}, g).textContent = neutraliseControls(lines.join('\n'));
  const body = el('rect', { class: 'body', width: b.width, height: b.height, rx: 8 }, g);
  paintRole(g, t.role, body);
  const top = NODE.stripe + NODE.padY;
  text(g, `${t.documents} docs · ${hours}`, { class: 'id count', x: NODE.padX, y: top + 12, 'font-size': 12 });
  const title = el('text', { class: 'title', 'font-size': 12 }, g);
  b.lines.forEach((line, i) => {
    const s = el('tspan', { x: NODE.padX, y: top + NODE.head + 12 + i * NODE.line }, title);
    s.textContent = line;
  });
}

function pathOf(points: Array<{ x: number; y: number }>): string {
  return points.map((p, i) => `${i ? 'L' : 'M'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
}

function onCritical(e: { source: string; target: string }, critical: readonly string[]): boolean {
  const i = critical.indexOf(e.source);
  return i >= 0 && critical[i + 1] === e.target;
}

function edgeClasses(e: Layout['edges'][number], critical: readonly string[]): string {
  const c = ['edge'];
  if (!e.prerequisite) c.push('next-only');
  if (e.cycle) c.push('cycle');
  if (onCritical(e, critical)) c.push('critical');
  if (active && (e.source === active || e.target === active)) c.push('touches-active');
  return c.join(' ');
}

function markerOf(cls: string): string {
  const c = cls.split(' ');
  if (c.includes('cycle')) return 'url(#arrow-cycle)';
  if (c.includes('critical')) return 'url(#arrow-critical)';
  if (c.includes('touches-active')) return 'url(#arrow-active)';
  return 'url(#arrow)';
}

/** The SVG root with its arrow markers. */
function svgRoot(l: BoxLayout, label: string): SVGSVGElement {
  const svg = el('svg', { xmlns: SVG, viewBox: `0 0 ${Math.ceil(l.width)} ${Math.ceil(l.height)}`, 'data-testid': 'graph-svg', role: 'img', 'font-family': bodyFont() });
  svg.setAttribute('aria-label', label);
  const defs = el('defs', {}, svg);
  for (const [id, cls] of [
    ['arrow', 'arrow'],
    ['arrow-cycle', 'arrow cycle'],
    ['arrow-active', 'arrow active'],
    ['arrow-critical', 'arrow critical'],
  ]) {
    const m = el('marker', { id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 9, markerHeight: 9, orient: 'auto-start-reverse', markerUnits: 'userSpaceOnUse' }, defs);
    el('path', { d: 'M0,0 L10,5 L0,10 z', class: cls }, m);
  }
  return svg;
}

/**
 * Yields between slices of a large drawing until the next frame has been rendered, so that
 * the browser styles and paints each slice in its own frame (or after 100 ms, when no frame
 * comes: a page not shown).
 */
const yieldToPage = () =>
  new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, 100);
    requestAnimationFrame(() =>
      setTimeout(() => {
        clearTimeout(timer);
        resolve();
      }, 0),
    );
  });

/**
 * Draws a layout: edges first, then nodes, in slices of SLICE elements with a pause
 * between them; the picture is in the page after the first slice. Returns false when a
 * newer render took over meanwhile.
 */
async function drawSliced(svg: SVGSVGElement, parts: Array<(parent: Element) => void>, layers: Element[], token: number, total: number): Promise<boolean> {
  canvas.replaceChildren(svg);
  applyZoom();
  for (let i = 0; i < parts.length; i += SLICE) {
    if (i > 0) {
      if (parts.length > SLICE) showMessage(`Drawing ${Math.min(i, total)} of ${total}…`);
      await yieldToPage();
      if (!wanted(token)) return false;
    }
    const frag = parts.slice(i, i + SLICE);
    for (const [k, draw] of frag.entries()) draw(layers[i + k]);
    if (i === 0) setPhase('drawn');
  }
  return true;
}

function drawPlan(plan: Plan, l: BoxLayout, token: number): Promise<boolean> {
  if (plan.kind === 'overview') return drawOverview(plan.overview, l, token);
  const layout = documentsLayout(plan.view, l);
  docLayout = layout;
  const critical = plan.critical?.ids ?? [];
  const criticalSet = new Set(critical);
  const svg = svgRoot(l, `Prerequisite graph of ${layout.nodes.length} documents`);
  const edges = el('g', { class: 'edges' }, svg);
  const nodes = el('g', { class: 'nodes' }, svg);
  const parts: Array<(parent: Element) => void> = [];
  const layers: Element[] = [];
  for (const e of layout.edges) {
    layers.push(edges);
    parts.push((parent) => {
      const cls = edgeClasses(e, critical);
      const p = el('path', { class: cls, d: pathOf(e.points), 'marker-end': markerOf(cls), 'data-testid': `edge-${e.source}-${e.target}`, 'data-source': e.source, 'data-target': e.target }, parent);
      const what = e.prerequisite && e.next ? 'prerequisite (and next)' : e.prerequisite ? 'prerequisite' : `next (${e.target} does not list ${e.source} as a prerequisite)`;
      el('title', {}, p).textContent = neutraliseControls(`${e.source} → ${e.target}: ${what}${e.cycle ? ', on a cycle' : ''}`);
    });
  }
  for (const b of layout.nodes) {
    layers.push(nodes);
    parts.push((parent) => drawNode(parent, b, criticalSet));
  }
  return drawSliced(svg, parts, layers, token, layout.nodes.length + layout.edges.length);
}

async function drawOverview(o: Overview, l: BoxLayout, token: number): Promise<boolean> {
  docLayout = undefined;
  const byRole = new Map(o.tracks.map((t) => [trackBoxId(t.role), t]));
  const svg = svgRoot(l, `Overview of ${o.documents} documents in ${o.tracks.length} role tracks`);
  const edges = el('g', { class: 'edges' }, svg);
  const nodes = el('g', { class: 'nodes' }, svg);
  const weights = new Map(o.edges.map((e) => [`${trackBoxId(e.source)}>${trackBoxId(e.target)}`, e]));
  for (const e of l.edges) {
    const w = weights.get(`${e.source}>${e.target}`);
    if (!w) continue;
    const p = el('path', { class: 'track-edge', d: pathOf(e.points), 'stroke-width': (1 + 1.5 * Math.log2(w.weight)).toFixed(1), 'marker-end': 'url(#arrow)', 'data-weight': w.weight }, edges);
    el('title', {}, p).textContent = neutraliseControls(`${w.weight} link${w.weight === 1 ? '' : 's'} from a document of ${w.source} to one of ${w.target}`);
    const mid = e.points[Math.floor(e.points.length / 2)];
    const prev = e.points[Math.max(0, Math.floor(e.points.length / 2) - 1)];
    text(edges, String(w.weight), { class: 'weight', x: ((mid.x + prev.x) / 2).toFixed(1), y: ((mid.y + prev.y) / 2 - 3).toFixed(1), 'text-anchor': 'middle' });
  }
  for (const b of l.boxes) {
    const t = byRole.get(b.id);
    if (t) drawTrack(nodes, b, t);
  }
  canvas.replaceChildren(svg);
  applyZoom();
  setPhase('drawn');
  return wanted(token);
}

const trackBoxId = (role: string) => `track:${role}`;

/** The layout request of a plan. */
function requestOf(plan: Plan): LayoutRequest {
  if (plan.kind === 'documents') return documentsRequest(plan.view);
  return {
    boxes: plan.overview.tracks.map((t) => ({ id: trackBoxId(t.role), text: t.role, width: TRACK_WIDTH })),
    edges: plan.overview.edges.map((e) => ({ source: trackBoxId(e.source), target: trackBoxId(e.target) })),
  };
}

function drawLegend(): void {
  while (legend.firstChild) legend.removeChild(legend.firstChild);
  if (!graph && !summary) return;
  const item = (label: string, build: (svg: SVGSVGElement) => void, testid?: string) => {
    const span = document.createElement('span');
    span.className = 'item';
    if (testid) span.setAttribute('data-testid', testid);
    const svg = el('svg', { width: 22, height: 12, viewBox: '0 0 22 12' });
    build(svg);
    span.appendChild(svg);
    span.appendChild(document.createTextNode(neutraliseControls(label)));
    legend.appendChild(span);
  };
  roleOrder.forEach((r, i) =>
    item(
      r,
      (s) => {
        const swatch = el('rect', { class: 'swatch', x: 1, y: 1, width: 20, height: 10, rx: 2 }, s);
        paintRole(swatch, r, swatch);
      },
      `legend-role-${i}`,
    ),
  );
  item('prerequisite', (s) => el('path', { class: 'edge', d: 'M1,6 L21,6' }, s));
  item('next only', (s) => el('path', { class: 'edge next-only', d: 'M1,6 L21,6' }, s));
  item('cycle', (s) => el('path', { class: 'edge cycle', d: 'M1,6 L21,6' }, s));
  item('critical path', (s) => el('path', { class: 'edge critical', d: 'M1,6 L21,6' }, s));
  item('blocks N documents', (s) => {
    const g = el('g', { class: 'badge' }, s);
    el('rect', { x: 3, y: 0, width: 16, height: 12, rx: 6 }, g);
    text(g, 'N', { x: 11, y: 9.5, 'text-anchor': 'middle' });
  });
  item('not defined', (s) => {
    const g = el('g', { class: 'node dangling' }, s);
    el('rect', { class: 'body', x: 1, y: 1, width: 20, height: 10, rx: 2 }, g);
  });
}

function showMessage(s: string): void {
  message.textContent = s;
  // The line is cut with an ellipsis when long; the whole text is its tooltip (and read by screen readers).
  message.title = s;
}

let renderQueued = false;
function scheduleRender(): void {
  if (renderQueued) return;
  renderQueued = true;
  queueMicrotask(() => {
    renderQueued = false;
    void render();
  });
}

const plural = (n: number, what: string) => `${n.toLocaleString('en')} ${what}${n === 1 ? '' : 's'}`;

function describe(plan: Plan, notes: string[]): string {
  if (plan.kind === 'overview') {
    const o = plan.overview;
    return [`Overview: ${plural(o.documents, 'document')} in ${plural(o.tracks.length, 'role track')} (more than ${threshold}). Click a track to see its documents, or Show all.`, ...notes].join(' ');
  }
  const n = plan.view.nodes.length;
  const parts: string[] = [];
  if (plan.reason === 'focus') parts.push(`Focus: ${plural(n, 'document')} within ${plural(state.depth, 'link')} of ${active}.`);
  else if (plan.reason === 'detail') parts.push(`All ${plural(n, 'document')}: zoom in to read them, or go back to the Overview.`);
  else if (plan.reason === 'track' && plan.critical) parts.push(`Track ${plan.critical.role}: ${plural(n, 'document')}.`);
  if (plan.critical?.ids.length) parts.push(`Critical path (highlighted): ${plan.critical.hours} hours, ${plan.critical.ids.join(' → ')}.`);
  else if (plan.critical) parts.push('No critical path: every chain of the track meets a cycle.');
  return [...parts, ...notes].join(' ');
}

let progressTimer: ReturnType<typeof setInterval> | undefined;
function stopProgress(): void {
  if (progressTimer) clearInterval(progressTimer);
  progressTimer = undefined;
  cancelButton.hidden = true;
}

cancelButton.addEventListener('click', () => {
  worker.cancel();
});

async function render(): Promise<void> {
  if (!graph && !summary) return;
  adopted = -1;
  const token = ++renderToken;
  const notes: string[] = [];
  if (state.focus && !active) notes.push('Focus: the active editor is not a roadmap document of the graph.');
  const asked = { role: state.role, competency: state.competency, focus: state.focus && active ? active : undefined, depth: state.depth, detail: state.detail, threshold };
  // The summary, while it is that of the graph shown, decides the overview without going through every document.
  const plan = (summary && planOfSummary(summary, asked)) ?? (graph && planOf({ graph, ...asked }));
  waitingForGraph = !plan;
  if (!plan) {
    // What is asked needs the graph, whose parts are still coming: drawn when they are in.
    stopProgress();
    setPhase('loading');
    showMessage(`Loading the graph (${plural(summary?.overview.documents ?? 0, 'document')})…`);
    return;
  }
  if (state.focus && active && !(plan.kind === 'documents' && plan.reason === 'focus')) notes.push('Focus: the active document is hidden by the filters.');
  document.body.dataset.view = plan.kind === 'overview' ? 'overview' : plan.reason;
  if (plan.kind === 'documents' && plan.critical) document.body.dataset.track = plan.critical.role;
  else delete document.body.dataset.track;
  const count = plan.kind === 'overview' ? plan.overview.tracks.length : plan.view.nodes.length;
  if (!count) {
    stopProgress();
    shown = undefined;
    docLayout = undefined;
    canvas.replaceChildren();
    document.body.dataset.view = 'empty';
    showMessage(graph?.nodes.length ? 'No document matches the filters.' : 'No roadmap documents in the workspace yet.');
    setPhase('drawn');
    postRendered();
    interactiveAfterPaint(token);
    return;
  }
  mark('plan');
  const request = requestOf(plan);
  const font = bodyFont();
  const key = JSON.stringify([font, request]);
  let layout: BoxLayout;
  const known = recent.get(key) ?? (state.cache?.key === key ? state.cache.layout : undefined);
  if (known) layout = known;
  else {
    // Up to QUICK_LAYOUT_MAX boxes the worker answers in milliseconds (the quick layout):
    // no progress shown for those; larger views go to ELK there, with progress and Cancel.
    const slow = request.boxes.length > QUICK_LAYOUT_MAX;
    if (slow) setPhase(shown ? 'drawn' : 'loading');
    const started = Date.now();
    const big = request.boxes.length > BIG_LAYOUT;
    const progress = () => {
      const s = Math.round((Date.now() - started) / 1000);
      showMessage(`Laying out ${plural(request.boxes.length, 'document')}${big ? ' (in the background; the editor stays usable)' : ''}… ${s} s`);
    };
    stopProgress();
    if (slow) {
      progressTimer = setInterval(progress, 500);
      if (big) {
        progress();
        cancelButton.hidden = false;
      }
    }
    try {
      mark('layout-requested');
      // A large layout still running is for a view no longer asked for: stopped.
      if (!slow && worker.busy) worker.cancel();
      layout = await (slow ? worker : quickWorker).layout(request, font);
      mark('layout-received');
    } catch (e) {
      if (token !== renderToken) return;
      stopProgress();
      if (e instanceof LayoutCancelled) {
        // Back to where the user came from: the overview, or the detail they had.
        if (plan.kind === 'documents') {
          if (plan.reason === 'detail') state.detail = false;
          else if (plan.reason === 'track') state.role = '';
          else if (plan.reason === 'focus') state.focus = false;
        }
        refreshFilters();
        showMessage('Layout cancelled.');
        viewChanged();
        return;
      }
      showMessage('The graph could not be laid out.');
      setPhase('interactive');
      post({ type: 'error', message: `layout failed: ${e instanceof Error ? e.message : String(e)}` });
      return;
    } finally {
      if (token === renderToken) stopProgress();
    }
    if (token !== renderToken) return; // a newer render started meanwhile
  }
  const planJson = JSON.stringify(plan);
  const cached = cachedDrawing;
  cachedDrawing = undefined;
  if (cached && cached.key === key && cached.plan === planJson) {
    // The picture drawn from the webview's state when the page was shown again is this one: kept.
    mark('unchanged');
    adopted = cached.token;
    const done = await cached.done;
    if (!done || token !== renderToken) return;
    markActive();
    showMessage(describe(plan, notes));
    postRendered();
    interactiveAfterPaint(token);
    return;
  }
  const sameKey = shown?.key === key;
  shown = { plan, layout, key };
  recent.delete(key);
  recent.set(key, layout);
  for (const k of recent.keys()) if (recent.size > RECENT) recent.delete(k);
  if (request.boxes.length <= CACHE_BOXES) state.cache = { key, layout, plan };
  else delete state.cache;
  saveState();
  const scroll = { left: canvas.scrollLeft, top: canvas.scrollTop };
  mark('draw');
  const done = await drawPlan(plan, layout, token);
  if (!done || token !== renderToken) return;
  if (sameKey) {
    canvas.scrollLeft = scroll.left;
    canvas.scrollTop = scroll.top;
  }
  showMessage(describe(plan, notes));
  postRendered();
  interactiveAfterPaint(token);
}

/**
 * The picture drawn from the webview's state, while the graph is on its way: a render that finds
 * the same plan to draw keeps it (`adopted`: its slices go on) instead of drawing it again.
 */
let cachedDrawing: { key: string; plan: string; token: number; done: Promise<boolean> } | undefined;
/** The token of a drawing a newer render took over (-1: none). */
let adopted = -1;
/** Whether a drawing begun with this token is still wanted. */
const wanted = (token: number) => token === renderToken || token === adopted;

/** Draws what the page showed last (from the webview's state) before the graph arrives. */
function drawCached(): void {
  const c = state.cache;
  if (!c) return;
  shown = { plan: c.plan, layout: c.layout, key: c.key };
  const token = renderToken;
  const done = drawPlan(c.plan, c.layout, token);
  cachedDrawing = { key: c.key, plan: JSON.stringify(c.plan), token, done };
  void done.then((ok) => {
    if (ok && token === renderToken) showMessage('Checking for changes…');
  });
}

function postRendered(): void {
  mark('rendered');
  post({
    type: 'rendered',
    nodes: docLayout ? docLayout.nodes.map((b) => b.id) : [],
    ...(active && docLayout?.nodes.some((b) => b.id === active) ? { active } : {}),
    labels: drawnLabels(),
    scripts: document.scripts.length,
    images: document.images.length,
  });
  mark('rendered-posted');
}

/** Each drawn node's text as the DOM holds it (textContent), read back after drawing. */
function drawnLabels(): Record<string, NodeLabel> {
  const out: Array<[string, NodeLabel]> = [];
  for (const g of canvas.querySelectorAll<SVGGElement>('g.node[data-node-id]')) {
    const id = g.getAttribute('data-node-id');
    if (id === null) continue;
    out.push([
      id,
      {
        id: g.querySelector('text.id')?.textContent ?? '',
        lines: [...g.querySelectorAll('text.title > tspan')].map((t) => t.textContent ?? ''),
        tooltip: g.querySelector(':scope > title')?.textContent ?? '',
      },
    ]);
  }
  return Object.fromEntries(out);
}

/** Moves the highlight without laying out again (when the view does not depend on it). */
function highlight(): void {
  if (state.focus || !docLayout) {
    scheduleRender();
    return;
  }
  markActive();
  postRendered();
}

/** The active document's node and edges marked as such in the drawing. */
function markActive(): void {
  for (const g of canvas.querySelectorAll<SVGGElement>('g.node[data-node-id]')) {
    g.classList.toggle('active', g.getAttribute('data-node-id') === active);
  }
  for (const p of canvas.querySelectorAll<SVGPathElement>('path.edge')) {
    const touches = !!active && (p.getAttribute('data-source') === active || p.getAttribute('data-target') === active);
    p.classList.toggle('touches-active', touches);
    p.setAttribute('marker-end', markerOf(p.getAttribute('class') ?? ''));
  }
}

// --- clicks and keys: one listener for the whole drawing --------------------

function targetOf(e: Event): { id?: string; track?: string } | undefined {
  const g = (e.target as Element | null)?.closest?.('[data-node-id], [data-track]');
  if (!g) return undefined;
  const track = g.getAttribute('data-track');
  if (track !== null) return { track };
  const id = g.getAttribute('data-node-id');
  return id !== null && !g.classList.contains('dangling') ? { id } : undefined;
}

function activate(t: { id?: string; track?: string }): void {
  if (t.track !== undefined) {
    if (graph || summary) expandTrack(t.track);
  } else if (t.id !== undefined) post({ type: 'open', id: t.id });
}

canvas.addEventListener('click', (e) => {
  const t = targetOf(e);
  if (t) activate(t);
});
canvas.addEventListener('keydown', (e) => {
  if (e.key !== 'Enter' && e.key !== ' ') return;
  const t = targetOf(e);
  if (!t) return;
  e.preventDefault();
  activate(t);
});

// --- export ------------------------------------------------------------------

const INLINE = ['fill', 'stroke', 'stroke-width', 'stroke-dasharray', 'stroke-opacity', 'fill-opacity', 'opacity', 'font-family', 'font-size', 'font-weight', 'font-style'];

/** The drawing as a standalone SVG document: theme colours resolved and written as attributes. */
function exportSvg(): string | undefined {
  const svg = canvas.querySelector('svg');
  if (!svg || !shown) return undefined;
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const from = [svg, ...svg.querySelectorAll('*')];
  const to = [copy, ...copy.querySelectorAll('*')];
  from.forEach((src, i) => {
    const cs = getComputedStyle(src);
    for (const p of INLINE) {
      const v = cs.getPropertyValue(p);
      if (v) to[i].setAttribute(p, v);
    }
    for (const a of ['tabindex', 'role', 'aria-label', 'style']) to[i].removeAttribute(a);
  });
  copy.setAttribute('width', String(Math.ceil(shown.layout.width)));
  copy.setAttribute('height', String(Math.ceil(shown.layout.height)));
  const bg = document.createElementNS(SVG, 'rect');
  bg.setAttribute('width', '100%');
  bg.setAttribute('height', '100%');
  bg.setAttribute('fill', getComputedStyle(document.body).backgroundColor);
  copy.insertBefore(bg, copy.firstChild);
  return new XMLSerializer().serializeToString(copy);
}
// The toolbar's Curriculum Overview button (client/src/overview/).
document.getElementById('curriculum-overview')?.addEventListener('click', () => post({ type: 'showCurriculumOverview' }));

$('export-svg').addEventListener('click', () => {
  const svg = exportSvg();
  if (svg) post({ type: 'exportSvg', svg });
});
$('export-mermaid').addEventListener('click', () => {
  post({ type: 'exportMermaid', ids: docLayout ? docLayout.nodes.map((b) => b.id) : undefined });
});

// --- messages from the extension --------------------------------------------

function isHostMessage(m: unknown): m is HostMessage {
  return typeof m === 'object' && m !== null && typeof (m as { type?: unknown }).type === 'string';
}

window.addEventListener('message', (event: MessageEvent) => {
  const m: unknown = event.data;
  if (!isHostMessage(m)) return;
  switch (m.type) {
    case 'full':
      mark('graph-received');
      version = m.version;
      active = m.active;
      threshold = Math.max(1, Math.floor(m.settings.overviewThreshold || DEFAULT_OVERVIEW_THRESHOLD));
      summary = m.summary;
      if ('graph' in m) {
        graph = m.graph;
        incoming = undefined;
      } else {
        // A large graph: its summary now, its parts after (one message each, each quick to receive).
        graph = undefined;
        incoming = { version: m.version, parts: new Array<GraphPart | undefined>(m.parts).fill(undefined), left: m.parts, changes: [] };
      }
      if (!restored && !graphSeen) {
        // A new page: what the workspace showed last, else the settings' depth.
        if (m.view) Object.assign(state, m.view);
        else state.depth = Math.min(9, Math.max(1, m.settings.focusDepth));
      }
      graphSeen = true;
      refreshFilters();
      drawLegend();
      scheduleRender();
      break;
    case 'graphPart': {
      if (!incoming || m.version !== incoming.version || m.index < 0 || m.index >= incoming.parts.length || incoming.parts[m.index]) return;
      incoming.parts[m.index] = m;
      if (--incoming.left > 0) return;
      const changes = incoming.changes;
      graph = joinGraphParts(incoming.parts as GraphPart[]);
      incoming = undefined;
      mark('graph-complete');
      for (const c of changes) graph = applyGraphChanges(graph, c);
      if (changes.length) {
        // The summary is that of the version the changes started from.
        summary = undefined;
        refreshFilters();
        drawLegend();
        scheduleRender();
      } else if (waitingForGraph) scheduleRender();
      break;
    }
    case 'changes':
      if (incoming && m.base === version) {
        // The graph is still coming: the changes apply once it is in.
        incoming.changes.push(m.changes);
        version = m.version;
        return;
      }
      if (!graph || m.base !== version) {
        post({ type: 'ready' });
        return;
      }
      graph = applyGraphChanges(graph, m.changes);
      summary = undefined;
      version = m.version;
      refreshFilters();
      drawLegend();
      scheduleRender();
      break;
    case 'active':
      if (m.id === active) return;
      active = m.id;
      highlight();
      break;
  }
});
if (state.cache) drawCached();
else showMessage('Loading the graph…');
post({ type: 'ready' });
