/**
 * A workspace loaded in bulk by its documents' facts (`RoadmapWorkspace.load` with a
 * reader, as the server loads a folder at start-up) answers exactly as one whose
 * documents were all modelled at once (`set`): the same look-ups before any document
 * is modelled, the same diagnostics for every document. Documents are modelled when
 * first used, not before. A look-up never changes the index: a document whose text
 * changed after its facts were read is handed out as it is now, and indexed again only
 * by the explicit step (`reindexChanged`), which the workspace takes after its own
 * look-ups (`get`, `diagnostics`), reporting the documents that affects.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { generateCorpus } from '../../bench/corpus';
import { RoadmapWorkspace } from '../../server/src/core/workspace';

const ROOT = 'file:///corpus/';

/** Every markdown file under examples/, by a URI of its own. */
function exampleFiles(): Array<{ path: string; text: string }> {
  const out: Array<{ path: string; text: string }> = [];
  for (const dir of ['curriculum', 'broken']) {
    const base = path.join('examples', dir);
    for (const f of fs.readdirSync(base, { recursive: true }).map(String).sort()) {
      if (f.endsWith('.md')) out.push({ path: `examples/${dir}/${f.split(path.sep).join('/')}`, text: fs.readFileSync(path.join(base, f), 'utf8') });
    }
  }
  return out;
}

/** The same texts as a workspace of models (`set`) and as one of facts (`load`, reading from `disk`). */
function both(files: Array<{ path: string; text: string }>) {
  const disk = new Map(files.map((f) => [ROOT + f.path, f.text]));
  const full = new RoadmapWorkspace();
  full.index.bulk(() => {
    for (const [uri, text] of disk) full.set(uri, text);
  });
  const lazy = new RoadmapWorkspace();
  const reads: string[] = [];
  const changed: string[][] = [];
  lazy.readFrom(
    (uri) => {
      reads.push(uri);
      const text = disk.get(uri);
      return text === undefined ? undefined : { text };
    },
    (affected) => changed.push([...affected].sort()),
  );
  lazy.index.bulk(() => {
    for (const [uri, text] of disk) lazy.load(uri, text);
  });
  return { disk, full, lazy, reads, changed };
}

/** What the index answers without handing out documents' models, and the URIs of what it hands out. */
function lookups(ws: RoadmapWorkspace): unknown {
  const ix = ws.index;
  const uris = (docs: Array<{ uri: string }>) => docs.map((d) => d.uri);
  const ids = [...ix.idsInOrder()];
  const mentioned = new Set<string>(ids);
  for (const uri of ix.uris()) for (const id of ix.factsOf(uri)?.refs ?? []) mentioned.add(id);
  return {
    size: ix.size,
    roadmaps: ix.roadmapCount,
    uris: [...ix.uris()],
    ids,
    competencies: ix.competencyNames(),
    roles: ix.roleNames(),
    perId: [...mentioned].sort().map((id) => ({
      id,
      defined: ix.isDefined(id),
      definitions: uris(ix.definitions(id)),
      referrers: uris(ix.referrers(id)),
      dependents: uris(ix.dependentsOf(id)),
      prerequisites: ix.prerequisitesOf(id),
      next: ix.nextOf(id),
      cycle: ix.cycleOf(id),
    })),
  };
}

