/// <reference types="mocha" />
/**
 * The language features through VS Code's own commands (the same path the UI
 * takes): completion, hover, definition, references, rename, document and
 * workspace symbols, on the scratch copy of examples/curriculum.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import {
  activate,
  detailsOf,
  eventually,
  file,
  hoverText,
  isRoadmap,
  labelOf,
  markdownFiles,
  open,
  positionOf,
  readText,
  rel,
  resetEditors,
  roadmapDiagnostics,
  textAt,
  toLocation,
  untilCodes,
  waitFor,
} from './helpers';

const MOD_304 = 'curriculum/senior-data-engineer/mod-304-cost-performance-engineering.md';
const MOD_303 = 'curriculum/senior-data-engineer/mod-303-governance-lineage-observability.md';
const MOD_302 = 'curriculum/senior-data-engineer/mod-302-advanced-stream-processing.md';
const MOD_203 = 'curriculum/data-engineer/mod-203-lakehouse-incremental-pipelines.md';
const PREREQS_304 = '- **Prerequisites**: MOD-301, MOD-302, MOD-303';

/** Every occurrence of an ID in the curriculum's roadmap documents, as `path:line:character`. */
async function occurrences(id: string): Promise<string[]> {
  const out: string[] = [];
  for (const u of await markdownFiles('curriculum')) {
    const text = await readText(u);
    if (!isRoadmap(text)) continue;
    text.split(/\r?\n/).forEach((l, i) => {
      for (const m of l.matchAll(new RegExp(`${id}(?!\\d)`, 'g'))) out.push(`${rel(u)}:${i}:${m.index}`);
    });
  }
  return out.sort();
}

/** Every ID a roadmap document of the workspace defines, sorted. */
async function definedIds(): Promise<string[]> {
  const out = new Set<string>();
  for (const dir of ['curriculum', 'broken']) {
    for (const u of await markdownFiles(dir)) {
      const text = await readText(u);
      const m = isRoadmap(text) && /\*\*(?:Module|Project) ID:?\*\*:?\s*((?:MOD|PROJ)-\d{3,})\b/.exec(text);
      if (m) out.add(m[1]);
    }
  }
  return [...out].sort();
}

const where = (l: vscode.Location) => `${rel(l.uri)}:${l.range.start.line}:${l.range.start.character}`;

