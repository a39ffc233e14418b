/**
 * Pull diagnostics (textDocument/diagnostic) through the real server process, for a
 * client that pulls and can be asked to pull again, as VS Code's does: an open document
 * the client has pulled is served by pull only; every other document is still pushed;
 * a change elsewhere that moves an open document's diagnostics sends
 * workspace/diagnostic/refresh. A client that does not pull gets push, as before.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Diagnostic, DocumentDiagnosticReport, FullDocumentDiagnosticReport } from 'vscode-languageserver-protocol';
import { TestClient, writeFile } from './client';
import { moduleDoc } from './moduleDoc';

const A = moduleDoc('MOD-501', 'Pull Basics', 'None', 'None');
const B = moduleDoc('MOD-502', 'Pull Operations', 'None', 'None', ' See MOD-503.');
const C = moduleDoc('MOD-504', 'Pull Archive', 'None', 'None', ' See MOD-599.');
const FILES = {
  'a.md': A,
  'b.md': B,
  'c.md': C,
  'notes.md': '# Notes\n\nMOD-599 is only an idea; this file is not a roadmap.\n',
};

function full(report: DocumentDiagnosticReport): FullDocumentDiagnosticReport {
  assert.equal(report.kind, 'full', `a full report (got ${JSON.stringify(report)})`);
  assert.equal(typeof report.resultId, 'string', 'a full report has a resultId');
  return report as FullDocumentDiagnosticReport;
}

function codes(items: Diagnostic[]): string[] {
  return items.map((d) => String(d.code)).sort();
}

/** Lets every message the server has queued arrive (a negative check needs a moment to be able to fail). */
function settle(ms = 300): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

