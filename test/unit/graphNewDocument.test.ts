/**
 * "New Module Roadmap" / "New Project Plan" without VS Code (core/templates.ts): the
 * template has every section, field and table of the schema and raises no diagnostic;
 * the proposed ID is the next free one of the role's range; the folder is where the
 * workspace keeps such documents.
 */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { checkNewId, competencyFor, documentTemplate, fileNameFor, folderFor, levelFor, nextFreeId, slug } from '../../server/src/core/templates';
import { defaultSchema } from '../../server/src/core/schema/defaultSchema';
import { resolveConfig } from '../../server/src/core/config/config';
import { RoadmapWorkspace } from '../../server/src/core/workspace';
import { buildRoadmapGraph } from '../../server/src/features/graph';
import { loadConfig } from '../../server/src/node/config';

const moduleKind = defaultSchema.kinds.find((k) => k.key === 'module')!;
const projectKind = defaultSchema.kinds.find((k) => k.key === 'project')!;

/** examples/curriculum as the server reads it: its roadmap.config.json (and so its competency framework) applies. */
function curriculum(): RoadmapWorkspace {
  const root = path.resolve('examples/curriculum');
  const config = loadConfig(path.join(root, 'roadmap.config.json'));
  const ws = RoadmapWorkspace.fromConfig(config.resolved, { framework: config.framework });
  for (const f of fs.readdirSync(root, { recursive: true }).map(String)) {
    if (f.endsWith('.md') && config.accepts(path.join(root, f))) ws.set(`file://${path.join(root, f)}`, fs.readFileSync(path.join(root, f), 'utf8'));
  }
  return ws;
}

describe('new document template', () => {
  for (const kind of [moduleKind, projectKind]) {
    it(`a new ${kind.noun} has every section and field, and no diagnostic`, () => {
      const text = documentTemplate({ kind, id: kind.idPrefix + '777', title: 'Stream "Joins" | Windows', role: 'Data Engineer', levels: defaultSchema.proficiencyLevels });
      const ws = new RoadmapWorkspace();
      ws.set('file:///ws/new.md', text);
      const doc = ws.get('file:///ws/new.md')!;
      assert.equal(doc.kind?.key, kind.key);
      assert.equal(doc.id, kind.idPrefix + '777');
      assert.equal(doc.title, 'Stream "Joins" | Windows');
      assert.deepEqual(doc.roles.map((r) => r.text), ['Data Engineer']);
      assert.deepEqual(doc.sections.map((s) => s.name), kind.sections.map((s) => s.name));
      assert.ok(kind.fields.every((f) => doc.fields.some((x) => x.schema === f)), 'every overview field');
      assert.equal(doc.tables.length, kind.tables.length);
      const diagnostics = ws.diagnostics('file:///ws/new.md');
      assert.deepEqual(diagnostics.map((d) => `${d.code}: ${d.message}`), []);
    });
  }

  it('follows a roadmap.config.json: its own kinds (with phases or not) and its proficiency levels', () => {
    const config = resolveConfig(
      JSON.stringify({
        proficiencyLevels: ['Novice', 'Competent', 'Expert'],
        kinds: [
          {
            key: 'workshop',
            title: 'Workshop Plan',
            idPattern: 'WS-\\d{2,}',
            sections: ['Workshop Overview', 'Agenda', 'Skills', 'Schedule'],
            fields: [
              { label: 'Workshop ID', role: 'id' },
              { label: 'Workshop Title', role: 'title' },
              { label: 'Audience', role: 'roles' },
              { label: 'Length', role: 'duration' },
              { label: 'Builds On', role: 'prerequisites', required: false },
            ],
            tables: [
              { section: 'Skills', columns: ['Competency', 'Proficiency Target', 'Evidence / Assessment', 'Role Alignment'], role: 'competencies' },
              { section: 'Schedule', columns: ['Phase', 'Activities', 'Time', 'Touchpoints'], role: 'phases' },
            ],
          },
        ],
      }),
    );
    assert.deepEqual(config.problems, []);
    const workshop = config.schema.kinds.find((k) => k.key === 'workshop')!;
    const ws = RoadmapWorkspace.fromConfig(config);
    for (const kind of [workshop, config.schema.kinds.find((k) => k.key === 'module')!]) {
      const id = nextFreeId([], kind, 'Facilitator');
      const text = documentTemplate({ kind, id, title: 'Kick-off', role: 'Facilitator', levels: config.schema.proficiencyLevels });
      ws.set(`file:///ws/${kind.key}.md`, text);
      const doc = ws.get(`file:///ws/${kind.key}.md`)!;
      assert.equal(doc.kind?.key, kind.key);
      assert.equal(doc.id, id);
      assert.deepEqual(ws.diagnostics(`file:///ws/${kind.key}.md`).map((d) => `${d.code}: ${d.message}`), [], kind.key);
      // The competency row targets a level of this workspace, not the default "Working".
      assert.deepEqual(doc.competencies.map((c) => c.level?.text), ['Competent'], kind.key);
    }
    assert.equal(nextFreeId([], workshop), 'WS-101');
    assert.equal(levelFor(['Novice', 'Competent', 'Expert']), 'Competent');
    assert.equal(levelFor(['Aware', 'Working', 'Expert', 'Master']), 'Working');
  });

  it('stays clean inside the example curriculum (with its competency framework), under the proposed ID', () => {
    const ws = curriculum();
    const nodes = buildRoadmapGraph(ws.index).nodes;
    const competency = competencyFor(nodes, 'Data Engineer');
    assert.ok(competency);
    for (const kind of [moduleKind, projectKind]) {
      const id = nextFreeId(nodes, kind, 'Data Engineer');
      const uri = `file://${path.resolve('examples/curriculum')}/data-engineer/new-${kind.key}.md`;
      ws.set(uri, documentTemplate({ kind, id, title: 'Something New', role: 'Data Engineer', competency, levels: ws.schema.schema.proficiencyLevels }));
      assert.deepEqual(ws.diagnostics(uri).map((d) => d.code), [], kind.key);
    }
  });
});

