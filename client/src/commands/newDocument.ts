/**
 * "Roadmap: New Module Roadmap" and "Roadmap: New Project Plan": ask for the role
 * (the workspace's roles offered) and the title, propose the next free ID, and
 * create the file from the full template where the workspace keeps documents of
 * that kind and role, through a workspace edit (so Undo removes it), then open it.
 *
 * Tests and other extensions may pass every answer instead of being asked:
 *   executeCommand('roadmap.newModule', { role, title, id?, folder? })
 * and a folder's context menu in the Explorer passes that folder.
 */
import * as vscode from 'vscode';
import { rolesOf } from '../graph/graphModel';
import type { GraphStore } from '../graph/store';
import { checkNewId, competencyFor, documentTemplate, fileNameFor, firstPlaceholder, folderFor, nextFreeId, type KindSchema, type TemplateInput } from '../../../server/src/core/api';

export interface NewDocumentArgs {
  role?: string;
  title?: string;
  id?: string;
  /** A folder URI (string or Uri); default: where the workspace keeps such documents. */
  folder?: string | vscode.Uri;
}

function isArgs(v: unknown): v is NewDocumentArgs {
  return typeof v === 'object' && v !== null && !(v instanceof vscode.Uri) && !Array.isArray(v);
}

const str = (v: unknown) => (typeof v === 'string' && v.trim() ? v.trim() : undefined);

async function pickRole(roles: string[], preferred: string | undefined, noun: string): Promise<string | undefined> {
  const NEW = '$(add) New role…';
  const ordered = preferred && roles.includes(preferred) ? [preferred, ...roles.filter((r) => r !== preferred)] : roles;
  if (ordered.length) {
    const pick = await vscode.window.showQuickPick([...ordered.map((r) => ({ label: r })), { label: NEW, alwaysShow: true }], {
      title: `New ${noun}: target role`,
      placeHolder: 'The role this document is written for',
      ignoreFocusOut: true,
    });
    if (!pick) return undefined;
    if (pick.label !== NEW) return pick.label;
  }
  return str(
    await vscode.window.showInputBox({
      title: `New ${noun}: target role`,
      prompt: 'The role this document is written for, e.g. Data Engineer',
      ignoreFocusOut: true,
      validateInput: (v) => (v.trim() ? undefined : 'A role is required.'),
    }),
  );
}

async function freeUri(folder: vscode.Uri, name: string): Promise<vscode.Uri> {
  const dot = name.lastIndexOf('.');
  for (let i = 1; ; i++) {
    const candidate = vscode.Uri.joinPath(folder, i === 1 ? name : `${name.slice(0, dot)}-${i}${name.slice(dot)}`);
    try {
      await vscode.workspace.fs.stat(candidate);
    } catch {
      return candidate;
    }
  }
}

function workspaceRoot(active: vscode.Uri | undefined): vscode.Uri | undefined {
  const folder = (active && vscode.workspace.getWorkspaceFolder(active)) ?? vscode.workspace.workspaceFolders?.[0];
  return folder?.uri;
}

/** Asks which kind of document to create, when the configuration has more than one. */
export async function pickKind(kinds: readonly KindSchema[]): Promise<string | undefined> {
  if (kinds.length === 1) return kinds[0].key;
  const picked = await vscode.window.showQuickPick(
    kinds.map((k) => ({ label: k.title, description: `${k.idPrefix}…`, key: k.key })),
    { title: 'New roadmap document', placeHolder: 'Which kind of document?', ignoreFocusOut: true },
  );
  return picked?.key;
}

/** Creates the document; returns its URI, or undefined when the user cancelled or it failed. */
export async function newDocument(
  schema: { readonly kinds: readonly KindSchema[]; readonly proficiencyLevels: readonly string[] },
  kindKey: string,
  store: GraphStore,
  arg?: unknown,
  activeUri?: vscode.Uri,
): Promise<vscode.Uri | undefined> {
  const kind = schema.kinds.find((k) => k.key === kindKey);
  if (!kind) {
    const known = schema.kinds.map((k) => `"${k.title}"`).join(', ');
    void vscode.window.showErrorMessage(`The workspace's roadmap configuration has no "${kindKey}" kind of document (it has ${known}).`);
    return undefined;
  }
  const given: NewDocumentArgs = isArgs(arg) ? arg : arg instanceof vscode.Uri ? { folder: arg } : {};
  const graph = await store.ensure();
  const nodes = graph?.nodes ?? [];
  const activeNode = activeUri ? nodes.find((n) => n.uri === activeUri.toString()) : undefined;

  const role = str(given.role) ?? (await pickRole(graph ? rolesOf(graph) : [], activeNode?.roles[0], kind.noun));
  if (!role) return undefined;

  const title =
    str(given.title) ??
    str(
      await vscode.window.showInputBox({
        title: `New ${kind.noun}: title`,
        prompt: `The ${kind.noun}'s title`,
        placeHolder: `The ${kind.noun}'s title, e.g. Stream Processing Fundamentals`,
        ignoreFocusOut: true,
        validateInput: (v) => (v.trim() ? undefined : 'A title is required.'),
      }),
    );
  if (!title) return undefined;

  const proposed = nextFreeId(nodes, kind, role);
  const id =
    str(given.id) ??
    str(
      await vscode.window.showInputBox({
        title: `New ${kind.noun}: ID`,
        prompt: `The next free ID for ${role} is ${proposed}`,
        value: proposed,
        ignoreFocusOut: true,
        validateInput: (v) => checkNewId(v.trim(), kind, nodes),
      }),
    );
  if (!id) return undefined;
  const problem = checkNewId(id, kind, nodes);
  if (problem) {
    void vscode.window.showErrorMessage(`Cannot create the ${kind.noun}: ${problem}`);
    return undefined;
  }

  let folder: vscode.Uri | undefined;
  if (given.folder instanceof vscode.Uri) folder = given.folder;
  else if (typeof given.folder === 'string') folder = vscode.Uri.parse(given.folder);
  else {
    const found = folderFor(nodes, kind.key, role);
    folder = found ? vscode.Uri.parse(found) : workspaceRoot(activeUri);
  }
  if (!folder) {
    void vscode.window.showErrorMessage(`Open a folder first: the new ${kind.noun} is created in the workspace.`);
    return undefined;
  }

  const uri = await freeUri(folder, fileNameFor(id, title));
  const input: TemplateInput = { kind, id, title, role, competency: competencyFor(nodes, role), levels: schema.proficiencyLevels };
  const text = documentTemplate(input);
  const edit = new vscode.WorkspaceEdit();
  edit.createFile(uri, { ignoreIfExists: false, overwrite: false });
  edit.insert(uri, new vscode.Position(0, 0), text);
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showErrorMessage(`Could not create ${vscode.workspace.asRelativePath(uri)}.`);
    return undefined;
  }
  const doc = await vscode.workspace.openTextDocument(uri);
  await doc.save();
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  // Select the first value left to write (past the title, role and ID given).
  const first = firstPlaceholder(input);
  if (first) {
    const start = doc.positionAt(first.offset);
    const end = doc.positionAt(first.offset + first.length);
    editor.selection = new vscode.Selection(start, end);
    editor.revealRange(new vscode.Range(start, end));
  }
  return uri;
}
