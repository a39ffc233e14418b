/**
 * The Curriculum Overview's extension side, without VS Code: the messages the page may
 * send (anything else is dropped), what an "open" may open (only a document the
 * overview names), a cell's documents, the HTML shell's content security policy; and
 * the graph toolbar's Overview button (one element, one message).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { graphHtml } from '../../client/src/graph/html';
import { parsePageMessage as parseGraphMessage } from '../../client/src/graph/messages';
import { overviewHtml } from '../../client/src/overview/html';
import { cellTargets, documentTarget, parsePageMessage } from '../../client/src/overview/messages';
import { buildOverview } from '../../server/src/features/overview';
import { ANALYTICS_CURRICULUM } from '../fixtures/analyticsCurriculum';
import { parseFixture, uriOf, workspaceOf } from '../fixtures/fixture';

const overview = buildOverview(workspaceOf(parseFixture(ANALYTICS_CURRICULUM)), 8, 1);

describe('overview: messages from the page', () => {
  it('accepts exactly the messages the page may send', () => {
    assert.deepEqual(parsePageMessage({ type: 'ready' }), { type: 'ready' });
    assert.deepEqual(parsePageMessage({ type: 'open', id: 'MOD-101' }), { type: 'open', id: 'MOD-101' });
    assert.deepEqual(parsePageMessage({ type: 'openCell', role: 'Data Analyst', competency: 'sql' }), { type: 'openCell', role: 'Data Analyst', competency: 'sql' });
    assert.deepEqual(parsePageMessage({ type: 'rendered', version: 3, tracks: 3, cells: 13 }), { type: 'rendered', version: 3, tracks: 3, cells: 13 });
  });

  it('drops anything else: other types, missing or extra fields, wrong shapes', () => {
    const bad: unknown[] = [
      undefined,
      null,
      'open',
      [],
      {},
      { type: 'ready', x: 1 },
      { type: 'open' },
      { type: 'open', id: '' },
      { type: 'open', id: 7 },
      { type: 'open', id: 'x'.repeat(1001) },
      { type: 'open', id: 'MOD-101', uri: 'file:///etc/passwd' },
      { type: 'openCell', role: 'Data Analyst' },
      { type: 'openCell', role: 'Data Analyst', competency: 5 },
      { type: 'rendered', version: -1, tracks: 0, cells: 0 },
      { type: 'rendered', version: 1.5, tracks: 0, cells: 0 },
      { type: 'rendered', version: 1, tracks: 0 },
      { type: 'writeFile', path: '/tmp/x' },
    ];
    for (const m of bad) assert.equal(parsePageMessage(m), undefined, JSON.stringify(m));
  });

  it('opens only a document the overview names', () => {
    assert.deepEqual(documentTarget(overview, 'PROJ-110'), { id: 'PROJ-110', title: 'Sales Insights Capstone', uri: uriOf('analyst/proj-110.md') });
    assert.equal(documentTarget(overview, 'MOD-999'), undefined, 'an ID no document defines');
    assert.equal(documentTarget(overview, '__proto__'), undefined);
    assert.equal(documentTarget(overview, 'constructor'), undefined);
    assert.equal(documentTarget(undefined, 'MOD-101'), undefined, 'no overview yet');
  });

  it('gives a cell\'s documents once each, in prerequisite order with their levels', () => {
    assert.deepEqual(
      cellTargets(overview, 'Data Analyst', 'sql').map((t) => `${t.id} ${t.level}`),
      ['MOD-101 Working', 'MOD-102 Proficient', 'PROJ-110 Working'],
    );
    assert.deepEqual(
      cellTargets(overview, 'Data Engineer', 'cloud').map((t) => t.uri),
      [uriOf('engineer/mod-205.md')],
    );
    assert.deepEqual(cellTargets(overview, 'Data Analyst', 'pipelines'), [], 'no such cell');
    assert.deepEqual(cellTargets(overview, 'Nobody', 'sql'), []);
  });
});

describe('overview: HTML shell', () => {
  const html = overviewHtml({ cspSource: 'https://webview.example', nonce: 'abc123', scriptUri: 'https://webview.example/dist/overviewView.js?a=1&b="2"' });

  it('has the strict content security policy with the nonce, and nothing from the network', () => {
    assert.match(html, /<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'nonce-abc123'; style-src https:\/\/webview\.example 'nonce-abc123';/);
    assert.doesNotMatch(html, /unsafe-inline|unsafe-eval|https?:\/\/(?!webview\.example)/);
  });

  it('loads only its own script, with the nonce; no inline script or handler', () => {
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 1);
    assert.match(scripts[0][1], /nonce="abc123"/);
    assert.match(scripts[0][1], /src="https:\/\/webview\.example\/dist\/overviewView\.js\?a=1&amp;b=&quot;2&quot;"/);
    assert.equal(scripts[0][2], '');
    assert.doesNotMatch(html, /\son[a-z]+=/i);
    assert.match(html, /<html lang="en">/);
    assert.match(html, /<main id="overview" aria-labelledby="overview-title">/);
  });
});

describe('the graph toolbar\'s Curriculum Overview button', () => {
  it('is in the toolbar, and its one message is accepted as it is and only so', () => {
    const html = graphHtml({ cspSource: 'https://webview.example', nonce: 'n', scriptUri: 'https://webview.example/g.js' });
    assert.match(html, /<button id="curriculum-overview" data-testid="curriculum-overview"[^>]*>Curriculum Overview<\/button>/);
    assert.deepEqual(parseGraphMessage({ type: 'showCurriculumOverview' }), { type: 'showCurriculumOverview' });
    assert.equal(parseGraphMessage({ type: 'showCurriculumOverview', command: 'workbench.action.terminal.new' }), undefined);
  });
});
