/**
 * `roadmap/overview` and `roadmap/overviewChanged` over stdio (dist/server.js): the
 * Curriculum Overview's data for the analytics fixture curriculum (its hand-worked
 * figures: test/fixtures/analyticsExpected.ts), the pace read from its
 * roadmap.config.json, and a notification when an edit moves a figure.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CurriculumOverview } from '../../server/src/protocol';
import { ANALYTICS_CURRICULUM } from '../fixtures/analyticsCurriculum';
import { parseFixture } from '../fixtures/fixture';
import { TestClient } from './client';

const files = Object.fromEntries(parseFixture(ANALYTICS_CURRICULUM).files.map((f) => [f.path, f.text]));

describe('roadmap/overview over stdio', () => {
  let client: TestClient;
  before(async () => {
    client = await TestClient.start(files);
  });
  after(() => client.stop());

  it('answers the overview at the configured pace, and says when an edit moves it', async () => {
    // The client's `until` re-checks on the messages it handles itself: this one is awaited on its own.
    const changed: number[] = [];
    let heard = () => {};
    client.connection.onNotification('roadmap/overviewChanged', (p: { version: number }) => {
      changed.push(p.version);
      heard();
    });
    const notified = (after: number) =>
      new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no roadmap/overviewChanged past version ${after} within 10 s (heard: ${changed.join(', ') || 'none'})`)), 10_000);
        heard = () => {
          if (changed.some((v) => v > after)) {
            clearTimeout(timer);
            resolve();
          }
        };
        heard();
      });
    // Every document checked (and so modelled) first: the notification below is the edit's.
    await client.until(() => client.serverStatus?.state === 'ready' && client.serverStatus.checking === 0, 'every document checked');
    const first = await client.request<CurriculumOverview>('roadmap/overview', null);
    assert.equal(first.hoursPerWeek, 8);
    // Data Analyst 100 h ⌈100 ÷ 8⌉ = 13 weeks, Engineer 167 h 21, Scientist 225 h 29.
    assert.deepEqual(first.tracks.map((t) => [t.role, t.hours, t.weeks, t.criticalPath.hours]), [
      ['Data Analyst', 100, 13, 70],
      ['Data Engineer', 167, 21, 135],
      ['Data Scientist', 225, 29, 80],
    ]);
    assert.deepEqual(first.cycles, [['MOD-302', 'MOD-303']]);
    // MOD-103 from 15 to 25 hours: Data Analyst 110 h, 14 weeks; its path through MOD-103 80 h.
    const text = files['analyst/mod-103.md'];
    client.open('analyst/mod-103.md', text);
    client.change('analyst/mod-103.md', text.replace('15 hours (5 lecture, 10 lab)', '25 hours (5 lecture, 20 lab)'), 2);
    await notified(first.version);
    const next = await client.request<CurriculumOverview>('roadmap/overview', null);
    assert.ok(next.version > first.version);
    assert.deepEqual([next.tracks[0].hours, next.tracks[0].weeks, next.tracks[0].criticalPath.hours], [110, 14, 80]);
  });
});
