/**
 * The graph preview's page: its toolbar, canvas and CSS in the one webview shell
 * (`../webviewHtml.ts`: the content security policy, with the layout workers allowed).
 * Pure, for the tests.
 */
import { pageHtml, type PageShellOptions } from '../webviewHtml';

export interface GraphHtmlOptions extends PageShellOptions {
  /** `webview.asWebviewUri(dist/graphLayout.js)` as a string: the ELK worker's script. */
  workerUri?: string;
  /** `webview.asWebviewUri(dist/graphQuickLayout.js)` as a string: the quick layout worker's script. */
  quickWorkerUri?: string;
}

export function graphHtml(o: GraphHtmlOptions): string {
  return pageHtml({
    ...o,
    title: 'Roadmap Graph',
    css: GRAPH_CSS,
    worker: true,
    bodyAttributes: { 'data-state': 'loading', 'data-layout-worker': o.workerUri ?? '', 'data-quick-layout-worker': o.quickWorkerUri ?? '' },
    body: `<header class="toolbar" role="toolbar" aria-label="Graph options">
  <button id="show-overview" data-testid="show-overview" title="One node per role track">Overview</button>
  <label title="A role's track: the documents targeting the role and everything they require">Track <select id="role" data-testid="role-filter"><option value="">All roles</option></select></label>
  <label>Competency <select id="competency" data-testid="competency-filter"><option value="">All competencies</option></select></label>
  <label class="check" title="Show only the neighbourhood of the active document"><input type="checkbox" id="focus" data-testid="focus-toggle"> Focus</label>
  <label title="How many links away from the active document">Depth <input type="number" id="depth" data-testid="focus-depth" min="1" max="9" value="1"></label>
  <button id="show-all" data-testid="show-all" title="Every document, however many (laid out in the background; can be cancelled)">Show all</button>
  <span class="spacer"></span>
  <button id="zoom-out" data-testid="zoom-out" title="Zoom out" aria-label="Zoom out">&#x2212;</button>
  <button id="zoom-fit" data-testid="zoom-fit" title="Fit to window" aria-label="Fit to window">Fit</button>
  <button id="zoom-in" data-testid="zoom-in" title="Zoom in" aria-label="Zoom in">+</button>
  <button id="export-svg" data-testid="export-svg" title="Save the drawing as SVG">Export SVG</button>
  <button id="export-mermaid" data-testid="export-mermaid" title="Save the shown graph as a Mermaid flowchart">Export Mermaid</button>
  <button id="curriculum-overview" data-testid="curriculum-overview" title="Open the Curriculum Overview: tracks, critical paths, competency coverage">Curriculum Overview</button>
</header>
<div class="status"><span id="message" class="message" data-testid="graph-message" role="status" aria-live="polite"></span><button id="cancel-layout" data-testid="cancel-layout" hidden>Cancel</button></div>
<main id="canvas" class="canvas" data-testid="graph-canvas"></main>
<footer id="legend" class="legend" data-testid="graph-legend"></footer>`,
  });
}

