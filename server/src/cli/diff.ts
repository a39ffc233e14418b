/**
 * `roadmap diff BASE [HEAD]`: what a change does to a curriculum (core/diff.ts),
 * between two folders or git revisions; HEAD defaults to the working tree.
 *
 * Where the documents are: the folder of the nearest `roadmap.config.json` at or
 * above the current folder, else the current folder (with `--config FILE`, the
 * current folder); in a git revision, the same folder of that revision, with the
 * revision's own `roadmap.config.json` and competency framework. A folder given as
 * BASE or HEAD is the curriculum itself, with its own config (or the nearest above).
 */
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { URI } from 'vscode-uri';
import { CONFIG_FILE_NAME } from '../core/config/config';
import { diffCurricula, type CurriculumVersion } from '../core/diff';
import { DEFAULT_MAX_DOCUMENT_BYTES } from '../core/limits';
import { findConfig, loadConfig, type ConfigReader, type LoadedConfig } from '../node/config';
import { findMarkdownFiles, isMarkdownPath, readDocumentSync } from '../node/files';
import { GitError, listTree, readBlobs, readFileAt, repositoryOf, resolveCommit, type GitRepository } from '../node/git';
import { formatDiff, type DiffFormat, type DiffSide } from './diffFormat';
import { UsageError } from './usage';

export const DIFF_HELP = `Usage: roadmap diff BASE [HEAD] [options]

What a change does to the curriculum: documents added, removed and changed (by
ID), prerequisite and next edges added and removed, each role track's hours and
critical path before and after, documents whose blocking count moved a lot, and
the diagnostics introduced and fixed.

BASE and HEAD are folders or git revisions (a branch, a tag, a commit, HEAD~1);
HEAD defaults to the working tree. Revisions are read with the system git,
without a checkout.

Options:
  --format text|json|markdown  output format (default: text; markdown suits a
                               pull request comment or a job summary)
  --config FILE                use this roadmap.config.json for both sides
                               instead of each side's own
  --blocking-threshold N       report a document whose blocking count moved by
                               at least N (default 5)
  -h, --help                   show this help

Exit codes: 0 the difference was reported, 2 usage error (a revision git
cannot resolve, not a git repository, a bad option).
`;

/** The curriculum's root in the working tree, and the config that applies there. */
function workingRoot(configOption: string | undefined): { root: string; configFile?: string } {
  if (configOption) {
    if (!fs.existsSync(configOption)) throw new UsageError(`no such config file: ${configOption}`);
    return { root: process.cwd(), configFile: path.resolve(configOption) };
  }
  const found = findConfig(process.cwd());
  return found ? { root: path.dirname(found), configFile: found } : { root: process.cwd() };
}

function warnConfig(label: string, loaded: LoadedConfig, shown: string): void {
  for (const p of loaded.problems) {
    process.stderr.write(`roadmap: ${label}: ${shown}:${p.range.start.line + 1}:${p.range.start.character + 1}: ${p.message}\n`);
  }
}

const configKey = (configPath: string | undefined, text: string | undefined, framework: string[] | undefined) => JSON.stringify([configPath ?? null, text ?? null, framework ?? null]);

function decode(buf: Buffer, maxBytes: number): { text: string; size?: number } {
  const over = buf.length > maxBytes;
  const text = buf.toString('utf8', 0, over ? maxBytes + 1 : buf.length);
  return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, ...(over ? { size: buf.length } : {}) };
}

/** A folder on disk (the working tree, or a folder given as BASE or HEAD). */
async function folderVersion(label: string, root: string, configFile: string | undefined, explicitConfig: boolean): Promise<CurriculumVersion> {
  const own = path.join(root, CONFIG_FILE_NAME);
  const file = explicitConfig ? configFile : fs.existsSync(own) ? own : (configFile ?? findConfig(root));
  const loaded = loadConfig(file);
  let text: string | undefined;
  if (file) {
    text = fs.readFileSync(file, 'utf8');
    warnConfig(label, loaded, path.relative(process.cwd(), file) || file);
  }
  const files = new Map<string, { text: string; size?: number }>();
  for (const f of await findMarkdownFiles(root)) {
    if (!loaded.accepts(f)) continue;
    const read = readDocumentSync(f, DEFAULT_MAX_DOCUMENT_BYTES);
    if (read) files.set(path.relative(root, f).split(path.sep).join('/'), read.size > DEFAULT_MAX_DOCUMENT_BYTES ? read : { text: read.text });
  }
  const configPath = file ? path.relative(root, file).split(path.sep).join('/') : undefined;
  return { files, config: loaded.resolved, framework: loaded.framework, configKey: configKey(configPath, text, loaded.framework) };
}

/** Blob ID -> its text, shared by both sides: a file the change does not touch is read and decoded once (and compares equal at once). */
const blobTexts = new Map<string, { text: string; size?: number }>();

