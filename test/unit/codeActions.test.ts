/**
 * Quick fixes: each is applied to the fixture's texts, the workspace re-checked,
 * and the result must have lost the diagnostic it fixes and gained none.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import { codeActions, FIX_ALL_KIND } from '../../server/src/features/codeActions';
import { codeLenses } from '../../server/src/features/codeLens';
import { foldingRanges } from '../../server/src/features/folding';
import { toLspDiagnostic } from '../../server/src/features/diagnostics';
import { applyWorkspaceEdit } from '../fixtures/edits';
import { contextOf, parseFixture, uriOf, type Fixture } from '../fixtures/fixture';

/** A complete, clean module; `drop` removes lines matching it, `replace` rewrites text. */
function moduleDoc(id: string, opts: { prereqs?: string; next?: string; roles?: string; duration?: string; drop?: RegExp; extra?: string } = {}): string {
  const text = `# Module Roadmap

> ${opts.roles ?? 'Cloud Engineer'} | A module.

## Module Overview

- **Module ID**: ${id}
- **Module Title**: Module ${id}
- **Target Role(s)**: ${opts.roles ?? 'Cloud Engineer'}
- **Duration**: ${opts.duration ?? '10 hours (4 lecture, 6 lab)'}
- **Prerequisites**: ${opts.prereqs ?? 'None'}
- **Next Module(s)**: ${opts.next ?? 'None'}

## Cross-Role Progression

- **Builds On**: Earlier work.${opts.extra ?? ''}

## Learning Objectives

- Learn the topic.

## Competency Alignment

| Competency | Proficiency Target | Evidence / Assessment | Role Alignment |
|------------|--------------------|-----------------------|----------------|
| cloud-basics | Working | Lab review | ${(opts.roles ?? 'Cloud Engineer').split(',')[0].trim()} |

## Content Outline

1. The topic.

## Practical Components

| Asset | Description | Completion Criteria | Linked Validation |
|-------|-------------|---------------------|-------------------|
| Lab 1 | A lab | Passes | Script |

## Solutions Plan

- **Solution Path**: \`solutions/${id.toLowerCase()}\`

## Resource Plan

- **Primary References**: The README.

## Quality Checklist

- [ ] Reviewed.

## Dependencies & Notes

- None.
`;
  return opts.drop ? text.split('\n').filter((l) => !opts.drop!.test(l)).join('\n').replace(/\n{3,}/g, '\n\n') : text;
}

function texts(fixture: Fixture): Map<string, string> {
  return new Map(fixture.files.map((f) => [f.uri, f.text]));
}

function diagnosticsOf(files: Map<string, string>) {
  const fx = parseFixture([...files].map(([uri, text]) => `-- ${uri.slice(uriOf('').length)}\n${text}`).join('\n'));
  const ctx = contextOf(fx);
  return { ctx, all: [...files.keys()].flatMap((uri) => ctx.ws.diagnostics(uri).map((d) => `${uri.slice(uriOf('').length)} ${d.code}`)).sort() };
}

const apply = applyWorkspaceEdit;

/** The actions offered for the diagnostics of `file` with the given code. */
function actionsFor(source: string, file: string, code: string, only?: string[]): { files: Map<string, string>; actions: CodeAction[]; diagnostics: Diagnostic[] } {
  const fx = parseFixture(source);
  const ctx = contextOf(fx);
  const uri = uriOf(file);
  const diagnostics = ctx.ws.diagnostics(uri).filter((d) => d.code === code).map(toLspDiagnostic);
  assert.ok(diagnostics.length > 0, `${file} has ${code}`);
  const range = only ? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } } : diagnostics[0].range;
  return { files: texts(fx), actions: codeActions(ctx, uri, range, only ? [] : diagnostics, { canCreateFiles: true, only }), diagnostics };
}

function assertFixed(before: Map<string, string>, action: CodeAction, code: string) {
  const was = diagnosticsOf(before).all;
  const after = diagnosticsOf(apply(before, action.edit!)).all;
  assert.ok(!after.some((d) => d.endsWith(code)), `no ${code} left after "${action.title}": ${after.join(', ')}`);
  const added = after.filter((d) => !was.includes(d));
  assert.deepEqual(added, [], `"${action.title}" adds no diagnostic`);
}

