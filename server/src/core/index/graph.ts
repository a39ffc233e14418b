/** Graph algorithms over IDs. */

/**
 * Tarjan's strongly connected components, iterative so that a long prerequisite
 * chain cannot overflow the stack. Components come out in reverse topological order.
 */
export function stronglyConnected<T = string>(nodes: Iterable<T>, next: (n: T) => readonly T[]): T[][] {
  const index = new Map<T, number>();
  const low = new Map<T, number>();
  const onStack = new Set<T>();
  const stack: T[] = [];
  const out: T[][] = [];
  let counter = 0;
  for (const root of nodes) {
    if (index.has(root)) continue;
    const work: Array<{ node: T; edges: readonly T[]; i: number }> = [];
    const visit = (n: T) => {
      index.set(n, counter);
      low.set(n, counter);
      counter++;
      stack.push(n);
      onStack.add(n);
      work.push({ node: n, edges: next(n), i: 0 });
    };
    visit(root);
    while (work.length) {
      const frame = work[work.length - 1];
      if (frame.i < frame.edges.length) {
        const t = frame.edges[frame.i++];
        if (!index.has(t)) visit(t);
        else if (onStack.has(t)) low.set(frame.node, Math.min(low.get(frame.node)!, index.get(t)!));
        continue;
      }
      work.pop();
      if (work.length) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(frame.node)!));
      }
      if (low.get(frame.node) === index.get(frame.node)) {
        const scc: T[] = [];
        let n: T;
        do {
          n = stack.pop()!;
          onStack.delete(n);
          scc.push(n);
        } while (n !== frame.node);
        out.push(scc);
      }
    }
  }
  return out;
}

/**
 * The shortest path from `from` back to itself through `next`, staying inside
 * `within`; [from, ..., from], or undefined when there is none.
 */
export function shortestCycle(from: string, next: (n: string) => string[], within: Set<string>): string[] | undefined {
  const parent = new Map<string, string>();
  const queue = [from];
  for (let q = 0; q < queue.length; q++) {
    const n = queue[q];
    for (const t of next(n)) {
      if (!within.has(t)) continue;
      if (t === from) {
        const path = [from];
        for (let c: string | undefined = n; c !== undefined && c !== from; c = parent.get(c)) path.unshift(c);
        path.unshift(from);
        return path;
      }
      if (!parent.has(t) && t !== from) {
        parent.set(t, n);
        queue.push(t);
      }
    }
  }
  return undefined;
}
