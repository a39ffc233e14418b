/**
 * The snippets in snippets/markdown.json are generated from the core's templates
 * (core/snippets.ts): the file must equal what the generator writes now
 * (`npm run snippets` writes it again). They are expanded the way VS Code inserts them when
 * the author tabs through without typing (every placeholder keeps its default, a
 * choice its first option, `$n` mirrors its placeholder, `$0` is empty), then run
 * through the engine: a full template is a document with no diagnostic, and a row
 * snippet inserted into a complete document's table keeps the table well-shaped.
 * Sections, fields, tables and levels are taken from the default schema, so that a
 * schema change that the snippets do not follow fails here.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { defaultSchema } from '../../server/src/core/schema/defaultSchema';
import type { KindSchema, TableRole } from '../../server/src/core/schema/types';
import { RoadmapWorkspace } from '../../server/src/core/workspace';
import { placeholderId, snippetFile as generated } from '../../server/src/core/snippets';

const SNIPPETS_PATH = 'snippets/markdown.json';

interface SnippetDef {
  prefix: string | string[];
  body: string | string[];
  description?: string;
  isFileTemplate?: boolean;
}

const snippetFile: Record<string, SnippetDef> = JSON.parse(fs.readFileSync(SNIPPETS_PATH, 'utf8'));

// --- A small expander for VS Code's snippet syntax -------------------------------

type SnippetNode =
  | { type: 'text'; value: string }
  | { type: 'tabstop'; index: number; children?: SnippetNode[] }
  | { type: 'choice'; index: number; options: string[] };

/**
 * Parses a snippet body: `$1`, `${1}`, `${1:default}` (nested), `${1|a,b|}`, and the
 * escapes `\$`, `\}`, `\\` (`\,` and `\|` in choices). Variables and transforms are
 * refused: the snippets use none, and a stray `$NAME` in the text would be one.
 */
