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
    return this.withDependents(() => this.index.update(doc));
  }

  /**
   * The index's affected set of a change, plus every document requiring (transitively)
   * a document whose ID, edges or competency levels it changed: the proficiency rules
   * compare a document with everything it requires.
   */
  private withDependents(change: () => Set<string>): Set<string> {
    const graph = analyticsOf(this).graph;
    graph.sync(); // what came before this change (a bulk load) is not part of it
    const affected = change();
    const { roots } = graph.sync();
    if (roots.length) for (const id of analyticsOf(this).dependentsOfAll(roots)) for (const u of graph.definersOf(id)) affected.add(u);
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
    const affected = this.withDependents(() => this.index.remove(uri));
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
   * again after it.
   */
  diagnostics(uri: string): RoadmapDiagnostic[] {
    const doc = this.get(uri);
    if (!doc) return [];
    const out = checkDocument(doc, this.index, this.schema, this.options);
    this.reindexChanged();
    return out;
  }

  describe(uri: string): string {
    return this.options.describe?.(uri) ?? uri.slice(uri.lastIndexOf('/') + 1);
  }
}
