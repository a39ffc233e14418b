/**
 * Finding and reading roadmap candidates on disk, for the language server and the
 * CLI. (The core never touches the file system.)
 */
import fs from 'node:fs/promises';
import path from 'node:path';

/** Folders never searched: dependencies, version control, build output, editor state. */
export const SKIPPED_DIRS = new Set(['node_modules', 'bower_components', 'dist', 'out', 'build', 'target', '__pycache__']);

/** Files larger than this are not read (a roadmap is a few kilobytes). */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

export function isMarkdownPath(p: string): boolean {
  return /\.(md|markdown)$/i.test(p);
}

/** True when a path lies in a folder that is never searched, relative to a root. */
export function isSkippedPath(p: string): boolean {
  return p.split(/[\\/]/).some((part) => SKIPPED_DIRS.has(part) || (part.startsWith('.') && part.length > 1 && part !== '..'));
}

/** Every markdown file under `root`, skipping hidden and dependency folders; unreadable folders are passed over. */
export async function findMarkdownFiles(root: string): Promise<string[]> {
  const out: string[] = [];
  const stat = await fs.stat(root).catch(() => undefined);
  if (!stat) return out;
  if (stat.isFile()) return isMarkdownPath(root) ? [root] : [];
  const stack = [root];
  while (stack.length) {
    const dir = stack.pop()!;
    const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const e of entries) {
      if (e.isDirectory()) {
        if (!SKIPPED_DIRS.has(e.name) && !e.name.startsWith('.')) stack.push(path.join(dir, e.name));
      } else if (e.isFile() && isMarkdownPath(e.name)) out.push(path.join(dir, e.name));
    }
  }
  return out.sort();
}

/** The text of a file, or undefined when it cannot be read or is too large. */
export async function readText(file: string): Promise<string | undefined> {
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile() || stat.size > MAX_FILE_BYTES) return undefined;
    const text = await fs.readFile(file, 'utf8');
    // As VS Code does for the editor's text: a byte order mark is not content.
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    return undefined;
  }
}
