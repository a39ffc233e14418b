/**
 * Which paths are roadmap candidates: string tests only, shared by the disk (node/) and
 * the browser's file access through the client (browser/).
 */
/** Folders never searched: dependencies, version control, build output, editor state. */
export const SKIPPED_DIRS = new Set(['node_modules', 'bower_components', 'dist', 'out', 'build', 'target', '__pycache__']);

export function isMarkdownPath(p: string): boolean {
  return /\.(md|markdown)$/i.test(p);
}

/** True when a path lies in a folder that is never searched, relative to a root. */
export function isSkippedPath(p: string): boolean {
  return p.split(/[\\/]/).some((part) => SKIPPED_DIRS.has(part) || (part.startsWith('.') && part.length > 1 && part !== '..'));
}