function parseSnippet(body: string): SnippetNode[] {
  let i = 0;
  const fail = (why: string): never => {
    throw new Error(`${why} at offset ${i}: …${body.slice(Math.max(0, i - 20), i + 20)}…`);
  };
  const int = (): number => {
    const m = /^\d+/.exec(body.slice(i));
    if (!m) fail('expected a tab stop number');
    i += m![0].length;
    return Number(m![0]);
  };
  const nodes = (inPlaceholder: boolean): SnippetNode[] => {
    const out: SnippetNode[] = [];
    let text = '';
    const flush = () => {
      if (text) out.push({ type: 'text', value: text });
      text = '';
    };
    while (i < body.length) {
      const c = body[i];
      if (c === '\\' && i + 1 < body.length && '$}\\'.includes(body[i + 1])) {
        text += body[i + 1];
        i += 2;
      } else if (c === '}' && inPlaceholder) {
        flush();
        return out;
      } else if (c === '$' && /^\d/.test(body.slice(i + 1))) {
        flush();
        i++;
        out.push({ type: 'tabstop', index: int() });
      } else if (c === '$' && body[i + 1] === '{' && /^\d/.test(body.slice(i + 2))) {
        flush();
        i += 2;
        const index = int();
        if (body[i] === '}') {
          i++;
          out.push({ type: 'tabstop', index });
        } else if (body[i] === ':') {
          i++;
          const children = nodes(true);
          if (body[i] !== '}') fail('unclosed placeholder');
          i++;
          out.push({ type: 'tabstop', index, children });
        } else if (body[i] === '|') {
          i++;
          const options: string[] = [];
          let option = '';
          for (;;) {
            if (i >= body.length) fail('unclosed choice');
            const d = body[i];
            if (d === '\\' && ',|\\$}'.includes(body[i + 1] ?? '')) {
              option += body[i + 1];
              i += 2;
            } else if (d === ',') {
              options.push(option);
              option = '';
              i++;
            } else if (d === '|' && body[i + 1] === '}') {
              options.push(option);
              i += 2;
              break;
            } else {
              option += d;
              i++;
            }
          }
          out.push({ type: 'choice', index, options });
        } else fail('a transform or a malformed tab stop');
      } else if (c === '$' && /^[A-Za-z_{]/.test(body.slice(i + 1))) {
        fail('a variable (or an unescaped $)');
      } else {
        text += c;
        i++;
      }
    }
    if (inPlaceholder) fail('unclosed placeholder');
    flush();
    return out;
  };
  const result = nodes(false);
  return result;
}

function* walk(nodes: SnippetNode[]): Generator<SnippetNode> {
  for (const n of nodes) {
    yield n;
    if (n.type === 'tabstop' && n.children) yield* walk(n.children);
  }
}

/**
 * The text VS Code inserts before the author types anything: a placeholder's
 * default, a choice's first option, `$n` the value of tab stop n's placeholder
 * (the first one that has a value, as VS Code does), `$0` nothing.
 */
function expandSnippet(body: string | string[]): string {
  const tree = parseSnippet(Array.isArray(body) ? body.join('\n') : body);
  const defaults = new Map<number, SnippetNode[] | string>();
  for (const n of walk(tree)) {
    if (n.type === 'tabstop' && n.children && !defaults.has(n.index)) defaults.set(n.index, n.children);
    if (n.type === 'choice' && !defaults.has(n.index)) defaults.set(n.index, n.options[0] ?? '');
  }
  const render = (nodes: SnippetNode[], depth: number): string =>
    nodes
      .map((n) => {
        if (n.type === 'text') return n.value;
        if (n.type === 'choice') return n.options[0] ?? '';
        if (n.children) return render(n.children, depth + 1);
        const d = defaults.get(n.index);
        if (d === undefined) return '';
        if (depth > 20) throw new Error(`tab stop $${n.index} mirrors itself`);
        return typeof d === 'string' ? d : render(d, depth + 1);
      })
      .join('');
  return render(tree, 0);
}

function tabStops(body: string | string[]): { numbers: number[]; choices: string[][] } {
  const tree = parseSnippet(Array.isArray(body) ? body.join('\n') : body);
  const numbers = new Set<number>();
  const choices: string[][] = [];
  for (const n of walk(tree)) {
    if (n.type === 'tabstop' || n.type === 'choice') numbers.add(n.index);
    if (n.type === 'choice') choices.push(n.options);
  }
  return { numbers: [...numbers].sort((a, b) => a - b), choices };
}

// --- Helpers over the snippet file and the engine --------------------------------

const prefixes = (s: SnippetDef) => (Array.isArray(s.prefix) ? s.prefix : [s.prefix]);

function snippet(prefix: string): SnippetDef {
  const found = Object.values(snippetFile).filter((s) => prefixes(s).includes(prefix));
  assert.equal(found.length, 1, `exactly one snippet has the prefix ${prefix}`);
  return found[0];
}

const expand = (prefix: string) => expandSnippet(snippet(prefix).body);

const where = (d: { range: { start: { line: number; character: number } } }) => `${d.range.start.line + 1}:${d.range.start.character + 1}`;

function check(text: string, uri = 'file:///ws/doc.md') {
  const ws = new RoadmapWorkspace();
  ws.set(uri, text);
  return { ws, doc: ws.get(uri)!, diagnostics: ws.diagnostics(uri).map((d) => `${where(d)} ${d.code}: ${d.message}`) };
}

/** The lines of a text with `insert` placed after the last line of the section's table. */
function insertAfterTable(text: string, section: string, insert: string): string {
  const lines = text.split('\n');
  const heading = lines.findIndex((l) => l.trim() === `## ${section}`);
  assert.ok(heading >= 0, `the template has a "## ${section}" section`);
  let last = -1;
  for (let i = heading + 1; i < lines.length && !lines[i].startsWith('## '); i++) {
    if (lines[i].trimStart().startsWith('|')) last = i;
  }
  assert.ok(last >= 0, `the "${section}" section has a table`);
  lines.splice(last + 1, 0, insert);
  return lines.join('\n');
}

/** The text with one section (heading to the next H2) replaced. */
function replaceSection(text: string, section: string, replacement: string): string {
  const lines = text.split('\n');
  const from = lines.findIndex((l) => l.trim() === `## ${section}`);
  assert.ok(from >= 0, `the template has a "## ${section}" section`);
  let to = from + 1;
  while (to < lines.length && !lines[to].startsWith('## ')) to++;
  return [...lines.slice(0, from), ...replacement.replace(/\n+$/, '').split('\n'), '', ...lines.slice(to)].join('\n');
}

const templatePrefix = (kind: KindSchema) => `roadmap-${kind.key}`;
const overviewPrefix = (kind: KindSchema) => `roadmap-overview-${kind.key}`;
const rowPrefixes: Record<TableRole, string> = {
  competencies: 'roadmap-competency-row',
  components: 'roadmap-component-row',
  phases: 'roadmap-phase-row',
};

// --- The tests -------------------------------------------------------------------

describe('snippets: the expander', () => {
  it('expands defaults, choices, mirrors, nested placeholders and escapes as VS Code does', () => {
    assert.equal(expandSnippet('${1:a ${2:b} c} $2 ${3|x,y|} $3 \\$4 \\} $0'), 'a b c b x x $4 } ');
    assert.equal(expandSnippet(['$1 mirrors', '${1:first}']), 'first mirrors\nfirst');
    assert.deepEqual(tabStops('${2|a\\,b,c|} $1').choices, [['a,b', 'c']]);
    assert.throws(() => parseSnippet('${1:unclosed'), /unclosed placeholder/);
    assert.throws(() => parseSnippet('costs $HOME'), /variable/);
  });
});

describe('snippets: the file', () => {
  it('is what core/snippets.ts generates from the templates (npm run snippets writes it)', () => {
    const want = generated();
    if (process.env.UPDATE_SNIPPETS) fs.writeFileSync(SNIPPETS_PATH, JSON.stringify(want, null, 2) + '\n');
    assert.deepEqual(JSON.parse(fs.readFileSync(SNIPPETS_PATH, 'utf8')), want, 'snippets/markdown.json is out of date: npm run snippets');
  });

  it('proposes no ID the examples use, and not as the first tab stop', () => {
    const used = new Set<string>();
    for (const f of fs.readdirSync('examples', { recursive: true }).map(String)) {
      if (!f.endsWith('.md')) continue;
      for (const m of fs.readFileSync(`examples/${f}`, 'utf8').matchAll(/\b(?:MOD|PROJ)-\d{3,}\b/g)) used.add(m[0]);
    }
    assert.ok(used.has('MOD-101'), 'the examples are read');
    for (const kind of defaultSchema.kinds) {
      for (const prefix of [templatePrefix(kind), overviewPrefix(kind)]) {
        const body = [snippet(prefix).body].flat().join('\n');
        const id = new RegExp(`\\$\\{(\\d+):(${kind.idPattern})\\}`).exec(body);
        assert.ok(id, `${prefix} has an ID placeholder`);
        assert.equal(id[2], placeholderId(kind));
        assert.ok(!used.has(id[2]), `${prefix} proposes ${id[2]}, which examples/ uses`);
        assert.notEqual(id[1], '1', `${prefix}: the ID is not the first tab stop`);
        assert.match(body, new RegExp(`\\*\\*${kind.fields.find((f) => f.role === 'title')!.label}\\*\\*: \\$\\{1:`), `${prefix}: the title is the first tab stop`);
      }
    }
  });

  it('is contributed for markdown in package.json', () => {
    const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'));
    const entries: Array<{ language: string; path: string }> = pkg.contributes?.snippets ?? [];
    assert.ok(
      entries.some((e) => e.language === 'markdown' && e.path.replace(/^\.\//, '') === SNIPPETS_PATH),
      `contributes.snippets has { language: "markdown", path: "./${SNIPPETS_PATH}" }`,
    );
  });

  it('has every snippet the design asks for, each with a description and unique prefixes', () => {
    const wanted = [
      ...defaultSchema.kinds.flatMap((k) => [templatePrefix(k), overviewPrefix(k)]),
      ...Object.values(rowPrefixes),
      'roadmap-checklist-item',
    ];
    for (const p of wanted) assert.ok(snippet(p).description!.length > 30, `${p} has a description that says what it inserts`);
    const all = Object.values(snippetFile).flatMap(prefixes);
    assert.deepEqual(all, [...new Set(all)], 'no prefix is shared by two snippets');
  });

  for (const [name, s] of Object.entries(snippetFile)) {
    it(`"${name}" parses, numbers its tab stops 1..n without gaps and ends at $0`, () => {
      const { numbers } = tabStops(s.body);
      const stops = numbers.filter((n) => n > 0);
      assert.deepEqual(stops, stops.map((_, i) => i + 1));
      assert.ok(numbers.includes(0), 'the cursor ends at $0');
    });
  }

  it('offers exactly the schema proficiency levels, in order, in every choice', () => {
    let seen = 0;
    for (const s of Object.values(snippetFile)) {
      for (const options of tabStops(s.body).choices) {
        assert.deepEqual(options, defaultSchema.proficiencyLevels);
        seen++;
      }
    }
    assert.ok(seen >= 3, 'both templates and the competency row offer the levels');
  });
});

for (const kind of defaultSchema.kinds) {
  describe(`snippets: the ${kind.title} template (${templatePrefix(kind)})`, () => {
    const text = expand(templatePrefix(kind));

    it('is offered as a file template', () => {
      assert.equal(snippet(templatePrefix(kind)).isFileTemplate, true);
    });

    it('gives a document with no diagnostic at all', () => {
      assert.deepEqual(check(text).diagnostics, []);
    });

    it('has every section of the schema, in order, each with content', () => {
      const { doc } = check(text);
      assert.equal(doc.kind, kind);
      assert.deepEqual(
        doc.sections.map((s) => s.name),
        kind.sections.map((s) => s.name),
      );
      for (const s of doc.sections) assert.ok(s.hasContent, `${s.name} has content`);
      for (const s of kind.sections) assert.ok(text.includes(`\n## ${s.name}\n`), `## ${s.name} is written as in the schema`);
    });

    it('has every overview field of the schema, under its own label, with a value', () => {
      const { doc } = check(text);
      for (const field of kind.fields) {
        const found = doc.fields.filter((f) => f.schema === field);
        assert.equal(found.length, 1, `${field.label} appears once`);
        assert.equal(found[0].label, field.label);
        assert.ok(found[0].value.length > 0, `${field.label} has a value`);
      }
    });

    it('defines a valid ID and references no other document', () => {
      const { doc, ws } = check(text);
      assert.ok(doc.id && ws.schema.isValidId(kind, doc.id), `${doc.id} matches ${kind.idPattern}`);
      assert.deepEqual(
        doc.mentions.filter((m) => m.kind !== 'definition').map((m) => m.id),
        [],
      );
    });

    it("has every table of the schema with the schema's columns and a row", () => {
      const { doc } = check(text);
      for (const t of kind.tables) {
        const table = doc.tables.find((x) => x.schema === t);
        assert.ok(table, `the ${t.section} table`);
        assert.deepEqual(
          table.header.cells,
          t.columns,
        );
        assert.ok(table.rows.length >= 1);
        for (const row of table.rows) {
          assert.equal(row.cells.length, t.columns.length);
          for (const cell of row.cells) assert.ok(cell, 'no cell is left empty');
        }
      }
      for (const c of doc.competencies) assert.ok(c.level && defaultSchema.proficiencyLevels.includes(c.level.text));
    });

    it('has a duration whose parts (or phases) add up to its total', () => {
      const { doc } = check(text);
      assert.ok(doc.duration?.total, 'the duration has a total');
      const parts = doc.duration.parts?.map((p) => p.hours) ?? [];
      const phases = doc.phases.map((p) => p.hours ?? NaN);
      assert.ok(parts.length > 0 || phases.length > 0, 'the duration is broken down');
      if (parts.length > 0) assert.equal(parts.reduce((a, b) => a + b, 0), doc.duration.total);
      if (phases.length > 0) assert.equal(phases.reduce((a, b) => a + b, 0), doc.duration.total);
    });

    it(`has an overview snippet (${overviewPrefix(kind)}) that can stand in for its overview section`, () => {
      const overview = expand(overviewPrefix(kind));
      assert.ok(overview.startsWith(`## ${kind.overviewSection}\n`));
      const replaced = replaceSection(text, kind.overviewSection, overview);
      assert.notEqual(replaced, text.replace(/\n+$/, ''));
      const { doc, diagnostics } = check(replaced);
      assert.deepEqual(diagnostics, []);
      for (const field of kind.fields) assert.ok(doc.fields.some((f) => f.schema === field && f.label === field.label), field.label);
    });

    for (const t of kind.tables) {
      const prefix = t.role && rowPrefixes[t.role];
      if (!prefix) continue;
      it(`takes a ${prefix} row into its ${t.section} table without a table-shape problem`, () => {
        const row = expand(prefix);
        const before = check(text).doc.tables.find((x) => x.schema === t)!;
        const { doc, diagnostics } = check(insertAfterTable(text, t.section, row));
        const table = doc.tables.find((x) => x.schema === t)!;
        assert.equal(table.rows.length, before.rows.length + 1, 'the row joins the table');
        const added = table.rows[table.rows.length - 1];
        assert.equal(added.cells.length, t.columns.length);
        for (const cell of added.cells) assert.ok(cell, 'no cell is left empty');
        assert.deepEqual(
          diagnostics.filter((d) => d.includes('table-shape')),
          [],
        );
        if (t.role === 'phases') {
          // A new phase adds hours: the total no longer matches, which proves the time was read.
          const phase = doc.phases[doc.phases.length - 1];
          assert.ok(phase.hours! > 0, 'the phase time parses as hours');
          assert.deepEqual(
            diagnostics.map((d) => d.replace(/^\S+ /, '').replace(/:.*/, '')),
            ['duration-mismatch'],
          );
        } else {
          assert.deepEqual(diagnostics, []);
        }
        if (t.role === 'competencies') {
          assert.equal(doc.competencies[doc.competencies.length - 1].level?.text, defaultSchema.proficiencyLevels[0]);
        }
      });
    }
  });
}

describe('snippets: the checklist item', () => {
  it('inserts an unchecked task that keeps a module free of diagnostics', () => {
    const item = expand('roadmap-checklist-item');
    assert.match(item, /^- \[ \] \S/);
    const module = defaultSchema.kinds.find((k) => k.sections.some((s) => s.name === 'Quality Checklist'))!;
    const text = expand(templatePrefix(module));
    const lines = text.split('\n');
    const at = lines.indexOf('## Quality Checklist') + 2;
    assert.match(lines[at], /^- \[ \] /);
    lines.splice(at, 0, item);
    assert.deepEqual(check(lines.join('\n')).diagnostics, []);
  });
});
