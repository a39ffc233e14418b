/**
 * The VS Code face of Roadmap Author in the browser (the manifest's `browser` entry:
 * vscode.dev, github.dev, a web worker extension host): the same activation as the
 * desktop's (activation.ts), with the language server in a web worker
 * (browserClient.ts) reading the workspace through the editor (fileAccess.ts).
 */
import type * as vscode from 'vscode';
import { activateWith, deactivateClient, type ActivatedApi } from './activation';
import { createBrowserClient, State } from './browserClient';

export async function activate(context: vscode.ExtensionContext): Promise<ActivatedApi> {
  return activateWith(context, (ctx, trace) => ({ client: createBrowserClient(ctx, trace), State }));
}

export const deactivate = deactivateClient;