describe('quick fixes', () => {
  it('inserts every missing section at its place in schema order', () => {
    const source = `-- m.md\n${moduleDoc('MOD-101', { drop: /^## (Learning Objectives|Resource Plan|Dependencies & Notes)$|^- Learn the topic|^- \*\*Primary References|^- None\.$/ })}`;
    const { files, actions } = actionsFor(source, 'm.md', 'missing-section');
    const action = actions.find((a) => a.title.startsWith('Insert the missing sections'))!;
    assert.ok(action, actions.map((a) => a.title).join(', '));
    assertFixed(files, action, 'missing-section');
    const fixed = apply(files, action.edit!).get(uriOf('m.md'))!;
    const headings = fixed.split('\n').filter((l) => l.startsWith('## '));
    assert.deepEqual(headings.slice(2, 4), ['## Learning Objectives', '## Competency Alignment']);
    assert.equal(headings[headings.length - 1], '## Dependencies & Notes');
  });

  it('inserts a missing overview section with every field and a fresh ID', () => {
    const base = moduleDoc('MOD-101').replace(/## Module Overview[\s\S]*?(?=## Cross-Role)/, '');
    const { files, actions } = actionsFor(`-- m.md\n${base}\n-- n.md\n${moduleDoc('MOD-140')}`, 'm.md', 'missing-section');
    const fixed = apply(files, actions[0].edit!).get(uriOf('m.md'))!;
    assert.match(fixed, /## Module Overview\n\n- \*\*Module ID\*\*: MOD-141\n/);
    assertFixed(files, actions[0], 'missing-section');
  });

  it('adds a missing overview field after the field that precedes it', () => {
    const { files, actions } = actionsFor(`-- m.md\n${moduleDoc('MOD-101', { drop: /\*\*Duration\*\*/ })}`, 'm.md', 'missing-field');
    const action = actions.find((a) => a.title === 'Add the field "Duration"')!;
    assertFixed(files, action, 'missing-field');
    const fixed = apply(files, action.edit!).get(uriOf('m.md'))!;
    assert.match(fixed, /- \*\*Target Role\(s\)\*\*: Cloud Engineer\n- \*\*Duration\*\*:\n- \*\*Prerequisites\*\*/);
  });

  it('adds every missing overview field at once', () => {
    const { files, actions } = actionsFor(`-- m.md\n${moduleDoc('MOD-101', { drop: /\*\*(Module Title|Next Module\(s\))\*\*/ })}`, 'm.md', 'missing-field');
    const action = actions.find((a) => a.title === 'Add every missing overview field')!;
    assertFixed(files, action, 'missing-field');
  });

  it('corrects a duration total to the sum of its parts', () => {
    const { files, actions } = actionsFor(`-- m.md\n${moduleDoc('MOD-101', { duration: '12 hours (4 lecture, 6 lab)' })}`, 'm.md', 'duration-mismatch');
    assert.equal(actions[0].title, 'Set the duration to 10 hours, the sum of its parts');
    assertFixed(files, actions[0], 'duration-mismatch');
    assert.match(apply(files, actions[0].edit!).get(uriOf('m.md'))!, /\*\*Duration\*\*: 10 hours \(4 lecture, 6 lab\)/);
  });

  it('creates a stub document for an unknown prerequisite, beside documents of the same kind and role, linked back', () => {
    const source = `-- roles/cloud/m.md\n${moduleDoc('MOD-101', { prereqs: 'MOD-150' })}\n-- roles/cloud/n.md\n${moduleDoc('MOD-120')}`;
    const { files, actions } = actionsFor(source, 'roles/cloud/m.md', 'unknown-reference');
    const action = actions.find((a) => a.title.startsWith('Create'))!;
    assert.equal(action.title, 'Create roles/cloud/mod-150.md for MOD-150');
    assertFixed(files, action, 'unknown-reference');
    const stub = apply(files, action.edit!).get(uriOf('roles/cloud/mod-150.md'))!;
    assert.match(stub, /- \*\*Module ID\*\*: MOD-150/);
    assert.match(stub, /- \*\*Next Module\(s\)\*\*: MOD-101/);
  });

  it('adds the reciprocal link in the other document', () => {
    const source = `-- a.md\n${moduleDoc('MOD-101', { next: 'MOD-102' })}\n-- b.md\n${moduleDoc('MOD-102')}`;
    const { files, actions } = actionsFor(source, 'a.md', 'missing-reciprocal');
    assert.equal(actions[0].title, "Add MOD-101 to MOD-102's Prerequisites");
    assertFixed(files, actions[0], 'missing-reciprocal');
    assert.match(apply(files, actions[0].edit!).get(uriOf('b.md'))!, /\*\*Prerequisites\*\*: MOD-101\n/);
    // Appended to a list that is not empty.
    const two = `-- a.md\n${moduleDoc('MOD-101', { next: 'MOD-102' })}\n-- c.md\n${moduleDoc('MOD-103', { next: 'MOD-102' })}\n-- b.md\n${moduleDoc('MOD-102', { prereqs: 'MOD-103' })}`;
    const r = actionsFor(two, 'a.md', 'missing-reciprocal');
    assert.match(apply(r.files, r.actions[0].edit!).get(uriOf('b.md'))!, /\*\*Prerequisites\*\*: MOD-103, MOD-101\n/);
  });

  it('fixes all of a document’s own problems as a source action', () => {
    const broken = moduleDoc('MOD-101', { duration: '11 hours (4 lecture, 6 lab)', drop: /^## Resource Plan$|^- \*\*Primary References|\*\*Module Title\*\*/ });
    const { files, actions } = actionsFor(`-- m.md\n${broken}`, 'm.md', 'missing-section', ['source.fixAll']);
    const action = actions.find((a) => a.kind === FIX_ALL_KIND)!;
    assert.ok(action);
    assert.deepEqual(diagnosticsOf(apply(files, action.edit!)).all, []);
  });

  it('offers no fix-all on the light bulb', () => {
    const { actions } = actionsFor(`-- m.md\n${moduleDoc('MOD-101', { duration: '11 hours (4 lecture, 6 lab)' })}`, 'm.md', 'duration-mismatch');
    assert.ok(!actions.some((a) => a.kind === FIX_ALL_KIND));
  });
});

describe('code lens and folding', () => {
  it('counts prerequisites, dependents, hours before and blocking on the ID line', () => {
    const fx = parseFixture(`-- a.md\n${moduleDoc('MOD-101', { next: 'MOD-102, MOD-103' })}\n-- b.md\n${moduleDoc('MOD-102', { prereqs: 'MOD-101' })}\n-- c.md\n${moduleDoc('MOD-103', { prereqs: 'MOD-101, MOD-102' })}`);
    const ctx = contextOf(fx);
    const [lens] = codeLenses(ctx, uriOf('b.md'));
    // MOD-101's 10 hours come before; MOD-103 requires it.
    assert.equal(lens.command!.title, '1 prerequisite · 1 dependent · 10 h before · blocks 1');
    assert.equal(lens.range.start.line, 6);
    assert.equal(codeLenses(ctx, uriOf('a.md'))[0].command!.title, '0 prerequisites · 2 dependents · 0 h before · blocks 2');
    const locations = codeLenses(ctx, uriOf('c.md'))[0].command!.arguments![2] as Array<{ uri: string }>;
    assert.deepEqual(locations.map((l) => l.uri).sort(), [uriOf('a.md'), uriOf('b.md')]);
  });

  it('folds each section from its heading to its last line', () => {
    const fx = parseFixture(`-- a.md\n${moduleDoc('MOD-101')}`);
    const ranges = foldingRanges(contextOf(fx), uriOf('a.md'));
    assert.equal(ranges.length, 10);
    assert.deepEqual(ranges[0], { startLine: 4, endLine: 11 });
  });
});
