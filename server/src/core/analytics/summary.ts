/**
 * What the analytics add up to, shaped for people: the documents blocking the most
 * others, a track's hours by part in reading order, and the competency coverage as a
 * matrix (role × competency, each cell its highest level). One home for these
 * orderings: `roadmap report` (text, markdown, html) and the editor's Curriculum
 * Overview (features/overview.ts) both use them. Pure; no editor imports.
 */
import type { CoverageLevel, CoverageRow } from './index';

/** The known parts of a Duration breakdown, in the order they are shown; other labels follow, alphabetically. */
const PART_ORDER = ['lecture', 'lab', 'project', 'assessment'];

/** A track's hours by part, the known parts first (lecture, lab, project, assessment), then other labels alphabetically. */
export function partsInOrder(byPart: Record<string, number>): Array<{ part: string; hours: number }> {
  const rank = (k: string) => PART_ORDER.indexOf(k) + 1 || 99;
  return Object.keys(byPart)
    .sort((a, b) => rank(a) - rank(b) || (a < b ? -1 : 1))
    .map((part) => ({ part, hours: byPart[part] }));
}

/** `27 lecture, 43 lab, 5 assessment` (the known parts first, in this order). */
export function partsText(byPart: Record<string, number>): string {
  return partsInOrder(byPart)
    .map((p) => `${p.hours} ${p.part}`)
    .join(', ');
}

/** The documents blocking the most others, most first (ties in the order given: ID order); none blocking nothing. */
export function topBlocking<T extends { blocking: number }>(documents: readonly T[], n: number): T[] {
  return documents
    .map((d, i) => ({ d, i }))
    .filter(({ d }) => d.blocking > 0)
    .sort((x, y) => y.d.blocking - x.d.blocking || x.i - y.i)
    .slice(0, n)
    .map(({ d }) => d);
}

/** One cell of the coverage matrix: the rows of a track targeting a competency, and the highest level among them. */
export interface MatrixCell {
  role: string;
  /** The competency as the matrix spells it (its row). */
  competency: string;
  /** The highest known level of the rows (first in prerequisite order among equals); null when no row gives a known level. */
  peak: { id: string; level: string; rank: number } | null;
  /** The track's rows for the competency, in prerequisite order. */
  levels: CoverageLevel[];
}

export interface CoverageMatrix {
  /** The columns: the roles given (every track), in that order. */
  roles: string[];
  /** The rows: every competency some track targets, matched without regard to case, spelled as first met; alphabetical. */
  competencies: string[];
  /** The cells that have rows, by role then competency (an absent cell: the track never targets it). */
  cells: MatrixCell[];
}

/** The place of a level among the levels (lowest 0), compared without regard to case; -1 when not one of them. */
export function levelRank(levels: readonly string[], level: string | null): number {
  if (level === null) return -1;
  const l = level.toLowerCase();
  return levels.findIndex((x) => x.toLowerCase() === l);
}

/** The coverage (`Analytics.coverage`) as a role × competency matrix; `levels` lowest first (the config's `proficiencyLevels`). */
export function coverageMatrix(coverage: readonly CoverageRow[], roles: readonly string[], levels: readonly string[]): CoverageMatrix {
  const names = new Map<string, string>();
  for (const c of coverage) if (!names.has(c.competency.toLowerCase())) names.set(c.competency.toLowerCase(), c.competency);
  const cells: MatrixCell[] = coverage.map((c) => {
    let peak: MatrixCell['peak'] = null;
    for (const l of c.levels) {
      const rank = levelRank(levels, l.level);
      if (rank >= 0 && (!peak || rank > peak.rank)) peak = { id: l.id, level: levels[rank], rank };
    }
    return { role: c.role, competency: names.get(c.competency.toLowerCase())!, peak, levels: c.levels };
  });
  return { roles: [...roles], competencies: [...names.values()].sort((a, b) => a.localeCompare(b)), cells };
}
