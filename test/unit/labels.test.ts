/**
 * Label variants (issue 14, item 1): what authors write for a field is that field,
 * for every kind alike; a label no field knows gets `unknown-field`, and a missing
 * field's message names it; the quick fixes rename it or add it to the field's
 * aliases in roadmap.config.json (creating the file), reading what they need from
 * the diagnostic's data, never from its message.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { CodeAction, Diagnostic } from 'vscode-languageserver';
import { resolveConfig } from '../../server/src/core/config/config';
import { edgeTargets } from '../../server/src/core/model';
import type { FieldData } from '../../server/src/core/rules/types';
import { defaultSchema, fieldSynonyms } from '../../server/src/core/schema/defaultSchema';
import { RoadmapWorkspace } from '../../server/src/core/workspace';
import { codeActions } from '../../server/src/features/codeActions';
import type { ConfigFileInfo } from '../../server/src/features/configEdits';
import type { FeatureContext } from '../../server/src/features/context';
import { toLspDiagnostic } from '../../server/src/features/diagnostics';
import { applyWorkspaceEdit } from '../fixtures/edits';

const ROOT = 'file:///ws/';
const CONFIG = ROOT + 'roadmap.config.json';

/** A clean module whose overview lines are given (label → value), in order. */
function moduleWith(overview: Array<[string, string]>): string {
  return `# Module Roadmap

## Module Overview

${overview.map(([l, v]) => `- **${l}**: ${v}`).join('\n')}

## Cross-Role Progression

- **Builds On**: Earlier work.

## Learning Objectives

- Learn the topic.

## Competency Alignment

| Competency | Proficiency Target | Evidence / Assessment | Role Alignment |
|---|---|---|---|
| cloud-basics | Working | Lab review | Cloud Engineer |

## Content Outline

1. The topic.

## Practical Components

| Asset | Description | Completion Criteria | Linked Validation |
|---|---|---|---|
| Lab 1 | A lab | Passes | Script |

## Solutions Plan

- **Solution Path**: \`solutions/mod\`

## Resource Plan

- The README.

## Quality Checklist

- [ ] Reviewed.

## Dependencies & Notes

- None.
`;
}

const OVERVIEW: Array<[string, string]> = [
  ['Module ID', 'MOD-301'],
  ['Module Title', 'Label Variants'],
  ['Target Role(s)', 'Cloud Engineer'],
  ['Duration', '10 hours (4 lecture, 6 lab)'],
  ['Prerequisites', 'MOD-300'],
  ['Next Module(s)', 'MOD-302'],
];
const NEIGHBOURS: Record<string, string> = {
  'mod-300.md': moduleWith([['Module ID', 'MOD-300'], ['Module Title', 'Before'], ['Target Role(s)', 'Cloud Engineer'], ['Duration', '4 hours'], ['Prerequisites', 'None'], ['Next Module(s)', 'MOD-301']]),
  'mod-302.md': moduleWith([['Module ID', 'MOD-302'], ['Module Title', 'After'], ['Target Role(s)', 'Cloud Engineer'], ['Duration', '4 hours'], ['Prerequisites', 'MOD-301'], ['Next Module(s)', 'None']]),
};

/** The overview with one label replaced (and its value, when given). */
function relabel(from: string, to: string, value?: string): Array<[string, string]> {
  return OVERVIEW.map(([l, v]) => (l === from ? [to, value ?? v] : [l, v]));
}

function workspace(text: string, configText?: string): RoadmapWorkspace {
  const ws = configText === undefined ? new RoadmapWorkspace() : RoadmapWorkspace.fromConfig(resolveConfig(configText));
  for (const [p, t] of Object.entries(NEIGHBOURS)) ws.set(ROOT + p, t);
  ws.set(ROOT + 'mod-301.md', text);
  return ws;
}

const codes = (ws: RoadmapWorkspace, p = 'mod-301.md') => ws.diagnostics(ROOT + p).map((d) => d.code);

