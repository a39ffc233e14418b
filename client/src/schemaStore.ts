/**
 * The document kinds of the workspace's configuration, as the server resolved them
 * (`roadmap.config.json` may add kinds or change the default ones). The default
 * schema stands in until the server has answered, and whenever it is not running.
 */
import * as vscode from 'vscode';
import { defaultSchema } from '../../server/src/core/schema/defaultSchema';
import type { KindSchema } from '../../server/src/core/schema/types';


export interface SchemaInfo {
  kinds: KindSchema[];
  proficiencyLevels: string[];
}

/** True for what the server sends: kinds with the fields a template and a classifier need. */
export function isSchemaInfo(v: unknown): v is SchemaInfo {
  if (!v || typeof v !== 'object') return false;
  const s = v as Partial<SchemaInfo>;
  return (
    Array.isArray(s.kinds) &&
    s.kinds.length > 0 &&
    s.kinds.every(
      (k) =>
        k &&
        typeof k.key === 'string' &&
        typeof k.title === 'string' &&
        typeof k.noun === 'string' &&
        typeof k.idPattern === 'string' &&
        typeof k.idPrefix === 'string' &&
        typeof k.overviewSection === 'string' &&
        Array.isArray(k.sections) &&
        Array.isArray(k.fields) &&
        Array.isArray(k.tables),
    ) &&
    Array.isArray(s.proficiencyLevels)
  );
}

export class SchemaStore implements vscode.Disposable {
  private info: SchemaInfo = { kinds: defaultSchema.kinds, proficiencyLevels: defaultSchema.proficiencyLevels };
  private readonly emitter = new vscode.EventEmitter<void>();
  /** Fires when the kinds changed (a config was loaded, edited or removed). */
  readonly onDidChange = this.emitter.event;

  get kinds(): readonly KindSchema[] {
    return this.info.kinds;
  }

  get proficiencyLevels(): readonly string[] {
    return this.info.proficiencyLevels;
  }

  kind(key: string): KindSchema | undefined {
    return this.info.kinds.find((k) => k.key === key);
  }

  /** Takes what the server sent; anything malformed is ignored (the previous kinds stay). */
  set(v: unknown): void {
    if (!isSchemaInfo(v)) return;
    if (JSON.stringify(v) === JSON.stringify(this.info)) return;
    this.info = { kinds: v.kinds, proficiencyLevels: v.proficiencyLevels };
    this.emitter.fire();
  }

  /** Back to the default schema (the server stopped). */
  reset(): void {
    this.set({ kinds: defaultSchema.kinds, proficiencyLevels: defaultSchema.proficiencyLevels });
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
