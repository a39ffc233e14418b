/**
 * The structural scanner (server/src/core/parse/scan.ts) against the remark path
 * (parse/remark.ts), and its quick pass for the index (`scanFacts`) against its
 * models: `scanFacts` takes exactly the texts the scanner takes and gives `factsOf`
 * their models. Wherever the scanner gives blocks (parse/ir.ts), they are remark's
 * blocks, and its model is deep-equal to the one remark gives (kind, h1, ID, title,
 * roles, duration, fields, sections, tables, competencies, phases, mentions,
 * suppressions, line count, every range); where it declines (with its reason),
 * `parseRoadmap` falls back to remark. And it must decline rarely: never on the
 * seeds, the examples and the rule fixtures; its acceptance rate on realistic
 * documents (those, and a generated corpus) has a floor, and on random documents it
 * is reported.
 *
 * Inputs: the seeds (../shared/seeds, when it exists), every markdown file under
 * examples/, every roadmap-fixture in docs/rules/*.md (with the fixture's own
 * roadmap.config.json too), fixed cases (every mismatch found so far, and the
 * corners of the format), 2,000 documents of the benchmark's corpus generator, and,
 * with fixed seeds, random documents built from random blocks and random edits of
 * all the above (characters and lines from `|`, `-`, `*`, `#`, backticks, `<!--`,
 * `-->`, spaces, tabs, line endings, ...): those random ones in scanRandom.test.ts, a
 * file of its own so that the two halves run on two cores; the comparison itself is
 * test/fixtures/scanCompare.ts.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { generateCorpus } from '../../bench/corpus';
import { resolveConfig } from '../../server/src/core/config/config';
import { parseRoadmap, parseRoadmapWith } from '../../server/src/core/parse/parse';
import { CompiledSchema } from '../../server/src/core/schema/compile';
import { assertFast, assertSame, markdownFiles, ruleFixtures, schema, URI } from '../fixtures/scanCompare';
import { saySeedsSkipped, seedFiles, SEEDS_SKIP } from '../fixtures/seeds';

// --- fixed cases --------------------------------------------------------------------

const OVERVIEW = '# Module Roadmap\n\n## Module Overview\n\n- **Module ID**: MOD-101\n- **Prerequisites**: MOD-100\n';
/** A module whose overview is followed by `body` in a section that another one follows. */
const inSection = (body: string, after = '\n## After\n\nend\n') => `${OVERVIEW}\n## Notes\n\n${body}${after}`;

/**
 * Each case: its text and whether the scanner must take it (true) or may decline
 * (false: it declines today; if it ever models it, the model must still be remark's).
 */
