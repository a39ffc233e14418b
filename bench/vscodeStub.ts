/**
 * A stand-in for the `vscode` module, good enough to load the extension's bundle
 * and run its activate(): every namespace, class and enum the API declares exists;
 * anything not given a real value below is a "deep stub" (callable, constructible,
 * every property another deep stub, assignments kept). Events are real emitters and
 * `workspace.workspaceFolders` is empty, so that vscode-languageclient can start
 * the server and finish the initialize handshake.
 */
import fs from 'node:fs';
import Module from 'node:module';
import path from 'node:path';

/** What the extension touched, in order (for the report: was activation real?). */
export const calls: string[] = [];

/** The messages the extension showed. */
export const messages: string[] = [];

export function deepStub(name: string): any {
  const props = new Map<PropertyKey, unknown>();
  const target = function () {};
  return new Proxy(target, {
    get(_t, p) {
      if (props.has(p)) return props.get(p);
      if (p === Symbol.toPrimitive || p === 'toString' || p === 'toJSON') return () => `[stub ${name}]`;
      if (p === 'then' || typeof p === 'symbol') return undefined; // not a promise, not iterable
      const v = deepStub(`${name}.${String(p)}`);
      props.set(p, v);
      return v;
    },
    set(_t, p, v) {
      props.set(p, v);
      return true;
    },
    apply() {
      calls.push(name);
      return deepStub(`${name}()`);
    },
    construct() {
      calls.push(`new ${name}`);
      return deepStub(`new ${name}`);
    },
  });
}

class EventEmitter<T> {
  private listeners: Array<(e: T) => void> = [];
  event = (f: (e: T) => void) => {
    this.listeners.push(f);
    return { dispose: () => (this.listeners = this.listeners.filter((x) => x !== f)) };
  };
  fire(e: T) {
    for (const f of this.listeners) f(e);
  }
  dispose() {
    this.listeners = [];
  }
}

class Disposable {
  constructor(private readonly f?: () => void) {}
  dispose() {
    this.f?.();
  }
  static from(...ds: Array<{ dispose(): unknown }>) {
    return new Disposable(() => ds.forEach((d) => d.dispose()));
  }
}

/** The names the `vscode` module exports, from @types/vscode (a devDependency). */
function apiNames(repo: string): string[] {
  try {
    const dts = fs.readFileSync(path.join(repo, 'node_modules/@types/vscode/index.d.ts'), 'utf8');
    return [...dts.matchAll(/^\texport (?:namespace|class|enum|const|function|let|var) ([A-Za-z_0-9]+)/gm)].map((m) => m[1]);
  } catch {
    return ['commands', 'window', 'workspace', 'languages', 'env', 'extensions', 'Uri', 'Range', 'Position', 'StatusBarAlignment', 'ThemeColor', 'ThemeIcon', 'MarkdownString', 'ViewColumn', 'CodeActionKind'];
  }
}

export function makeVscode(repo: string): Record<string, unknown> {
  const noEvent = () => ({ dispose() {} });
  const config = { get: () => undefined, has: () => false, inspect: () => undefined, update: async () => {} };
  const real: Record<string, unknown> = {
    version: '1.95.0',
    EventEmitter,
    Disposable,
    env: { appName: 'Visual Studio Code (bench stub)', language: 'en', machineId: 'bench', sessionId: 'bench', uriScheme: 'vscode', appRoot: repo, uiKind: 1 },
  };
  const workspace = deepStub('workspace');
  workspace.workspaceFolders = [];
  workspace.textDocuments = [];
  workspace.notebookDocuments = [];
  workspace.getConfiguration = () => config;
  workspace.onDidChangeConfiguration = noEvent;
  real.workspace = workspace;
  // Messages resolve with no choice made, as when the user dismisses them; they are kept for the report.
  const window = deepStub('window');
  for (const kind of ['showErrorMessage', 'showWarningMessage', 'showInformationMessage']) {
    window[kind] = async (message: unknown) => {
      messages.push(`${kind}: ${String(message)}`);
      return undefined;
    };
  }
  // What the language client reads of the open editors: none.
  window.tabGroups = { all: [], activeTabGroup: undefined, onDidChangeTabs: noEvent, onDidChangeTabGroups: noEvent };
  window.visibleTextEditors = [];
  window.activeTextEditor = undefined;
  window.onDidChangeVisibleTextEditors = noEvent;
  window.onDidChangeActiveTextEditor = noEvent;
  real.window = window;
  const vscode: Record<string, unknown> = { ...real };
  for (const n of apiNames(repo)) if (!(n in vscode)) vscode[n] = deepStub(n);
  return vscode;
}

/** Makes `require('vscode')` return the stub, for this process. */
export function installVscodeStub(repo: string): void {
  const vscode = makeVscode(repo);
  const mod = Module as unknown as { _load: (request: string, ...rest: unknown[]) => unknown };
  const load = mod._load;
  mod._load = function (request: string, ...rest: unknown[]) {
    if (request === 'vscode') return vscode;
    return load.call(this, request, ...rest);
  };
}

/** An ExtensionContext for activate(). */
export function makeContext(repo: string): any {
  const memento = { get: () => undefined, update: async () => {}, keys: () => [], setKeysForSync: () => {} };
  return {
    subscriptions: [],
    asAbsolutePath: (p: string) => path.join(repo, p),
    extensionPath: repo,
    extensionUri: deepStub('extensionUri'),
    globalState: memento,
    workspaceState: memento,
    logUri: deepStub('logUri'),
    storageUri: undefined,
    globalStorageUri: deepStub('globalStorageUri'),
    extensionMode: 1,
    environmentVariableCollection: deepStub('environmentVariableCollection'),
    secrets: deepStub('secrets'),
    extension: deepStub('extension'),
  };
}
