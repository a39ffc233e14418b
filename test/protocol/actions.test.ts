/**
 * Quick fixes, code lens, document links and folding through the real server process.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CodeAction, CodeLens, Diagnostic, DocumentLink, FoldingRange } from 'vscode-languageserver-protocol';
import { TestClient } from './client';

const doc = (id: string, prereqs: string, next: string, duration = '6 hours (2 lecture, 4 lab)') => `# Module Roadmap

## Module Overview

- **Module ID**: ${id}
- **Module Title**: Module ${id}
- **Target Role(s)**: Analyst
- **Duration**: ${duration}
- **Prerequisites**: ${prereqs}
- **Next Module(s)**: ${next}

## Cross-Role Progression

- **Builds On**: Nothing yet.

## Learning Objectives

- Learn.

## Competency Alignment

| Competency | Proficiency Target | Evidence / Assessment | Role Alignment |
|---|---|---|---|
| analysis | Working | Quiz | Analyst |

## Content Outline

1. Basics.

## Practical Components

| Asset | Description | Completion Criteria | Linked Validation |
|---|---|---|---|
| Lab 1 | Lab | Done | Check |

## Solutions Plan

- **Solution Path**: \`solutions/${id.toLowerCase()}\`

## Resource Plan

- **Primary References**: README.

## Quality Checklist

- [ ] Done.

## Dependencies & Notes

- None.
`;

describe('code actions, code lens, links and folding over stdio', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({
      'a.md': doc('MOD-301', 'None', 'MOD-302', '7 hours (2 lecture, 4 lab)'),
      'b.md': doc('MOD-302', 'MOD-301', 'None'),
      'solutions/mod-301/README.md': '# Solutions\n',
    });
  });
  after(() => client.stop());

  it('offers the duration quick fix for the published diagnostic', async () => {
    client.open('a.md', doc('MOD-301', 'None', 'MOD-302', '7 hours (2 lecture, 4 lab)'));
    await client.untilCodes('a.md', ['duration-mismatch']);
    const diagnostics = client.diagnostics.get(client.uri('a.md')) as Diagnostic[];
    const actions = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: client.uri('a.md') },
      range: diagnostics[0].range,
      context: { diagnostics },
    });
    assert.equal(actions.length, 1);
    assert.equal(actions[0].title, 'Set the duration to 6 hours, the sum of its parts');
    assert.deepEqual(Object.values(actions[0].edit!.changes!)[0], [{ range: { start: { line: 7, character: 16 }, end: { line: 7, character: 17 } }, newText: '6' }]);
    const source = await client.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: client.uri('a.md') },
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      context: { diagnostics: [], only: ['source.fixAll'] },
    });
    assert.deepEqual(source.map((a) => a.kind), ['source.fixAll.roadmap']);
  });

  it('shows prerequisites and dependents as a code lens on the ID', async () => {
    const lenses = await client.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: client.uri('a.md') } });
    assert.equal(lenses.length, 1);
    assert.equal(lenses[0].command!.title, '0 prerequisites · 1 dependent · 0 h before · blocks 1');
    // This client runs no command of its own: the lens carries the server's (see editors.test.ts).
    assert.equal(lenses[0].command!.command, 'roadmap.related');
  });

  it('links a solution path that exists, and only that one', async () => {
    client.change('a.md', doc('MOD-301', 'None', 'MOD-302'), 2);
    client.open('b.md', doc('MOD-302', 'MOD-301', 'None'));
    const links = await client.request<DocumentLink[]>('textDocument/documentLink', { textDocument: { uri: client.uri('a.md') } });
    assert.deepEqual(links.map((l) => l.target), [client.uri('solutions/mod-301')]);
    const none = await client.request<DocumentLink[]>('textDocument/documentLink', { textDocument: { uri: client.uri('b.md') } });
    assert.deepEqual(none, []);
  });

  it('folds every section', async () => {
    const ranges = await client.request<FoldingRange[]>('textDocument/foldingRange', { textDocument: { uri: client.uri('a.md') } });
    assert.equal(ranges.length, 10);
    assert.deepEqual(ranges[0], { startLine: 2, endLine: 9 });
  });
});
