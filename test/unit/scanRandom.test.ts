/**
 * The structural scanner against remark on random input (fixed seeds): documents built
 * from random blocks, and random edits of the seeds, the examples and the rule
 * fixtures. Every model the scanner gives must be remark's; its acceptance here is
 * reported, with no floor. What is compared: test/fixtures/scanCompare.ts; the
 * realistic documents and fixed cases: scan.test.ts.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { describe, it } from 'node:test';
import { compare, markdownFiles, ruleFixtures } from '../fixtures/scanCompare';
import { ATOMS, mutate, randomDoc, TIGHT } from '../fixtures/randomMarkdown';
import { Random } from '../fixtures/random';
import { saySeedsSkipped, seedFiles } from '../fixtures/seeds';

saySeedsSkipped('scanRandom.test.ts');
describe('the structural scanner gives exactly the remark model on random input', () => {
  /** Runs `count` texts from `make`; every model the scanner gives must be remark's. */
  function property(t: { diagnostic(message: string): void }, label: string, count: number, make: (k: number) => string): void {
    const failures: string[] = [];
    let declined = 0;
    for (let k = 0; k < count; k++) {
      const text = make(k);
      const o = compare(text);
      if (!o.fast) declined++;
      else if (o.mismatch && failures.length < 5) failures.push(`#${k} at ${o.mismatch}\n  text: ${JSON.stringify(text)}`);
    }
    t.diagnostic(`${label}: ${count} documents, acceptance ${((100 * (count - declined)) / count).toFixed(1)}% (reported, no floor)`);
    assert.deepEqual(failures, [], `the scanner's model differs from remark's:\n${failures.join('\n')}`);
  }

  it('on 4,000 random documents built from random blocks (fixed seed)', (t) => {
    const r = new Random(20261123);
    property(t, 'random blocks', 4000, () => randomDoc(r));
  });

  it('on 3,000 random mutations of the seeds, examples and fixtures (fixed seed)', (t) => {
    const bases = [
      ...seedFiles().map((f) => fs.readFileSync(f, 'utf8')),
      ...markdownFiles('examples').map((f) => fs.readFileSync(f, 'utf8')),
      ...ruleFixtures().map((f) => f.text),
    ];
    const r = new Random(20261124);
    property(t, 'mutations', 3000, (k) => mutate(r, r.pick(bases), k % 2 ? ATOMS : TIGHT));
  });
});
