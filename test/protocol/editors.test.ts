/**
 * Any LSP editor (issue 13): the server driven the way a minimal editor drives it —
 * Neovim 0.7's built-in client, for one: no pull diagnostics, no dynamic registration
 * (so no file watcher for the server), no workDoneProgress, no workspace/configuration.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import type { CodeAction, CodeLens, Location } from 'vscode-languageserver-protocol';
import { TestClient, writeFile } from './client';
import { moduleText } from './moduleDoc';

/** A module with a finding of its own (its duration is not the sum of its parts). */
const mismatched = (id: string, prerequisites = 'None', next = 'None') => moduleText({ id, prerequisites, next }).replace('20 hours (8', '21 hours (8');

const labConfig = JSON.stringify({ kinds: [{ key: 'lab', title: 'Lab Sheet', idPattern: 'LAB-\\d{3}', sections: ['Overview'], fields: [{ label: 'Lab ID', role: 'id' }] }] });

describe('a minimal editor (no pull, no dynamic registration, no progress, no configuration requests)', () => {
  const clients: TestClient[] = [];
  const start = async (...args: Parameters<typeof TestClient.start>) => {
    const c = await TestClient.start(...args);
    clients.push(c);
    return c;
  };
  after(async () => {
    for (const c of clients) await c.stop();
  });

  it('sees a file changed on disk: the server watches the folder itself', async () => {
    const client = await start(
      { 'mod-101.md': moduleText({ id: 'MOD-101', next: 'MOD-102' }), 'sub/mod-102.md': moduleText({ id: 'MOD-102', prerequisites: 'MOD-101' }), 'node_modules/pkg/mod-101.md': moduleText({ id: 'MOD-101' }) },
      { minimal: true },
    );
    assert.equal(client.initializeResult!.capabilities.diagnosticProvider, undefined, 'diagnostics are pushed');
    await client.until(() => client.serverStatus?.checking === 0, 'every document is checked');
    assert.deepEqual(client.codes('sub/mod-102.md'), []);
    await client.until(() => client.logs.some((l) => l.startsWith('Watching the workspace folder for changes on disk')), 'the server says it watches the folder');

    // Outside the editor (a `git pull`, a script): MOD-101 becomes MOD-109.
    writeFile(client.root, 'mod-101.md', moduleText({ id: 'MOD-109', next: 'MOD-102' }));
    await client.untilCodes('sub/mod-102.md', ['unknown-reference']);
    // A new folder holding MOD-101 again.
    writeFile(client.root, 'more/deeper/mod-101.md', moduleText({ id: 'MOD-101', next: 'MOD-102' }));
    await client.untilCodes('sub/mod-102.md', []);
    // That folder deleted.
    fs.rmSync(path.join(client.root, 'more'), { recursive: true });
    await client.untilCodes('sub/mod-102.md', ['unknown-reference']);
    // Ignored folders stay ignored: a module in node_modules defines nothing.
    writeFile(client.root, 'node_modules/pkg/mod-101.md', moduleText({ id: 'MOD-101', next: 'MOD-102' }));
    writeFile(client.root, 'mod-103.md', mismatched('MOD-103'));
    await client.untilCodes('mod-103.md', ['duration-mismatch']);
    assert.deepEqual(client.codes('sub/mod-102.md'), ['unknown-reference']);
    // No watcher registration, no progress, no configuration request, no refresh: nothing it did not offer.
    assert.deepEqual(client.requestsFromServer, []);
  });

  it('publishes no cross-file finding before the index is complete; a document\'s own findings may go out', async () => {
    // Enough documents that indexing takes a while; the one opened needs MOD-100, defined last.
    const files: Record<string, string> = {};
    for (let i = 0; i < 300; i++) files[`track-${i % 10}/mod-${200 + i}.md`] = moduleText({ id: `MOD-${200 + i}` });
    files['zz/mod-100.md'] = moduleText({ id: 'MOD-100', next: 'MOD-199' });
    const opened = mismatched('MOD-199', 'MOD-100');
    files['mod-199.md'] = opened;
    const client = await start(files, { minimal: true, noWait: true });
    const stateAtPush = new Map<string, string | undefined>();
    client.onPush = (p) => {
      if (!stateAtPush.has(p.uri)) stateAtPush.set(p.uri, client.serverStatus?.state);
    };
    // As Neovim does: the buffer is opened at once.
    client.open('mod-199.md', opened);
    await client.untilReady();
    await client.until(() => client.serverStatus?.checking === 0, 'every document is checked');
    assert.equal(stateAtPush.get(client.uri('mod-199.md')), 'indexing', 'the opened document was published while indexing');
    const crossFile = client.pushes.filter((p) => p.diagnostics.some((d) => ['unknown-reference', 'duplicate-id', 'prerequisite-cycle', 'missing-reciprocal'].includes(String(d.code))));
    assert.deepEqual(crossFile, [], 'no cross-file finding, ever: every ID here is defined');
    assert.deepEqual(client.codes('mod-199.md'), ['duration-mismatch']);
  });

  it('keeps configPath from initialization options when a settings push lacks it', async () => {
    const client = await start(
      { 'config/roadmap.config.json': labConfig, 'lab.md': '# Lab Sheet\n\n## Overview\n\n- **Lab ID**: LAB-1\n', 'mod-101.md': mismatched('MOD-101') },
      { minimal: true, initializationOptions: { configPath: 'config/roadmap.config.json' } },
    );
    await client.untilCodes('lab.md', ['invalid-id']);
    // nvim-lspconfig pushes the user's settings, which here say nothing of configPath.
    client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { roadmap: { maxDocumentSize: 3 } } });
    const schema = await client.request<{ kinds: Array<{ key: string }> }>('roadmap/schema', null);
    assert.ok(schema.kinds.some((k) => k.key === 'lab'), 'the configured kind is still in use');
    await client.until(() => client.statuses.filter((s) => s.state === 'ready').length >= 2 && client.serverStatus?.checking === 0, 'the server has reloaded');
    assert.deepEqual(client.codes('lab.md'), ['invalid-id']);
    // An explicit empty configPath is a value: the nearest config (none here), the default schema.
    client.connection.sendNotification('workspace/didChangeConfiguration', { settings: { roadmap: { configPath: '' } } });
    const after = await client.request<{ kinds: Array<{ key: string }> }>('roadmap/schema', null);
    assert.deepEqual(after.kinds.map((k) => k.key).sort(), ['module', 'project']);
  });

  it('can execute every command a code lens or a code action carries', async () => {
    const client = await start(
      {
        'mod-101.md': moduleText({ id: 'MOD-101', next: 'MOD-102' }),
        'mod-102.md': mismatched('MOD-102', 'MOD-101'),
      },
      { minimal: true },
    );
    const offered = client.initializeResult!.capabilities.executeCommandProvider?.commands ?? [];
    const uri = client.uri('mod-102.md');
    client.open('mod-102.md', mismatched('MOD-102', 'MOD-101'));
    await client.untilCodes('mod-102.md', ['duration-mismatch']);
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: { start: { line: 0, character: 0 }, end: { line: 40, character: 0 } },
      context: { diagnostics: client.diagnostics.get(uri) ?? [] },
    });
    assert.ok(actions.length > 0, 'the duration has a quick fix');
    const commands = [...lenses.map((l) => l.command!), ...actions.flatMap((a) => (a.command ? [a.command] : []))];
    assert.deepEqual(commands.map((c) => c.command), ['roadmap.related'], 'the lens carries the server\'s command; the quick fixes carry edits');
    for (const command of commands) {
      assert.ok(offered.includes(command.command), `${command.command} is in executeCommandProvider`);
      const result = await client.request<Location[]>('workspace/executeCommand', { command: command.command, arguments: command.arguments });
      assert.deepEqual(result.map((l) => l.uri), [client.uri('mod-101.md')]);
    }
    assert.match(client.messages[client.messages.length - 1].message, /^MOD-102: 1 prerequisite · 0 dependents · 20 h before · blocks 0 — mod-101\.md:\d+$/);
    const unknown = await client.request('workspace/executeCommand', { command: 'roadmap.nothing', arguments: [] }).catch((e: { code: number }) => e.code);
    assert.equal(unknown, -32602);
  });

  it("gives VS Code's extension its own command, which it says it runs", async () => {
    const client = await start({ 'mod-101.md': moduleText({ id: 'MOD-101' }) }, { initializationOptions: { clientCommands: ['roadmap.showRelated'] } });
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: client.uri('mod-101.md') } });
    assert.equal(lenses[0].command!.command, 'roadmap.showRelated');
    assert.equal(lenses[0].command!.arguments!.length, 3, 'the document, the ID\'s position and the locations, for the peek view');
  });
});
