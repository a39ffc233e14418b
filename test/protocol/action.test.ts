/**
 * The GitHub Action (action.yml) as GitHub runs it: its steps in order, each `if:`
 * evaluated with GitHub's own expression library, `${{ }}` in `env:`, `with:` and
 * `working-directory:` filled in, each `run:` script executed by `bash --noprofile
 * --norc -eo pipefail` with the environment a runner gives (GITHUB_OUTPUT,
 * GITHUB_STEP_SUMMARY, GITHUB_ACTION_PATH, ...), on a fixture git repository of two
 * commits. A `uses:` step (the SARIF upload) is not run: what it would be given is
 * recorded and checked.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import { Evaluator, Lexer, Parser, data } from '@actions/expressions';
import type { FunctionDefinition } from '@actions/expressions/funcs/info';
import { truthy } from '@actions/expressions/result';
import type { Heading, Root, Table } from 'mdast';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import YAML from 'yaml';
import { DIFF_BASE, DIFF_HEAD_CHANGED, DIFF_HEAD_REMOVED, SIXTH_FINDING } from '../fixtures/curricula';
import { fixtureRepo, git, removeAll, tempDir, writeFixture } from './repo';

interface Step {
  id?: string;
  name?: string;
  if?: string;
  shell?: string;
  run?: string;
  uses?: string;
  with?: Record<string, string>;
  env?: Record<string, string>;
  'working-directory'?: string;
}

interface Action {
  inputs: Record<string, { default?: string }>;
  outputs: Record<string, { value: string }>;
  runs: { using: string; steps: Step[] };
}

const ACTION_PATH = process.cwd();
const action = YAML.parse(fs.readFileSync(path.join(ACTION_PATH, 'action.yml'), 'utf8')) as Action;

/** One evaluation of a GitHub expression (without the `${{ }}`) against the contexts, with the job's status so far. */
function evaluate(expr: string, contexts: Record<string, unknown>, failed: boolean): data.ExpressionData {
  const status = (name: string, value: () => boolean): FunctionDefinition => ({ name, minArgs: 0, maxArgs: 0, call: () => new data.BooleanData(value()) });
  const functions = [status('success', () => !failed), status('always', () => true), status('failure', () => failed), status('cancelled', () => false)];
  const lexed = new Lexer(expr).lex();
  const parsed = new Parser(lexed.tokens, Object.keys(contexts), functions).parse();
  const ctx = JSON.parse(JSON.stringify(contexts), data.reviver) as data.Dictionary;
  return new Evaluator(parsed, ctx, new Map(functions.map((f) => [f.name.toLowerCase(), f]))).evaluate();
}

/** A value with `${{ }}` in it, as a string. */
function fill(value: string, contexts: Record<string, unknown>, failed: boolean): string {
  return String(value).replace(/\$\{\{(.*?)\}\}/gs, (_, expr: string) => {
    const v = evaluate(expr, contexts, failed);
    return v.kind === data.Kind.Null ? '' : v.coerceString();
  });
}

/** A step's `if:` as GitHub reads it: `${{ }}` optional, and `success() &&` unless it calls a status function. */
function condition(step: Step, contexts: Record<string, unknown>, failed: boolean): boolean {
  let expr = (step.if ?? 'success()').trim();
  const m = /^\$\{\{(.*)\}\}$/s.exec(expr);
  if (m) expr = m[1];
  if (!/\b(success|always|failure|cancelled)\s*\(/.test(expr)) expr = `success() && (${expr})`;
  return truthy(evaluate(expr, contexts, failed));
}

/** The `name=value` and `name<<DELIM` lines a step wrote to GITHUB_OUTPUT. */
function readOutputs(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const heredoc = /^([^=<]+)<<(.+)$/.exec(lines[i]);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2], i + 1);
      out[heredoc[1]] = lines.slice(i + 1, end).join('\n');
      i = end;
    } else if (lines[i].includes('=')) out[lines[i].slice(0, lines[i].indexOf('='))] = lines[i].slice(lines[i].indexOf('=') + 1);
  }
  return out;
}

interface Run {
  /** Each step: ran, skipped, or (for `uses:`) what it would have been given. */
  steps: Array<{ name: string; ran: boolean; code?: number; log?: string; uses?: string; with?: Record<string, string> }>;
  failed: boolean;
  outputs: Record<string, string>;
  summary: string;
  log: string;
}

