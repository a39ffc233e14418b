/// <reference types="mocha" />
/**
 * The Curriculum Overview in a real VS Code (code-server), read and clicked in its real
 * webview through the webview driver (./webview.ts): the totals of examples/curriculum,
 * worked out by hand below from the documents; a matrix cell and a critical-path document
 * opening their documents by real clicks and Enter; the overview following an edit; the
 * graph toolbar's Overview button; and axe-core finding no serious or critical
 * violation in the page.
 *
 * The contract: a page titled "Curriculum Overview" whose `body[data-state]` becomes
 * `drawn` (and `body[data-version]` the version drawn); the tracks table's rows
 * `tr[data-role]` with cells `[data-testid=track-documents|track-hours|track-weeks|
 * track-path-hours]` and the critical path's documents as `button.doc[data-open]`; the
 * matrix's cells `button.cell[data-role][data-competency]`.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activate, eventually, file, rel, resetEditors, waitFor } from './helpers';
import { webview } from './webview';

const OVERVIEW = 'Curriculum Overview';
const GRAPH = 'Roadmap Graph';

/**
 * The role tracks as the page shows them, worked out by hand from the documents' overview
 * fields (no config sets a pace at the workspace root: 10 hours a week).
 *
 * Hours: MOD-101 30, 102 36, 103 32, 104 40, PROJ-110 48; MOD-201 44, 202 40, 203 48,
 * 204 42, 205 36, PROJ-210 72; MOD-301 50, 302 50, 303 45, 304 40, PROJ-310 96.
 * Requires (prerequisites, and the other side's Next Module(s), which agree here):
 * 102←101, 103←101, 104←102,103, 110←103,104, 201←102, 202←103, 203←104,201,202, 204←201,
 * 205←203, 210←203,204,205, 301←202,203, 302←204, 303←205, 304←301,302,303, 310←301..304.
 * Hours before (the heaviest chain of required documents): 101: 0; 102: 30; 103: 30;
 * 104: max(30+36, 30+32) = 66 via 102; 110: max(30+32, 66+40) = 106 via 104; 201: 30+36 = 66;
 * 202: 30+32 = 62; 203: max(66+40, 66+44, 62+40) = 110 via 201; 204: 66+44 = 110;
 * 205: 110+48 = 158; 210: max(158, 110+42, 158+36) = 194 via 205; 301: max(62+40, 110+48)
 * = 158 via 203; 302: 110+42 = 152; 303: 158+36 = 194; 304: max(158+50, 152+50, 194+45) =
 * 239 via 303; 310: max(208, 202, 239, 239+40) = 279 via 304.
 */
const TRACKS = [
  {
    // Targeting it: MOD-201..205, PROJ-210; they require MOD-101..104: 10 documents,
    // 30+36+32+40 + 44+40+48+42+36+72 = 420 h. examples/broken (in the same workspace) targets
    // Data Engineer too: MOD-901 24, MOD-905 40, MOD-917 12, MOD-904 no duration (0), MOD-910
    // (defined twice: one node, 20) and 16 more documents of 20 h each (902, 903, 906, 907,
    // 908, 911, 912, 913, 914, 915, 916, 921, 922, 930, 931, 932); its MOD-12 is no valid ID:
    // 21 documents, 24 + 40 + 12 + 0 + 20 + 16 × 20 = 416 h. 31 documents, 836 h, ⌈83.6⌉ = 84
    // weeks. Its longest chain there is MOD-901 → MOD-905, 64 h; MOD-921 ↔ MOD-922 is a cycle.
    // Critical path: PROJ-210, 194 + 72 = 266 h.
    role: 'Data Engineer',
    documents: '31',
    hours: '836',
    weeks: '84',
    path: ['MOD-101', 'MOD-102', 'MOD-201', 'MOD-203', 'MOD-205', 'PROJ-210'],
    pathHours: '266',
  },
  {
    // MOD-101..104, PROJ-110: 30 + 36 + 32 + 40 + 48 = 186 h, ⌈18.6⌉ = 19 weeks.
    // Critical path: PROJ-110, 106 + 48 = 154 h.
    role: 'Junior Data Engineer',
    documents: '5',
    hours: '186',
    weeks: '19',
    path: ['MOD-101', 'MOD-102', 'MOD-104', 'PROJ-110'],
    pathHours: '154',
  },
  {
    // Targeting it: MOD-205 (also Data Engineer), MOD-301..304, PROJ-310; they require
    // MOD-101..104, MOD-201..204 (not PROJ-210, PROJ-110): 14 documents,
    // 186 - 48 + 44 + 40 + 48 + 42 + 36 + 50 + 50 + 45 + 40 + 96 = 629 h, ⌈62.9⌉ = 63 weeks.
    // Critical path: PROJ-310, 279 + 96 = 375 h.
    role: 'Senior Data Engineer',
    documents: '14',
    hours: '629',
    weeks: '63',
    path: ['MOD-101', 'MOD-102', 'MOD-201', 'MOD-203', 'MOD-205', 'MOD-303', 'MOD-304', 'PROJ-310'],
    pathHours: '375',
  },
];

/** The tracks table as the page's DOM holds it. */
function readTracks(): Promise<typeof TRACKS> {
  return webview.evaluate(OVERVIEW, () =>
    [...document.querySelectorAll('table.tracks tbody tr[data-role]')].map((tr) => ({
      role: tr.getAttribute('data-role') ?? '',
      documents: tr.querySelector('[data-testid="track-documents"]')?.textContent ?? '',
      hours: tr.querySelector('[data-testid="track-hours"]')?.textContent ?? '',
      weeks: tr.querySelector('[data-testid="track-weeks"]')?.textContent ?? '',
      path: [...tr.querySelectorAll('[data-testid="track-path"] ol button.doc')].map((b) => b.getAttribute('data-open') ?? ''),
      pathHours: tr.querySelector('[data-testid="track-path-hours"]')?.textContent ?? '',
    })),
  );
}

