/**
 * The commands code lenses carry, and the one the server executes itself.
 *
 * A lens's "N prerequisites · M dependents" runs `roadmap.showRelated` in VS Code: the
 * extension registers it and turns it into VS Code's own peek view. Any other editor
 * knows no such command: for a client that does not say it runs `roadmap.showRelated`
 * itself (`initializationOptions.clientCommands`), the lens carries `roadmap.related`,
 * which the server offers (`executeCommandProvider`) and executes: it answers with the
 * related documents' locations and shows them in a message, since an editor shows what
 * an executed command answers in no standard way.
 */
import type { CodeLens, Location } from 'vscode-languageserver';
import { codeLenses } from '../features/codeLens';
import type { FeatureContext } from '../features/context';
import { RELATED_COMMAND, SERVER_COMMANDS, SHOW_RELATED_COMMAND } from '../protocol';

export { RELATED_COMMAND, SERVER_COMMANDS };

/** The commands a client says it runs itself (`initializationOptions.clientCommands`). */
export function clientCommandsOf(initializationOptions: unknown): Set<string> {
  const list = (initializationOptions as { clientCommands?: unknown } | null | undefined)?.clientCommands;
  return new Set(Array.isArray(list) ? list.filter((c): c is string => typeof c === 'string') : []);
}

/** The lenses with a command this client can run. */
export function lensesForClient(lenses: CodeLens[], clientCommands: ReadonlySet<string>): CodeLens[] {
  if (clientCommands.has(SHOW_RELATED_COMMAND)) return lenses;
  return lenses.map((lens) =>
    lens.command?.command === SHOW_RELATED_COMMAND ? { ...lens, command: { ...lens.command, command: RELATED_COMMAND, arguments: lens.command.arguments?.slice(0, 1) } } : lens,
  );
}

/**
 * Executes `roadmap.related` on a document: its related documents' locations (empty
 * when it has no ID), told to the user as one message.
 */
export function executeRelated(ctx: FeatureContext, uri: string, showMessage: (text: string) => void): Location[] {
  const lens = codeLenses(ctx, uri)[0];
  const doc = ctx.ws.get(uri);
  if (!lens?.command || !doc?.id) {
    showMessage(`${ctx.describe(uri)} defines no ID: nothing is related to it.`);
    return [];
  }
  const locations = (lens.command.arguments?.[2] ?? []) as Location[];
  const where = locations.map((l) => `${ctx.describe(l.uri)}:${l.range.start.line + 1}`);
  showMessage(`${doc.id}: ${lens.command.title}${where.length ? ` — ${where.join(', ')}` : ''}`);
  return locations;
}
