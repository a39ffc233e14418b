/// <reference types="mocha" />
/**
 * The editor experience of issue 3 in a real VS Code: the contributed snippets,
 * the commands, and the graph preview. Opt-in (see index.ts, OPT_IN): run it
 * with `npm run test:editor -- --suite all` or `--suite editor`.
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
 * - `activate()` returns the test API:
 *     graphState(): the node IDs the graph webview reported it drew (string[]), or an object
 *                   { rendered?, nodes? } of IDs or { id, defined?, cycle? }; undefined before a drawing
 *     _testOpenNode(id: string): as if the node were clicked (resolves whether a document opened)
 *     graphHighlighted?(): the ID highlighted as the active document's
 *     statusBarText(): the status bar item's text (the active roadmap's ID and problem count)
 * - `roadmap.newModule` with `{ role, title }` skips those prompts; the ID prompt, which
 *   proposes the next free ID, is accepted as proposed.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activate, codeOf, curriculumIds, file, open, readText, rel, resetEditors, roadmapDiagnostics, untilCodes, waitFor } from './helpers';

interface GraphNodeLike {
  id: string;
  defined?: boolean;
  cycle?: boolean;
}
interface GraphStateLike {
  nodes?: (string | GraphNodeLike)[];
  rendered?: (string | GraphNodeLike)[];
}
interface TestApi {
  graphState?: () => string[] | GraphStateLike | undefined | Promise<string[] | GraphStateLike | undefined>;
  graphHighlighted?: () => string | undefined;
  _testOpenNode?: (id: string) => unknown;
  statusBarText?: () => string;
  schemaKinds?: () => string[];
}

const ids = (xs: (string | GraphNodeLike)[] | undefined) => (xs ?? []).map((x) => (typeof x === 'string' ? x : x.id));

/** The graph state in one shape: `rendered` (drawn IDs) and `nodes` (with details when the API gives them). */
async function graphOf(t: TestApi): Promise<GraphStateLike | undefined> {
  const s = await t.graphState?.();
  if (!s) return undefined;
  return Array.isArray(s) ? { rendered: s, nodes: s } : s;
}

async function api(): Promise<TestApi> {
  const ext = await activate();
  const exports = ext.exports as TestApi | undefined;
  assert.ok(exports && typeof exports === 'object', 'activate() returns the test API object (graphState, _testOpenNode); it returns nothing yet');
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
    const t = await api();
    assert.strictEqual(typeof t.graphState, 'function', 'the test API has graphState()');
    await open(file('curriculum/senior-data-engineer/mod-304-cost-performance-engineering.md'));
    await vscode.commands.executeCommand('roadmap.showGraph');
    const want = await curriculumIds();
    assert.ok(want.length >= 12, `the curriculum defines at least 12 IDs (${want.join(', ')})`);
    const state = await waitFor(
      'the graph webview to draw every curriculum ID',
      async () => {
        const s = await graphOf(t);
        const drawn = ids(s?.rendered ?? s?.nodes);
        const missing = want.filter((id) => !drawn.includes(id));
        if (missing.length) throw new Error(`not drawn yet: ${missing.join(', ')} (drawn: ${drawn.length})`);
        return s!;
      },
      { timeout: 20_000 },
    );
    // The workspace also holds examples/broken: its dangling ID and its cycle are in the graph too.
    const nodes = (state.nodes ?? []).filter((n): n is GraphNodeLike => typeof n === 'object');
    const n999 = nodes.find((n) => n.id === 'MOD-999');
    assert.ok(ids(state.nodes).includes('MOD-999'), 'the dangling MOD-999 is a (placeholder) node');
    if (n999 && 'defined' in n999) assert.strictEqual(n999.defined, false, 'MOD-999 is not defined');
    const n921 = nodes.find((n) => n.id === 'MOD-921');
    if (n921 && 'cycle' in n921) assert.strictEqual(n921.cycle, true, 'MOD-921 is on a cycle');
    if (t.graphHighlighted) {
      await waitFor('the graph to highlight the active document, MOD-304', () => t.graphHighlighted!() === 'MOD-304' || undefined, { timeout: 10_000 });
    }
  });

  test('clicking a node in the graph opens its document', async () => {
    await requireCommand('roadmap.showGraph');
    const t = await api();
    assert.strictEqual(typeof t._testOpenNode, 'function', 'the test API has _testOpenNode(id)');
    await vscode.commands.executeCommand('roadmap.showGraph');
    await waitFor('the graph to draw MOD-302', async () => {
      const g = await graphOf(t);
      return ids(g?.rendered ?? g?.nodes).includes('MOD-302') || undefined;
    });
    await t._testOpenNode!('MOD-302');
    const editor = await waitFor('an editor on MOD-302', () => {
      const e = vscode.window.activeTextEditor;
      return e && rel(e.document.uri) === 'curriculum/senior-data-engineer/mod-302-advanced-stream-processing.md' ? e : undefined;
    });
    assert.match(editor.document.getText(), /\*\*Module ID\*\*: MOD-302/);
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
