/**
 * Live updates through the real server process: an edit in one document
 * re-checks the documents it affects, and files changed on disk outside the
 * editor (reported by workspace/didChangeWatchedFiles) are followed.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { CompletionList, Location } from 'vscode-languageserver-protocol';
import { TestClient, writeFile } from './client';
import { moduleDoc } from './moduleDoc';

describe('live updates across files', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({
      'a.md': moduleDoc('MOD-401', 'Platform Basics', 'None', 'MOD-402'),
      'b.md': moduleDoc('MOD-402', 'Platform Operations', 'MOD-401', 'None'),
      'notes/README.md': '# Notes\n\nMOD-999 is only an idea; this file is not a roadmap.\n',
    });
  });
  after(() => client.stop());

  it('indexes unopened files at start-up and leaves non-roadmap markdown alone', async () => {
    assert.deepEqual(client.codes('a.md'), []);
    assert.deepEqual(client.codes('b.md'), []);
    assert.deepEqual(client.codes('notes/README.md'), []);
  });

  it('flags a cycle in every member and clears it everywhere when one side is fixed', async () => {
    // a.md now also requires MOD-402, which does not list MOD-401 as a next module: the
    // cycle-closing link is written at one end only, so missing-reciprocal fires on it too.
    const cyclic = moduleDoc('MOD-401', 'Platform Basics', 'MOD-402', 'MOD-402');
    client.open('a.md', cyclic);
    await client.untilCodes('a.md', ['prerequisite-cycle', 'missing-reciprocal']);
    await client.untilCodes('b.md', ['prerequisite-cycle']);
    const [d] = client.diagnostics.get(client.uri('b.md'))!;
    assert.match(d.message as string, /MOD-402 → MOD-401 → MOD-402/);
    assert.equal(d.relatedInformation?.[0].location.uri, client.uri('a.md'));
    client.change('a.md', moduleDoc('MOD-401', 'Platform Basics', 'None', 'MOD-402'), 2);
    await client.untilCodes('a.md', []);
    await client.untilCodes('b.md', []);
  });

  it('flags an unknown reference, and clears it when another document comes to define the ID', async () => {
    client.change('a.md', moduleDoc('MOD-401', 'Platform Basics', 'None', 'MOD-402', ' See MOD-403.'), 3);
    await client.untilCodes('a.md', ['unknown-reference']);
    client.open('c.md', moduleDoc('MOD-403', 'Platform Security', 'None', 'None'));
    await client.untilCodes('a.md', []);
    // Renaming the new document's ID brings the problem back to a.md.
    client.change('c.md', moduleDoc('MOD-404', 'Platform Security', 'None', 'None'), 2);
    await client.untilCodes('a.md', ['unknown-reference']);
    client.close('c.md'); // never saved: it is gone from the workspace
    client.change('a.md', moduleDoc('MOD-401', 'Platform Basics', 'None', 'MOD-402'), 4);
    await client.untilCodes('a.md', []);
  });

  it('flags duplicate IDs in both documents, and clears the survivor when one is removed', async () => {
    client.open('dup.md', moduleDoc('MOD-402', 'Platform Operations Copy', 'MOD-401', 'None'));
    await client.untilCodes('dup.md', ['duplicate-id']);
    await client.untilCodes('b.md', ['duplicate-id']);
    client.close('dup.md');
    await client.untilCodes('b.md', []);
    await client.untilCodes('dup.md', []);
  });

  it('follows files created, changed and deleted on disk outside the editor', async () => {
    client.open('a.md', moduleDoc('MOD-401', 'Platform Basics', 'None', 'MOD-402', ' Leads to MOD-410.'));
    await client.untilCodes('a.md', ['unknown-reference']);

    writeFile(client.root, 'later/e.md', moduleDoc('MOD-410', 'Platform Scale', 'None', 'None'));
    client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri('later/e.md'), type: 1 }] });
    await client.untilCodes('a.md', []);
    // Definition reaches the file that was never opened.
    const line = moduleDoc('MOD-401', 'x', 'None', 'MOD-402', ' Leads to MOD-410.').split('\n').findIndex((l) => l.includes('Leads to'));
    const locs = await client.request<Location[]>('textDocument/definition', {
      textDocument: { uri: client.uri('a.md') },
      position: { line, character: moduleDoc('MOD-401', 'x', 'None', 'MOD-402', ' Leads to MOD-410.').split('\n')[line].indexOf('MOD-410') + 1 },
    });
    assert.deepEqual(locs.map((l) => l.uri), [client.uri('later/e.md')]);

    // Changed on disk: its ID moves away.
    writeFile(client.root, 'later/e.md', moduleDoc('MOD-411', 'Platform Scale', 'None', 'None'));
    client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri('later/e.md'), type: 2 }] });
    await client.untilCodes('a.md', ['unknown-reference']);

    // Renamed on disk (delete + create), then its folder deleted as a whole.
    writeFile(client.root, 'later/e.md', moduleDoc('MOD-410', 'Platform Scale', 'None', 'None'));
    fs.renameSync(path.join(client.root, 'later/e.md'), path.join(client.root, 'later/f.md'));
    client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [
        { uri: client.uri('later/e.md'), type: 3 },
        { uri: client.uri('later/f.md'), type: 1 },
      ],
    });
    await client.untilCodes('a.md', []);
    fs.rmSync(path.join(client.root, 'later'), { recursive: true });
    client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri('later'), type: 3 }] });
    await client.untilCodes('a.md', ['unknown-reference']);
    const list = await client.request<CompletionList>('textDocument/completion', {
      textDocument: { uri: client.uri('a.md') },
      position: { line, character: moduleDoc('MOD-401', 'x', 'None', 'MOD-402', ' Leads to MOD-41').split('\n')[line].length },
    });
    assert.deepEqual(list.items.map((i) => i.label), [], 'the deleted folder left nothing to complete');
  });

  it('stops reporting a file that was deleted on disk', async () => {
    writeFile(client.root, 'g.md', moduleDoc('MOD-12', 'Broken ID', 'None', 'None'));
    client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri('g.md'), type: 1 }] });
    await client.untilCodes('g.md', ['invalid-id']);
    fs.rmSync(path.join(client.root, 'g.md'));
    client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri('g.md'), type: 3 }] });
    await client.untilCodes('g.md', []);
  });
});
