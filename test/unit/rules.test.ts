/**
 * Every rule has a failing and a passing fixture under test/fixtures/rules/<code>/.
 * The failing one marks with [[ ]] exactly the ranges where the rule must fire, and
 * no other rule may fire in it; the passing one has no diagnostic at all.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { rules } from '../../server/src/core/rules/registry';
import { readFixture, workspaceOf, type Fixture } from '../fixtures/fixture';

function allDiagnostics(fixture: Fixture) {
  const ws = workspaceOf(fixture);
  return fixture.files.flatMap((f) => ws.diagnostics(f.uri).map((d) => ({ file: f.path, ...d })));
}

const where = (d: { file: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }) =>
  `${d.file}:${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1}`;

for (const rule of rules) {
  describe(`rule ${rule.code}`, () => {
    it('fires exactly on the marked ranges of its failing fixture, and nothing else fires', () => {
      const fixture = readFixture(`rules/${rule.code}/fail.md`);
      const expected = fixture.files.flatMap((f) => f.marks.map((range) => where({ file: f.path, range }))).sort();
      assert.ok(expected.length > 0, 'the failing fixture marks at least one range');
      const got = allDiagnostics(fixture);
      const others = got.filter((d) => d.code !== rule.code).map((d) => `${where(d)} ${d.code}: ${d.message}`);
      assert.deepEqual(others, [], 'no other rule fires');
      assert.deepEqual(got.map(where).sort(), expected);
      for (const d of got) {
        assert.equal(d.severity, rule.severity);
        assert.ok(d.message.length > 10, 'the message says what is wrong');
      }
    });

    it('has the documentation page its diagnostics link to', () => {
      const page = fs.readFileSync(`docs/rules/${rule.code}.md`, 'utf8');
      assert.ok(page.startsWith(`# \`${rule.code}\``));
      assert.ok(page.includes(`Default severity: **${rule.severity}**`));
    });

    it('stays silent on its passing fixture', () => {
      const got = allDiagnostics(readFixture(`rules/${rule.code}/pass.md`));
      assert.deepEqual(got.map((d) => `${where(d)} ${d.code}: ${d.message}`), []);
    });
  });
}
