/**
 * What the .vsix carries (`vsce package` ships the files .vscodeignore lets through):
 * every script the extension loads at run time, on the desktop and in the browser, and
 * the manifest's entries. A file left out works in a checkout and breaks only once
 * installed (the graph's layout worker, dist/graphLayout.js, was left out once).
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';

/** The files .vscodeignore lets through (its `!` lines; `dir/**` as `dir`). */
function shipped(): Set<string> {
  return new Set(
    fs
      .readFileSync('.vscodeignore', 'utf8')
      .split(/\r?\n/)
      .filter((l) => l.startsWith('!'))
      .map((l) => l.slice(1).replace(/\/\*\*$/, '')),
  );
}

/** Every `dist/…` file the extension's code names: `'dist/x.js'`, or `joinPath(…, 'dist', 'x.js')`. */
function loadedByTheExtension(): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (p.endsWith('.ts')) {
        const text = fs.readFileSync(p, 'utf8');
        for (const m of text.matchAll(/'(dist\/[\w./-]+\.js)'/g)) out.set(m[1], p);
        for (const m of text.matchAll(/'dist',\s*'([\w.-]+\.js)'/g)) out.set(`dist/${m[1]}`, p);
      }
    }
  };
  walk(path.join('client', 'src'));
  return out;
}

describe('the packaged extension', () => {
  it('ships every script the extension loads at run time', () => {
    const files = shipped();
    const loaded = loadedByTheExtension();
    assert.ok(loaded.size >= 5, `found the extension's run-time scripts: ${[...loaded.keys()].join(', ')}`);
    for (const name of ['dist/graphView.js', 'dist/graphLayout.js', 'dist/graphQuickLayout.js', 'dist/overviewView.js', 'dist/server.js', 'dist/web/server.js']) {
      assert.ok(loaded.has(name), `${name} is named by the extension's code`);
    }
    const missing = [...loaded].filter(([f]) => !files.has(f)).map(([f, by]) => `${f} (loaded by ${by})`);
    assert.deepEqual(missing, [], '.vscodeignore lets every one through');
  });

  it("ships the manifest's entries, the config schema it names, its grammar and snippets", () => {
    const files = shipped();
    const manifest = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { main: string; browser: string; contributes: { jsonValidation?: Array<{ url: string }> } };
    for (const entry of [manifest.main, manifest.browser]) assert.ok(files.has(entry.replace(/^\.\//, '')), `${entry} is shipped`);
    const schemas = (manifest.contributes.jsonValidation ?? []).map((v) => v.url).filter((u) => !/^https?:/.test(u));
    assert.deepEqual(schemas, ['./dist/config.schema.json'], 'the manifest names the config schema in the package');
    for (const u of schemas) assert.ok(files.has(u.replace(/^\.\//, '')), `${u} is shipped`);
    for (const dir of ['snippets', 'syntaxes']) assert.ok(files.has(dir), `${dir}/ is shipped`);
  });
});
