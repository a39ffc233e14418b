/// <reference types="mocha" />
/**
 * Roadmap Author in the web worker extension host (vscode.dev, github.dev): the
 * extension runs from its `browser` entry with no Node, its language server in a web
 * worker reads the workspace through `vscode.workspace.fs`, and what needs no local
 * process works: cross-file diagnostics on documents never opened, an edit's diagnostics
 * back by pull (each step of the way the keystroke bench times), the graph. (The
 * language features run from ../suite/language.test.ts, the rules from
 * ../suite/diagnostics.test.ts, in the same host.)
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activate, curriculumIds, file, open, positionOf, rel, resetEditors, untilCodes, waitFor } from '../suite/helpers';

interface WebApi {
  clientStarted(): Promise<void>;
  onDiagnosticsTrace: vscode.Event<{ step: string; uri: string; at: number }>;
  waitForGraphRender(timeoutMs?: number): Promise<string[]>;
  graphState(): string[] | undefined;
}

const isOpen = (uri: vscode.Uri) => vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString());

suite('The web worker extension host', () => {
  let api: WebApi;
  suiteSetup(async () => {
    const ext = await activate();
    api = ext.exports as WebApi;
  });
  teardown(resetEditors);

  test('the extension runs from its browser entry, with no Node, and its server answers', async () => {
    const g = globalThis as { process?: unknown; constructor: { name: string } };
    assert.strictEqual(typeof g.process, 'undefined', 'no Node process object in the extension host');
    assert.strictEqual(g.constructor.name, 'DedicatedWorkerGlobalScope', 'the extension host is a web worker');
    const ext = await activate();
    assert.strictEqual(ext.packageJSON.main, undefined, 'the manifest under test has no node entry');
    assert.strictEqual(ext.packageJSON.browser, './dist/web/extension.js');
    assert.strictEqual(ext.packageJSON.capabilities?.virtualWorkspaces?.supported, true, 'virtual workspaces are declared supported');
    await api.clientStarted();
  });

  test('every roadmap of the workspace is read through workspace.fs: workspace symbols name them, none opened', async () => {
    const want = await curriculumIds();
    assert.ok(want.length >= 12, `the curriculum defines at least 12 IDs (${want.join(', ')})`);
    const found = await waitFor('workspace symbols to name every curriculum ID', async () => {
      const symbols = (await vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', '')) ?? [];
      const names = symbols.map((s) => s.name);
      const missing = want.filter((id) => !names.some((n) => n.startsWith(id + ' ') || n === id));
      if (missing.length) throw new Error(`missing: ${missing.join(', ')} (have ${names.length} symbols)`);
      return symbols;
    });
    const files = new Set(found.filter((s) => want.some((id) => s.name.startsWith(id))).map((s) => s.location.uri.toString()));
    assert.ok(files.size >= 12, `at least 12 roadmap files indexed (${files.size})`);
    for (const f of files) assert.ok(!isOpen(vscode.Uri.parse(f)), `${rel(vscode.Uri.parse(f))} was read through workspace.fs, not opened`);
  });

  test('cross-file diagnostics on documents never opened: a dangling prerequisite, a cycle', async () => {
    const dangling = file('broken/unknown-reference.md');
    const cycleA = file('broken/prerequisite-cycle-a.md');
    const cycleB = file('broken/prerequisite-cycle-b.md');
    const [unknown] = await untilCodes(dangling, ['unknown-reference']);
    assert.match(unknown.message, /MOD-\d+/, 'the message names the dangling ID');
    const [cycle] = await untilCodes(cycleA, ['prerequisite-cycle']);
    assert.match(cycle.message, /MOD-\d+.*MOD-\d+/, 'the message names the cycle');
    await untilCodes(cycleB, ['prerequisite-cycle']);
    for (const u of [dangling, cycleA, cycleB]) assert.ok(!isOpen(u), `${rel(u)} was never opened`);
  });

  test("an edit's diagnostics come back by pull, each step marked in order, before VS Code's debounced event", async () => {
    const uri = file('curriculum/senior-data-engineer/mod-304-cost-performance-engineering.md');
    const key = uri.toString();
    const steps: string[] = [];
    let opened = false;
    let editing = false;
    let shownAt: number | undefined;
    const mismatch = () => vscode.languages.getDiagnostics(uri).some((d) => String(typeof d.code === 'object' ? d.code.value : d.code) === 'duration-mismatch');
    const subs = [
      api.onDiagnosticsTrace((m) => {
        if (m.uri !== key) return;
        if (!editing) {
          opened ||= m.step === 'set';
          return;
        }
        if (shownAt !== undefined) return;
        steps.push(m.step);
        if (m.step === 'set' && mismatch()) shownAt = m.at;
      }),
    ];
    const editor = await open(uri);
    // The pull that opening the document started, answered: the edit's steps are the only ones from here on.
    await waitFor('the opened document to be pulled', () => opened);
    await untilCodes(uri, []);
    const event = new Promise<number>((resolve) =>
      subs.push(vscode.languages.onDidChangeDiagnostics((e) => e.uris.some((u) => u.toString() === key) && mismatch() && resolve(performance.now()))),
    );
    try {
      // 40 hours (12 lecture, 17 lab, 8 project, 3 assessment): a total of 41 no longer adds up.
      const total = positionOf(editor.document, '40 hours', 1);
      editing = true;
      assert.ok(await editor.edit((b) => b.replace(new vscode.Range(total, total.translate(0, 1)), '1')));
      const eventAt = await event;
      assert.ok(shownAt !== undefined, `the client set the duration-mismatch (steps seen: ${steps.join(', ')})`);
      assert.deepStrictEqual(
        steps.filter((s, i) => steps.indexOf(s) === i),
        ['change', 'pull-sent', 'pull-answered', 'set'],
        'the steps, first seen in this order (pulled, not pushed)',
      );
      assert.ok(shownAt <= eventAt, 'the diagnostics were handed to VS Code before its onDidChangeDiagnostics said so');
    } finally {
      subs.forEach((s) => s.dispose());
    }
  });

  test('the graph view opens in the web host and draws the curriculum', async () => {
    await open(file('curriculum/senior-data-engineer/mod-304-cost-performance-engineering.md'));
    const want = await curriculumIds();
    await vscode.commands.executeCommand('roadmap.showGraph');
    const drawn = await waitFor('the graph webview to draw every curriculum ID', async () => {
      const ids = api.graphState() ?? (await api.waitForGraphRender(20_000));
      const missing = want.filter((id) => !ids.includes(id));
      if (missing.length) throw new Error(`not drawn yet: ${missing.join(', ')} (drawn: ${ids.length})`);
      return ids;
    });
    assert.ok(drawn.includes('MOD-304'));
  });
});
