/**
 * Limits and UTF-16 positions through the real server process (issue 6): a file on
 * disk over 2 MB, or not text, gets one `document-skipped` note with its size
 * (read only up to the limit); so does an open document over the limit, until it
 * is cut back; and every range after emoji and CJK text counts UTF-16 code units.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CompletionList, DocumentSymbol, Hover, Location } from 'vscode-languageserver-protocol';
import { TestClient } from './client';
import { moduleDoc } from './harden';

const MB = 1024 * 1024;
const big = moduleDoc({ id: 'MOD-501' }) + ('Filler line of a document that grew far too large.\n'.repeat(Math.ceil((2.2 * MB) / 51)));

/** A document whose IDs and cells come after emoji and CJK text. */
const unicode = moduleDoc({ id: 'MOD-503', title: '漢字のモジュール 😀', prerequisites: '😀👩‍💻 MOD-502, 漢字 MOD-999', notes: '🇫🇷 Voir MOD-502 et 漢字 MOD-998.' });
const lines = unicode.split('\n');
const at = (needle: string, from = 0) => {
  const line = lines.findIndex((l, i) => i >= from && l.includes(needle));
  assert.ok(line >= 0, needle);
  return { line, character: lines[line].indexOf(needle) };
};

describe('limits and UTF-16 positions through the server', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.start({
      'big.md': big,
      'binary.md': '# Module Roadmap\n\u0000\u0001\u0002 not text',
      'big-notes.md': '# Notes\n\n' + 'MOD-999 mentioned. '.repeat(Math.ceil((2.2 * MB) / 19)),
      'mod-502.md': moduleDoc({ id: 'MOD-502', next: 'MOD-503' }),
      'unicode.md': unicode,
    });
  });
  after(() => client.stop());

  it('gives a file over 2 MB on disk one note with its size, and no other diagnostic', async () => {
    await client.untilCodes('big.md', ['document-skipped']);
    const [d] = client.diagnostics.get(client.uri('big.md'))!;
    assert.match(d.message as string, /^Roadmap checks skipped: this document is 2\.2 MB, over the 2 MB size limit\.$/);
    assert.equal(d.severity, 3, 'information');
    assert.deepEqual(d.range, { start: { line: 0, character: 0 }, end: { line: 0, character: '# Module Roadmap'.length } });
    assert.match(d.codeDescription!.href, /docs\/limits\.md$/);
    // Its ID is not indexed.
    const symbols = await client.request<Array<{ name: string }>>('workspace/symbol', { query: 'MOD-501' });
    assert.deepEqual(symbols, []);
  });

  it('gives a file that is not text one note, and says nothing of a large file that is no roadmap', async () => {
    await client.untilCodes('binary.md', ['document-skipped']);
    assert.match(client.diagnostics.get(client.uri('binary.md'))![0].message as string, /does not look like text/);
    assert.deepEqual(client.codes('big-notes.md'), []);
  });

  it('skips an open document over the limit, and checks it again once it is cut back', async () => {
    client.open('open-big.md', big.replace('MOD-501', 'MOD-504'));
    await client.untilCodes('open-big.md', ['document-skipped']);
    client.change('open-big.md', moduleDoc({ id: 'MOD-504', notes: 'See MOD-997.' }), 2);
    await client.untilCodes('open-big.md', ['unknown-reference']);
    client.close('open-big.md');
  });

  it('puts diagnostics after emoji and CJK text at UTF-16 offsets', async () => {
    await client.untilCodes('unicode.md', ['unknown-reference', 'unknown-reference']);
    const starts = client.diagnostics
      .get(client.uri('unicode.md'))!
      .map((d) => d.range)
      .sort((a, b) => a.start.line - b.start.line);
    const prerequisites = at('MOD-999');
    const notes = at('MOD-998');
    assert.deepEqual(starts, [
      { start: prerequisites, end: { line: prerequisites.line, character: prerequisites.character + 7 } },
      { start: notes, end: { line: notes.line, character: notes.character + 7 } },
    ]);
    // Counted in code points, the first would start 3 characters to the left (😀 is 2 units, 👩‍💻 5 units for 3 code points).
    const codePoints = Array.from(lines[prerequisites.line].slice(0, prerequisites.character)).length;
    assert.equal(prerequisites.character - codePoints, 3);
  });

  it('answers hover, definition, references, completion and the outline at UTF-16 positions', async () => {
    client.open('unicode.md', unicode);
    const uri = client.uri('unicode.md');
    const mod502 = at('MOD-502');
    const inside = { line: mod502.line, character: mod502.character + 4 };
    const hover = await client.request<Hover>('textDocument/hover', { textDocument: { uri }, position: inside });
    assert.deepEqual(hover.range, { start: mod502, end: { line: mod502.line, character: mod502.character + 7 } });
    const defs = await client.request<Location[]>('textDocument/definition', { textDocument: { uri }, position: inside });
    assert.deepEqual(defs.map((l) => l.uri), [client.uri('mod-502.md')]);
    const refs = await client.request<Location[]>('textDocument/references', { textDocument: { uri }, position: inside, context: { includeDeclaration: false } });
    const notes = at('MOD-502', mod502.line + 1);
    assert.deepEqual(
      refs.filter((l) => l.uri === uri).map((l) => l.range.start),
      [mod502, notes],
    );
    // Completion of a half-typed ID after emoji: the edit replaces exactly the typed part.
    const typed = unicode.replace('😀👩‍💻 MOD-502, 漢字 MOD-999', '😀👩‍💻 MOD-50');
    client.change('unicode.md', typed, 2);
    const line = typed.split('\n').findIndex((l) => l.includes('😀👩‍💻 MOD-50'));
    const end = typed.split('\n')[line].length;
    const list = await client.request<CompletionList>('textDocument/completion', { textDocument: { uri }, position: { line, character: end } });
    const item = list.items.find((i) => i.label === 'MOD-502');
    assert.ok(item && item.textEdit && 'range' in item.textEdit);
    assert.deepEqual(item.textEdit.range, { start: { line, character: end - 'MOD-50'.length }, end: { line, character: end } });
    const symbols = await client.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
    assert.equal(symbols[0].name, 'MOD-503 漢字のモジュール 😀');
    const title = symbols[0].children!.find((s) => s.name === 'Module Overview')!.children!.find((f) => f.name === 'Module Title')!;
    assert.equal(title.range.end.character, typed.split('\n')[title.range.end.line].length, 'the field ends at the end of its line, in UTF-16 units');
    client.close('unicode.md');
  });
});
