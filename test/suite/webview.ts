/**
 * Real clicks and keys inside webviews, for the in-editor tests.
 *
 * A test runs in the extension host, where a webview is only a `postMessage` away: it cannot
 * see the page's DOM or click in it. The runner that holds the browser (test/runners/code-server.mjs)
 * can: it starts the webview driver (test/runners/webviewDriver.mjs), a small HTTP server on
 * 127.0.0.1, and passes its URL to the extension host as ROADMAP_WEBVIEW_DRIVER. Each function
 * here is one request to it, i.e. one Playwright action on the workbench page inside the
 * webview's content frame (workbench → `iframe.webview` → `iframe#active-frame`):
 *
 *   await webview.click('Roadmap Graph', '[data-node-id="MOD-302"]');   // a real mouse click
 *   await webview.waitFor('Roadmap Graph', 'body[data-state="interactive"]');
 *   const ids = await webview.waitFor('Roadmap Graph', (want) => ..., ['MOD-301']);  // polled until truthy
 *   const t = await webview.text('Roadmap Graph', '#message');
 *   const n = await webview.evaluate('Roadmap Graph', () => document.querySelectorAll('g.node').length);
 *   await webview.press('Enter', { view: 'Roadmap Graph', selector: '[data-node-id="MOD-302"]' });
 *   const violations = await webview.axe('Curriculum Overview', { runOnly: ['wcag2a', 'wcag2aa'] });
 *
 * A webview is named by its page's `<title>` (the graph's is "Roadmap Graph") or by the ID of the
 * extension that made it; a visible one is taken first. Functions given to `waitFor`/`evaluate`
 * run in the page: they are sent as source text, so they may use only their argument (JSON) and
 * the page's globals, not the test's variables. Every call waits (default 10 s) for the webview
 * and the element, and fails with a message naming the webview and the selector and saying what
 * was there instead. Without the driver (desktop VS Code through test/runners/electron.mjs) each
 * call fails saying so.
 */
import * as assert from 'assert';

export const DRIVER_ENV = 'ROADMAP_WEBVIEW_DRIVER';

export interface DriverOptions {
  /** How long to wait for the webview and the element, in ms (default 10,000). */
  timeout?: number;
}

export interface AxeViolation {
  id: string;
  impact?: 'minor' | 'moderate' | 'serious' | 'critical' | null;
  help: string;
  helpUrl: string;
  nodes: { target: unknown[]; html: string; summary?: string }[];
}

export interface WebviewInfo {
  title: string;
  extensionId: string;
  visible: boolean;
  loaded: boolean;
}

/** Whether the runner gave this extension host a webview driver. */
export function driverAvailable(): boolean {
  return !!process.env[DRIVER_ENV];
}

async function call<T>(op: string, body: object): Promise<T> {
  const url = process.env[DRIVER_ENV];
  assert.ok(url, `no webview driver: ${DRIVER_ENV} is not set. Clicks inside webviews need the code-server runner (npm run test:editor), which starts one`);
  let res: Response;
  try {
    res = await fetch(`${url}/${op}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  } catch (e) {
    throw new Error(`the webview driver at ${url} did not answer ${op}: ${e instanceof Error ? e.message : String(e)}`);
  }
  const answer = (await res.json()) as { value?: T; error?: string };
  if (answer.error !== undefined) throw new Error(answer.error);
  return answer.value as T;
}

type PageFunction<A, R> = (arg: A) => R | Promise<R>;

export const webview = {
  /** The open webviews, as the driver sees them. */
  list(): Promise<WebviewInfo[]> {
    return call('webviews', {});
  },

  /** Clicks the one element matching `selector` (waiting for it) with a real mouse click. */
  async click(view: string, selector: string, opts: DriverOptions = {}): Promise<void> {
    await call('click', { view, selector, ...opts });
  },

  /** Presses a key (Playwright's names: "Enter", "Tab", "Control+P"): on the element matching `selector` (focused first) or wherever focus is. */
  async press(key: string, opts: DriverOptions & { view?: string; selector?: string } = {}): Promise<void> {
    await call('press', { key, ...opts });
  },

  /**
   * Waits until an element matches `selector` (visible, unless `state` says otherwise), or until
   * `predicate(arg)`, run in the page, returns something truthy, and returns that.
   */
  waitFor<R = true, A = unknown>(view: string, what: string | PageFunction<A, R | false | null | undefined>, arg?: A, opts: DriverOptions & { state?: 'attached' | 'visible' | 'hidden' | 'detached' } = {}): Promise<R> {
    return typeof what === 'string' ? call('waitFor', { view, selector: what, ...opts }) : call('waitFor', { view, predicate: what.toString(), arg, ...opts });
  },

  /** The textContent of the first element matching `selector` (waiting for one). */
  text(view: string, selector: string, opts: DriverOptions = {}): Promise<string> {
    return call('text', { view, selector, ...opts });
  },

  /** The textContent of every element matching `selector` (after one exists). */
  texts(view: string, selector: string, opts: DriverOptions = {}): Promise<string[]> {
    return call('text', { view, selector, all: true, ...opts });
  },

  /** The value (JSON) of `fn(arg)` run in the page. */
  evaluate<R, A = unknown>(view: string, fn: PageFunction<A, R>, arg?: A, opts: DriverOptions = {}): Promise<R> {
    return call('evaluate', { view, fn: fn.toString(), arg, ...opts });
  },

  /** Runs axe-core (the axe-core package) on the page's document; `options` are axe.run's. */
  axe(view: string, options: object = {}, opts: DriverOptions = {}): Promise<AxeViolation[]> {
    return call('axe', { view, options, ...opts });
  },
};