async function showOverview(): Promise<void> {
  await activate();
  await vscode.commands.executeCommand('roadmap.showOverview');
  await webview.waitFor(OVERVIEW, 'body[data-state="drawn"]', undefined, { timeout: 30_000 });
}

/** Waits for an editor on the file (relative to the workspace folder) to be the active one. */
function activeEditorOn(path: string, why: string): Promise<vscode.TextEditor> {
  return waitFor(`an editor on ${path} ${why}`, () => {
    const e = vscode.window.activeTextEditor;
    return e && rel(e.document.uri) === path ? e : undefined;
  });
}

suite('Curriculum Overview', function () {
  this.timeout(120_000);

  teardown(async () => {
    await resetEditors();
  });

  test('shows each track\'s documents, hours, weeks and critical path, as worked out by hand', async () => {
    const ext = await activate();
    const contributed: { command: string; title: string }[] = ext.packageJSON.contributes?.commands ?? [];
    assert.ok(
      contributed.some((c) => c.command === 'roadmap.showOverview' && c.title === 'Show Curriculum Overview'),
      'package.json contributes "Roadmap: Show Curriculum Overview"',
    );
    await showOverview();
    // The page draws what the server has; once every document is indexed it holds the totals.
    await eventually('the tracks of examples/curriculum (and examples/broken) in the overview', async () => assert.deepStrictEqual(await readTracks(), TRACKS), { timeout: 60_000 });
  });

  test('a matrix cell with one document opens it on a real click', async () => {
    await showOverview();
    // Along Data Engineer, schema-evolution is targeted by MOD-204 only (Working).
    const cell = 'button.cell[data-role="Data Engineer"][data-competency="schema-evolution"]';
    const label = await webview.evaluate(OVERVIEW, (sel: string) => document.querySelector(sel)?.getAttribute('aria-label') ?? null, cell);
    assert.ok(label && /Data Engineer, schema-evolution: highest Working \(MOD-204\)/.test(label), `the cell is labelled for screen readers: ${label}`);
    await webview.click(OVERVIEW, cell);
    const editor = await activeEditorOn('curriculum/data-engineer/mod-204-streaming-fundamentals.md', 'after clicking the schema-evolution cell');
    assert.match(editor.document.getText(), /\*\*Module ID\*\*: MOD-204/);
  });

  test('a cell with several documents offers them in prerequisite order; Enter on a critical-path document opens it', async () => {
    await showOverview();
    const api = (await activate()).exports as { overviewLastPick(): Array<{ id: string; level?: string | null }> | undefined };
    // Along Senior Data Engineer, platform-architecture: MOD-203 Foundational, MOD-301 Advanced, PROJ-310 Expert.
    await webview.press('Enter', { view: OVERVIEW, selector: 'button.cell[data-role="Senior Data Engineer"][data-competency="platform-architecture"]' });
    const pick = await waitFor('the pick of the platform-architecture cell', () => api.overviewLastPick());
    assert.deepStrictEqual(
      pick.map((t) => `${t.id} ${t.level}`),
      ['MOD-203 Foundational', 'MOD-301 Advanced', 'PROJ-310 Expert'],
    );
    await vscode.commands.executeCommand('workbench.action.closeQuickOpen');
    await webview.press('Enter', { view: OVERVIEW, selector: 'tr[data-role="Junior Data Engineer"] [data-testid="track-path"] button.doc[data-open="MOD-104"]' });
    await activeEditorOn('curriculum/junior-data-engineer/mod-104-batch-etl-orchestration.md', 'after Enter on MOD-104 in the critical path');
  });

  test('follows an edit: a capstone\'s hours move its track and critical path', async () => {
    await showOverview();
    await eventually('the overview to hold every document', async () => assert.deepStrictEqual(await readTracks(), TRACKS), { timeout: 60_000 });
    // Edited without an editor (one in the overview's column would hide the overview); the teardown reverts it.
    const doc = await vscode.workspace.openTextDocument(file('curriculum/junior-data-engineer/proj-110-retail-sales-batch-pipeline.md'));
    const at = doc.getText().indexOf('**Estimated Duration**: 48 hours');
    assert.ok(at >= 0, 'PROJ-110 gives 48 hours');
    const start = doc.positionAt(at + '**Estimated Duration**: '.length);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(start, start.translate(0, 2)), '58');
    assert.ok(await vscode.workspace.applyEdit(edit), 'the edit applies');
    // Junior: 186 + 10 = 196 h, ⌈19.6⌉ = 20 weeks; its path ends at PROJ-110: 154 + 10 = 164.
    await eventually(
      'the Junior Data Engineer track to follow the edit',
      async () => assert.deepStrictEqual((await readTracks())[1], { ...TRACKS[1], hours: '196', weeks: '20', pathHours: '164' }),
      { timeout: 30_000 },
    );
  });

  test('the graph toolbar\'s Curriculum Overview button opens the overview', async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.commands.executeCommand('roadmap.showGraph');
    await webview.click(GRAPH, '[data-testid="curriculum-overview"]', { timeout: 30_000 });
    await webview.waitFor(OVERVIEW, 'body[data-state="drawn"]', undefined, { timeout: 30_000 });
  });

  test('axe-core finds no serious or critical violation in the overview', async () => {
    await showOverview();
    const violations = await webview.axe(OVERVIEW, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] } });
    const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.deepStrictEqual(
      bad.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map((n) => n.html).join(' | ')}`),
      [],
    );
  });
});
