/** Fixture folders and git repositories on disk, for the CLI's diff, baseline and CI tests. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseFixture } from '../fixtures/fixture';
import { writeFile } from './client';

/** A new empty folder under the system's temporary folder (removed by `removeAll`). */
export function tempDir(name: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `roadmap-${name}-`));
  made.push(dir);
  return dir;
}
const made: string[] = [];
export function removeAll(): void {
  for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
}

/** Writes a fixture's files (the `-- path` format) under `root`. */
export function writeFixture(root: string, source: string): void {
  if (!source.trim()) return;
  for (const f of parseFixture(source).files) writeFile(root, f.path, f.text);
}

/** git with a fixed identity and no signing, whatever the machine's git config says; asserts it succeeded. */
export function git(cwd: string, ...args: string[]): string {
  const r = spawnSync('git', ['-c', 'user.name=Roadmap Test', '-c', 'user.email=test@example.invalid', '-c', 'commit.gpgsign=false', '-c', 'init.defaultBranch=main', ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_CONFIG_NOSYSTEM: '1', GIT_CONFIG_GLOBAL: os.devNull },
  });
  assert.equal(r.status, 0, `git ${args.join(' ')}: ${r.stderr}`);
  return r.stdout;
}

/** A git repository in a new folder whose commits are the given fixtures, applied in turn (`remove`: paths deleted by that commit). */
export function fixtureRepo(name: string, commits: Array<{ message: string; files: string; remove?: string[] }>): string {
  const root = tempDir(name);
  git(root, 'init', '-q');
  for (const c of commits) {
    writeFixture(root, c.files);
    for (const p of c.remove ?? []) fs.rmSync(path.join(root, p));
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', c.message);
  }
  return root;
}
