/// <reference types="mocha" />
/**
 * The editor experience of issue 3 in a real VS Code: the contributed snippets,
 * the commands, and the graph preview.
 *
 * A missing feature FAILS here with a message that says what is missing; nothing
 * is skipped.
 *
 * The contract these tests assume from the extension:
 * - snippets: `contributes.snippets` for `markdown`, one snippet with the prefix
 *   `roadmap-module` and one with `roadmap-project` (prefix a string or an array).
 * - commands: `roadmap.showGraph`, a "to the side" variant (`roadmap.showGraph…Side…`),
 *   `roadmap.newModule` (accepting an optional `{ role, title }` argument that skips
 *   the prompts, so a test can run it), a restart command (`roadmap.restart…`).
 * - the graph preview, read and clicked in its real webview (./webview.ts): a page titled
 *   "Roadmap Graph" whose `body[data-state]` becomes `interactive` once drawn; each node an
 *   element with `data-node-id`, with the class `dangling` when no document defines it,
 *   `cycle` when on a prerequisite cycle, `active` for the active editor's document; a click
 *   or Enter on a node opens its document. Past `roadmap.graph.overviewThreshold` documents the
 *   page shows the overview (`body[data-view="overview"]`): one `[data-track]` node per role
 *   track; a click on one shows its documents (`data-view="track"`), the critical path's nodes
 *   with the class `critical`, a node's blocking count in `data-blocking`.
 * - `activate()` returns the test API: statusBarText() (the status bar item's text), schemaKinds().
 * - `roadmap.newModule` with `{ role, title }` skips those prompts; the ID prompt, which
 *   proposes the next free ID, is accepted as proposed.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activate, codeOf, curriculumIds, file, open, readText, rel, resetEditors, roadmapDiagnostics, untilCodes, waitFor } from './helpers';
import { webview } from './webview';

/** The graph preview's page title: how the webview driver finds it. */
const GRAPH = 'Roadmap Graph';
const MOD_302 = 'curriculum/senior-data-engineer/mod-302-advanced-stream-processing.md';

interface TestApi {
  statusBarText?: () => string;
  schemaKinds?: () => string[];
}

async function api(): Promise<TestApi> {
  const ext = await activate();
  const exports = ext.exports as TestApi | undefined;
  assert.ok(exports && typeof exports === 'object', 'activate() returns the test API object (statusBarText, schemaKinds); it returns nothing yet');
  return exports;
}

async function commands(): Promise<string[]> {
  return (await vscode.commands.getCommands(true)).filter((c) => c.startsWith('roadmap.'));
}

async function requireCommand(id: string | RegExp): Promise<string> {
  const all = await commands();
  const found = typeof id === 'string' ? all.find((c) => c === id) : all.find((c) => id.test(c));
  assert.ok(found, `command ${id} is registered (roadmap commands now: ${all.join(', ') || 'none'})`);
  return found;
}

/** A contributed markdown snippet by prefix, from the extension's own package.json. */
async function contributedSnippet(prefix: string): Promise<string> {
  const ext = await activate();
  const contributed: { language?: string; path: string }[] = ext.packageJSON.contributes?.snippets ?? [];
  const files = contributed.filter((s) => s.language === 'markdown');
  assert.ok(files.length > 0, 'package.json contributes snippets for markdown (contributes.snippets)');
  const have: string[] = [];
  for (const f of files) {
    const json = JSON.parse(await readText(vscode.Uri.joinPath(ext.extensionUri, f.path))) as Record<string, { prefix: string | string[]; body: string | string[] }>;
    for (const s of Object.values(json)) {
      const prefixes = Array.isArray(s.prefix) ? s.prefix : [s.prefix];
      have.push(...prefixes);
      if (prefixes.includes(prefix)) return Array.isArray(s.body) ? s.body.join('\n') : s.body;
    }
  }
  assert.fail(`a contributed markdown snippet has the prefix ${prefix} (prefixes now: ${have.join(', ') || 'none'})`);
}

