/**
 * The shipped examples through the real server process: examples/broken shows
 * each rule once, on the offending text; examples/curriculum is clean.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { rules } from '../../server/src/core/rules/registry';
import { TestClient } from './client';

function readTree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fs.readdirSync(root, { recursive: true }).map(String)) {
    const full = path.join(root, f);
    if (fs.statSync(full).isFile()) out[f] = fs.readFileSync(full, 'utf8');
  }
  return out;
}

describe('examples/broken through the server', () => {
  let client: TestClient;
  const files = readTree('examples/broken');
  before(async () => {
    client = await TestClient.start(files);
  });
  after(() => client.stop());

  for (const rule of rules) {
    it(`shows ${rule.code} on the offending text of ${rule.code}*.md, and nothing else there`, async () => {
      const mine = Object.keys(files).filter((f) => path.basename(f).startsWith(rule.code));
      assert.ok(mine.length > 0, `examples/broken has a file for ${rule.code}`);
      for (const f of mine) {
        await client.untilCodes(f, [rule.code]);
        const [d] = client.diagnostics.get(client.uri(f))!;
        assert.equal(d.source, 'roadmap');
        assert.match(d.codeDescription!.href, new RegExp(`docs/rules/${rule.code}\\.md$`));
        // The range is on the offending text, not the whole file.
        assert.ok(d.range.end.line - d.range.start.line <= 1, `${f}: range ${JSON.stringify(d.range)} is narrow`);
      }
    });
  }

  it('publishes nothing for the clean helper documents', () => {
    for (const f of Object.keys(files)) {
      if (rules.some((r) => path.basename(f).startsWith(r.code))) continue;
      assert.deepEqual(client.codes(f), [], f);
    }
  });
});

describe('examples/curriculum through the server', () => {
  let client: TestClient;
  const files = readTree('examples/curriculum');
  before(async () => {
    client = await TestClient.start(files);
  });
  after(() => client.stop());

  it('has at least 12 roadmap documents and no diagnostic at all', async () => {
    assert.ok(Object.keys(files).filter((f) => f.endsWith('.md')).length >= 12);
    // Open every file too, as a user browsing the examples would.
    for (const [f, text] of Object.entries(files)) client.open(f, text);
    await client.request('workspace/symbol', { query: '' }); // a round trip, so every open was handled
    const withProblems = [...client.diagnostics].filter(([, d]) => d.length > 0);
    assert.deepEqual(
      withProblems.map(([u, d]) => `${u}: ${d.map((x) => x.message).join('; ')}`),
      [],
    );
  });
});
