/**
 * What the server and the extension share lives in server/src/protocol (names,
 * payloads, IDs, ordering): the extension reaches the engine only through it and the
 * core's public API (core/api.ts), and package.json names what protocol/ids.ts names.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { documentInfo } from '../../server/src/features/document';
import * as protocol from '../../server/src/protocol';
import { contextOf, parseFixture, uriOf } from '../fixtures/fixture';

/** Every module specifier a TypeScript file imports or re-exports (static and dynamic). */
function specifiers(file: string): string[] {
  const text = fs.readFileSync(file, 'utf8');
  return [...text.matchAll(/(?:^|\n)\s*(?:import|export)\b[^'"`;]*?from\s*'([^']+)'|import\(\s*'([^']+)'\s*\)|(?:^|\n)\s*import\s+'([^']+)'/g)].map((m) => m[1] ?? m[2] ?? m[3]);
}

describe('protocol: one home for what server and extension share', () => {
  it('the extension imports the engine only through server/src/protocol and server/src/core/api', () => {
    const allowed = new Set([path.resolve('server/src/protocol'), path.resolve('server/src/core/api')]);
    const files = fs
      .readdirSync('client/src', { recursive: true })
      .map(String)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => path.join('client/src', f));
    assert.ok(files.length > 10, 'the extension’s sources are read');
    const crossing: string[] = [];
    for (const f of files) {
      for (const s of specifiers(f)) {
        if (!s.startsWith('.')) continue;
        const target = path.resolve(path.dirname(f), s);
        if (!target.startsWith(path.resolve('server') + path.sep)) continue;
        if (!allowed.has(target)) crossing.push(`${f} imports ${s}`);
      }
    }
    assert.deepEqual(crossing, []);
  });

  it('package.json contributes every command (but those the server executes), the graph view and the context key protocol/ids.ts names', () => {
    const pkg = JSON.parse(fs.readFileSync('package.json', 'utf8'));
    const commands: string[] = pkg.contributes.commands.map((c: { command: string }) => c.command);
    const named = Object.entries(protocol)
      .filter(([k]) => k.endsWith('_COMMAND'))
      .map(([, v]) => v as string)
      .filter((c) => !protocol.SERVER_COMMANDS.includes(c));
    assert.ok(named.length >= 7);
    assert.deepEqual([...named].sort(), [...commands].sort());
    assert.ok(pkg.activationEvents.includes(`onWebviewPanel:${protocol.GRAPH_VIEW_TYPE}`));
    assert.ok(pkg.activationEvents.includes(`onWebviewPanel:${protocol.OVERVIEW_VIEW_TYPE}`));
    const whens = JSON.stringify(pkg.contributes.menus);
    assert.ok(whens.includes(protocol.IS_ROADMAP_CONTEXT), 'the editor title menu uses the context key');
  });

  it('orders IDs with their numbers as numbers', () => {
    assert.deepEqual(['MOD-1000', 'PROJ-20', 'MOD-99', 'MOD-100'].sort(protocol.compareIds), ['MOD-99', 'MOD-100', 'MOD-1000', 'PROJ-20']);
  });

  it('roadmap/document: a roadmap’s kind and ID from the server, null for other markdown', () => {
    const fx = parseFixture(`-- a.md\n# Project Plan\n\n## Project Overview\n\n- **Project ID**: PROJ-120\n-- b.md\n# Module Roadmap\n\nNo ID yet.\n-- c.md\n# Notes\n\nMOD-120\n`);
    const ctx = contextOf(fx);
    assert.deepEqual(documentInfo(ctx, uriOf('a.md')), { kind: 'project', id: 'PROJ-120' });
    assert.deepEqual(documentInfo(ctx, uriOf('b.md')), { kind: 'module' });
    assert.equal(documentInfo(ctx, uriOf('c.md')), null);
    assert.equal(documentInfo(ctx, uriOf('never.md')), null);
  });

  it('accepts only a schema with kinds as SchemaInfo', () => {
    assert.equal(protocol.isSchemaInfo({ kinds: [], proficiencyLevels: [] }), false);
    assert.equal(protocol.isSchemaInfo(null), false);
  });
});