/** Inserts a contributed snippet into a new file that starts as just the kind's H1, and waits for the template to be complete. */
async function insertTemplate(prefix: string, h1: string, name: string): Promise<vscode.TextEditor> {
  const body = await contributedSnippet(prefix);
  const uri = file(`curriculum/suite-snippets/${name}`);
  await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(`${h1}\n`));
  const editor = await open(uri);
  // The bare H1 is a roadmap with every section missing: proof the server has the document.
  await waitFor(`missing-section diagnostics on the bare "${h1}"`, () => roadmapDiagnostics(uri).some((d) => codeOf(d) === 'missing-section') || undefined);
  const all = new vscode.Range(editor.document.positionAt(0), editor.document.positionAt(editor.document.getText().length));
  assert.ok(await editor.insertSnippet(new vscode.SnippetString(body), all), `the ${prefix} snippet was inserted`);
  assert.ok(editor.document.getText().startsWith(h1), `the ${prefix} template starts with ${h1}`);
  await waitFor(
    `the ${prefix} template to have no missing-section or missing-field diagnostics`,
    () => {
      const left = roadmapDiagnostics(uri).filter((d) => ['missing-section', 'missing-field', 'empty-section', 'table-shape'].includes(codeOf(d) ?? ''));
      if (left.length) throw new Error(left.map((d) => `${codeOf(d)}@${d.range.start.line}: ${d.message}`).join('; '));
      return true;
    },
    { timeout: 15_000 },
  );
  return editor;
}

/**
 * Runs a new-document command with its arguments and waits for the editor of the new
 * document (first line matching `h1`); a prompt still open (the proposed ID) is
 * accepted as it stands, as a user pressing Enter would.
 */
async function runNewDocument(command: string, args: object, h1: RegExp, what: string): Promise<vscode.TextEditor> {
  const before = new Set(vscode.workspace.textDocuments.map((d) => d.uri.toString()));
  const run = vscode.commands.executeCommand(command, args);
  const editor = await waitFor(
    what,
    async () => {
      const e = vscode.window.activeTextEditor;
      if (e && !before.has(e.document.uri.toString()) && h1.test(e.document.getText())) return e;
      await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      return undefined;
    },
    { timeout: 15_000, interval: 500 },
  );
  await Promise.resolve(run);
  return editor;
}

