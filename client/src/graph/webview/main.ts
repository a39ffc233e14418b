/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The graph preview page (runs in the webview; bundled on its own as
 * dist/graphView.js, with elkjs). It holds the graph the extension sent, applies
 * the changes it sends after, lays the visible part out with elkjs and draws it
 * as SVG. Every string from a document goes into the DOM through textContent or
 * setAttribute, never as markup, with bidi and invisible characters shown as
 * marks (`neutraliseControls`). It writes nothing: exports and opening a
 * document are requests to the extension.
 */
import ELK from 'elkjs/lib/elk.bundled.js';
import { applyGraphChanges, competenciesOf, rolesOf, viewOf, type RoadmapGraph, type RoadmapGraphNode } from '../graphModel';
import type { HostMessage, NodeLabel, PageMessage } from '../messages';
import { neutraliseControls } from '../../../../server/src/core/api';
import { layoutGraph, NODE, type Layout, type NodeBox } from './layout';

interface VsCodeApi {
  postMessage(message: PageMessage): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const elk = new ELK();
const SVG = 'http://www.w3.org/2000/svg';

interface ViewState {
  role: string;
  competency: string;
  focus: boolean;
  depth: number;
  /** 'fit', or a zoom factor. */
  zoom: 'fit' | number;
}

function loadState(): ViewState | undefined {
  const s = vscode.getState() as Partial<ViewState> | undefined;
  if (!s || typeof s !== 'object') return undefined;
  return {
    role: typeof s.role === 'string' ? s.role : '',
    competency: typeof s.competency === 'string' ? s.competency : '',
    focus: s.focus === true,
    depth: typeof s.depth === 'number' && s.depth >= 1 && s.depth <= 9 ? Math.floor(s.depth) : 1,
    zoom: s.zoom === 'fit' || (typeof s.zoom === 'number' && s.zoom > 0.05 && s.zoom < 8) ? s.zoom : 'fit',
  };
}

const restored = loadState();
const state: ViewState = restored ?? { role: '', competency: '', focus: false, depth: 1, zoom: 'fit' };
let graph: RoadmapGraph | undefined;
let version: number | undefined;
let active: string | undefined;
let layout: Layout | undefined;
let renderToken = 0;
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

function post(m: PageMessage): void {
  vscode.postMessage(m);
}

function saveState(): void {
  vscode.setState(state);
}

// --- text measurement ------------------------------------------------------

const measureCtx = document.createElement('canvas').getContext('2d');
const bodyFont = () => {
  const cs = getComputedStyle(document.body);
  return cs.fontFamily || 'sans-serif';
};
const FONT_SIZE = { id: 12, title: 12 };
function measure(text: string, font: 'id' | 'title'): number {
  if (!measureCtx) return text.length * 7;
  measureCtx.font = `${font === 'id' ? '600 ' : ''}${FONT_SIZE[font]}px ${bodyFont()}`;
  return measureCtx.measureText(text).width;
}

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
  if (!graph) return;
  state.role = fillSelect(roleSelect, 'All roles', rolesOf(graph), state.role);
  const competencies = competenciesOf(graph);
  state.competency = fillSelect(competencySelect, 'All competencies', competencies, state.competency);
  competencySelect.disabled = competencies.length === 0;
  focusBox.checked = state.focus;
  depthInput.value = String(state.depth);
  depthInput.disabled = !state.focus;
}

roleSelect.addEventListener('change', () => {
  state.role = roleSelect.value;
  saveState();
  scheduleRender();
});
competencySelect.addEventListener('change', () => {
  state.competency = competencySelect.value;
  saveState();
  scheduleRender();
});
focusBox.addEventListener('change', () => {
  state.focus = focusBox.checked;
  depthInput.disabled = !state.focus;
  saveState();
  scheduleRender();
});
depthInput.addEventListener('change', () => {
  const d = Math.min(9, Math.max(1, Math.floor(Number(depthInput.value) || 1)));
  depthInput.value = String(d);
  state.depth = d;
  saveState();
  if (state.focus) scheduleRender();
});

// --- zoom ------------------------------------------------------------------

