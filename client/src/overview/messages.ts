/**
 * The messages between the Curriculum Overview page (the webview) and the extension,
 * and the validation of what the page sends. The page is untrusted: a message is acted
 * on only when its type and shape are exactly as below, and it may open only a
 * document the overview the extension holds names.
 * Pure: no `vscode`, so that the tests run it directly.
 */
import type { CurriculumOverview } from '../../../server/src/protocol';
import { hasOnlyKeys, isCount, pageMessageOf } from '../pageMessages';

// --- extension -> page ------------------------------------------------------

export type HostMessage =
  /** The overview to draw (the page drops what it had). */
  | { type: 'data'; overview: CurriculumOverview }
  /** No overview yet: why (the server is starting, or the request failed). */
  | { type: 'waiting'; message: string };

// --- page -> extension ------------------------------------------------------

export type PageMessage =
  /** The page is loaded and wants the overview. */
  | { type: 'ready' }
  /** Open a document the overview names. */
  | { type: 'open'; id: string }
  /** Open the documents of a matrix cell (one directly; several through a pick). */
  | { type: 'openCell'; role: string; competency: string }
  /** The page drew this version: its track rows and matrix cells (for the tests). */
  | { type: 'rendered'; version: number; tracks: number; cells: number };

const MAX_TEXT = 1000;

const isText = (v: unknown): v is string => typeof v === 'string' && v.length > 0 && v.length <= MAX_TEXT;

/** The message, when it is one the page may send; undefined for anything else. */
export function parsePageMessage(message: unknown): PageMessage | undefined {
  const { common, record: raw } = pageMessageOf(message, isText);
  if (common) return common;
  if (!raw) return undefined;
  switch (raw.type) {
    case 'openCell':
      return hasOnlyKeys(raw, ['type', 'role', 'competency']) && isText(raw.role) && isText(raw.competency) ? { type: 'openCell', role: raw.role, competency: raw.competency } : undefined;
    case 'rendered':
      return hasOnlyKeys(raw, ['type', 'version', 'tracks', 'cells']) && isCount(raw.version) && isCount(raw.tracks) && isCount(raw.cells)
        ? { type: 'rendered', version: raw.version, tracks: raw.tracks, cells: raw.cells }
        : undefined;
    default:
      return undefined;
  }
}

/** A document the overview names: its ID, title, level in a cell, and URI. */
export interface OverviewTarget {
  id: string;
  title: string | null;
  uri: string;
  /** The level its row targets (for a cell's documents). */
  level?: string | null;
}

/** The document an "open" may open: one the overview names. */
export function documentTarget(overview: CurriculumOverview | undefined, id: string): OverviewTarget | undefined {
  const d = overview && Object.prototype.hasOwnProperty.call(overview.documents, id) ? overview.documents[id] : undefined;
  return d ? { id, title: d.title, uri: d.uri } : undefined;
}

/** The documents of a matrix cell, each once (its highest level), in the cell's (prerequisite) order; empty when the overview has no such cell. */
export function cellTargets(overview: CurriculumOverview | undefined, role: string, competency: string): OverviewTarget[] {
  const cell = overview?.matrix.cells.find((c) => c.role === role && c.competency === competency);
  if (!cell) return [];
  const out = new Map<string, OverviewTarget>();
  for (const l of cell.levels) {
    const t = documentTarget(overview, l.id);
    if (!t) continue;
    const seen = out.get(l.id);
    if (!seen) out.set(l.id, { ...t, level: l.level });
    else if (seen.level === null || seen.level === undefined) seen.level = l.level;
  }
  return [...out.values()];
}
