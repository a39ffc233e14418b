// The webview driver: what lets an in-editor test (running in the extension host, where a
// webview is only a `postMessage` away) act on a webview's DOM as a user would. The runner
// that holds the browser (code-server.mjs, the graph bench) starts this small HTTP server on
// 127.0.0.1 (a random port) and hands its URL to the extension host in the environment
// (ROADMAP_WEBVIEW_DRIVER); test/suite/webview.ts calls it. Each request is one Playwright
// action on the workbench page, inside the webview's content frame:
//
//   workbench page ─ iframe.webview (pre/index.html?extensionId=…) ─ iframe#active-frame (the extension's HTML)
//
// A webview is named by its page's <title> (the graph's is "Roadmap Graph") or by the ID of
// the extension that made it; among several, a visible one is taken. Clicks and keys are real
// input events (Playwright's mouse and keyboard through the DevTools protocol, at the element's
// place on the screen, after its actionability checks), not dispatched DOM events. Scripts for
// `evaluate`/`waitFor` run through the DevTools protocol, which the page's content security
// policy does not block.
//
// POST /<op> with a JSON body; the answer is { value } or { error } (a message that names the
// webview, the selector and what was there instead). Ops:
//   webviews {}                                  the open webviews: [{ title, extensionId, visible }]
//   click    { view, selector, timeout? }        a real mouse click on the one element matching selector
//   press    { key, view?, selector?, timeout? } a real key press (on that element, focused first; else where focus is)
//   waitFor  { view, selector?, state?, predicate?, arg?, timeout? }
//            selector: until an element matches (state: attached | visible | hidden | detached; default visible);
//            predicate: the source of a function (arg) => value, polled in the page until truthy; returns the value
//   text     { view, selector, all?, timeout? }  textContent of the (first | every) matching element
//   evaluate { view, fn, arg? }                  the value of (fn)(arg) in the page (fn: a function's source)
//   axe      { view, options? }                  axe-core run on the page's document: its violations
import fs from 'node:fs';
import http from 'node:http';
import { createRequire } from 'node:module';

/** The environment variable the extension host reads the driver's URL from. */
export const DRIVER_ENV = 'ROADMAP_WEBVIEW_DRIVER';

const DEFAULT_TIMEOUT = 10_000;
const OUTER = /\/webview\/browser\/pre\/index\.html/;