/** Runs the action's steps in `workspace` as a job with this event would. */
function runAction(workspace: string, github: Record<string, unknown>, inputs: Record<string, string> = {}): Run {
  assert.equal(action.runs.using, 'composite');
  const temp = tempDir('runner');
  const summary = path.join(temp, 'step-summary.md');
  fs.writeFileSync(summary, '');
  const runnerTemp = path.join(temp, 'runner-temp');
  fs.mkdirSync(runnerTemp);
  const withDefaults = Object.fromEntries(Object.entries(action.inputs).map(([k, v]) => [k, inputs[k] ?? v.default ?? '']));
  const steps: Record<string, { outputs: Record<string, string>; outcome: string; conclusion: string }> = {};
  const contexts = () => ({ github: { ...github, action_path: ACTION_PATH, workspace }, inputs: withDefaults, steps, runner: { temp: runnerTemp, os: 'Linux' }, env: {} });
  const run: Run = { steps: [], failed: false, outputs: {}, summary: '', log: '' };
  action.runs.steps.forEach((step, i) => {
    const name = step.name ?? step.id ?? `step ${i + 1}`;
    if (!condition(step, contexts(), run.failed)) {
      run.steps.push({ name, ran: false });
      if (step.id) steps[step.id] = { outputs: {}, outcome: 'skipped', conclusion: 'skipped' };
      return;
    }
    if (step.uses) {
      const given = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, fill(v, contexts(), run.failed)]));
      run.steps.push({ name, ran: false, uses: step.uses, with: given });
      return;
    }
    assert.equal(step.shell, 'bash', `${name}: a composite run step names its shell`);
    assert.ok(!step.run!.includes('${{'), `${name}: no expression inside the script (values come in through env:, not pasted into code)`);
    const output = path.join(temp, `output-${i}`);
    fs.writeFileSync(output, '');
    const script = path.join(temp, `step-${i}.sh`);
    fs.writeFileSync(script, step.run!);
    const env: Record<string, string> = {
      PATH: process.env.PATH!,
      HOME: process.env.HOME ?? temp,
      CI: 'true',
      GITHUB_ACTIONS: 'true',
      GITHUB_ACTION_PATH: ACTION_PATH,
      GITHUB_WORKSPACE: workspace,
      GITHUB_EVENT_NAME: String(github.event_name),
      GITHUB_OUTPUT: output,
      GITHUB_STEP_SUMMARY: summary,
      RUNNER_TEMP: runnerTemp,
      ...Object.fromEntries(Object.entries(step.env ?? {}).map(([k, v]) => [k, fill(v, contexts(), run.failed)])),
    };
    const cwd = path.resolve(workspace, fill(step['working-directory'] ?? '.', contexts(), run.failed));
    const r = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', script], { cwd, env, encoding: 'utf8' });
    const log = r.stdout + r.stderr;
    run.log += log;
    run.steps.push({ name, ran: true, code: r.status ?? -1, log });
    const failed = r.status !== 0;
    if (step.id) steps[step.id] = { outputs: readOutputs(output), outcome: failed ? 'failure' : 'success', conclusion: failed ? 'failure' : 'success' };
    if (failed) run.failed = true;
  });
  run.outputs = Object.fromEntries(Object.entries(action.outputs).map(([k, v]) => [k, fill(v.value, contexts(), run.failed)]));
  run.summary = fs.readFileSync(summary, 'utf8');
  return run;
}

const textOf = (node: unknown): string => {
  const n = node as { value?: string; children?: unknown[] };
  return n.value ?? (n.children ?? []).map(textOf).join('');
};

after(removeAll);

