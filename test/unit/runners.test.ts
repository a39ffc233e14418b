/**
 * The runners' choice of Debian packages (test/runners/lib.mjs, issue 14 item 6): `npm
 * start` needs no browser, so a fresh machine installs only what building code-server
 * needs and goes on; every message names the packages it is about. Tested as a pure
 * decision over probes, without a fresh machine.
 */
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { before, describe, it } from 'node:test';

interface Step {
  pkg: string;
  why: string;
  ok(): boolean;
}
interface Plan {
  install: Step[];
  error?: string;
}
interface Lib {
  aptPlan(o: {
    browser: boolean;
    forBuild: boolean;
    chromium: string;
    chromiumFromEnv?: boolean;
    exists(p: string): boolean;
    dpkgHas(p: string): boolean;
    has(cmd: string): boolean;
    isRoot: boolean;
  }): Plan;
  afterInstall(plan: Plan, logFile: string): string | undefined;
}

/** A machine: what is installed; `apt` installs packages into it as apt-get would. */
function machine(installed: string[], { root = true, aptGet = true } = {}) {
  const have = new Set(installed);
  const provides: Record<string, string[]> = { chromium: ['/usr/bin/chromium'], 'build-essential': ['make', 'g++'], python3: ['python3'], 'libkrb5-dev': ['libkrb5-dev'] };
  const probes = {
    chromium: '/usr/bin/chromium',
    exists: (p: string) => have.has(p),
    dpkgHas: (p: string) => have.has(p),
    has: (cmd: string) => (cmd === 'apt-get' ? aptGet : have.has(cmd)),
    isRoot: root,
  };
  return { probes, apt: (pkgs: string[]) => pkgs.forEach((p) => (provides[p] ?? []).forEach((x) => have.add(x))) };
}

describe('the runners’ Debian packages', () => {
  let lib: Lib;
  before(async () => {
    // Loaded as the runners load it (an ES module of its own, not bundled with the tests).
    lib = (await import(pathToFileURL(path.resolve('test/runners/lib.mjs')).href)) as Lib;
  });

  it('npm start on a fresh machine: no chromium, the build packages, and the first run goes on after apt-get', () => {
    const m = machine([]);
    const plan = lib.aptPlan({ browser: false, forBuild: true, ...m.probes });
    assert.equal(plan.error, undefined);
    assert.deepEqual(plan.install.map((i) => i.pkg), ['libkrb5-dev', 'build-essential', 'python3']);
    m.apt(plan.install.map((i) => i.pkg));
    assert.equal(lib.afterInstall(plan, 'apt.log'), undefined, 'no complaint about a browser nobody asked for');
  });

  it('npm start with code-server cached needs nothing, and a machine with a compiler only libkrb5-dev', () => {
    assert.deepEqual(lib.aptPlan({ browser: false, forBuild: false, ...machine([]).probes }).install, []);
    const plan = lib.aptPlan({ browser: false, forBuild: true, ...machine(['make', 'g++', 'python3']).probes });
    assert.deepEqual(plan.install.map((i) => i.pkg), ['libkrb5-dev']);
  });

  it('the editor tests and screenshots ask for chromium, and only when it is missing', () => {
    assert.deepEqual(lib.aptPlan({ browser: true, forBuild: false, ...machine([]).probes }).install.map((i) => i.pkg), ['chromium']);
    assert.deepEqual(lib.aptPlan({ browser: true, forBuild: false, ...machine(['/usr/bin/chromium']).probes }).install, []);
    assert.match(lib.aptPlan({ browser: true, forBuild: false, chromiumFromEnv: true, ...machine([]).probes }).error!, /^CHROMIUM_PATH=\/usr\/bin\/chromium does not exist$/);
  });

  it('names the package that is still not usable after apt-get, and only that one', () => {
    const m = machine([]);
    const plan = lib.aptPlan({ browser: false, forBuild: true, ...m.probes });
    m.apt(['build-essential', 'python3']); // libkrb5-dev did not install
    const problem = lib.afterInstall(plan, '.vscode-ci/apt.log')!;
    assert.match(problem, /^apt-get installed libkrb5-dev build-essential python3, but libkrb5-dev \(gssapi\.h, for code-server's kerberos module\) is still not usable; see \.vscode-ci\/apt\.log$/);
    assert.doesNotMatch(problem, /chromium/);
  });

  it('says what to run when it cannot install: not root, or no apt-get', () => {
    const notRoot = lib.aptPlan({ browser: false, forBuild: true, ...machine(['make', 'g++', 'python3'], { root: false }).probes });
    assert.match(notRoot.error!, /^missing Debian packages \(libkrb5-dev: gssapi\.h, .*\)\. Install them as root: sudo apt-get install -y libkrb5-dev$/);
    const noApt = lib.aptPlan({ browser: true, forBuild: false, ...machine([], { aptGet: false }).probes });
    assert.match(noApt.error!, /^missing Debian packages \(chromium: .*\) and no apt-get to install them$/);
  });
});
