/**
 * A field under a label no field knows, through the server (issue 14, item 1): the
 * diagnostics carry their data over the wire, and the quick fix that adds the label to
 * the field's aliases creates roadmap.config.json at the workspace's root (a workspace
 * edit: the server writes no file) or edits the one there is; once applied, the
 * document is clean.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, Diagnostic, TextDocumentEdit } from 'vscode-languageserver-protocol';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { TestClient } from './client';
import { moduleDoc } from './harden';

const text = moduleDoc({ id: 'MOD-501' }).replace('- **Duration**:', '- **Length**:');

/** The diagnostics of an open document once they name `label`, and the code actions for them. */
async function fixesFor(client: TestClient, p: string, label: string): Promise<{ diagnostics: Diagnostic[]; actions: CodeAction[] }> {
  const named = () => (client.diagnostics.get(client.uri(p)) ?? []).filter((d) => (d.data as { unknown?: { label: string } } | undefined)?.unknown?.label === label);
  await client.until(() => named().length === 2, `missing-field and unknown-field on ${label}`);
  const diagnostics = client.diagnostics.get(client.uri(p))!;
  const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
    textDocument: { uri: client.uri(p) },
    range: { start: { line: 0, character: 0 }, end: { line: 999, character: 0 } },
    context: { diagnostics },
  });
  return { diagnostics, actions };
}

describe('a field under an unknown label, through the server', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({ 'mod-501.md': text }, { createFiles: true });
  });
  after(() => client.stop());

  it('names the label in the missing field’s message and carries it in the data', async () => {
    client.open('mod-501.md', text);
    const { diagnostics } = await fixesFor(client, 'mod-501.md', 'Length');
    const missing = diagnostics.find((d) => d.code === 'missing-field')!;
    assert.match(String(missing.message), /^Missing field "Duration" in Module Overview; the overview has \*\*Length\*\*, which is no field of a module\.$/);
    assert.deepEqual(missing.data, { kind: 'module', field: 'Duration', unknown: { label: 'Length', range: diagnostics.find((d) => d.code === 'unknown-field')!.range } });
  });

  it('creates roadmap.config.json with the alias, and the document is clean once it is there', async () => {
    const { actions } = await fixesFor(client, 'mod-501.md', 'Length');
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Rename "Length" to "Duration"'), titles.join(', '));
    const alias = actions.find((a) => a.title === 'Add "Length" to the aliases of "Duration" in roadmap.config.json (a new file)')!;
    assert.ok(alias, titles.join(', '));
    const [create, write] = alias.edit!.documentChanges!;
    assert.deepEqual(create, { kind: 'create', uri: client.uri('roadmap.config.json'), options: { ignoreIfExists: true } });
    assert.ok(!fs.existsSync(path.join(client.root, 'roadmap.config.json')), 'the server wrote no file');
    const config = ((write as TextDocumentEdit).edits[0] as { newText: string }).newText;
    // What the editor does with the edit: the file appears, the watcher says so.
    fs.writeFileSync(path.join(client.root, 'roadmap.config.json'), config);
    client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri('roadmap.config.json'), type: 1 }] });
    await client.untilCodes('mod-501.md', []);
  });

  it('edits the existing roadmap.config.json for the next label', async () => {
    const next = text.replace('- **Length**:', '- **Duration**:').replace('- **Next Module(s)**:', '- **Afterwards**:');
    client.change('mod-501.md', next, 2);
    const { actions } = await fixesFor(client, 'mod-501.md', 'Afterwards');
    const alias = actions.find((a) => a.title === 'Add "Afterwards" to the aliases of "Next Module(s)" in roadmap.config.json')!;
    assert.ok(alias, actions.map((a) => a.title).join(', '));
    const file = path.join(client.root, 'roadmap.config.json');
    const edits = alias.edit!.changes![client.uri('roadmap.config.json')];
    const updated = TextDocument.applyEdits(TextDocument.create('x', 'json', 1, fs.readFileSync(file, 'utf8')), edits);
    assert.deepEqual(JSON.parse(updated).kinds[0].fieldAliases, { Duration: ['Length'], 'Next Module(s)': ['Afterwards'] });
    fs.writeFileSync(file, updated);
    client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri('roadmap.config.json'), type: 2 }] });
    await client.untilCodes('mod-501.md', []);
  });
});
