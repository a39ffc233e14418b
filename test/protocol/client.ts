/**
 * A minimal LSP client for the protocol tests: starts `node dist/server.js --stdio`
 * as an editor would, and speaks JSON-RPC to it over the child's stdin/stdout.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type Diagnostic,
  type DocumentDiagnosticReport,
  type InitializeResult,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from 'vscode-languageserver-protocol/node';
import { URI } from 'vscode-uri';
import { STATUS_NOTIFICATION, type ServerStatus } from '../../server/src/protocol';

export type { ServerStatus };

/** What the client tells the server it can do, beyond the defaults every test client has. */
export interface ClientOptions {
  /** Declares pull diagnostics (`textDocument.diagnostic`), as VS Code does. */
  pull?: boolean;
  /** Declares `workspace.diagnostics.refreshSupport`, as VS Code does. */
  refresh?: boolean;
  /** Declares `workspace.workspaceEdit.resourceOperations: ['create']`, as VS Code does. */
  createFiles?: boolean;
  /** Makes what strings cannot (symbolic links, FIFOs, folders named like files) in the folder before the server starts. */
  prepare?: (root: string) => void;
  /**
   * A minimal editor's capabilities (as Neovim 0.7's built-in client has): no pull
   * diagnostics, no dynamic registration (so no file watcher for the server), no
   * workDoneProgress, no workspace/configuration.
   */
  minimal?: boolean;
  initializationOptions?: unknown;
  /** Waits only for the initialize answer, not for "ready". */
  noWait?: boolean;
}

export class TestClient {
  readonly connection: ProtocolConnection;
  /** The latest diagnostics published for each URI. */
  readonly diagnostics = new Map<string, Diagnostic[]>();
  /** Every textDocument/publishDiagnostics the server sent, in order. */
  readonly pushes: PublishDiagnosticsParams[] = [];
  /** Called on every push, before it is recorded. */
  onPush: ((p: PublishDiagnosticsParams) => void) | undefined;
  /** How many workspace/diagnostic/refresh requests the server sent. */
  refreshes = 0;
  /** Every window/logMessage the server sent. */
  readonly logs: string[] = [];
  /** Every window/showMessage the server sent. */
  readonly messages: Array<{ type: number; message: string }> = [];
  /** Every roadmap/status the server sent, in order. */
  readonly statuses: ServerStatus[] = [];
  /** Every request the server made of the client, by method. */
  readonly requestsFromServer: string[] = [];
  /** The server's answer to initialize. */
  initializeResult: InitializeResult | undefined;
  private readonly waiters: Array<() => void> = [];
  private status: ServerStatus | undefined;
  /** How many times the server has become `ready` (from indexing, or at first). */
  readyCount = 0;
  readonly stderr: string[] = [];
  private exited = false;

