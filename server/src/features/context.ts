/**
 * What every language feature is given: the engine, the current text of a
 * document, and a human name for a document. Features are pure functions over
 * this context, so tests drive them on an in-memory workspace.
 */
import type { Mention, RoadmapDoc, Section } from '../core/model';
import { rangeContains, type Position } from '../core/text';
import type { RoadmapWorkspace } from '../core/workspace';
import type { ConfigFileInfo } from './configEdits';

export interface FeatureContext {
  ws: RoadmapWorkspace;
  /** The text of a document open in the editor; undefined for one that is not open (the index holds its model, not its text). */
  text(uri: string): string | undefined;
  /** A short name for a document: its path relative to the workspace folder. */
  describe(uri: string): string;
  /**
   * The URI of a path written in a document (relative to the document's folder or a
   * workspace folder) when it exists; absent where there is no file system.
   */
  resolvePath?(from: string, written: string): string | undefined;
  /**
   * The roadmap.config.json a quick fix may change: its URI, and its text when it
   * exists (without text, a fix creates it there); absent where there is no file system.
   */
  configFile?(): ConfigFileInfo | undefined;
  /** Study hours a week (the configuration's `pace.hoursPerWeek`) for the weeks of a track; 10 when absent. */
  hoursPerWeek?(): number;
}

export function mentionAt(doc: RoadmapDoc | undefined, position: Position): Mention | undefined {
  return doc?.mentions.find((m) => rangeContains(m.range, position));
}

export function competencyAt(doc: RoadmapDoc | undefined, position: Position) {
  return doc?.competencies.find((c) => rangeContains(c.range, position));
}

/** The section a line belongs to: the last H2 at or above it. */
export function sectionAtLine(doc: RoadmapDoc, line: number): Section | undefined {
  let found: Section | undefined;
  for (const s of doc.sections) {
    if (s.headingRange.start.line <= line) found = s;
    else break;
  }
  return found;
}

/** One line of summary for an ID: its title and kind. */
export function describeId(ctx: FeatureContext, id: string): string {
  const def = ctx.ws.index.definitions(id)[0];
  if (!def) return `${id} (not defined)`;
  return def.title ? `${id} ${def.title}` : id;
}
