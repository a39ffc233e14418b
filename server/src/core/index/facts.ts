/**
 * What the workspace index keeps of every document, parsed or not: its kind, the ID
 * it defines, the IDs it mentions (prerequisite and next edges among them), its
 * competencies and its target roles. The index's look-ups (who defines an ID, who
 * mentions it, the prerequisite graph, completion's IDs, competencies and roles) are
 * built from these alone, so a document read at start-up need not be modelled until
 * something asks for its model (see `WorkspaceIndex.get`): the structural scanner
 * gives them in a fraction of the time (`scanFacts`, parse/scan.ts).
 */
import type { MentionKind, RoadmapDoc } from '../model';
import type { KindSchema } from '../schema/types';

export interface IndexFacts {
  /** Undefined when the document is not a roadmap. */
  kind?: KindSchema;
  /** The ID it defines (a valid ID field). */
  id?: string;
  /** IDs in its prerequisite fields, in order, without repeats. */
  prerequisites: string[];
  /** IDs in its next fields, in order, without repeats. */
  next: string[];
  /** Every ID it mentions other than by defining it, in order of first mention, without repeats. */
  refs: string[];
  /** The names of its competency table's rows, as written, in order. */
  competencies: string[];
  /** Its Target Role(s), as written, in order. */
  roles: string[];
}

/** The facts of a document that is no roadmap (and of one not read). */
export const NO_FACTS: IndexFacts = Object.freeze({ prerequisites: [], next: [], refs: [], competencies: [], roles: [] }) as IndexFacts;

/** A document model's facts. */
export function factsOf(doc: RoadmapDoc): IndexFacts {
  return factsFrom(
    doc,
    doc.mentions,
    doc.competencies.map((c) => c.name),
    doc.roles.map((r) => r.text),
  );
}

/** Facts from a document's kind and ID, its mentions in text order, its competency names and roles (the model's, or the scanner's quick pass). */
export function factsFrom(
  doc: Pick<IndexFacts, 'kind' | 'id'>,
  mentions: Iterable<{ id: string; kind: MentionKind }>,
  competencies: string[],
  roles: string[],
): IndexFacts {
  const prerequisites: string[] = [];
  const next: string[] = [];
  const refs: string[] = [];
  for (const m of mentions) {
    if (m.kind === 'prerequisite' && !prerequisites.includes(m.id)) prerequisites.push(m.id);
    else if (m.kind === 'next' && !next.includes(m.id)) next.push(m.id);
    if (m.kind !== 'definition' && !refs.includes(m.id)) refs.push(m.id);
  }
  return { kind: doc.kind, id: doc.id, prerequisites, next, refs, competencies, roles };
}

export function sameList(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function sameFacts(a: IndexFacts, b: IndexFacts): boolean {
  return (
    a.kind === b.kind &&
    a.id === b.id &&
    sameList(a.prerequisites, b.prerequisites) &&
    sameList(a.next, b.next) &&
    sameList(a.refs, b.refs) &&
    sameList(a.competencies, b.competencies) &&
    sameList(a.roles, b.roles)
  );
}
