/**
 * The names the server and the extension share beyond messages: commands (the server
 * puts some in code lenses; package.json contributes them), the graph view's type and
 * the context key. `test/unit/protocol.test.ts` holds package.json to them.
 */

/** The code lens's command: `(uri, position, locations)` → the references view. */
export const SHOW_RELATED_COMMAND = 'roadmap.showRelated';
/** `roadmap.related [uri]`: the prerequisites and dependents of a document, executed by the server (for editors that cannot run `roadmap.showRelated`). */
export const RELATED_COMMAND = 'roadmap.related';
/** The commands the server executes itself (`executeCommandProvider`); package.json contributes the others. */
export const SERVER_COMMANDS: readonly string[] = [RELATED_COMMAND];
export const SHOW_GRAPH_COMMAND = 'roadmap.showGraph';
export const SHOW_GRAPH_TO_SIDE_COMMAND = 'roadmap.showGraphToSide';
/** Opens the Curriculum Overview (tracks, critical paths, the coverage matrix, blocking documents). */
export const SHOW_OVERVIEW_COMMAND = 'roadmap.showOverview';
/** `{ role?, title?, id?, folder? }` skips the questions. */
export const NEW_MODULE_COMMAND = 'roadmap.newModule';
export const NEW_PROJECT_COMMAND = 'roadmap.newProject';
/** `{ kind, role?, title?, id?, folder? }`: any kind of the configuration. */
export const NEW_DOCUMENT_COMMAND = 'roadmap.newDocument';
export const RESTART_SERVER_COMMAND = 'roadmap.restartServer';

/** The graph preview's webview type (and its serializer's). */
export const GRAPH_VIEW_TYPE = 'roadmap.graph';
/** The Curriculum Overview's webview type (and its serializer's). */
export const OVERVIEW_VIEW_TYPE = 'roadmap.overview';

/** Context key: the active editor's document is a roadmap (the server says so). */
export const IS_ROADMAP_CONTEXT = 'roadmap.isRoadmap';

/** The status bar item's ID. */
export const STATUS_BAR_ITEM = 'roadmap.status';
