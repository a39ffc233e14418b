/**
 * How IDs compare: as the curriculum numbers them (`MOD-99` before `MOD-100`), by
 * prefix and then by number. The one ordering of IDs, for the index's completion
 * order, the graph's nodes and edges, its text formats and the graph preview (the
 * extension takes it through `server/src/protocol`).
 */

const collator = new Intl.Collator('en', { numeric: true });

/** Orders IDs with their numbers compared as numbers. */
export function compareIds(a: string, b: string): number {
  return collator.compare(a, b);
}

/** The number an ID ends with (`MOD-205` → 205), or undefined. */
export function idNumber(id: string): number | undefined {
  const m = /(\d+)$/.exec(id);
  return m ? Number(m[1]) : undefined;
}
