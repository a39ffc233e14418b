import { sumHours } from '../parse/duration';
import type { Rule } from './types';

function hours(n: number): string {
  return `${n} hour${n === 1 ? '' : 's'}`;
}

export const durationMismatch: Rule = {
  code: 'duration-mismatch',
  severity: 'warning',
  description: "A duration's parts do not add up to its total, or a project's phase times do not add up to its estimated duration.",
  check({ doc, report }) {
    const d = doc.duration;
    if (!d || d.total === undefined) return;
    const label = doc.fields.find((f) => f.schema?.role === 'duration')?.label ?? 'Duration';
    if (d.parts) {
      const sum = sumHours(d.parts.map((p) => p.hours));
      if (sum !== d.total) {
        const parts = d.parts.map((p) => `${p.hours}${p.label ? ' ' + p.label : ''}`).join(' + ');
        report({ message: `${label} is ${hours(d.total)} but its parts add up to ${hours(sum)} (${parts}).`, range: d.range });
      }
    }
    const timed = doc.phases.filter((p) => p.time);
    if (timed.length > 0 && timed.every((p) => p.hours !== undefined)) {
      const sum = sumHours(timed.map((p) => p.hours!));
      if (sum !== d.total) {
        const section = doc.tables.find((t) => t.schema?.role === 'phases')?.section ?? 'phase';
        report({
          message: `${label} is ${hours(d.total)} but the ${section} phases add up to ${hours(sum)} (${timed.map((p) => p.time!.text).join(' + ')}).`,
          range: d.range,
          related: timed.map((p) => ({ uri: doc.uri, range: p.time!.range, message: `${p.name || 'phase'}: ${p.time!.text}` })),
        });
      }
    }
  },
};
