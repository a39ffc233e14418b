/**
 * Reading a git revision's files into memory with the system `git`, for `roadmap
 * diff`: no checkout, no temporary folder. `git ls-tree` lists a folder of the
 * revision, `git cat-file --batch` gives the contents of many files in one process.
 */
import { spawnSync } from 'node:child_process';

/** Why git could not answer: the message says it in one line. */
export class GitError extends Error {}

function git(cwd: string, args: string[], input?: string): Buffer {
  const r = spawnSync('git', args, { cwd, input, maxBuffer: 4 * 2 ** 30, env: { ...process.env, GIT_TERMINAL_PROMPT: '0', LC_ALL: 'C' } });
  if (r.error) {
    const code = (r.error as NodeJS.ErrnoException).code;
    throw new GitError(code === 'ENOENT' ? 'git is not installed (it is needed to read revisions)' : `git failed: ${r.error.message}`);
  }
  if (r.status !== 0) {
    const said = r.stderr.toString().trim().split('\n').filter(Boolean);
    throw new GitError(said.length ? said.map((l) => l.replace(/^(fatal|error): /, '')).join('; ') : `git ${args[0]} exited with ${r.status}`);
  }
  return r.stdout;
}

export interface GitRepository {
  /** The work tree's top folder. */
  top: string;
  /** `cwd` relative to `top`, with `/`, ending in `/` (empty at the top). */
  prefix: string;
}

/** The repository `cwd` is in; a GitError saying why when it is in none. */
export function repositoryOf(cwd: string): GitRepository {
  const [top, prefix] = git(cwd, ['rev-parse', '--show-toplevel', '--show-prefix']).toString().split('\n');
  return { top, prefix: prefix ?? '' };
}

/** The commit a revision names (`main`, `HEAD~1`, a SHA, a tag); a GitError when git cannot resolve it. */
export function resolveCommit(repo: GitRepository, revision: string): string {
  if (revision.startsWith('-')) throw new GitError(`"${revision}" is not a revision`);
  try {
    return git(repo.top, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${revision}^{commit}`]).toString().trim();
  } catch (err) {
    throw new GitError(`git cannot resolve the revision "${revision}"${err instanceof GitError && !/exited with/.test(err.message) ? `: ${err.message}` : ''}`);
  }
}

/** A regular file of a revision: its path relative to the folder listed, and its blob. */
export interface TreeEntry {
  path: string;
  blob: string;
  size: number;
}

/**
 * The regular files (not links, not submodules) under `folder` (relative to the top,
 * `/`-separated, empty for the top) in a commit, with paths relative to `folder`.
 * A folder the commit does not have lists no file.
 */
export function listTree(repo: GitRepository, commit: string, folder: string): TreeEntry[] {
  const dir = folder.replace(/\/+$/, '');
  const treeish = `${commit}:${dir}`;
  try {
    git(repo.top, ['cat-file', '-e', treeish]);
  } catch {
    return [];
  }
  const out: TreeEntry[] = [];
  const text = git(repo.top, ['ls-tree', '-r', '-z', '--long', treeish]).toString('utf8');
  for (const line of text.split('\0')) {
    if (!line) continue;
    // <mode> SP <type> SP <object> SP+ <size> TAB <path>
    const tab = line.indexOf('\t');
    const [mode, type, blob, size] = line.slice(0, tab).split(/ +/);
    if (type !== 'blob' || (mode !== '100644' && mode !== '100755')) continue;
    out.push({ path: line.slice(tab + 1), blob, size: Number(size) });
  }
  return out;
}

/** The contents of blobs, by blob ID, read in one `git cat-file --batch`. */
export function readBlobs(repo: GitRepository, blobs: Iterable<string>): Map<string, Buffer> {
  const wanted = [...new Set(blobs)];
  const out = new Map<string, Buffer>();
  if (wanted.length === 0) return out;
  const data = git(repo.top, ['cat-file', '--batch'], wanted.join('\n') + '\n');
  let at = 0;
  while (at < data.length) {
    const nl = data.indexOf(10, at);
    if (nl < 0) break;
    const header = data.toString('utf8', at, nl).split(' ');
    at = nl + 1;
    if (header[1] === 'missing' || header.length < 3) continue;
    const size = Number(header[2]);
    out.set(header[0], data.subarray(at, at + size));
    at += size + 1;
  }
  return out;
}

/** One file of a commit by its path from the top (`/`-separated), or undefined when the commit has no such file. */
export function readFileAt(repo: GitRepository, commit: string, file: string): Buffer | undefined {
  try {
    git(repo.top, ['cat-file', '-e', `${commit}:${file}`]);
  } catch {
    return undefined;
  }
  return git(repo.top, ['cat-file', 'blob', `${commit}:${file}`]);
}
