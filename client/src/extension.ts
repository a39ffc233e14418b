/**
 * The VS Code face of Roadmap Author: starts the language server and shows its
 * state. Commands, snippets, the grammar and the graph preview hang off here.
 */
import * as vscode from 'vscode';
import { registerShowRelated } from './commands/showRelated';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

interface ServerStatus {
  state: 'indexing' | 'ready';
  documents: number;
  roadmaps: number;
  withProblems: number;
}

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: 'markdown' },
      { scheme: 'untitled', language: 'markdown' },
      // The config file too, so that its problems show as it is typed.
      { scheme: 'file', pattern: '**/roadmap.config.json' },
    ],
    initializationOptions: { configPath: vscode.workspace.getConfiguration('roadmap').get<string>('configPath') || undefined },
    synchronize: { configurationSection: 'roadmap' },
    outputChannelName: 'Roadmap Author',
  };
  client = new LanguageClient('roadmap', 'Roadmap Author', serverOptions, clientOptions);
  context.subscriptions.push(registerShowRelated());

  const status = vscode.window.createStatusBarItem('roadmap.status', vscode.StatusBarAlignment.Left, 10);
  status.name = 'Roadmap Author';
  status.text = '$(sync~spin) Roadmap';
  status.tooltip = 'Roadmap Author: starting the language server';
  status.command = 'workbench.actions.view.problems';
  status.show();
  context.subscriptions.push(status);

  context.subscriptions.push(
    client.onNotification('roadmap/status', (s: ServerStatus) => {
      if (s.state === 'indexing') {
        status.text = `$(sync~spin) Roadmap: indexing ${s.documents}`;
        status.tooltip = 'Roadmap Author: reading the workspace';
      } else {
        status.text = `$(checklist) Roadmap: ${s.roadmaps}`;
        status.tooltip = `Roadmap Author: ${s.roadmaps} roadmap documents indexed, ${s.withProblems} with problems. Click to show the Problems panel.`;
      }
    }),
  );
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
