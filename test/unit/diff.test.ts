/**
 * core/diff.ts: the diagnostics introduced and fixed are found by checking only the
 * documents the index's edits say may read differently. Each scenario here changes
 * one thing whose effect lands on other documents (a definition removed, an ID
 * renamed, a duplicate, a cycle made and broken); the answer must equal checking
 * every document on both sides (what `diffCurricula` does when the config differs).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultConfig, resolveConfig } from '../../server/src/core/config/config';
import { diffCurricula, type CurriculumVersion } from '../../server/src/core/diff';
import { DIFF_BASE } from '../fixtures/curricula';
import { parseFixture } from '../fixtures/fixture';

function version(files: Map<string, string>, configKey: string): CurriculumVersion {
  const configText = files.get('roadmap.config.json');
  const config = configText ? resolveConfig(configText) : defaultConfig();
  const docs = new Map([...files].filter(([p]) => p.endsWith('.md')).map(([p, text]) => [p, { text }]));
  return { files: docs, config, configKey };
}

const base = new Map(parseFixture(DIFF_BASE).files.map((f) => [f.path, f.text]));
const uriOf = (p: string) => `file:///curriculum/${p}`;

/** A scenario: the base with some files edited (text replaced) or removed (undefined). */
function scenario(edit: (files: Map<string, string>) => void): Map<string, string> {
  const head = new Map(base);
  edit(head);
  return head;
}
const replace = (files: Map<string, string>, p: string, from: string, to: string) => {
  const text = files.get(p)!;
  assert.ok(text.includes(from), `${p} has ${from}`);
  files.set(p, text.replace(from, to));
};

const scenarios: Record<string, Map<string, string>> = {
  'a prerequisite removed: its dependents name an undefined ID': scenario((f) => f.delete('analyst/mod-102.md')),
  'an ID renamed: its referrers dangle, and a new definition appears': scenario((f) => replace(f, 'ml/mod-201.md', 'MOD-201', 'MOD-211')),
  'a second document defines an ID: both are flagged': scenario((f) => f.set('ml/mod-202-copy.md', f.get('ml/mod-202.md')!)),
  'a cycle made: every member is flagged': scenario((f) => replace(f, 'analyst/mod-101.md', '- **Prerequisites**: None', '- **Prerequisites**: MOD-103')),
  'a level raised at the start of a chain: every document requiring it now drops': scenario((f) => replace(f, 'analyst/mod-101.md', '| platform-operations | Working |', '| platform-operations | Expert |')),
  'a duration that no longer adds up, and a new document': scenario((f) => {
    replace(f, 'ml/mod-203.md', '15 hours (5 lecture', '16 hours (5 lecture');
    f.set('ml/mod-204.md', f.get('ml/mod-203.md')!.replaceAll('MOD-203', 'MOD-204').replace('MOD-202', 'MOD-203'));
  }),
};

describe('diffCurricula', () => {
  for (const [name, head] of Object.entries(scenarios)) {
    it(`finds the same diagnostics as checking everything: ${name}`, () => {
      const quick = diffCurricula(version(base, 'same'), version(head, 'same'), { uriOf });
      const full = diffCurricula(version(base, 'base'), version(head, 'head'), { uriOf });
      assert.equal(quick.stats.sameConfig, true);
      assert.equal(full.stats.sameConfig, false);
      assert.ok(quick.diagnostics.introduced.length + quick.diagnostics.fixed.length > 0, 'the scenario moves some diagnostic');
      assert.deepEqual(quick.diagnostics, full.diagnostics);
      assert.deepEqual(quick.documents, full.documents);
      assert.deepEqual(quick.edges, full.edges);
      assert.deepEqual(quick.tracks, full.tracks);
      assert.deepEqual(quick.blocking, full.blocking);
    });
  }

  it('checks only what a change can affect: a leaf whose hours changed is checked alone', () => {
    const head = scenario((f) => replace(f, 'ml/mod-204.md', '30 hours (10 lecture', '31 hours (10 lecture'));
    const d = diffCurricula(version(base, 'same'), version(head, 'same'), { uriOf });
    assert.deepEqual([d.stats.checkedBefore, d.stats.checkedAfter], [1, 1]);
    assert.deepEqual(d.diagnostics.introduced.map((x) => [x.path, x.code]), [['ml/mod-204.md', 'duration-mismatch']]);
  });

  it('a cycle broken again is a fixed diagnostic on each member', () => {
    const cyclic = scenarios['a cycle made: every member is flagged'];
    const d = diffCurricula(version(cyclic, 'same'), version(base, 'same'), { uriOf });
    assert.deepEqual(
      d.diagnostics.fixed.map((x) => [x.path, x.code]),
      [
        ['analyst/mod-101.md', 'prerequisite-cycle'],
        ['analyst/mod-102.md', 'prerequisite-cycle'],
        ['analyst/mod-103.md', 'prerequisite-cycle'],
      ],
    );
    assert.deepEqual(d.diagnostics.introduced, []);
  });
});
