/**
 * The shared LSP client itself (test/fixtures/lspClient.ts), as the bench uses it: started
 * on an existing folder it leaves that folder alone; every push keeps its document version
 * and arrival time; `until` resolves with the time its condition first held.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { TestClient, writeFile } from './client';
import { moduleDoc } from './moduleDoc';

const LINKED = moduleDoc('MOD-701', 'Client Basics', 'None', 'None', ' See MOD-799.');

describe('the shared LSP client', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'roadmap-attach-'));
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  it('attaches to an existing folder, records each push with its version and arrival time, and leaves the folder on stop', async () => {
    writeFile(root, 'a.md', LINKED);
    const client = await TestClient.attach(root, { versionSupport: true, configuration: true, didSave: true });
    try {
      assert.equal(client.root, root);
      const uri = client.uri('a.md');
      const sent = performance.now();
      client.open('a.md', LINKED, 3);
      const held = await client.until(() => client.latest.get(uri)?.version === 3, 'a.md is published for version 3');
      const push = client.latest.get(uri)!;
      assert.deepEqual(push.diagnostics.map((d) => d.code), ['unknown-reference']);
      assert.ok(push.at >= sent && push.at <= held, `arrived (${push.at}) after the open (${sent}) and by the time until resolved (${held})`);
      assert.equal(client.pushes.at(-1), push, 'the latest push is the last recorded');
      assert.ok(typeof client.pid === 'number');
    } finally {
      await client.stop();
    }
    assert.equal(fs.readFileSync(path.join(root, 'a.md'), 'utf8'), LINKED, 'the attached folder and its file are still there');
  });

  it('deletes the folder it made on stop', async () => {
    const client = await TestClient.start({ 'a.md': LINKED });
    assert.ok(fs.existsSync(client.root));
    await client.stop();
    assert.equal(fs.existsSync(client.root), false);
  });
});
