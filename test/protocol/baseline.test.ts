/**
 * `roadmap lint --baseline FILE` / `--write-baseline FILE` as a user runs them: five
 * findings recorded pass, a sixth fails, and lines moving above the old findings
 * change nothing.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { BASELINE_FIVE, SHIFT_LINES, SIXTH_FINDING } from '../fixtures/curricula';
import { removeAll, tempDir, writeFixture } from './repo';

function roadmap(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [path.resolve('dist/cli.js'), ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function lintJson(cwd: string, ...args: string[]) {
  const r = roadmap(['lint', '.', '--format', 'json', ...args], cwd);
  assert.ok(r.code === 0 || r.code === 1, r.stderr);
  const report = JSON.parse(r.stdout) as { files: Array<{ path: string; diagnostics: Array<{ code: string; line: number; message: string }> }>; summary: Record<string, unknown> };
  return { code: r.code, report, found: report.files.flatMap((f) => f.diagnostics.map((d) => `${f.path}:${d.line} ${d.code}`)) };
}

/** A curriculum with BASELINE_FIVE's five findings and a baseline of them in .roadmap/baseline.json. */
function withBaseline(): string {
  const root = tempDir('baseline');
  writeFixture(root, BASELINE_FIVE);
  const w = roadmap(['lint', '.', '--write-baseline', '.roadmap/baseline.json'], root);
  assert.equal(w.code, 0, w.stderr);
  assert.equal(w.stdout, 'Wrote 5 findings in 4 files to .roadmap/baseline.json.\n');
  return root;
}

after(removeAll);

describe('roadmap lint --baseline', () => {
  it('writes the findings without lines, counted, paths relative to the baseline file', () => {
    const root = withBaseline();
    const file = JSON.parse(fs.readFileSync(path.join(root, '.roadmap/baseline.json'), 'utf8'));
    assert.equal(file.version, 1);
    assert.deepEqual(
      file.findings.map((f: Record<string, unknown>) => [f.path, f.code, f.count]),
      [
        ['../mod-501.md', 'unknown-reference', 2],
        ['../mod-502.md', 'duration-mismatch', 1],
        ['../mod-503-copy.md', 'duplicate-id', 1],
        ['../mod-503.md', 'duplicate-id', 1],
      ],
    );
    assert.ok(file.findings.every((f: Record<string, unknown>) => !('line' in f) && typeof f.message === 'string'));
  });

  it('passes on the five findings in the baseline, fails on a sixth and reports only it', () => {
    const root = withBaseline();
    const before = lintJson(root);
    assert.equal(before.code, 1, 'without the baseline the errors fail');
    assert.equal(before.found.length, 5);
    const known = lintJson(root, '--baseline', '.roadmap/baseline.json');
    assert.equal(known.code, 0);
    assert.deepEqual(known.found, []);
    assert.deepEqual(known.report.summary.baseline, { file: '.roadmap/baseline.json', matched: 5, stale: 0 });
    writeFixture(root, SIXTH_FINDING);
    const sixth = lintJson(root, '--baseline', '.roadmap/baseline.json');
    assert.equal(sixth.code, 1);
    assert.deepEqual(sixth.found, ['mod-504.md:11 self-reference']);
    const text = roadmap(['lint', '.', '--baseline', '.roadmap/baseline.json'], root);
    assert.equal(text.code, 1);
    assert.match(text.stdout, /^mod-504\.md:11:\d+ error .*\[self-reference\]$/m);
    assert.match(text.stdout, /^5 findings in the baseline \.roadmap\/baseline\.json not shown\.$/m);
  });

  it('still passes when lines are added above the old findings', () => {
    const root = withBaseline();
    for (const p of ['mod-501.md', 'mod-502.md', 'mod-503.md', 'mod-503-copy.md']) {
      const file = path.join(root, p);
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('# Module Roadmap\n', `# Module Roadmap\n${SHIFT_LINES}`));
    }
    const moved = lintJson(root);
    assert.deepEqual(moved.found.map((f) => f.replace(/:\d+ /, ' ')), lintJson(root).found.map((f) => f.replace(/:\d+ /, ' ')));
    assert.ok(moved.found.includes('mod-502.md:13 duration-mismatch'), `the findings moved down 3 lines: ${moved.found}`);
    const r = lintJson(root, '--baseline', '.roadmap/baseline.json');
    assert.equal(r.code, 0);
    assert.deepEqual(r.found, []);
  });

  it('counts repeats: one more of the same finding is new', () => {
    const root = withBaseline();
    const file = path.join(root, 'mod-501.md');
    const text = fs.readFileSync(file, 'utf8').trimEnd() + '\n- Check the primer in MOD-990 once more.\n';
    fs.writeFileSync(file, text);
    const last = text.split('\n').length - 1;
    const r = lintJson(root, '--baseline', '.roadmap/baseline.json', '--max-warnings', '0');
    assert.equal(r.code, 1);
    assert.deepEqual(r.found, [`mod-501.md:${last} unknown-reference`], 'the last of the three is the new one');
    assert.equal(lintJson(root, '--baseline', '.roadmap/baseline.json').code, 0, 'a new warning fails only over --max-warnings, as without a baseline');
  });

  it('counts baseline findings that are gone (fixed, or their file deleted), and exits 2 on a missing or malformed baseline', () => {
    const root = withBaseline();
    fs.rmSync(path.join(root, 'mod-503-copy.md'));
    const r = roadmap(['lint', '.', '--baseline', '.roadmap/baseline.json'], root);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^3 findings in the baseline \.roadmap\/baseline\.json not shown; 2 baseline findings no longer found \(--write-baseline \.roadmap\/baseline\.json drops them\)\.$/m);
    const missing = roadmap(['lint', '.', '--baseline', 'nope.json'], root);
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /^roadmap: no such baseline file: nope\.json/);
    fs.writeFileSync(path.join(root, 'bad.json'), '{"version": 1, "findings": [{"path": "a.md"}]}');
    const bad = roadmap(['lint', '.', '--baseline', 'bad.json'], root);
    assert.equal(bad.code, 2);
    assert.match(bad.stderr, /^roadmap: the baseline bad\.json has a finding \(#1\) without a string "path", "code" and "message"/);
    const both = roadmap(['lint', '.', '--baseline', 'a.json', '--write-baseline', 'b.json'], root);
    assert.equal(both.code, 2);
  });
});
