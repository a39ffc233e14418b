/**
 * The `roadmap` CLI as a user runs it: `node dist/cli.js ...` as a child process.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import Ajv4 from 'ajv-draft-04';
import { rules } from '../../server/src/core/rules/registry';
import { TestClient, writeFile } from './client';
import { moduleText } from './moduleDoc';

function roadmap(args: string[], cwd = process.cwd()) {
  const r = spawnSync(process.execPath, [path.resolve('dist/cli.js'), ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface JsonReport {
  files: Array<{ path: string; diagnostics: Array<{ code: string; severity: string; message: string; line: number; column: number; endLine: number; endColumn: number }> }>;
  summary: { files: number; errors: number; warnings: number };
}

/** What the text under a diagnostic must look like, by rule: the offending text itself. */
const under: Record<string, (line: string, text: string) => boolean> = {
  'missing-section': (line) => line.startsWith('# '),
  'empty-section': (line) => line.startsWith('## '),
  'section-order': (line) => line.startsWith('## '),
  'unknown-section': (line) => line.startsWith('## '),
  'missing-field': (line) => line.startsWith('## '),
  'unknown-field': (line, text) => line.startsWith(`- **${text}**:`),
  'invalid-id': (line) => /\*\*(Module|Project) ID/.test(line),
  'duplicate-id': (line, text) => /\*\*(Module|Project) ID/.test(line) && /^(MOD|PROJ)-\d{3,}$/.test(text),
  'unknown-reference': (_, text) => /^(MOD|PROJ)-\d{3,}$/.test(text),
  'self-reference': (_, text) => /^(MOD|PROJ)-\d{3,}$/.test(text),
  'prerequisite-cycle': (_, text) => /^(MOD|PROJ)-\d{3,}$/.test(text),
  'missing-reciprocal': (_, text) => /^(MOD|PROJ)-\d{3,}$/.test(text),
  'duration-mismatch': (line, text) => /Duration/.test(line) && /^\d+(\.\d+)? hours/.test(text),
  'table-shape': (line) => line.trimStart().startsWith('|') || line.startsWith('## '),
  'unknown-competency': (line, text) => line.trimStart().startsWith('|') && text.length > 0 && !text.includes('|'),
  'unknown-proficiency': (line, text) => line.trimStart().startsWith('|') && text.length > 0 && !text.includes('|'),
  'role-mismatch': (line, text) => line.trimStart().startsWith('|') && text.length > 0 && !text.includes('|'),
  'proficiency-regression': (line, text) => line.trimStart().startsWith('|') && text.length > 0 && !text.includes('|'),
  'unassessed-competency': (line, text) => line.trimStart().startsWith('|') && text.length > 0 && !text.includes('|'),
  'proficiency-jump': (line, text) => line.trimStart().startsWith('|') && text.length > 0 && !text.includes('|'),
};

