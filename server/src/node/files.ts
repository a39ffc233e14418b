/**
 * Finding and reading roadmap candidates on disk, for the language server and the
 * CLI. (The core never touches the file system.)
 */
import fsSync from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { DEFAULT_MAX_DOCUMENT_BYTES } from '../core/limits';
import { isMarkdownPath, SKIPPED_DIRS } from '../files/paths';

export { isMarkdownPath, isSkippedPath, SKIPPED_DIRS } from '../files/paths';

/** Files are read no further than this by default (the engine's default size limit); a roadmap is a few kilobytes. */
export const MAX_FILE_BYTES = DEFAULT_MAX_DOCUMENT_BYTES;

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
    // What path.join(dir, name) gives for a plain name, taken once a folder: joining each file costs more than reading it.
    const prefix = path.join(dir, 'x').slice(0, -1);
    for (const e of entries) {
      if (e.isDirectory()) {
        if (!SKIPPED_DIRS.has(e.name) && !e.name.startsWith('.')) stack.push(prefix + e.name);
      } else if (e.isFile() && isMarkdownPath(e.name)) out.push(prefix + e.name);
    }
  }
  return out.sort();
}

/**
 * A file's text and its size in bytes, or undefined when it cannot be read. A file
 * larger than `maxBytes` is read only up to `maxBytes + 1` bytes: the engine
 * (`RoadmapWorkspace.set(uri, text, size)`) then reports it as skipped, with its size,
 * instead of it vanishing silently.
 */
/**
 * The same as `readDocument`, synchronously: for bulk loading, where a file's few
 * synchronous system calls cost less than four trips through libuv's thread pool.
 */
export function readDocumentSync(file: string, maxBytes = MAX_FILE_BYTES): { text: string; size: number } | undefined {
  let fd: number | undefined;
  try {
    fd = fsSync.openSync(file, 'r');
    // Read into one reused buffer, up to one byte past the limit: no stat and no buffer
    // per file (a folder fails the read and is passed over like an unreadable file).
    let n = 0;
    for (;;) {
      if (n === readBuffer.length && n <= maxBytes) {
        const bigger = Buffer.allocUnsafe(Math.min(readBuffer.length * 2, maxBytes + 1));
        readBuffer.copy(bigger, 0, 0, n);
        readBuffer = bigger;
      }
      const want = Math.min(readBuffer.length, maxBytes + 1) - n;
      if (want <= 0) break;
      const got = fsSync.readSync(fd, readBuffer, n, want, null);
      if (got === 0) break;
      n += got;
    }
    const size = n > maxBytes ? fsSync.fstatSync(fd).size : n;
    const text = readBuffer.toString('utf8', 0, n);
    if (readBuffer.length > READ_BUFFER_KEEP) readBuffer = Buffer.allocUnsafe(READ_BUFFER_KEEP);
    return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, size };
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) fsSync.closeSync(fd);
  }
}

/** The buffer `readDocumentSync` reads into; one that grew past this for a large file is let go. */
const READ_BUFFER_KEEP = 256 * 1024;
let readBuffer = Buffer.allocUnsafe(64 * 1024);

export async function readDocument(file: string, maxBytes = MAX_FILE_BYTES): Promise<{ text: string; size: number } | undefined> {
  let handle: fs.FileHandle | undefined;
  try {
    handle = await fs.open(file, 'r');
    const stat = await handle.stat();
    if (!stat.isFile()) return undefined;
    let text: string;
    if (stat.size > maxBytes) {
      const buffer = Buffer.alloc(maxBytes + 1);
      const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
      text = buffer.subarray(0, bytesRead).toString('utf8');
    } else text = await handle.readFile('utf8');
    // As VS Code does for the editor's text: a byte order mark is not content.
    return { text: text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, size: stat.size };
  } catch {
    return undefined;
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** The text of a file (only its beginning when it is over `maxBytes`), or undefined when it cannot be read. */
export async function readText(file: string, maxBytes = MAX_FILE_BYTES): Promise<string | undefined> {
  return (await readDocument(file, maxBytes))?.text;
}
