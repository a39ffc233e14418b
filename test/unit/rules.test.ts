/**
 * Every rule is documented in docs/rules/<code>.md with examples that these tests run:
 *   ## Failing example   a multi-file fixture whose [[ ]] marks are exactly the ranges
 *                        where the rule fires; no other rule may fire in it.
 *   ## Passing example   a fixture with no diagnostic at all.
 *   ## Suppressing it    optionally, a fixture whose diagnostics are silenced by
 *                        roadmap-disable comments: no diagnostic at all, and without
 *                        its comments the rule fires again.
 * Each example is the first fenced block with the info string `roadmap-fixture` under
 * its heading (see test/fixtures/fixture.ts for the fixture format). A fixture file
 * named roadmap.config.json is the workspace's configuration, read with the engine's
 * own resolveConfig; the competency framework it names is read from the fixture too.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { CONFIG_FILE_NAME, parseCompetencyFramework, resolveConfig } from '../../server/src/core/config/config';
import { rules, type CheckOptions } from '../../server/src/core/rules/registry';
import type { Schema } from '../../server/src/core/schema/types';
import { RoadmapWorkspace } from '../../server/src/core/workspace';
import { FIXTURE_ROOT, parseFixture, type Fixture } from '../fixtures/fixture';

const DOCS = 'docs/rules';

/** The fence that opens a code block on this line, if any: its character and length, and its info string. */
function openingFence(line: string): { char: string; length: number; info: string } | undefined {
  const m = /^ {0,3}(`{3,}|~{3,})(.*)$/.exec(line);
  if (!m || (m[1][0] === '`' && m[2].includes('`'))) return undefined;
  return { char: m[1][0], length: m[1].length, info: m[2].trim() };
}

function closesFence(line: string, fence: { char: string; length: number }): boolean {
  const m = /^ {0,3}(`{3,}|~{3,})\s*$/.exec(line);
  return !!m && m[1][0] === fence.char && m[1].length >= fence.length;
}

/**
 * The first `roadmap-fixture` block under the H2 `heading` of a markdown page, before
 * the next H1 or H2; undefined when the page has no such heading or no such block under
 * it. Headings inside fenced blocks (the fixtures are full of them) are not headings.
 */
