/**
 * The checks every webview page's messages go through before the extension acts on them
 * (graph/messages.ts, overview/messages.ts): a page is untrusted input, so each message
 * is a plain object with exactly the keys its type allows, of the right shapes.
 */

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function hasOnlyKeys(v: Record<string, unknown>, keys: string[]): boolean {
  return Object.keys(v).every((k) => keys.includes(k));
}

export const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** The two messages every page sends: it is ready for data, and the user opened a document (by an ID the page checks with `isId`). */
export type CommonPageMessage = { type: 'ready' } | { type: 'open'; id: string };

/**
 * The message as a record with a string `type`, or undefined; `ready` and `open` parsed
 * here (`common`), for both pages alike, so that each page's parser handles only its own.
 */
export function pageMessageOf(raw: unknown, isId: (v: unknown) => v is string): { common?: CommonPageMessage; record?: Record<string, unknown> & { type: string } } {
  if (!isRecord(raw) || typeof raw.type !== 'string') return {};
  const record = raw as Record<string, unknown> & { type: string };
  if (record.type === 'ready') return hasOnlyKeys(record, ['type']) ? { common: { type: 'ready' } } : {};
  if (record.type === 'open') return hasOnlyKeys(record, ['type', 'id']) && isId(record.id) ? { common: { type: 'open', id: record.id } } : {};
  return { record };
}
