/**
 * `roadmap diff` as a user runs it (`node dist/cli.js diff ...`) on a fixture git
 * repository of two commits: the second adds an edge, changes a module's hours and
 * removes a module, and the diff must report exactly that.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Heading, Root, Table, TableRow } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { DIFF_BASE, DIFF_HEAD_CHANGED, DIFF_HEAD_REMOVED } from '../fixtures/curricula';
import { fixtureRepo, git, removeAll, tempDir, writeFixture } from './repo';

function roadmap(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [path.resolve('dist/cli.js'), ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json(args: string[], cwd: string) {
  const r = roadmap([...args, '--format', 'json'], cwd);
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout);
}

/**
 * What the pull request of the fixture changes, worked out by hand (curricula.ts).
 * Data Analyst track: MOD-101 20 h + MOD-102 50 h + MOD-103 25 → 32 h = 95 → 102 h,
 * 10 → 11 weeks at 10 h a week; its critical path is the whole chain.
 * ML Engineer track before: MOD-201, 202, 203, 204 and what they require, MOD-101:
 * 20 + 40 + 35 + 15 + 30 = 140 h (14 weeks); heaviest chain 101 → 201 → 202 → 204 =
 * 20 + 40 + 35 + 30 = 125 h. After: MOD-203 gone (−15), MOD-202 requires MOD-102
 * (+50, and MOD-101 was in already): 175 h (18 weeks); 101 → 102 → 202 → 204 = 20 +
 * 50 + 35 + 30 = 135 h beats 125 h.
 * Blocking: MOD-102 was required by MOD-103 only (1), now also by MOD-202 and so
 * MOD-204 (3); MOD-101 (6 → 5), MOD-201 (3 → 2) and MOD-202 (2 → 1) lose MOD-203.
 */
const EXPECTED = {
  documents: {
    added: [],
    removed: [{ id: 'MOD-203', path: 'ml/mod-203.md', title: 'Model Explainability', hours: 15 }],
    changed: [
      { id: 'MOD-103', path: 'analyst/mod-103.md', title: 'Dashboards that Decide', hoursBefore: 25, hoursAfter: 32 },
      { id: 'MOD-202', path: 'ml/mod-202.md', title: 'Supervised Learning', hoursBefore: 35, hoursAfter: 35 },
    ],
  },
  tracks: [
    {
      role: 'Data Analyst',
      hoursBefore: 95,
      hoursAfter: 102,
      weeksBefore: 10,
      weeksAfter: 11,
      criticalPathBefore: ['MOD-101', 'MOD-102', 'MOD-103'],
      criticalPathAfter: ['MOD-101', 'MOD-102', 'MOD-103'],
      criticalPathHoursBefore: 95,
      criticalPathHoursAfter: 102,
    },
    {
      role: 'ML Engineer',
      hoursBefore: 140,
      hoursAfter: 175,
      weeksBefore: 14,
      weeksAfter: 18,
      criticalPathBefore: ['MOD-101', 'MOD-201', 'MOD-202', 'MOD-204'],
      criticalPathAfter: ['MOD-101', 'MOD-102', 'MOD-202', 'MOD-204'],
      criticalPathHoursBefore: 125,
      criticalPathHoursAfter: 135,
    },
  ],
  edges: {
    added: [{ from: 'MOD-202', to: 'MOD-102', type: 'prerequisite' }],
    removed: [{ from: 'MOD-203', to: 'MOD-202', type: 'prerequisite' }],
  },
  diagnostics: { introduced: [], fixed: [] },
};

/** The text of an mdast node. */
function textOf(node: unknown): string {
  const n = node as { value?: string; children?: unknown[] };
  return n.value ?? (n.children ?? []).map(textOf).join('');
}

let repo: string;
before(() => {
  repo = fixtureRepo('diff', [
    { message: 'A curriculum of two tracks', files: DIFF_BASE },
    { message: 'MOD-202 needs SQL; MOD-103 longer; MOD-203 dropped', files: DIFF_HEAD_CHANGED, remove: DIFF_HEAD_REMOVED },
  ]);
});
after(removeAll);

