/**
 * The curriculum's figures where authors look: the hover of an ID, the code lens, and
 * the quick fixes of the proficiency rules, on the analytics fixture curriculum
 * (test/fixtures/analyticsCurriculum.ts). Every figure expected here is the hand-worked
 * one of test/fixtures/analyticsExpected.ts (the arithmetic is in its comments).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CodeAction, MarkupContent } from 'vscode-languageserver';
import { codeActions } from '../../server/src/features/codeActions';
import { codeLenses } from '../../server/src/features/codeLens';
import { toLspDiagnostic } from '../../server/src/features/diagnostics';
import { hover } from '../../server/src/features/hover';
import { chainText } from '../../server/src/features/metrics';
import { ANALYTICS_CURRICULUM } from '../fixtures/analyticsCurriculum';
import { applyWorkspaceEdit } from '../fixtures/edits';
import { contextOf, parseFixture, uriOf, wire } from '../fixtures/fixture';

/** The fixture with a cursor: `before` (text in `file`) gets `<|>` inserted `at` characters into it. */
function withCursor(file: string, before: string, at: number): string {
  const start = ANALYTICS_CURRICULUM.indexOf(`-- ${file}\n`);
  assert.ok(start >= 0, file);
  const i = ANALYTICS_CURRICULUM.indexOf(before, start);
  assert.ok(i > start, `${before} in ${file}`);
  return ANALYTICS_CURRICULUM.slice(0, i + at) + '<|>' + ANALYTICS_CURRICULUM.slice(i + at);
}

/** The hover's figures line (the list item after the links) at the cursor. */
function figuresAt(source: string): string {
  const fx = parseFixture(source);
  const ctx = contextOf(fx);
  const h = hover(ctx, fx.cursor!.file.uri, fx.cursor!.position);
  assert.ok(h, 'a hover at the cursor');
  const lines = (h.contents as MarkupContent).value.split('\n');
  const i = lines.findIndex((l) => l.startsWith('- Dependents: '));
  const rest = lines.slice(i + 1).filter((l) => !l.startsWith('- Next: ') && !l.startsWith('- File: '));
  assert.equal(rest.length, 1, lines.join('\n'));
  return rest[0];
}

describe('metrics in the hover', () => {
  it('a mention: hours before with the chain, blocking, the critical path it is on', () => {
    // PROJ-110's Prerequisite Modules / Skills mention MOD-103: 101 (10) + 102 (20) = 30 before; only PROJ-110 requires it.
    assert.equal(
      figuresAt(withCursor('analyst/proj-110.md', '**Prerequisite Modules / Skills**: MOD-103', 38)),
      '- 30 h of prerequisites before it (MOD-101 → MOD-102) · blocks 1 document · on the critical path of Data Analyst',
    );
  });

  it('a definition: an entry document on every track\'s critical path', () => {
    // MOD-101 requires nothing and is required by 11 documents; each track's critical path starts with it.
    assert.equal(
      figuresAt(withCursor('analyst/mod-101.md', '**Module ID**: MOD-101', 18)),
      '- 0 h of prerequisites before it · blocks 11 documents · on the critical path of Data Analyst, Data Engineer, Data Scientist',
    );
    // MOD-204: 10 + 40 + 30 + 35 = 115 before, the end of Data Engineer's critical path.
    assert.equal(
      figuresAt(withCursor('engineer/mod-203.md', '**Next Module(s)**: MOD-204', 22)),
      '- 115 h of prerequisites before it (MOD-101 → MOD-201 → MOD-202 → MOD-203) · blocks 0 documents · on the critical path of Data Engineer',
    );
  });

  it('says why a document on or after a cycle has no hours before it', () => {
    // MOD-302 ↔ MOD-303: blocking 2 (MOD-303, PROJ-310); PROJ-310 requires MOD-302.
    assert.equal(figuresAt(withCursor('scientist/proj-310.md', '**Prerequisite Modules / Skills**: MOD-302', 38)), '- no hours of prerequisites before it: on a requires cycle · blocks 2 documents');
    assert.equal(figuresAt(withCursor('scientist/proj-310.md', '**Project ID**: PROJ-310', 19)), '- no hours of prerequisites before it: after a requires cycle · blocks 0 documents');
  });

  it('an ID no document defines gets no figures', () => {
    const fx = parseFixture(withCursor('engineer/mod-205.md', '**Prerequisites**: MOD-999', 22));
    const h = hover(contextOf(fx), fx.cursor!.file.uri, fx.cursor!.position)!;
    assert.equal((h.contents as MarkupContent).value, '**MOD-999** is not defined by any roadmap document in the workspace.');
  });

  it('a long chain shows its ends and how many are left out', () => {
    const ids = Array.from({ length: 10 }, (_, i) => `MOD-${100 + i}`);
    assert.equal(chainText(ids.slice(0, 8)), ids.slice(0, 8).join(' → '));
    assert.equal(chainText(ids), 'MOD-100 → MOD-101 → MOD-102 → … 4 more … → MOD-107 → MOD-108 → MOD-109');
  });
});