suite('Editor experience: snippets, commands, graph preview', () => {
  suiteSetup(async () => {
    await activate();
    await untilCodes(file('broken/unknown-reference.md'), ['unknown-reference']);
  });
  teardown(resetEditors);
  suiteTeardown(async () => {
    await vscode.workspace.fs.delete(file('curriculum/suite-snippets'), { recursive: true, useTrash: false }).then(undefined, () => undefined);
  });

  test('snippet roadmap-module inserts a complete Module Roadmap', async () => {
    const editor = await insertTemplate('roadmap-module', '# Module Roadmap', 'module-from-snippet.md');
    assert.match(editor.document.getText(), /\*\*Module ID\*\*: MOD-\d{3,}/);
  });

  test('snippet roadmap-project inserts a complete Project Plan', async () => {
    const editor = await insertTemplate('roadmap-project', '# Project Plan', 'project-from-snippet.md');
    assert.match(editor.document.getText(), /\*\*Project ID\*\*: PROJ-\d{3,}/);
  });

  test('the commands are contributed with titles and registered', async () => {
    const ext = await activate();
    const contributed: { command: string; title: string }[] = ext.packageJSON.contributes?.commands ?? [];
    const titled = contributed.map((c) => c.command);
    for (const id of ['roadmap.showGraph', 'roadmap.newModule']) {
      assert.ok(titled.includes(id), `package.json contributes the command ${id} (contributes now: ${titled.join(', ') || 'none'})`);
      await requireCommand(id);
    }
    await requireCommand(/^roadmap\.showGraph.*Side/i);
    await requireCommand(/^roadmap\.restart/i);
  });

  test('roadmap.showGraph renders the curriculum in the graph webview', async () => {
    await requireCommand('roadmap.showGraph');
    await open(file('curriculum/senior-data-engineer/mod-304-cost-performance-engineering.md'));
    await vscode.commands.executeCommand('roadmap.showGraph');
    const want = await curriculumIds();
    assert.ok(want.length >= 12, `the curriculum defines at least 12 IDs (${want.join(', ')})`);
    // What the page's DOM holds once it is drawn: every curriculum ID, the dangling MOD-999 and
    // the cycle of examples/broken (the workspace holds both folders), MOD-304 highlighted.
    await webview.waitFor(GRAPH, 'body[data-state="interactive"]', undefined, { timeout: 30_000 });
    const drawn = await webview.waitFor(
      GRAPH,
      (need: string[]) => {
        const nodes = [...document.querySelectorAll('[data-node-id]')].map((e) => ({ id: e.getAttribute('data-node-id') ?? '', classes: [...e.classList] }));
        const ids = nodes.map((n) => n.id);
        return need.every((id) => ids.includes(id)) && nodes;
      },
      [...want, 'MOD-999', 'MOD-921', 'MOD-304'],
      { timeout: 30_000 },
    );
    const classesOf = (id: string) => drawn.find((n) => n.id === id)?.classes ?? [];
    for (const id of want) assert.ok(!classesOf(id).includes('dangling'), `${id} is drawn as a defined document (classes: ${classesOf(id).join(' ')})`);
    assert.ok(classesOf('MOD-999').includes('dangling'), `MOD-999, which no document defines, is drawn as a placeholder (classes: ${classesOf('MOD-999').join(' ')})`);
    assert.ok(classesOf('MOD-921').includes('cycle'), `MOD-921 is marked as on a cycle (classes: ${classesOf('MOD-921').join(' ')})`);
    assert.ok(!classesOf('MOD-302').includes('cycle'), 'MOD-302 is on no cycle');
    assert.deepStrictEqual(
      drawn.filter((n) => n.classes.includes('active')).map((n) => n.id),
      ['MOD-304'],
      'the active document, MOD-304, is the one node highlighted',
    );
  });

  test('clicking a node in the graph opens its document', async () => {
    await requireCommand('roadmap.showGraph');
    await vscode.commands.executeCommand('roadmap.showGraph');
    await webview.waitFor(GRAPH, 'body[data-state="interactive"]', undefined, { timeout: 30_000 });
    assert.notStrictEqual(rel(vscode.window.activeTextEditor?.document.uri ?? file('none')), MOD_302, 'MOD-302 is not open before the click');
    await webview.click(GRAPH, '[data-node-id="MOD-302"]');
    const editor = await waitFor('an editor on MOD-302 after the click', () => {
      const e = vscode.window.activeTextEditor;
      return e && rel(e.document.uri) === MOD_302 ? e : undefined;
    });
    assert.match(editor.document.getText(), /\*\*Module ID\*\*: MOD-302/);
  });

  test('a node of the graph opens its document from the keyboard (Enter)', async () => {
    await vscode.commands.executeCommand('roadmap.showGraph');
    await webview.waitFor(GRAPH, 'body[data-state="interactive"]', undefined, { timeout: 30_000 });
    await webview.press('Enter', { view: GRAPH, selector: '[data-node-id="MOD-301"]' });
    const editor = await waitFor('an editor on MOD-301 after Enter on its node', () => {
      const e = vscode.window.activeTextEditor;
      return e && /\*\*Module ID\*\*: MOD-301\b/.test(e.document.getText()) ? e : undefined;
    });
    assert.match(rel(editor.document.uri), /^curriculum\//);
  });

  test('a track in the graph overview expands on click', async () => {
    // Past the threshold the graph opens on the overview; the workspace (about 45 documents) passes 5.
    const settings = vscode.workspace.getConfiguration('roadmap.graph');
    await settings.update('overviewThreshold', 5, vscode.ConfigurationTarget.Workspace);
    try {
      await vscode.commands.executeCommand('roadmap.showGraph');
      const tracks = await webview.waitFor(
        GRAPH,
        () => document.body.dataset.view === 'overview' && document.body.dataset.state === 'interactive' && [...document.querySelectorAll('[data-track]')].map((e) => e.getAttribute('data-track')),
        undefined,
        { timeout: 30_000 },
      );
      for (const role of ['Junior Data Engineer', 'Data Engineer', 'Senior Data Engineer']) assert.ok(tracks.includes(role), `the overview has a ${role} track (tracks: ${tracks.join(', ')})`);
      assert.strictEqual(await webview.evaluate(GRAPH, () => document.querySelectorAll('[data-node-id]').length), 0, 'the overview draws no document');
      assert.match(await webview.text(GRAPH, '[data-track="Senior Data Engineer"] text.count'), /^14 docs · 629 h/, 'the track node says its documents and hours');
      await webview.click(GRAPH, '[data-track="Senior Data Engineer"]');
      const shown = await webview.waitFor(
        GRAPH,
        () =>
          document.body.dataset.view === 'track' &&
          document.body.dataset.state === 'interactive' && {
            track: document.body.dataset.track,
            ids: [...document.querySelectorAll('[data-node-id]')].map((e) => e.getAttribute('data-node-id')).sort(),
            critical: [...document.querySelectorAll('.node.critical')].map((e) => e.getAttribute('data-node-id')).sort(),
            blocking: document.querySelector('[data-node-id="MOD-101"]')?.getAttribute('data-blocking'),
          },
        undefined,
        { timeout: 30_000 },
      );
      assert.strictEqual(shown.track, 'Senior Data Engineer');
      // Worked out by hand: the six Senior Data Engineer documents (MOD-205 targets it too) and what they require.
      const track = ['MOD-101', 'MOD-102', 'MOD-103', 'MOD-104', 'MOD-201', 'MOD-202', 'MOD-203', 'MOD-204', 'MOD-205', 'MOD-301', 'MOD-302', 'MOD-303', 'MOD-304', 'PROJ-310'];
      assert.deepStrictEqual(shown.ids, track);
      // The chain with the most hours: 30 + 36 + 44 + 48 + 36 + 45 + 40 + 96 = 375.
      assert.deepStrictEqual(shown.critical, ['MOD-101', 'MOD-102', 'MOD-201', 'MOD-203', 'MOD-205', 'MOD-303', 'MOD-304', 'PROJ-310']);
      assert.strictEqual(shown.blocking, '15', 'MOD-101 carries a blocking badge: every other document of the curriculum requires it');
      await webview.click(GRAPH, '[data-testid="show-overview"]');
      await webview.waitFor(GRAPH, () => document.body.dataset.view === 'overview' && document.body.dataset.state === 'interactive', undefined, { timeout: 30_000 });
    } finally {
      await settings.update('overviewThreshold', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });

  test('the graph shown again draws its last picture at once, before the graph arrives, and keeps it', async () => {
    const doc = (await open(file(MOD_302))).document;
    await vscode.commands.executeCommand('roadmap.showGraph');
    await webview.waitFor(GRAPH, 'body[data-state="interactive"]', undefined, { timeout: 30_000 });
    const before = await webview.evaluate(GRAPH, () => [...document.querySelectorAll('[data-node-id]')].map((e) => e.getAttribute('data-node-id')).sort());
    // Another editor in the graph's group hides it: VS Code drops a hidden page (no retained context).
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Active, preview: false });
    await waitFor('the graph page to be dropped while hidden', async () => !(await webview.list()).some((w) => w.title === GRAPH && w.visible) || undefined);
    await vscode.commands.executeCommand('roadmap.showGraph');
    const marks = await webview.waitFor(
      GRAPH,
      () =>
        document.body.dataset.state === 'interactive' &&
        performance.getEntriesByType('mark').some((m) => m.name === 'roadmap-graph:graph-received') &&
        performance.getEntriesByType('mark').map((m) => m.name),
      undefined,
      { timeout: 30_000 },
    );
    // The page's own timeline: the kept picture on screen before the extension's graph came,
    // then found to be the same and kept (no layout and no drawing again).
    const at = (name: string) => marks.indexOf(`roadmap-graph:${name}`);
    assert.ok(at('drawn') >= 0 && at('graph-received') >= 0, `the page drew and received the graph (marks: ${marks.join(', ')})`);
    assert.ok(at('drawn') < at('graph-received'), `the kept picture was drawn before the graph arrived (marks: ${marks.join(', ')})`);
    assert.ok(at('unchanged') > at('graph-received'), `the kept picture was found to be the graph's and kept (marks: ${marks.join(', ')})`);
    assert.strictEqual(at('draw'), -1, `nothing was drawn again after the graph arrived (marks: ${marks.join(', ')})`);
    const after = await webview.evaluate(GRAPH, () => [...document.querySelectorAll('[data-node-id]')].map((e) => e.getAttribute('data-node-id')).sort());
    assert.deepStrictEqual(after, before, 'the same documents are drawn');
  });

  test('roadmap.newModule creates a module with the next free ID and opens it', async () => {
    await requireCommand('roadmap.newModule');
    const taken = new Set(await curriculumIds());
    try {
      const editor = await runNewDocument(
        'roadmap.newModule',
        { role: 'Data Engineer', title: 'Suite Module' },
        /^# Module Roadmap/,
        'roadmap.newModule to open a new module document (does it accept { role, title } to skip those prompts?)',
      );
      const text = editor.document.getText();
      const id = /\*\*Module ID\*\*:\s*(MOD-\d{3,})/.exec(text)?.[1];
      assert.ok(id, `the new module has a valid Module ID:\n${text.slice(0, 400)}`);
      assert.ok(!taken.has(id), `${id} is free`);
      assert.match(text, /Suite Module/);
      assert.ok(editor.document.uri.path.startsWith(file('').path), `${editor.document.uri} is in the workspace`);
      await waitFor(
        'the new module to have no missing-section or missing-field diagnostics',
        () => {
          const left = roadmapDiagnostics(editor.document.uri).filter((d) => ['missing-section', 'missing-field', 'duplicate-id'].includes(codeOf(d) ?? ''));
          if (left.length) throw new Error(left.map((d) => `${codeOf(d)}: ${d.message}`).join('; '));
          return true;
        },
        { timeout: 15_000 },
      );
      await editor.document.save();
      await vscode.workspace.fs.delete(editor.document.uri, { useTrash: false });
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    }
  });

  test('a kind that roadmap.config.json adds gets its own new-document template, clean, with its ID in the status bar', async () => {
    await requireCommand('roadmap.newDocument');
    const t = await api();
    const config = file('roadmap.config.json');
    const workshop = {
      key: 'workshop',
      title: 'Workshop Plan',
      idPattern: 'WS-\\d{3,}',
      sections: ['Workshop Overview', 'Agenda'],
      fields: [
        { label: 'Workshop ID', role: 'id' },
        { label: 'Workshop Title', role: 'title' },
        { label: 'Audience', role: 'roles' },
      ],
    };
    await vscode.workspace.fs.writeFile(config, Buffer.from(JSON.stringify({ kinds: [workshop] }, null, 2)));
    let created: vscode.Uri | undefined;
    try {
      await waitFor('the client to know the workshop kind from the server', () => (t.schemaKinds?.().includes('workshop') ? true : undefined), { timeout: 20_000 });
      const editor = await runNewDocument(
        'roadmap.newDocument',
        { kind: 'workshop', role: 'Facilitator', title: 'Suite Workshop' },
        /^# Workshop Plan/,
        'roadmap.newDocument to open a new Workshop Plan',
      );
      created = editor.document.uri;
      const text = editor.document.getText();
      assert.match(text, /^## Workshop Overview$/m);
      assert.match(text, /^## Agenda$/m);
      assert.match(text, /\*\*Workshop Title\*\*: Suite Workshop/);
      const id = /\*\*Workshop ID\*\*: (WS-\d{3,})/.exec(text)?.[1];
      assert.ok(id, `the workshop has an ID of its kind:\n${text.slice(0, 400)}`);
      await editor.document.save();
      // The server checks it by the workspace's schema (a roadmap, and a clean one)...
      await waitFor('document symbols of the new workshop', async () => {
        const s = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', created);
        return s?.[0]?.name.includes(id) ? s : undefined;
      });
      assert.deepEqual(roadmapDiagnostics(created).map((d) => `${codeOf(d)}: ${d.message}`), []);
      // ...and the client sees a roadmap in it: its ID in the status bar.
      await waitFor(`the status bar to name ${id}`, () => {
        const s = t.statusBarText!();
        if (!s.includes(id)) throw new Error(`status bar: ${JSON.stringify(s)}`);
        return true;
      });
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
      if (created) await vscode.workspace.fs.delete(created, { useTrash: false }).then(undefined, () => undefined);
      await vscode.workspace.fs.delete(config, { useTrash: false });
      await waitFor('the client to forget the workshop kind', () => (t.schemaKinds?.().includes('workshop') ? undefined : true), { timeout: 20_000 });
    }
  });

  test('the status bar shows the active roadmap\'s ID and its problem count', async () => {
    const t = await api();
    assert.strictEqual(typeof t.statusBarText, 'function', 'the test API has statusBarText()');
    await untilCodes(file('broken/unknown-reference.md'), ['unknown-reference']);
    await open(file('broken/unknown-reference.md'));
    await waitFor('the status bar to name MOD-907 and 1 problem', () => {
      const text = t.statusBarText!();
      if (!/MOD-907/.test(text) || !/\b1\b/.test(text)) throw new Error(`status bar: ${JSON.stringify(text)}`);
      return true;
    });
    await open(file('curriculum/senior-data-engineer/mod-304-cost-performance-engineering.md'));
    await waitFor('the status bar to name MOD-304', () => {
      const text = t.statusBarText!();
      if (!/MOD-304/.test(text)) throw new Error(`status bar: ${JSON.stringify(text)}`);
      return true;
    });
  });

  test('restarting the language server keeps the features working', async () => {
    const restart = await requireCommand(/^roadmap\.restart/i);
    await vscode.commands.executeCommand(restart);
    const doc = (await open(file('curriculum/senior-data-engineer/mod-304-cost-performance-engineering.md'))).document;
    const pos = doc.positionAt(doc.getText().indexOf('MOD-302') + 2);
    await waitFor('hover on MOD-302 after the restart', async () => {
      const hs = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos);
      return hs.some((h) => h.contents.some((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : '').includes('Advanced Stream Processing'))) || undefined;
    });
    await untilCodes(file('broken/unknown-reference.md'), ['unknown-reference']);
  });
});