function currentScale(): number {
  if (!layout) return 1;
  if (state.zoom !== 'fit') return state.zoom;
  const w = canvas.clientWidth - 4;
  const h = canvas.clientHeight - 4;
  if (!layout.width || !layout.height || w <= 0 || h <= 0) return 1;
  // Fit, but never so small that titles cannot be read: scroll instead.
  return Math.max(0.75, Math.min(1.25, w / layout.width, h / layout.height));
}

function applyZoom(): void {
  const svg = canvas.querySelector('svg');
  if (!svg || !layout) return;
  const z = currentScale();
  svg.setAttribute('width', String(Math.ceil(layout.width * z)));
  svg.setAttribute('height', String(Math.ceil(layout.height * z)));
}

function zoomBy(f: number): void {
  state.zoom = Math.min(4, Math.max(0.1, currentScale() * f));
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

function roleIndex(roles: string[], role: string | undefined): number {
  const i = role === undefined ? -1 : roles.indexOf(role);
  return i < 0 ? -1 : i % 8;
}

function nodeClasses(n: RoadmapGraphNode, roles: string[]): string {
  const c = ['node', n.kind ? `kind-${n.kind.replace(/[^A-Za-z0-9_-]/g, '')}` : 'kind-none'];
  if (n.capstone) c.push('capstone');
  if (!n.defined) c.push('dangling');
  else {
    const r = roleIndex(roles, n.roles[0]);
    if (r >= 0) c.push(`role-${r}`);
  }
  if (n.cycle) c.push('cycle');
  if (n.id === active) c.push('active');
  return c.join(' ');
}

function tooltip(n: RoadmapGraphNode): string {
  if (!n.defined) return `${n.id}: mentioned as a prerequisite or next step, but no document defines it.`;
  const parts = [`${n.id}${n.title ? ': ' + n.title : ''}`];
  if (n.kind) parts.push(`Kind: ${n.kind}`);
  if (n.roles.length) parts.push(`Role(s): ${n.roles.join(', ')}`);
  if (n.cycle) parts.push('On a prerequisite cycle.');
  parts.push('Click to open.');
  return parts.join('\n');
}

function drawNode(parent: Element, b: NodeBox, roles: string[]): void {
  const n = b.node;
  const g = el('g', { class: nodeClasses(n, roles), transform: `translate(${b.x},${b.y})`, 'data-testid': `node-${n.id}`, 'data-node-id': n.id }, parent);
  if (n.defined) {
    g.setAttribute('tabindex', '0');
    g.setAttribute('role', 'button');
  }
  g.setAttribute('aria-label', neutraliseControls(`${n.id} ${n.defined ? (n.title ?? '') : '(not defined)'}`));
  el('title', {}, g).textContent = neutraliseControls(tooltip(n));
  el('rect', { class: 'body', width: b.width, height: b.height, rx: n.capstone ? 12 : 4 }, g);
  // One stripe per role along the top edge, so a node of two roles shows both.
  if (n.defined && n.roles.length) {
    const inset = n.capstone ? 12 : 4;
    const w = (b.width - 2 * inset) / n.roles.length;
    n.roles.forEach((r, i) => {
      const ri = roleIndex(roles, r);
      el('rect', { class: `stripe${ri >= 0 ? ' role-' + ri : ''}`, x: inset + i * w, y: 1, width: w, height: NODE.stripe }, g);
    });
  }
  const top = NODE.stripe + NODE.padY;
  text(g, n.id, { class: 'id', x: NODE.padX, y: top + 12, 'font-size': 12 });
  if (n.kind) text(g, n.kind, { class: 'kind', x: b.width - NODE.padX, y: top + 11, 'text-anchor': 'end' });
  const title = el('text', { class: 'title', 'font-size': 12 }, g);
  b.lines.forEach((line, i) => {
    const t = el('tspan', { x: NODE.padX, y: top + NODE.head + 12 + i * NODE.line }, title);
    t.textContent = line;
  });
  if (n.defined) {
    g.addEventListener('click', () => post({ type: 'open', id: n.id }));
    g.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') {
        e.preventDefault();
        post({ type: 'open', id: n.id });
      }
    });
  }
}

function pathOf(points: Array<{ x: number; y: number }>): string {
  return points.map((p, i) => `${i ? 'L' : 'M'}${p.x.toFixed(1)},${p.y.toFixed(1)}`).join(' ');
}