describe('a workspace loaded by its documents facts', () => {
  const files = [...exampleFiles(), ...generateCorpus({ seed: 7, size: 600 }).files];

  it('holds its documents unmodelled after the load, except those the scanner declines', () => {
    const { lazy, reads } = both(files);
    assert.equal(lazy.index.size, files.length);
    assert.ok(lazy.index.unmodelled >= 0.95 * files.length, `${lazy.index.unmodelled} of ${files.length} unmodelled`);
    assert.deepEqual(reads, [], 'nothing read again during the load');
  });

  it('answers every look-up as the modelled workspace does', () => {
    const { full, lazy } = both(files);
    const facts = lookups(lazy);
    assert.deepEqual(facts, lookups(full));
    // The look-ups that hand out documents modelled them; the ones that do not, did not.
    assert.ok(lazy.index.unmodelled < files.length);
  });

  it('gives every document the diagnostics of the modelled workspace, modelling each once', () => {
    const { full, lazy, reads, changed } = both(files);
    const before = lazy.index.unmodelled;
    for (const f of files) {
      const uri = ROOT + f.path;
      assert.deepEqual(JSON.parse(JSON.stringify(lazy.diagnostics(uri))), JSON.parse(JSON.stringify(full.diagnostics(uri))), f.path);
    }
    assert.equal(lazy.index.unmodelled, 0);
    assert.equal(reads.length, before, 'each unmodelled document read once');
    assert.equal(new Set(reads).size, reads.length);
    assert.deepEqual(changed, [], 'no model differed from its facts');
  });

  /** A module whose ID no other document defines and some document mentions. */
  function soleDefiner(lazy: RoadmapWorkspace): { uri: string; id: string } {
    // From the facts alone: `definitions` would model the document.
    const definers = new Map<string, string[]>();
    for (const uri of lazy.index.uris()) {
      const id = lazy.index.factsOf(uri)?.id;
      if (id) definers.set(id, [...(definers.get(id) ?? []), uri]);
    }
    for (const [id, uris] of definers) {
      if (id.startsWith('MOD-') && uris.length === 1 && lazy.index.referrers(id).some((d) => d.uri !== uris[0])) return { uri: uris[0], id };
    }
    throw new Error('no such module');
  }

  it('indexes a document again when its text changed since the load, and reports whom that affects', () => {
    const { disk, lazy, changed } = both(files);
    const { uri, id } = soleDefiner(lazy);
    const referrers = lazy.index.referrers(id).map((d) => d.uri);
    disk.set(uri, disk.get(uri)!.replace(`**Module ID**: ${id}`, '**Module ID**: MOD-99999'));
    assert.ok(!lazy.index.isModelled(uri));
    lazy.diagnostics(uri);
    assert.equal(lazy.index.isDefined(id), false);
    assert.equal(lazy.index.isDefined('MOD-99999'), true);
    assert.equal(changed.length, 1);
    for (const r of referrers) assert.ok(changed[0].includes(r), `${r} is reported`);
    const unknown = lazy.diagnostics(referrers[0]).filter((d) => d.code === 'unknown-reference' && d.message.includes(id));
    assert.ok(unknown.length > 0, `${referrers[0]} now has an unknown-reference to ${id}`);
  });

  it('changes nothing in a look-up: a document found changed waits for the explicit step', () => {
    const { disk, lazy, changed } = both(files);
    const { uri, id } = soleDefiner(lazy);
    const referrers = lazy.index.referrers(id).map((d) => d.uri);
    // What the index answers from facts alone (`lookups` would model every document now).
    const answers = () => ({ ids: [...lazy.index.idsInOrder()], roadmaps: lazy.index.roadmapCount, facts: lazy.index.factsOf(uri), next: lazy.index.nextOf(id) });
    const before = answers();
    disk.set(uri, disk.get(uri)!.replace(`**Module ID**: ${id}`, '**Module ID**: MOD-99999'));
    // The look-up models the document and hands out its model as the file is now ...
    assert.deepEqual(lazy.index.definitions(id).map((d) => [d.uri, d.id]), [[uri, 'MOD-99999']]);
    // ... and the index answers as before: the same facts, the same look-ups, nobody told.
    assert.equal(lazy.index.factsOf(uri)?.id, id);
    assert.equal(lazy.index.isDefined('MOD-99999'), false);
    assert.deepEqual(lazy.index.changedUris(), [uri]);
    assert.deepEqual(answers(), before);
    assert.deepEqual(changed, []);
    // The explicit step indexes it as an edit and says whom that affects.
    const affected = lazy.index.reindexChanged();
    assert.equal(lazy.index.isDefined(id), false);
    assert.equal(lazy.index.isDefined('MOD-99999'), true);
    assert.ok(lazy.index.isModelled(uri));
    for (const r of [uri, ...referrers]) assert.ok(affected.has(r), `${r} is affected`);
    assert.deepEqual(lazy.index.changedUris(), []);
    assert.equal(lazy.index.reindexChanged().size, 0, 'once');
  });

  it('treats a document that cannot be read any more as no roadmap, and reports whom that affects', () => {
    const { disk, lazy, changed } = both(files);
    const { uri, id } = soleDefiner(lazy);
    const referrers = lazy.index.referrers(id).map((d) => d.uri);
    disk.delete(uri);
    assert.deepEqual(lazy.diagnostics(uri), []);
    assert.equal(lazy.index.isDefined(id), false);
    assert.equal(changed.length, 1);
    for (const r of referrers) assert.ok(changed[0].includes(r), `${r} is reported`);
  });
});
