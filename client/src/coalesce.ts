/**
 * One run of `task` at a time: called while a run is under way, it runs `task` once more
 * after it (however many calls came meanwhile), and every caller's promise settles with
 * the run that covers its call. The graph's store and the overview's panel refresh so,
 * each from the server's latest answer. `stop` ends the repeats early (a disposed panel).
 */
export function coalesced(task: () => Promise<void>, stop: () => boolean = () => false): () => Promise<void> {
  let running: Promise<void> | undefined;
  let again = false;
  return () => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      try {
        do {
          again = false;
          await task();
        } while (again && !stop());
      } finally {
        running = undefined;
      }
    })();
    return running;
  };
}