describe('label variants: the same field under what authors write', () => {
  it('reads a module’s Estimated Duration as its Duration, and checks its sum', () => {
    for (const label of ['Estimated Duration', 'Total Duration', 'Estimated Hours', 'ESTIMATED DURATION', 'Estimated Duration (hours)']) {
      const ws = workspace(moduleWith(relabel('Duration', label)));
      assert.deepEqual(codes(ws), [], label);
      assert.equal(ws.get(ROOT + 'mod-301.md')!.duration?.total, 10, label);
      const wrong = workspace(moduleWith(relabel('Duration', label, '12 hours (4 lecture, 6 lab)')));
      assert.deepEqual(codes(wrong), ['duration-mismatch'], `${label}: the duration is checked`);
    }
  });

  it('reads the next-module and prerequisite synonyms as edges', () => {
    for (const label of ['Next Module', 'Next Modules', 'Next Steps', 'Next Step', 'Unlocks', 'Leads To', 'Next']) {
      const ws = workspace(moduleWith(relabel('Next Module(s)', label)));
      assert.deepEqual(codes(ws), [], label);
      assert.deepEqual(edgeTargets(ws.get(ROOT + 'mod-301.md')!, 'next'), ['MOD-302'], label);
    }
    for (const label of ['Prerequisite', 'Prerequisite(s)', 'Requires', 'Depends On', 'Builds On', 'Prerequisite Modules']) {
      const ws = workspace(moduleWith(relabel('Prerequisites', label)));
      assert.deepEqual(codes(ws), [], label);
      assert.deepEqual(edgeTargets(ws.get(ROOT + 'mod-301.md')!, 'prerequisite'), ['MOD-300'], label);
    }
    for (const label of ['Target Role', 'Target Roles', 'Roles']) assert.deepEqual(codes(workspace(moduleWith(relabel('Target Role(s)', label)))), [], label);
  });

  it('gives every kind the same labels for the same meaning', () => {
    const [module, project] = defaultSchema.kinds;
    for (const role of ['roles', 'duration', 'prerequisites'] as const) {
      const labels = (k: typeof module) => new Set(k.fields.filter((f) => f.role === role && f.label !== 'Placement in Curriculum').flatMap((f) => [f.label, ...(f.aliases ?? [])]));
      assert.deepEqual(labels(module), labels(project), role);
      assert.deepEqual(labels(module), new Set(fieldSynonyms[role]), role);
    }
  });
});

describe('unknown-field and the missing field it may be', () => {
  it('hints at an overview label no field knows, and at nothing outside the overview', () => {
    const ws = workspace(moduleWith([...OVERVIEW, ['Delivery Format', 'Online']]));
    const [d] = ws.diagnostics(ROOT + 'mod-301.md');
    assert.equal(d.code, 'unknown-field');
    assert.equal(d.severity, 'hint');
    assert.equal(d.message, '"Delivery Format" is no field of a module.');
    assert.deepEqual(d.data, { kind: 'module', field: undefined, unknown: { label: 'Delivery Format', range: d.range } });
    assert.equal(moduleWith([...OVERVIEW, ['Delivery Format', 'Online']]).split('\n')[d.range.start.line].slice(d.range.start.character, d.range.end.character), 'Delivery Format');
  });

  it('names the unknown label in the missing field’s message, and the field in the hint', () => {
    const ws = workspace(moduleWith(relabel('Duration', 'Length')));
    const ds = ws.diagnostics(ROOT + 'mod-301.md');
    assert.deepEqual(ds.map((d) => d.code).sort(), ['missing-field', 'unknown-field']);
    const missing = ds.find((d) => d.code === 'missing-field')!;
    assert.equal(missing.message, 'Missing field "Duration" in Module Overview; the overview has **Length**, which is no field of a module.');
    const hint = ds.find((d) => d.code === 'unknown-field')!;
    assert.equal(hint.message, '"Length" is no field of a module: is it "Duration", which is missing?');
    assert.deepEqual((missing.data as FieldData).unknown, (hint.data as FieldData).unknown);
  });

  it('pairs two missing fields with the labels that share a word with them or stand in their place', () => {
    const overview = OVERVIEW.map(([l, v]): [string, string] => (l === 'Duration' ? ['Course Length', v] : l === 'Next Module(s)' ? ['Follow-on Modules', v] : [l, v]));
    const ws = workspace(moduleWith(overview));
    const missing = ws.diagnostics(ROOT + 'mod-301.md').filter((d) => d.code === 'missing-field');
    assert.deepEqual(
      missing.map((d) => [(d.data as FieldData).field, (d.data as FieldData).unknown?.label]),
      [
        ['Duration', 'Course Length'],
        ['Next Module(s)', 'Follow-on Modules'],
      ],
    );
  });

  it('keeps the plain message when there is no unknown label', () => {
    const ws = workspace(moduleWith(OVERVIEW.filter(([l]) => l !== 'Duration')));
    assert.deepEqual(ws.diagnostics(ROOT + 'mod-301.md').map((d) => d.message), ['Missing field "Duration" in Module Overview.']);
  });
});

