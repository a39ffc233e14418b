/**
 * How IDs compare: as the curriculum numbers them (`MOD-99` before `MOD-100`), by
 * prefix and then by number. The one ordering of IDs, for the index's completion
 * order, the graph's nodes and edges, its text formats and the graph preview (the
 * extension takes it through `server/src/protocol`).
 */

let collator: Intl.Collator | undefined;

/** Orders IDs with their numbers compared as numbers. */
export function compareIds(a: string, b: string): number {
  // Made on first use: the extension's activation bundle imports this module for its IDs.
  return (collator ??= new Intl.Collator('en', { numeric: true })).compare(a, b);
}

/** The number an ID ends with (`MOD-205` → 205), or undefined. */
export function idNumber(id: string): number | undefined {
  const m = /(\d+)$/.exec(id);
  return m ? Number(m[1]) : undefined;
}

/** The graph's nodes in ID order. */
export function compareNodes(a: { id: string }, b: { id: string }): number {
  return compareIds(a.id, b.id);
}

/** The graph's edges: by source ID, target ID, then type. */
export function compareEdges(a: { from: string; to: string; type: string }, b: { from: string; to: string; type: string }): number {
  return compareIds(a.from, b.from) || compareIds(a.to, b.to) || (a.type < b.type ? -1 : a.type > b.type ? 1 : 0);
}
