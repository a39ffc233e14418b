// Bench only (bench/graphBench.mjs loads this folder as a second extensionDevelopmentPath).
// "Roadmap Bench: Open Empty Webview" opens a webview panel as the graph opens its own (same
// column, scripts enabled, a nonce CSP, one small script): its first picture and its answering
// input are what any webview costs before its extension does anything. On start-up it also
// activates Roadmap Author, so the language server indexes the workspace before the bench measures.
const vscode = require('vscode');
const crypto = require('crypto');

let panel;

function html(nonce) {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-${nonce}'; style-src 'nonce-${nonce}'">
<title>Empty Webview</title>
</head>
<body data-state="loading">
<p data-bench-empty>Empty webview</p>
<script nonce="${nonce}">
document.body.dataset.state = 'drawn';
requestAnimationFrame(() => setTimeout(() => { document.body.dataset.state = 'interactive'; }));
</script>
</body>
</html>`;
}

exports.activate = (context) => {
  context.subscriptions.push(
    vscode.commands.registerCommand('roadmapBench.emptyWebview', () => {
      panel?.dispose();
      panel = vscode.window.createWebviewPanel('roadmapBench.empty', 'Empty Webview', vscode.ViewColumn.Active, { enableScripts: true, retainContextWhenHidden: false });
      panel.onDidDispose(() => (panel = undefined));
      panel.webview.html = html(crypto.randomBytes(16).toString('base64').replace(/[^A-Za-z0-9]/g, ''));
    }),
    vscode.commands.registerCommand('roadmapBench.closeEmptyWebview', () => panel?.dispose()),
  );
  void vscode.extensions.getExtension('roadmap-author.roadmap-author')?.activate();
};
exports.deactivate = () => panel?.dispose();
