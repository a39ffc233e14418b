import { ResponseError, ErrorCodes, type Position, type Range, type TextEdit, type WorkspaceEdit } from 'vscode-languageserver';
import { mentionAt, type FeatureContext } from './context';

export function prepareRename(ctx: FeatureContext, uri: string, position: Position): { range: Range; placeholder: string } {
  const m = mentionAt(ctx.ws.get(uri), position);
  if (!m) throw new ResponseError(ErrorCodes.InvalidRequest, 'Place the cursor on a module or project ID to rename it.');
  return { range: m.range, placeholder: m.id };
}

/** Renames an ID in its definition and every mention, in every document. */
export function rename(ctx: FeatureContext, uri: string, position: Position, newName: string): WorkspaceEdit {
  const { ws } = ctx;
  const m = mentionAt(ws.get(uri), position);
  if (!m) throw new ResponseError(ErrorCodes.InvalidRequest, 'Place the cursor on a module or project ID to rename it.');
  const name = newName.trim();
  const old = m.id;
  const defs = ws.index.definitions(old);
  const kind = defs[0]?.kind ?? ws.schema.kindOfId(old);
  if (kind && !ws.schema.isValidId(kind, name)) {
    throw new ResponseError(
      ErrorCodes.InvalidParams,
      `"${name}" is not a valid ${kind.noun} ID: expected ${kind.idPrefix} followed by digits, matching ${kind.idPattern}.`,
    );
  }
  if (name !== old && ws.index.isDefined(name)) {
    const where = ws.index.definitions(name).map((d) => ctx.describe(d.uri)).join(', ');
    throw new ResponseError(ErrorCodes.InvalidParams, `${name} already exists (defined in ${where}).`);
  }
  const changes: Record<string, TextEdit[]> = {};
  for (const doc of new Set([...defs, ...ws.index.referrers(old)])) {
    const edits = doc.mentions.filter((x) => x.id === old).map((x) => ({ range: x.range, newText: name }));
    if (edits.length) changes[doc.uri] = edits;
  }
  return { changes };
}
