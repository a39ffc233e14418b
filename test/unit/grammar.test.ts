/**
 * The TextMate injection grammar (syntaxes/roadmap.injection.tmLanguage.json), run
 * by vscode-textmate + vscode-oniguruma as VS Code runs it: injected into a markdown
 * base grammar through the `injectTo` of package.json's contributes.grammars.
 *
 * The base grammar is VS Code's own markdown.tmLanguage.json and the themes are VS
 * Code's own, copied (MIT licence) into test/fixtures/vscode/ from VS Code 1.139.1:
 * no npm package ships them.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import * as oniguruma from 'vscode-oniguruma';
import * as vsctm from 'vscode-textmate';
import { defaultSchema } from '../../server/src/core/schema/defaultSchema';

const VSCODE_EXTENSIONS = 'test/fixtures/vscode/extensions/';
const REAL_MARKDOWN = `${VSCODE_EXTENSIONS}markdown-basics/syntaxes/markdown.tmLanguage.json`;

// Theme-facing scope names. Each is coloured by VS Code's Dark+, Light+, Dark/Light
// Modern, High Contrast, Monokai, Solarized, Abyss, Kimbie, Tomorrow Night Blue and
// Red themes; the test names below say which scope each thing gets.
const ID_SCOPE = 'entity.name.type.roadmap-id';
const LABEL_SCOPE = 'entity.name.tag.field-label.roadmap';
const LEVEL_SCOPE = 'constant.language.proficiency.roadmap';

interface GrammarContribution {
  scopeName: string;
  path: string;
  injectTo?: string[];
}

const contributions: GrammarContribution[] = JSON.parse(fs.readFileSync('package.json', 'utf8')).contributes?.grammars ?? [];

const onigLib = (() => {
  const wasm = fs.readFileSync('node_modules/vscode-oniguruma/release/onig.wasm');
  const loaded = oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  return loaded.then(
    (): vsctm.IOnigLib => ({
      createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
  );
})();

/** A registry wired as VS Code wires contributed grammars: paths and injections from package.json. */
async function markdownGrammar(basePath: string): Promise<vsctm.IGrammar> {
  const registry = new vsctm.Registry({
    onigLib,
    loadGrammar: async (scopeName) => {
      const path = scopeName === 'text.html.markdown' ? basePath : contributions.find((c) => c.scopeName === scopeName)?.path;
      return path ? vsctm.parseRawGrammar(fs.readFileSync(path, 'utf8'), path) : null;
    },
    getInjections: (scopeName) => contributions.filter((c) => c.injectTo?.includes(scopeName)).map((c) => c.scopeName),
  });
  const grammar = await registry.loadGrammar('text.html.markdown');
  assert.ok(grammar, `the markdown grammar at ${basePath} loads`);
  return grammar;
}

interface Token {
  text: string;
  scopes: string[];
}