/** A git revision's version of the folder `root` (in the working tree of `repo`). */
function revisionVersion(label: string, repo: GitRepository, commit: string, root: string, configFile: string | undefined, explicitConfig: boolean): CurriculumVersion {
  const rel = (abs: string) => path.relative(repo.top, abs).split(path.sep).join('/');
  const rootRel = rel(root);
  if (rootRel.startsWith('..')) throw new UsageError(`the curriculum's folder ${root} is outside the git repository ${repo.top}`);
  const entries = listTree(repo, commit, rootRel);
  /** A file of the revision by its absolute path in the working tree; throws when absent (as fs.readFileSync would). */
  const read = (abs: string): string => {
    const buf = readFileAt(repo, commit, rel(abs));
    if (!buf) throw Object.assign(new Error(`${rel(abs)} is not in ${label}`), { code: 'ENOENT' });
    return decode(buf, Infinity).text;
  };
  let loaded: LoadedConfig;
  let text: string | undefined;
  let configPath: string | undefined;
  if (explicitConfig) {
    loaded = loadConfig(configFile);
    text = fs.readFileSync(configFile!, 'utf8');
    configPath = path.relative(root, configFile!).split(path.sep).join('/');
  } else {
    // The revision's own config: at the root, else the nearest above it in the revision.
    let file: string | undefined;
    for (let dir = root; ; dir = path.dirname(dir)) {
      const candidate = path.join(dir, CONFIG_FILE_NAME);
      try {
        text = read(candidate);
        file = candidate;
        break;
      } catch {
        // not in this folder of the revision
      }
      if (dir === repo.top || path.dirname(dir) === dir) break;
    }
    loaded = file ? loadConfig(file, text, readerOf(read)) : loadConfig(undefined);
    if (file) {
      configPath = path.relative(root, file).split(path.sep).join('/');
      warnConfig(label, loaded, `${rel(file)} (${label})`);
    }
  }
  const wanted = entries.filter((e) => isMarkdownPath(e.path) && loaded.accepts(path.join(root, e.path)));
  const blobs = readBlobs(
    repo,
    wanted.filter((e) => !blobTexts.has(e.blob)).map((e) => e.blob),
  );
  for (const [blob, buf] of blobs) blobTexts.set(blob, decode(buf, DEFAULT_MAX_DOCUMENT_BYTES));
  const files = new Map<string, { text: string; size?: number }>();
  for (const e of wanted) {
    const text = blobTexts.get(e.blob);
    if (text) files.set(e.path, text);
  }
  return { files, config: loaded.resolved, framework: loaded.framework, configKey: configKey(configPath, text, loaded.framework) };
}

export async function diff(args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: 'string', default: 'text' },
      config: { type: 'string' },
      'blocking-threshold': { type: 'string', default: '5' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(DIFF_HELP);
    return 0;
  }
  const format = values.format as DiffFormat;
  if (!['text', 'json', 'markdown'].includes(format)) throw new UsageError(`unknown format "${format}" (expected text, json or markdown)`);
  if (!/^\d+$/.test(values['blocking-threshold']!) || Number(values['blocking-threshold']) < 1) {
    throw new UsageError(`--blocking-threshold needs a whole number ≥ 1, not "${values['blocking-threshold']}"`);
  }
  if (positionals.length < 1 || positionals.length > 2) throw new UsageError(`diff takes BASE and, optionally, HEAD (got ${positionals.length} argument${positionals.length === 1 ? '' : 's'}; see roadmap diff --help)`);

  const { root, configFile } = workingRoot(values.config);
  const explicit = values.config !== undefined;
  let repo: GitRepository | undefined;
  const sideOf = async (spec: string | undefined, label: string): Promise<{ side: DiffSide; version: CurriculumVersion }> => {
    if (spec === undefined) return { side: { label: 'working tree', kind: 'worktree' }, version: await folderVersion(label, root, configFile, explicit) };
    const isFolder = fs.existsSync(spec) && fs.statSync(spec).isDirectory();
    if (isFolder) {
      const abs = path.resolve(spec);
      return { side: { label: spec, kind: 'folder' }, version: await folderVersion(label, abs, configFile, explicit) };
    }
    try {
      repo ??= repositoryOf(process.cwd());
    } catch (err) {
      throw new UsageError(`${label} "${spec}" is not a folder, and ${process.cwd()} is not in a git repository to read it as a revision from (${(err as Error).message})`);
    }
    try {
      const commit = resolveCommit(repo, spec);
      return { side: { label: spec, kind: 'revision', commit }, version: revisionVersion(`${label} ${spec}`, repo, commit, root, configFile, explicit) };
    } catch (err) {
      if (err instanceof GitError) throw new UsageError(`${label}: ${err.message}`);
      throw err;
    }
  };
  const base = await sideOf(positionals[0], 'BASE');
  const head = await sideOf(positionals[1], 'HEAD');
  const rootUri = URI.file(root).toString().replace(/\/?$/, '/');
  const result = diffCurricula(base.version, head.version, {
    uriOf: (p) => rootUri + p.split('/').map(encodeURIComponent).join('/'),
    blockingThreshold: Number(values['blocking-threshold']),
  });
  process.stdout.write(formatDiff(result, { base: base.side, head: head.side }, format));
  return 0;
}

/** A config reader over one version of the tree: the files `read` finds (it throws for the others). */
function readerOf(read: (file: string) => string): ConfigReader {
  const has = (file: string) => {
    try {
      read(file);
      return true;
    } catch {
      return false;
    }
  };
  return { readFile: read, exists: has, isFile: has };
}
