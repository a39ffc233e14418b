import * as vscode from 'vscode';
import { SHOW_RELATED_COMMAND } from '../../../server/src/protocol';

interface LspPosition {
  line: number;
  character: number;
}
interface LspLocation {
  uri: string;
  range: { start: LspPosition; end: LspPosition };
}

const position = (p: LspPosition) => new vscode.Position(p.line, p.character);

/**
 * The code lens command (`N prerequisites · M dependents`): its arguments arrive as
 * LSP JSON; VS Code's peek view wants its own types.
 */
export function registerShowRelated(): vscode.Disposable {
  return vscode.commands.registerCommand(SHOW_RELATED_COMMAND, (uri: string, at: LspPosition, locations: LspLocation[]) =>
    vscode.commands.executeCommand(
      'editor.action.showReferences',
      vscode.Uri.parse(uri),
      position(at),
      locations.map((l) => new vscode.Location(vscode.Uri.parse(l.uri), new vscode.Range(position(l.range.start), position(l.range.end)))),
    ),
  );
}
