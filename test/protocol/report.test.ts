/**
 * `roadmap report` as a user runs it (`node dist/cli.js report ...`) on the analytics
 * fixture curriculum written to a temporary folder: the json equals the figures worked
 * out by hand (test/fixtures/analyticsExpected.ts), --role narrows it, an unknown role
 * exits 2 naming the roles, and the other formats show the same figures.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified } from 'unified';
import { ANALYTICS_CURRICULUM } from '../fixtures/analyticsCurriculum';
import { EXPECTED } from '../fixtures/analyticsExpected';
import { parseFixture } from '../fixtures/fixture';

function roadmap(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [path.resolve('dist/cli.js'), ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const LEVELS = ['Awareness', 'Foundational', 'Working', 'Proficient', 'Advanced', 'Expert'];

describe('roadmap report', () => {
  let dir: string;
  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'roadmap-report-'));
    for (const f of parseFixture(ANALYTICS_CURRICULUM).files) {
      fs.mkdirSync(path.join(dir, path.dirname(f.path)), { recursive: true });
      fs.writeFileSync(path.join(dir, f.path), f.text);
    }
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('prints as json exactly the figures worked out by hand', () => {
    const r = roadmap(['report', '--format', 'json'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { role: null, levels: LEVELS, ...EXPECTED });
  });

  it('narrows to one role: its track, its documents, its coverage and the cycles in it', () => {
    const r = roadmap(['report', '--role', 'Data Scientist', '--format', 'json'], dir);
    assert.equal(r.code, 0, r.stderr);
    const track = EXPECTED.tracks.find((t) => t.role === 'Data Scientist')!;
    assert.deepEqual(JSON.parse(r.stdout), {
      role: 'Data Scientist',
      levels: LEVELS,
      hoursPerWeek: 8,
      documents: EXPECTED.documents.filter((d) => track.documents.includes(d.id)),
      tracks: [track],
      coverage: EXPECTED.coverage.filter((c) => c.role === 'Data Scientist'),
      cycles: [['MOD-302', 'MOD-303']],
    });
    const analyst = JSON.parse(roadmap(['report', '--role', 'Data Analyst', '--format', 'json'], dir).stdout);
    assert.deepEqual(analyst.cycles, [], 'the cycle is not in the Data Analyst track');
  });

  it('exits 2 on an unknown role, naming the roles that exist', () => {
    const r = roadmap(['report', '--role', 'Data Wrangler'], dir);
    assert.equal(r.code, 2);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, 'roadmap: unknown role "Data Wrangler": the roles of this curriculum are "Data Analyst", "Data Engineer", "Data Scientist"\n');
    assert.equal(roadmap(['report', '--format', 'pdf'], dir).code, 2);
  });

  it('shows the same figures as text', () => {
    const r = roadmap(['report'], dir);
    assert.equal(r.code, 0, r.stderr);
    const lines = r.stdout.split('\n');
    assert.equal(lines[0], '14 documents, 3 role tracks, 1 cycle; pace 8 hours a week.');
    assert.ok(lines.includes('Data Engineer: 7 documents, 167 hours (42 lecture, 83 lab, 5 project, 5 assessment), 21 weeks'), r.stdout);
    assert.ok(lines.includes('  critical path, 135 hours: MOD-101 → MOD-201 → MOD-202 → MOD-203 → MOD-204'), r.stdout);
    assert.ok(lines.includes('  entry: MOD-101; final: MOD-204; on no chain: MOD-205'), r.stdout);
    assert.ok(lines.includes('  left out of the critical path (on or after a cycle): MOD-302, MOD-303, PROJ-310'), r.stdout);
    assert.ok(lines.includes('  MOD-101  blocks 11; 10 hours, 0 before; delay —, complexity —'), r.stdout);
    assert.ok(lines.includes('    sql            MOD-101 Working → MOD-102 Proficient → PROJ-110 Working*'), r.stdout);
    assert.ok(lines.includes('  MOD-302 → MOD-303 → MOD-302'), r.stdout);
  });

  it('writes markdown that parses as the tables it shows', () => {
    const r = roadmap(['report', '--format', 'markdown'], dir);
    assert.equal(r.code, 0, r.stderr);
    const tree = unified().use(remarkParse).use(remarkGfm).parse(r.stdout);
    const tables = tree.children.filter((n) => n.type === 'table');
    assert.equal(tables.length, 3, 'tracks, blocking documents, coverage');
    const cellText = (c: { children: unknown[] }) => JSON.stringify(c.children).match(/"value":"([^"]*)"/g)?.map((v) => v.slice(9, -1)).join('') ?? '';
    const trackRows = (tables[0] as { children: Array<{ children: Array<{ children: unknown[] }> }> }).children.slice(1).map((row) => row.children.map(cellText));
    assert.deepEqual(trackRows, [
      ['Data Analyst', '5', '100', '27 lecture, 43 lab, 5 assessment', '13', 'MOD-101 → MOD-102 → MOD-103 → PROJ-110', '70'],
      ['Data Engineer', '7', '167', '42 lecture, 83 lab, 5 project, 5 assessment', '21', 'MOD-101 → MOD-201 → MOD-202 → MOD-203 → MOD-204', '135'],
      ['Data Scientist', '7', '225', '34 lecture, 71 lab, 5 assessment', '29', 'MOD-101 → MOD-201 → MOD-301', '80'],
    ]);
  });

  it('writes one self-contained html page: the coverage matrix coloured by level, each critical path drawn', () => {
    const r = roadmap(['report', '--format', 'html'], dir);
    assert.equal(r.code, 0, r.stderr);
    const page = r.stdout;
    assert.match(page, /^<!DOCTYPE html>/);
    assert.doesNotMatch(page, /<script|<link|@import|url\(\s*['"]?(?!#)|\b(?:src|href)=/i, 'no script, no external stylesheet, nothing fetched');
    assert.equal(page.match(/<svg /g)?.length, 3, 'one drawing per track');
    // The Data Engineer path's boxes, in order.
    const engineer = page.slice(page.indexOf('Critical path of Data Engineer'));
    const boxes = [...engineer.slice(0, engineer.indexOf('</svg>')).matchAll(/font-weight="600">([^<]*)</g)].map((m) => m[1]);
    assert.deepEqual(boxes, ['MOD-101', 'MOD-201', 'MOD-202', 'MOD-203', 'MOD-204']);
    // sql along the Data Analyst track: Working, Proficient, then Working without evidence.
    const sqlRow = page.slice(page.indexOf('<tr><th>sql</th>'), page.indexOf('</tr>', page.indexOf('<tr><th>sql</th>')));
    const chips = [...sqlRow.matchAll(/<span class="chip( unassessed)?" style="background:(#[0-9a-f]+)[^"]*" title="([^"]*)">/g)].map((m) => `${m[3]}${m[1] ? ' dashed' : ''} ${m[2]}`);
    assert.deepEqual(chips.slice(0, 3), ['MOD-101: Working #9ecae1', 'MOD-102: Proficient #6baed6', 'PROJ-110: Working, no evidence dashed #9ecae1']);
  });
});
