/**
 * The webview driver's plumbing (test/runners/webviewDriver.mjs, test/suite/webview.ts)
 * without a browser: the suite's helper talks HTTP to the runner's server, which finds the
 * webview's content frame (workbench → iframe.webview → #active-frame) on a stand-in
 * Playwright page and acts in it; a failure comes back as a message naming the webview, the
 * selector and what was there. The real thing runs in the in-editor suite (editor.test.ts).
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { DRIVER_ENV, webview } from '../suite/webview';

interface Driver {
  url: string;
  env: Record<string, string>;
  setPage(p: unknown): void;
  close(): Promise<void>;
}
interface DriverModule {
  DRIVER_ENV: string;
  startWebviewDriver(page: unknown, o?: { log?: (l: string) => void }): Promise<Driver>;
}

/** What the driver calls on a Playwright locator, recorded. */
function locator(calls: string[], selector: string, matches: number) {
  const l = {
    first: () => l,
    count: async () => matches,
    waitFor: async ({ timeout }: { timeout: number }) => {
      calls.push(`waitFor ${selector}`);
      if (matches === 0) throw new Error(`locator.waitFor: Timeout ${timeout}ms exceeded.\n\u001b[2mCall log:\u001b[22m`);
    },
    click: async () => {
      calls.push(`click ${selector}`);
      if (matches > 1) throw new Error(`strict mode violation: locator('${selector}') resolved to ${matches} elements`);
    },
    press: async (key: string) => void calls.push(`press ${key} on ${selector}`),
    textContent: async () => `text of ${selector}`,
    allTextContents: async () => [`a ${selector}`, `b ${selector}`],
  };
  return l;
}

/** A stand-in workbench page with one webview whose content frame is titled `title`. */
function fakePage(title: string, counts: Record<string, number>, calls: string[]) {
  const content = {
    url: () => 'http://127.0.0.1:8090/stable-x/static/out/vs/workbench/contrib/webview/browser/pre/fake.html?id=1',
    isDetached: () => false,
    title: async () => title,
    frameElement: async () => ({ getAttribute: async (a: string) => (a === 'id' ? 'active-frame' : null) }),
    locator: (sel: string) => locator(calls, sel, counts[sel] ?? 0),
    evaluate: async (expr: string | (() => unknown)) => {
      if (typeof expr === 'function') return '<body data-state="drawn"> "summary"'; // the failure message's picture of the page
      calls.push(`evaluate ${expr.slice(0, 60)}`);
      return 42;
    },
  };
  const outer = {
    url: () => 'http://127.0.0.1:8090/stable-x/static/out/vs/workbench/contrib/webview/browser/pre/index.html?id=1&extensionId=roadmap-author.roadmap-author',
    isDetached: () => false,
    childFrames: () => [content],
    frameElement: async () => ({ isVisible: async () => true }),
  };
  const main = { url: () => 'http://127.0.0.1:8090/', isDetached: () => false, childFrames: () => [outer] };
  return {
    frames: () => [main, outer, content],
    keyboard: { press: async (k: string) => void calls.push(`keyboard ${k}`) },
  };
}

describe('webview driver', () => {
  let mod: DriverModule;
  let driver: Driver;
  const calls: string[] = [];
  const logged: string[] = [];
  before(async () => {
    mod = (await import(pathToFileURL(path.resolve('test/runners/webviewDriver.mjs')).href)) as DriverModule;
    driver = await mod.startWebviewDriver(undefined, { log: (l) => logged.push(l) });
    process.env[DRIVER_ENV] = driver.url;
  });
  after(async () => {
    delete process.env[DRIVER_ENV];
    await driver.close();
  });

  it('hands its URL to the extension host under the name the suite reads', () => {
    assert.equal(mod.DRIVER_ENV, DRIVER_ENV);
    assert.deepEqual(driver.env, { [DRIVER_ENV]: driver.url });
    assert.match(driver.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('says so when the browser page is not open yet', async () => {
    await assert.rejects(webview.click('Roadmap Graph', '[data-node-id="A"]'), /the workbench page is not open yet/);
  });

  it('clicks, presses and reads in the content frame of the webview named by its title or extension', async () => {
    driver.setPage(fakePage('Roadmap Graph', { '[data-node-id="MOD-1"]': 1, 'p': 2 }, calls));
    calls.length = 0;
    await webview.click('Roadmap Graph', '[data-node-id="MOD-1"]');
    await webview.click('roadmap-author.roadmap-author', '[data-node-id="MOD-1"]');
    await webview.press('Enter', { view: 'Roadmap Graph', selector: '[data-node-id="MOD-1"]' });
    await webview.press('F1');
    assert.equal(await webview.text('Roadmap Graph', 'p'), 'text of p');
    assert.deepEqual(await webview.texts('Roadmap Graph', 'p'), ['a p', 'b p']);
    assert.deepEqual(calls, [
      'waitFor [data-node-id="MOD-1"]',
      'click [data-node-id="MOD-1"]',
      'waitFor [data-node-id="MOD-1"]',
      'click [data-node-id="MOD-1"]',
      'press Enter on [data-node-id="MOD-1"]',
      'keyboard F1',
      'waitFor p',
      'waitFor p',
    ]);
    assert.deepEqual(await webview.list(), [{ title: 'Roadmap Graph', extensionId: 'roadmap-author.roadmap-author', visible: true, loaded: true }]);
  });

  it('sends a page function as source, with its argument as JSON', async () => {
    calls.length = 0;
    await webview.evaluate('Roadmap Graph', (n: number) => n + 1, 41);
    assert.equal(calls.length, 1);
    assert.match(calls[0], /^evaluate \(\(?n\)? => n \+ 1\)\(41\)/);
  });

  it('fails with a message naming the webview, the selector and what is there', async () => {
    await assert.rejects(webview.click('Curriculum Overview', 'td', { timeout: 150 }), (e: Error) => {
      assert.match(e.message, /^no webview "Curriculum Overview" within 150 ms \(open webviews: "Roadmap Graph" \(roadmap-author\.roadmap-author, visible\)\)$/);
      return true;
    });
    await assert.rejects(webview.click('Roadmap Graph', '[data-node-id="MOD-9"]', { timeout: 100 }), (e: Error) => {
      assert.match(e.message, /^webview "Roadmap Graph": click \[data-node-id="MOD-9"\]: no element matches it within 100 ms; body: /);
      return true;
    });
    await assert.rejects(webview.click('Roadmap Graph', 'p'), (e: Error) => {
      assert.match(e.message, /^webview "Roadmap Graph": click p: strict mode violation: locator\('p'\) resolved to 2 elements$/);
      return true;
    });
    await assert.rejects(webview.press(''), /press: which key\?/);
    assert.ok(logged.some((l) => l.includes('no webview "Curriculum Overview"')), `the runner logs failed ops: ${logged.join('\n')}`);
  });

  it('fails without a driver, saying which runner has one', async () => {
    const url = process.env[DRIVER_ENV];
    delete process.env[DRIVER_ENV];
    try {
      await assert.rejects(webview.click('Roadmap Graph', 'p'), /no webview driver: ROADMAP_WEBVIEW_DRIVER is not set.*npm run test:editor/);
    } finally {
      process.env[DRIVER_ENV] = url;
    }
  });
});
