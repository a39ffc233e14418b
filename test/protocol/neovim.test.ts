/**
 * A real third-party client: Neovim (Debian's package, 0.7 or later) headless, with the
 * README's snippet as its whole configuration, on a copy of examples/curriculum; a Lua
 * script (neovim/check.lua) opens buffers and uses the built-in LSP client. Skipped, with
 * one line saying so, where `nvim` is not installed.
 */
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';

const version = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
const nvim = version.status === 0 ? version.stdout.split('\n')[0] : undefined;
const skip = nvim ? false : 'nvim is not installed (Debian: apt-get install neovim)';
if (skip) console.log(`neovim.test: skipped: ${skip}`);

/** The README's Neovim snippet: the first lua block under "### Neovim". */
export function readmeSnippet(): string {
  const readme = fs.readFileSync('README.md', 'utf8');
  const section = readme.slice(readme.indexOf('\n### Neovim\n'));
  const m = /```lua\n([\s\S]*?)```/.exec(section);
  assert.ok(m && section.startsWith('\n### Neovim'), 'README.md has a lua block under ### Neovim');
  return m[1];
}

describe(`Neovim's built-in LSP client (${nvim ?? 'not installed'})`, { skip }, () => {
  it('shows diagnostics, completes, goes to a definition and renames across the curriculum', async () => {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'roadmap-nvim-'));
    try {
      const root = path.join(tmp, 'curriculum');
      fs.cpSync('examples/curriculum', root, { recursive: true });
      // One defect on disk: a prerequisite no document defines.
      const broken = path.join(root, 'data-engineer/mod-204-streaming-fundamentals.md');
      fs.writeFileSync(broken, fs.readFileSync(broken, 'utf8').replace('- **Prerequisites**: MOD-201', '- **Prerequisites**: MOD-998'));
      fs.writeFileSync(path.join(tmp, 'init.lua'), readmeSnippet());
      const out = path.join(tmp, 'out.json');
      const child = spawn('nvim', ['--headless', '--clean', '-u', path.join(tmp, 'init.lua'), '-c', `luafile ${path.resolve('test/protocol/neovim/check.lua')}`], {
        cwd: tmp,
        stdio: ['ignore', 'pipe', 'pipe'],
        env: {
          ...process.env,
          ROADMAP_AUTHOR_SERVER: path.resolve('dist/server.js'),
          ROADMAP_TEST_ROOT: root,
          ROADMAP_TEST_OUT: out,
          // Neovim's own state (the LSP log, shada) stays in the temporary folder.
          XDG_CONFIG_HOME: path.join(tmp, 'config'),
          XDG_DATA_HOME: path.join(tmp, 'data'),
          XDG_STATE_HOME: path.join(tmp, 'state'),
          XDG_CACHE_HOME: path.join(tmp, 'cache'),
        },
      });
      const output: string[] = [];
      child.stdout.on('data', (d) => output.push(String(d)));
      child.stderr.on('data', (d) => output.push(String(d)));
      // The script bounds each of its waits itself; this only keeps a hung editor from hanging the suite.
      const killer = setTimeout(() => child.kill('SIGKILL'), 120_000);
      const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
      clearTimeout(killer);
      assert.ok(fs.existsSync(out), `nvim wrote its results (exit ${code}): ${output.join('').slice(-2000)}`);
      const seen = JSON.parse(fs.readFileSync(out, 'utf8')) as {
        steps: string[];
        error?: string;
        broken_codes?: string[];
        fixed_codes?: string[];
        completion?: string[];
        definition?: string;
        renamed_files?: string[];
        dependent_prerequisites?: string;
        own_id?: string;
      };
      assert.equal(seen.error, undefined, `the script failed after ${seen.steps.join(', ')}: ${seen.error}`);
      assert.deepEqual(seen.broken_codes, ['unknown-reference']);
      assert.deepEqual(seen.fixed_codes, []);
      assert.ok(seen.completion!.includes('MOD-101'), `completion offers module IDs (${seen.completion!.slice(0, 10).join(', ')})`);
      assert.equal(seen.definition, `file://${path.join(root, 'junior-data-engineer/mod-102-python-for-data-pipelines.md')}`);
      assert.equal(seen.own_id, '- **Module ID**: MOD-299');
      assert.equal(seen.dependent_prerequisites, '- **Prerequisites**: MOD-104, MOD-299, MOD-202');
      assert.ok(seen.renamed_files!.length >= 4, `the rename reaches every document mentioning MOD-201 (${seen.renamed_files!.length})`);
    } finally {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });
});