describe('metrics in the code lens', () => {
  const ctx = contextOf(parseFixture(ANALYTICS_CURRICULUM));
  const title = (file: string) => codeLenses(ctx, uriOf(file))[0].command!.title;

  it('adds hours before and blocking to the counts', () => {
    // PROJ-110: MOD-103 and MOD-104 before it; 101 + 102 + 103 = 10 + 20 + 15 = 45 h; nothing requires it.
    assert.equal(title('analyst/proj-110.md'), '2 prerequisites · 0 dependents · 45 h before · blocks 0');
    // MOD-102: MOD-101 (10 h) before; MOD-103 and MOD-202 list it; 5 documents require it transitively.
    assert.equal(title('analyst/mod-102.md'), '1 prerequisite · 2 dependents · 10 h before · blocks 5');
    // MOD-301 is required by MOD-302 only; MOD-201's Next adds MOD-201 before it: 10 + 40 = 50.
    assert.equal(title('scientist/mod-301.md'), '1 prerequisite · 1 dependent · 50 h before · blocks 3');
    assert.equal(title('scientist/mod-303.md'), '1 prerequisite · 1 dependent · on a requires cycle · blocks 2');
  });

  it('follows an edit of hours before it', () => {
    const fx = parseFixture(ANALYTICS_CURRICULUM);
    const c = contextOf(fx);
    const file = fx.files.find((f) => f.path === 'analyst/mod-101.md')!;
    c.ws.set(file.uri, file.text.replace('10 hours (4 lecture, 6 lab)', '16 hours (4 lecture, 12 lab)'));
    assert.equal(codeLenses(c, uriOf('analyst/proj-110.md'))[0].command!.title, '2 prerequisites · 0 dependents · 51 h before · blocks 0');
  });
});

describe('quick fixes of the proficiency rules', () => {
  /** The fixes offered for `file`'s diagnostics with `code`, sent as a client would (through JSON). */
  function fixesFor(source: string, file: string, code: string) {
    const fx = parseFixture(source);
    const ctx = contextOf(fx);
    const uri = uriOf(file);
    const diagnostics = wire(ctx.ws.diagnostics(uri).filter((d) => d.code === code).map(toLspDiagnostic));
    assert.equal(diagnostics.length, 1, `${file} has one ${code}`);
    const actions = codeActions(ctx, uri, diagnostics[0].range, diagnostics, { canCreateFiles: true });
    return { fx, actions };
  }

  /** The codes of `file` after the action is applied to the fixture's texts. */
  function codesAfter(fx: ReturnType<typeof parseFixture>, action: CodeAction, file: string): string[] {
    const files = applyWorkspaceEdit(new Map(fx.files.map((f) => [f.uri, f.text])), action.edit!);
    const after = contextOf(parseFixture([...files].map(([uri, text]) => `-- ${uri.slice(uriOf('').length)}\n${text}`).join('\n')));
    return after.ws.diagnostics(uriOf(file)).map((d) => d.code);
  }

  it('proficiency-regression: raises the level to the one reached before', () => {
    // PROJ-110 targets sql at Working; MOD-102, which it requires, at Proficient.
    const { fx, actions } = fixesFor(ANALYTICS_CURRICULUM, 'analyst/proj-110.md', 'proficiency-regression');
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Raise "sql" to Proficient, the level MOD-102 reaches'],
    );
    assert.equal(actions[0].isPreferred, false);
    const edit = Object.values(actions[0].edit!.changes!)[0];
    assert.equal(edit[0].newText, 'Proficient');
    assert.ok(!codesAfter(fx, actions[0], 'analyst/proj-110.md').includes('proficiency-regression'));
  });

  // MOD-105 targets visualization at Working and requires nothing; MOD-106 at Foundational but
  // requires MOD-103 (adding it would close a cycle); MOD-107 targets it at Expert (not lower).
  const extra = (id: string, prereqs: string, level: string) => `-- analyst/${id.toLowerCase()}.md
# Module Roadmap

## Module Overview

- **Module ID**: ${id}
- **Module Title**: Charts ${id}
- **Target Role(s)**: Data Analyst
- **Duration**: 5 hours
- **Prerequisites**: ${prereqs}
- **Next Module(s)**: None

## Competency Alignment

| Competency | Proficiency Target | Evidence / Assessment | Role Alignment |
|---|---|---|---|
| visualization | ${level} | Chart review | Data Analyst |
`;
  const WITH_VISUALIZATION = ANALYTICS_CURRICULUM + extra('MOD-105', 'None', 'Working') + extra('MOD-106', 'MOD-103', 'Foundational') + extra('MOD-107', 'None', 'Expert');

  it('proficiency-jump: adds a prerequisite targeting the competency lower, or lowers the target', () => {
    // MOD-103 targets visualization at Advanced; MOD-101 and MOD-102 before it do not target it.
    const { fx, actions } = fixesFor(WITH_VISUALIZATION, 'analyst/mod-103.md', 'proficiency-jump');
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Add MOD-105 (targets "visualization" at Working) to Prerequisites', 'Lower "visualization" to Proficient'],
    );
    assert.deepEqual(Object.values(actions[0].edit!.changes!)[0].map((e) => e.newText), [', MOD-105']);
    assert.ok(!codesAfter(fx, actions[0], 'analyst/mod-103.md').includes('proficiency-jump'));
    assert.ok(!codesAfter(fx, actions[1], 'analyst/mod-103.md').includes('proficiency-jump'));
  });

  it('proficiency-jump: only lowers the target where no document targets the competency lower', () => {
    const { actions } = fixesFor(ANALYTICS_CURRICULUM, 'analyst/mod-103.md', 'proficiency-jump');
    assert.deepEqual(
      actions.map((a) => a.title),
      ['Lower "visualization" to Proficient'],
    );
  });

  it('offers nothing once the level cell changed under the diagnostic', () => {
    const fx = parseFixture(ANALYTICS_CURRICULUM);
    const ctx = contextOf(fx);
    const uri = uriOf('analyst/proj-110.md');
    const diagnostics = wire(ctx.ws.diagnostics(uri).filter((d) => d.code === 'proficiency-regression').map(toLspDiagnostic));
    const file = fx.files.find((f) => f.uri === uri)!;
    ctx.ws.set(uri, file.text.replace('| sql | Working |', '| sql | Proficient |'));
    assert.deepEqual(codeActions(ctx, uri, diagnostics[0].range, diagnostics, { canCreateFiles: true }), []);
  });
});
