/**
 * The language features on in-memory workspaces: each fixture is a multi-file
 * workspace with a `<|>` cursor in the document being edited.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { MarkupContent } from 'vscode-languageserver';
import { completion, MAX_ID_ITEMS } from '../../server/src/features/completion';
import { definition } from '../../server/src/features/definition';
import { diagnosticReport, toLspDiagnostic } from '../../server/src/features/diagnostics';
import { hover } from '../../server/src/features/hover';
import { references } from '../../server/src/features/references';
import { prepareRename, rename } from '../../server/src/features/rename';
import { documentSymbols, workspaceSymbols } from '../../server/src/features/symbols';
import { contextOf, parseFixture, uriOf, workspaceOf } from '../fixtures/fixture';

function at(source: string) {
  const fx = parseFixture(source);
  assert.ok(fx.cursor, 'fixture has a cursor');
  return { ctx: contextOf(fx), uri: fx.cursor.file.uri, position: fx.cursor.position };
}

function labels(source: string): string[] {
  const { ctx, uri, position } = at(source);
  return completion(ctx, uri, position).items.map((i) => i.label);
}

const overview = (id: string, title: string, more = '') => `# Module Roadmap

## Module Overview

- **Module ID**: ${id}
- **Module Title**: ${title}
- **Target Role(s)**: Cloud Engineer
${more}`;

describe('completion', () => {
  const others = `
-- m1.md
${overview('MOD-110', 'Linux Basics')}
-- m2.md
${overview('MOD-120', 'Networking')}
-- p1.md
# Project Plan

## Project Overview

- **Project ID**: PROJ-150
- **Project Title**: Home Lab
- **Target Role(s)**: Cloud Engineer, Site Reliability Engineer
`;

  it('offers every ID of the workspace in a prerequisites value, but not the document’s own', () => {
    assert.deepEqual(labels(`${others}\n-- me.md\n${overview('MOD-130', 'Storage', '- **Prerequisites**: <|>')}`), ['MOD-110', 'MOD-120', 'PROJ-150']);
  });

  it('filters IDs by the typed prefix, whatever its case', () => {
    assert.deepEqual(labels(`${others}\n-- me.md\n${overview('MOD-130', 'Storage', '- **Prerequisites**: MOD-110, mod-1<|>')}`), ['MOD-120'], 'MOD-110 is listed already');
    assert.deepEqual(labels(`${others}\n-- me.md\n${overview('MOD-130', 'Storage', '- **Next Module(s)**: PR<|>')}`), ['PROJ-150']);
    // An ID typed at the start of a bullet in the overview is an ID, not a field label.
    assert.deepEqual(labels(`${others}\n-- me.md\n${overview('MOD-130', 'Storage', '- MOD-12<|>')}`), ['MOD-120']);
  });

  it('completes an ID in prose once it looks like one, and nothing on plain words', () => {
    const doc = (line: string) => `${others}\n-- me.md\n${overview('MOD-130', 'Storage')}\n## Dependencies & Notes\n\n${line}\n`;
    assert.deepEqual(labels(doc('- Builds on MOD-11<|>')), ['MOD-110']);
    assert.deepEqual(labels(doc('- Builds on earlier work<|>')), []);
  });

  it('caps a long ID list and marks it incomplete', () => {
    const many = Array.from({ length: MAX_ID_ITEMS + 20 }, (_, i) => `-- m${i}.md\n${overview(`MOD-${500 + i}`, `Module ${i}`)}`).join('\n');
    const { ctx, uri, position } = at(`${many}\n-- me.md\n${overview('MOD-130', 'Storage', '- **Prerequisites**: MOD-<|>')}`);
    const list = completion(ctx, uri, position);
    assert.equal(list.items.length, MAX_ID_ITEMS);
    assert.equal(list.isIncomplete, true);
  });

  it('offers the missing sections after "## ", in schema order', () => {
    const got = labels(`-- me.md\n${overview('MOD-130', 'Storage')}\n## Learning Objectives\n\n- Learn.\n\n## <|>\n`);
    assert.deepEqual(got, [
      'Cross-Role Progression', 'Competency Alignment', 'Content Outline', 'Practical Components',
      'Solutions Plan', 'Resource Plan', 'Quality Checklist', 'Dependencies & Notes',
    ]);
  });

  it('offers the missing overview fields at the start of a bullet in the overview', () => {
    assert.deepEqual(labels(`-- me.md\n${overview('MOD-130', 'Storage', '- **<|>')}`), ['Duration', 'Prerequisites', 'Next Module(s)']);
    const { ctx, uri, position } = at(`-- me.md\n${overview('MOD-130', 'Storage', '- **Dur<|>')}`);
    const item = completion(ctx, uri, position).items.find((i) => i.label === 'Duration')!;
    assert.deepEqual(item.textEdit, { range: { start: { line: position.line, character: 0 }, end: position }, newText: '- **Duration**: $0' });
  });

  it('offers the kinds on the first heading of a new document', () => {
    assert.deepEqual(labels('-- new.md\n# <|>\n'), ['Module Roadmap', 'Project Plan']);
  });

  it('offers competencies, levels and roles by column of the Competency Alignment table', () => {
    const table = (row: string) => `${others}
-- c.md
${overview('MOD-140', 'Containers')}
## Competency Alignment

| Competency | Proficiency Target | Evidence / Assessment | Role Alignment |
|------------|--------------------|-----------------------|----------------|
| container-runtime | Working | Lab | Cloud Engineer |
-- me.md
${overview('MOD-130', 'Storage')}
## Competency Alignment

| Competency | Proficiency Target | Evidence / Assessment | Role Alignment |
|------------|--------------------|-----------------------|----------------|
${row}
`;
    assert.deepEqual(labels(table('| cont<|>')), ['container-runtime']);
    assert.deepEqual(labels(table('| container-runtime | <|>')), ['Awareness', 'Foundational', 'Working', 'Proficient', 'Advanced', 'Expert']);
    assert.deepEqual(labels(table('| container-runtime | Working | Lab | <|>')).sort(), ['Cloud Engineer', 'Site Reliability Engineer']);
  });

  it('offers roles in the Target Role(s) value', () => {
    const got = labels(`${others}\n-- me.md\n# Module Roadmap\n\n## Module Overview\n\n- **Module ID**: MOD-130\n- **Target Role(s)**: Cloud Engineer, <|>\n`);
    assert.deepEqual(got.sort(), ['Cloud Engineer', 'Site Reliability Engineer']);
  });

  it('offers nothing in a markdown file that is not a roadmap', () => {
    assert.deepEqual(labels(`${others}\n-- README.md\n# Notes\n\nSee MOD-1<|>\n`), []);
  });
});

describe('hover, definition, references, rename', () => {
  const ws = `
-- base.md
${overview('MOD-110', 'Linux Basics', '- **Duration**: 10 hours\n- **Prerequisites**: None\n- **Next Module(s)**: MOD-120')}
-- next.md
${overview('MOD-120', 'Networking', '- **Prerequisites**: MOD-110\n- **Next Module(s)**: None')}

## Dependencies & Notes

- Reuses the shell labs of MOD-110.
`;
  const cursorOn = (file: string, needle: string, offset = 1) => {
    const source = ws.replace(new RegExp(`(-- ${file}[\\s\\S]*?)${needle}`), `$1${needle.slice(0, offset)}<|>${needle.slice(offset)}`);
    return at(source);
  };

  it('hovers an undefined ID with a clear statement', () => {
    const { ctx, uri, position } = at(`-- me.md\n${overview('MOD-130', 'Storage', '- **Prerequisites**: MOD-9<|>99')}`);
    const h = hover(ctx, uri, position)!;
    assert.match((h.contents as MarkupContent).value, /MOD-999\*\* is not defined/);
  });

  it('names the first 12 dependents of a hot ID in URI order and says how many more there are', () => {
    const dependents = Array.from({ length: 15 }, (_, i) => `-- d${String(i).padStart(2, '0')}.md\n${overview(`MOD-${200 + i}`, `Dep ${i}`, '- **Prerequisites**: MOD-110')}`).join('\n');
    const { ctx, uri, position } = at(`-- base.md\n${overview('MOD-1<|>10', 'Linux Basics')}\n${dependents}`);
    const md = (hover(ctx, uri, position)!.contents as MarkupContent).value;
    const line = md.split('\n').find((l) => l.startsWith('- Dependents: '));
    const named = Array.from({ length: 12 }, (_, i) => `MOD-${200 + i} Dep ${i}`).join(', ');
    assert.equal(line, `- Dependents: ${named} and 3 more (15 in all)`);
  });

  it('escapes markup from document text in hovers', () => {
    const { ctx, uri, position } = at(`-- a.md\n${overview('MOD-130', '<img src=x onerror=alert(1)> *Storage*')}\n-- b.md\n${overview('MOD-131', 'B', '- **Prerequisites**: MOD-1<|>30')}`);
    const md = (hover(ctx, uri, position)!.contents as MarkupContent).value;
    assert.ok(md.includes('\\<img src=x onerror=alert(1)\\> \\*Storage\\*'), md);
  });

  it('goes to the definition from a mention in prose, and from the definition to itself', () => {
    const { ctx, uri, position } = cursorOn('next.md', 'MOD-110.');
    assert.deepEqual(definition(ctx, uri, position).map((l) => [l.uri, l.range.start.line]), [[uriOf('base.md'), 4]]);
    const self = cursorOn('base.md', 'MOD-110', 3);
    assert.deepEqual(definition(self.ctx, self.uri, self.position).map((l) => l.uri), [uriOf('base.md')]);
  });

  it('lists references with or without the declaration', () => {
    const { ctx, uri, position } = cursorOn('base.md', 'MOD-110', 3);
    assert.equal(references(ctx, uri, position, true).length, 3);
    assert.deepEqual(references(ctx, uri, position, false).map((l) => l.uri), [uriOf('next.md'), uriOf('next.md')]);
  });

  it('renames from a reference, in the definition and every mention', () => {
    const { ctx, uri, position } = cursorOn('next.md', 'MOD-110.');
    assert.deepEqual(prepareRename(ctx, uri, position).placeholder, 'MOD-110');
    const edit = rename(ctx, uri, position, ' MOD-115 ');
    assert.deepEqual(Object.keys(edit.changes!).sort(), [uriOf('base.md'), uriOf('next.md')]);
    assert.deepEqual(Object.values(edit.changes!).flat().map((e) => e.newText), ['MOD-115', 'MOD-115', 'MOD-115']);
    assert.throws(() => rename(ctx, uri, position, 'MOD-120'), /MOD-120 already exists \(defined in next.md\)/);
    assert.throws(() => rename(ctx, uri, position, 'MOD-11'), /"MOD-11" is not a valid module ID/);
  });
});

describe('symbols', () => {
  it('outlines a roadmap by ID and title, with its sections and overview fields', () => {
    const { ctx, uri } = at(`-- me.md\n${overview('MOD-130', 'Storage<|>')}\n## Learning Objectives\n\n- Learn.\n`);
    const [root] = documentSymbols(ctx, uri);
    assert.equal(root.name, 'MOD-130 Storage');
    assert.deepEqual(root.children!.map((c) => c.name), ['Module Overview', 'Learning Objectives']);
    assert.deepEqual(root.children![0].children!.map((c) => c.name), ['Module ID', 'Module Title', 'Target Role(s)']);
  });

  it('gives no outline for plain markdown, and finds workspace symbols by ID or title', () => {
    const fx = parseFixture(`-- a.md\n# Notes<|>\n-- b.md\n${overview('MOD-130', 'Object Storage')}\n-- c.md\n${overview('MOD-131', 'Block Storage')}`);
    const ctx = contextOf(fx);
    assert.deepEqual(documentSymbols(ctx, uriOf('a.md')), []);
    assert.deepEqual(workspaceSymbols(ctx, 'object').map((s) => s.name), ['MOD-130 Object Storage']);
    assert.deepEqual(workspaceSymbols(ctx, 'mod13').map((s) => s.name), ['MOD-130 Object Storage', 'MOD-131 Block Storage']);
  });
});

describe('pull diagnostic reports', () => {
  const unknownIn = (ref: string) => {
    const fx = parseFixture(`-- a.md\n${overview('MOD-140', 'Queues')}\nSee ${ref}.\n`);
    return workspaceOf(fx).diagnostics(uriOf('a.md')).map(toLspDiagnostic);
  };

  it('gives the full list with a result ID, and unchanged for that ID while the diagnostics are the same', () => {
    const first = diagnosticReport(unknownIn('MOD-141'), undefined);
    assert.equal(first.kind, 'full');
    assert.deepEqual(first.kind === 'full' && first.items, unknownIn('MOD-141'));
    assert.ok(unknownIn('MOD-141').some((d) => d.code === 'unknown-reference' && /MOD-141/.test(d.message as string)));
    assert.deepEqual(diagnosticReport(unknownIn('MOD-141'), first.resultId), { kind: 'unchanged', resultId: first.resultId });
    assert.equal(diagnosticReport(unknownIn('MOD-141'), 'another-id').kind, 'full');
  });

  it('gives a new result ID when anything in the diagnostics changes', () => {
    const id = (ds: ReturnType<typeof unknownIn>) => diagnosticReport(ds, undefined).resultId;
    const base = unknownIn('MOD-141');
    assert.notEqual(id(unknownIn('MOD-142')), id(base), 'another message');
    assert.notEqual(id(unknownIn('MOD-1410')), id(base), 'another range and message');
    const unknown = base.find((d) => d.code === 'unknown-reference')!;
    assert.notEqual(id([{ ...unknown, severity: 1 }]), id([{ ...unknown, severity: 2 }]), 'another severity');
    assert.notEqual(id([]), id(base), 'none at all');
    assert.equal(diagnosticReport([], id([])).kind, 'unchanged');
  });
});
