/**
 * The graph preview's HTML shell: a strict content security policy (scripts and
 * styles only with the nonce or from the extension's own files), the toolbar, and
 * the page script. No document text is ever written into this HTML: the page
 * builds its DOM from the messages it receives. Pure, for the tests.
 */

export interface GraphHtmlOptions {
  /** `webview.cspSource`. */
  cspSource: string;
  /** A fresh random nonce per page. */
  nonce: string;
  /** `webview.asWebviewUri(dist/graphView.js)` as a string. */
  scriptUri: string;
}

export function newNonce(random: (n: number) => Uint8Array): string {
  return btoa(String.fromCharCode(...random(18))).replace(/[^A-Za-z0-9]/g, '');
}

export function contentSecurityPolicy(o: Pick<GraphHtmlOptions, 'cspSource' | 'nonce'>): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${o.nonce}'`,
    `style-src ${o.cspSource} 'nonce-${o.nonce}'`,
    `img-src ${o.cspSource} data:`,
    `font-src ${o.cspSource}`,
  ].join('; ');
}

const attr = (s: string) => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function graphHtml(o: GraphHtmlOptions): string {
  const nonce = attr(o.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${attr(contentSecurityPolicy(o))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>Roadmap Graph</title>
<style nonce="${nonce}">${GRAPH_CSS}</style>
</head>
<body>
<header class="toolbar" role="toolbar" aria-label="Graph options">
  <label>Role <select id="role" data-testid="role-filter"><option value="">All roles</option></select></label>
  <label>Competency <select id="competency" data-testid="competency-filter"><option value="">All competencies</option></select></label>
  <label class="check" title="Show only the neighbourhood of the active document"><input type="checkbox" id="focus" data-testid="focus-toggle"> Focus</label>
  <label title="How many links away from the active document">Depth <input type="number" id="depth" data-testid="focus-depth" min="1" max="9" value="1"></label>
  <span class="spacer"></span>
  <button id="zoom-out" data-testid="zoom-out" title="Zoom out" aria-label="Zoom out">&#x2212;</button>
  <button id="zoom-fit" data-testid="zoom-fit" title="Fit to window" aria-label="Fit to window">Fit</button>
  <button id="zoom-in" data-testid="zoom-in" title="Zoom in" aria-label="Zoom in">+</button>
  <button id="export-svg" data-testid="export-svg" title="Save the drawing as SVG">Export SVG</button>
  <button id="export-mermaid" data-testid="export-mermaid" title="Save the shown graph as a Mermaid flowchart">Export Mermaid</button>
</header>
<div id="message" class="message" data-testid="graph-message" role="status" aria-live="polite"></div>
<main id="canvas" class="canvas" data-testid="graph-canvas"></main>
<footer id="legend" class="legend" data-testid="graph-legend"></footer>
<script nonce="${nonce}" src="${attr(o.scriptUri)}"></script>
</body>
</html>`;
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
.message { padding: 0 10px; min-height: 0; color: var(--vscode-descriptionForeground); }
.message:not(:empty) { padding: 4px 10px; }
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

.role-0 { --role: var(--vscode-charts-blue, #3794ff); }
.role-1 { --role: var(--vscode-charts-green, #89d185); }
.role-2 { --role: var(--vscode-charts-purple, #b180d7); }
.role-3 { --role: var(--vscode-charts-orange, #d18616); }
.role-4 { --role: var(--vscode-charts-yellow, #cca700); }
.role-5 { --role: var(--vscode-terminal-ansiCyan, #11a8cd); }
.role-6 { --role: var(--vscode-terminal-ansiMagenta, #bc3fbc); }
.role-7 { --role: var(--vscode-terminal-ansiBrightBlack, #666666); }
.node[class*=role-] .body { stroke: var(--role); fill: color-mix(in srgb, var(--role) 16%, var(--vscode-editor-background)); }
.node[class*=role-].cycle .body { stroke: var(--vscode-errorForeground); }
.node[class*=role-].active .body { stroke: var(--vscode-focusBorder); }
.stripe[class*=role-], .swatch[class*=role-] { fill: var(--role); }
.swatch { stroke: var(--vscode-foreground); stroke-opacity: 0.3; }

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
