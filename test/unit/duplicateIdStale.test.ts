/**
 * A document indexed by its facts and deleted on disk before anything modelled it: the
 * other definer of its ID is checked before the deletion is taken (a checkout's events
 * come in any order). duplicate-id used to read the gone document's ID field and crash
 * the server (seen in test/protocol/churn.test.ts under load).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RoadmapWorkspace } from '../../server/src/core/workspace';

const module = (id: string) => `# Module Roadmap\n\n## Module Overview\n\n- **Module ID**: ${id}\n- **Module Title**: T\n`;

describe('duplicate-id with a definer gone from disk before it was modelled', () => {
  it('checks the other definer without it, and flags nothing once the deletion is taken', () => {
    const disk = new Map([
      ['file:///w/a.md', module('MOD-100')],
      ['file:///w/b.md', module('MOD-100')],
    ]);
    const ws = new RoadmapWorkspace();
    ws.readFrom((uri) => (disk.has(uri) ? { text: disk.get(uri)! } : undefined));
    ws.index.bulk(() => {
      for (const [uri, text] of disk) ws.load(uri, text);
    });
    disk.delete('file:///w/a.md');
    const codes = ws.diagnostics('file:///w/b.md').map((d) => d.code);
    assert.ok(!codes.includes('duplicate-id'), 'the gone document is not named as a definer');
    ws.remove('file:///w/a.md');
    assert.deepEqual(ws.diagnostics('file:///w/b.md').filter((d) => d.code === 'duplicate-id'), []);
  });
});
