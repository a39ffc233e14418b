/**
 * The language features through the real server process, on a copy of
 * examples/curriculum. Documents under edit are fixtures with a `<|>` cursor.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type {
  CompletionList,
  DocumentSymbol,
  Hover,
  Location,
  MarkupContent,
  SymbolInformation,
  WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { parseFixture } from '../fixtures/fixture';
import { TestClient } from './client';

const ROOT = 'examples/curriculum';
const files: Record<string, string> = {};
for (const f of fs.readdirSync(ROOT, { recursive: true }).map(String)) {
  if (f.endsWith('.md')) files[f] = fs.readFileSync(path.join(ROOT, f), 'utf8');
}
/** Roadmap documents only: the folder's README and competency list are plain markdown. */
const roadmaps = Object.fromEntries(Object.entries(files).filter(([, t]) => /^# (Module Roadmap|Project Plan)/.test(t)));
const MOD_304 = 'senior-data-engineer/mod-304-cost-performance-engineering.md';
const MOD_203 = 'data-engineer/mod-203-lakehouse-incremental-pipelines.md';

/** A file of the curriculum with one replacement, holding a `<|>` cursor. */
function edited(file: string, from: string, to: string): { text: string; position: { line: number; character: number } } {
  const original = files[file];
  assert.ok(original.includes(from), `${file} contains ${from}`);
  const fx = parseFixture(original.replace(from, to));
  assert.ok(fx.cursor, 'the fixture has a cursor');
  return { text: fx.files[0].text, position: fx.cursor.position };
}

describe('language features over stdio', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.start(files);
  });
  after(() => client.stop());

  it('completes IDs from the whole workspace, filtered by the typed prefix, with titles and kinds', async () => {
    const { text, position } = edited(MOD_304, '- **Prerequisites**: MOD-301, MOD-302, MOD-303', '- **Prerequisites**: MOD-301, MOD-30<|>');
    client.open(MOD_304, text);
    const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri: client.uri(MOD_304) }, position });
    const labels = list.items.map((i) => i.label);
    // Its own ID is not offered; unopened documents are.
    assert.deepEqual(labels, ['MOD-301', 'MOD-302', 'MOD-303']);
    const item = list.items.find((i) => i.label === 'MOD-302')!;
    assert.equal(item.labelDetails?.description, 'Advanced Stream Processing');
    assert.match(item.detail!, /Module Roadmap/);
    assert.deepEqual(item.textEdit && 'range' in item.textEdit ? item.textEdit.range : undefined, {
      start: { line: position.line, character: position.character - 'MOD-30'.length },
      end: position,
    });
    client.close(MOD_304);
  });

  it('completes the missing section headings after "## "', async () => {
    const { text, position } = edited(MOD_203, '## Resource Plan', '## <|>');
    client.open(MOD_203, text);
    const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri: client.uri(MOD_203) }, position });
    assert.deepEqual(list.items.map((i) => i.label), ['Resource Plan']);
    client.close(MOD_203);
  });

  it('completes competencies used anywhere, and proficiency levels, in the Competency Alignment table', async () => {
    const { text, position } = edited(MOD_203, '| Competency | Proficiency Target | Evidence / Assessment | Role Alignment |\n|------------|--------------------|-----------------------|----------------|\n', '| Competency | Proficiency Target | Evidence / Assessment | Role Alignment |\n|------------|--------------------|-----------------------|----------------|\n| stream<|>\n');
    client.open(MOD_203, text);
    const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri: client.uri(MOD_203) }, position });
    const labels = list.items.map((i) => i.label);
    assert.ok(labels.includes('stream-processing'), labels.join(', ')); // used in other documents only
    const levels = edited(MOD_203, '| Competency | Proficiency Target | Evidence / Assessment | Role Alignment |\n|------------|--------------------|-----------------------|----------------|\n', '| Competency | Proficiency Target | Evidence / Assessment | Role Alignment |\n|------------|--------------------|-----------------------|----------------|\n| data-modeling | Pro<|>\n');
    client.change(MOD_203, levels.text, 2);
    const list2 = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri: client.uri(MOD_203) }, position: levels.position });
    assert.ok(list2.items.map((i) => i.label).includes('Proficient'));
    assert.ok(list2.items.map((i) => i.label).includes('Expert'));
    client.close(MOD_203);
  });

  it('hovers an ID with its title, kind, role, duration, prerequisites, dependents and file', async () => {
    const { text, position } = edited(MOD_304, '- **Prerequisites**: MOD-301, MOD-302, MOD-303', '- **Prerequisites**: MOD-301, MOD-3<|>02, MOD-303');
    client.open(MOD_304, text);
    const h = await client.request<Hover>('textDocument/hover', { textDocument: { uri: client.uri(MOD_304) }, position });
    const md = (h.contents as MarkupContent).value;
    assert.match(md, /MOD-302/);
    assert.match(md, /Module Roadmap/);
    assert.match(md, /Advanced Stream Processing/);
    assert.match(md, /Role: Senior Data Engineer/);
    assert.match(md, /Duration: \d+ hours/);
    assert.match(md, /Prerequisites: MOD-204/);
    assert.match(md, /Dependents: .*MOD-304/);
    assert.match(md, /File: \[senior-data-engineer\/mod-302-advanced-stream-processing\.md\]\(<file:\/\/\//);
    assert.deepEqual(h.range, { start: { line: position.line, character: position.character - 5 }, end: { line: position.line, character: position.character + 2 } });
    client.close(MOD_304);
  });

  it('hovers a competency with the documents that target it and at which level', async () => {
    const file = 'data-engineer/mod-202-dimensional-modeling-warehousing.md';
    const line = files[file].split('\n').findIndex((l) => l.startsWith('| data-modeling | Proficient'));
    assert.ok(line > 0, 'MOD-202 targets data-modeling');
    const h = await client.request<Hover>('textDocument/hover', { textDocument: { uri: client.uri(file) }, position: { line, character: 4 } });
    const md = (h.contents as MarkupContent).value;
    assert.match(md, /data-modeling/);
    for (const [id, level] of [['MOD-101', 'Awareness'], ['MOD-103', 'Foundational'], ['PROJ-110', 'Working'], ['MOD-202', 'Proficient'], ['MOD-301', 'Advanced']]) {
      assert.match(md, new RegExp(`${id}[^\\n]*: ${level}`));
    }
  });

  it('goes to the definition of an ID in a document that was never opened', async () => {
    const line = files[MOD_304].split('\n').findIndex((l) => l.startsWith('- **Prerequisites**'));
    const character = files[MOD_304].split('\n')[line].indexOf('MOD-302') + 2;
    const locs = await client.request<Location[]>('textDocument/definition', { textDocument: { uri: client.uri(MOD_304) }, position: { line, character } });
    assert.equal(locs.length, 1);
    assert.equal(locs[0].uri, client.uri('senior-data-engineer/mod-302-advanced-stream-processing.md'));
    const defLine = files['senior-data-engineer/mod-302-advanced-stream-processing.md'].split('\n')[locs[0].range.start.line];
    assert.equal(defLine.slice(locs[0].range.start.character, locs[0].range.end.character), 'MOD-302');
  });

  it('finds every reference to an ID across the workspace', async () => {
    const line = files[MOD_304].split('\n').findIndex((l) => l.startsWith('- **Prerequisites**'));
    const character = files[MOD_304].split('\n')[line].indexOf('MOD-301') + 1;
    const locs = await client.request<Location[]>('textDocument/references', {
      textDocument: { uri: client.uri(MOD_304) },
      position: { line, character },
      context: { includeDeclaration: true },
    });
    const expected = Object.entries(roadmaps).flatMap(([f, t]) =>
      t.split('\n').flatMap((l, i) => [...l.matchAll(/MOD-301(?!\d)/g)].map((m) => `${client.uri(f)}:${i}:${m.index}`)),
    );
    assert.deepEqual(locs.map((l) => `${l.uri}:${l.range.start.line}:${l.range.start.character}`).sort(), expected.sort());
    assert.ok(new Set(locs.map((l) => l.uri)).size >= 3);
  });

  it('renames an ID everywhere, and refuses a name that exists or breaks the pattern', async () => {
    const line = files[MOD_304].split('\n').findIndex((l) => l.startsWith('- **Prerequisites**'));
    const character = files[MOD_304].split('\n')[line].indexOf('MOD-303') + 3;
    const at = { textDocument: { uri: client.uri(MOD_304) }, position: { line, character } };
    const prep = await client.request<{ range: unknown; placeholder: string }>('textDocument/prepareRename', at);
    assert.equal(prep.placeholder, 'MOD-303');
    const edit = await client.request<WorkspaceEdit>('textDocument/rename', { ...at, newName: 'MOD-313' });
    const count = Object.values(edit.changes!).reduce((n, e) => n + e.length, 0);
    const expected = Object.values(roadmaps).reduce((n, t) => n + (t.match(/MOD-303(?!\d)/g)?.length ?? 0), 0);
    assert.equal(count, expected);
    assert.ok(Object.values(edit.changes!).every((edits) => edits.every((e) => e.newText === 'MOD-313')));
    await assert.rejects(client.request('textDocument/rename', { ...at, newName: 'MOD-302' }), /MOD-302 already exists/);
    await assert.rejects(client.request('textDocument/rename', { ...at, newName: 'MOD-3x' }), /not a valid module ID/);
    await assert.rejects(client.request('textDocument/rename', { ...at, newName: 'PROJ-999' }), /not a valid module ID/);
    await assert.rejects(
      client.request('textDocument/prepareRename', { textDocument: { uri: client.uri(MOD_304) }, position: { line: 0, character: 2 } }),
      /Place the cursor on a module or project ID/,
    );
  });

  it('gives the section outline with the ID, and workspace symbols by ID and title', async () => {
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri: client.uri(MOD_203) } });
    assert.equal(symbols.length, 1);
    assert.equal(symbols[0].name, 'MOD-203 Lakehouse Pipelines & Incremental Loads');
    assert.deepEqual(symbols[0].children!.map((c) => c.name), [
      'Module Overview', 'Cross-Role Progression', 'Learning Objectives', 'Competency Alignment', 'Content Outline',
      'Practical Components', 'Solutions Plan', 'Resource Plan', 'Quality Checklist', 'Dependencies & Notes',
    ]);
    assert.deepEqual(symbols[0].children![0].children!.map((c) => c.name), [
      'Module ID', 'Module Title', 'Target Role(s)', 'Duration', 'Prerequisites', 'Next Module(s)',
    ]);
    const found = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'spark' });
    assert.deepEqual(found.map((s) => s.name), ['MOD-201 Distributed Processing with Apache Spark']);
    const byId = await client.request<SymbolInformation[]>('workspace/symbol', { query: 'PROJ-3' });
    assert.deepEqual(byId.map((s) => s.name), ['PROJ-310 Enterprise Real-Time Data Platform']);
  });
});
