/// <reference types="mocha" />
/**
 * Diagnostics in a real VS Code: every file of examples/broken shows its rule's
 * code on the offending line (in `vscode.languages.getDiagnostics`, opened or
 * not), and examples/curriculum shows nothing.
 *
 * The workspace folder holds both examples (curriculum/, broken/) and no
 * roadmap.config.json at its root, so the default schema applies and there is no
 * competency framework: unknown-competency is checked by writing a config, as a
 * user would.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';
import {
  activate,
  codeOf,
  eventually,
  file,
  isRoadmap,
  lineOf,
  markdownFiles,
  readText,
  rel,
  resetEditors,
  roadmapDiagnostics,
  untilCodes,
  waitFor,
} from './helpers';

const { Error: E, Warning: W, Information: I, Hint: H } = vscode.DiagnosticSeverity;

/** Each rule: the line of its example it reports on (a regex over that line), what the message names, its default severity. */
const RULES: Record<string, { line: RegExp; names: string; severity: vscode.DiagnosticSeverity; needsFramework?: boolean }> = {
  'missing-section': { line: /^# Module Roadmap/, names: 'Resource Plan', severity: W },
  'empty-section': { line: /^## Learning Objectives/, names: 'Learning Objectives', severity: W },
  'missing-field': { line: /^## Module Overview/, names: 'Duration', severity: W },
  'unknown-field': { line: /^- \*\*Delivery Format\*\*:/, names: 'Delivery Format', severity: H },
  'invalid-id': { line: /\*\*Module ID\*\*: MOD-12\b/, names: 'MOD-12', severity: E },
  'duplicate-id': { line: /\*\*Module ID\*\*: MOD-910/, names: 'MOD-910', severity: E },
  'unknown-reference': { line: /\*\*Prerequisites\*\*: .*MOD-999/, names: 'MOD-999', severity: W },
  'self-reference': { line: /\*\*Prerequisites\*\*: MOD-908/, names: 'MOD-908', severity: E },
  'prerequisite-cycle': { line: /\*\*Prerequisites\*\*: MOD-92[12]/, names: 'MOD-921', severity: E },
  'duration-mismatch': { line: /\*\*Duration\*\*: 40 hours/, names: '42', severity: W },
  'table-shape': { line: /^\| Competency \| Proficiency Target \| Evidence \/ Assessment \|\s*$/, names: 'Role Alignment', severity: W },
  'section-order': { line: /^## Learning Objectives/, names: 'Learning Objectives', severity: I },
  'unknown-section': { line: /^## Glossary/, names: 'Glossary', severity: H },
  'unknown-proficiency': { line: /\| Intermediate \|/, names: 'Intermediate', severity: W },
  'role-mismatch': { line: /\| Data Analyst \|/, names: 'Data Analyst', severity: I },
  'missing-reciprocal': { line: /\*\*Prerequisites\*\*: MOD-901/, names: 'MOD-901', severity: H },
  'unknown-competency': { line: /^\| data-loading \|/, names: 'data-loading', severity: W, needsFramework: true },
};
/** examples/broken files that are clean on purpose (helpers, the framework, the README). */
const CLEAN = new Set(['base-module.md', 'README.md', 'competencies.md']);

/** The rule an examples/broken file shows, by its name: `table-shape.md`, `duplicate-id-a.md`. */
const ruleOf = (name: string) => name.replace(/\.md$/, '').replace(/-[ab]$/, '');

async function brokenFiles(): Promise<string[]> {
  return (await markdownFiles('broken')).map((u) => rel(u).replace(/^broken\//, '')).filter((n) => !n.includes('/'));
}

async function checkExample(name: string, code: string): Promise<void> {
  const want = RULES[code];
  const uri = file(`broken/${name}`);
  const text = await readText(uri);
  const [d] = await untilCodes(uri, [code]);
  assert.strictEqual(d.source, 'roadmap');
  assert.ok(d.range.end.line - d.range.start.line <= 1, `the range ${JSON.stringify(d.range)} is narrow, not the whole file`);
  const target = typeof d.code === 'object' ? d.code.target : undefined;
  assert.ok(target && target.toString().endsWith(`docs/rules/${code}.md`), `the code links to docs/rules/${code}.md: ${target}`);
  if (!want) return; // a rule this suite does not know yet: its code and a narrow range are checked
  const at = text.split(/\r?\n/)[d.range.start.line];
  assert.strictEqual(d.range.start.line, lineOf(text, want.line), `${code} in ${name} is on line ${d.range.start.line + 1}: ${JSON.stringify(at)}`);
  assert.ok(d.message.includes(want.names), `the message names ${want.names}: ${d.message}`);
  assert.strictEqual(d.severity, want.severity, `${code} severity`);
}

suite('Diagnostics (examples/broken and examples/curriculum in the workspace)', () => {
  suiteSetup(async () => {
    await activate();
  });
  teardown(resetEditors);

  test('examples/broken has an example for every rule this suite knows', async () => {
    const names = await brokenFiles();
    const shown = new Set(names.filter((n) => !CLEAN.has(n)).map(ruleOf));
    assert.deepStrictEqual(Object.keys(RULES).filter((c) => !shown.has(c)), [], 'rules without an example file');
  });

  for (const [code, want] of Object.entries(RULES)) {
    if (want.needsFramework) continue;
    test(`broken/${code}*.md: ${code} on the offending line, and nothing else`, async () => {
      const mine = (await brokenFiles()).filter((n) => !CLEAN.has(n) && ruleOf(n) === code);
      assert.ok(mine.length > 0, `examples/broken has a file for ${code}`);
      for (const name of mine) await checkExample(name, code);
    });
  }

  test('examples/broken files for rules this suite does not list yet show their rule', async () => {
    for (const name of await brokenFiles()) {
      if (CLEAN.has(name) || ruleOf(name) in RULES) continue;
      await checkExample(name, ruleOf(name));
    }
  });

  test('the other half of a two-file problem is named in related information', async () => {
    const [d] = await untilCodes(file('broken/duplicate-id-a.md'), ['duplicate-id']);
    const related = (d.relatedInformation ?? []).map((r) => rel(r.location.uri));
    assert.ok(related.includes('broken/duplicate-id-b.md'), `related information names duplicate-id-b.md: ${related.join(', ') || '(none)'}`);
  });

  test('the clean helper documents of examples/broken have no diagnostics', async () => {
    // Wait for a neighbour first, so "none" means "checked", not "not yet indexed".
    await untilCodes(file('broken/unknown-reference.md'), ['unknown-reference']);
    for (const name of CLEAN) assert.deepStrictEqual(roadmapDiagnostics(file(`broken/${name}`)).map((d) => d.message), [], name);
  });

  test('examples/curriculum: no diagnostics at all, opened or not', async () => {
    const files = await markdownFiles('curriculum');
    const roadmaps: vscode.Uri[] = [];
    for (const u of files) if (isRoadmap(await readText(u))) roadmaps.push(u);
    assert.ok(roadmaps.length >= 12, `at least 12 roadmap documents in curriculum/ (found ${roadmaps.length})`);
    // The server has indexed the workspace when the broken files show their problems.
    await untilCodes(file('broken/unknown-reference.md'), ['unknown-reference']);
    const problems = () =>
      files.flatMap((u) => vscode.languages.getDiagnostics(u).map((d) => `${rel(u)}:${d.range.start.line + 1} [${d.source}/${codeOf(d)}] ${d.message}`));
    assert.deepStrictEqual(problems(), []);
    // Open every roadmap, as a user browsing the curriculum would: still nothing.
    for (const u of roadmaps) await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(u), { preview: false });
    // A round trip through the server after the last open, so its diagnostics would have arrived.
    await waitFor('document symbols of the last opened roadmap', async () => {
      const s = await vscode.commands.executeCommand<unknown[]>('vscode.executeDocumentSymbolProvider', roadmaps[roadmaps.length - 1]);
      return s && s.length > 0 ? s : undefined;
    });
    assert.deepStrictEqual(problems(), []);
  });

  test('a roadmap.config.json naming a competency framework turns on unknown-competency; removing it turns it off', async () => {
    const config = file('roadmap.config.json');
    const example = (await brokenFiles()).find((n) => ruleOf(n) === 'unknown-competency');
    assert.ok(example, 'examples/broken has a file for unknown-competency');
    await untilCodes(file(`broken/${example}`), []);
    await vscode.workspace.fs.writeFile(config, new TextEncoder().encode(JSON.stringify({ competencyFramework: 'broken/competencies.md' }, null, 2)));
    try {
      await checkExample(example, 'unknown-competency');
    } finally {
      await vscode.workspace.fs.delete(config, { useTrash: false });
    }
    await untilCodes(file(`broken/${example}`), []);
    await eventually('curriculum/ to be clean again', async () => {
      for (const u of await markdownFiles('curriculum')) assert.deepStrictEqual(roadmapDiagnostics(u).map((d) => d.message), [], rel(u));
    });
  });
});
