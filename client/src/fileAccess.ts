/**
 * The browser's language server has no file system: it asks the extension
 * (`roadmap/fs/*`, server/src/protocol/messages.ts), which answers from the editor's
 * own file access, `vscode.workspace.findFiles` and `vscode.workspace.fs` (github.dev's
 * repository, vscode.dev's opened folder, a remote's disk), as VS Code's markdown
 * extension does. Changes reach the server through the file watcher it registers
 * (`workspace/didChangeWatchedFiles`, which the client runs with
 * `vscode.workspace.createFileSystemWatcher`).
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { FIND_FILES_REQUEST, READ_FILE_REQUEST, STAT_REQUEST } from '../../server/src/protocol';
import type { FindFilesParams, ReadFileParams, ReadFileResult, StatParams, StatResult } from '../../server/src/protocol';

const decoder = new TextDecoder('utf-8');

/** Registers the answers on the client (before it starts). */
export function answerFileAccess(client: BaseLanguageClient): void {
  const asUri = (uri: string) => client.protocol2CodeConverter.asUri(uri);
  client.onRequest(FIND_FILES_REQUEST, async (p: FindFilesParams): Promise<string[]> => {
    const found = await vscode.workspace.findFiles(new vscode.RelativePattern(asUri(p.base), p.include), p.exclude);
    return found.map((u) => client.code2ProtocolConverter.asUri(u));
  });
  client.onRequest(READ_FILE_REQUEST, async (p: ReadFileParams): Promise<ReadFileResult | null> => {
    try {
      const bytes = await vscode.workspace.fs.readFile(asUri(p.uri));
      const text = decoder.decode(bytes.length > p.maxBytes ? bytes.subarray(0, p.maxBytes + 1) : bytes);
      return { text, size: bytes.length };
    } catch {
      return null;
    }
  });
  client.onRequest(STAT_REQUEST, async (p: StatParams): Promise<StatResult | null> => {
    try {
      const stat = await vscode.workspace.fs.stat(asUri(p.uri));
      return { type: stat.type & vscode.FileType.Directory ? 'directory' : 'file' };
    } catch {
      return null;
    }
  });
}