function pageExample(page: string, heading: string): string | undefined {
  const lines = page.split(/\r?\n/);
  let inSection = false;
  for (let i = 0; i < lines.length; i++) {
    const fence = openingFence(lines[i]);
    if (fence) {
      let j = i + 1;
      while (j < lines.length && !closesFence(lines[j], fence)) j++;
      if (inSection && fence.info.split(/\s+/)[0] === 'roadmap-fixture') {
        assert.ok(j < lines.length, `the roadmap-fixture block under "## ${heading}" is closed`);
        return lines.slice(i + 1, j).join('\n');
      }
      i = j;
      continue;
    }
    if (/^#{1,2}\s/.test(lines[i])) {
      if (inSection) return undefined;
      inSection = lines[i].replace(/^##\s+/, '').trim() === heading;
    }
  }
  return undefined;
}

function readPage(code: string): string {
  return fs.readFileSync(path.join(DOCS, `${code}.md`), 'utf8');
}

function example(code: string, heading: string): Fixture {
  const source = pageExample(readPage(code), heading);
  assert.ok(source !== undefined, `${DOCS}/${code}.md has a roadmap-fixture block under "## ${heading}"`);
  return parseFixture(source);
}

/**
 * A workspace holding the fixture's markdown files, configured as the server and the CLI
 * configure one: from the fixture's roadmap.config.json and the framework file it names.
 */
function workspaceFor(fixture: Fixture): RoadmapWorkspace {
  const options: CheckOptions = { describe: (uri) => uri.slice(FIXTURE_ROOT.length) };
  let schema: Schema | undefined;
  const configFile = fixture.files.find((f) => f.path === CONFIG_FILE_NAME);
  if (configFile) {
    const config = resolveConfig(configFile.text);
    assert.deepEqual(config.problems, [], `${CONFIG_FILE_NAME} of the example is valid`);
    schema = config.schema;
    options.severities = config.severities;
    if (config.competencyFramework) {
      const frameworkPath = path.posix.normalize(config.competencyFramework);
      const frameworkFile = fixture.files.find((f) => f.path === frameworkPath);
      assert.ok(frameworkFile, `the example holds the competency framework ${frameworkPath}`);
      const parsed = parseCompetencyFramework(frameworkFile.text, /\.json$/i.test(frameworkPath));
      assert.equal(parsed.problem, undefined);
      assert.ok(parsed.names.length > 0, `${frameworkPath} lists competencies`);
      options.framework = parsed.names;
    }
  }
  const ws = new RoadmapWorkspace(schema, options);
  for (const f of fixture.files) if (f.path.endsWith('.md')) ws.set(f.uri, f.text);
  return ws;
}

function allDiagnostics(fixture: Fixture) {
  const ws = workspaceFor(fixture);
  return fixture.files.flatMap((f) => (f.path.endsWith('.md') ? ws.diagnostics(f.uri).map((d) => ({ file: f.path, ...d })) : []));
}

const where = (d: { file: string; range: { start: { line: number; character: number }; end: { line: number; character: number } } }) =>
  `${d.file}:${d.range.start.line + 1}:${d.range.start.character + 1}-${d.range.end.line + 1}:${d.range.end.character + 1}`;

const shown = (ds: ReturnType<typeof allDiagnostics>) => ds.map((d) => `${where(d)} ${d.code}: ${d.message}`);

/** A suppression comment; global, for replace only (`test` on a global regex keeps state). */
const SUPPRESSION = /<!--\s*roadmap-disable(?:-next-line)?\b[\s\S]*?-->/g;

for (const rule of rules) {
  describe(`rule ${rule.code}`, () => {
    it('has the documentation page its diagnostics link to', () => {
      const page = readPage(rule.code);
      assert.ok(page.startsWith(`# \`${rule.code}\``));
      assert.ok(page.includes(`Default severity: **${rule.severity}**`));
      for (const heading of ['Why', 'Where it is reported', 'How to fix it', 'Failing example', 'Passing example']) {
        assert.match(page, new RegExp(`^## ${heading}$`, 'm'), `the page has a "## ${heading}" section`);
      }
      assert.match(page, /marked[^\n]*is where the diagnostic appears/, 'the page says what the marks mean');
    });

    it('fires exactly on the marked ranges of its failing example, and nothing else fires', () => {
      const fixture = example(rule.code, 'Failing example');
      const expected = fixture.files.flatMap((f) => f.marks.map((range) => where({ file: f.path, range }))).sort();
      assert.ok(expected.length > 0, 'the failing example marks at least one range');
      const got = allDiagnostics(fixture);
      const others = shown(got.filter((d) => d.code !== rule.code));
      assert.deepEqual(others, [], 'no other rule fires');
      assert.deepEqual(got.map(where).sort(), expected);
      for (const d of got) {
        assert.equal(d.severity, rule.severity);
        assert.ok(d.message.length > 10, 'the message says what is wrong');
      }
    });

    it('stays silent on its passing example', () => {
      const fixture = example(rule.code, 'Passing example');
      assert.deepEqual(fixture.files.flatMap((f) => f.marks), [], 'a passing example marks nothing');
      assert.deepEqual(shown(allDiagnostics(fixture)), []);
    });

    // Read when the tests are declared; a missing page fails the documentation test above instead.
    const suppressed = fs.existsSync(path.join(DOCS, `${rule.code}.md`)) ? pageExample(readPage(rule.code), 'Suppressing it') : undefined;
    if (suppressed !== undefined) {
      it('stays silent on its suppression example, and fires there without the comments', () => {
        const fixture = parseFixture(suppressed);
        assert.deepEqual(fixture.files.flatMap((f) => f.marks), [], 'a suppression example marks nothing');
        assert.ok(fixture.files.some((f) => f.text.replace(SUPPRESSION, '') !== f.text), 'the example has a roadmap-disable comment');
        assert.deepEqual(shown(allDiagnostics(fixture)), []);
        const bare = { ...fixture, files: fixture.files.map((f) => ({ ...f, text: f.text.replace(SUPPRESSION, '') })) };
        const without = allDiagnostics(bare);
        assert.ok(without.length > 0, 'without its comments the example has diagnostics');
        assert.deepEqual(shown(without.filter((d) => d.code !== rule.code)), [], 'and they are all of this rule');
      });
    }
  });
}

describe('rule section-order: one section moved far from its place', () => {
  it('flags the moved section once, not every section it jumped over', () => {
    // Engine bug (rules/sectionOrder.ts): the rule compares each section with the latest one
    // in schema order seen so far, and does not advance past a section it flagged. Moving
    // "Dependencies & Notes" (the last section) up to just after the overview therefore flags
    // the eight sections it jumped over, each with "should come before Dependencies & Notes",
    // and never the one section that moved. A longest increasing subsequence of the schema
    // positions gives the fewest sections to move; those are the ones to flag.
    const fixture = example('section-order', 'Passing example');
    const module = fixture.files.find((f) => f.path.startsWith('modules/'))!;
    const notes = module.text.slice(module.text.indexOf('## Dependencies & Notes')).trimEnd();
    const text = module.text
      .replace(notes, '')
      .trimEnd()
      .replace('## Cross-Role Progression', `${notes}\n\n## Cross-Role Progression`) + '\n';
    const moved = { ...fixture, files: fixture.files.map((f) => (f === module ? { ...f, text } : f)) };
    const line = text.split('\n').indexOf('## Dependencies & Notes');
    const heading = { start: { line, character: 0 }, end: { line, character: '## Dependencies & Notes'.length } };
    assert.deepEqual(shown(allDiagnostics(moved)).map((d) => d.replace(/: .*/, '')), [`${where({ file: module.path, range: heading })} section-order`]);
  });
});

describe('rule documentation', () => {
  it('has a page for every rule and no page for a rule that does not exist', () => {
    const pages = fs
      .readdirSync(DOCS)
      .filter((f) => f.endsWith('.md') && f !== 'README.md')
      .map((f) => f.slice(0, -3))
      .sort();
    assert.deepEqual(pages, rules.map((r) => r.code).sort());
  });

  it('shows a suppression in a complete example on at least two pages', () => {
    const withSuppression = rules.filter((r) => pageExample(readPage(r.code), 'Suppressing it') !== undefined);
    assert.ok(withSuppression.length >= 2, `pages with a suppression example: ${withSuppression.map((r) => r.code).join(', ')}`);
  });

  it('lists every rule with its default severity in docs/rules/README.md', () => {
    const index = fs.readFileSync(path.join(DOCS, 'README.md'), 'utf8');
    for (const rule of rules) {
      assert.match(index, new RegExp(`\\| \\[\`${rule.code}\`\\]\\(${rule.code}\\.md\\) \\|[^\\n]*\\| ${rule.severity} \\|`), rule.code);
    }
  });
});

describe('the example extractor', () => {
  const page = [
    '# `x`',
    '',
    '## Failing example',
    '',
    'Prose, then an unrelated block that holds headings of its own:',
    '',
    '```markdown',
    '## Passing example',
    '```',
    '',
    '~~~~roadmap-fixture',
    '-- a.md',
    '```',
    'code in a document',
    '```',
    '~~~~',
    '',
    '```roadmap-fixture',
    'a second block is not the example',
    '```',
    '',
    '## Passing example',
    '',
    '```roadmap-fixture',
    '-- b.md',
    '# Module Roadmap',
    '```',
    '',
    '## Suppressing it',
    '',
    'No block in this section.',
    '',
    '## See also',
    '',
    '```roadmap-fixture',
    'not under Suppressing it',
    '```',
  ].join('\n');

  it('takes the first roadmap-fixture block under the heading, skipping other blocks and the headings inside them', () => {
    assert.equal(pageExample(page, 'Failing example'), '-- a.md\n```\ncode in a document\n```');
    assert.equal(pageExample(page, 'Passing example'), '-- b.md\n# Module Roadmap');
  });

  it('finds nothing when the section has no block or the page has no such section', () => {
    assert.equal(pageExample(page, 'Suppressing it'), undefined);
    assert.equal(pageExample(page, 'Nowhere'), undefined);
  });
});
