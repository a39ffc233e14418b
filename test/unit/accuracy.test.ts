/**
 * Accuracy over a generated curriculum (issue 5, deliverable 3): 1,000 documents
 * from bench/corpus.ts with a fixed seed, about 5% of them given one injected
 * defect each. The engine must report every injected defect (right code, right
 * file, right line) and nothing at all on the clean documents; on a defective
 * document, nothing beyond what the manifest expects.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { checkAccuracy, DEFECT_CODES, generateCorpus, type FoundDiagnostic } from '../../bench/corpus';
import { RoadmapWorkspace } from '../../server/src/core/workspace';

const SEED = 20261122;
const SIZE = 1000;
const ROOT = 'file:///corpus/';

describe('accuracy over a generated 1,000-document corpus', () => {
  const corpus = generateCorpus({ seed: SEED, size: SIZE });
  const { manifest } = corpus;
  const ws = new RoadmapWorkspace();
  for (const f of corpus.files) ws.set(ROOT + f.path, f.text);
  const found: FoundDiagnostic[] = [];
  for (const f of corpus.files) {
    for (const d of ws.diagnostics(ROOT + f.path)) found.push({ path: f.path, code: d.code, line: d.range.start.line + 1, message: d.message });
  }
  const report = checkAccuracy(
    manifest,
    corpus.files.map((f) => f.path),
    found,
  );
  const show = (ds: FoundDiagnostic[]) => ds.slice(0, 20).map((d) => `${d.path}:${d.line} ${d.code}${d.message ? `: ${d.message}` : ''}`);

  it('is generated as asked: the size, about 5% defects, every registered code injected', () => {
    assert.equal(corpus.files.length, SIZE);
    assert.equal(new Set(corpus.files.map((f) => f.path)).size, SIZE, 'paths are unique');
    assert.ok(manifest.defects.length >= 0.04 * SIZE && manifest.defects.length <= 0.06 * SIZE, `${manifest.defects.length} defects`);
    assert.deepEqual([...new Set(manifest.defects.map((d) => d.code))].sort(), [...DEFECT_CODES].sort());
    assert.ok(manifest.hotMentions >= 900, `the hot ID is mentioned ${manifest.hotMentions} times`);
  });

  it('is deterministic: the same seed gives the same corpus', () => {
    const again = generateCorpus({ seed: SEED, size: SIZE });
    assert.deepEqual(again.manifest, manifest);
    assert.ok(again.files.every((f, i) => f.path === corpus.files[i].path && f.text === corpus.files[i].text));
  });

  it('finds every injected defect: right code, right file, right line', () => {
    assert.deepEqual(show(report.missed), [], `${report.missed.length} of ${report.expected} expected diagnostics missed`);
    assert.equal(report.found, report.expected);
  });

  it('reports nothing on the clean documents', () => {
    assert.deepEqual(show(report.falsePositives), [], `${report.falsePositives.length} diagnostics on ${report.cleanFiles} clean documents`);
  });

  it('reports nothing on a defective document beyond its defect', () => {
    assert.deepEqual(show(report.unexpected), []);
  });
});
