/**
 * ID patterns in linear time (issue 14, item 5): re2js matches whole bounded tokens;
 * the candidate regex found by the kinds' literal prefixes finds what the pattern
 * would; the extension's quick test uses JavaScript's engine only on simple patterns.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { resolveConfig } from '../../server/src/core/config/config';
import { quickIdTest } from '../../server/src/core/schema/idShape';
import { candidateSource, compileIdPattern, isIdToken, MAX_ID_LENGTH, requiredPrefix } from '../../server/src/core/schema/ids';
import { CompiledSchema } from '../../server/src/core/schema/compile';
import { RoadmapWorkspace } from '../../server/src/core/workspace';
import { compareIds, sortIds } from '../../server/src/core/ids';
import { Random } from '../fixtures/random';

const EVIL = 'a'.repeat(40) + 'b';

describe('ID patterns', () => {
  it('match whole tokens in linear time, a catastrophic pattern included', () => {
    const m = compileIdPattern('^(a+)+$');
    assert.ok(!('error' in m));
    assert.equal(m.matches(EVIL), false);
    assert.equal(m.matches('aaaa'), true);
    assert.equal(m.matches('a'.repeat(MAX_ID_LENGTH + 1)), false, 'no ID is longer than the bound');
    const mod = compileIdPattern('MOD-\\d{3,}');
    assert.ok(!('error' in mod));
    assert.deepEqual(['MOD-205', 'MOD-20', 'XMOD-205', 'MOD-205x', 'MOD 205'].map((s) => mod.matches(s)), [true, false, false, false, false]);
  });

  it('are rejected with a reason when RE2 cannot take them', () => {
    for (const [p, why] of [['(?<!x)MOD-\\d+', /invalid named capture/], ['(a)\\1', /invalid escape sequence/], ['MOD-(', /missing closing \)/]] as const) {
      const m = compileIdPattern(p);
      assert.ok('error' in m && why.test(m.error), `${p}: ${JSON.stringify(m)}`);
      const { problems } = resolveConfig(JSON.stringify({ kinds: [{ key: 'module', idPattern: p }] }));
      assert.equal(problems.length, 1);
      assert.match(problems[0].message, /^idPattern cannot be used: .* ID patterns are RE2 regular expressions, matched in linear time: no lookaround, no backreferences\.$/);
    }
  });

  it('give the literal start of every match, or none when it is not safe to read off', () => {
    assert.equal(requiredPrefix('MOD-\\d{3,}'), 'MOD-');
    assert.equal(requiredPrefix('PROJ-\\d+'), 'PROJ-');
    assert.equal(requiredPrefix('MODS?-\\d+'), 'MOD');
    assert.equal(requiredPrefix('WS\\-\\d+'), 'WS-');
    for (const p of ['^(a+)+$', 'MOD-\\d+|M-\\d+', '(?i)mod-\\d+', '[A-Z]+-\\d+']) assert.equal(requiredPrefix(p), '', p);
    assert.equal(candidateSource([]), '(?!)');
  });

  it('find the same mentions by prefix as by every token', () => {
    const text = 'MOD-205, `MOD-206` (MOD-207). XMOD-208 MOD-209x MOD-210-old MOD-211-. mod-212 PROJ-303/PROJ-304 MOD-2';
    const all = (src: string) => [...text.matchAll(new RegExp(src, 'g'))].map((m) => m[0]);
    const schema = new CompiledSchema(resolveConfig('{}').schema);
    const found = (src: string) => all(src).filter((t) => schema.idKind(t));
    const expected = ['MOD-205', 'MOD-206', 'MOD-207', 'MOD-211', 'PROJ-303', 'PROJ-304'];
    assert.deepEqual(found(schema.candidateSource), expected);
    assert.deepEqual(found(candidateSource(['[A-Z]+-\\d+'])), expected, 'every token, when a pattern has no prefix');
  });

  it('are tokens: letters, digits, _ and single hyphens', () => {
    assert.deepEqual(['MOD-205', 'WS_12-b', 'a', 'MOD--205', '-MOD', 'MOD 205', 'MOD.205', ''].map(isIdToken), [true, true, true, false, false, false, false, false]);
  });

  it('give the extension a quick test: the pattern itself when simple, else the prefix and shape', () => {
    const simple = quickIdTest('MOD-\\d{3,}', 'MOD-');
    assert.deepEqual(['MOD-205', 'MOD-2', 'MOD-abc'].map(simple), [true, false, false]);
    for (const p of ['^(a+)+$', '(a|aa)+', 'a*a*a*a*b']) {
      const quick = quickIdTest(p, 'a');
      assert.equal(quick(EVIL.slice(0, 30)), true, `${p}: the shape and prefix only, never the pattern`);
      assert.equal(quick('b' + EVIL), false);
    }
  });

  it('let a workspace with a catastrophic pattern check its documents', () => {
    const config = resolveConfig(JSON.stringify({ kinds: [{ key: 'module', idPattern: '^(a+)+$' }] }));
    assert.deepEqual(config.problems, []);
    const ws = RoadmapWorkspace.fromConfig(config);
    ws.set('file:///w/a.md', `# Module Roadmap\n\n## Module Overview\n\n- **Module ID**: ${EVIL}\n- **Prerequisites**: aaaa, ${EVIL}\n`);
    const codes = ws.diagnostics('file:///w/a.md').map((d) => d.code);
    assert.ok(codes.includes('invalid-id'));
    assert.deepEqual(ws.get('file:///w/a.md')!.mentions.map((m) => m.id), ['aaaa']);
  });
});

describe('the order of IDs', () => {
  it('is the collator\'s numeric order, the quick paths for plain IDs (one prefix, or prefixes that differ) included', () => {
    const collator = new Intl.Collator('en', { numeric: true });
    const rng = new Random(14);
    const prefixes = ['MOD-', 'PROJ-', 'mod-', 'MOD', 'A-B-', 'MOD-1', 'É-', 'MOD_', 'Mod-', 'MODX-', 'MOD-A-', 'MO-', 'AB-', 'a-b-', 'PROJ', 'z-', 'Z--', 'mod-x-'];
    const number = () => {
      const n = String(rng.int(0, 10 ** rng.int(1, 6)));
      return rng.int(0, 9) === 0 ? '0' + n : n;
    };
    const ids = Array.from({ length: 600 }, () => `${prefixes[rng.int(0, prefixes.length - 1)]}${number()}`);
    ids.push('MOD-99', 'MOD-100', 'MOD-0100', 'MOD-9999999999999999999', 'MOD-10000000000000000000', 'MOD-', '-1', '1');
    for (const a of ids) for (const b of ids) assert.equal(Math.sign(compareIds(a, b)), Math.sign(collator.compare(a, b)), `${a} vs ${b}`);
  });

  it('sortIds gives the order of sort(compareIds): by groups of one prefix when it can, by compareIds when not', () => {
    const rng = new Random(15);
    const sets: Array<[string, string[]]> = [];
    const plain = ['MOD-', 'PROJ-', 'A-B-', 'MOD', 'MODX-', 'MO-', 'z-', 'Z--'];
    // Plain IDs of prefixes that order by themselves (the quick path), numbers up to 2^32 and past it.
    for (let k = 0; k < 20; k++) {
      const size = rng.int(0, 400);
      const numbers = [9, 99, 4294967295, 4294967296, 123456789012345];
      const ids = new Set<string>();
      while (ids.size < size) ids.add(`${plain[rng.int(0, plain.length - 1)]}${rng.int(0, 4) === 0 ? numbers[rng.int(0, numbers.length - 1)] : rng.int(1, 10 ** rng.int(1, 6))}`);
      sets.push([`plain ${k}`, [...ids]]);
    }
    // Prefixes one but for case, a leading zero, an ID that is not plain: the slow path.
    sets.push(['case', ['mod-2', 'MOD-10', 'MOD-1', 'mod-10', 'Mod-3']]);
    sets.push(['leading zero', ['MOD-2', 'MOD-010', 'MOD-9']]);
    sets.push(['not plain', ['MOD-2', 'É-1', 'MOD-10', 'MOD_3']]);
    for (const [name, ids] of sets) assert.deepEqual(sortIds([...ids]), [...ids].sort(compareIds), name);
    assert.deepEqual(sortIds(['PROJ-20', 'MOD-1000', 'MOD-99', 'MOD-4294967296', 'MOD-100']), ['MOD-99', 'MOD-100', 'MOD-1000', 'MOD-4294967296', 'PROJ-20']);
  });
});
