/**
 * `roadmap lint`'s worker pool (server/src/cli/lintPool.ts): the same output, in the
 * same order, and the same exit code in several threads as in one, in every format,
 * with a baseline, over a subfolder of a larger workspace (the others' documents are
 * only indexed there), and on a workspace of no roadmap.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { generateCorpus } from '../../bench/corpus';
import { writeFile } from './client';

function roadmap(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [path.resolve('dist/cli.js'), ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('roadmap lint in several threads', () => {
  let root: string;
  before(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'roadmap-pool-'));
    // Every defect the corpus injects (cycles, duplicates, unknown references across folders, …).
    for (const f of generateCorpus({ seed: 14, size: 300, defectRate: 0.2 }).files) writeFile(root, f.path, f.text);
    writeFile(root, 'notes/readme.md', '# Notes\n\nNot a roadmap.\n');
  });
  after(() => fs.rmSync(root, { recursive: true, force: true }));

  const same = (args: string[], cwd = root) => {
    const one = roadmap([...args, '--workers', '1'], cwd);
    const three = roadmap([...args, '--workers', '3'], cwd);
    assert.equal(one.stderr, '', `no error in one thread: ${one.stderr}`);
    assert.equal(three.stderr, '', `no error in three threads: ${three.stderr}`);
    assert.equal(three.stdout, one.stdout, `roadmap ${args.join(' ')}: the same output`);
    assert.equal(three.code, one.code, 'the same exit code');
    return one;
  };

  it('prints the same findings in the same order, and exits the same, in every format', () => {
    const text = same(['lint', '.']);
    assert.equal(text.code, 1);
    assert.ok(text.stdout.split('\n').length > 60, 'many findings');
    const json = JSON.parse(same(['lint', '.', '--format', 'json']).stdout) as { files: Array<{ path: string; diagnostics: unknown[] }> };
    assert.ok(json.files.filter((f) => f.diagnostics.length).length > 40);
    same(['lint', '.', '--format', 'sarif']);
    assert.equal(same(['lint', '.', '--max-warnings', '0']).code, 1);
  });

  it('agrees with a baseline and when writing one', () => {
    const base = path.join(root, '..', `${path.basename(root)}-baseline.json`);
    try {
      const wrote = same(['lint', '.', '--write-baseline', base]);
      assert.equal(wrote.code, 0);
      const clean = same(['lint', '.', '--baseline', base]);
      assert.equal(clean.code, 0);
    } finally {
      fs.rmSync(base, { force: true });
    }
  });

  it('checks a subfolder against the whole workspace of its config the same way', () => {
    writeFile(root, 'roadmap.config.json', '{}\n');
    try {
      const folders = fs.readdirSync(root).filter((d) => fs.statSync(path.join(root, d)).isDirectory()).sort();
      const sub = same(['lint', folders[0], '--format', 'json']);
      const files = (JSON.parse(sub.stdout) as { files: Array<{ path: string }> }).files.map((f) => f.path);
      assert.ok(files.length > 10 && files.every((f) => f.startsWith(`${folders[0]}/`)), 'only the subfolder reported');
    } finally {
      fs.rmSync(path.join(root, 'roadmap.config.json'));
    }
  });

  it('exits 2 the same on documents of which none is a roadmap', () => {
    const r = roadmap(['lint', 'notes', '--workers', '2'], root);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /no roadmap document under notes/);
  });

  it('takes a number of threads, or says what is wrong', () => {
    const r = roadmap(['lint', '.', '--workers', 'many'], root);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /--workers needs a whole number/);
  });
});
