/** Parsing of durations: `50 hours (16 lecture, 22 lab)`, `80 hours`, `12h`. */

const NUMBER = '(\\d+(?:\\.\\d+)?)';
const UNIT = '(?:hours?|hrs?|h)\\b';

const leading = new RegExp(`^\\s*${NUMBER}\\s*${UNIT}`, 'i');
/** A part: a number, perhaps an hour unit, and a label (`16 lecture`, `4h lab`). */
const partRe = new RegExp(`^\\s*${NUMBER}\\s*(?:${UNIT})?\\s*(.*?)\\s*$`, 'i');
/** A part in another unit (`90 min`, `5 days`, `35%`): the breakdown is then not in hours and is not checked. */
const otherUnit = new RegExp(`^\\s*${NUMBER}\\s*(?:%|(?:min(?:ute)?s?|m|d|days?|w|wks?|weeks?|months?|sessions?|credits?)\\b)`, 'i');

/** The number of hours a text starts with (`12h`, `80 hours`), or undefined. */
export function parseHours(text: string): number | undefined {
  const m = leading.exec(text);
  return m ? Number(m[1]) : undefined;
}

/**
 * `N hours (a lecture, b lab, ...)`: the total and the parts. The parts are given
 * only when every comma-separated piece of the first parenthesis starts with a number.
 */
export function parseDuration(text: string): { total?: number; parts?: Array<{ label: string; hours: number }> } {
  const total = parseHours(text);
  const open = text.indexOf('(');
  const close = open >= 0 ? text.indexOf(')', open) : -1;
  if (total === undefined || open < 0 || close < 0) return { total };
  const pieces = text.slice(open + 1, close).split(/[,;+]/);
  const parts: Array<{ label: string; hours: number }> = [];
  for (const piece of pieces) {
    const m = partRe.exec(piece);
    if (!m || otherUnit.test(piece)) return { total };
    parts.push({ hours: Number(m[1]), label: m[2] });
  }
  return { total, parts };
}

/** Sums without binary-fraction noise (0.1 + 0.2 is 0.3 here). */
export function sumHours(values: number[]): number {
  return Math.round(values.reduce((a, b) => a + b, 0) * 1000) / 1000;
}
