/**
 * Completion where authors meet it (issue 14, item 2): a new row of a Competency
 * Alignment table, and IDs in a prerequisite field (what is already listed left out,
 * what would close a cycle last, the same role and earlier levels first).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CompletionItem } from 'vscode-languageserver';
import { completion, MAX_COMPETENCY_ITEMS } from '../../server/src/features/completion';
import { indexNodes, nextFreeId } from '../../server/src/core/templates';
import { contextOf, parseFixture } from '../fixtures/fixture';

function complete(source: string): CompletionItem[] {
  const fx = parseFixture(source);
  assert.ok(fx.cursor, 'fixture has a cursor');
  return completion(contextOf(fx), fx.cursor.file.uri, fx.cursor.position).items;
}

/** Labels in the order the editor shows them: by sortText (else label). */
function shown(source: string): string[] {
  return complete(source)
    .map((i) => ({ key: i.sortText ?? i.label, label: i.label }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((i) => i.label);
}

const module = (id: string, role: string, more = '') => `# Module Roadmap

## Module Overview

- **Module ID**: ${id}
- **Module Title**: Title of ${id}
- **Target Role(s)**: ${role}
${more}`;

const alignment = (rows: string) => `
## Competency Alignment

| Competency | Proficiency Target | Evidence / Assessment | Role Alignment |
|------------|--------------------|-----------------------|----------------|
${rows}`;

describe('completion: a new row of a Competency Alignment table', () => {
  const others = `
-- a.md
${module('MOD-110', 'Cloud Engineer')}${alignment('| container-runtime | Working | Lab | Cloud Engineer |\n| network-basics | Foundational | Quiz | Cloud Engineer |')}
-- b.md
${module('MOD-120', 'Site Reliability Engineer')}${alignment('| incident-response | Working | Drill | Site Reliability Engineer |')}
`;
  const me = (rows: string) => `${others}\n-- me.md\n${module('MOD-130', 'Cloud Engineer')}${alignment(rows)}\n`;

  it('offers the workspace’s competencies on `| ` at the start of a new row', () => {
    const want = ['container-runtime', 'incident-response', 'network-basics'];
    assert.deepEqual(shown(me('| <|>')), want, 'the first row of the table');
    assert.deepEqual(shown(me('| storage | Working | Lab | Cloud Engineer |\n| <|>')), [...want, 'storage'].sort(), 'a row under others (its own rows count)');
    assert.deepEqual(shown(me('|<|>')), want, 'right after the pipe');
  });

  it('offers levels in the level cell and roles in the role cell of a new row', () => {
    assert.deepEqual(shown(me('| storage | <|>')), ['Awareness', 'Foundational', 'Working', 'Proficient', 'Advanced', 'Expert']);
    assert.deepEqual(shown(me('| storage | Working | Lab | <|>')), ['Cloud Engineer', 'Site Reliability Engineer']);
  });

  it('says how many documents target a competency, not counting the row being typed', () => {
    const items = complete(`${others}\n-- me.md\n${module('MOD-130', 'Cloud Engineer')}${alignment('| network-basics | Working | Lab | Cloud Engineer |\n| network-basics | Awareness | Quiz | Cloud Engineer |\n| <|>')}\n`);
    assert.equal(items.find((i) => i.label === 'network-basics')?.detail, 'targeted by 2 documents');
    assert.equal(items.find((i) => i.label === 'container-runtime')?.detail, 'targeted by 1 document');
  });

  it('sends at most MAX_COMPETENCY_ITEMS, marked incomplete, filtered by what is typed', () => {
    const rows = Array.from({ length: MAX_COMPETENCY_ITEMS + 5 }, (_, i) => `| skill-${i} | Working | Lab | Cloud Engineer |`).join('\n');
    const ws = `-- big.md\n${module('MOD-150', 'Cloud Engineer')}${alignment(rows)}\n-- me.md\n${module('MOD-130', 'Cloud Engineer')}${alignment('| <|>')}\n`;
    const fx = parseFixture(ws);
    const all = completion(contextOf(fx), fx.cursor!.file.uri, fx.cursor!.position);
    assert.equal(all.items.length, MAX_COMPETENCY_ITEMS);
    assert.equal(all.isIncomplete, true);
    const fy = parseFixture(ws.replace('| <|>', '| skill-100<|>'));
    const some = completion(contextOf(fy), fy.cursor!.file.uri, fy.cursor!.position);
    assert.deepEqual(some.items.map((i) => i.label).sort(), ['skill-100', 'skill-1000', 'skill-1001', 'skill-1002', 'skill-1003', 'skill-1004']);
    assert.equal(some.isIncomplete, false);
  });

  it('still offers nothing on the delimiter row', () => {
    assert.deepEqual(shown(`-- me.md\n${module('MOD-130', 'Cloud Engineer')}\n## Competency Alignment\n\n| Competency | Proficiency Target | Evidence / Assessment | Role Alignment |\n|---<|>\n`), []);
  });
});

describe('completion: IDs in a prerequisite field', () => {
  // Levels numbered upward, as curricula do (and examples/curriculum): 1xx junior, 2xx, 3xx senior.
  const ws = `
-- junior/a.md
${module('MOD-110', 'Junior Cloud Engineer')}
-- junior/b.md
${module('MOD-111', 'Junior Cloud Engineer')}
-- mid/c.md
${module('MOD-210', 'Cloud Engineer')}
-- mid/d.md
${module('MOD-211', 'Cloud Engineer', '- **Prerequisites**: MOD-230\n- **Next Module(s)**: None')}
-- mid/e.md
${module('MOD-212', 'Cloud Engineer', '- **Prerequisites**: MOD-211\n- **Next Module(s)**: None')}
-- senior/f.md
${module('MOD-310', 'Senior Cloud Engineer')}
-- other/g.md
${module('MOD-150', 'Data Analyst')}
`;
  const me = (prereqs: string) => `${ws}\n-- mid/me.md\n${module('MOD-230', 'Cloud Engineer', `- **Prerequisites**: ${prereqs}\n- **Next Module(s)**: None`)}\n`;

  it('leaves out the IDs the field already lists', () => {
    const got = shown(me('MOD-110, MOD-210, <|>'));
    assert.ok(!got.includes('MOD-110') && !got.includes('MOD-210'), got.join(' '));
    assert.ok(got.includes('MOD-111') && got.includes('MOD-310'), got.join(' '));
    // The ID being typed is not "already listed".
    assert.ok(shown(me('MOD-110, MOD-11<|>')).includes('MOD-111'));
    assert.ok(!shown(me('MOD-110, MOD-11<|>')).includes('MOD-110'));
  });

  it('ranks the same role first, then earlier levels, then the rest, and last what would close a cycle', () => {
    assert.deepEqual(shown(me('<|>')), [
      'MOD-210', // same role
      'MOD-110', // earlier levels
      'MOD-111',
      'MOD-150',
      'MOD-310', // a later level
      'MOD-211', // lists MOD-230 as a prerequisite: a cycle
      'MOD-212', // lists MOD-211: a cycle too
    ]);
  });

  it('says in its detail that an ID would close a prerequisite cycle', () => {
    const items = complete(me('<|>'));
    assert.match(items.find((i) => i.label === 'MOD-212')!.detail!, /would close a prerequisite cycle: MOD-230 → MOD-212 → MOD-211 → MOD-230/);
    assert.doesNotMatch(items.find((i) => i.label === 'MOD-210')!.detail!, /cycle/);
  });

  it('ranks by what the workspace says now: a role or a prerequisite edited between two completions moves the IDs', () => {
    // One workspace, edited between completions as the server's would be: the ranking
    // is kept between requests and must follow the edits.
    const fx = parseFixture(me('<|>'));
    const ctx = contextOf(fx);
    const { position } = fx.cursor!;
    const uri = fx.cursor!.file.uri;
    const order = () =>
      completion(ctx, uri, position)
        .items.sort((a, b) => (a.sortText! < b.sortText! ? -1 : 1))
        .map((i) => i.label);
    assert.deepEqual(order(), ['MOD-210', 'MOD-110', 'MOD-111', 'MOD-150', 'MOD-310', 'MOD-211', 'MOD-212']);
    const uriOf = (p: string) => fx.files.find((f) => f.path === p)!.uri;
    // MOD-310 takes the role of the document completed in; MOD-211 no longer lists MOD-230.
    ctx.ws.set(uriOf('senior/f.md'), module('MOD-310', 'Cloud Engineer'));
    ctx.ws.set(uriOf('mid/d.md'), module('MOD-211', 'Cloud Engineer', '- **Prerequisites**: None\n- **Next Module(s)**: None'));
    assert.deepEqual(order(), ['MOD-210', 'MOD-211', 'MOD-212', 'MOD-310', 'MOD-110', 'MOD-111', 'MOD-150']);
    // A new ID, and one gone.
    ctx.ws.set('file:///ws/mid/new.md', module('MOD-205', 'Data Analyst'));
    ctx.ws.remove(uriOf('other/g.md'));
    assert.deepEqual(order(), ['MOD-210', 'MOD-211', 'MOD-212', 'MOD-310', 'MOD-110', 'MOD-111', 'MOD-205']);
  });

  it('ranks the same role first among many roles (past the first thirty a workspace names)', () => {
    const many = Array.from({ length: 40 }, (_, k) => `-- r${k}.md\n${module(`MOD-${500 + k}`, `Role ${k}`)}`).join('\n');
    const got = shown(`${many}\n-- me.md\n${module('MOD-600', 'Role 35', '- **Prerequisites**: <|>\n- **Next Module(s)**: None')}\n`);
    assert.equal(got[0], 'MOD-535');
    assert.equal(got.length, 40);
    assert.deepEqual(got.slice(1, 4), ['MOD-500', 'MOD-501', 'MOD-502']);
  });

  it('does not call a next module a cycle', () => {
    const got = shown(`${ws}\n-- mid/me.md\n${module('MOD-230', 'Cloud Engineer', '- **Prerequisites**: None\n- **Next Module(s)**: <|>')}\n`);
    assert.ok(got.includes('MOD-211'));
    const detail = complete(`${ws}\n-- mid/me.md\n${module('MOD-230', 'Cloud Engineer', '- **Prerequisites**: None\n- **Next Module(s)**: <|>')}\n`).find((i) => i.label === 'MOD-211')!.detail!;
    assert.doesNotMatch(detail, /cycle/);
  });
});

describe('completion: whole-document templates in a new document', () => {
  const ws = `
-- mid/a.md
${module('MOD-210', 'Cloud Engineer')}
-- mid/b.md
${module('MOD-212', 'Cloud Engineer')}
-- senior/c.md
${module('MOD-310', 'Senior Cloud Engineer')}
`;

  it('offers each kind’s template with the next free ID of the role of the documents in its folder', () => {
    const source = `${ws}\n-- mid/new.md\nroadmap-mo<|>\n`;
    const items = complete(source);
    assert.deepEqual(items.map((i) => i.label), ['roadmap-module', 'roadmap-project']);
    const module = items[0];
    const text = (module.textEdit as { newText: string }).newText;
    assert.match(text, /- \*\*Module ID\*\*: \$\{3:MOD-213\}/);
    assert.match(text, /- \*\*Target Role\(s\)\*\*: \$2/);
    assert.match(text, /^> \$\{2:Cloud Engineer\}/m);
    assert.match(module.detail!, /MOD-213, the next free ID for Cloud Engineer/);
    // The same rule as the New Module command.
    const fx = parseFixture(source);
    const ctx = contextOf(fx);
    assert.equal(nextFreeId(indexNodes(ctx.ws.index), ctx.ws.schema.kinds[0], 'Cloud Engineer'), 'MOD-213');
    // Replaces what was typed on the line.
    assert.deepEqual((module.textEdit as { range: unknown }).range, { start: { line: 0, character: 0 }, end: { line: 0, character: 10 } });
  });

  it('inserted with its defaults, is a roadmap with that ID and no diagnostic', () => {
    const items = complete(`${ws}\n-- senior/new.md\n<|>`);
    const body = (items[0].textEdit as { newText: string }).newText;
    // The defaults as VS Code inserts them: `${n:text}` → text, a choice → its first option, `$n` → tab stop n's text.
    const values = new Map<string, string>();
    for (const m of body.matchAll(/\$\{(\d+):([^}]*)\}/g)) values.set(m[1], m[2]);
    const text = body
      .replace(/\$\{(\d+):([^}]*)\}/g, '$2')
      .replace(/\$\{\d+\|([^,|]*)[^}]*\|\}/g, '$1')
      .replace(/\$(\d+)/g, (_, n) => values.get(n) ?? '');
    const fx = parseFixture(`${ws}\n-- senior/new.md\n${text}`);
    const ctx = contextOf(fx);
    const uri = fx.files.find((f) => f.path === 'senior/new.md')!.uri;
    assert.equal(ctx.ws.get(uri)?.id, 'MOD-311');
    assert.deepEqual(ctx.ws.diagnostics(uri).map((d) => `${d.code}: ${d.message}`), []);
  });

  it('offers no template once the document has text', () => {
    assert.deepEqual(complete(`${ws}\n-- mid/new.md\nSome notes.\n\nroadmap<|>\n`), []);
  });
});
