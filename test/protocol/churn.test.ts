/**
 * File-system churn through the real server process (issue 6): a `git checkout` that
 * adds, deletes, renames and changes hundreds of roadmap files at once (one
 * workspace/didChangeWatchedFiles for all of them), a folder renamed, a file deleted
 * while open, two documents defining an ID where one is then deleted. After each, the
 * server must end exactly where a server started cold on the final folder does (the
 * diagnostics of every file, workspace symbols, ID completion), and a deleted file's
 * last published diagnostics must be empty.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TestClient, writeFile } from './client';
import { assertLikeCold, assertNoStale, moduleDoc, prng, SCRATCH, SCRATCH_TEXT } from './harden';

const CREATED = 1;
const CHANGED = 2;
const DELETED = 3;
const ROLES = ['platform-engineer', 'data-engineer', 'ml-engineer', 'security-engineer', 'sre', 'architect'];
const random = prng(6);
const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)];

/** A roadmap with links to other IDs of the range (some to IDs that do not exist, some circular). */
function generated(n: number, ids: number): string {
  const id = `MOD-${100 + n}`;
  const prerequisites = Array.from({ length: Math.floor(random() * 3) }, () => `MOD-${100 + Math.floor(random() * ids)}`).filter((p) => p !== id);
  const next = random() < 0.3 ? [`MOD-${100 + Math.floor(random() * ids * 1.2)}`] : [];
  return moduleDoc({
    id: random() < 0.02 ? `MOD-${100 + Math.floor(random() * ids)}` : id, // now and then a duplicate
    title: `Generated ${n}`,
    role: pick(ROLES),
    prerequisites: prerequisites.join(', ') || 'None',
    next: next.join(', ') || 'None',
    notes: random() < 0.2 ? `See MOD-${100 + Math.floor(random() * ids * 1.5)}.` : 'None beyond the prerequisites.',
  });
}

function pathOf(n: number): string {
  return `${ROLES[n % ROLES.length]}/mod-${100 + n}.md`;
}

