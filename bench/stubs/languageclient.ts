/**
 * Replaces `vscode-languageclient/node` when the bench bundles the extension to time
 * its own activation work: a LanguageClient that starts nothing. Everything else the
 * extension imports from the package is a deep stub.
 */
import { deepStub } from '../vscodeStub';

export class LanguageClient {
  constructor(..._args: unknown[]) {}
  async start(): Promise<void> {}
  async stop(): Promise<void> {}
  onNotification(): { dispose(): void } {
    return { dispose() {} };
  }
  onRequest(): { dispose(): void } {
    return { dispose() {} };
  }
  sendNotification(): Promise<void> {
    return Promise.resolve();
  }
  sendRequest(): Promise<unknown> {
    return Promise.resolve(null);
  }
  get state(): number {
    return 2;
  }
  onDidChangeState(): { dispose(): void } {
    return { dispose() {} };
  }
  get outputChannel(): unknown {
    return deepStub('outputChannel');
  }
}

export const TransportKind = { stdio: 0, ipc: 1, pipe: 2, socket: 3 };
export const State = { Stopped: 1, Running: 2, Starting: 3 };
export const RevealOutputChannelOn = { Debug: 0, Info: 1, Warn: 2, Error: 3, Never: 4 };
export const ErrorAction = { Continue: 1, Shutdown: 2 };
export const CloseAction = { DoNotRestart: 1, Restart: 2 };
export const DiagnosticCollectionSource = { push: "push", pull: "pull" } as const;
