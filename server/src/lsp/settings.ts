/**
 * The server's settings and the order they merge in: the defaults, then the client's
 * `initializationOptions`, then the last settings it pushed
 * (`workspace/didChangeConfiguration`). A setting a later layer does not give (absent,
 * null or of the wrong type) keeps the earlier layer's value: a push without
 * `configPath` (nvim-lspconfig pushes whatever the user set, VS Code only the `roadmap`
 * section) does not undo a `configPath` from the initialization options. An empty
 * `configPath` given in a push is a value: "no configured path" (the nearest
 * `roadmap.config.json`).
 *
 * Each layer is either `{ configPath, maxDocumentSize }` or `{ roadmap: { … } }`, so that
 * one table can serve as both initialization options and settings in any editor.
 */

export interface RoadmapSettings {
  /** Path of the `roadmap.config.json` to use, relative to the first workspace folder; undefined: the nearest one. */
  configPath?: string;
  /** Documents larger than this many megabytes are not parsed; undefined: the engine's default (2 MB). */
  maxDocumentSize?: number;
}

export const DEFAULT_SETTINGS: Readonly<RoadmapSettings> = { configPath: undefined, maxDocumentSize: undefined };

/** The settings one layer gives (only those of the right type). */
export function settingsIn(layer: unknown): RoadmapSettings {
  if (!layer || typeof layer !== 'object') return {};
  const o = layer as Record<string, unknown>;
  const own = o.roadmap && typeof o.roadmap === 'object' ? (o.roadmap as Record<string, unknown>) : o;
  const out: RoadmapSettings = {};
  if (typeof own.configPath === 'string') out.configPath = own.configPath;
  if (typeof own.maxDocumentSize === 'number' && Number.isFinite(own.maxDocumentSize) && own.maxDocumentSize > 0) out.maxDocumentSize = own.maxDocumentSize;
  return out;
}

export class Settings {
  private pushed: RoadmapSettings = {};
  private readonly init: RoadmapSettings;

  constructor(initializationOptions?: unknown) {
    this.init = settingsIn(initializationOptions);
  }

  /** The merged settings now (an empty `configPath` reads as undefined). */
  get current(): RoadmapSettings {
    const merged = { ...DEFAULT_SETTINGS, ...this.init, ...this.pushed };
    return { configPath: merged.configPath || undefined, maxDocumentSize: merged.maxDocumentSize };
  }

  /** Takes the settings of a `workspace/didChangeConfiguration`; says whether the merged settings changed. */
  push(settings: unknown): boolean {
    const before = JSON.stringify(this.current);
    this.pushed = settingsIn(settings);
    return JSON.stringify(this.current) !== before;
  }
}
