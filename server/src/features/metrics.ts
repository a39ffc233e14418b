/**
 * A document's curriculum figures where authors look: one line in the hover of an ID
 * and a few words in the code lens. The figures are the analytics'
 * (core/analytics; docs/analytics.md defines them): hours of prerequisites before the
 * document and that chain, how many documents it blocks, the role tracks whose
 * critical path runs through it.
 */
import { computeAnalytics, documentAnalytics, type DocumentAnalytics } from '../core/analytics';
import { escapeMarkdownText as escapeMarkdown } from '../core/escape/markdown';
import type { FeatureContext } from './context';

/** The most IDs of a chain the hover writes out; a longer chain shows its ends. */
export const CHAIN_SHOWN = 8;

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** `A → B → C`, or the first and last three of a longer chain with how many are left out. */
export function chainText(ids: readonly string[], escape: (s: string) => string = (s) => s): string {
  const shown = ids.length <= CHAIN_SHOWN ? ids.map(escape) : [...ids.slice(0, 3).map(escape), `… ${ids.length - 6} more …`, ...ids.slice(-3).map(escape)];
  return shown.join(' → ');
}

/** The roles whose track's critical path runs through the ID (the whole curriculum's analytics, cached until a figure changes). */
export function criticalPathRoles(ctx: FeatureContext, id: string): string[] {
  const a = computeAnalytics(ctx.ws, { hoursPerWeek: ctx.hoursPerWeek?.() });
  return a.tracks.filter((t) => t.criticalPath.ids.includes(id)).map((t) => t.role);
}

/** Why a document has no hours before it: it is on a requires cycle, or requires one. */
function noChain(d: DocumentAnalytics): string {
  return d.inCycle ? 'on a requires cycle' : 'after a requires cycle';
}

/**
 * The hover's line: `45 h of prerequisites before it (MOD-101 → MOD-102 → MOD-103) ·
 * blocks 2 documents · on the critical path of Data Analyst` (markdown); undefined when
 * no document defines the ID.
 */
export function hoverFigures(ctx: FeatureContext, id: string): string | undefined {
  // The whole curriculum's analytics first (cached until a figure changes): the document's
  // figures are then read from them instead of walking its prerequisites again.
  const roles = criticalPathRoles(ctx, id);
  const d = documentAnalytics(ctx.ws, id);
  if (!d) return undefined;
  const parts: string[] = [];
  if (d.hoursBefore === null) parts.push(`no hours of prerequisites before it: ${noChain(d)}`);
  else {
    const chain = d.chainBefore ?? [];
    parts.push(`${d.hoursBefore} h of prerequisites before it${chain.length ? ` (${chainText(chain, escapeMarkdown)})` : ''}`);
  }
  parts.push(`blocks ${plural(d.blocking, 'document')}`);
  if (roles.length) parts.push(`on the critical path of ${roles.map(escapeMarkdown).join(', ')}`);
  return parts.join(' · ');
}

/** The code lens's words: `45 h before · blocks 2`; undefined when no document defines the ID. */
export function lensFigures(ctx: FeatureContext, id: string): string | undefined {
  const d = documentAnalytics(ctx.ws, id);
  if (!d) return undefined;
  return `${d.hoursBefore === null ? noChain(d) : `${d.hoursBefore} h before`} · blocks ${d.blocking}`;
}