const FIXED: Array<[string, string, boolean]> = [
  // Mismatches found by the differential tests, now fixed.
  ['`---` under a paragraph is a setext underline, not a thematic break', inSection('text MOD-102\n---\n'), false],
  ['`---` under a paragraph in a list item is a setext underline', inSection('- a\n  ---\n'), false],
  ['a lazy line then `---` is a thematic break', inSection('- a\nb\n---\n'), true],
  ['an escaped `@` in a table cell is linked by remark with nodes that have no position', inSection('| a |\n|---|\n| a\\@b.co |\n'), false],
  ['GFM footnote definitions are containers that interrupt a paragraph', inSection('text\n[^a]: x MOD-102\n  more\n'), false],
  ['a lazy line can be the head row of a table whose delimiter row is inside the list item', inSection('- a\n| x |\n  |---|\n'), false],
  ['a lazy line can be the head row of a table in a block quote', inSection('> a\nb | c\n> --- | ---\n'), false],
  ['a GFM autolink literal swallows a backslash: `\\<!--` after it is HTML', inSection('- www.q.com\\<!-- esc MOD-113 -->alpha\n'), false],
  ['a lazy line with pipes and no delimiter row after it is paragraph text', inSection('- **Builds On**: a\nb | c\nd\n'), true],
  // The format's corners.
  ['`#*** End Patch` is no heading: it joins the last item (seed 000)', inSection('- Collaborate early.\n#*** End Patch', ''), true],
  ['a byte order mark', '\ufeff' + inSection('- x\n'), true],
  ['CRLF line endings', inSection('- **Next Module(s)**: MOD-103\n  - MOD-104\n\n| a | b |\n|---|---|\n| 1 | 2 |\n').replace(/\n/g, '\r\n'), true],
  ['CR line endings', inSection('text\n<!--\nMOD-105\n-->\n').replace(/\n/g, '\r'), true],
  ['an unclosed fence runs to the end; IDs in it are no mentions', inSection('```sh\nroadmap lint MOD-106\n\n', ''), true],
  ['an unclosed comment runs to the end', inSection('<!-- MOD-107\n\ntext', ''), true],
  ['`<!-->` and `<!--->` are complete comments', inSection('<!-->\n<!--->\ntext MOD-108\n'), true],
  ['text after `-->` belongs to the HTML block; such a section has content', inSection('<!-- a --> MOD-109 tail\n'), true],
  ['a section holding only comments has no content', inSection('<!-- roadmap-disable missing-field -->\n\n<!--\nmulti\n-->\n'), true],
  [
    'inline comments on one line: no mentions in them, suppressions count, field values end before them',
    inSection('- **Prerequisites**: MOD-102 <!-- MOD-103 -->\n- x <!-- roadmap-disable-next-line unknown-reference --> MOD-104\n'),
    true,
  ],
  ['code spans hide comments; an escaped `<` is text; `<1` is text', inSection('a `<!-- MOD-110 -->` b \\<!-- MOD-111 --> <1 min `` ` `` <!-- MOD-112 -->\n'), true],
  ['an autolink is a link, not HTML', inSection('see <https://example.com/MOD-113> now\n'), true],
  ['an autolink at the start of a line or list item is no HTML block', inSection('<https://example.com/MOD-113> text\n- <https://example.com> x\n\n<a.b:c> y\n'), true],
  ['a comment over two lines inside a paragraph', inSection('a <!-- MOD-114\nb --> c\n'), false],
  ['raw HTML tags', inSection('a <br> b MOD-115\n'), false],
  ['an HTML block other than a comment', inSection('<div>\nMOD-116\n</div>\n'), false],
  ['task list items hold fields', `${OVERVIEW}- [ ] **Module Title**: Tasks\n- [x] **Duration**: 12h\n- [X]  **Coverage**: two spaces\n`, false],
  ['task list items hold fields (one space)', `${OVERVIEW}- [ ] **Module Title**: Tasks\n- [x] **Duration**: 12h\n- [ ]x not a task\n`, true],
  [
    'sibling items with 1 to 3 spaces of indent, nested items at the content column',
    `${OVERVIEW}- **Next Module(s)**:\n  - MOD-120\n - **Target Role(s)**: A\n   - B\n- **Duration**: 10h\n`,
    true,
  ],
  ['`2.` cannot interrupt a paragraph, `1.` can; a new marker starts a new list', inSection('text\n2. not a list\n1. a list\n2) another list\n* and another\n'), true],
  ['`- - -` is a thematic break, not a list item', inSection('- a\n- - -\n'), true],
  ['`- - - a` is three nested list items; `- ---` and `* * *` are thematic breaks', inSection('- - - a MOD-130\n- ---\n* * *\n'), true],
  ['thirty nested list items, lazy lines and a sibling at each level', inSection('- '.repeat(30) + 'deep MOD-131\nlazy MOD-132\n' + Array.from({ length: 30 }, (_, k) => '  '.repeat(29 - k) + '- up\n').join('')), true],
  ['an empty list item', inSection('- a\n-\n  b\n'), false],
  ['items end at their last content, not at blank lines after it', `${OVERVIEW}- **Target Role(s)**: A\n\n  B\n\n\n- **Duration**: 3h\n   \n\n## After\n`, true],
  ['a block quote ends at its last line, `>` alone included', inSection('> a MOD-121\n>\n'), true],
  ['a lazy line continues a block quote', inSection('> a\nb MOD-122\n'), true],
  [
    'table cells: leading and trailing pipes or not, a single pipe, empty cells, escaped pipes, code spans',
    inSection('| Competency | Proficiency Target | Evidence / Assessment | Role Alignment |\n|:--|:-:|--:|---|\nname | Working |   | a \\| b\n|\n| `x|y` | ` z ` | \\\\| c |\n'),
    true,
  ],
  ['a table interrupts a paragraph; a heading, a list item and a blank line end one', inSection('text\n| a |\n|---|\n| b |\n- item\n\n| a |\n|---|\n# h1 again\n'), true],
  ['a delimiter row with another cell count is paragraph text', inSection('| a | b |\n|---|---|---|\n'), true],
  ['a head row needs no pipe when the delimiter row has one', inSection('abc\n|---\n'), true],
  ['indented code after a table', inSection('| a |\n|---|\n    x\n'), false],
  ['heading closing sequences and escapes', `${OVERVIEW}\n## Notes ##\n\n## Other \\#\n\n## #\n\n#### deep ## #\n`, true],
  ['inline markup in a heading', `${OVERVIEW}\n## *Notes*\n`, false],
  ['a second H1 ends the section; headings before the first H1 still make sections', `## Before\n\ntext\n\n${OVERVIEW}\n# Module Roadmap\n\n## After\n`, true],
  [
    'label spellings',
    `${OVERVIEW}- **Module Title:** T\n- **Target Role(s)** (modules): R\n- **Duration** : 4h\n- **Coverage**x: y\n- **(Paren)**: y\n- **Dot.**: y\n- **Dot.**x: y\n- ** Space**: y\n- **A** *b*: c\n`,
    false,
  ],
  ['label spellings the scanner takes', `${OVERVIEW}- **Module Title:** T\n- **Target Role(s)** (modules): R\n- **Duration** : 4h\n- **Coverage**x: y\n- **(Paren)**: y\n- **Dot.**: y\n- ** Space**: y\n`, true],
  ['a field label over two lines', `${OVERVIEW}- **Module\nTitle**: T\n`, false],
  ['a link reference definition', inSection('[ref]: https://example.com MOD-123\n'), false],
  ['indented code', inSection('    MOD-124\n'), false],
  ['a tab in list indentation', `${OVERVIEW}-\t**Duration**: 3h\n`, false],
  ['tabs inside top-level fenced code are fine', inSection('```make\nall:\n\tbuild MOD-125\n```\t\n'), true],
  ['fenced code and a comment in a list item', `${OVERVIEW}- **Next Module(s)**: MOD-126\n  \`\`\`\n  MOD-127\n\n  \`\`\`\n  <!-- MOD-128 -->\n`, true],
  ['an unclosed fence in a list item', `${OVERVIEW}- a\n  \`\`\`\n  MOD-129\n`, false],
  ['not a roadmap', '# Notes\n\nMOD-101 <br>\n\tindented', true],
  ['no kind title at all', 'just text MOD-101', true],
];


