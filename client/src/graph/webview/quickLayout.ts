/**
 * The layout of the pictures the page shows first (the overview of role tracks, a track, a
 * focus, up to QUICK_LAYOUT_MAX boxes), placed in milliseconds by the layout worker
 * (layoutWorker.ts), so that they do not wait for elkjs (starting it and its first layout
 * take about a second on a quiet machine, and laying out 200 documents another half): boxes in layers left to right (the longest chain of
 * edges before each box; edges closing a cycle, found by a depth-first search in the
 * request's order, are turned round), ordered within their layer by a few barycentre
 * sweeps; an edge across several layers runs through a placeholder in each (between boxes,
 * not across them); straight segments between the layers. Larger views go to ELK in the
 * worker. Free of the DOM: text width is a function passed in.
 */
import { sizeBoxes, type BoxLayout, type LayoutRequest, type Measure, type PlacedBox } from './layout';

export const QUICK = {
  /** Room between two layers (ELK's nodeNodeBetweenLayers is 40; edges bend in the middle). */
  layerGap: 48,
  nodeGap: 18,
  padding: 16,
  /** Barycentre sweeps (each one down and one up). */
  sweeps: 4,
};


export function quickLayout(request: LayoutRequest, measure: Measure): BoxLayout {
  const boxes = sizeBoxes(request, measure);
  const list = [...boxes.values()];
  const n = list.length;
  const index = new Map(list.map((b, i) => [b.id, i]));
  const seen = new Set<string>();
  const edges: Array<{ source: string; target: string; from: number; to: number }> = [];
  for (const e of request.edges) {
    const from = index.get(e.source);
    const to = index.get(e.target);
    const key = `${e.source}\u0000${e.target}`;
    if (from === undefined || to === undefined || seen.has(key)) continue;
    seen.add(key);
    edges.push({ source: e.source, target: e.target, from, to });
  }
  const out: number[][] = Array.from({ length: n }, () => []);
  const into: number[][] = Array.from({ length: n }, () => []);
  for (const e of edges) if (e.from !== e.to) out[e.from].push(e.to);

  // Edges closing a cycle: to a box still on the depth-first search's stack.
  const state = new Uint8Array(n); // 0 new, 1 on the stack, 2 done
  const back = new Set<number>(); // from * n + to
  for (let root = 0; root < n; root++) {
    if (state[root]) continue;
    const stack: Array<[number, number]> = [[root, 0]];
    state[root] = 1;
    while (stack.length) {
      const top = stack[stack.length - 1];
      const [v, i] = top;
      if (i < out[v].length) {
        top[1]++;
        const w = out[v][i];
        if (state[w] === 1) back.add(v * n + w);
        else if (state[w] === 0) {
          state[w] = 1;
          stack.push([w, 0]);
        }
      } else {
        state[v] = 2;
        stack.pop();
      }
    }
  }
  const dag: number[][] = out.map((targets, v) => targets.filter((w) => !back.has(v * n + w)));
  for (let v = 0; v < n; v++) for (const w of dag[v]) into[w].push(v);

  // Layers: the longest chain before each box (Kahn's order over the acyclic edges).
  const layer = new Int32Array(n);
  const waiting = Int32Array.from(into, (l) => l.length);
  const queue: number[] = [];
  for (let v = 0; v < n; v++) if (!waiting[v]) queue.push(v);
  for (let q = 0; q < queue.length; q++) {
    const v = queue[q];
    for (const w of dag[v]) {
      layer[w] = Math.max(layer[w], layer[v] + 1);
      if (--waiting[w] === 0) queue.push(w);
    }
  }
  const depth = n ? Math.max(...layer) + 1 : 0;

  // Edges across several layers pass through a placeholder in each layer between (ordered with
  // the boxes, so that they run between boxes, not across them); an edge closing a cycle runs
  // the other way through its placeholders.
  interface Slot {
    /** A box's index, or -1 for an edge's placeholder. */
    box: number;
    height: number;
    y: number;
    before: number[];
    after: number[];
  }
  const slots: Slot[] = list.map((b, v) => ({ box: v, height: b.height, y: 0, before: [], after: [] }));
  const slotLayer: number[] = Array.from(layer);
  const chains: number[][] = [];
  for (const e of edges) {
    if (e.from === e.to) {
      chains.push([]);
      continue;
    }
    const reversed = back.has(e.from * n + e.to);
    const [lo, hi] = reversed ? [e.to, e.from] : [e.from, e.to];
    const chain = [lo];
    for (let l = layer[lo] + 1; l < layer[hi]; l++) {
      slots.push({ box: -1, height: PLACEHOLDER, y: 0, before: [], after: [] });
      slotLayer.push(l);
      chain.push(slots.length - 1);
    }
    chain.push(hi);
    for (let i = 1; i < chain.length; i++) {
      slots[chain[i - 1]].after.push(chain[i]);
      slots[chain[i]].before.push(chain[i - 1]);
    }
    chains.push(reversed ? chain.reverse() : chain);
  }
  const layers: number[][] = Array.from({ length: depth }, () => []);
  slotLayer.forEach((l, s) => layers[l].push(s));

  // Order within layers: barycentres of the neighbours in the layer before (down) or after (up).
  const rank = new Float64Array(slots.length);
  const setRanks = (l: number[]) => l.forEach((v, i) => (rank[v] = l.length > 1 ? i / (l.length - 1) : 0.5));
  layers.forEach(setRanks);
  const sweep = (l: number[], side: 'before' | 'after') => {
    const key = new Float64Array(slots.length);
    for (const v of l) {
      const ns = slots[v][side];
      key[v] = ns.length ? ns.reduce((sum, w) => sum + rank[w], 0) / ns.length : rank[v];
    }
    l.sort((a, b) => key[a] - key[b] || rank[a] - rank[b]);
    setRanks(l);
  };
  for (let i = 0; i < QUICK.sweeps; i++) {
    for (let l = 1; l < depth; l++) sweep(layers[l], 'before');
    for (let l = depth - 2; l >= 0; l--) sweep(layers[l], 'after');
  }

  // Coordinates: columns as wide as their widest box, each centred on the tallest.
  const gapAfter = (v: number) => (slots[v].box < 0 ? PLACEHOLDER_GAP : QUICK.nodeGap);
  const heights = layers.map((l) => l.reduce((h, v, i) => h + slots[v].height + (i < l.length - 1 ? gapAfter(v) : 0), 0));
  const tallest = Math.max(0, ...heights);
  const left: number[] = [];
  const right: number[] = [];
  let x = QUICK.padding;
  layers.forEach((l, i) => {
    const columnWidth = Math.max(0, ...l.map((v) => (slots[v].box >= 0 ? list[slots[v].box].width : 0)));
    let y = QUICK.padding + (tallest - heights[i]) / 2;
    for (const v of l) {
      const slot = slots[v];
      slot.y = y;
      if (slot.box >= 0) {
        list[slot.box].x = x;
        list[slot.box].y = y;
      }
      y += slot.height + gapAfter(v);
    }
    left.push(x);
    right.push(x + columnWidth);
    x += columnWidth + QUICK.layerGap;
  });
  const width = depth ? right[depth - 1] + QUICK.padding : 2 * QUICK.padding;
  const middle = (v: number) => slots[v].y + slots[v].height / 2;
  const route = (chain: number[], e: { from: number; to: number }): Array<{ x: number; y: number }> => {
    const a = list[e.from];
    if (!chain.length) {
      // A box requiring itself: a loop over its top right corner.
      return [
        { x: a.x + a.width, y: a.y + a.height / 2 },
        { x: a.x + a.width + 12, y: a.y + a.height / 2 },
        { x: a.x + a.width + 12, y: a.y - 8 },
        { x: a.x + a.width / 2, y: a.y - 8 },
        { x: a.x + a.width / 2, y: a.y },
      ];
    }
    const forward = layer[e.from] < layer[e.to];
    const points: Array<{ x: number; y: number }> = [];
    chain.forEach((v, i) => {
      const l = slotLayer[v];
      const y = middle(v);
      if (slots[v].box >= 0) {
        const b = list[slots[v].box];
        // Out of the right side going forward, into the left side; backwards the other way round.
        const out = i === 0;
        points.push({ x: out === forward ? b.x + b.width : b.x, y });
      } else if (forward) points.push({ x: left[l], y }, { x: right[l], y });
      else points.push({ x: right[l], y }, { x: left[l], y });
    });
    return points;
  };
  const placed: PlacedBox[] = list;
  return {
    width,
    height: tallest + 2 * QUICK.padding,
    boxes: placed,
    edges: edges.map((e, i) => ({ source: e.source, target: e.target, points: route(chains[i], e) })),
  };
}

/** The height of an edge's placeholder in a layer it crosses, and the room after it. */
const PLACEHOLDER = 2;
const PLACEHOLDER_GAP = 8;