describe('roadmap lint', () => {
  it('reports each rule of examples/broken on the offending text, and exits 1', () => {
    const r = roadmap(['lint', 'examples/broken', '--format', 'json']);
    assert.equal(r.code, 1, r.stderr);
    const report = JSON.parse(r.stdout) as JsonReport;
    const seen = new Set<string>();
    for (const f of report.files) {
      const lines = fs.readFileSync(f.path, 'utf8').split('\n');
      for (const d of f.diagnostics) {
        seen.add(d.code);
        assert.ok(path.basename(f.path).startsWith(d.code), `${f.path} shows only its own rule, not ${d.code}: ${d.message}`);
        const line = lines[d.line - 1];
        const text = d.line === d.endLine ? line.slice(d.column - 1, d.endColumn - 1) : '';
        assert.ok(under[d.code](line, text), `${f.path}:${d.line}:${d.column} ${d.code} is on the offending text (line: ${line})`);
      }
    }
    assert.deepEqual([...seen].sort(), rules.map((x) => x.code).sort(), 'every rule fires in examples/broken');
    assert.ok(report.files.some((f) => f.diagnostics.length === 0), 'clean files are listed with no diagnostics');
    assert.equal(report.summary.files, report.files.length);
    assert.equal(report.summary.errors, report.files.flatMap((f) => f.diagnostics).filter((d) => d.severity === 'error').length);
    assert.ok(report.summary.errors > 0 && report.summary.warnings > 0);
  });

  it('passes examples/curriculum with exit code 0', () => {
    const r = roadmap(['lint', 'examples/curriculum']);
    assert.equal(r.code, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /^No problems in \d+ files\.$/m);
  });

  it('writes compiler-style text lines, without colour when not on a terminal', () => {
    const r = roadmap(['lint', 'examples/broken']);
    const problems = r.stdout.trim().split('\n').slice(0, -1);
    assert.ok(problems.length >= rules.length);
    for (const line of problems) assert.match(line, /^examples\/broken\/[\w-]+\.md:\d+:\d+ (error|warning|information|hint) .+ \[[a-z-]+\]$/);
    assert.ok(!r.stdout.includes('\x1b['));
  });

  it('writes SARIF 2.1.0 that validates against the SARIF schema', () => {
    const r = roadmap(['lint', 'examples/broken', '--format', 'sarif']);
    assert.equal(r.code, 1);
    const log = JSON.parse(r.stdout) as { version: string; runs: Array<{ tool: { driver: { rules: Array<{ id: string }> } }; results: unknown[] }> };
    const schema = JSON.parse(fs.readFileSync('node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json', 'utf8'));
    // The schema's patterns are written for non-unicode regular expressions.
    const ajv = new Ajv4({ allErrors: true, strict: false, unicodeRegExp: false, validateFormats: false });
    const valid = ajv.validate(schema, log);
    assert.ok(valid, JSON.stringify(ajv.errors?.slice(0, 5), null, 1));
    assert.equal(log.version, '2.1.0');
    const results = log.runs[0].results as Array<{ ruleId: string; ruleIndex: number; locations: Array<{ physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }> }>;
    assert.ok(results.length >= rules.length);
    for (const res of results) {
      assert.equal(log.runs[0].tool.driver.rules[res.ruleIndex].id, res.ruleId);
      assert.match(res.locations[0].physicalLocation.artifactLocation.uri, /^examples\/broken\//);
    }
  });

  it('exits 1 on more warnings than --max-warnings, 0 within it', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roadmap-cli-'));
    fs.copyFileSync('examples/broken/duration-mismatch.md', path.join(dir, 'a.md'));
    fs.writeFileSync(path.join(dir, 'a.md'), fs.readFileSync(path.join(dir, 'a.md'), 'utf8').replace(/- \*\*(Prerequisites|Next Module\(s\))\*\*: .*/g, '- **$1**: None'));
    const ok = roadmap(['lint', dir, '--format', 'json']);
    const report = JSON.parse(ok.stdout) as JsonReport;
    assert.deepEqual(report.files[0].diagnostics.map((d) => d.code), ['duration-mismatch']);
    assert.equal(ok.code, 0);
    assert.equal(roadmap(['lint', dir, '--max-warnings', '1']).code, 0);
    const over = roadmap(['lint', dir, '--max-warnings', '0']);
    assert.equal(over.code, 1);
    assert.match(over.stdout, /Too many warnings: 1, at most 0 allowed/);
    fs.rmSync(dir, { recursive: true });
  });

  it('exits 2 with a one-line reason on a usage or config error', () => {
    for (const args of [['lint', '--format', 'xml'], ['lint', '--max-warnings', 'many'], ['lint', 'no/such/dir'], ['frobnicate'], ['lint', '--bogus']]) {
      const r = roadmap(args);
      assert.equal(r.code, 2, args.join(' '));
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.match(r.stderr, /^roadmap: /);
    }
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roadmap-cli-'));
    fs.writeFileSync(path.join(dir, 'roadmap.config.json'), '{\n  "rules": { "no-such-rule": "off" }\n}\n');
    const r = roadmap(['lint', dir]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /roadmap\.config\.json:2:14: Unknown rule "no-such-rule"/);
    fs.rmSync(dir, { recursive: true });
  });

  it('exits 2 when the paths hold no roadmap document, and says so, unless --no-error-on-unmatched-pattern', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roadmap-cli-'));
    try {
      fs.writeFileSync(path.join(dir, 'notes.txt'), '# Module Roadmap\n\nA text file, not markdown.\n');
      fs.writeFileSync(path.join(dir, 'plan.txt'), 'Nothing.\n');
      const txt = roadmap(['lint', dir]);
      assert.equal(txt.code, 2, txt.stdout + txt.stderr);
      assert.equal(txt.stdout, '', 'no "No problems" line a CI job could read as green');
      assert.match(txt.stderr, /^roadmap: no roadmap document under .*: no markdown file\. Pass --no-error-on-unmatched-pattern to allow this\.\n$/);

      fs.writeFileSync(path.join(dir, 'README.md'), '# Notes\n\nMOD-101 is mentioned, but this is no roadmap.\n');
      const md = roadmap(['lint', dir, '--format', 'json']);
      assert.equal(md.code, 2);
      assert.match(md.stderr, /: 1 markdown file, none of them a roadmap \(no first H1 names a known kind\)\./);

      const allowed = roadmap(['lint', dir, '--no-error-on-unmatched-pattern']);
      assert.equal(allowed.code, 0, allowed.stderr);
      assert.match(allowed.stdout, /^No problems in 1 file\.$/m);

      // One roadmap among the paths is enough.
      fs.writeFileSync(path.join(dir, 'mod-101.md'), moduleText({ id: 'MOD-101' }));
      const one = roadmap(['lint', dir]);
      assert.equal(one.code, 0, one.stdout + one.stderr);
      assert.match(one.stdout, /^No problems in 2 files\.$/m);
    } finally {
      fs.rmSync(dir, { recursive: true });
    }
  });

  it('has --help for each command', () => {
    for (const args of [['--help'], ['lint', '--help'], ['graph', '--help']]) {
      const r = roadmap(args);
      assert.equal(r.code, 0);
      assert.match(r.stdout, /^Usage: roadmap/);
    }
  });
});