// --- the tests ------------------------------------------------------------------------

saySeedsSkipped('scan.test.ts');
describe('the structural scanner gives exactly the remark model', () => {
  it('on every seed, taking the fast path', { skip: SEEDS_SKIP }, () => {
    const seeds = seedFiles();
    assert.ok(seeds.length > 0, 'there are seeds');
    for (const f of seeds) {
      const doc = assertFast(f, fs.readFileSync(f, 'utf8'));
      assert.ok(doc.kind && doc.id, `${f} is a roadmap with an ID`);
    }
  });

  it('on every markdown file under examples/, taking the fast path (default schema and the folder config)', () => {
    const files = markdownFiles('examples');
    assert.ok(files.length > 10);
    const configPath = path.join('examples', 'curriculum', 'roadmap.config.json');
    const curriculum = fs.existsSync(configPath) ? new CompiledSchema(resolveConfig(fs.readFileSync(configPath, 'utf8')).schema) : undefined;
    for (const f of files) {
      const text = fs.readFileSync(f, 'utf8');
      assertFast(f, text);
      if (curriculum && f.startsWith(path.join('examples', 'curriculum'))) assertFast(`${f} (its config)`, text, curriculum);
    }
  });

  it('on every roadmap-fixture of docs/rules, taking the fast path', () => {
    const fixtures = ruleFixtures();
    assert.ok(fixtures.length >= 20, `${fixtures.length} fixture documents`);
    for (const f of fixtures) {
      assertFast(f.name, f.text);
      if (f.schema) assertFast(`${f.name} (its config)`, f.text, f.schema);
    }
  });

  for (const [name, text, fast] of FIXED) {
    it(`fixed case: ${name}`, () => {
      if (fast) assertFast(name, text);
      else assertSame(name, text);
    });
  }

  it('parseRoadmap takes the scanner and falls back to remark', () => {
    const declined = inSection('text\n---\n');
    assert.equal(parseRoadmapWith(URI, declined, schema, 'scan'), undefined);
    assert.deepEqual(parseRoadmap(URI, declined, schema), parseRoadmapWith(URI, declined, schema, 'remark'));
    assert.equal(parseRoadmap(URI, declined, schema).sections.map((s) => s.name).join('|'), 'Module Overview|Notes|text|After', 'remark made `text` a setext heading');
    const taken = inSection('- x\n');
    assert.deepEqual(parseRoadmapWith(URI, taken, schema, 'scan'), parseRoadmapWith(URI, taken, schema, 'remark'));
    assert.deepEqual(parseRoadmap(URI, taken, schema), parseRoadmapWith(URI, taken, schema, 'scan'));
  });

  /** The share of realistic documents the scanner must take (today: all of them). */
  const ACCEPTANCE_FLOOR = 0.98;

  it(`takes at least ${100 * ACCEPTANCE_FLOOR}% of realistic documents: the seeds, the examples, the rule fixtures, 2,000 generated (fixed seed)`, (t) => {
    const groups: Array<[string, Array<{ name: string; text: string }>]> = [
      ['seeds', seedFiles().map((f) => ({ name: f, text: fs.readFileSync(f, 'utf8') }))],
      ['examples', markdownFiles('examples').map((f) => ({ name: f, text: fs.readFileSync(f, 'utf8') }))],
      ['rule fixtures', ruleFixtures()],
      ['generated', generateCorpus({ seed: 20261122, size: 2000 }).files.map((f) => ({ name: f.path, text: f.text }))],
    ];
    let total = 0;
    let taken = 0;
    const reasons = new Map<string, number>();
    const lines: string[] = [];
    for (const [group, docs] of groups) {
      let ok = 0;
      for (const d of docs) {
        const o = assertSame(d.name, d.text);
        if (o.fast) ok++;
        else reasons.set(o.refusal ?? '?', (reasons.get(o.refusal ?? '?') ?? 0) + 1);
      }
      total += docs.length;
      taken += ok;
      lines.push(docs.length ? `${group} ${ok}/${docs.length}` : `${group}: none (${group === 'seeds' ? SEEDS_SKIP : 'missing'})`);
    }
    const rate = taken / total;
    t.diagnostic(`acceptance on realistic documents ${(100 * rate).toFixed(2)}% (${lines.join(', ')})${reasons.size ? '; declined: ' + [...reasons].map(([r, n]) => `${r} ×${n}`).join(', ') : ''}`);
    assert.ok(total >= 2000 + 20, `${total} realistic documents`);
    assert.ok(rate >= ACCEPTANCE_FLOOR, `the scanner takes ${(100 * rate).toFixed(2)}% of realistic documents, under the floor of ${100 * ACCEPTANCE_FLOOR}%`);
  });
});
