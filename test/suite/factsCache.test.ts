/// <reference types="mocha" />
/**
 * The facts cache in a real VS Code (client/src/factsCache.ts): once the server has
 * checked every document and kept still, the extension writes the server's facts to
 * its workspace storage with vscode.workspace.fs; the server validates that file on the
 * next start (test/unit/factsCache.test.ts).
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activate, waitFor } from './helpers';

suite('Facts cache', () => {
  test('the extension writes the facts of every document to its workspace storage once the server is idle', async () => {
    const ext = await activate();
    const api = ext.exports as { factsCacheUri(): string | undefined };
    const where = api.factsCacheUri();
    assert.ok(where, 'a workspace is open: the extension has workspace storage');
    const uri = vscode.Uri.parse(where);
    const text = await waitFor('the facts cache written', async () => new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)), { timeout: 60_000, interval: 500 });
    const cache = JSON.parse(text) as { format: string; documents: Array<[string, number, number, { id?: string }]> };
    assert.equal(cache.format, 'roadmap-facts');
    const paths = cache.documents.map((d) => d[0].split('\\').join('/'));
    assert.ok(paths.some((p) => p.includes('/curriculum/')), `the curriculum's documents are in it: ${paths.slice(0, 3).join(', ')}`);
    assert.ok(cache.documents.every((d) => typeof d[1] === 'number' && typeof d[2] === 'number'), 'each with its size and modification time');
  });
});
