/**
 * The overview's labels that no field of the kind knows, and which missing required
 * field each may be meant for: shared by `unknown-field` and `missing-field`, so that
 * both name the same pair.
 */
import type { Field, RoadmapDoc } from '../model';
import { normalizeLabel } from '../schema/compile';
import type { FieldSchema } from '../schema/types';

export interface OverviewLabels {
  /** The overview's fields whose label no field of the kind knows, in document order. */
  unknown: Field[];
  /** The required fields that are absent, in schema order. */
  missing: FieldSchema[];
  /** For a missing field, the unknown label it may be written as. */
  meant: Map<FieldSchema, Field>;
}

const cache = new WeakMap<RoadmapDoc, OverviewLabels>();

/** Words that say nothing about which field a label is. */
const FILLER = new Set(['of', 'in', 'the', 'a', 'an', 'to', 'for', 'on', 'by', '&', '/', '-', 'and', 's']);

function words(label: string): Set<string> {
  return new Set(
    normalizeLabel(label)
      .replace(/\(s\)/g, '')
      .split(/[^a-z0-9]+/)
      .map((w) => w.replace(/s$/, ''))
      .filter((w) => w && !FILLER.has(w)),
  );
}

export function overviewLabels(doc: RoadmapDoc): OverviewLabels {
  let out = cache.get(doc);
  if (out) return out;
  const kind = doc.kind!;
  const fields = doc.fields.filter((f) => f.inOverview);
  const unknown = fields.filter((f) => !f.schema);
  const present = new Set(fields.map((f) => f.schema));
  const missing = kind.fields.filter((f) => f.required && !present.has(f));
  const meant = new Map<FieldSchema, Field>();
  if (unknown.length && missing.length) {
    // Where each missing field would stand: after the present fields that precede it in the schema, before those that follow.
    const lineOf = new Map(fields.filter((f) => f.schema).map((f) => [f.schema!, f.labelRange.start.line]));
    const slot = (field: FieldSchema, label: Field): boolean => {
      const order = kind.fields.indexOf(field);
      const line = label.labelRange.start.line;
      return kind.fields.every((other, i) => {
        const at = lineOf.get(other);
        return at === undefined || (i < order ? at < line : at > line);
      });
    };
    const scored: Array<{ field: FieldSchema; label: Field; score: number }> = [];
    for (const field of missing) {
      const known = words([field.label, ...(field.aliases ?? [])].join(' '));
      for (const label of unknown) {
        const shared = [...words(label.label)].some((w) => known.has(w));
        const score = (shared ? 2 : 0) + (slot(field, label) ? 1 : 0);
        if (score > 0) scored.push({ field, label, score });
      }
    }
    scored.sort((a, b) => b.score - a.score || missing.indexOf(a.field) - missing.indexOf(b.field));
    const taken = new Set<Field>();
    for (const { field, label } of scored) {
      if (meant.has(field) || taken.has(label)) continue;
      meant.set(field, label);
      taken.add(label);
    }
    // One missing field and one unknown label left: that is the pair.
    const leftFields = missing.filter((f) => !meant.has(f));
    const leftLabels = unknown.filter((l) => !taken.has(l));
    if (leftFields.length === 1 && leftLabels.length === 1) meant.set(leftFields[0], leftLabels[0]);
  }
  out = { unknown, missing, meant };
  cache.set(doc, out);
  return out;
}
