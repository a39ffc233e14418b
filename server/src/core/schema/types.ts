/**
 * The schema says what a roadmap document of each kind must contain. It is data:
 * the default schema ships in defaultSchema.ts and a workspace may replace it.
 */

/** What a field means to the engine, beyond being present. */
export type FieldRole =
  | 'id' // the document's own ID (its definition)
  | 'title'
  | 'roles' // comma-separated role names
  | 'duration' // `N hours (a lecture, b lab, ...)`
  | 'prerequisites' // every ID in the value is a prerequisite edge
  | 'next'; // every ID in the value is a "next" edge

export interface FieldSchema {
  /** The label as the template writes it, e.g. `Target Role(s)`. */
  label: string;
  /** Other labels that mean the same field. */
  aliases?: string[];
  required: boolean;
  role?: FieldRole;
}

/** What a table's rows mean to the engine. */
export type TableRole = 'competencies' | 'phases' | 'components';

export interface TableSchema {
  /** The section (H2) holding the table. */
  section: string;
  columns: string[];
  role?: TableRole;
}

export interface SectionSchema {
  name: string;
  aliases?: string[];
  required: boolean;
}

export interface KindSchema {
  /** A short stable key: `module`, `project`. */
  key: string;
  /** The H1 that makes a document of this kind, e.g. `Module Roadmap`. */
  title: string;
  /** A short name for messages: `module`, `project`. */
  noun: string;
  /** The ID pattern without anchors, e.g. `MOD-\d{3,}`. */
  idPattern: string;
  /** The literal start of every ID of this kind, used to propose new IDs. */
  idPrefix: string;
  /**
   * A capstone: work that applies the documents before it (a project plan), not a unit
   * of teaching. The faces show it apart: a stadium in Mermaid, a double outline in dot,
   * a rounded node in the graph preview, a class symbol in outlines and completion.
   */
  capstone?: boolean;
  /** The section holding the overview fields. */
  overviewSection: string;
  /** In schema order. */
  sections: SectionSchema[];
  /** Fields of the overview section, in template order. */
  fields: FieldSchema[];
  tables: TableSchema[];
}

export interface Schema {
  kinds: KindSchema[];
  /** Allowed proficiency targets, lowest first. */
  proficiencyLevels: string[];
}
