/// <reference types="mocha" />
/**
 * The graph preview cannot be abused (issue 6, item 5), in a real VS Code: the
 * page runs in the real webview, in the browser.
 *
 * - Documents whose titles, roles and IDs-in-prose hold `<script>`, `<img onerror>`,
 *   `javascript:` links and quotes are drawn as text: the page reports each node's
 *   text as its DOM holds it (textContent), and it equals the documents' text exactly;
 *   the page's script and image counts stay what they were before those documents;
 *   no message of an unexpected type (e.g. `pwned`) reached the extension.
 * - The HTML shell's content security policy: `default-src 'none'`, scripts only
 *   with the page's nonce, nothing unsafe.
 * - An "open" for something that is not a document of the graph (a path outside
 *   the workspace, a file of the workspace that is not in the graph, an undefined ID,
 *   a malformed message) is refused through the same validation as a click, and
 *   no editor opens for it.
 *
 * The API this relies on (returned by `activate()`): graphLabels(), graphDomCounts(),
 * graphHtml(), rejectedMessages(), _testPostMessage(raw) (an "open" the page never sends goes through it).
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activate, file, rel, resetEditors, waitFor } from './helpers';

interface NodeLabel {
  id: string;
  lines: string[];
  tooltip: string;
}
interface RejectedMessage {
  reason: 'invalid' | 'refused';
  type?: string;
  json: string;
}
interface SecurityApi {
  graphState(): string[] | undefined;
  graphLabels(): Record<string, NodeLabel> | undefined;
  graphDomCounts(): { scripts?: number; images?: number } | undefined;
  graphHtml(): string | undefined;
  rejectedMessages(): RejectedMessage[];
  _testPostMessage(message: unknown): Promise<boolean>;
}

const SCRIPT = '<script>window.__pwned=1</script>';
const IMG = `<img src=x onerror="acquireVsCodeApi().postMessage({type:'pwned'})">`;
const JSLINK = '[x](javascript:alert(1))';
const QUOTES = `"'`;

interface HostileDoc {
  id: string;
  title: string;
  role: string;
  prereq: string;
  next: string;
  /** Prose (the summary line and a notes bullet) mentioning IDs among markup. */
  prose: string;
}

const DIR = 'curriculum/suite-security';
/** An ID only mentioned (in a "next" field full of markup): drawn as "not defined". */
const DANGLING = 'MOD-779';
const DOCS: HostileDoc[] = [
  { id: 'MOD-771', title: SCRIPT, role: IMG, prereq: `MOD-772${SCRIPT}, ${JSLINK}`, next: `${DANGLING}${QUOTES}>${IMG}`, prose: `Prose ${SCRIPT} then MOD-772${IMG} and ${JSLINK}.` },
  { id: 'MOD-772', title: JSLINK, role: `${QUOTES}>${SCRIPT}`, prereq: 'None', next: 'MOD-773', prose: `[MOD-771](javascript:alert(1)) ${QUOTES}` },
  { id: 'MOD-773', title: `${QUOTES} <b>bold</b> &amp; &lt;`, role: `Data ${QUOTES}Engineer`, prereq: 'MOD-772', next: 'None', prose: `${QUOTES}MOD-771${QUOTES} <a href="javascript:alert(1)">MOD-772</a>` },
  { id: 'MOD-774', title: IMG, role: SCRIPT, prereq: 'MOD-773', next: 'None', prose: `${IMG} MOD-773` },
];

function documentText(d: HostileDoc): string {
  return [
    '# Module Roadmap',
    '',
    `> ${d.prose}`,
    '',
    '## Module Overview',
    '',
    `- **Module ID**: ${d.id}`,
    `- **Module Title**: ${d.title}`,
    `- **Target Role(s)**: ${d.role}`,
    '- **Duration**: 4 hours',
    `- **Prerequisites**: ${d.prereq}`,
    `- **Next Module(s)**: ${d.next}`,
    '',
    '## Dependencies & Notes',
    '',
    `- **Upstream Inputs**: ${d.prose}`,
    '',
  ].join('\n');
}

const docUri = (d: HostileDoc) => file(`${DIR}/${d.id.toLowerCase()}.md`);

async function api(): Promise<SecurityApi> {
  const ext = await activate();
  const t = ext.exports as Partial<SecurityApi> | undefined;
  assert.ok(t && typeof t === 'object', 'activate() returns the test API');
  for (const name of ['graphState', 'graphLabels', 'graphDomCounts', 'graphHtml', 'rejectedMessages', '_testPostMessage'] as const) {
    assert.strictEqual(typeof t[name], 'function', `the test API has ${name}()`);
  }
  return t as SecurityApi;
}

