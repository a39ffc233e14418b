/**
 * The VS Code face of Roadmap Author: starts the language server and shows its
 * state. Commands, snippets, the grammar and the graph preview hang off here.
 */
import * as vscode from 'vscode';
import { registerShowRelated } from './commands/showRelated';
import { registerRoadmapUi, type RoadmapExtensionApi } from './roadmapUi';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<RoadmapExtensionApi> {
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

  // Status bar (server state; ID and problems of the active roadmap), graph preview, commands.
  const api = registerRoadmapUi(context, client, client.outputChannel);
  await client.start();
  return api;
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
