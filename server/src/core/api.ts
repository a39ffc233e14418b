/**
 * The core's public API for faces that run engine code themselves rather than ask the
 * server: the VS Code extension (new-document templates, the graph's text formats, the
 * default schema until the server answers; the escaping of labels and the Export SVG check). Only light modules, with no parser behind
 * them, so the extension's bundle stays small; what goes over the wire is in
 * `server/src/protocol`. The extension imports the engine from these two only.
 */
export { defaultSchema } from './schema/defaultSchema';
export type { FieldSchema, KindSchema, Schema, SectionSchema, TableSchema } from './schema/types';
export { flowEdges, graphRoles, toMermaid, type FlowEdge } from './graphFormat';
export type { GraphData, GraphEdge, GraphNode } from './graphData';
export { checkNewId, competencyFor, documentTemplate, fileNameFor, firstPlaceholder, folderFor, nextFreeId, type NodeLike, type TemplateInput } from './templates';
export { boundLabel, neutraliseControls } from './escape/label';
export { isInertSvg } from './escape/svg';
