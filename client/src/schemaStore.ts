/**
 * The document kinds of the workspace's configuration, as the server resolved them
 * (`roadmap.config.json` may add kinds or change the default ones). The default
 * schema stands in until the server has answered, and whenever it is not running.
 */
import * as vscode from 'vscode';
import { defaultSchema, type KindSchema } from '../../server/src/core/api';
import { isSchemaInfo, type SchemaInfo } from '../../server/src/protocol';

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