/** Every colour is a VS Code theme variable, so light, dark and high contrast themes apply. */
const GRAPH_CSS = `
:root { color-scheme: light dark; }
html, body { height: 100%; margin: 0; padding: 0; }
body {
  display: flex; flex-direction: column;
  color: var(--vscode-foreground);
  background: var(--vscode-editor-background);
  font-family: var(--vscode-font-family);
  font-size: var(--vscode-font-size);
}
.toolbar {
  display: flex; flex-wrap: wrap; align-items: center; gap: 6px 12px;
  padding: 6px 10px;
  border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-contrastBorder, transparent));
  background: var(--vscode-sideBar-background, var(--vscode-editor-background));
}
.toolbar label { display: inline-flex; align-items: center; gap: 4px; }
.toolbar .spacer { flex: 1; }
select, input[type=number] {
  color: var(--vscode-dropdown-foreground); background: var(--vscode-dropdown-background);
  border: 1px solid var(--vscode-dropdown-border, var(--vscode-contrastBorder, transparent));
  font: inherit; padding: 2px 4px; max-width: 16em;
}
input[type=number] { width: 3.5em; color: var(--vscode-input-foreground); background: var(--vscode-input-background); }
button {
  color: var(--vscode-button-secondaryForeground, var(--vscode-button-foreground));
  background: var(--vscode-button-secondaryBackground, var(--vscode-button-background));
  border: 1px solid var(--vscode-button-border, transparent);
  font: inherit; padding: 2px 8px; cursor: pointer;
}
button:hover { background: var(--vscode-button-secondaryHoverBackground, var(--vscode-button-hoverBackground)); }
:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 1px; }
/* One line, always: a status that changed height would resize the canvas, and refit (repaint) the whole drawing. */
.status { display: flex; align-items: center; gap: 8px; padding: 0 10px; height: 1.9em; flex: none; }
.message { flex: 1; min-width: 0; color: var(--vscode-descriptionForeground); white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
button[hidden] { display: none; }
.canvas { flex: 1; overflow: auto; position: relative; display: flex; }
/* Centred when smaller than the window; auto margins fall to 0 when it overflows, so scrolling reaches every edge. */
.canvas svg { display: block; flex: none; margin: auto; }
.legend {
  display: flex; flex-wrap: wrap; gap: 4px 14px; padding: 4px 10px;
  border-top: 1px solid var(--vscode-panel-border, var(--vscode-contrastBorder, transparent));
  color: var(--vscode-descriptionForeground); font-size: 0.9em;
}
.legend .item { display: inline-flex; align-items: center; gap: 4px; }
.legend svg { overflow: visible; }

.node { cursor: pointer; }
.node .body { stroke-width: 1.5; fill: var(--vscode-editor-background); stroke: var(--vscode-foreground); }
.node.capstone .body { stroke-width: 2.5; }
.node .id { font-weight: 600; fill: var(--vscode-editor-foreground); }
.node .title { fill: var(--vscode-editor-foreground); }
.node .kind { fill: var(--vscode-descriptionForeground); font-size: 10px; }
.node:hover .body { stroke-width: 3; }
.node:focus { outline: none; }
.node:focus-visible .body { stroke: var(--vscode-focusBorder); stroke-width: 3; }
.node.dangling { cursor: default; }
.node.dangling .body { fill: none; stroke: var(--vscode-descriptionForeground); stroke-dasharray: 5 4; }
.node.dangling .id, .node.dangling .title { fill: var(--vscode-descriptionForeground); font-style: italic; }
.node.cycle .body { stroke: var(--vscode-errorForeground); }
.node.active .body { stroke: var(--vscode-focusBorder); stroke-width: 4; }
.node .stripe { stroke: none; }

/* A role's colour (palette.ts) is set on the element as --role; its pattern as the outline's dashes. */
.node.has-role .body { stroke: var(--role); fill: color-mix(in srgb, var(--role) 16%, var(--vscode-editor-background)); }
.node.has-role.cycle .body { stroke: var(--vscode-errorForeground); }
.node.has-role.active .body { stroke: var(--vscode-focusBorder); }
.stripe.has-role, .swatch.has-role { fill: var(--role); }
.swatch { stroke: var(--vscode-foreground); stroke-opacity: 0.3; }
.swatch.has-role { stroke: var(--role); stroke-opacity: 1; stroke-width: 1.5; fill-opacity: 0.5; }

.node.track .body { stroke-width: 2.5; }
.node.track .count { fill: var(--vscode-descriptionForeground); }
.track-edge { fill: none; stroke: var(--vscode-editorLineNumber-foreground, var(--vscode-foreground)); stroke-opacity: 0.8; }
.weight { fill: var(--vscode-foreground); font-size: 11px; paint-order: stroke; stroke: var(--vscode-editor-background); stroke-width: 3px; }
.badge rect { fill: var(--vscode-badge-background, #4d4d4d); }
.badge text { fill: var(--vscode-badge-foreground, #ffffff); font-size: 10px; font-weight: 600; }
.node.critical .body { stroke: var(--vscode-charts-yellow, #cca700); stroke-width: 4; }
.edge.critical { stroke: var(--vscode-charts-yellow, #cca700); stroke-width: 3.5; }
.arrow.critical { fill: var(--vscode-charts-yellow, #cca700); }

.edge { fill: none; stroke: var(--vscode-editorLineNumber-foreground, var(--vscode-foreground)); stroke-width: 1.5; }
.edge.next-only { stroke-dasharray: 6 4; }
.edge.cycle { stroke: var(--vscode-errorForeground); stroke-width: 2; }
.edge.touches-active { stroke: var(--vscode-focusBorder); stroke-width: 2; }
.edge.cycle.touches-active { stroke: var(--vscode-errorForeground); }
.arrow { fill: var(--vscode-editorLineNumber-foreground, var(--vscode-foreground)); }
.arrow.cycle { fill: var(--vscode-errorForeground); }
.arrow.active { fill: var(--vscode-focusBorder); }
body.vscode-high-contrast .edge { stroke: var(--vscode-contrastBorder, var(--vscode-foreground)); }
body.vscode-high-contrast .arrow { fill: var(--vscode-contrastBorder, var(--vscode-foreground)); }
body.vscode-high-contrast .edge.cycle { stroke: var(--vscode-errorForeground); }
body.vscode-high-contrast .arrow.cycle { fill: var(--vscode-errorForeground); }
body.vscode-high-contrast .node[class*=role-] .body { fill: var(--vscode-editor-background); }
`;