describe('pull diagnostics, for a client that pulls and refreshes', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.start(FILES, { pull: true, refresh: true });
  });
  after(() => client.stop());

  it('offers a diagnostic provider with inter-file dependencies and no workspace pull', () => {
    assert.deepEqual(client.initializeResult?.capabilities.diagnosticProvider, {
      identifier: 'roadmap',
      interFileDependencies: true,
      workspaceDiagnostics: false,
    });
  });

  it('pushes the diagnostics of documents that are not open', async () => {
    await client.untilCodes('b.md', ['unknown-reference']);
    await client.untilCodes('c.md', ['unknown-reference']);
    await client.until(() => client.serverStatus?.withProblems === 2, () => `status says 2 documents with problems (says ${client.serverStatus?.withProblems})`);
  });

  it('answers a pull of an open document with a full report, then unchanged while nothing changes', async () => {
    client.open('b.md', B);
    const first = full(await client.pull('b.md'));
    assert.deepEqual(codes(first.items), ['unknown-reference']);
    assert.match(first.items[0].message as string, /MOD-503/);
    assert.deepEqual(await client.pull('b.md', first.resultId), { kind: 'unchanged', resultId: first.resultId });
    // A result ID the client does not have gets the full report again.
    const again = full(await client.pull('b.md', 'not-a-result-id'));
    assert.equal(again.resultId, first.resultId);
    assert.deepEqual(again.items, first.items);
  });

  it('stops pushing a pulled document and clears what it pushed, so nothing shows twice', async () => {
    await client.until(() => client.codes('b.md').length === 0, 'the pushed diagnostics of b.md are cleared once it is pulled');
    const pushes = client.pushesFor('b.md').length;
    const refreshes = client.refreshes;
    // The client's own edit: it pulls the document itself, with no push and no refresh.
    client.change('b.md', moduleDoc('MOD-502', 'Pull Operations', 'None', 'None', ' See MOD-503 and MOD-598.'), 2);
    const report = full(await client.pull('b.md'));
    assert.deepEqual(codes(report.items), ['unknown-reference', 'unknown-reference']);
    await settle();
    assert.deepEqual(client.pushesFor('b.md').slice(pushes), [], 'no diagnostics pushed for the pulled document');
    assert.equal(client.refreshes, refreshes, 'no refresh for the document the client changed itself');
    // The closed document is still pushed to.
    assert.deepEqual(client.codes('c.md'), ['unknown-reference']);
  });

  it('asks the client to pull again when an edit of another document changes an open one, and the pull shows it', async () => {
    client.open('a.md', A);
    full(await client.pull('a.md'));
    const before = full(await client.pull('b.md'));
    const pushes = client.pushesFor('b.md').length;
    const refreshes = client.refreshes;
    // a.md now defines MOD-503, which b.md refers to.
    client.change('a.md', moduleDoc('MOD-503', 'Pull Basics', 'None', 'None'), 2);
    await client.until(() => client.refreshes > refreshes, 'a workspace/diagnostic/refresh request');
    const after = full(await client.pull('b.md', before.resultId));
    assert.notEqual(after.resultId, before.resultId);
    assert.deepEqual(codes(after.items), ['unknown-reference']);
    assert.match(after.items[0].message as string, /MOD-598/);
    assert.deepEqual(client.pushesFor('b.md').slice(pushes), [], 'b.md is still not pushed to');
  });

  it('counts pulled documents in the problem count of roadmap/status', async () => {
    await client.until(() => client.serverStatus?.withProblems === 2, () => `status says 2 documents with problems (says ${client.serverStatus?.withProblems})`);
    client.change('b.md', moduleDoc('MOD-502', 'Pull Operations', 'None', 'None'), 3);
    assert.deepEqual(full(await client.pull('b.md')).items, []);
    await client.until(() => client.serverStatus?.withProblems === 1, () => `status says 1 document with problems (says ${client.serverStatus?.withProblems})`);
    client.change('b.md', moduleDoc('MOD-502', 'Pull Operations', 'None', 'None', ' See MOD-503 and MOD-598.'), 4);
    assert.equal(full(await client.pull('b.md')).items.length, 1);
    await client.until(() => client.serverStatus?.withProblems === 2, () => `status says 2 documents with problems (says ${client.serverStatus?.withProblems})`);
  });

  it('pushes a closed document again, and refreshes the open ones its closing changed', async () => {
    const before = full(await client.pull('b.md'));
    const refreshes = client.refreshes;
    // Closed without saving: a.md is MOD-501 again, so MOD-503 is unknown again in b.md.
    client.close('a.md');
    await client.until(() => client.refreshes > refreshes, 'a workspace/diagnostic/refresh request');
    assert.deepEqual(codes(full(await client.pull('b.md', before.resultId)).items), ['unknown-reference', 'unknown-reference']);
    // b.md's pushed diagnostics are empty since it was pulled; closing it pushes its own (from the disk) again.
    assert.deepEqual(client.codes('b.md'), []);
    client.close('b.md');
    await client.untilCodes('b.md', ['unknown-reference']);
    assert.match(client.diagnostics.get(client.uri('b.md'))![0].message as string, /MOD-503/);
  });

  it('keeps pushing to an open document the client never pulls (VS Code pulls only for documents in a tab)', async () => {
    client.open('c.md', C);
    client.change('c.md', moduleDoc('MOD-504', 'Pull Archive', 'None', 'None', ' See MOD-599 and MOD-597.'), 2);
    await client.untilCodes('c.md', ['unknown-reference', 'unknown-reference']);
    client.close('c.md');
    await client.untilCodes('c.md', ['unknown-reference']);
  });

  it('pushes an open document again when the client says it dropped its pulled diagnostics, until it pulls it next', async () => {
    // VS Code's client drops them when the document's tab closes, though the document may stay open.
    client.open('b.md', B);
    assert.deepEqual(codes(full(await client.pull('b.md')).items), ['unknown-reference']);
    await client.untilCodes('b.md', []);
    client.connection.sendNotification('roadmap/pulledDiagnosticsDropped', { uri: client.uri('b.md') });
    await client.untilCodes('b.md', ['unknown-reference']);
    // Shown again: pulled, and the pushed ones cleared.
    full(await client.pull('b.md'));
    await client.untilCodes('b.md', []);
    // Malformed or unknown: ignored.
    client.connection.sendNotification('roadmap/pulledDiagnosticsDropped', { uri: 42 });
    client.connection.sendNotification('roadmap/pulledDiagnosticsDropped', null);
    client.connection.sendNotification('roadmap/pulledDiagnosticsDropped', { uri: client.uri('nowhere.md') });
    assert.equal(full(await client.pull('b.md')).items.length, 1);
    await settle();
    assert.deepEqual(client.codes('b.md'), []);
    client.close('b.md');
    await client.untilCodes('b.md', ['unknown-reference']);
  });

  it('answers a document it never saw, one that is no roadmap, and the config file with an empty full report', async () => {
    for (const p of ['nowhere/never.md', 'notes.md', 'roadmap.config.json']) {
      const report = full(await client.pull(p));
      assert.deepEqual(report.items, [], p);
    }
    const untitled = await client.request<DocumentDiagnosticReport>('textDocument/diagnostic', { textDocument: { uri: 'untitled:Untitled-1' } });
    assert.deepEqual(full(untitled).items, []);
    await assert.rejects(client.request('textDocument/diagnostic', { textDocument: {} }), (e: { code?: number }) => e.code === -32602);
  });

  it('asks the client to pull again when the config changes what an open document shows', async () => {
    client.open('b.md', B);
    const before = full(await client.pull('b.md'));
    assert.deepEqual(codes(before.items), ['unknown-reference']);
    const refreshes = client.refreshes;
    writeFile(client.root, 'roadmap.config.json', JSON.stringify({ rules: { 'unknown-reference': 'off' } }));
    client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri('roadmap.config.json'), type: 1 }] });
    await client.until(() => client.refreshes > refreshes, 'a workspace/diagnostic/refresh request');
    assert.deepEqual(full(await client.pull('b.md', before.resultId)).items, []);
    await client.untilCodes('c.md', []); // the closed document, pushed
    fs.rmSync(path.join(client.root, 'roadmap.config.json'));
  });
});

describe('diagnostics for a client that does not pull', () => {
  it('offers no diagnostic provider and pushes for open documents, as before', async () => {
    const client = await TestClient.start(FILES);
    try {
      assert.equal(client.initializeResult?.capabilities.diagnosticProvider, undefined);
      await client.untilCodes('b.md', ['unknown-reference']);
      client.open('b.md', B);
      client.change('b.md', moduleDoc('MOD-502', 'Pull Operations', 'None', 'None', ' See MOD-503 and MOD-598.'), 2);
      await client.untilCodes('b.md', ['unknown-reference', 'unknown-reference']);
      client.open('a.md', moduleDoc('MOD-503', 'Pull Basics', 'None', 'None'));
      await client.untilCodes('b.md', ['unknown-reference']);
      assert.equal(client.refreshes, 0);
    } finally {
      await client.stop();
    }
  });

  it('pushes to a client that pulls but cannot be asked to pull again, even for a document it pulled', async () => {
    const client = await TestClient.start(FILES, { pull: true });
    try {
      assert.equal(client.initializeResult?.capabilities.diagnosticProvider, undefined, 'no pull offered without refresh support');
      await client.untilCodes('b.md', ['unknown-reference']);
      client.open('b.md', B);
      assert.deepEqual(codes(full(await client.pull('b.md')).items), ['unknown-reference']);
      client.open('a.md', moduleDoc('MOD-503', 'Pull Basics', 'None', 'None'));
      await client.untilCodes('b.md', []);
      assert.equal(client.refreshes, 0);
    } finally {
      await client.stop();
    }
  });
});
