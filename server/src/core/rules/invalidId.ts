import type { Rule } from './types';

export const invalidId: Rule = {
  code: 'invalid-id',
  severity: 'error',
  description: "The document's ID does not match its kind's ID pattern.",
  check({ doc, schema, report }) {
    const kind = doc.kind!;
    if (!doc.idField || doc.id) return;
    const idLabel = kind.fields.find((f) => f.role === 'id')?.label ?? 'ID';
    const expected = `${kind.idPrefix} followed by digits, matching ${kind.idPattern}`;
    const other = schema.kindOfId(doc.idField.text);
    const message = !doc.idField.text
      ? `The ${idLabel} is empty: expected ${expected}.`
      : other
        ? `"${doc.idField.text}" is a ${other.noun} ID, but this is a ${kind.title}: expected ${expected}.`
        : `"${doc.idField.text}" is not a valid ${kind.noun} ID: expected ${expected}.`;
    report({ message, range: doc.idField.range });
  },
};
