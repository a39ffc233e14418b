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
