/**
 * Helpers for the in-editor suite: where the scratch workspace is, activating
 * the extension, waiting for a condition (the server indexes and publishes
 * asynchronously), reading diagnostics, and putting editors back as they were.
 *
 * The runners open a scratch copy of examples/ as the workspace folder:
 *   <folder>/curriculum/...   examples/curriculum
 *   <folder>/broken/...       examples/broken
 * so tests may edit and create files freely.
 */
import * as assert from 'assert';
import * as vscode from 'vscode';

export const EXTENSION_ID = 'roadmap-author.roadmap-author';

/** The scratch workspace folder. */
export function root(): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  assert.ok(folder, 'the suite needs a workspace folder (the runner opens a scratch copy of examples/)');
  return folder.uri;
}

/** A file of the scratch workspace, by its path relative to the folder. */
export function file(rel: string): vscode.Uri {
  return vscode.Uri.joinPath(root(), ...rel.split('/'));
}

/** The path of a URI relative to the workspace folder (for messages). */
export function rel(uri: vscode.Uri): string {
  const base = root().path.replace(/\/$/, '') + '/';
  return uri.path.startsWith(base) ? uri.path.slice(base.length) : uri.toString();
}

export async function readText(uri: vscode.Uri): Promise<string> {
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

/** Every markdown file under a folder of the workspace, recursively. */
export async function markdownFiles(dir: string): Promise<vscode.Uri[]> {
  const out: vscode.Uri[] = [];
  const walk = async (uri: vscode.Uri): Promise<void> => {
    for (const [name, type] of await vscode.workspace.fs.readDirectory(uri)) {
      const child = vscode.Uri.joinPath(uri, name);
      if (type === vscode.FileType.Directory) await walk(child);
      else if (name.endsWith('.md')) out.push(child);
    }
  };
  await walk(file(dir));
  return out.sort((a, b) => a.path.localeCompare(b.path));
}

/** True when the text is a roadmap document (its first H1 is a known kind). */
export function isRoadmap(text: string): boolean {
  return /^# (Module Roadmap|Project Plan)\s*$/m.test(text.split('\n').find((l) => l.startsWith('# ')) ?? '');
}

/** The IDs every roadmap under curriculum/ defines. */
export async function curriculumIds(): Promise<string[]> {
  const out: string[] = [];
  for (const u of await markdownFiles('curriculum')) {
    const text = await readText(u);
    const m = isRoadmap(text) && /\*\*(?:Module|Project) ID\*\*:\s*((?:MOD|PROJ)-\d+)/.exec(text);
    if (m) out.push(m[1]);
  }
  return out.sort();
}

let activated: Promise<vscode.Extension<unknown>> | undefined;

/** Activates the extension under test (once) and returns it. */
export function activate(): Promise<vscode.Extension<unknown>> {
  activated ??= (async () => {
    const ext = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(ext, `extension ${EXTENSION_ID} is not loaded (is extensionDevelopmentPath the repository root?)`);
    await ext.activate();
    return ext;
  })();
  return activated;
}

export interface WaitOptions {
  timeout?: number;
  interval?: number;
}

/**
 * Polls `probe` until it returns something other than undefined/false (and does
 * not throw), and returns that. On timeout, fails with `what` and the last value
 * or error seen, so a failure says what was being waited for and what was there.
 */
export async function waitFor<T>(
  what: string,
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  { timeout = 30_000, interval = 100 }: WaitOptions = {},
): Promise<T> {
  const deadline = Date.now() + timeout;
  let last: unknown = undefined;
  for (;;) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v;
      last = v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) {
      const detail = last instanceof Error ? last.message : JSON.stringify(last);
      throw new Error(`timed out after ${timeout} ms waiting for ${what}${detail === undefined ? '' : `; last: ${detail}`}`);
    }
    await new Promise((r) => setTimeout(r, interval));
  }
}

/** Like waitFor, for a probe that asserts: retries until it stops throwing. */
export async function eventually(what: string, check: () => void | Promise<void>, opts?: WaitOptions): Promise<void> {
  await waitFor(
    what,
    async () => {
      await check();
      return true;
    },
    opts,
  );
}

/** The diagnostic's code as a string (VS Code puts it in `code.value` when it has a link). */
export function codeOf(d: vscode.Diagnostic): string | undefined {
  const c = d.code;
  if (c === undefined) return undefined;
  return typeof c === 'object' ? String(c.value) : String(c);
}

/** This extension's diagnostics for a file (other providers, e.g. markdown link validation, are left out). */
export function roadmapDiagnostics(uri: vscode.Uri): vscode.Diagnostic[] {
  return vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'roadmap');
}