describe('new document: ID, folder, file name', () => {
  const graph = buildRoadmapGraph(curriculum().index);
  const root = `file://${path.resolve('examples/curriculum')}`;

  it('proposes the next free ID of the role’s range', () => {
    assert.equal(nextFreeId(graph.nodes, moduleKind, 'Data Engineer'), 'MOD-206');
    assert.equal(nextFreeId(graph.nodes, moduleKind, 'Junior Data Engineer'), 'MOD-105');
    assert.equal(nextFreeId(graph.nodes, projectKind, 'Senior Data Engineer'), 'PROJ-311');
    assert.equal(nextFreeId(graph.nodes, moduleKind, 'Analytics Engineer'), 'MOD-305', 'a new role: past the highest');
    assert.equal(nextFreeId([], moduleKind), 'MOD-101', 'an empty workspace');
    const taken = [...graph.nodes, { id: 'MOD-206', roles: [], defined: false }];
    assert.equal(nextFreeId(taken, moduleKind, 'Data Engineer'), 'MOD-207', 'never an ID the graph has, even undefined');
  });

  it('checks a typed ID against the pattern and the workspace', () => {
    assert.equal(checkNewId('MOD-206', moduleKind, graph.nodes), undefined);
    assert.match(checkNewId('MOD-201', moduleKind, graph.nodes)!, /already defined/);
    assert.match(checkNewId('MOD-2', moduleKind, graph.nodes)!, /looks like MOD-101/);
    assert.match(checkNewId('PROJ-900', moduleKind, graph.nodes)!, /looks like/);
  });

  it('puts the document where the workspace keeps that kind and role', () => {
    assert.equal(folderFor(graph.nodes, 'module', 'Data Engineer'), `${root}/data-engineer`);
    assert.equal(folderFor(graph.nodes, 'project', 'Junior Data Engineer'), `${root}/junior-data-engineer`);
    // A new role, where every role has a folder of its name: a new folder beside them.
    assert.equal(folderFor(graph.nodes, 'module', 'Analytics Engineer'), `${root}/analytics-engineer`);
    assert.equal(folderFor([], 'module', 'Data Engineer'), undefined, 'nothing to go by: the caller uses the workspace root');
  });

  it('names the file as the curriculum does', () => {
    assert.equal(fileNameFor('MOD-206', 'Stream Joins & Windows'), 'mod-206-stream-joins-and-windows.md');
    assert.equal(fileNameFor('PROJ-211', 'Café Analytics: Réel'), 'proj-211-cafe-analytics-reel.md');
    assert.equal(fileNameFor('MOD-1', '!!!'), 'mod-1.md');
    assert.ok(slug('x'.repeat(100)).length <= 60);
  });
});

describe('new document template: table cells', () => {
  it('escapes a pipe in the role and competency of its alignment row, so the table keeps its shape', () => {
    const kind = defaultSchema.kinds.find((k) => k.key === 'module')!;
    const text = documentTemplate({ kind, id: 'MOD-777', title: 'Pipes', role: 'Data | Platform Engineer', competency: 'a|b', levels: defaultSchema.proficiencyLevels });
    assert.match(text, /^\| a\\\|b \| Working \| Evidence or assessment \| Data \\\| Platform Engineer \|$/m);
    const ws = new RoadmapWorkspace();
    ws.set('file:///ws/p.md', text);
    assert.deepEqual(ws.diagnostics('file:///ws/p.md').filter((d) => d.code === 'table-shape').map((d) => d.message), []);
  });
});