function edgeClasses(e: Layout['edges'][number]): string {
  const c = ['edge'];
  if (!e.prerequisite) c.push('next-only');
  if (e.cycle) c.push('cycle');
  if (active && (e.source === active || e.target === active)) c.push('touches-active');
  return c.join(' ');
}

function markerOf(e: Layout['edges'][number]): string {
  if (e.cycle) return 'url(#arrow-cycle)';
  if (active && (e.source === active || e.target === active)) return 'url(#arrow-active)';
  return 'url(#arrow)';
}

function draw(l: Layout): SVGSVGElement {
  const roles = graph ? rolesOf(graph) : [];
  const svg = el('svg', { xmlns: SVG, viewBox: `0 0 ${Math.ceil(l.width)} ${Math.ceil(l.height)}`, 'data-testid': 'graph-svg', role: 'img', 'font-family': bodyFont() });
  svg.setAttribute('aria-label', `Prerequisite graph of ${l.nodes.length} documents`);
  const defs = el('defs', {}, svg);
  for (const [id, cls] of [
    ['arrow', 'arrow'],
    ['arrow-cycle', 'arrow cycle'],
    ['arrow-active', 'arrow active'],
  ]) {
    const m = el('marker', { id, viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 9, markerHeight: 9, orient: 'auto-start-reverse', markerUnits: 'userSpaceOnUse' }, defs);
    el('path', { d: 'M0,0 L10,5 L0,10 z', class: cls }, m);
  }
  const edges = el('g', { class: 'edges' }, svg);
  for (const e of l.edges) {
    const p = el('path', { class: edgeClasses(e), d: pathOf(e.points), 'marker-end': markerOf(e), 'data-testid': `edge-${e.source}-${e.target}`, 'data-source': e.source, 'data-target': e.target }, edges);
    const what = e.prerequisite && e.next ? 'prerequisite (and next)' : e.prerequisite ? 'prerequisite' : `next (${e.target} does not list ${e.source} as a prerequisite)`;
    el('title', {}, p).textContent = neutraliseControls(`${e.source} → ${e.target}: ${what}${e.cycle ? ', on a cycle' : ''}`);
  }
  const nodes = el('g', { class: 'nodes' }, svg);
  for (const b of l.nodes) drawNode(nodes, b, roles);
  return svg;
}

function drawLegend(): void {
  while (legend.firstChild) legend.removeChild(legend.firstChild);
  if (!graph) return;
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
  rolesOf(graph).forEach((r, i) => item(r, (s) => el('rect', { class: `swatch role-${i % 8}`, x: 1, y: 1, width: 20, height: 10, rx: 2 }, s), `legend-role-${i}`));
  item('prerequisite', (s) => el('path', { class: 'edge', d: 'M1,6 L21,6' }, s));
  item('next only', (s) => el('path', { class: 'edge next-only', d: 'M1,6 L21,6' }, s));
  item('cycle', (s) => el('path', { class: 'edge cycle', d: 'M1,6 L21,6' }, s));
  item('not defined', (s) => {
    const g = el('g', { class: 'node dangling' }, s);
    el('rect', { class: 'body', x: 1, y: 1, width: 20, height: 10, rx: 2 }, g);
  });
}

/**
 * What the page shows, on `document.body.dataset.state` (the tests and the bench wait for it):
 * `loading` until a graph is drawn, `drawn` once the picture is in the DOM, `interactive` once it
 * has been painted and the page answers input (the frame after).
 */
function setPageState(s: 'loading' | 'drawn' | 'interactive'): void {
  document.body.dataset.state = s;
}

function drawnThenInteractive(token: number): void {
  setPageState('drawn');
  requestAnimationFrame(() =>
    setTimeout(() => {
      if (token === renderToken) setPageState('interactive');
    }),
  );
}

