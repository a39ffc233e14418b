/**
 * Finding and loading `roadmap.config.json` and the competency framework it
 * names, for the language server and the CLI, through a `ConfigReader`: the disk
 * (node/config.ts) or the files the browser's server read through the client.
 */
import path from 'node:path';
import { Minimatch } from 'minimatch';
import {
  CONFIG_FILE_NAME,
  defaultConfig,
  parseCompetencyFramework,
  resolveConfig,
  type ConfigProblem,
  type ResolvedConfig,
} from '../core/config/config';
import { isSkippedPath } from './paths';

export interface LoadedConfig {
  /** The config file, when there is one. */
  file?: string;
  resolved: ResolvedConfig;
  /** The competency framework file, when the config names one. */
  frameworkFile?: string;
  /** Its competencies, when it could be read. */
  framework?: string[];
  /** Problems with the config file (JSON, schema, the framework file), with ranges in the config text. */
  problems: ConfigProblem[];
  /** Whether a markdown file is to be checked under the config's include and ignore globs. */
  accepts(file: string): boolean;
}

/** How the config is read: the disk, or (in tests) a file system in memory. */
export interface ConfigReader {
  /** A file's text; throws when it cannot be read. */
  readFile(file: string): string;
  /** Whether a path exists. */
  exists(file: string): boolean;
  /** Whether a path is a file (false when it is a folder or missing). */
  isFile(file: string): boolean;
}

/** The nearest `roadmap.config.json` at or above a file or folder. */
export function findConfig(start: string, reader: ConfigReader): string | undefined {
  let dir = path.resolve(start);
  if (reader.isFile(dir) || !reader.exists(dir)) dir = path.dirname(dir);
  for (;;) {
    const candidate = path.join(dir, CONFIG_FILE_NAME);
    if (reader.exists(candidate)) return candidate;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

/**
 * Loads a config file (or the defaults when `file` is undefined); `text` overrides the file's content (an unsaved editor).
 * `reader` reads the competency framework it names (the disk; another version of the tree for `roadmap diff`).
 */
export function loadConfig(file: string | undefined, text: string | undefined, reader: ConfigReader): LoadedConfig {
  if (!file) return withFilter({ resolved: defaultConfig(), problems: [] }, currentFolder());
  let source = text;
  if (source === undefined) {
    try {
      source = reader.readFile(file);
    } catch (err) {
      const resolved = defaultConfig();
      const problem = { message: `Cannot read ${CONFIG_FILE_NAME}: ${(err as Error).message}`, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } };
      return withFilter({ file, resolved, problems: [problem] }, path.dirname(file));
    }
  }
  const resolved = resolveConfig(source);
  const loaded: Omit<LoadedConfig, 'accepts'> = { file, resolved, problems: [...resolved.problems] };
  if (resolved.competencyFramework) {
    const frameworkFile = path.resolve(path.dirname(file), resolved.competencyFramework);
    loaded.frameworkFile = frameworkFile;
    const range = resolved.competencyFrameworkRange ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    try {
      const { names, problem } = parseCompetencyFramework(reader.readFile(frameworkFile), /\.json$/i.test(frameworkFile));
      if (problem) loaded.problems.push({ message: `The competency framework ${resolved.competencyFramework} is ${problem}.`, range });
      else if (names.length === 0) loaded.problems.push({ message: `The competency framework ${resolved.competencyFramework} lists no competency.`, range });
      else loaded.framework = names;
    } catch {
      loaded.problems.push({ message: `The competency framework ${resolved.competencyFramework} does not exist.`, range });
    }
  }
  return withFilter(loaded, path.dirname(file));
}

function withFilter(loaded: Omit<LoadedConfig, 'accepts'>, root: string): LoadedConfig {
  const { include, ignore } = loaded.resolved;
  const opts = { dot: false, nocase: typeof process !== 'undefined' && process.platform === 'win32' };
  // Compiled once: a glob compiled per file costs more than reading the file.
  const includes = include.map((g) => new Minimatch(g, opts));
  const ignores = ignore.flatMap((g) => [new Minimatch(g, opts), new Minimatch(g.replace(/\/?$/, '/**'), opts)]);
  const everything = include.length === 1 && include[0] === '**/*.md';
  const under = path.resolve(root) + path.sep;
  /** Folders' paths relative to the root, for files elsewhere (without a config file the root is the current folder). */
  const relDirs = new Map<string, string>();
  const relOf = (file: string): string => {
    // Files found under the root (10,000 at a cold start) need no path arithmetic.
    if (path.sep === '/' && file.startsWith(under) && !file.includes('/.') && !file.includes('//')) return file.slice(under.length);
    const full = path.resolve(file);
    const dir = path.dirname(full);
    let rel = relDirs.get(dir);
    if (rel === undefined) {
      rel = path.relative(root, dir).split(path.sep).join('/');
      if (relDirs.size >= 4096) relDirs.clear();
      relDirs.set(dir, rel);
    }
    const base = path.basename(full);
    return rel ? `${rel}/${base}` : base;
  };
  return {
    ...loaded,
    accepts(file: string): boolean {
      const rel = relOf(file);
      if (isSkippedPath(rel)) return false;
      // Outside the config's folder the globs do not reach: such files are checked when given explicitly.
      if (rel.startsWith('../')) return true;
      if (!(everything && rel.endsWith('.md')) && !includes.some((m) => m.match(rel))) return false;
      return !ignores.some((m) => m.match(rel));
    },
  };
}

/** The process's folder; in a browser (no process) the root. */
export function currentFolder(): string {
  return typeof process === 'undefined' ? '/' : process.cwd();
}