/** The first lines of a Playwright error (its call log follows). */
function short(e) {
  // eslint-disable-next-line no-control-regex
  const m = (e instanceof Error ? e.message : String(e)).replace(/\x1b\[[0-9;]*m/g, '').split('\n');
  return m.slice(0, 3).join(' ').replace(/\s+/g, ' ').trim();
}

function describe(views) {
  if (!views.length) return 'no webview is open';
  return `open webviews: ${views.map((v) => `"${v.title}" (${v.extensionId || 'no extension'}${v.visible ? ', visible' : ', hidden'}${v.frame ? '' : ', not loaded'})`).join(', ')}`;
}

/** Every webview of the workbench page: its outer frame, its content frame (once loaded), title, extension, visibility. */
export async function listWebviews(page) {
  const out = [];
  for (const outer of page.frames()) {
    if (!OUTER.test(outer.url()) || outer.isDetached()) continue;
    let extensionId = '';
    try {
      extensionId = new URL(outer.url()).searchParams.get('extensionId') ?? '';
    } catch {}
    let frame;
    for (const child of outer.childFrames()) {
      const id = await child
        .frameElement()
        .then((h) => h.getAttribute('id'))
        .catch(() => null);
      if (id === 'active-frame') frame = child;
    }
    const visible = await outer
      .frameElement()
      .then((h) => h.isVisible())
      .catch(() => false);
    const title = frame ? await frame.title().catch(() => '') : '';
    out.push({ frame, title, extensionId, visible });
  }
  return out;
}

/**
 * The content frame of the webview named `view` (its <title> or its extension's ID), waiting
 * up to `timeout` ms for it to exist and be loaded; a visible one first.
 */
export async function findWebview(page, view, timeout = DEFAULT_TIMEOUT, asked = timeout) {
  if (typeof view !== 'string' || !view) throw new Error('which webview? give its page title (e.g. "Roadmap Graph") or its extension ID');
  const deadline = Date.now() + timeout;
  for (;;) {
    const views = await listWebviews(page);
    const named = views.filter((v) => v.frame && (v.title === view || v.extensionId === view));
    const pick = named.find((v) => v.visible) ?? named[0];
    if (pick) return pick.frame;
    if (Date.now() > deadline) throw new Error(`no webview "${view}" within ${asked} ms (${describe(views)})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Runs `fn(frame, msLeft)` on the webview's content frame; when the frame goes away meanwhile
 * (the webview was hidden and shown again, and reloaded), finds it again and retries, until `timeout`.
 */
async function inWebview(page, view, timeout, what, fn) {
  const deadline = Date.now() + timeout;
  for (;;) {
    // The time left for it; the message names the time the caller asked for.
    const frame = await findWebview(page, view, Math.max(0, deadline - Date.now()), timeout);
    try {
      return await fn(frame, Math.max(1, deadline - Date.now()));
    } catch (e) {
      const detached = frame.isDetached() || /detached|Execution context was destroyed|Target closed/i.test(String(e?.message));
      if (detached && Date.now() < deadline) continue;
      throw new Error(`webview "${view}": ${what}: ${short(e)}`);
    }
  }
}

/** How many elements match, for messages ("it has 0 …"). */
async function countOf(frame, selector) {
  return frame
    .locator(selector)
    .count()
    .catch(() => '?');
}

let axeSource;
function axe() {
  axeSource ??= fs.readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
  return axeSource;
}

/** The ops, each (page, body) => value. Exported for the bench, which drives the same page in-process. */
export const ops = {
  async webviews(page) {
    return (await listWebviews(page)).map(({ title, extensionId, visible, frame }) => ({ title, extensionId, visible, loaded: !!frame }));
  },

  async click(page, { view, selector, timeout = DEFAULT_TIMEOUT }) {
    return inWebview(page, view, timeout, `click ${selector}`, async (frame, left) => {
      // Wait for it to appear (a click right after the command), then click.
      try {
        await frame.locator(selector).first().waitFor({ state: 'attached', timeout: left });
      } catch (e) {
        if (frame.isDetached()) throw e;
        throw new Error(`no element matches it within ${timeout} ms; body: ${await bodySummary(frame)}`);
      }
      await frame.locator(selector).click({ timeout: Math.max(1, left) });
      return true;
    });
  },

  async press(page, { key, view, selector, timeout = DEFAULT_TIMEOUT }) {
    if (typeof key !== 'string' || !key) throw new Error('press: which key? (e.g. "Enter", "Tab", "Control+P")');
    if (!selector) {
      await page.keyboard.press(key);
      return true;
    }
    return inWebview(page, view, timeout, `press ${key} on ${selector}`, async (frame, left) => {
      await frame.locator(selector).press(key, { timeout: left });
      return true;
    });
  },

  async waitFor(page, { view, selector, state = 'visible', predicate, arg, timeout = DEFAULT_TIMEOUT }) {
    if (selector) {
      return inWebview(page, view, timeout, `wait for ${selector} (${state})`, async (frame, left) => {
        try {
          await frame.locator(selector).first().waitFor({ state, timeout: left });
        } catch (e) {
          throw new Error(`${short(e)}; the page has ${await countOf(frame, selector)} element(s) matching it, body: ${await bodySummary(frame)}`);
        }
        return true;
      });
    }
    if (typeof predicate !== 'string') throw new Error('waitFor: give a selector or a predicate (a function)');
    const expr = `(${predicate})(${JSON.stringify(arg ?? null)})`;
    let last;
    return inWebview(page, view, timeout, 'wait for a condition', async (frame, left) => {
      const deadline = Date.now() + left;
      for (;;) {
        try {
          last = await frame.evaluate(expr);
          if (last) return last;
        } catch (e) {
          if (frame.isDetached()) throw e;
          last = `threw: ${short(e)}`;
        }
        if (Date.now() > deadline) throw new Error(`the condition was not met within ${timeout} ms (last value: ${JSON.stringify(last)}); body: ${await bodySummary(frame)}\n  condition: ${predicate.slice(0, 300)}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    });
  },

  async text(page, { view, selector, all = false, timeout = DEFAULT_TIMEOUT }) {
    return inWebview(page, view, timeout, `text of ${selector}`, async (frame, left) => {
      const loc = frame.locator(selector);
      try {
        await loc.first().waitFor({ state: 'attached', timeout: left });
      } catch (e) {
        throw new Error(`${short(e)}; body: ${await bodySummary(frame)}`);
      }
      return all ? loc.allTextContents() : loc.first().textContent();
    });
  },

  async evaluate(page, { view, fn, arg, timeout = DEFAULT_TIMEOUT }) {
    if (typeof fn !== 'string') throw new Error('evaluate: give a function');
    return inWebview(page, view, timeout, 'evaluate', (frame) => frame.evaluate(`(${fn})(${JSON.stringify(arg ?? null)})`));
  },

  async axe(page, { view, options = {}, timeout = DEFAULT_TIMEOUT }) {
    const source = axe();
    return inWebview(page, view, timeout, 'axe-core', async (frame) => {
      // Injected through the DevTools protocol (the page's CSP allows no foreign script).
      if (!(await frame.evaluate('typeof window.axe === "object"'))) await frame.evaluate(source);
      return frame.evaluate(
        `axe.run(document, ${JSON.stringify(options)}).then((r) => r.violations.map((v) => ({
          id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
          nodes: v.nodes.map((n) => ({ target: n.target, html: n.html.slice(0, 300), summary: n.failureSummary })),
        })))`,
      );
    });
  },
};