function showMessage(s: string): void {
  message.textContent = s;
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

async function render(): Promise<void> {
  if (!graph) return;
  const token = ++renderToken;
  const view = viewOf(graph, {
    role: state.role || undefined,
    competency: state.competency || undefined,
    focus: state.focus && active ? active : undefined,
    depth: state.depth,
  });
  const notes: string[] = [];
  if (state.focus && !active) notes.push('Focus: the active editor is not a roadmap document of the graph; showing everything.');
  if (view.focusMissing) notes.push('Focus: the active document is hidden by the filters.');
  if (!view.nodes.length) {
    layout = undefined;
    canvas.replaceChildren();
    showMessage(graph.nodes.length ? 'No document matches the filters.' : 'No roadmap documents in the workspace yet.');
    post({ type: 'rendered', nodes: [] });
    drawnThenInteractive(token);
    return;
  }
  let l: Layout;
  try {
    l = await layoutGraph(elk, view, measure);
  } catch (e) {
    if (token !== renderToken) return;
    showMessage('The graph could not be laid out.');
    post({ type: 'error', message: `layout failed: ${e instanceof Error ? e.message : String(e)}` });
    return;
  }
  if (token !== renderToken) return; // a newer render started meanwhile
  layout = l;
  const scroll = { left: canvas.scrollLeft, top: canvas.scrollTop };
  canvas.replaceChildren(draw(l));
  applyZoom();
  canvas.scrollLeft = scroll.left;
  canvas.scrollTop = scroll.top;
  showMessage(notes.join(' '));
  postRendered();
  drawnThenInteractive(token);
}

function postRendered(): void {
  post({
    type: 'rendered',
    nodes: layout ? layout.nodes.map((b) => b.id) : [],
    ...(active && layout?.nodes.some((b) => b.id === active) ? { active } : {}),
    labels: drawnLabels(),
    scripts: document.scripts.length,
    images: document.images.length,
  });
}

/** Each drawn node's text as the DOM holds it (textContent), read back after drawing. */
function drawnLabels(): Record<string, NodeLabel> {
  const out: Array<[string, NodeLabel]> = [];
  for (const g of canvas.querySelectorAll<SVGGElement>('g.node')) {
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
  if (state.focus || !layout) {
    scheduleRender();
    return;
  }
  for (const g of canvas.querySelectorAll<SVGGElement>('g.node')) {
    g.classList.toggle('active', g.getAttribute('data-node-id') === active);
  }
  for (const p of canvas.querySelectorAll<SVGPathElement>('path.edge')) {
    const touches = !!active && (p.getAttribute('data-source') === active || p.getAttribute('data-target') === active);
    p.classList.toggle('touches-active', touches);
    p.setAttribute('marker-end', p.classList.contains('cycle') ? 'url(#arrow-cycle)' : touches ? 'url(#arrow-active)' : 'url(#arrow)');
  }
  postRendered();
}

// --- export ------------------------------------------------------------------

const INLINE = ['fill', 'stroke', 'stroke-width', 'stroke-dasharray', 'stroke-opacity', 'fill-opacity', 'opacity', 'font-family', 'font-size', 'font-weight', 'font-style'];

/** The drawing as a standalone SVG document: theme colours resolved and written as attributes. */
function exportSvg(): string | undefined {
  const svg = canvas.querySelector('svg');
  if (!svg || !layout) return undefined;
  const copy = svg.cloneNode(true) as SVGSVGElement;
  const from = [svg, ...svg.querySelectorAll('*')];
  const to = [copy, ...copy.querySelectorAll('*')];
  from.forEach((src, i) => {
    const cs = getComputedStyle(src);
    for (const p of INLINE) {
      const v = cs.getPropertyValue(p);
      if (v) to[i].setAttribute(p, v);
    }
    for (const a of ['tabindex', 'role', 'aria-label']) to[i].removeAttribute(a);
  });
  copy.setAttribute('width', String(Math.ceil(layout.width)));
  copy.setAttribute('height', String(Math.ceil(layout.height)));
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
  post({ type: 'exportMermaid', ids: layout ? layout.nodes.map((b) => b.id) : undefined });
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
      graph = m.graph;
      version = m.version;
      active = m.active;
      if (!restored && !graphSeen) state.depth = Math.min(9, Math.max(1, m.settings.focusDepth));
      graphSeen = true;
      refreshFilters();
      drawLegend();
      scheduleRender();
      break;
    case 'changes':
      if (!graph || m.base !== version) {
        post({ type: 'ready' });
        return;
      }
      graph = applyGraphChanges(graph, m.changes);
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
setPageState('loading');
showMessage('Loading the graph…');
post({ type: 'ready' });

