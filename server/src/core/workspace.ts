/**
 * The engine's front door: a schema, a workspace index, and the per-document
 * diagnostics, with no knowledge of where texts come from. The language server,
 * the CLI and the tests all drive it the same way: `set` a document's text,
 * `remove` it, ask for `diagnostics`.
 */
import type { ResolvedConfig } from './config/config';
import { analyticsOf } from './analytics';
import { WorkspaceIndex } from './index/workspaceIndex';
import { DEFAULT_MAX_DOCUMENT_BYTES, sizeLimit, skippedDoc } from './limits';
import type { RoadmapDoc } from './model';
import { parseRoadmap } from './parse/parse';
import { scanFacts } from './parse/scan';
import { checkDocument, type CheckOptions } from './rules/registry';
import type { RoadmapDiagnostic } from './rules/types';
import { CompiledSchema } from './schema/compile';
import { defaultSchema } from './schema/defaultSchema';
import type { Schema } from './schema/types';

export interface WorkspaceOptions extends CheckOptions {
  /** Documents larger than this (bytes of UTF-8) are not parsed; default 2 MB. */
  maxDocumentBytes?: number;
}

export class RoadmapWorkspace {
  readonly index = new WorkspaceIndex();
  readonly schema: CompiledSchema;

  constructor(
    schema: Schema = defaultSchema,
    private readonly options: WorkspaceOptions = {},
  ) {
    this.schema = new CompiledSchema(schema);
  }

  /** A workspace checked by a configuration's schema and severities, and a competency framework if any. */
  static fromConfig(config: ResolvedConfig, options: Omit<WorkspaceOptions, 'severities'> = {}): RoadmapWorkspace {
    return new RoadmapWorkspace(config.schema, { ...options, severities: config.severities });
  }

  /** The size limit of a document, in bytes of UTF-8. */
  get maxDocumentBytes(): number {
    return this.options.maxDocumentBytes ?? DEFAULT_MAX_DOCUMENT_BYTES;
  }

  /**
   * Parses and indexes a document; returns the URIs whose diagnostics may have changed.
   * A document over the size limit, or not text, is not parsed (see limits.ts).
   * `size` is its size in bytes when `text` is only its beginning (read from disk up to the limit).
   */
  set(uri: string, text: string, size?: number): Set<string> {
    const doc = this.model(uri, text, size);
    if (this.index.inBulk) return this.index.update(doc);
    return this.withDependents(uri, () => this.index.update(doc));
  }

  /**
   * The index's affected set of a change, plus every document requiring (transitively)
   * a document whose competency levels it changed after a check had read them (a model
   * no check used cannot have coloured another's findings): the proficiency rules
   * compare a document with everything it requires. A changed ID or link re-checks what
   * the index says (the document, the far ends of its links, the referrers of its ID);
   * documents further down see it when they are next checked: re-checking every
   * dependent on every link edited made a large checkout several times slower.
   */
  private withDependents(uri: string, change: () => Set<string>): Set<string> {
    const before = this.index.factsOf(uri);
    const levelsBefore = this.index.isModelled(uri) ? levelsOf(this.index.get(uri)) : undefined;
    const affected = change();
    if (levelsBefore === undefined) return affected;
    const after = this.index.factsOf(uri);
    const levelsAfter = after ? levelsOf(this.index.get(uri)) : '';
    if (levelsBefore === levelsAfter) return affected;
    // The documents requiring it: its old and new ID, and the IDs it lists as next (they require it).
    const roots = new Set<string>();
    for (const f of [before, after]) {
      if (f?.id) roots.add(f.id);
      for (const n of f?.next ?? []) roots.add(n);
    }
    const engine = analyticsOf(this);
    for (const id of engine.dependentsOfAll(roots)) for (const u of engine.graph.definersOf(id)) affected.add(u);
    return affected;
  }

  private model(uri: string, text: string, size?: number): RoadmapDoc {
    const skip = sizeLimit(text, { maxBytes: this.maxDocumentBytes, size });
    return skip ? skippedDoc(uri, text, this.schema, skip) : parseRoadmap(uri, text, this.schema);
  }

  /**
   * Where the text of a document indexed by `load` is read when it is first used:
   * the file's text now, or undefined when it cannot be read. Without it, `load` is `set`.
   */
  readFrom(read: (uri: string) => { text: string; size?: number } | undefined, onChanged?: (affected: Set<string>) => void): void {
    this.modelsLater = true;
    this.onChanged = onChanged;
    this.index.setLoader((uri) => {
      const r = read(uri);
      return r ? this.model(uri, r.text, r.size) : undefined;
    });
  }

  /** Who hears which documents are affected when a document modelled on first use had changed since it was read. */
  private onChanged: ((affected: Set<string>) => void) | undefined;

  /**
   * The step after a look-up that may have modelled documents on first use: those
   * whose text changed since their facts were read are indexed again, as edits
   * (`WorkspaceIndex.reindexChanged`), and `onChanged` hears whom that affects.
   */
  private reindexChanged(): void {
    if (this.index.changedUris().length === 0) return;
    const affected = this.index.reindexChanged();
    this.onChanged?.(affected);
  }

  /** Set by `readFrom`: `load` may index a document by its facts alone. */
  private modelsLater = false;

  /**
   * As `set`, for loading many documents (inside `index.bulk`): with a reader
   * (`readFrom`), a document the structural scanner takes is indexed by its facts
   * alone, at a fraction of the cost, and modelled (its text read again) when first
   * used; any other document is modelled now.
   */
  load(uri: string, text: string, size?: number): Set<string> {
    if (this.modelsLater && !sizeLimit(text, { maxBytes: this.maxDocumentBytes, size })) {
      const facts = scanFacts(text, this.schema).value;
      if (facts) return this.index.updateFacts(uri, facts);
    }
    return this.set(uri, text, size);
  }

  /** Forgets a document; returns the other URIs whose diagnostics may have changed. */
  remove(uri: string): Set<string> {
    if (this.index.inBulk) return this.index.remove(uri);
    const affected = this.withDependents(uri, () => this.index.remove(uri));
    affected.delete(uri);
    return affected;
  }

  /** The document's model; a document modelled now whose text changed since it was read is indexed again first. */
  get(uri: string): RoadmapDoc | undefined {
    const doc = this.index.get(uri);
    this.reindexChanged();
    return doc;
  }

  /**
   * The document's diagnostics. It is modelled, and indexed again if its text changed
   * since it was read, before it is checked; documents the check models are indexed
   * again after it. `ownOnly`: without the findings that judge it against other
   * documents (rules marked `crossFile`; the server's while its index is incomplete).
   */
  diagnostics(uri: string, only?: { ownOnly?: boolean }): RoadmapDiagnostic[] {
    const doc = this.get(uri);
    if (!doc) return [];
    const out = checkDocument(doc, this.index, this.schema, only?.ownOnly ? { ...this.options, ownOnly: true } : this.options);
    this.reindexChanged();
    return out;
  }

  describe(uri: string): string {
    return this.options.describe?.(uri) ?? uri.slice(uri.lastIndexOf('/') + 1);
  }
}

/** A document's competency names and levels, as one comparable string. */
function levelsOf(doc: RoadmapDoc | undefined): string {
  return (doc?.competencies ?? []).map((c) => `${c.name}\u0000${c.level?.text ?? ''}`).join('\u0001');
}
