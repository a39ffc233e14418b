/**
 * The in-editor suite's entry point: VS Code loads this module from
 * `extensionTestsPath` (out/suite/index.js) inside the extension host and calls
 * `run()`. It runs the bundled test files beside it with mocha (TDD UI).
 *
 * Which files run (environment of the extension host, set by the runners):
 *   ROADMAP_SUITE unset   every out/suite/*.test.js (`all` says the same)
 *   ROADMAP_SUITE=a,b     only a.test.js and b.test.js (e.g. `editor`)
 *   ROADMAP_SUITE_GREP    a mocha grep over test titles
 */
import * as fs from 'fs';
import Mocha from 'mocha';
import * as path from 'path';

export function run(): Promise<void> {
  const mocha = new Mocha({
    ui: 'tdd',
    color: false,
    reporter: 'spec',
    timeout: 60_000,
    slow: 5_000,
  });
  const grep = process.env.ROADMAP_SUITE_GREP;
  if (grep) mocha.grep(grep);

  const all = fs
    .readdirSync(__dirname)
    .filter((f) => f.endsWith('.test.js'))
    .map((f) => f.slice(0, -'.test.js'.length))
    .sort();
  const wanted = (process.env.ROADMAP_SUITE ?? '').trim();
  let names: string[];
  if (!wanted || wanted === 'all') names = all;
  else {
    names = wanted.split(',').map((s) => s.trim().replace(/\.test\.(ts|js)$/, ''));
    const unknown = names.filter((n) => !all.includes(n));
    if (unknown.length) return Promise.reject(new Error(`ROADMAP_SUITE names unknown test files: ${unknown.join(', ')} (have ${all.join(', ')})`));
  }
  if (names.length === 0) return Promise.reject(new Error(`no test files in ${__dirname}`));
  // Alphabetical; each file restores what it edits.
  names.sort((a, b) => a.localeCompare(b));
  for (const n of names) mocha.addFile(path.join(__dirname, `${n}.test.js`));
  console.log(`roadmap suite: ${names.map((n) => `${n}.test`).join(', ')}`);

  return new Promise((resolve, reject) => {
    try {
      mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} test(s) failed`)) : resolve()));
    } catch (e) {
      reject(e);
    }
  });
}