describe('file-system churn: the index ends where a cold start would', () => {
  let client: TestClient;
  const files: Record<string, string> = {};
  before(async () => {
    for (let n = 0; n < 300; n++) files[pathOf(n)] = generated(n, 300);
    files['README.md'] = '# Notes\n\nMOD-100 and MOD-999 are mentioned here; this file is not a roadmap.\n';
    client = await TestClient.start(files);
    client.open(SCRATCH, SCRATCH_TEXT);
  });
  after(() => client.stop());

  it('starts like a cold server', async () => {
    await assertLikeCold(client);
  });

  it('follows a git checkout: 150 files added, 100 deleted, 100 renamed (some changed), 50 changed, in one event', async () => {
    const changes: Array<{ uri: string; type: number }> = [];
    const existing = Object.keys(files).filter((p) => p.endsWith('.md') && p !== 'README.md');
    // Shuffled, then cut into the four groups.
    for (let i = existing.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [existing[i], existing[j]] = [existing[j], existing[i]];
    }
    const deleted = existing.slice(0, 100);
    const renamed = existing.slice(100, 200);
    const changed = existing.slice(200, 250);
    for (const p of deleted) {
      fs.rmSync(path.join(client.root, p));
      changes.push({ uri: client.uri(p), type: DELETED });
    }
    renamed.forEach((p, i) => {
      const to = `moved/${i % 3 === 0 ? 'deep/er/' : ''}${path.basename(p, '.md')}-renamed.md`;
      fs.mkdirSync(path.dirname(path.join(client.root, to)), { recursive: true });
      fs.renameSync(path.join(client.root, p), path.join(client.root, to));
      // A third of the renamed files changed on the way (their links move).
      if (i % 3 === 1) writeFile(client.root, to, generated(400 + i, 420));
      changes.push({ uri: client.uri(p), type: DELETED }, { uri: client.uri(to), type: CREATED });
    });
    changed.forEach((p, i) => {
      writeFile(client.root, p, generated(300 + i, 450));
      changes.push({ uri: client.uri(p), type: CHANGED });
    });
    for (let i = 0; i < 150; i++) {
      // New documents: some take over the IDs of deleted ones, so that references to them resolve again.
      const p = `added/batch-${i % 5}/mod-${500 + i}.md`;
      writeFile(client.root, p, i % 4 === 0 ? moduleDoc({ id: `MOD-${100 + (i % 300)}`, title: `Replacement ${i}` }) : generated(200 + i, 500));
      changes.push({ uri: client.uri(p), type: CREATED });
    }
    // Files that are not markdown change too, and the new folders are reported as well.
    writeFile(client.root, 'added/image.png', '\u0089PNG\u0000\u0000');
    changes.push({ uri: client.uri('added/image.png'), type: CREATED }, { uri: client.uri('added'), type: CREATED }, { uri: client.uri('moved'), type: CREATED });
    for (let i = changes.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [changes[i], changes[j]] = [changes[j], changes[i]];
    }
    client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes });
    await assertLikeCold(client);
    assertNoStale(client, [...deleted, ...renamed]);
  });

  it('follows a folder renamed (a delete and a create event for the folders only)', async () => {
    const before = fs.readdirSync(path.join(client.root, 'data-engineer')).map((f) => `data-engineer/${f}`);
    assert.ok(before.length > 10, 'the folder holds documents');
    fs.renameSync(path.join(client.root, 'data-engineer'), path.join(client.root, 'data-engineering-renamed'));
    client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [
        { uri: client.uri('data-engineer'), type: DELETED },
        { uri: client.uri('data-engineering-renamed'), type: CREATED },
      ],
    });
    await assertLikeCold(client);
    assertNoStale(client, before);
  });

  it('forgets a file deleted while open, once it is closed', async () => {
    const p = 'open/deleted-while-open.md';
    writeFile(client.root, p, moduleDoc({ id: 'MOD-104' }));
    client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri(p), type: CREATED }] });
    // Opened with an edit that gives it a problem, so that a stale diagnostic would show.
    client.open(p, moduleDoc({ id: 'MOD-104', notes: 'See MOD-888 (defined nowhere).' }));
    await client.until(() => client.codes(p).includes('unknown-reference'), `${p} has an unknown reference`);
    fs.rmSync(path.join(client.root, p));
    client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri(p), type: DELETED }] });
    // While it is open, the editor's text rules: the problem stays.
    await new Promise((r) => setTimeout(r, 200));
    assert.ok(client.codes(p).includes('unknown-reference'), 'the open document keeps its diagnostics');
    client.close(p);
    await client.untilCodes(p, []);
    await assertLikeCold(client);
    assertNoStale(client, [p]);
  });

  it('clears duplicate-id in the survivor when one of two definers is deleted', async () => {
    writeFile(client.root, 'dup/a.md', moduleDoc({ id: 'MOD-777', title: 'First' }));
    writeFile(client.root, 'dup/b.md', moduleDoc({ id: 'MOD-777', title: 'Second' }));
    client.connection.sendNotification('workspace/didChangeWatchedFiles', {
      changes: [
        { uri: client.uri('dup/a.md'), type: CREATED },
        { uri: client.uri('dup/b.md'), type: CREATED },
      ],
    });
    await client.untilCodes('dup/a.md', ['duplicate-id']);
    await client.untilCodes('dup/b.md', ['duplicate-id']);
    fs.rmSync(path.join(client.root, 'dup/b.md'));
    client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri('dup/b.md'), type: DELETED }] });
    await client.untilCodes('dup/a.md', []);
    await assertLikeCold(client);
    assertNoStale(client, ['dup/b.md']);
  });

  it('ends like a cold server after a burst of events that undo each other (create, change, delete of the same files)', async () => {
    const changes: Array<{ uri: string; type: number }> = [];
    for (let i = 0; i < 60; i++) {
      const p = `flicker/mod-${900 + i}.md`;
      writeFile(client.root, p, moduleDoc({ id: `MOD-${900 + i}` }));
      changes.push({ uri: client.uri(p), type: CREATED }, { uri: client.uri(p), type: CHANGED });
      if (i % 2 === 0) {
        fs.rmSync(path.join(client.root, p));
        changes.push({ uri: client.uri(p), type: DELETED });
      }
    }
    client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes });
    await assertLikeCold(client);
    assertNoStale(client, Array.from({ length: 30 }, (_, k) => `flicker/mod-${900 + 2 * k}.md`));
  });
});
