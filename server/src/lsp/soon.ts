/**
 * Runs a function soon, after the messages already received: `setImmediate` in node; in
 * a browser's worker (no `setImmediate`, and nested timers clamped to 4 ms) a message
 * posted to itself over a `MessageChannel`.
 */
export const soon: (f: () => void) => void =
  typeof setImmediate === 'function'
    ? (f) => void setImmediate(f)
    : (() => {
        const queue: Array<() => void> = [];
        const channel = new MessageChannel();
        channel.port1.onmessage = () => queue.shift()?.();
        return (f: () => void) => {
          queue.push(f);
          channel.port2.postMessage(undefined);
        };
      })();