describe('the GitHub Action', () => {
  const repo = () =>
    fixtureRepo('action', [
      { message: 'A curriculum of two tracks', files: DIFF_BASE },
      { message: 'MOD-202 needs SQL; MOD-103 longer; MOD-203 dropped', files: DIFF_HEAD_CHANGED, remove: DIFF_HEAD_REMOVED },
    ]);

  it('on a pull request: lints, hands SARIF to code scanning, and writes the diff against the base to the job summary', () => {
    const root = repo();
    const base = git(root, 'rev-parse', 'HEAD~1').trim();
    const run = runAction(root, { event_name: 'pull_request', event: { pull_request: { base: { sha: base } } }, base_ref: 'main' });
    assert.equal(run.failed, false, run.log);
    assert.deepEqual(
      run.steps.map((s) => [s.name, s.ran || !!s.uses]),
      [
        ['Set up roadmap', true],
        ['roadmap lint', true],
        ['Upload to code scanning', true],
        ["roadmap diff against the pull request's base", true],
        ['Fail on the findings', false],
      ],
    );
    assert.equal(run.outputs['exit-code'], '0');
    const upload = run.steps[2];
    assert.equal(upload.uses, 'github/codeql-action/upload-sarif@v3');
    assert.equal(upload.with!.sarif_file, run.outputs['sarif-file']);
    const sarif = JSON.parse(fs.readFileSync(upload.with!.sarif_file, 'utf8'));
    assert.equal(sarif.version, '2.1.0');
    assert.deepEqual(sarif.runs[0].results, []);
    assert.match(run.log, /^No problems in 6 files\.$/m);
    // The summary: the diff of the pull request, in markdown GitHub renders.
    assert.equal(run.summary, fs.readFileSync(run.outputs['diff-file'], 'utf8'));
    const tree = unified().use(remarkParse).use(remarkGfm).parse(run.summary) as Root;
    const title = tree.children.find((n): n is Heading => n.type === 'heading')!;
    assert.match(textOf(title), new RegExp(`^Curriculum diff: ${base} \\(${base.slice(0, 10)}\\) → HEAD \\([0-9a-f]{10}\\)$`));
    const tables = tree.children.filter((n): n is Table => n.type === 'table').map((t) => t.children.map((r) => r.children.map(textOf)));
    assert.deepEqual(tables[0].slice(1).map((r) => [r[0], r[1]]), [['removed', 'MOD-203'], ['changed', 'MOD-103'], ['changed', 'MOD-202']]);
    assert.deepEqual(tables[1].slice(1), [['added', 'MOD-202', 'MOD-102', 'prerequisite'], ['removed', 'MOD-203', 'MOD-202', 'prerequisite']]);
  });

  it('fetches the base when the checkout is shallow', () => {
    const origin = repo();
    const base = git(origin, 'rev-parse', 'HEAD~1').trim();
    const clone = tempDir('action-clone');
    git(clone, 'clone', '-q', '--depth=1', `file://${origin}`, '.');
    assert.equal(spawnSync('git', ['cat-file', '-e', `${base}^{commit}`], { cwd: clone }).status === 0, false, 'the clone lacks the base');
    const run = runAction(clone, { event_name: 'pull_request', event: { pull_request: { base: { sha: base } } } });
    assert.equal(run.failed, false, run.log);
    assert.match(run.summary, /MOD-203/);
  });

  it('on a push with an error: annotates it, uploads it, writes no diff, and fails the job', () => {
    const root = repo();
    writeFixture(root, SIXTH_FINDING);
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'MOD-504');
    const run = runAction(root, { event_name: 'push' });
    assert.equal(run.failed, true);
    assert.deepEqual(
      run.steps.map((s) => [s.name, s.ran || !!s.uses, s.code]),
      [
        ['Set up roadmap', true, 0],
        ['roadmap lint', true, 0],
        ['Upload to code scanning', true, undefined],
        ["roadmap diff against the pull request's base", false, undefined],
        ['Fail on the findings', true, 1],
      ],
    );
    assert.equal(run.outputs['exit-code'], '1');
    assert.equal(run.summary, '');
    const sarif = JSON.parse(fs.readFileSync(run.outputs['sarif-file'], 'utf8'));
    assert.deepEqual(sarif.runs[0].results.map((r: { ruleId: string }) => r.ruleId), ['self-reference']);
    // The problem matcher the lint step adds turns the error line into an annotation.
    const matcherPath = /^::add-matcher::(.+)$/m.exec(run.log)![1];
    const pattern = JSON.parse(fs.readFileSync(matcherPath, 'utf8')).problemMatcher[0].pattern[0];
    const line = run.log.split('\n').find((l) => l.includes('[self-reference]'))!;
    const m = new RegExp(pattern.regexp).exec(line)!;
    assert.deepEqual([m[pattern.file], m[pattern.line], m[pattern.severity], m[pattern.code]], ['mod-504.md', '11', 'error', 'self-reference']);
  });

  it('takes a baseline: the old findings pass', () => {
    const root = repo();
    writeFixture(root, SIXTH_FINDING);
    const w = spawnSync(process.execPath, [path.join(ACTION_PATH, 'dist/cli.js'), 'lint', '.', '--write-baseline', 'roadmap-baseline.json'], { cwd: root, encoding: 'utf8' });
    assert.equal(w.status, 0, w.stderr);
    git(root, 'add', '-A');
    git(root, 'commit', '-q', '-m', 'MOD-504, and a baseline');
    const run = runAction(root, { event_name: 'push' }, { baseline: 'roadmap-baseline.json', sarif: 'false' });
    assert.equal(run.failed, false, run.log);
    assert.equal(run.outputs['exit-code'], '0');
    assert.equal(run.steps[2].uses, undefined, 'no upload with sarif: false');
  });
});