/** A short picture of the page, for failure messages: body attributes and the first text. */
async function bodySummary(frame) {
  return frame
    .evaluate(() => {
      const b = document.body;
      if (!b) return '(no body)';
      const attrs = [...b.attributes].map((a) => `${a.name}="${a.value}"`).join(' ');
      const text = (b.innerText || '').replace(/\s+/g, ' ').trim().slice(0, 200);
      return `<body ${attrs}> ${JSON.stringify(text)}`;
    })
    .catch((e) => `(unreadable: ${short(e)})`);
}

/**
 * Starts the driver's HTTP server for `page` (or for the page given later to `setPage`: the
 * URL must be in code-server's environment before the browser opens it) on 127.0.0.1 (a random port).
 * Returns { url, env: { ROADMAP_WEBVIEW_DRIVER: url }, close() }. `log(line)` hears each failed op.
 */
export async function startWebviewDriver(page, { log = () => {} } = {}) {
  let current = page;
  const server = http.createServer((req, res) => {
    const op = (req.url ?? '').replace(/^\//, '').replace(/\?.*$/, '');
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', async () => {
      let answer;
      try {
        if (req.method !== 'POST' || !Object.hasOwn(ops, op)) throw new Error(`unknown driver op "${op}" (have ${Object.keys(ops).join(', ')})`);
        if (!current) throw new Error('the workbench page is not open yet');
        const body = chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : {};
        answer = { value: (await ops[op](current, body)) ?? null };
      } catch (e) {
        answer = { error: e instanceof Error ? e.message : String(e) };
        log(`webview driver: ${op}: ${answer.error}`);
      }
      const json = JSON.stringify(answer);
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(json) });
      res.end(json);
    });
  });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: '127.0.0.1', port: 0 }, resolve);
  });
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    env: { [DRIVER_ENV]: url },
    /** Drives another page from now on (a bench that reloads the workbench). */
    setPage(p) {
      current = p;
    },
    close: () =>
      new Promise((r) => {
        server.close(() => r());
        server.closeAllConnections();
      }),
  };
}
