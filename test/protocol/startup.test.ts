/**
 * A large workspace at start-up: the server says it is ready as soon as its index
 * is complete (the documents' facts: each is modelled when first used), and answers
 * requests while it is still checking every document (the whole-workspace check is
 * published in slices with the event loop free between them); its status counts the
 * documents still to check.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TestClient } from './client';
import { moduleDoc } from './moduleDoc';

const COUNT = 3000;

/** COUNT modules in a chain, each with one problem (its duration's parts add up to 20, not 21), so each is published. */
function workspace(): Record<string, string> {
  const files: Record<string, string> = {};
  for (let i = 0; i < COUNT; i++) {
    const id = `MOD-${1000 + i}`;
    const prev = i === 0 ? 'None' : `MOD-${999 + i}`;
    const next = i === COUNT - 1 ? 'None' : `MOD-${1001 + i}`;
    files[`m/${id}.md`] = moduleDoc(id, `Module ${i}`, prev, next).replace('20 hours (8 lecture', '21 hours (8 lecture');
  }
  return files;
}

describe(`start-up on ${COUNT} documents`, () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.start(workspace());
  });
  after(() => client.stop());

  it('is ready before every document is checked, answers a hover meanwhile, and publishes an edited document first', async () => {
    // TestClient.start returned on the "ready" status, which says how many documents are still to be checked.
    const atReady = client.pushes.length;
    const checkingAtReady = client.serverStatus?.checking ?? 0;
    const answer = await client.request<{ contents: { value: string } } | null>('textDocument/hover', {
      textDocument: { uri: client.uri('m/MOD-1500.md') },
      position: { line: 10, character: 24 }, // on MOD-1499 in the Prerequisites field
    });
    const atHover = client.pushes.length;
    assert.match(answer?.contents.value ?? '', /MOD-1499/, 'the hover names the prerequisite');
    // The user edits the last document of the queue (it now lists itself): its diagnostics go out before the rest of the check.
    const lastId = `MOD-${999 + COUNT}`;
    const last = `m/${lastId}.md`;
    client.open(last, workspace()[last].replace(`- **Prerequisites**: MOD-${998 + COUNT}`, `- **Prerequisites**: MOD-${998 + COUNT}, ${lastId}`));
    const lastUri = client.uri(last);
    await client.until(() => client.pushes.some((p) => p.uri === lastUri && p.diagnostics.some((d) => d.code === 'self-reference')), `${last} published with self-reference`, 120_000);
    const atFix = new Set(client.pushes.map((p) => p.uri)).size;
    // The client's latest diagnostics by URI: one entry per document published (read on every message, so not the pushes made a set each time).
    await client.until(() => client.diagnostics.size === COUNT, `all ${COUNT} documents published`, 120_000);
    await client.until(() => client.serverStatus?.checking === 0, 'the status says every document is checked', 10_000);
    assert.ok(checkingAtReady > COUNT / 2, `the ready status counted the documents still to check (${checkingAtReady})`);
    assert.ok(atReady < COUNT, `ready was said before the last document was checked (${atReady} of ${COUNT} published by then)`);
    assert.ok(atHover < COUNT, `the hover was answered while the check went on (${atHover} of ${COUNT} published by then)`);
    assert.ok(atFix < COUNT, `the edited document was published before the rest (${atFix} of ${COUNT} documents published by then)`);
    const others = client.pushes.filter((p) => p.uri !== lastUri);
    assert.ok(others.every((p) => p.diagnostics.length === 1 && p.diagnostics[0].code === 'duration-mismatch'), 'each other document has its one problem');
    assert.deepEqual(client.codes(last), ['duration-mismatch', 'self-reference'], 'the edited one has its new problem, and keeps it');
  });
});

describe('completion asked at start-up, before the index is complete', () => {
  it('is answered once every document is indexed: the last one read is offered', async () => {
    const files: Record<string, string> = {};
    for (let i = 0; i < 500; i++) files[`m/${String(i).padStart(3, '0')}.md`] = moduleDoc(`MOD-${2000 + i}`, `Module ${i}`, 'None', 'None');
    files['me.md'] = moduleDoc('MOD-100', 'Mine', 'MOD-249', 'None');
    // The server walks and reads the folder after `initialized`; the editor opens a document and asks at once.
    const client = await TestClient.start(files, { noWait: true });
    try {
      const text = files['me.md'].replace('- **Prerequisites**: MOD-249', '- **Prerequisites**: MOD-249, MOD-249');
      client.open('me.md', text);
      const line = text.split('\n').findIndex((l) => l.startsWith('- **Prerequisites**'));
      const answer = await client.request<{ items: Array<{ label: string }> }>('textDocument/completion', {
        textDocument: { uri: client.uri('me.md') },
        position: { line, character: text.split('\n')[line].length },
      });
      assert.equal(client.serverStatus?.state, 'ready', 'answered once the index is complete');
      assert.deepEqual(answer.items.map((i) => i.label), ['MOD-2490', 'MOD-2491', 'MOD-2492', 'MOD-2493', 'MOD-2494', 'MOD-2495', 'MOD-2496', 'MOD-2497', 'MOD-2498', 'MOD-2499']);
    } finally {
      await client.stop();
    }
  });
});