describe('roadmap diff', () => {
  it('reports exactly the documents, edges, tracks and diagnostics a commit changed', () => {
    const d = json(['diff', 'HEAD~1', 'HEAD'], repo);
    assert.deepEqual(d.documents, EXPECTED.documents);
    assert.deepEqual(d.edges, EXPECTED.edges);
    assert.deepEqual(d.tracks, EXPECTED.tracks);
    assert.deepEqual(d.diagnostics, EXPECTED.diagnostics);
    assert.deepEqual(d.blocking, [], 'no blocking count moved by 5 or more');
    assert.deepEqual(json(['diff', 'HEAD~1', 'HEAD', '--blocking-threshold', '2'], repo).blocking, [{ id: 'MOD-102', before: 1, after: 3 }]);
    assert.deepEqual(
      json(['diff', 'HEAD~1', 'HEAD', '--blocking-threshold', '1'], repo).blocking,
      [
        { id: 'MOD-102', before: 1, after: 3 },
        { id: 'MOD-101', before: 6, after: 5 },
        { id: 'MOD-201', before: 3, after: 2 },
        { id: 'MOD-202', before: 2, after: 1 },
      ],
    );
    assert.equal(d.base.kind, 'revision');
    assert.equal(d.base.commit, git(repo, 'rev-parse', 'HEAD~1').trim());
    assert.equal(d.head.commit, git(repo, 'rev-parse', 'HEAD').trim());
    assert.equal(d.stats.filesChanged, 3);
  });

  it('compares with the working tree when HEAD is left out, uncommitted edits included', () => {
    const repo = fixtureRepo('diff-worktree', [
      { message: 'A curriculum of two tracks', files: DIFF_BASE },
      { message: 'MOD-202 needs SQL; MOD-103 longer; MOD-203 dropped', files: DIFF_HEAD_CHANGED, remove: DIFF_HEAD_REMOVED },
    ]);
    assert.deepEqual(json(['diff', 'main~1'], repo).documents, EXPECTED.documents);
    // An uncommitted edit: MOD-102 now names a prerequisite no document defines.
    const file = path.join(repo, 'analyst/mod-102.md');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('- **Prerequisites**: MOD-101', '- **Prerequisites**: MOD-101, MOD-999'));
    {
      const d = json(['diff', 'HEAD'], repo);
      assert.deepEqual(d.documents, { added: [], removed: [], changed: [{ id: 'MOD-102', path: 'analyst/mod-102.md', title: 'SQL for Analysts', hoursBefore: 50, hoursAfter: 50 }] });
      assert.deepEqual(
        d.tracks.map((t: Record<string, unknown>) => [t.role, t.hoursBefore, t.hoursAfter]),
        [
          ['Data Analyst', 102, 102],
          ['ML Engineer', 175, 175],
        ],
        'an undefined prerequisite adds no hours',
      );
      assert.deepEqual(d.edges, { added: [{ from: 'MOD-102', to: 'MOD-999', type: 'prerequisite' }], removed: [] });
      assert.deepEqual(
        d.diagnostics.introduced.map((x: Record<string, unknown>) => [x.path, x.line, x.code, x.severity]),
        [['analyst/mod-102.md', 11, 'unknown-reference', 'warning']],
      );
      assert.match(d.diagnostics.introduced[0].message, /MOD-999/);
      assert.deepEqual(d.diagnostics.fixed, []);
      assert.equal(d.head.kind, 'worktree');
    }
    // Committed, and compared the other way round: the same finding is fixed.
    git(repo, 'commit', '-q', '-am', 'MOD-102 needs MOD-999');
    const back = json(['diff', 'HEAD', 'HEAD~1'], repo);
    assert.deepEqual(back.diagnostics.introduced, []);
    assert.deepEqual(back.diagnostics.fixed.map((x: Record<string, unknown>) => [x.path, x.line, x.code]), [['analyst/mod-102.md', 11, 'unknown-reference']]);
  });

  it('compares two folders the same way', () => {
    const a = tempDir('diff-a');
    const b = tempDir('diff-b');
    writeFixture(a, DIFF_BASE);
    writeFixture(b, DIFF_BASE);
    writeFixture(b, DIFF_HEAD_CHANGED);
    for (const p of DIFF_HEAD_REMOVED) fs.rmSync(path.join(b, p));
    const d = json(['diff', a, b], a);
    assert.deepEqual(d.documents, EXPECTED.documents);
    assert.deepEqual(d.edges, EXPECTED.edges);
    assert.deepEqual(d.tracks, EXPECTED.tracks);
    assert.deepEqual(d.diagnostics, EXPECTED.diagnostics);
    assert.equal(d.base.kind, 'folder');
  });

  it('writes markdown for a pull request that remark reads as headings and tables', () => {
    const r = roadmap(['diff', 'HEAD~1', 'HEAD', '--format', 'markdown'], repo);
    assert.equal(r.code, 0, r.stderr);
    const tree = unified().use(remarkParse).use(remarkGfm).parse(r.stdout) as Root;
    const headings = tree.children.filter((n): n is Heading => n.type === 'heading').map((h) => [h.depth, textOf(h)]);
    assert.equal(headings[0][0], 2);
    assert.match(String(headings[0][1]), /^Curriculum diff: HEAD~1 \([0-9a-f]{10}\) → HEAD \([0-9a-f]{10}\)$/);
    assert.deepEqual(
      headings.slice(1).map((h) => h[1]),
      ['Documents', 'Edges', 'Tracks'],
    );
    const tables = tree.children.filter((n): n is Table => n.type === 'table');
    const rows = (t: Table) => t.children.map((row: TableRow) => row.children.map(textOf));
    assert.equal(tables.length, 3);
    assert.deepEqual(rows(tables[0]), [
      ['change', 'ID', 'title', 'hours', 'file'],
      ['removed', 'MOD-203', 'Model Explainability', '15 h', 'ml/mod-203.md'],
      ['changed', 'MOD-103', 'Dashboards that Decide', '25 h → 32 h', 'analyst/mod-103.md'],
      ['changed', 'MOD-202', 'Supervised Learning', '35 h', 'ml/mod-202.md'],
    ]);
    assert.deepEqual(rows(tables[1]), [
      ['change', 'from', 'to', 'type'],
      ['added', 'MOD-202', 'MOD-102', 'prerequisite'],
      ['removed', 'MOD-203', 'MOD-202', 'prerequisite'],
    ]);
    assert.deepEqual(rows(tables[2]), [
      ['role', 'hours before', 'hours after', 'critical path before', 'critical path after'],
      ['Data Analyst', '95 h', '102 h', 'MOD-101 → MOD-102 → MOD-103 (95 h)', 'MOD-101 → MOD-102 → MOD-103 (102 h)'],
      ['ML Engineer', '140 h', '175 h', 'MOD-101 → MOD-201 → MOD-202 → MOD-204 (125 h)', 'MOD-101 → MOD-102 → MOD-202 → MOD-204 (135 h)'],
    ]);
  });

  it('shows a title that looks like markdown as the literal text in the markdown', () => {
    const a = tempDir('diff-md-a');
    const b = tempDir('diff-md-b');
    writeFixture(a, DIFF_BASE);
    writeFixture(b, DIFF_BASE);
    const title = 'Stats | *Really* <b>Fast</b> [see](notes.md) `code` &amp; #1 @team https://x.example www.y.example';
    const file = path.join(b, 'analyst/mod-103.md');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replaceAll('Dashboards that Decide', title));
    const r = roadmap(['diff', a, b, '--format', 'markdown'], a);
    assert.equal(r.code, 0, r.stderr);
    const tree = unified().use(remarkParse).use(remarkGfm).parse(r.stdout) as Root;
    const table = tree.children.find((n): n is Table => n.type === 'table')!;
    const row = table.children[1];
    assert.equal(row.children.length, 5, 'the | in the title does not split the cell');
    // U+2060 (a word joiner, invisible) is how the escaping keeps GFM and GitHub from linking URLs, mentions and #1.
    assert.equal(textOf(row.children[2]).replaceAll('\u2060', ''), title);
    assert.deepEqual(row.children[2].children.map((n) => n.type), ['text'], 'no emphasis, HTML, link or code made of it');
  });

  it('exits 2 with the reason on a revision git cannot resolve, or outside a repository', () => {
    const bad = roadmap(['diff', 'no-such-branch'], repo);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^roadmap: BASE: git cannot resolve the revision "no-such-branch"/);
    assert.equal(bad.stdout, '');
    const badHead = roadmap(['diff', 'HEAD', 'HEAD~99'], repo);
    assert.equal(badHead.code, 2);
    assert.match(badHead.stderr, /HEAD: git cannot resolve the revision "HEAD~99"/);
    const plain = tempDir('not-a-repo');
    writeFixture(plain, DIFF_BASE);
    const outside = roadmap(['diff', 'main'], plain);
    assert.equal(outside.code, 2);
    assert.match(outside.stderr, /^roadmap: BASE "main" is not a folder, and .+ is not in a git repository/);
    assert.match(outside.stderr, /not a git repository/);
    assert.equal(outside.stderr.trim().split('\n').length, 1);
    const option = roadmap(['diff', '--upload-pack=touch x'], repo);
    assert.equal(option.code, 2);
  });
});
