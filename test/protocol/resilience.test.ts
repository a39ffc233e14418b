/**
 * Server resilience through the real server process (issue 6): requests about
 * documents the server never saw, out-of-order and stale versions, cancelled
 * requests, a burst of 1,000 edits, malformed params, an unknown method. Every
 * request gets an answer (a null or empty one) or a proper LSP error, never an
 * internal error from a crashed handler, and the server never exits.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import {
  CancellationTokenSource,
  ErrorCodes,
  LSPErrorCodes,
  ResponseError,
  type CompletionList,
  type DocumentSymbol,
  type Hover,
  type Location,
} from 'vscode-languageserver-protocol';
import { TestClient } from './client';
import { moduleDoc } from './harden';

/** What every answer must be: a value, or an LSP error other than an internal one. */
async function answer<R>(client: TestClient, method: string, params: unknown): Promise<{ result?: R; error?: ResponseError<unknown> }> {
  try {
    return { result: await client.request<R>(method, params) };
  } catch (err) {
    assert.ok(err instanceof ResponseError, `${method} answers with a response error, not ${String(err)}`);
    assert.notEqual(err.code, ErrorCodes.InternalError, `${method} ${JSON.stringify(params)?.slice(0, 200)}: no internal error (a handler threw: ${err.message})`);
    return { error: err };
  }
}

function isEmpty(v: unknown): boolean {
  if (v === null || v === undefined) return true;
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object' && 'items' in (v as object)) return (v as CompletionList).items.length === 0;
  if (typeof v === 'object' && 'changes' in (v as object)) return Object.keys((v as { changes: object }).changes).length === 0;
  return false;
}

async function alive(client: TestClient): Promise<void> {
  await client.until(() => true, 'the server is still running');
  const symbols = await client.request<unknown[]>('workspace/symbol', { query: 'MOD' });
  assert.ok(Array.isArray(symbols), 'the server still answers');
}

/** Every request method that takes a text document, with its params at a position. */
function documentRequests(uri: string, position: unknown): Array<[string, Record<string, unknown>]> {
  const textDocument = { uri };
  const range = { start: position, end: position };
  return [
    ['textDocument/hover', { textDocument, position }],
    ['textDocument/definition', { textDocument, position }],
    ['textDocument/completion', { textDocument, position }],
    ['textDocument/references', { textDocument, position, context: { includeDeclaration: true } }],
    ['textDocument/prepareRename', { textDocument, position }],
    ['textDocument/rename', { textDocument, position, newName: 'MOD-999' }],
    ['textDocument/codeAction', { textDocument, range, context: { diagnostics: [] } }],
    ['textDocument/documentSymbol', { textDocument }],
    ['textDocument/codeLens', { textDocument }],
    ['textDocument/documentLink', { textDocument }],
    ['textDocument/foldingRange', { textDocument }],
  ];
}