const apply = applyWorkspaceEdit;

/** The fixes offered for a document's missing-field and unknown-field diagnostics, over a workspace with an optional config. */
function fixes(text: string, configText: string | undefined, pick: (d: Diagnostic) => boolean = () => true) {
  const ws = workspace(text, configText);
  const files = new Map([[ROOT + 'mod-301.md', text]]);
  if (configText !== undefined) files.set(CONFIG, configText);
  const ctx: FeatureContext = {
    ws,
    text: (uri) => files.get(uri),
    describe: (uri) => uri.slice(ROOT.length),
    configFile: (): ConfigFileInfo => ({ uri: CONFIG, text: configText }),
  };
  const diagnostics = ws.diagnostics(ROOT + 'mod-301.md').map(toLspDiagnostic).filter(pick);
  const all = { start: { line: 0, character: 0 }, end: { line: 999, character: 0 } };
  return { files, actions: codeActions(ctx, ROOT + 'mod-301.md', all, diagnostics, { canCreateFiles: true }), diagnostics };
}

/** What is left after applying an action: the document's diagnostics under the (possibly new) config. */
function after(files: Map<string, string>, action: CodeAction): { codes: string[]; files: Map<string, string> } {
  const out = apply(files, action.edit!);
  const config = out.get(CONFIG);
  if (config !== undefined) assert.deepEqual(resolveConfig(config).problems, [], 'the config stays valid');
  return { codes: codes(workspace(out.get(ROOT + 'mod-301.md')!, config)), files: out };
}