/** `code@line` for each of this extension's diagnostics on a file, sorted. */
export function codes(uri: vscode.Uri): string[] {
  return roadmapDiagnostics(uri)
    .map((d) => `${codeOf(d)}@${d.range.start.line}`)
    .sort();
}

/** Waits until the set of this extension's codes on a file (without lines) is exactly `expected`. */
export async function untilCodes(uri: vscode.Uri, expected: string[], opts?: WaitOptions): Promise<vscode.Diagnostic[]> {
  const want = JSON.stringify([...expected].sort());
  let seen: string[] = [];
  try {
    return await waitFor(
      `${rel(uri)} to have exactly the diagnostics [${expected.join(', ')}]`,
      () => {
        const ds = roadmapDiagnostics(uri);
        seen = ds.map((d) => `${codeOf(d)}@${d.range.start.line}: ${d.message}`);
        return JSON.stringify(ds.map((d) => codeOf(d)).sort()) === want ? ds : undefined;
      },
      opts,
    );
  } catch (e) {
    throw new Error(`${(e as Error).message}\n      it has: ${seen.length ? seen.join('\n              ') : '(none)'}`);
  }
}

/** Waits until a file shows no diagnostic with this code (others may come and go: e.g. a reciprocal-link hint after an edit). */
export async function untilNoCode(uri: vscode.Uri, code: string, opts?: WaitOptions): Promise<void> {
  await waitFor(
    `${rel(uri)} to lose its ${code} diagnostic`,
    () => {
      const left = roadmapDiagnostics(uri).filter((d) => codeOf(d) === code);
      if (left.length) throw new Error(left.map((d) => `${code}@${d.range.start.line}: ${d.message}`).join('; '));
      return true;
    },
    opts,
  );
}

/** Opens a document in an editor and waits until the language server has seen it (first diagnostics pass done). */
export async function open(uri: vscode.Uri): Promise<vscode.TextEditor> {
  const doc = await vscode.workspace.openTextDocument(uri);
  return vscode.window.showTextDocument(doc, { preview: false });
}

/** The position of the n-th (0-based) occurrence of `needle` in a document, plus `offset` characters. */
export function positionOf(doc: vscode.TextDocument, needle: string, offset = 0, nth = 0): vscode.Position {
  const text = doc.getText();
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `${rel(doc.uri)} contains ${JSON.stringify(needle)}${nth ? ` ${nth + 1} times` : ''}`);
  }
  return doc.positionAt(at + offset);
}

/** The zero-based line of the first line of a text matching `re`. */
export function lineOf(text: string, re: RegExp): number {
  const i = text.split(/\r?\n/).findIndex((l) => re.test(l));
  assert.ok(i >= 0, `a line matches ${re}`);
  return i;
}

/** Reverts every dirty document and closes every editor, so the next test starts from the files on disk. */
export async function resetEditors(): Promise<void> {
  for (const doc of vscode.workspace.textDocuments) {
    if (!doc.isDirty || doc.isClosed) continue;
    await vscode.window.showTextDocument(doc, { preview: false });
    await vscode.commands.executeCommand('workbench.action.files.revert');
  }
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await waitFor('every document to be reverted', () => vscode.workspace.textDocuments.every((d) => !d.isDirty || d.isClosed), {
    timeout: 10_000,
  });
}

/** The text a location points at. */
export async function textAt(loc: vscode.Location): Promise<string> {
  const doc = await vscode.workspace.openTextDocument(loc.uri);
  return doc.getText(loc.range);
}

/** Location or LocationLink to Location. */
export function toLocation(l: vscode.Location | vscode.LocationLink): vscode.Location {
  return 'targetUri' in l ? new vscode.Location(l.targetUri, l.targetSelectionRange ?? l.targetRange) : l;
}

/** Flattens hover contents to one string. */
export function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : 'value' in c ? c.value : String(c)))
    .join('\n---\n');
}

/** A completion item's label text. */
export function labelOf(item: vscode.CompletionItem): string {
  return typeof item.label === 'string' ? item.label : item.label.label;
}

/** Everything a completion item says besides its label (where a title may be shown). */
export function detailsOf(item: vscode.CompletionItem): string {
  const parts: string[] = [];
  if (typeof item.label !== 'string') parts.push(item.label.description ?? '', item.label.detail ?? '');
  parts.push(item.detail ?? '');
  const doc = item.documentation;
  if (doc) parts.push(typeof doc === 'string' ? doc : doc.value);
  return parts.filter(Boolean).join(' | ');
}
