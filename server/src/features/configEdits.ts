/**
 * Workspace edits to roadmap.config.json, for quick fixes: the server writes no file,
 * so a change to the configuration (creating it when there is none) is an edit the
 * user accepts, like any other fix.
 */
import { findNodeAtLocation, modify, parseTree, type Node } from 'jsonc-parser';
import type { WorkspaceEdit } from 'vscode-languageserver';
import { CONFIG_FILE_NAME } from '../core/config/config';
import { LineIndex } from '../core/text';

/** Where the configuration is (or would be created), and its text when it exists. */
export interface ConfigFileInfo {
  uri: string;
  text?: string;
}

const FORMAT = { formattingOptions: { insertSpaces: true, tabSize: 2, eol: '\n' } };

/**
 * Adds `alias` to the aliases of a kind's field (`kinds[].fieldAliases`), keeping
 * everything else of the file as it is; creates the file when there is none. Undefined
 * when the file is not JSON an edit can be placed in.
 */
export function addFieldAlias(config: ConfigFileInfo, kind: string, field: string, alias: string, canCreateFiles: boolean): WorkspaceEdit | undefined {
  const entry = { key: kind, fieldAliases: { [field]: [alias] } };
  if (config.text === undefined) {
    if (!canCreateFiles) return undefined;
    const text = JSON.stringify({ kinds: [entry] }, null, 2) + '\n';
    const start = { line: 0, character: 0 };
    return {
      documentChanges: [
        { kind: 'create', uri: config.uri, options: { ignoreIfExists: true } },
        { textDocument: { uri: config.uri, version: null }, edits: [{ range: { start, end: start }, newText: text }] },
      ],
    };
  }
  const text = config.text;
  const tree = parseTree(text);
  if (!tree || tree.type !== 'object') return undefined;
  const kinds = findNodeAtLocation(tree, ['kinds']);
  let edits;
  if (!kinds || kinds.type !== 'array') edits = modify(text, ['kinds'], [entry], FORMAT);
  else {
    const i = (kinds.children ?? []).findIndex((k: Node) => k.type === 'object' && findNodeAtLocation(k, ['key'])?.value === kind);
    if (i < 0) edits = modify(text, ['kinds', kinds.children?.length ?? 0], entry, { ...FORMAT, isArrayInsertion: true });
    else {
      const list = findNodeAtLocation(tree, ['kinds', i, 'fieldAliases', field]);
      if (list?.type === 'array') {
        if ((list.children ?? []).some((c) => c.value === alias)) return undefined;
        edits = modify(text, ['kinds', i, 'fieldAliases', field, list.children?.length ?? 0], alias, { ...FORMAT, isArrayInsertion: true });
      } else edits = modify(text, ['kinds', i, 'fieldAliases', field], [alias], FORMAT);
    }
  }
  const lines = new LineIndex(text);
  return { changes: { [config.uri]: edits.map((e) => ({ range: lines.range(e.offset, e.offset + e.length), newText: e.content })) } };
}

/** The URI of a new roadmap.config.json in a folder. */
export function configUriIn(folderUri: string): string {
  return `${folderUri.replace(/\/$/, '')}/${CONFIG_FILE_NAME}`;
}