describe('quick fixes for a field under an unknown label', () => {
  const text = moduleWith(relabel('Duration', 'Length'));

  it('renames the label to the field’s', () => {
    const { files, actions } = fixes(text, undefined);
    const rename = actions.filter((a) => a.title === 'Rename "Length" to "Duration"');
    assert.equal(rename.length, 1, 'one rename for the pair, for both diagnostics: ' + actions.map((a) => a.title).join(', '));
    assert.deepEqual(rename[0].diagnostics!.map((d) => d.code).sort(), ['missing-field', 'unknown-field']);
    const fixed = after(files, rename[0]);
    assert.deepEqual(fixed.codes, []);
    assert.match(fixed.files.get(ROOT + 'mod-301.md')!, /^- \*\*Duration\*\*: 10 hours/m);
  });

  it('adds the label to the field’s aliases in a new roadmap.config.json', () => {
    const { files, actions } = fixes(text, undefined);
    const alias = actions.find((a) => a.title === 'Add "Length" to the aliases of "Duration" in roadmap.config.json (a new file)')!;
    assert.ok(alias, actions.map((a) => a.title).join(', '));
    const fixed = after(files, alias);
    assert.deepEqual(fixed.codes, [], 'Length is the duration now, and its sum is checked');
    assert.deepEqual(JSON.parse(fixed.files.get(CONFIG)!), { kinds: [{ key: 'module', fieldAliases: { Duration: ['Length'] } }] });
  });

  it('adds the alias to an existing config, keeping what it holds', () => {
    type Resolved = ReturnType<typeof resolveConfig>;
    // Each config, with what of it must stay once the alias is added.
    const cases: Array<[string, (written: string, resolved: Resolved) => void]> = [
      ['{\n  // rules first\n  "rules": { "section-order": "off" }\n}\n', (written) => assert.match(written, /\/\/ rules first/, 'comments stay')],
      ['{\n  "kinds": [{ "key": "project", "noun": "capstone" }]\n}\n', (_, resolved) => assert.equal(resolved.schema.kinds.find((k) => k.key === 'project')!.noun, 'capstone')],
      [
        '{\n  "kinds": [{ "key": "module", "fieldAliases": { "Duration": ["Span"] } }]\n}\n',
        (_, resolved) => assert.ok(resolved.schema.kinds.find((k) => k.key === 'module')!.fields.find((f) => f.label === 'Duration')!.aliases!.includes('Span'), 'the earlier alias stays'),
      ],
      [
        '{\n  "kinds": [{ "key": "module", "fieldAliases": { "Next Module(s)": ["Afterwards"] } }]\n}\n',
        (_, resolved) => assert.ok(resolved.schema.kinds.find((k) => k.key === 'module')!.fields.find((f) => f.label === 'Next Module(s)')!.aliases!.includes('Afterwards'), 'the other field’s alias stays'),
      ],
    ];
    for (const [config, kept] of cases) {
      const { files, actions } = fixes(text, config);
      const alias = actions.find((a) => a.title === 'Add "Length" to the aliases of "Duration" in roadmap.config.json')!;
      assert.ok(alias, `${config}: ${actions.map((a) => a.title).join(', ')}`);
      const fixed = after(files, alias);
      assert.deepEqual(fixed.codes, [], config);
      const written = fixed.files.get(CONFIG)!;
      const resolved = resolveConfig(written);
      const module = resolved.schema.kinds.find((k) => k.key === 'module')!;
      assert.ok(module.fields.find((f) => f.label === 'Duration')!.aliases!.includes('Length'), written);
      kept(written, resolved);
    }
  });

  it('takes the field and the label from the diagnostic’s data, not from its message', () => {
    const { actions } = fixes(text, undefined, (d) => d.code === 'missing-field');
    const reworded = fixes(text, undefined, (d) => d.code === 'missing-field');
    for (const d of reworded.diagnostics) d.message = 'Reworded: something is missing here.';
    const ctxTitles = (as: CodeAction[]) => as.map((a) => a.title).sort();
    assert.deepEqual(ctxTitles(actions), ['Add "Length" to the aliases of "Duration" in roadmap.config.json (a new file)', 'Add the field "Duration"', 'Rename "Length" to "Duration"']);
    const ws = workspace(text);
    const ctx: FeatureContext = { ws, text: () => text, describe: (u) => u.slice(ROOT.length), configFile: () => ({ uri: CONFIG }) };
    const all = { start: { line: 0, character: 0 }, end: { line: 999, character: 0 } };
    assert.deepEqual(ctxTitles(codeActions(ctx, ROOT + 'mod-301.md', all, reworded.diagnostics, { canCreateFiles: true })), ctxTitles(actions));
  });

  it('offers no config fix where there is no file system, and no new file to a client that cannot create one', () => {
    const ws = workspace(text);
    const diagnostics = ws.diagnostics(ROOT + 'mod-301.md').map(toLspDiagnostic);
    const all = { start: { line: 0, character: 0 }, end: { line: 999, character: 0 } };
    const bare: FeatureContext = { ws, text: () => text, describe: (u) => u };
    assert.ok(!codeActions(bare, ROOT + 'mod-301.md', all, diagnostics, { canCreateFiles: true }).some((a) => a.title.includes('aliases')));
    const noCreate: FeatureContext = { ...bare, configFile: () => ({ uri: CONFIG }) };
    assert.ok(!codeActions(noCreate, ROOT + 'mod-301.md', all, diagnostics, { canCreateFiles: false }).some((a) => a.title.includes('aliases')));
    assert.ok(codeActions(noCreate, ROOT + 'mod-301.md', all, diagnostics, { canCreateFiles: false }).some((a) => a.title.startsWith('Rename')));
  });

  it('reports a fieldAliases entry that names no field of the kind', () => {
    const { problems } = resolveConfig('{ "kinds": [{ "key": "module", "fieldAliases": { "Length": ["Span"] } }] }');
    assert.equal(problems.length, 1);
    assert.match(problems[0].message, /^fieldAliases: "Length" is no field of kind "module" \(its fields: Module ID, /);
  });
});
