/**
 * The README's picture of the web host (`node test/runners/web.mjs --tests
 * out/web-suite/screenshot.js --screenshot images/web.png`): a roadmap with problems
 * across files beside the prerequisite graph, in the web worker extension host. Says
 * `ROADMAP_SCREENSHOT_READY` once drawn; the runner takes the picture and creates
 * `.roadmap-screenshot-taken` in the workspace, which ends this.
 */
import * as vscode from 'vscode';

export async function run(): Promise<void> {
  console.log('roadmap suite: screenshot (web worker extension host)');
  const root = vscode.workspace.workspaceFolders![0].uri;
  const taken = new Promise<void>((resolve) => {
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(root, '.roadmap-screenshot-taken'));
    watcher.onDidCreate(() => {
      watcher.dispose();
      resolve();
    });
  });
  const ext = vscode.extensions.getExtension('roadmap-author.roadmap-author')!;
  const api = (await ext.activate()) as { clientStarted(): Promise<void>; waitForGraphRender(timeoutMs?: number): Promise<string[]>; graphState(): string[] | undefined };
  await api.clientStarted();
  const doc = vscode.Uri.joinPath(root, 'broken', 'prerequisite-cycle-a.md');
  await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(doc), { preview: false });
  // Its cycle needs the other file, read through workspace.fs.
  await new Promise<void>((resolve) => {
    const has = () => vscode.languages.getDiagnostics(doc).some((d) => d.source === 'roadmap');
    if (has()) return resolve();
    const sub = vscode.languages.onDidChangeDiagnostics(() => has() && (sub.dispose(), resolve()));
  });
  await vscode.commands.executeCommand('roadmap.showGraphToSide');
  // The panel exists once the command returns; its next drawing (or, drawn already, the one after a fit).
  if (!(api.graphState()?.length ?? 0)) await api.waitForGraphRender(30_000);
  await vscode.commands.executeCommand('workbench.action.closeAuxiliaryBar');
  await vscode.commands.executeCommand('workbench.actions.view.problems');
  console.log('ROADMAP_SCREENSHOT_READY');
  await taken;
}
