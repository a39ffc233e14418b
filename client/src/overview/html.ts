/**
 * The Curriculum Overview's page: its landmarks and CSS in the one webview shell
 * (`../webviewHtml.ts`: the content security policy, without a worker). Pure, for the
 * tests.
 */
import { pageHtml, type PageShellOptions } from '../webviewHtml';

export type OverviewHtmlOptions = PageShellOptions;

export function overviewHtml(o: OverviewHtmlOptions): string {
  return pageHtml({
    ...o,
    title: 'Curriculum Overview',
    css: OVERVIEW_CSS,
    bodyAttributes: { 'data-state': 'loading' },
    body: `<main id="overview" aria-labelledby="overview-title">
<h1 id="overview-title">Curriculum Overview</h1>
<p id="summary" class="summary" data-testid="overview-summary" role="status" aria-live="polite">Waiting for the language server…</p>
<div id="content"></div>
</main>`,
  });
}

/**
 * Every colour is a VS Code theme variable, so light, dark and high contrast themes
 * apply. A matrix cell's fill mixes the charts colour into the editor background by the
 * level's rank (`--heat`, set by the page through the CSSOM, which the CSP allows); its
 * text sits on a chip of the editor's own colours, so it reads on any fill.
 */
const OVERVIEW_CSS = `
:root { color-scheme: light dark; }
body {
  margin: 0; padding: 12px 20px 32px;
  color: var(--vscode-foreground);
  background: var(--vscode-editor-background);
  font-family: var(--vscode-font-family);
  font-size: var(--vscode-font-size);
  line-height: 1.45;
}
h1 { font-size: 1.5em; margin: 0 0 4px; font-weight: 600; }
h2 { font-size: 1.15em; margin: 24px 0 8px; padding-bottom: 4px; font-weight: 600; border-bottom: 1px solid var(--vscode-panel-border, var(--vscode-contrastBorder, transparent)); }
.summary { margin: 0 0 8px; color: var(--vscode-descriptionForeground); }
.note { color: var(--vscode-descriptionForeground); margin: 4px 0; }
table { border-collapse: collapse; margin: 4px 0 8px; }
caption { text-align: left; color: var(--vscode-descriptionForeground); padding: 0 0 4px; }
th, td { border: 1px solid var(--vscode-editorWidget-border, var(--vscode-panel-border, transparent)); padding: 4px 8px; text-align: left; vertical-align: top; }
thead th { background: var(--vscode-editorWidget-background, transparent); font-weight: 600; }
tbody th { font-weight: 600; }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
.muted { color: var(--vscode-descriptionForeground); }
button.doc {
  font: inherit; color: var(--vscode-textLink-foreground); background: none; border: none;
  padding: 0; margin: 0; cursor: pointer; text-decoration: underline; text-underline-offset: 2px;
}
button.doc:hover { color: var(--vscode-textLink-activeForeground); }
.path { display: flex; flex-wrap: wrap; align-items: baseline; gap: 2px 6px; margin: 0; padding: 0; list-style: none; }
.path li { display: inline-flex; align-items: baseline; gap: 6px; }
.path li + li::before { content: "→"; color: var(--vscode-descriptionForeground); }
.hours { color: var(--vscode-descriptionForeground); font-size: 0.9em; }
:focus-visible { outline: 2px solid var(--vscode-focusBorder); outline-offset: 1px; }

table.matrix td { padding: 0; min-width: 7.5em; }
table.matrix td.empty { text-align: center; color: var(--vscode-descriptionForeground); padding: 4px 8px; }
button.cell {
  --heat: 0%;
  display: block; width: 100%; min-height: 2.2em; box-sizing: border-box; padding: 4px 6px;
  font: inherit; cursor: pointer; text-align: center;
  color: var(--vscode-editor-foreground);
  background: color-mix(in srgb, var(--vscode-charts-blue, #3794ff) var(--heat), var(--vscode-editor-background));
  border: 1px solid transparent;
}
button.cell:hover { border-color: var(--vscode-focusBorder); }
button.cell .chip {
  display: inline-block; padding: 0 6px; border-radius: 3px;
  color: var(--vscode-editor-foreground); background: var(--vscode-editor-background);
}
button.cell.unassessed .chip { outline: 1px dashed var(--vscode-editorWarning-foreground, var(--vscode-foreground)); }
.legend { display: flex; flex-wrap: wrap; gap: 4px 12px; margin: 4px 0 8px; padding: 0; list-style: none; color: var(--vscode-descriptionForeground); }
.legend li { display: inline-flex; align-items: center; gap: 4px; }
.swatch {
  --heat: 0%;
  display: inline-block; width: 1.2em; height: 1em; border: 1px solid var(--vscode-editorWidget-border, var(--vscode-foreground));
  background: color-mix(in srgb, var(--vscode-charts-blue, #3794ff) var(--heat), var(--vscode-editor-background));
}
ul.plain { margin: 4px 0; padding-left: 1.2em; }
body.vscode-high-contrast button.cell { border-color: var(--vscode-contrastBorder, transparent); }
`;
