/**
 * The names of Roadmap Author's own LSP messages, beside the standard ones. One copy,
 * imported by the server and by the VS Code extension (this file imports nothing, so the
 * client bundle takes only these strings).
 */

/** Request `{ since? }` → the prerequisite graph, whole or as changes since a version. */
export const GRAPH_REQUEST = 'roadmap/graph';
/** Notification `{ version }`: the graph changed; ask `roadmap/graph` with `since`. */
export const GRAPH_CHANGED_NOTIFICATION = 'roadmap/graphChanged';
/** Notification: the server's state (`indexing` / `ready`) and counts. */
export const STATUS_NOTIFICATION = 'roadmap/status';
/** Request → `{ kinds, proficiencyLevels }` of the configuration in use. */
export const SCHEMA_REQUEST = 'roadmap/schema';
/** Notification `{ kinds, proficiencyLevels }`, sent on every configuration load. */
export const SCHEMA_NOTIFICATION = 'roadmap/schemaChanged';
/**
 * Notification `{ uri }` from the extension: its language client dropped the pulled
 * diagnostics of a document that stays open (its tab closed); the server pushes that
 * document's diagnostics again until the client pulls it next.
 */
export const PULL_DROPPED_NOTIFICATION = 'roadmap/pulledDiagnosticsDropped';
