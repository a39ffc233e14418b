/**
 * Malformed request params (a position missing, negative or not an integer, no
 * text document, a query that is not a string) are answered with InvalidParams,
 * as LSP asks, instead of failing deep inside a feature with an internal error.
 * A position past the end of a document is well-formed: the features answer it.
 */
import { ErrorCodes, ResponseError, type Position, type Range } from 'vscode-languageserver';

export interface Needs {
  position?: boolean;
  range?: boolean;
  /** `context` must be an object (references); for `codeAction`, with a `diagnostics` array. */
  context?: boolean | 'codeAction';
  newName?: boolean;
  /** A workspace request: a `query` string, no text document. */
  query?: boolean;
  /** `workspace/executeCommand`: a `command` string, `arguments` an array when given; no text document. */
  command?: boolean;
}

function isUinteger(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= 2 ** 31 - 1;
}

export function isPosition(v: unknown): v is Position {
  const p = v as Position;
  return !!p && typeof p === 'object' && isUinteger(p.line) && isUinteger(p.character);
}

export function isRange(v: unknown): v is Range {
  const r = v as Range;
  return !!r && typeof r === 'object' && isPosition(r.start) && isPosition(r.end);
}

/**
 * An InvalidParams error saying what is wrong with a request's params, or undefined
 * when they are well-formed. A code action's diagnostics that carry no valid range
 * are dropped (they cannot be matched to anything) rather than failing the request.
 */
export function invalidParams(p: unknown, needs: Needs): ResponseError<void> | undefined {
  const bad = (what: string) => new ResponseError<void>(ErrorCodes.InvalidParams, `Invalid params: ${what}.`);
  if (!p || typeof p !== 'object') return bad('expected an object');
  const o = p as Record<string, unknown>;
  if (needs.query) return typeof o.query === 'string' ? undefined : bad('query must be a string');
  if (needs.command) {
    if (typeof o.command !== 'string') return bad('command must be a string');
    return o.arguments === undefined || Array.isArray(o.arguments) ? undefined : bad('arguments must be an array');
  }
  const doc = o.textDocument as { uri?: unknown } | undefined;
  if (!doc || typeof doc !== 'object' || typeof doc.uri !== 'string') return bad('textDocument.uri must be a string');
  if (needs.position && !isPosition(o.position)) return bad('position must be { line, character } with non-negative integers');
  if (needs.range && !isRange(o.range)) return bad('range must be { start, end } positions with non-negative integers');
  if (needs.newName && typeof o.newName !== 'string') return bad('newName must be a string');
  if (needs.context) {
    const context = o.context as { diagnostics?: unknown; only?: unknown } | undefined;
    if (!context || typeof context !== 'object') return bad('context must be an object');
    if (needs.context === 'codeAction') {
      if (!Array.isArray(context.diagnostics)) return bad('context.diagnostics must be an array');
      if (context.only !== undefined && !(Array.isArray(context.only) && context.only.every((k) => typeof k === 'string'))) {
        return bad('context.only must be an array of strings');
      }
      context.diagnostics = context.diagnostics.filter((d) => !!d && typeof d === 'object' && isRange((d as { range?: unknown }).range));
    }
  }
  return undefined;
}

/** A request handler that answers malformed params with InvalidParams. */
export function guarded<P, R>(needs: Needs, handler: (p: P) => R): (p: P) => R | ResponseError<void> {
  return (p: P) => invalidParams(p, needs) ?? handler(p);
}
