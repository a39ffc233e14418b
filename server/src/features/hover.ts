import { MarkupKind, type Hover, type Position } from 'vscode-languageserver';
import type { RoadmapDoc } from '../core/model';
import { escapeMarkdownText as escapeMarkdown, markdownLinkDestination } from '../core/escape/markdown';
import { competencyAt, describeId, mentionAt, type FeatureContext } from './context';
import { hoverFigures } from './metrics';

/** How many IDs a hover's list names before it says how many more there are. */
export const HOVER_LIST_MAX = 12;

function idList(ctx: FeatureContext, ids: string[]): string {
  if (!ids.length) return 'none';
  const named = ids.slice(0, HOVER_LIST_MAX).map((id) => escapeMarkdown(describeId(ctx, id)));
  const more = ids.length - named.length;
  return more ? `${named.join(', ')} and ${more.toLocaleString('en')} more (${ids.length.toLocaleString('en')} in all)` : named.join(', ');
}

function definitionSummary(ctx: FeatureContext, id: string, doc: RoadmapDoc): string[] {
  const { index } = ctx.ws;
  const lines = [`**${escapeMarkdown(id)}** · ${escapeMarkdown(doc.kind!.title)}`, ''];
  if (doc.title) lines.push(`*${escapeMarkdown(doc.title)}*`, '');
  if (doc.roles.length) lines.push(`- Role: ${escapeMarkdown(doc.roles.map((r) => r.text).join(', '))}`);
  if (doc.duration) lines.push(`- Duration: ${escapeMarkdown(doc.duration.text)}`);
  lines.push(`- Prerequisites: ${idList(ctx, index.prerequisitesOf(id))}`);
  // From the index's facts: a hot ID's thousand dependents are neither modelled nor all named.
  const dependents = index.dependentUris(id).map((u) => index.factsOf(u)?.id ?? ctx.describe(u));
  lines.push(`- Dependents: ${idList(ctx, [...new Set(dependents)])}`);
  const next = index.nextOf(id);
  if (next.length) lines.push(`- Next: ${idList(ctx, next)}`);
  const figures = hoverFigures(ctx, id);
  if (figures) lines.push(`- ${figures}`);
  lines.push(`- File: [${escapeMarkdown(ctx.describe(doc.uri))}](${markdownLinkDestination(doc.uri)})`);
  return lines;
}

export function hover(ctx: FeatureContext, uri: string, position: Position): Hover | null {
  const doc = ctx.ws.get(uri);
  const m = mentionAt(doc, position);
  if (m) {
    const defs = ctx.ws.index.definitions(m.id);
    let lines: string[];
    if (defs.length === 0) lines = [`**${escapeMarkdown(m.id)}** is not defined by any roadmap document in the workspace.`];
    else {
      lines = definitionSummary(ctx, m.id, defs[0]);
      if (defs.length > 1) {
        lines.push('', `Also defined in: ${defs.slice(1).map((d) => escapeMarkdown(ctx.describe(d.uri))).join(', ')}`);
      }
    }
    return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') }, range: m.range };
  }
  const c = competencyAt(doc, position);
  if (c) {
    const uses = ctx.ws.index.competencyUses(c.name);
    const lines = [`**${escapeMarkdown(c.name)}** · competency`, '', 'Targeted by:'];
    for (const u of uses) {
      const d = ctx.ws.get(u.uri)!;
      const who = escapeMarkdown(d.id ? describeId(ctx, d.id) : ctx.describe(u.uri));
      lines.push(`- ${who}: ${escapeMarkdown(u.competency.level?.text || 'no level')}`);
    }
    return { contents: { kind: MarkupKind.Markdown, value: lines.join('\n') }, range: c.range };
  }
  return null;
}
