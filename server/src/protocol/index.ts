/**
 * What the server and the VS Code extension both know, in one place: the project's
 * own LSP messages and their payloads (messages.ts), the command, view and context
 * IDs (ids.ts), and how IDs, graph nodes and edges are ordered (core/ids.ts). The
 * extension reaches the engine only through this module and the core's public API
 * (core/api.ts); test/unit/protocol.test.ts holds it to that.
 */
export * from './messages';
export * from './ids';
export { compareEdges, compareIds, compareNodes } from '../core/ids';