describe('roadmap graph', () => {
  it('prints the graph as JSON with nodes, paths and typed edges', () => {
    const r = roadmap(['graph', 'examples/curriculum']);
    assert.equal(r.code, 0, r.stderr);
    const g = JSON.parse(r.stdout) as { nodes: Array<{ id: string; title: string; kind: string; roles: string[]; path: string; defined: boolean }>; edges: Array<{ from: string; to: string; type: string }> };
    assert.ok(g.nodes.length >= 12);
    const m = g.nodes.find((n) => n.id === 'MOD-203')!;
    assert.deepEqual(m, { id: 'MOD-203', title: 'Lakehouse Pipelines & Incremental Loads', kind: 'module', roles: ['Data Engineer'], path: 'examples/curriculum/data-engineer/mod-203-lakehouse-incremental-pipelines.md', defined: true });
    assert.ok(g.edges.some((e) => e.from === 'MOD-203' && e.to === 'MOD-201' && e.type === 'prerequisite'));
    assert.ok(g.edges.some((e) => e.from === 'MOD-203' && e.to === 'MOD-205' && e.type === 'next'));
    const broken = JSON.parse(roadmap(['graph', 'examples/broken']).stdout) as typeof g;
    assert.deepEqual(broken.nodes.find((n) => n.id === 'MOD-999'), { id: 'MOD-999', title: null, kind: null, roles: [], path: null, defined: false });
  });

  it('prints Mermaid and dot', () => {
    const mermaid = roadmap(['graph', 'examples/curriculum', '--format', 'mermaid']);
    assert.match(mermaid.stdout, /^flowchart LR\n/);
    assert.match(mermaid.stdout, /n_MOD_201 --> n_MOD_203/); // drawn from the prerequisite to what builds on it
    const dot = roadmap(['graph', 'examples/curriculum', '--format', 'dot']);
    assert.match(dot.stdout, /^digraph roadmap \{/);
    assert.match(dot.stdout, /"MOD-201" -> "MOD-203";/);
    assert.match(dot.stdout, /"MOD-203" -> "MOD-205" \[style=dotted\];|"MOD-203" -> "MOD-205";/);
  });
});

/** A workspace with its own schema: a third kind, a renamed section, a rule turned off. */
const CUSTOM: Record<string, string> = {
  'roadmap.config.json': JSON.stringify(
    {
      rules: { 'unknown-section': 'off', 'missing-reciprocal': 'off' },
      proficiencyLevels: ['Novice', 'Competent', 'Expert'],
      kinds: [
        {
          key: 'workshop',
          title: 'Workshop Plan',
          idPattern: 'WS-\\d{2,}',
          sections: ['Workshop Overview', 'Agenda', { name: 'Follow-up', required: false }],
          fields: [
            { label: 'Workshop ID', role: 'id' },
            { label: 'Workshop Title', role: 'title' },
            { label: 'Builds On', role: 'prerequisites', required: false },
          ],
        },
        {
          key: 'module',
          sections: ['Module Overview', 'Goals', 'Competency Alignment'],
          tables: [{ section: 'Competency Alignment', columns: ['Competency', 'Proficiency Target', 'Evidence / Assessment', 'Role Alignment'], role: 'competencies' }],
        },
      ],
    },
    null,
    2,
  ),
  'ws-10.md': '# Workshop Plan\n\n## Workshop Overview\n\n- **Workshop ID**: WS-10\n- **Workshop Title**: Kickoff\n- **Builds On**: MOD-101\n\n## Agenda\n\n- Introductions.\n\n## Extra Notes\n\n- Not in the schema; unknown-section is off.\n',
  'ws-11.md': '# Workshop Plan\n\n## Workshop Overview\n\n- **Workshop ID**: WS-11\n- **Workshop Title**: Follow-up\n- **Builds On**: WS-10, WS-99\n',
  'mod-101.md':
    '# Module Roadmap\n\n## Module Overview\n\n- **Module ID**: MOD-101\n- **Module Title**: Basics\n- **Target Role(s)**: Analyst\n- **Duration**: 4 hours\n- **Prerequisites**: None\n- **Next Module(s)**: WS-10\n\n## Goals\n\n- Learn.\n\n## Competency Alignment\n\n| Competency | Proficiency Target | Evidence / Assessment | Role Alignment |\n|---|---|---|---|\n| basics | Competent | Quiz | Analyst |\n| more | Proficient | Quiz | Analyst |\n',
};

describe('a workspace with its own roadmap.config.json', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roadmap-custom-'));
    for (const [p, t] of Object.entries(CUSTOM)) writeFile(dir, p, t);
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const expected = {
    'mod-101.md': ['unknown-proficiency'], // "Proficient" is not a level of this workspace
    'ws-10.md': [], // its extra section is allowed: unknown-section is off
    'ws-11.md': ['missing-section', 'unknown-reference'], // no Agenda; WS-99 undefined
  };

  it('is checked by its own schema in the CLI', () => {
    const r = roadmap(['lint', dir, '--format', 'json']);
    const report = JSON.parse(r.stdout) as JsonReport;
    const got = Object.fromEntries(report.files.map((f) => [path.basename(f.path), f.diagnostics.map((d) => d.code).sort()]));
    assert.deepEqual(got, expected);
    const missing = report.files.find((f) => f.path.endsWith('ws-11.md'))!.diagnostics.find((d) => d.code === 'missing-section')!;
    assert.match(missing.message, /Missing section "Agenda": a Workshop Plan needs it after "Workshop Overview"/);
  });

  it('gives the client its kinds and levels (roadmap/schema), and says when the config changes them', async () => {
    const client = await TestClient.start(CUSTOM);
    try {
      type Info = { kinds: Array<{ key: string; title: string; idPrefix: string; fields: Array<{ label: string }> }>; proficiencyLevels: string[] };
      const changes: Info[] = [];
      client.connection.onNotification('roadmap/schemaChanged', (p: Info) => void changes.push(p));
      const info = await client.request<Info>('roadmap/schema', {});
      assert.deepEqual(info.kinds.map((k) => k.key).sort(), ['module', 'project', 'workshop']);
      const workshop = info.kinds.find((k) => k.key === 'workshop')!;
      assert.equal(workshop.title, 'Workshop Plan');
      assert.equal(workshop.idPrefix, 'WS-');
      assert.deepEqual(workshop.fields.map((f) => f.label), ['Workshop ID', 'Workshop Title', 'Builds On']);
      assert.deepEqual(info.proficiencyLevels, ['Novice', 'Competent', 'Expert']);
      // The config removed: the default kinds, told without being asked.
      fs.rmSync(path.join(client.root, 'roadmap.config.json'));
      client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri('roadmap.config.json'), type: 3 }] });
      await client.until(() => changes.length > 0, 'a roadmap/schemaChanged notification');
      assert.deepEqual(changes.at(-1)!.kinds.map((k) => k.key).sort(), ['module', 'project']);
      assert.ok(!changes.at(-1)!.proficiencyLevels.includes('Competent'));
    } finally {
      await client.stop();
    }
  });

  it('is checked by the same schema in the language server', async () => {
    const client = await TestClient.start(CUSTOM);
    try {
      for (const [file, codes] of Object.entries(expected)) await client.untilCodes(file, codes);
      // A broken edit of the config shows on the config file, and the defaults apply meanwhile.
      writeFile(client.root, 'roadmap.config.json', '{ "rules": { "missing-section": "loud" } }');
      client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: client.uri('roadmap.config.json'), type: 2 }] });
      await client.until(() => (client.diagnostics.get(client.uri('roadmap.config.json')) ?? []).length === 1, 'the config file shows its problem');
      assert.match(client.diagnostics.get(client.uri('roadmap.config.json'))![0].message as string, /must be one of: error, warning, information, hint, off/);
      await client.untilCodes('ws-10.md', []); // not a roadmap under the default schema
      // Under the default schema: eight sections missing, "Goals" unknown, "Competent" no level; WS-10 is no ID at all.
      await client.untilCodes('mod-101.md', [...Array(8).fill('missing-section'), 'unknown-section', 'unknown-proficiency']);
    } finally {
      await client.stop();
    }
  });
});