  private constructor(
    readonly root: string,
    private readonly child: ChildProcess,
  ) {
    this.connection = createProtocolConnection(new StreamMessageReader(child.stdout!), new StreamMessageWriter(child.stdin!));
    child.stderr!.on('data', (d) => this.stderr.push(String(d)));
    child.on('exit', () => {
      this.exited = true;
      this.notify();
    });
    this.connection.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.onPush?.(p);
      this.pushes.push(p);
      this.diagnostics.set(p.uri, p.diagnostics);
      this.notify();
    });
    this.connection.onNotification('window/showMessage', (m: { type: number; message: string }) => {
      this.messages.push(m);
      this.notify();
    });
    this.connection.onNotification('window/logMessage', (m: { type: number; message: string }) => {
      this.logs.push(m.message);
      this.notify();
    });
    this.connection.onNotification(STATUS_NOTIFICATION, (s: ServerStatus) => {
      if (s.state === 'ready' && this.status?.state !== 'ready') this.readyCount++;
      this.status = s;
      this.statuses.push(s);
      this.notify();
    });
    // The server registers its file watcher dynamically.
    this.connection.onRequest('client/registerCapability', () => {
      this.requestsFromServer.push('client/registerCapability');
      return null;
    });
    // Anything else the server asks (progress, configuration, …): recorded, answered with null.
    (this.connection as unknown as { onRequest(handler: (method: string) => unknown): void }).onRequest((method: string) => {
      this.requestsFromServer.push(method);
      return null;
    });
    this.connection.onRequest('workspace/diagnostic/refresh', () => {
      this.requestsFromServer.push('workspace/diagnostic/refresh');
      this.refreshes++;
      this.notify();
      return null;
    });
    this.connection.listen();
  }

  /** Writes the files to a fresh temporary folder, starts the server on it and waits until it has indexed. */
  static async start(files: Record<string, string>, options: ClientOptions = {}): Promise<TestClient> {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'roadmap-ws-'));
    for (const [p, text] of Object.entries(files)) writeFile(root, p, text);
    options.prepare?.(root);
    const child = spawn(process.execPath, [path.resolve('dist/server.js'), '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
    const client = new TestClient(root, child);
    const rootUri = URI.file(root).toString();
    client.initializeResult = await client.connection.sendRequest<InitializeResult>('initialize', {
      processId: process.pid,
      rootUri,
      workspaceFolders: [{ uri: rootUri, name: 'ws' }],
      initializationOptions: options.initializationOptions,
      capabilities: {
        workspace: {
          ...(!options.minimal && { didChangeWatchedFiles: { dynamicRegistration: true } }),
          ...(options.createFiles && { workspaceEdit: { documentChanges: true, resourceOperations: ['create'] } }),
          workspaceFolders: true,
          ...(options.refresh && { diagnostics: { refreshSupport: true } }),
        },
        ...(options.minimal && { window: { workDoneProgress: false } }),
        textDocument: {
          ...(options.pull && { diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } }),
          publishDiagnostics: { relatedInformation: true, codeDescriptionSupport: true },
          rename: { prepareSupport: true },
          completion: { completionItem: { snippetSupport: true, labelDetailsSupport: true } },
          hover: { contentFormat: ['markdown', 'plaintext'] },
          documentSymbol: { hierarchicalDocumentSymbolSupport: true },
        },
      },
    });
    client.connection.sendNotification('initialized', {});
    if (!options.noWait) await client.untilReady();
    return client;
  }

  /** Waits until the server reports it has indexed the workspace. */
  untilReady(): Promise<void> {
    return this.until(() => this.status?.state === 'ready', 'the server reports it has indexed the workspace');
  }

  /** The last roadmap/status notification. */
  get serverStatus(): ServerStatus | undefined {
    return this.status;
  }

  uri(p: string): string {
    return URI.file(path.join(this.root, p)).toString();
  }

  /** Resolves when `check` holds, re-checked on every message from the server; rejects after `ms`. */
  until(check: () => boolean, what: string | (() => string), ms = 10_000): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        remove();
        reject(new Error(`timed out waiting until ${typeof what === 'function' ? what() : what}\n${this.stderr.join('')}`));
      }, ms);
      const test = () => {
        if (this.exited) {
          clearTimeout(timer);
          remove();
          reject(new Error(`the server exited while waiting until ${typeof what === 'function' ? what() : what}\n${this.stderr.join('')}`));
        } else if (check()) {
          clearTimeout(timer);
          remove();
          resolve();
        }
      };
      const remove = () => {
        const i = this.waiters.indexOf(test);
        if (i >= 0) this.waiters.splice(i, 1);
      };
      this.waiters.push(test);
      test();
    });
  }

  private notify(): void {
    for (const w of [...this.waiters]) w();
  }

  codes(p: string): string[] {
    return (this.diagnostics.get(this.uri(p)) ?? []).map((d) => String(d.code)).sort();
  }

  /** Waits until the diagnostics of a file have exactly these codes (sorted comparison). */
  async untilCodes(p: string, codes: string[], ms?: number): Promise<void> {
    const want = [...codes].sort().join(',');
    await this.until(() => this.codes(p).join(',') === want, () => `${p} has diagnostics [${want}] (has [${this.codes(p).join(',')}])`, ms);
  }

  open(p: string, text: string, version = 1): void {
    this.connection.sendNotification('textDocument/didOpen', {
      textDocument: { uri: this.uri(p), languageId: 'markdown', version, text },
    });
  }

  /** Replaces the whole text of an open document. */
  change(p: string, text: string, version: number): void {
    this.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: this.uri(p), version },
      contentChanges: [{ text }],
    });
  }

  close(p: string): void {
    this.connection.sendNotification('textDocument/didClose', { textDocument: { uri: this.uri(p) } });
  }

  /** Pulls a document's diagnostics (textDocument/diagnostic). */
  pull(p: string, previousResultId?: string): Promise<DocumentDiagnosticReport> {
    return this.request<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri: this.uri(p) }, identifier: 'roadmap', previousResultId });
  }

  /** The pushes for a file so far (to compare with a later count). */
  pushesFor(p: string): PublishDiagnosticsParams[] {
    const uri = this.uri(p);
    return this.pushes.filter((x) => x.uri === uri);
  }

  request<R>(method: string, params: unknown): Promise<R> {
    return this.connection.sendRequest(method, params) as Promise<R>;
  }

  async stop(): Promise<void> {
    if (!this.exited) {
      await this.connection.sendRequest('shutdown').catch(() => undefined);
      this.connection.sendNotification('exit');
      await this.until(() => this.exited, 'the server exits', 5000).catch(() => this.child.kill());
    }
    this.connection.dispose();
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

export function writeFile(root: string, p: string, text: string): void {
  const full = path.join(root, p);
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, text);
}