/** Shows the graph and waits until the page has drawn (and labelled) every ID of `want`. */
async function showGraph(t: SecurityApi, want: string[]): Promise<Record<string, NodeLabel>> {
  await vscode.commands.executeCommand('roadmap.showGraph');
  return waitFor(`the graph to draw and label ${want.join(', ')}`, () => {
    const labels = t.graphLabels();
    return labels && want.every((id) => labels[id]) ? labels : undefined;
  });
}

/** Every open tab's and document's URI, as strings. */
function openUris(): string[] {
  const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).map((tab) => (tab.input as { uri?: vscode.Uri } | undefined)?.uri?.toString());
  const editors = vscode.window.visibleTextEditors.map((e) => e.document.uri.toString());
  return [...tabs, ...editors].filter((u): u is string => !!u);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

suite('Security: the graph preview draws document text as text and obeys only valid messages', () => {
  let t: SecurityApi;
  /** The page's script and image counts when it drew only the example workspace. */
  let baseline: { scripts?: number; images?: number } | undefined;
  let firstNonce: string | undefined;

  suiteSetup(async () => {
    t = await api();
    // A drawing of the example workspace before any hostile document exists: the page's own counts.
    await showGraph(t, ['MOD-101']);
    baseline = t.graphDomCounts();
    assert.ok(baseline && typeof baseline.scripts === 'number' && typeof baseline.images === 'number', `the page reports its script and image counts (got ${JSON.stringify(baseline)})`);
    assert.ok(baseline.scripts! >= 1, 'the page counts at least its own script');
    await resetEditors();
  });
  teardown(resetEditors);
  suiteTeardown(async () => {
    await vscode.workspace.fs.delete(file(DIR), { recursive: true, useTrash: false }).then(undefined, () => undefined);
  });

  test('titles, roles and IDs holding markup show literally and nothing in them runs', async () => {
    const rejectedBefore = t.rejectedMessages().length;
    await showGraph(t, ['MOD-101']);
    for (const d of DOCS) await vscode.workspace.fs.writeFile(docUri(d), new TextEncoder().encode(documentText(d)));

    const ids = [...DOCS.map((d) => d.id), DANGLING];
    let labels: Record<string, NodeLabel> = {};
    await waitFor(
      'the graph to draw every hostile document with its title',
      () => {
        labels = t.graphLabels() ?? {};
        return DOCS.every((d) => labels[d.id]?.tooltip.startsWith(`${d.id}: ${d.title}\n`)) && labels[DANGLING] ? true : undefined;
      },
      { timeout: 30_000 },
    );

    // (a) The text, read back from the DOM (textContent), is the documents' text exactly.
    for (const d of DOCS) {
      const l = labels[d.id];
      assert.strictEqual(l.id, d.id, `${d.id}: the ID line`);
      const tip = l.tooltip.split('\n');
      assert.strictEqual(tip[0], `${d.id}: ${d.title}`, `${d.id}: the tooltip names the title exactly`);
      assert.ok(tip.includes(`Role(s): ${d.role}`), `${d.id}: the tooltip names the role exactly; it is ${JSON.stringify(l.tooltip)}`);
      assert.ok(l.lines.length > 0, `${d.id}: the title is drawn`);
      // Drawn lines are the title wrapped at spaces (a word too wide is cut, ending in an ellipsis): each is a piece of it.
      for (const line of l.lines) {
        const piece = line.replace(/…$/, '');
        assert.ok(piece.length > 0 && d.title.includes(piece), `${d.id}: the drawn line ${JSON.stringify(line)} is a piece of the title ${JSON.stringify(d.title)}`);
      }
      assert.ok(d.title.startsWith(l.lines[0].replace(/…$/, '')), `${d.id}: the drawing starts with the title's start`);
      if (!l.lines.some((x) => x.endsWith('…'))) assert.strictEqual(l.lines.join(' '), d.title, `${d.id}: the uncut title is drawn exactly`);
    }
    // The short title (quotes, tags, entities) fits: drawn whole, character for character.
    const short = DOCS[2];
    assert.strictEqual(labels[short.id].lines.join(' '), short.title, 'the quotes-and-entities title is drawn exactly');
    assert.deepStrictEqual(labels[DANGLING], { id: DANGLING, lines: ['not defined'], tooltip: `${DANGLING}: mentioned as a prerequisite or next step, but no document defines it.` });
    for (const [id, l] of Object.entries(labels)) assert.strictEqual(l.id, id, `the node drawn for ${id} shows ${id}`);
    assert.deepStrictEqual(
      Object.keys(labels).filter((id) => /^MOD-77/.test(id)).sort(),
      ids.sort(),
      'no node besides the hostile documents and their one undefined ID (no ID was made out of markup)',
    );

    // (b) Nothing ran: give an `onerror` time to fire, then count and check the messages.
    await sleep(1500);
    const after = t.graphDomCounts();
    assert.deepStrictEqual(after, baseline, 'the page has exactly its own scripts and no image (nothing from a document became an element)');
    const rejected = t.rejectedMessages();
    assert.deepStrictEqual(
      rejected.filter((r) => r.type === 'pwned'),
      [],
      'no "pwned" message came from the page',
    );
    assert.deepStrictEqual(rejected.slice(rejectedBefore), [], 'every message the page sent while drawing the hostile documents was a valid one');
    assert.ok(!openUris().some((u) => /etc\/passwd|javascript:/i.test(u)), 'nothing was opened');
  });

  test('the content security policy allows only the nonce-bearing script and the extension\'s own resources', async () => {
    await showGraph(t, ['MOD-101']);
    const html = t.graphHtml();
    assert.ok(html, 'the preview has HTML');
    const metas = [...html.matchAll(/<meta\s+http-equiv="Content-Security-Policy"\s+content="([^"]*)"\s*\/?>/gi)];
    assert.strictEqual(metas.length, 1, 'exactly one CSP meta tag');
    const csp = metas[0][1].replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    const directives = new Map(
      csp
        .split(';')
        .map((s) => s.trim().split(/\s+/))
        .filter((p) => p[0])
        .map((p) => [p[0].toLowerCase(), p.slice(1)] as const),
    );
    assert.deepStrictEqual(directives.get('default-src'), ["'none'"], `default-src 'none' (CSP: ${csp})`);
    const scriptSrc = directives.get('script-src');
    assert.ok(scriptSrc && scriptSrc.length === 1, `script-src has exactly one source (CSP: ${csp})`);
    const nonce = /^'nonce-([A-Za-z0-9+/=]{16,})'$/.exec(scriptSrc[0])?.[1];
    assert.ok(nonce, `script-src is only a nonce of at least 16 characters (CSP: ${csp})`);
    assert.ok(!/unsafe-inline|unsafe-eval|unsafe-hashes|strict-dynamic|wasm-unsafe-eval/i.test(csp), `nothing unsafe in the CSP: ${csp}`);
    // The layout worker: the page fetches its script from the extension's own files
    // (connect-src: the webview's resource origin only) and starts it from a blob: URL,
    // the one scheme allowed wholesale, and only for workers: a blob: URL is minted by
    // script already running in the page, which only the nonce-bearing script is.
    const own = (directives.get('style-src') ?? []).filter((s) => !s.startsWith("'nonce-"));
    assert.ok(own.length > 0, `style-src names the webview's resource sources (webview.cspSource) besides the nonce (CSP: ${csp})`);
    assert.deepStrictEqual(directives.get('worker-src'), ['blob:'], `worker-src is blob: only (CSP: ${csp})`);
    assert.deepStrictEqual(directives.get('connect-src'), own, `connect-src is the extension's own files (webview.cspSource) only (CSP: ${csp})`);
    for (const [name, sources] of directives) {
      if (name === 'worker-src') continue;
      for (const s of sources) {
        assert.ok(!/^(\*|https?:|ws:|wss:|blob:|filesystem:)$/i.test(s), `${name} does not allow any host or scheme wholesale (${s})`);
      }
    }
    assert.ok(!directives.has('frame-src') && !directives.has('object-src'), 'no frame or object sources (default-src none covers them)');
    const scripts = [...html.matchAll(/<script\b([^>]*)>/gi)];
    assert.strictEqual(scripts.length, 1, 'one script tag');
    assert.match(scripts[0][1], new RegExp(`\\bnonce="${nonce.replace(/[+/=]/g, (c) => '\\' + c)}"`), 'the script carries the nonce');
    assert.match(scripts[0][1], /\bsrc="[^"]*dist\/graphView\.js"/, "the script is the extension's own dist/graphView.js");
    assert.ok(!/\son[a-z]+\s*=/i.test(html), 'no inline event handler in the HTML');
    assert.ok(!/__pwned|MOD-77\d|javascript:/i.test(html), 'no document text in the HTML shell');
    // A fresh nonce per page.
    if (firstNonce === undefined) {
      firstNonce = nonce;
      await resetEditors();
      await waitFor('the preview to close', () => t.graphHtml() === undefined || undefined, { timeout: 10_000 });
      await showGraph(t, ['MOD-101']);
      const again = /'nonce-([^']+)'/.exec(t.graphHtml() ?? '')?.[1];
      assert.ok(again && again !== firstNonce, 'a new page gets a new nonce');
    }
  });

  test('an "open" of anything but a document of the graph is refused and opens nothing', async () => {
    // The hostile documents exist (written by the first test, or here when run alone).
    for (const d of DOCS) await vscode.workspace.fs.writeFile(docUri(d), new TextEncoder().encode(documentText(d)));
    await showGraph(t, ['MOD-101', 'MOD-771', DANGLING]);
    const outside = vscode.Uri.file('/etc/passwd').toString();
    const notInGraph = file('curriculum/README.md').toString();
    const refused: unknown[] = [
      { type: 'open', id: 'file:///etc/passwd' },
      { type: 'open', id: outside },
      { type: 'open', id: notInGraph },
      { type: 'open', id: rel(file('curriculum/README.md')) },
      { type: 'open', id: '../../../../../../etc/passwd' },
      { type: 'open', id: '/etc/passwd' },
      { type: 'open', id: DANGLING }, // in the graph, but no document defines it
      { type: 'open', id: docUri(DOCS[0]).toString() }, // a document's URI is not an ID
    ];
    const invalid: unknown[] = [
      { type: 'open', uri: 'file:///etc/passwd' },
      { type: 'open', path: '/etc/passwd' },
      { type: 'open', id: 'MOD-771', uri: 'file:///etc/passwd' },
      { type: 'open', id: 'MOD-771\u0000/etc/passwd' },
      { type: 'open', id: ['file:///etc/passwd'] },
      { type: 'open', id: '' },
      { type: 'open', id: 'x'.repeat(500) },
      { type: 'openFile', uri: 'file:///etc/passwd' },
      { type: 'exportSvg', svg: `<svg><script>alert(1)</script></svg>` },
      { type: 'exportSvg', svg: `<svg><a href="javascript:alert(1)"><text>x</text></a></svg>` },
      { type: 'rendered', nodes: ['MOD-101'], labels: { 'MOD-101': '<script>' } },
      { type: 'exec', command: 'workbench.action.terminal.new' },
      'open file:///etc/passwd',
      null,
    ];
    const before = t.rejectedMessages().length;
    for (const m of refused) assert.strictEqual(await t._testPostMessage(m), false, `refused: ${JSON.stringify(m)}`);
    for (const m of invalid) assert.strictEqual(await t._testPostMessage(m), false, `ignored as invalid: ${JSON.stringify(m)}`);
    assert.strictEqual(await t._testPostMessage({ type: 'open', id: 'file:///etc/passwd' }), false, 'an "open" of "file:///etc/passwd" posted as the page would post it is refused');
    assert.strictEqual(await t._testPostMessage({ type: 'open', id: notInGraph }), false, 'an "open" of a workspace file not in the graph, posted as the page would post it, is refused');

    const log = t.rejectedMessages().slice(before);
    assert.deepStrictEqual(
      log.map((r) => r.reason),
      [...refused.map(() => 'refused'), ...invalid.map(() => 'invalid'), 'refused', 'refused'],
      `every one is recorded as refused or invalid: ${JSON.stringify(log, null, 1)}`,
    );
    await sleep(1000);
    const open = openUris();
    assert.ok(!open.some((u) => u === outside || /etc\/passwd/.test(u)), `no editor on /etc/passwd (open: ${open.join(', ')})`);
    assert.ok(!open.includes(notInGraph), `no editor on curriculum/README.md (open: ${open.join(', ')})`);
    assert.ok(!vscode.workspace.textDocuments.some((d) => /etc\/passwd/.test(d.uri.path)), 'no document for /etc/passwd was loaded');
    assert.ok(!open.some((u) => u.startsWith('file:') && !u.startsWith(file('').toString())), `no editor outside the workspace (open: ${open.join(', ')})`);

    // The same path does open a document of the graph.
    assert.strictEqual(await t._testPostMessage({ type: 'open', id: 'MOD-771' }), true, 'an "open" of a defined node is acted on');
    await waitFor('an editor on MOD-771', () => vscode.window.activeTextEditor?.document.uri.toString() === docUri(DOCS[0]).toString() || undefined, { timeout: 10_000 });
  });
});
