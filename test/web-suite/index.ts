/**
 * The web suite's entry point: VS Code loads this module from `extensionTestsPath`
 * (out/web-suite/index.js, one browser bundle) inside the **web worker extension
 * host** (no Node) and calls `run()`. Run by test/runners/web.mjs (`npm run test:web`)
 * with the extension installed from its `browser` entry only.
 *
 * It runs web.test.ts (the web host itself: no process, the workspace read through
 * workspace.fs, cross-file diagnostics, the graph) and the in-editor suite's files that
 * need no local process: language.test.ts (completion, hover, definition, references,
 * rename, symbols) and diagnostics.test.ts (every rule on examples/broken,
 * roadmap.config.json). Mocha is its browser build, bundled in.
 */
import 'mocha/mocha.js';

declare const mocha: {
  setup(options: { ui: string; reporter?: string; timeout?: number; slow?: number; color?: boolean }): void;
  grep(re: RegExp): void;
  run(done: (failures: number) => void): void;
};

export function run(): Promise<void> {
  return new Promise((resolve, reject) => {
    // reporter undefined: mocha's spec reporter, written with console.log (the runner reads it).
    mocha.setup({ ui: 'tdd', reporter: undefined, timeout: 60_000, slow: 5_000, color: false });
    console.log('roadmap suite: web.test, language.test, diagnostics.test (web worker extension host)');
    // After setup: the files call suite() and test() as they load.
    require('./web.test');
    require('../suite/language.test');
    require('../suite/diagnostics.test');
    try {
      mocha.run((failures) => (failures > 0 ? reject(new Error(`${failures} test(s) failed`)) : resolve()));
    } catch (e) {
      reject(e);
    }
  });
}
