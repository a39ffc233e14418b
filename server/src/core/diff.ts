/**
 * What changed between two versions of a curriculum (`roadmap diff BASE [HEAD]`):
 * documents added, removed and changed (by ID), prerequisite and next edges added
 * and removed (as `roadmap graph` shapes them), each role track's hours and critical
 * path before and after, documents whose blocking count moved a lot, and the
 * diagnostics the change introduced and fixed.
 *
 * Both versions come as texts in memory (where they were read from is the CLI's
 * business). When their configuration is the same, one workspace holds the base,
 * is moved to the head by the changed files only, and back: each move is an edit
 * of the index, whose affected sets (the documents whose diagnostics may change)
 * say which documents to check on both sides, so a pull request of a few documents
 * in a curriculum of 10,000 checks a few dozen of them, not 20,000. When the
 * configuration differs, every document is checked on both sides.
 */
import { computeAnalytics, type TrackAnalytics } from './analytics';
import type { ResolvedConfig } from './config/config';
import { matchFindings, type Finding } from './findings';
import { graphEdges } from './graphData';
import { compareEdges, compareIds } from './ids';
import type { Severity } from './rules/types';
import { RoadmapWorkspace } from './workspace';

/** One version of the curriculum. */
export interface CurriculumVersion {
  /** The documents by path relative to the curriculum's root (`/`-separated); `size` in bytes when `text` is only its beginning. */
  files: ReadonlyMap<string, { text: string; size?: number }>;
  config: ResolvedConfig;
  framework?: string[];
  /** Equal for two versions whose configuration (and competency framework) are the same. */
  configKey: string;
}

export interface DiffOptions {
  /** The URI a path has in the workspace (the same on both sides). */
  uriOf(path: string): string;
  /** A document's blocking count must move by at least this much to be reported (default 5). */
  blockingThreshold?: number;
}

export interface DiffDocument {
  id: string;
  path: string;
  title: string | null;
  /** Its hours (the analytics' `hours`: Duration total, a project's Estimated Duration); null when it gives none. */
  hours: number | null;
}

export interface ChangedDocument {
  id: string;
  path: string;
  /** Where it was, when it moved. */
  pathBefore?: string;
  title: string | null;
  hoursBefore: number | null;
  hoursAfter: number | null;
}

export interface DiffEdge {
  from: string;
  to: string;
  type: 'prerequisite' | 'next';
}

export interface DiffDiagnostic extends Finding {
  line: number;
  column: number;
  severity: Severity;
}

export interface TrackChange {
  role: string;
  /** Null on a side where no document targets the role. */
  hoursBefore: number | null;
  hoursAfter: number | null;
  weeksBefore: number | null;
  weeksAfter: number | null;
  /** The IDs of the critical path, first required first; empty when every document of the track is on or after a cycle. */
  criticalPathBefore: string[] | null;
  criticalPathAfter: string[] | null;
  criticalPathHoursBefore: number | null;
  criticalPathHoursAfter: number | null;
}

export interface BlockingChange {
  id: string;
  before: number;
  after: number;
}

export interface CurriculumDiff {
  documents: { added: DiffDocument[]; removed: DiffDocument[]; changed: ChangedDocument[] };
  edges: { added: DiffEdge[]; removed: DiffEdge[] };
  /** Every role track on either side, in role order. */
  tracks: TrackChange[];
  /** Documents whose blocking count moved by at least the threshold, the largest moves first. */
  blocking: BlockingChange[];
  blockingThreshold: number;
  diagnostics: { introduced: DiffDiagnostic[]; fixed: DiffDiagnostic[] };
  /** Files whose text differs, and how many documents were checked on each side to find the diagnostics. */
  stats: { filesChanged: number; checkedBefore: number; checkedAfter: number; sameConfig: boolean };
}

/** What one side looks like, taken while the workspace holds it (from the index's facts: no document is modelled for it). */
interface Snapshot {
  /** ID -> the paths defining it, in path order. */
  documents: Map<string, string[]>;
  edges: Map<string, DiffEdge>;
  /** The analytics: each role's track, each ID's hours and blocking count. */
  tracks: Map<string, Pick<TrackAnalytics, 'hours' | 'weeks' | 'criticalPath'>>;
  figures: Map<string, { hours: number | null; blocking: number }>;
}

const byId = (a: { id: string }, b: { id: string }) => compareIds(a.id, b.id);
const edgeKey = (e: DiffEdge) => `${e.from}>${e.to}>${e.type}`;

