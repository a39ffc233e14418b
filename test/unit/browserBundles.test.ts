/**
 * The browser bundles (the manifest's `browser` entry and the language server's web
 * worker, built by esbuild.mjs into dist/web/): no Node built-in in either (the build
 * fails on one; here its metafiles, kept in out/web-meta/, and the check itself), the
 * node-only modules left out, and the server bundle run as a web worker runs it: in a
 * context with a worker's globals only (no process, no require, no document), messages
 * posted by structured clone.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import vm from 'node:vm';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { describe, it } from 'node:test';
import * as esbuild from 'esbuild';
import { browserBuiltins, nodeBuiltinsIn } from '../../scripts/browserBundles.mjs';
import { moduleText } from '../protocol/moduleDoc';

const meta = (name: string): { inputs: Record<string, { imports: Array<{ path: string }> }> } => JSON.parse(fs.readFileSync(path.join('out/web-meta', `${name}.json`), 'utf8'));

describe('the browser bundles', () => {
  it('hold no Node built-in, and not the node-only modules', () => {
    const server = meta('server');
    const extension = meta('extension');
    assert.deepEqual(nodeBuiltinsIn(server), []);
    assert.deepEqual(nodeBuiltinsIn(extension), []);
    const serverInputs = Object.keys(server.inputs);
    for (const m of ['server/src/server.ts', 'server/src/browser/platform.ts', 'server/src/browser/clientFileSystem.ts', 'server/src/lsp/workspaceSync.ts']) assert.ok(serverInputs.includes(m), `the server bundle has ${m}`);
    assert.deepEqual(serverInputs.filter((i) => i.startsWith('server/src/node/') || i.includes('chokidar') || i.startsWith('server/src/cli')), []);
    const extensionInputs = Object.keys(extension.inputs);
    for (const m of ['client/src/browser.ts', 'client/src/fileAccess.ts', 'client/src/activation.ts']) assert.ok(extensionInputs.includes(m), `the extension bundle has ${m}`);
    assert.ok(!extensionInputs.includes('client/src/languageClient.ts'), "the node client is not in the browser's bundle");
  });

  it('the check finds a Node built-in imported anywhere in a bundle; path becomes path-browserify', async () => {
    const result = await esbuild.build({
      stdin: { contents: "import fs from 'node:fs'; import os from 'os'; import path from 'path'; export const x = [fs, os, path.posix];", resolveDir: process.cwd(), loader: 'ts' },
      bundle: true,
      write: false,
      platform: 'browser',
      format: 'cjs',
      plugins: [browserBuiltins],
      metafile: true,
      logLevel: 'silent',
    });
    assert.deepEqual(nodeBuiltinsIn(result.metafile).map((f) => f.path).sort(), ['node:fs', 'os']);
    assert.ok(Object.keys(result.metafile.inputs).some((i) => i.includes('path-browserify')));
  });

  it('dist/web/server.js answers in a web worker’s globals: initialize, a document’s symbols and diagnostics with their ranges', async () => {
    const code = fs.readFileSync('dist/web/server.js', 'utf8');
    const channel = new MessageChannel();
    const fromServer: Array<{ id?: number; method?: string; result?: unknown; params?: unknown }> = [];
    const waiters: Array<() => void> = [];
    channel.port2.on('message', (m) => {
      fromServer.push(m);
      waiters.splice(0).forEach((w) => w());
    });
    // A worker's scope: postMessage / onmessage on `self` (structured clone, as a worker posts), timers, no process.
    const self: Record<string, unknown> = {
      postMessage: (m: unknown) => channel.port1.postMessage(m),
      addEventListener: (type: string, f: (e: unknown) => void): void => void (type === 'message' && channel.port1.on('message', (data) => f({ data }))),
      removeEventListener: () => undefined,
    };
    Object.defineProperty(self, 'onmessage', { set: (f: (e: unknown) => void): void => void channel.port1.on('message', (data) => f({ data })) });
    // A worker's MessageChannel (the server's `soon` posts to itself on one), its listening port
    // unref'd: a browser's port holds no process open, node's would keep the test file running.
    class WorkerMessageChannel {
      readonly port2: MessagePort;
      readonly port1: { onmessage: ((e: { data: unknown }) => void) | null; postMessage(m: unknown): void };
      constructor() {
        const { port1, port2 } = new MessageChannel();
        this.port2 = port2;
        this.port1 = {
          set onmessage(f: ((e: { data: unknown }) => void) | null) {
            port1.removeAllListeners('message');
            if (f) port1.on('message', (data) => f({ data }));
            port1.unref();
          },
          get onmessage() {
            return null;
          },
          postMessage: (m: unknown) => port1.postMessage(m),
        };
      }
    }
    const context = vm.createContext({ self, setTimeout, clearTimeout, setInterval, clearInterval, queueMicrotask, MessageChannel: WorkerMessageChannel, TextEncoder, TextDecoder, console, performance, URL, structuredClone });
    (context as { globalThis?: unknown }).globalThis = context;
    vm.runInContext(code, context, { filename: 'dist/web/server.js' });
    assert.equal(vm.runInContext('typeof process + typeof require + typeof document', context), 'undefinedundefinedundefined');

    const until = async <T>(find: () => T | undefined): Promise<T> => {
      for (;;) {
        const v = find();
        if (v !== undefined) return v;
        await new Promise<void>((r) => waiters.push(r));
      }
    };
    const send = (m: object) => channel.port2.postMessage({ jsonrpc: '2.0', ...m });
    try {
      send({ id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {}, workspaceFolders: [] } });
      const init = await until(() => fromServer.find((m) => m.id === 1));
      assert.ok((init.result as { capabilities?: { hoverProvider?: boolean } }).capabilities?.hoverProvider);
      send({ method: 'initialized', params: {} });
      const uri = 'vscode-vfs://github/acme/curriculum/mod-101.md';
      send({ method: 'textDocument/didOpen', params: { textDocument: { uri, languageId: 'markdown', version: 1, text: moduleText({ id: 'MOD-101', prerequisites: 'MOD-999' }) } } });
      send({ id: 2, method: 'textDocument/documentSymbol', params: { textDocument: { uri } } });
      const symbols = (await until(() => fromServer.find((m) => m.id === 2))).result as Array<{ name: string; range: { start: { line: number } } }>;
      assert.ok(symbols.length > 0);
      assert.equal(typeof symbols[0].range.start.line, 'number', `a symbol's range arrives as a Range: ${JSON.stringify(symbols[0].range)}`);
      const pushed = await until(() => fromServer.find((m) => m.method === 'textDocument/publishDiagnostics' && (m.params as { diagnostics: unknown[] }).diagnostics.length > 0));
      const d = (pushed.params as { diagnostics: Array<{ code: string; range: { start: { line: number } } }> }).diagnostics.find((x) => x.code === 'unknown-reference');
      assert.ok(d, 'MOD-999 is reported');
      assert.equal(typeof d.range.start.line, 'number');
    } finally {
      send({ id: 3, method: 'shutdown' });
      channel.port1.close();
      channel.port2.close();
    }
  });
});