function tokenize(grammar: vsctm.IGrammar, text: string): Token[][] {
  let stack = vsctm.INITIAL;
  return text.split('\n').map((line) => {
    const r = grammar.tokenizeLine(line, stack);
    stack = r.ruleStack;
    return r.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

/** The tokens overlapping the `nth` occurrence of `what` on the line that contains `lineHas`. */
function tokensOf(lines: Token[][], lineHas: string, what: string, nth = 0): Token[] {
  const index = lines.findIndex((l) => l.map((t) => t.text).join('').includes(lineHas));
  assert.ok(index >= 0, `a line contains ${JSON.stringify(lineHas)}`);
  const line = lines[index];
  const text = line.map((t) => t.text).join('');
  let at = -1;
  for (let k = 0; k <= nth; k++) at = text.indexOf(what, at + 1);
  assert.ok(at >= 0, `${JSON.stringify(what)} is on the line ${JSON.stringify(text)}`);
  const out: Token[] = [];
  let offset = 0;
  for (const t of line) {
    const end = offset + t.text.length;
    if (end > at && offset < at + what.length) out.push(t);
    offset = end;
  }
  return out;
}

/** The scopes of the single token that is exactly `what`. */
function scopesOf(lines: Token[][], lineHas: string, what: string, nth = 0): string[] {
  const tokens = tokensOf(lines, lineHas, what, nth);
  assert.deepEqual(
    tokens.map((t) => t.text),
    [what],
    `${JSON.stringify(what)} is one token (on the line with ${JSON.stringify(lineHas)})`,
  );
  return tokens[0].scopes;
}

function assertNotRoadmap(lines: Token[][], lineHas: string, what: string) {
  for (const t of tokensOf(lines, lineHas, what)) {
    assert.deepEqual(
      t.scopes.filter((s) => s.endsWith('.roadmap')),
      [],
      `${JSON.stringify(t.text)} in ${JSON.stringify(what)} gets no roadmap scope`,
    );
  }
}

const has = (scopes: string[], scope: string) => scopes.some((s) => s === scope || s.startsWith(scope + '.'));

const DOC = `# Module Roadmap

> Senior AI Infrastructure Engineer | Module 205 expands MOD-102 into resilience and compliance patterns.

## Module Overview

- **Module ID**: MOD-205
- **Module Title**: Multi-Cloud Architecture & Resilience
- **Target Role(s)** (primary): Senior AI Infrastructure Engineer
- **Duration:** 50 hours (16 lecture, 22 lab, 9 project, 3 assessment)
- **Prerequisites**: MOD-201, MOD-102
- **Next Module(s)**: MOD-207, PROJ-303

## Cross-Role Progression

- **Builds On** (modules/roles): Prior cloud automation (MOD-102) and advanced Kubernetes.
- **Shared Assets**: The **Module ID** of each lab is written in bold in prose.

## Competency Alignment

| Competency | Proficiency Target | Evidence / Assessment | Role Alignment |
|------------|--------------------|-----------------------|----------------|
| platform-resilience | Expert | DR simulation & audit pass | Senior AI Infrastructure Engineer |
| chaos-engineering |  proficient  | Working drill report | AI Infrastructure Architect |

## Dependencies & Notes

Coordinate with MOD-209 on the \`MOD-301\` pipeline before PROJ-1207 starts.
Not IDs: XMOD-205, MOD-12, MOD-2051x, PROJ-99.
<!-- MOD-404 is planned for next year -->

\`\`\`text
MOD-505 in a fenced block
\`\`\`

A Senior Expert | Working week
`;

const bases: Array<{ name: string; path: string }> = [{ name: "VS Code's markdown grammar", path: REAL_MARKDOWN }];
const THEMES = [
  'theme-defaults/themes/dark_plus.json',
  'theme-defaults/themes/light_plus.json',
  'theme-defaults/themes/dark_modern.json',
  'theme-defaults/themes/light_modern.json',
  'theme-defaults/themes/hc_black.json',
  'theme-monokai/themes/monokai-color-theme.json',
  'theme-solarized-dark/themes/solarized-dark-color-theme.json',
  'theme-solarized-light/themes/solarized-light-color-theme.json',
];

/** A theme's token colour rules (its `include` chain first), as [selector, foreground] pairs. */
function themeRules(path: string): Array<[string, string | undefined]> {
  const jsonc = fs
    .readFileSync(path, 'utf8')
    .replace(/("(?:[^"\\]|\\.)*")|\/\/[^\n]*|\/\*[\s\S]*?\*\//g, (_match, str: string | undefined) => str ?? '')
    .replace(/,(\s*[}\]])/g, '$1');
  const theme = JSON.parse(jsonc);
  const inherited = theme.include ? themeRules(path.replace(/[^/]*$/, '') + theme.include) : [];
  const own = (theme.tokenColors ?? []).flatMap((r: { scope?: string | string[]; settings?: { foreground?: string } }) =>
    (Array.isArray(r.scope) ? r.scope : (r.scope ?? '').split(',')).map((sel): [string, string | undefined] => [sel.trim(), r.settings?.foreground]),
  );
  return [...inherited, ...own];
}

/** Whether a theme gives a scope a foreground colour through a one-scope selector. */
function coloured(rules: Array<[string, string | undefined]>, scope: string): boolean {
  return rules.some(([sel, fg]) => fg && sel && !sel.includes(' ') && (scope === sel || scope.startsWith(sel + '.')));
}

describe('grammar: theme colours', () => {
  const scopes = [`${ID_SCOPE}.module.roadmap`, `${ID_SCOPE}.project.roadmap`, LABEL_SCOPE, LEVEL_SCOPE];

  it('uses entity.name.type for IDs, entity.name.tag for field labels, constant.language for levels (constant.other is left plain by Dark+ and Light+)', () => {
    const grammar = JSON.parse(fs.readFileSync('syntaxes/roadmap.injection.tmLanguage.json', 'utf8'));
    const names = Object.values(grammar.repository as Record<string, { name: string }>)
      .map((r) => r.name)
      .sort();
    assert.deepEqual(names, [...scopes].sort());
  });

  it('gets a foreground colour for each of them from Dark+, Light+, Dark/Light Modern, High Contrast, Monokai and Solarized', () => {
    for (const theme of THEMES) {
      const rules = themeRules(VSCODE_EXTENSIONS + theme);
      for (const scope of scopes) assert.ok(coloured(rules, scope), `${theme} colours ${scope}`);
    }
  });
});

describe('grammar: the contribution', () => {
  it('injects roadmap.injection into text.html.markdown from syntaxes/roadmap.injection.tmLanguage.json', () => {
    const c = contributions.find((x) => x.scopeName === 'roadmap.injection');
    assert.ok(c, 'contributes.grammars has roadmap.injection');
    assert.deepEqual(c.injectTo, ['text.html.markdown']);
    assert.equal(c.path.replace(/^\.\//, ''), 'syntaxes/roadmap.injection.tmLanguage.json');
    const raw = JSON.parse(fs.readFileSync(c.path, 'utf8'));
    assert.equal(raw.scopeName, 'roadmap.injection');
    assert.match(raw.injectionSelector, /^L:text\.html\.markdown /);
  });
});

for (const base of bases) {
  describe(`grammar: injected into ${base.name}`, () => {
    const ready = markdownGrammar(base.path);
    const lines = async () => tokenize((await ready)!, DOC);

    it(`scopes a module ID in a Prerequisites value as ${ID_SCOPE}.module.roadmap`, async () => {
      const l = await lines();
      assert.ok(scopesOf(l, '**Prerequisites**', 'MOD-201').includes(`${ID_SCOPE}.module.roadmap`));
      assert.ok(scopesOf(l, '**Prerequisites**', 'MOD-102').includes(`${ID_SCOPE}.module.roadmap`));
      assert.ok(scopesOf(l, '**Module ID**: MOD', 'MOD-205').includes(`${ID_SCOPE}.module.roadmap`));
    });

    it(`scopes a project ID as ${ID_SCOPE}.project.roadmap, with any number of digits from three`, async () => {
      const l = await lines();
      assert.ok(scopesOf(l, '**Next Module(s)**', 'PROJ-303').includes(`${ID_SCOPE}.project.roadmap`));
      assert.ok(scopesOf(l, 'Coordinate with', 'PROJ-1207').includes(`${ID_SCOPE}.project.roadmap`));
    });

    it('scopes IDs in prose: a paragraph, the role line, a parenthesis', async () => {
      const l = await lines();
      assert.ok(has(scopesOf(l, 'Coordinate with', 'MOD-209'), ID_SCOPE));
      assert.ok(has(scopesOf(l, '> Senior', 'MOD-102'), ID_SCOPE));
      assert.ok(has(scopesOf(l, 'Prior cloud automation', 'MOD-102'), ID_SCOPE));
    });

    it('derives the ID scopes from the schema: every kind gets its own', async () => {
      const grammar = (await ready)!;
      for (const kind of defaultSchema.kinds) {
        const id = `${kind.idPrefix}2051`;
        const l = tokenize(grammar, `- **Prerequisites**: ${id}, and ${id}.`);
        assert.ok(scopesOf(l, id, id).includes(`${ID_SCOPE}.${kind.key}.roadmap`), `${id} is a ${kind.key} ID`);
        assert.ok(scopesOf(l, id, id, 1).includes(`${ID_SCOPE}.${kind.key}.roadmap`));
      }
    });

    it('does not scope an ID in inline code, in an HTML comment or in fenced code', async () => {
      const l = await lines();
      assert.ok(has(tokensOf(l, 'Coordinate with', 'MOD-301')[0].scopes, 'markup.inline.raw'));
      assertNotRoadmap(l, 'Coordinate with', 'MOD-301');
      assert.ok(has(tokensOf(l, 'MOD-404', 'MOD-404')[0].scopes, 'comment'));
      assertNotRoadmap(l, 'MOD-404', 'MOD-404');
      assert.ok(has(tokensOf(l, 'MOD-505', 'MOD-505')[0].scopes, 'markup.fenced_code'));
      assertNotRoadmap(l, 'MOD-505', 'MOD-505');
    });

    it('does not scope what only looks like an ID: XMOD-205, MOD-12, MOD-2051x, PROJ-99', async () => {
      const l = await lines();
      for (const what of ['XMOD-205', 'MOD-12', 'MOD-2051x', 'PROJ-99']) assertNotRoadmap(l, 'Not IDs', what);
    });

    it(`scopes an overview field label in a "- **Label**:" bullet as ${LABEL_SCOPE}, keeping it bold`, async () => {
      const l = await lines();
      const scopes = scopesOf(l, '**Module ID**: MOD', 'Module ID');
      assert.ok(scopes.includes(LABEL_SCOPE));
      assert.ok(has(scopes, 'markup.bold'), 'the label stays bold');
      assert.ok(scopesOf(l, '**Next Module(s)**', 'Next Module(s)').includes(LABEL_SCOPE));
    });

    it('scopes a label with a suffix after the bold, or with the colon inside the bold', async () => {
      const l = await lines();
      assert.ok(scopesOf(l, '**Target Role(s)** (primary):', 'Target Role(s)').includes(LABEL_SCOPE));
      assertNotRoadmap(l, '**Target Role(s)** (primary):', '(primary)');
      assert.ok(scopesOf(l, '**Duration:**', 'Duration').includes(LABEL_SCOPE));
    });

    it('scopes every label and alias of every kind in the schema, in any case, with a suffix inside the bold', async () => {
      const grammar = (await ready)!;
      for (const kind of defaultSchema.kinds) {
        for (const field of kind.fields) {
          for (const label of [field.label, ...(field.aliases ?? [])]) {
            for (const [line, text] of [
              [`- **${label}**: value`, label],
              [`* **${label.toUpperCase()}:** value`, label.toUpperCase()],
              [`- **${label}** (notes): value`, label],
              [`- **${label} / Extra**: value`, `${label} / Extra`],
            ]) {
              const scopes = scopesOf(tokenize(grammar, line), line, text);
              assert.ok(scopes.includes(LABEL_SCOPE), `${JSON.stringify(text)} in ${JSON.stringify(line)}`);
            }
          }
        }
      }
    });

    it('does not scope a label outside the schema, a known label in prose, or a label without a colon', async () => {
      const grammar = (await ready)!;
      const l = await lines();
      assertNotRoadmap(l, '**Shared Assets**', 'Shared Assets');
      assertNotRoadmap(l, 'The **Module ID** of each lab', 'Module ID');
      assertNotRoadmap(tokenize(grammar, '- **Duration** matters a lot'), 'Duration', 'Duration');
    });

    it(`scopes a proficiency level in a table cell as ${LEVEL_SCOPE}, in any case`, async () => {
      const l = await lines();
      assert.ok(scopesOf(l, '| platform-resilience |', 'Expert').includes(LEVEL_SCOPE));
      assert.ok(scopesOf(l, '| chaos-engineering |', 'proficient').includes(LEVEL_SCOPE));
    });

    it('scopes every proficiency level of the schema, and no level outside a cell of its own', async () => {
      const grammar = (await ready)!;
      for (const level of defaultSchema.proficiencyLevels) {
        const line = `| some-competency | ${level} | evidence | role |`;
        assert.ok(scopesOf(tokenize(grammar, line), line, level).includes(LEVEL_SCOPE), level);
        const last = `| some-competency | ${level}`;
        assert.ok(scopesOf(tokenize(grammar, last), last, level).includes(LEVEL_SCOPE), `${level} in a last cell without a closing pipe`);
      }
      const l = await lines();
      assertNotRoadmap(l, '| chaos-engineering |', 'Working');
      assertNotRoadmap(l, '| Competency | Proficiency Target |', 'Proficiency Target');
      assertNotRoadmap(l, 'A Senior Expert', 'Expert');
      assertNotRoadmap(l, 'A Senior Expert', 'Working');
    });
  });
}
