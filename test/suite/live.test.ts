/// <reference types="mocha" />
/**
 * Live updates in a real VS Code: an edit in one document (through the editor
 * or a WorkspaceEdit, unsaved) changes the diagnostics of another document that
 * is not open; a file written to disk is picked up; undoing restores the problem.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import { activate, file, open, positionOf, resetEditors, untilCodes, untilNoCode } from './helpers';

const CYCLE_A = 'broken/prerequisite-cycle-a.md';
const CYCLE_B = 'broken/prerequisite-cycle-b.md';
const DUP_A = 'broken/duplicate-id-a.md';
const DUP_B = 'broken/duplicate-id-b.md';
const UNKNOWN = 'broken/unknown-reference.md';

suite('Live diagnostics across files', () => {
  suiteSetup(async () => {
    await activate();
    await untilCodes(file(CYCLE_B), ['prerequisite-cycle']);
  });
  teardown(resetEditors);

  test('breaking a cycle with editor.edit clears it in the other, unopened file; editing it back restores it', async () => {
    const editor = await open(file(CYCLE_A));
    await untilCodes(file(CYCLE_A), ['prerequisite-cycle']);
    const start = positionOf(editor.document, '**Prerequisites**: MOD-922', '**Prerequisites**: '.length);
    const range = new vscode.Range(start, start.translate(0, 'MOD-922'.length));
    assert.ok(await editor.edit((e) => e.replace(range, 'MOD-901')), 'the edit applied');
    // MOD-901 needs neither: the cycle is gone from both documents (a reciprocal-link hint may appear instead).
    await untilNoCode(file(CYCLE_B), 'prerequisite-cycle');
    await untilNoCode(file(CYCLE_A), 'prerequisite-cycle');
    assert.ok(!vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === file(CYCLE_B).toString()), 'the other file is not in an editor');

    assert.ok(await editor.edit((e) => e.replace(range, 'MOD-922')), 'the edit back applied');
    const [d] = await untilCodes(file(CYCLE_B), ['prerequisite-cycle']);
    assert.match(d.message, /MOD-921/);
    assert.match(d.message, /MOD-922/);
  });

  test('fixing a duplicate ID with a WorkspaceEdit clears it in the other file; reverting brings it back', async () => {
    await untilCodes(file(DUP_A), ['duplicate-id']);
    const doc = await vscode.workspace.openTextDocument(file(DUP_B));
    const start = positionOf(doc, '**Module ID**: MOD-910', '**Module ID**: '.length);
    const edit = new vscode.WorkspaceEdit();
    edit.replace(doc.uri, new vscode.Range(start, start.translate(0, 'MOD-910'.length)), 'MOD-9876');
    assert.ok(await vscode.workspace.applyEdit(edit), 'the edit applied');
    assert.ok(doc.isDirty, 'the edited document is unsaved: the server follows the editor, not the disk');
    await untilCodes(file(DUP_A), []);
    await untilCodes(file(DUP_B), []);

    await resetEditors();
    await untilCodes(file(DUP_A), ['duplicate-id']);
    await untilCodes(file(DUP_B), ['duplicate-id']);
  });

  test('a document written to disk defines the unknown ID; deleting it makes the reference unknown again', async () => {
    await untilCodes(file(UNKNOWN), ['unknown-reference']);
    const base = new TextDecoder().decode(await vscode.workspace.fs.readFile(file('broken/base-module.md')));
    const text = base
      .replace('**Module ID**: MOD-901', '**Module ID**: MOD-999')
      .replace('**Module Title**: Base Module for Broken Examples', '**Module Title**: Written By The Suite')
      .replace(/\*\*Next Module\(s\)\*\*: .*/, '**Next Module(s)**: MOD-907'); // reciprocal: MOD-907 lists it as a prerequisite
    const created = file('broken/suite-created/mod-999.md');
    try {
      await vscode.workspace.fs.writeFile(created, new TextEncoder().encode(text));
      await untilCodes(file(UNKNOWN), []);
    } finally {
      await vscode.workspace.fs.delete(file('broken/suite-created'), { recursive: true, useTrash: false });
    }
    await untilCodes(file(UNKNOWN), ['unknown-reference']);
  });
});
