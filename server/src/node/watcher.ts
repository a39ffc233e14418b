/**
 * The server's own file watcher, for clients that cannot watch files for it (no
 * dynamic registration of `workspace/didChangeWatchedFiles`, as Neovim 0.7's built-in
 * client). chokidar does the watching; its events are gathered into batches
 * (one per WATCH_BATCH_MS of quiet, as an editor's watcher batches them) and handed to
 * the same handler as the client's `didChangeWatchedFiles`, so the same rules apply:
 * folders never searched are not even watched, and the handler skips what they skip.
 */
import { watch as chokidar } from 'chokidar';
import { FileChangeType } from 'vscode-languageserver';
import type { WatchFactory } from '../lsp/workspaceSync';

/** How long the watcher waits after an event for more before reporting the batch. */
export const WATCH_BATCH_MS = 50;

export const watchWithChokidar: WatchFactory = (paths, ignored, onChanges) => {
  let batch: Array<{ path: string; type: FileChangeType }> = [];
  let timer: NodeJS.Timeout | undefined;
  const push = (type: FileChangeType) => (p: string) => {
    batch.push({ path: p, type });
    clearTimeout(timer);
    timer = setTimeout(() => {
      const changes = batch;
      batch = [];
      onChanges(changes);
    }, WATCH_BATCH_MS);
  };
  const watcher = chokidar(paths, {
    ignoreInitial: true,
    // A file written by renaming a temporary one over it is one change, not a deletion and a creation.
    atomic: true,
    ignorePermissionErrors: true,
    ignored: (p, stats) => ignored(p, stats ? stats.isFile() : undefined),
  });
  watcher
    .on('add', push(FileChangeType.Created))
    .on('addDir', push(FileChangeType.Created))
    .on('change', push(FileChangeType.Changed))
    .on('unlink', push(FileChangeType.Deleted))
    .on('unlinkDir', push(FileChangeType.Deleted))
    // A folder that cannot be watched (permissions, too many watches) is passed over; the rest still is.
    .on('error', () => undefined);
  const ready = new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  return {
    ready,
    add: (more) => void (more.length && watcher.add(more)),
    unwatch: (less) => void (less.length && watcher.unwatch(less)),
    close: async () => {
      clearTimeout(timer);
      await watcher.close();
    },
  };
};
