/**
 * The `roadmap/document` request: what the server knows of a document, for the
 * extension (its kind and ID), which keeps no parser of its own.
 */
import type { DocumentInfo } from '../protocol';
import type { FeatureContext } from './context';

export function documentInfo(ctx: FeatureContext, uri: string): DocumentInfo | null {
  const doc = ctx.ws.get(uri);
  if (!doc?.kind) return null;
  return doc.id ? { kind: doc.kind.key, id: doc.id } : { kind: doc.kind.key };
}
