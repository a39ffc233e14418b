/**
 * The index keeps its competency names sorted by the difference each edit makes
 * (workspaceIndex.ts, linkCompetencies): after any sequence of edits and removals the
 * names, their spellings (the first document in URI order) and the documents of each
 * equal those of an index built afresh from the final documents.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { WorkspaceIndex } from '../../server/src/core/index/workspaceIndex';
import { NO_FACTS, type IndexFacts } from '../../server/src/core/index/facts';

const facts = (competencies: string[]): IndexFacts => ({ ...NO_FACTS, competencies });

function snapshot(ix: WorkspaceIndex) {
  const names = [...ix.competencyNames()];
  return { names, docs: names.map((n) => [...ix.competencyDocuments(n)].sort()) };
}

describe('index: competency names kept sorted by edits', () => {
  it('equal a fresh index after any edits (many names at once, and a few)', () => {
    const name = fc.constantFrom('kafka', 'Kafka', 'KAFKA', 'spark', 'Spark', 'sql', 'dbt', 'Airflow', 'airflow', 'b', 'B', 'a');
    const step = fc.record({
      doc: fc.integer({ min: 0, max: 5 }),
      remove: fc.boolean(),
      competencies: fc.oneof(fc.array(name, { maxLength: 6 }), fc.array(fc.string({ maxLength: 3 }), { minLength: 60, maxLength: 90 })),
    });
    fc.assert(
      fc.property(fc.array(step, { maxLength: 30 }), (steps) => {
        const ix = new WorkspaceIndex();
        const now = new Map<string, string[]>();
        for (const s of steps) {
          const uri = `file:///ws/${s.doc}.md`;
          if (s.remove) {
            ix.remove(uri);
            now.delete(uri);
          } else {
            ix.updateFacts(uri, facts(s.competencies));
            now.set(uri, s.competencies);
          }
          ix.competencyNames(); // keep the sorted list alive, so that the next edit updates it
        }
        const fresh = new WorkspaceIndex();
        for (const [uri, c] of [...now].reverse()) fresh.updateFacts(uri, facts(c));
        assert.deepEqual(snapshot(ix), snapshot(fresh));
      }),
      { seed: 20261206, numRuns: 300 },
    );
  });
});