function snapshot(ws: RoadmapWorkspace, pathOf: (uri: string) => string, hoursPerWeek: number): Snapshot {
  const documents: Snapshot['documents'] = new Map();
  for (const uri of ws.index.uris()) {
    const id = ws.index.factsOf(uri)?.id;
    if (!id) continue;
    const paths = documents.get(id);
    if (paths) paths.push(pathOf(uri));
    else documents.set(id, [pathOf(uri)]);
  }
  for (const paths of documents.values()) paths.sort();
  const edges = new Map<string, DiffEdge>();
  for (const e of graphEdges(ws.index)) {
    const edge: DiffEdge = { from: e.from, to: e.to, type: e.type };
    edges.set(edgeKey(edge), edge);
  }
  const analytics = computeAnalytics(ws, { hoursPerWeek });
  const tracks: Snapshot['tracks'] = new Map(analytics.tracks.map((t) => [t.role, { hours: t.hours, weeks: t.weeks, criticalPath: { ids: [...t.criticalPath.ids], hours: t.criticalPath.hours } }]));
  const figures: Snapshot['figures'] = new Map(analytics.documents.map((d) => [d.id, { hours: d.hours, blocking: d.blocking }]));
  return { documents, edges, tracks, figures };
}

/** The title of the document at `path` (modelling it), while the workspace holds the side it is on. */
function titleAt(ws: RoadmapWorkspace, uri: string): string | null {
  return ws.get(uri)?.title ?? null;
}

function diagnosticsOf(ws: RoadmapWorkspace, uris: Iterable<string>, pathOf: (uri: string) => string): DiffDiagnostic[] {
  const out: DiffDiagnostic[] = [];
  for (const uri of uris) {
    if (!ws.index.factsOf(uri)) continue;
    for (const d of ws.diagnostics(uri)) {
      out.push({ path: pathOf(uri), line: d.range.start.line + 1, column: d.range.start.character + 1, code: d.code, severity: d.severity, message: d.message });
    }
  }
  return out;
}

