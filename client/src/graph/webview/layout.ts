/**
 * The graph's layout, computed by elkjs (layered algorithm, left to right): node
 * boxes sized from their wrapped text, edges read from prerequisite to dependent
 * (see `flowEdges`), orthogonal routes. No hand-made placement: this only builds
 * ELK's input and reads its output. Free of the DOM (text width is a function
 * passed in) so that the tests run the same layout in Node.
 */
import type { ELK, ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk-api';
import { boundLabel } from '../../../../server/src/core/api';
import { flowEdges, type FlowEdge, type GraphView, type RoadmapGraphNode } from '../graphModel';

export type Measure = (text: string, font: 'id' | 'title') => number;

export const NODE = {
  width: 160,
  padX: 9,
  padY: 8,
  /** Line height of the title lines. */
  line: 16,
  /** Height of the ID line. */
  head: 18,
  maxTitleLines: 3,
  /** Room for the role stripes along the top edge. */
  stripe: 4,
};

export interface NodeBox {
  id: string;
  node: RoadmapGraphNode;
  x: number;
  y: number;
  width: number;
  height: number;
  /** The title, wrapped (the last line ends with an ellipsis when cut). */
  lines: string[];
}

export interface EdgeRoute extends FlowEdge {
  points: Array<{ x: number; y: number }>;
}

export interface Layout {
  width: number;
  height: number;
  nodes: NodeBox[];
  edges: EdgeRoute[];
}

const ELLIPSIS = '…';

/** Splits text into at most `maxLines` lines no wider than `width`; a cut last line ends with an ellipsis. */
export function wrapText(text: string, width: number, maxLines: number, measure: (s: string) => number): string[] {
  const words = text.replace(/\s+/g, ' ').trim().split(' ').filter(Boolean);
  const lines: string[] = [];
  let i = 0;
  while (i < words.length && lines.length < maxLines) {
    let line = words[i++];
    // A word wider than the box is cut by characters.
    if (measure(line) > width) {
      let cut = line;
      while (cut.length > 1 && measure(cut + ELLIPSIS) > width) cut = cut.slice(0, -1);
      lines.push(cut + ELLIPSIS);
      continue;
    }
    while (i < words.length && measure(line + ' ' + words[i]) <= width) line += ' ' + words[i++];
    lines.push(line);
  }
  if (i < words.length && lines.length) {
    let last = lines[lines.length - 1];
    while (last.length > 1 && measure(last + ELLIPSIS) > width) last = last.slice(0, -1).trimEnd();
    lines[lines.length - 1] = last.endsWith(ELLIPSIS) ? last : last + ELLIPSIS;
  }
  return lines;
}

function titleOf(n: RoadmapGraphNode): string {
  if (!n.defined) return 'not defined';
  // Bounded like every drawn label (the tooltip has the full title): a node shows three short lines of it at most.
  return n.title === undefined ? '(no title)' : boundLabel(n.title);
}

export const LAYOUT_OPTIONS: Record<string, string> = {
  'elk.algorithm': 'layered',
  'elk.direction': 'RIGHT',
  'elk.edgeRouting': 'ORTHOGONAL',
  'elk.layered.spacing.nodeNodeBetweenLayers': '40',
  'elk.spacing.nodeNode': '18',
  'elk.spacing.edgeNode': '14',
  'elk.spacing.edgeEdge': '8',
  'elk.layered.spacing.edgeNodeBetweenLayers': '14',
  'elk.layered.nodePlacement.strategy': 'NETWORK_SIMPLEX',
  'elk.layered.considerModelOrder.strategy': 'NODES_AND_EDGES',
  'elk.layered.crossingMinimization.forceNodeModelOrder': 'false',
  'elk.separateConnectedComponents': 'true',
  'elk.spacing.componentComponent': '40',
  'elk.padding': '[top=16,left=16,bottom=16,right=16]',
};

/** One box to place: its text is wrapped into title lines that set its height. */
export interface BoxSpec {
  id: string;
  text: string;
  width: number;
}

/** What the layout worker is asked: boxes and edges (source to target, drawn left to right). */
export interface LayoutRequest {
  boxes: BoxSpec[];
  edges: Array<{ source: string; target: string }>;
}

export interface PlacedBox {
  id: string;
  x: number;
  y: number;
  width: number;
  height: number;
  lines: string[];
}

/** The layout of a `LayoutRequest`: boxes and edges in the request's order. */
export interface BoxLayout {
  width: number;
  height: number;
  boxes: PlacedBox[];
  edges: Array<{ source: string; target: string; points: Array<{ x: number; y: number }> }>;
}

/** Above this many boxes ELK runs its cheaper settings (one pass of crossing minimisation, Brandes-Köpf placement). */
export const BIG_LAYOUT = 150;

/**
 * Up to this many boxes a view goes to the quick layout's worker (quickLayout.ts: about 10 ms
 * for 200 documents and their 370 edges, 60 ms for 1,000, on a loaded 2-core machine);
 * beyond, to ELK's worker.
 */
export const QUICK_LAYOUT_MAX = 400;

export function layoutOptions(boxes: number): Record<string, string> {
  if (boxes <= BIG_LAYOUT) return LAYOUT_OPTIONS;
  return { ...LAYOUT_OPTIONS, 'elk.layered.nodePlacement.strategy': 'BRANDES_KOEPF', 'elk.layered.thoroughness': '1', 'elk.edgeRouting': 'POLYLINE' };
}

/** The height of a box with this many title lines. */
export function boxHeight(lines: number): number {
  return NODE.stripe + NODE.padY + NODE.head + lines * NODE.line + NODE.padY;
}

/** The request's boxes sized from their wrapped text (at 0,0), by ID, in the request's order. */
export function sizeBoxes(request: LayoutRequest, measure: Measure): Map<string, PlacedBox> {
  const boxes = new Map<string, PlacedBox>();
  for (const b of request.boxes) {
    const lines = wrapText(b.text, b.width - 2 * NODE.padX, NODE.maxTitleLines, (s) => measure(s, 'title'));
    boxes.set(b.id, { id: b.id, x: 0, y: 0, width: b.width, height: boxHeight(lines.length), lines });
  }
  return boxes;
}

/** Lays boxes out with ELK (in the layout worker; in Node for the tests). */
export async function layoutBoxes(elk: ELK, request: LayoutRequest, measure: Measure): Promise<BoxLayout> {
  const boxes = sizeBoxes(request, measure);
  const flows = request.edges.filter((e) => boxes.has(e.source) && boxes.has(e.target));
  const elkEdges: ElkExtendedEdge[] = flows.map((e, i) => ({ id: `e${i}`, sources: [e.source], targets: [e.target] }));
  const graph: ElkNode = {
    id: 'root',
    layoutOptions: layoutOptions(boxes.size),
    children: [...boxes.values()].map((b) => ({ id: b.id, width: b.width, height: b.height })),
    edges: elkEdges,
  };
  const out = await elk.layout(graph);
  for (const c of out.children ?? []) {
    const b = boxes.get(c.id);
    if (b) {
      b.x = c.x ?? 0;
      b.y = c.y ?? 0;
    }
  }
  const routed = new Map((out.edges ?? []).map((e) => [e.id, e]));
  const edges = flows.map((f, i) => {
    const s = (routed.get(`e${i}`) as ElkExtendedEdge | undefined)?.sections?.[0];
    const points = s ? [s.startPoint, ...(s.bendPoints ?? []), s.endPoint] : straight(boxes.get(f.source)!, boxes.get(f.target)!);
    return { source: f.source, target: f.target, points: points.map((p) => ({ x: p.x, y: p.y })) };
  });
  return { width: out.width ?? 0, height: out.height ?? 0, boxes: [...boxes.values()], edges };
}

/** The layout request of a view of documents. */
export function documentsRequest(view: GraphView): LayoutRequest {
  const ids = new Set(view.nodes.map((n) => n.id));
  return {
    boxes: view.nodes.map((n) => ({ id: n.id, text: titleOf(n), width: NODE.width })),
    edges: flowEdges(view.edges)
      .filter((e) => ids.has(e.source) && ids.has(e.target))
      .map((e) => ({ source: e.source, target: e.target })),
  };
}

/** A layout of documents: the boxes with their nodes, the edges with their flow. */
export function documentsLayout(view: GraphView, placed: BoxLayout): Layout {
  const byId = new Map(view.nodes.map((n) => [n.id, n]));
  const flows = new Map(flowEdges(view.edges).map((f) => [`${f.source}>${f.target}`, f]));
  return {
    width: placed.width,
    height: placed.height,
    nodes: placed.boxes.map((b) => ({ ...b, node: byId.get(b.id)! })),
    edges: placed.edges.map((e) => ({ ...flows.get(`${e.source}>${e.target}`)!, points: e.points })),
  };
}

/** Documents laid out (the tests; the page goes through the worker with `documentsRequest`). */
export async function layoutGraph(elk: ELK, view: GraphView, measure: Measure): Promise<Layout> {
  return documentsLayout(view, await layoutBoxes(elk, documentsRequest(view), measure));
}

function straight(a: PlacedBox, b: PlacedBox): Array<{ x: number; y: number }> {
  return [
    { x: a.x + a.width, y: a.y + a.height / 2 },
    { x: b.x, y: b.y + b.height / 2 },
  ];
}