suite('Language features through the VS Code API', () => {
  suiteSetup(async () => {
    await activate();
    // Indexed: the server knows MOD-302's definition from a document that was never opened.
    await untilCodes(file('broken/unknown-reference.md'), ['unknown-reference']);
  });
  teardown(resetEditors);

  test('completion offers IDs from the whole workspace with their titles, filtered by the typed prefix', async () => {
    const editor = await open(file(MOD_304));
    const line = positionOf(editor.document, PREREQS_304).line;
    const ok = await editor.edit((e) => e.replace(editor.document.lineAt(line).range, '- **Prerequisites**: MOD-301, MOD-30'));
    assert.ok(ok, 'the edit applied');
    const pos = editor.document.lineAt(line).range.end;
    const list = await waitFor('ID completions after "MOD-30"', async () => {
      const l = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', editor.document.uri, pos);
      return l.items.some((i) => labelOf(i) === 'MOD-302') ? l : undefined;
    });
    const ids = list.items.map(labelOf).filter((l) => /^(MOD|PROJ)-\d+$/.test(l)).sort();
    const defined = (await definedIds()).filter((id) => id.startsWith('MOD-30') && id !== 'MOD-304');
    assert.ok(defined.length >= 3, `the workspace defines MOD-301..303 (${defined.join(', ')})`);
    // MOD-301 is listed in the field already: not offered again.
    const expected = defined.filter((id) => id !== 'MOD-301');
    assert.deepStrictEqual(ids, expected, 'the IDs starting with MOD-30, except the document\'s own and those the field lists');
    const item = list.items.find((i) => labelOf(i) === 'MOD-302')!;
    assert.match(detailsOf(item), /Advanced Stream Processing/, 'the item shows the title of MOD-302');
    // The completion replaces the typed prefix.
    const range = item.range && ('replacing' in item.range ? item.range.replacing : item.range);
    assert.ok(range, 'the item has a range');
    assert.strictEqual(editor.document.getText(range), 'MOD-30');
  });

  test('hover on an ID shows its title, kind, role and file', async () => {
    const doc = (await open(file(MOD_304))).document;
    const pos = positionOf(doc, PREREQS_304, PREREQS_304.indexOf('MOD-302') + 3);
    const text = await waitFor('a roadmap hover on MOD-302', async () => {
      const t = hoverText(await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos));
      return /Advanced Stream Processing/.test(t) ? t : undefined;
    });
    assert.match(text, /MOD-302/);
    assert.match(text, /Module Roadmap/);
    assert.match(text, /Senior Data Engineer/);
    assert.match(text, /mod-302-advanced-stream-processing\.md/);
    assert.match(text, /MOD-304/, 'the dependents include MOD-304');
  });

  test('go to definition lands on the ID in a document that was never opened', async () => {
    const doc = (await open(file(MOD_304))).document;
    const pos = positionOf(doc, PREREQS_304, PREREQS_304.indexOf('MOD-302') + 2);
    const locs = (await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', doc.uri, pos)).map(toLocation);
    assert.deepStrictEqual(locs.map((l) => rel(l.uri)), [MOD_302]);
    assert.strictEqual(await textAt(locs[0]), 'MOD-302');
    assert.match((await vscode.workspace.openTextDocument(locs[0].uri)).lineAt(locs[0].range.start.line).text, /\*\*Module ID\*\*/);
  });

  test('find references lists every mention of an ID across the curriculum', async () => {
    const doc = (await open(file(MOD_304))).document;
    const pos = positionOf(doc, PREREQS_304, PREREQS_304.indexOf('MOD-301') + 1);
    const locs = await vscode.commands.executeCommand<vscode.Location[]>('vscode.executeReferenceProvider', doc.uri, pos);
    const expected = await occurrences('MOD-301');
    assert.ok(expected.length >= 5, `MOD-301 is mentioned often (${expected.length})`);
    assert.deepStrictEqual(locs.map(where).sort(), expected);
    assert.ok(new Set(locs.map((l) => l.uri.toString())).size >= 3, 'the references span several files');
  });

  test('rename an ID produces one WorkspaceEdit over several files; applied, the curriculum stays clean', async () => {
    const doc = (await open(file(MOD_304))).document;
    const pos = positionOf(doc, PREREQS_304, PREREQS_304.indexOf('MOD-303') + 3);
    const edit = await vscode.commands.executeCommand<vscode.WorkspaceEdit>('vscode.executeDocumentRenameProvider', doc.uri, pos, 'MOD-3313');
    assert.ok(edit, 'a workspace edit');
    const entries = edit.entries();
    const edits = entries.flatMap(([u, es]) => es.map((e) => ({ at: `${rel(u)}:${e.range.start.line}:${e.range.start.character}`, e })));
    assert.ok(entries.length >= 3, `the edit spans several files: ${entries.map(([u]) => rel(u)).join(', ')}`);
    assert.deepStrictEqual(edits.map((x) => x.at).sort(), await occurrences('MOD-303'));
    assert.ok(edits.every((x) => x.e.newText === 'MOD-3313'), 'every edit writes MOD-3313');

    // A name that exists, or does not fit the pattern, is refused.
    await assert.rejects(
      Promise.resolve(vscode.commands.executeCommand('vscode.executeDocumentRenameProvider', doc.uri, pos, 'MOD-302')),
      /already exists/,
    );
    await assert.rejects(Promise.resolve(vscode.commands.executeCommand('vscode.executeDocumentRenameProvider', doc.uri, pos, 'MOD-3x')), /not a valid/);

    // Applied, every mention follows: MOD-3313 is defined and nothing dangles.
    assert.ok(await vscode.workspace.applyEdit(edit), 'the edit applied');
    const defDoc = await vscode.workspace.openTextDocument(file(MOD_303));
    assert.match(defDoc.getText(), /\*\*Module ID\*\*: MOD-3313/);
    const at = positionOf(doc, 'MOD-3313', 2);
    await waitFor('MOD-3313 to resolve to mod-303', async () => {
      const locs = await vscode.commands.executeCommand<(vscode.Location | vscode.LocationLink)[]>('vscode.executeDefinitionProvider', doc.uri, at);
      return locs.map(toLocation).some((l) => rel(l.uri) === MOD_303) || undefined;
    });
    // Each renamed document reaches the server as its own change: wait for the last one to settle.
    const files = await markdownFiles('curriculum');
    await eventually('no diagnostics in the renamed curriculum', () =>
      assert.deepStrictEqual(files.flatMap((u) => roadmapDiagnostics(u).map((d) => `${rel(u)}: ${d.message}`)), []),
    );
  });

  test('document symbols: the ID and title, then the sections, then the overview fields', async () => {
    const uri = file(MOD_203);
    const symbols = await waitFor('document symbols from the roadmap server', async () => {
      const s = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', uri);
      return s?.find((x) => x.name.startsWith('MOD-203')) ? s : undefined;
    });
    // Markdown's own outline (headings) may be there too; ours is the one named by the ID.
    const mine = symbols.find((x) => x.name.startsWith('MOD-203'))!;
    assert.strictEqual(mine.name, 'MOD-203 Lakehouse Pipelines & Incremental Loads');
    assert.deepStrictEqual(
      mine.children.map((c) => c.name),
      ['Module Overview', 'Cross-Role Progression', 'Learning Objectives', 'Competency Alignment', 'Content Outline', 'Practical Components', 'Solutions Plan', 'Resource Plan', 'Quality Checklist', 'Dependencies & Notes'],
    );
    assert.deepStrictEqual(
      mine.children[0].children.map((c) => c.name),
      ['Module ID', 'Module Title', 'Target Role(s)', 'Duration', 'Prerequisites', 'Next Module(s)'],
    );
  });

  test('workspace symbols find documents by title and by ID', async () => {
    const find = async (q: string) =>
      (await vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', q))
        .map((s) => s.name)
        .filter((n) => /^(MOD|PROJ)-\d+ /.test(n));
    assert.deepStrictEqual(await find('spark'), ['MOD-201 Distributed Processing with Apache Spark']);
    assert.deepStrictEqual(await find('PROJ-3'), ['PROJ-310 Enterprise Real-Time Data Platform']);
  });
});