export function diffCurricula(base: CurriculumVersion, head: CurriculumVersion, options: DiffOptions): CurriculumDiff {
  const paths = [...new Set([...base.files.keys(), ...head.files.keys()])].sort();
  const uris = new Map<string, string>();
  const pathByUri = new Map<string, string>();
  for (const p of paths) {
    const uri = options.uriOf(p);
    uris.set(p, uri);
    pathByUri.set(uri, p);
  }
  const pathOf = (uri: string) => pathByUri.get(uri) ?? uri;
  const changes = paths.filter((p) => {
    const a = base.files.get(p);
    const b = head.files.get(p);
    return a?.text !== b?.text || a?.size !== b?.size;
  });

  /** A workspace of one version, every document modelled (the analytics read every document's hours). */
  const open = (v: CurriculumVersion) => {
    const ws = RoadmapWorkspace.fromConfig(v.config, { framework: v.framework, describe: pathOf });
    ws.index.bulk(() => {
      for (const [p, f] of v.files) ws.set(uris.get(p)!, f.text, f.size);
    });
    return ws;
  };

  let before: Snapshot;
  let after: Snapshot;
  const documents: CurriculumDiff['documents'] = { added: [], removed: [], changed: [] };
  const changedPaths = new Set(changes);
  /** Compares the snapshots (documents by ID); the titles of added and changed documents from the head now. */
  const compare = (ws: RoadmapWorkspace) => {
    for (const [id, b] of after.documents) {
      const a = before.documents.get(id);
      const changed = a && (a.join('\n') !== b.join('\n') || b.some((p) => changedPaths.has(p)));
      const title = !a || changed ? titleAt(ws, uris.get(b[0])!) : null;
      const hours = after.figures.get(id)?.hours ?? null;
      if (!a) documents.added.push({ id, path: b[0], title, hours });
      else if (changed) {
        documents.changed.push({ id, path: b[0], ...(a[0] !== b[0] ? { pathBefore: a[0] } : {}), title, hoursBefore: before.figures.get(id)?.hours ?? null, hoursAfter: hours });
      }
    }
  };
  /** The removed documents, with their titles from the base. */
  const removed = (ws: RoadmapWorkspace) => {
    for (const [id, a] of before.documents) {
      if (!after.documents.has(id)) documents.removed.push({ id, path: a[0], title: titleAt(ws, uris.get(a[0])!), hours: before.figures.get(id)?.hours ?? null });
    }
  };
  let diagnosticsBefore: DiffDiagnostic[];
  let diagnosticsAfter: DiffDiagnostic[];
  let checkedBefore: number;
  let checkedAfter: number;
  const sameConfig = base.configKey === head.configKey;
  if (sameConfig) {
    const ws = open(base);
    before = snapshot(ws, pathOf, base.config.pace.hoursPerWeek);
    // Base -> head by the changed files: what each edit affects is what may read differently.
    // (The workspace's own sets add what the index's do not see: the documents requiring
    // one whose levels changed, for the proficiency rules.)
    const affected = new Set<string>();
    for (const u of ws.index.edits(() => {
      for (const p of changes) {
        const f = head.files.get(p);
        for (const u of f ? ws.set(uris.get(p)!, f.text, f.size) : ws.remove(uris.get(p)!)) affected.add(u);
        affected.add(uris.get(p)!);
      }
    })) {
      affected.add(u);
    }
    after = snapshot(ws, pathOf, head.config.pace.hoursPerWeek);
    compare(ws);
    diagnosticsAfter = diagnosticsOf(ws, affected, pathOf);
    checkedAfter = [...affected].filter((u) => head.files.has(pathOf(u))).length;
    // And back, to read the same documents as they were (the same documents on both sides:
    // those whose diagnostics may differ between the two versions are the ones the edits
    // from one to the other affect, whichever way they are made).
    ws.index.edits(() => {
      for (const p of changes) {
        const f = base.files.get(p);
        if (f) ws.set(uris.get(p)!, f.text, f.size);
        else ws.remove(uris.get(p)!);
      }
    });
    diagnosticsBefore = diagnosticsOf(ws, affected, pathOf);
    checkedBefore = [...affected].filter((u) => base.files.has(pathOf(u))).length;
    removed(ws);
  } else {
    const a = open(base);
    before = snapshot(a, pathOf, base.config.pace.hoursPerWeek);
    diagnosticsBefore = diagnosticsOf(a, [...base.files.keys()].map((p) => uris.get(p)!), pathOf);
    const b = open(head);
    after = snapshot(b, pathOf, head.config.pace.hoursPerWeek);
    compare(b);
    removed(a);
    diagnosticsAfter = diagnosticsOf(b, [...head.files.keys()].map((p) => uris.get(p)!), pathOf);
    checkedBefore = base.files.size;
    checkedAfter = head.files.size;
  }

  documents.added.sort(byId);
  documents.removed.sort(byId);
  documents.changed.sort(byId);

  const edges = {
    added: [...after.edges].filter(([k]) => !before.edges.has(k)).map(([, e]) => e).sort(compareEdges),
    removed: [...before.edges].filter(([k]) => !after.edges.has(k)).map(([, e]) => e).sort(compareEdges),
  };

  const tracks: TrackChange[] = [...new Set([...before.tracks.keys(), ...after.tracks.keys()])].sort(compareIds).map((role) => {
    const a = before.tracks.get(role);
    const b = after.tracks.get(role);
    return {
      role,
      hoursBefore: a?.hours ?? null,
      hoursAfter: b?.hours ?? null,
      weeksBefore: a?.weeks ?? null,
      weeksAfter: b?.weeks ?? null,
      criticalPathBefore: a?.criticalPath.ids ?? null,
      criticalPathAfter: b?.criticalPath.ids ?? null,
      criticalPathHoursBefore: a?.criticalPath.hours ?? null,
      criticalPathHoursAfter: b?.criticalPath.hours ?? null,
    };
  });

  const threshold = options.blockingThreshold ?? 5;
  const blocking: BlockingChange[] = [];
  for (const [id, b] of after.figures) {
    const a = before.figures.get(id);
    if (a && Math.abs(b.blocking - a.blocking) >= threshold) blocking.push({ id, before: a.blocking, after: b.blocking });
  }
  blocking.sort((x, y) => Math.abs(y.after - y.before) - Math.abs(x.after - x.before) || compareIds(x.id, y.id));

  const m = matchFindings(diagnosticsAfter, diagnosticsBefore);
  return {
    documents,
    edges,
    tracks,
    blocking,
    blockingThreshold: threshold,
    diagnostics: { introduced: m.added, fixed: m.gone },
    stats: { filesChanged: changes.length, checkedBefore, checkedAfter, sameConfig },
  };
}