describe('server resilience: bad input never crashes the server', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({
      'a.md': moduleDoc({ id: 'MOD-401', next: 'MOD-402' }),
      'b.md': moduleDoc({ id: 'MOD-402', prerequisites: 'MOD-401' }),
    });
  });
  after(() => client.stop());

  it('answers requests about documents it never saw with nothing, or a proper error', async () => {
    for (const uri of [client.uri('never-seen.md'), 'file:///nowhere/at/all.md', 'untitled:Untitled-1', 'not a uri', '']) {
      for (const [method, params] of documentRequests(uri, { line: 0, character: 0 })) {
        const { result, error } = await answer(client, method, params);
        if (!error) assert.ok(isEmpty(result), `${method} on ${uri}: an empty answer (${JSON.stringify(result)})`);
      }
    }
    await alive(client);
  });

  it('answers malformed params (no position, past the end, negative, wrong types) with nothing, or a proper error', async () => {
    client.open('m.md', moduleDoc({ id: 'MOD-403', prerequisites: 'MOD-401' }));
    const uri = client.uri('m.md');
    const positions: unknown[] = [
      undefined,
      null,
      {},
      { line: 0 },
      { line: 10_000, character: 0 },
      { line: 5, character: 10_000 },
      { line: 2 ** 31, character: 2 ** 31 },
      { line: -1, character: 0 },
      { line: 3, character: -5 },
      { line: -(2 ** 31), character: -1 },
      { line: 1.5, character: 0.5 },
      { line: '3', character: '4' },
      'here',
    ];
    for (const position of positions) {
      for (const [method, params] of documentRequests(uri, position)) {
        const { result, error } = await answer(client, method, params);
        if (!error && typeof position === 'object' && position && 'line' in position && (position as { line: number }).line < 0) {
          assert.ok(isEmpty(result) || method.endsWith('Symbol') || method.endsWith('codeLens') || method.endsWith('foldingRange') || method.endsWith('documentLink'), `${method} at a negative position: nothing (${JSON.stringify(result)?.slice(0, 200)})`);
        }
      }
    }
    for (const [method, params] of [
      ['textDocument/hover', {}],
      ['textDocument/hover', null],
      ['textDocument/hover', { textDocument: null, position: { line: 0, character: 0 } }],
      ['textDocument/hover', { textDocument: { uri: 42 }, position: { line: 0, character: 0 } }],
      ['textDocument/codeAction', { textDocument: { uri }, range: null, context: null }],
      ['textDocument/codeAction', { textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [{ source: 'roadmap', code: 'missing-field', message: 42 }] } }],
      ['textDocument/references', { textDocument: { uri }, position: { line: 6, character: 20 } }],
      ['textDocument/rename', { textDocument: { uri }, position: { line: 6, character: 20 } }],
      ['workspace/symbol', {}],
      ['workspace/symbol', { query: 42 }],
      ['roadmap/graph', { version: 'x' }],
      ['roadmap/graph', { version: -1 }],
    ] as Array<[string, unknown]>) {
      await answer(client, method, params);
    }
    await alive(client);
  });

  it('answers every request with null params with InvalidParams', async () => {
    const methods = [
      ...new Set(documentRequests('file:///x.md', { line: 0, character: 0 }).map(([method]) => method)),
      'textDocument/diagnostic',
      'workspace/symbol',
      'workspace/executeCommand',
    ];
    for (const method of methods) {
      const { error } = await answer(client, method, null);
      assert.equal(error?.code, ErrorCodes.InvalidParams, `${method} with null params: ${error?.message}`);
    }
    await alive(client);
  });

  it('takes didChange with stale and out-of-order versions, and changes to documents never opened, in the order they come', async () => {
    client.open('v.md', moduleDoc({ id: 'MOD-410', title: 'Version Five' }), 5);
    client.change('v.md', moduleDoc({ id: 'MOD-410', title: 'Version Three' }), 3);
    client.change('v.md', moduleDoc({ id: 'MOD-410', title: 'Version Four' }), 4);
    client.change('v.md', moduleDoc({ id: 'MOD-410', title: 'Version Four Again' }), 4);
    client.change('never-opened.md', moduleDoc({ id: 'MOD-411' }), 7);
    client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: client.uri('v.md'), version: null }, contentChanges: [{ text: 'x' }] });
    client.connection.sendNotification('textDocument/didChange', { textDocument: { uri: client.uri('v.md') }, contentChanges: [] });
    client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: client.uri('v.md'), version: 9 },
      // An incremental change past the end of the document: clamped to it.
      contentChanges: [{ range: { start: { line: 999, character: 0 }, end: { line: 1000, character: 5 } }, text: '\n- See MOD-499.\n' }],
    });
    client.connection.sendNotification('textDocument/didClose', { textDocument: { uri: client.uri('closed-but-never-opened.md') } });
    client.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: client.uri('v.md'), languageId: 'markdown', version: 1, text: moduleDoc({ id: 'MOD-410', title: 'Reopened' }) } });
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: client.uri('v.md') } });
    assert.equal(symbols[0]?.name, 'MOD-410 Reopened', 'the last text the client sent is the one the server knows');
    assert.equal(await client.request('textDocument/hover', { textDocument: { uri: client.uri('never-opened.md') }, position: { line: 6, character: 20 } }), null);
    await alive(client);
  });

  it('answers cancelled requests with their result or RequestCancelled', async () => {
    const uri = client.uri('a.md');
    const methods = documentRequests(uri, { line: 6, character: 20 });
    const outcomes = await Promise.all(
      Array.from({ length: 60 }, async (_, i) => {
        const [method, params] = methods[i % methods.length];
        const source = new CancellationTokenSource();
        const pending = client.connection.sendRequest(method, params, source.token);
        if (i % 3 !== 2) source.cancel(); // most at once
        else setImmediate(() => source.cancel()); // some a moment later
        try {
          await pending;
          return 'answered';
        } catch (err) {
          assert.ok(err instanceof ResponseError, String(err));
          assert.equal(err.code, LSPErrorCodes.RequestCancelled, `${method}: cancelled, not ${err.code} ${err.message}`);
          return 'cancelled';
        }
      }),
    );
    assert.equal(outcomes.length, 60);
    await alive(client);
  });

  it('follows a burst of 1,000 edits to one document and answers after the last one', async () => {
    const base = moduleDoc({ id: 'MOD-420', title: 'Burst' });
    client.open('burst.md', base, 1);
    const lines = base.split('\n');
    const notes = lines.findIndex((l) => l.startsWith('## Dependencies & Notes')) + 2;
    let version = 1;
    // 998 incremental edits typing a list item character by character on a new line after
    // the notes (the first edit opens the line), ending in a reference to an unknown ID...
    const typed = ('- Typing ' + 'x'.repeat(1000)).slice(0, 989) + ' MOD-4998';
    const typedLine = notes + 2;
    for (let i = 0; i < typed.length; i++) {
      const at = i === 0 ? { line: notes + 1, character: 0 } : { line: typedLine, character: i };
      client.connection.sendNotification('textDocument/didChange', {
        textDocument: { uri: client.uri('burst.md'), version: ++version },
        contentChanges: [{ range: { start: at, end: at }, text: i === 0 ? '\n' + typed[0] : typed[i] }],
      });
    }
    // ...then one that renames the title, and a last one that adds a reference to an unknown ID.
    const title = lines.findIndex((l) => l.startsWith('- **Module Title**'));
    client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: client.uri('burst.md'), version: ++version },
      contentChanges: [{ range: { start: { line: title, character: 0 }, end: { line: title, character: lines[title].length } }, text: '- **Module Title**: After The Burst' }],
    });
    client.connection.sendNotification('textDocument/didChange', {
      textDocument: { uri: client.uri('burst.md'), version: ++version },
      contentChanges: [{ range: { start: { line: notes, character: 0 }, end: { line: notes, character: 0 } }, text: '- The last edit mentions MOD-4999.\n' }],
    });
    assert.equal(version, 1001, 'a thousand edits after the opening');
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: client.uri('burst.md') } });
    assert.equal(symbols[0]?.name, 'MOD-420 After The Burst', 'the answer reflects the edits before the last');
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: client.uri('burst.md') }, position: { line: notes, character: 28 } });
    assert.match(JSON.stringify(hover?.contents ?? ''), /MOD-4999/, 'the answer reflects the last edit');
    await client.untilCodes('burst.md', ['unknown-reference', 'unknown-reference']);
    const found = client.diagnostics
      .get(client.uri('burst.md'))!
      .map((d) => `${d.range.start.line}:${d.range.start.character}-${d.range.end.character} ${JSON.stringify(d.message).match(/MOD-\d+/)?.[0]}`)
      .sort();
    // The typed line survived every edit, whole: its ID ends it, one line further down after the last edit.
    assert.deepEqual(found, [`${notes + 3}:990-998 MOD-4998`, `${notes}:25-33 MOD-4999`].sort());
    const refs = await client.request<Location[]>('textDocument/references', { textDocument: { uri: client.uri('burst.md') }, position: { line: notes, character: 28 }, context: { includeDeclaration: true } });
    assert.equal(refs.length, 1);
    await alive(client);
  });

  it('answers an unknown method with MethodNotFound, and ignores an unknown notification', async () => {
    client.connection.sendNotification('roadmap/noSuchNotification', { x: 1 });
    client.connection.sendNotification('$/noSuchNotification', {});
    await assert.rejects(client.request('roadmap/noSuchMethod', {}), (err: unknown) => err instanceof ResponseError && err.code === ErrorCodes.MethodNotFound);
    await assert.rejects(client.request('textDocument/noSuchMethod', { textDocument: { uri: client.uri('a.md') } }), (err: unknown) => err instanceof ResponseError && err.code === ErrorCodes.MethodNotFound);
    await alive(client);
  });

  it('is still running and answering at the end, with its diagnostics intact', async () => {
    await alive(client);
    const hover = await client.request<Hover | null>('textDocument/hover', { textDocument: { uri: client.uri('a.md') }, position: { line: 6, character: 20 } });
    assert.match(JSON.stringify(hover?.contents ?? ''), /MOD-401/);
    assert.deepEqual(client.codes('a.md'), []);
    assert.deepEqual(client.codes('b.md'), []);
    assert.equal(client.stderr.join('').match(/Maximum call stack|FATAL|out of memory/i), null, 'no fatal error on stderr');
  });
});
