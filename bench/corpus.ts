/**
 * A deterministic, seeded corpus of roadmap documents for the benchmark and the
 * accuracy test: module roadmaps and project plans in the seeds' format
 * (the format of the seed documents; this module reads no file, and needs no
 * ../shared beside the checkout), with their real variation, a prerequisite DAG across role
 * levels, and a known fraction of injected defects written down in a ground-truth
 * manifest.
 *
 * Pure: `generateCorpus` returns texts and the manifest; writing them to disk is
 * the caller's business (bench/tasks.ts).
 *
 * Clean documents are clean for every rule of the design, not only the ones
 * registered today: every mentioned ID is defined, durations add up, tables have
 * the schema's columns and full rows, sections come in schema order and none is
 * unknown, proficiency targets come from the schema's levels, Role Alignment names
 * one of the Target Role(s), and every prerequisite edge is mirrored by a Next
 * Module(s) entry (and the reverse).
 *
 * Variation taken from the seeds (each at some rate): label suffixes
 * (`**Builds On** (modules/roles):`, `**Solution Path / Repo**:`), the colon inside
 * the bold (`**Module ID:**`), nested bullets under fields (Prerequisites, Next
 * Module(s), Target Role(s), resources), IDs among prose and with titles
 * (`MOD-205 Multi-Cloud`), `None`, inline code spans (`` `MOD-205` ``), task lists,
 * numbered lists with bold heads, non-ASCII punctuation (– — ≥), stray text after
 * the last section (`#*** End Patch`), a missing final newline; and, beyond the
 * seeds, fenced code and HTML comments holding IDs that are not mentions.
 *
 * Overview labels in the mix authors write them (measured on a held-out corpus of
 * 10,000 documents, issue 14: 681 modules with Estimated Duration, 655 naming the next
 * modules with a synonym), each a label the default schema knows:
 *   module Duration: Duration 90%, Estimated Duration 8%, Total Duration 1%, Estimated Hours 1%;
 *   module Next Module(s): Next Module(s) 92%, Next Steps 3%, Unlocks 2%, Leads To 2%, Next Modules 1%;
 *   module Prerequisites: Prerequisites 86%, Prerequisite Modules 10%, Requires 2%, Depends On 2%;
 *   Target Role(s): Target Role(s) 90%, Target Roles 8%, Target Role 2% (one role only);
 *   project Estimated Duration: Estimated Duration 95%, Duration 5%.
 *
 * Defects: one per defective document, of the eleven codes registered in
 * server/src/core/rules/registry.ts, spread evenly. duplicate-id flags two files and
 * prerequisite-cycle two or three; the manifest lists every file a defect flags,
 * with the 1-based line of each expected diagnostic.
 */
import { Random } from '../test/fixtures/random';

export const GENERATOR_VERSION = 4;

/** The eleven rule codes the generator injects. */
export const DEFECT_CODES = [
  'missing-section',
  'empty-section',
  'missing-field',
  'unknown-field',
  'invalid-id',
  'duplicate-id',
  'unknown-reference',
  'self-reference',
  'prerequisite-cycle',
  'duration-mismatch',
  'table-shape',
] as const;
export type DefectCode = (typeof DEFECT_CODES)[number];

export interface CorpusOptions {
  seed: number;
  /** Number of documents. */
  size: number;
  /** Fraction of documents given one injected defect (default 0.05; at least one per code). */
  defectRate?: number;
  /**
   * How many documents cite the hot ID (MOD-100) once in prose (default 1000,
   * at most every other document).
   */
  hotMentions?: number;
}

export interface Expected {
  code: DefectCode;
  /** 1-based line of the diagnostic's range start. */
  line: number;
}

export interface InjectedDefect {
  code: DefectCode;
  /** A short name of the variant, e.g. `row-missing-cell`. */
  variant: string;
  /** The document the defect was injected into. */
  path: string;
  /** Every file the defect makes a diagnostic in (the injected one first), with the expected diagnostics. */
  files: Array<{ path: string; expected: Expected[] }>;
}

export interface Manifest {
  generator: number;
  seed: number;
  size: number;
  defectRate: number;
  modules: number;
  projects: number;
  /** The ID cited in prose by many documents (references / rename benchmark). */
  hotId: string;
  hotPath: string;
  /** Mentions of the hot ID in the whole corpus, its definition included. */
  hotMentions: number;
  defects: InjectedDefect[];
  /** Every file with an expected diagnostic, and those diagnostics. Every other file is clean. */
  expected: Record<string, Expected[]>;
  /** Documents picked for the benchmark's scenarios. */
  bench: {
    /** An open-and-type document: a module with a persistent diagnostic, prerequisites and a hot mention. */
    editPath: string;
    /** A clean module whose ID a clean dependent lists as a prerequisite. */
    dependency: { path: string; id: string; dependentPath: string };
  };
}

export interface CorpusFile {
  path: string;
  text: string;
}

export interface Corpus {
  files: CorpusFile[];
  manifest: Manifest;
}

// --- randomness ----------------------------------------------------------------

/** The one seeded generator of the tests and the bench. */
const Rng = Random;
type Rng = Random;

// --- vocabulary -----------------------------------------------------------------

interface Track {
  slug: string;
  /** Roles by level 1..4. */
  roles: [string, string, string, string];
  topics: string[];
  competencies: string[];
}

const TRACKS: Track[] = [
  {
    slug: 'ai-infrastructure',
    roles: ['Junior AI Infrastructure Engineer', 'AI Infrastructure Engineer', 'Senior AI Infrastructure Engineer', 'AI Infrastructure Architect'],
    topics: ['Multi-Cloud Architecture', 'Infrastructure as Code', 'GPU Cluster Operations', 'Kubernetes for ML', 'High Availability', 'Disaster Recovery', 'LLM Serving Infrastructure', 'Observability', 'FinOps for AI', 'Networking for Training Clusters', 'Secrets Management', 'GitOps Delivery'],
    competencies: ['platform-resilience', 'cloud-architecture-advanced', 'iac-enterprise', 'gitops-automation', 'gpu-operations', 'Infrastructure automation', 'Security & compliance', 'observability-leadership'],
  },
  {
    slug: 'data-engineering',
    roles: ['Junior Data Engineer', 'Data Engineer', 'Senior Data Engineer', 'Data Platform Architect'],
    topics: ['SQL Foundations', 'Batch ETL Orchestration', 'Dimensional Modeling', 'Lakehouse Pipelines', 'Stream Processing', 'Data Quality Testing', 'Governance & Lineage', 'Cost & Performance Engineering', 'Change Data Capture', 'Data Contracts', 'Warehouse Design', 'Schema Evolution'],
    competencies: ['sql-analytics', 'data-modeling', 'stream-processing', 'lakehouse-engineering', 'data-quality', 'schema-evolution', 'Pipeline orchestration', 'platform-architecture'],
  },
  {
    slug: 'ml-engineering',
    roles: ['Junior ML Engineer', 'ML Engineer', 'Senior ML Engineer', 'ML Platform Architect'],
    topics: ['Feature Stores', 'Model Training Pipelines', 'Experiment Tracking', 'Model Serving', 'Online Evaluation', 'Drift Monitoring', 'Distributed Training', 'Retrieval-Augmented Generation', 'Model Governance', 'Inference Optimization', 'Labeling Operations', 'Responsible AI'],
    competencies: ['ml-pipelines', 'model-serving', 'experiment-design', 'feature-engineering', 'mlops-automation', 'Model evaluation', 'responsible-ai', 'distributed-training'],
  },
  {
    slug: 'platform-security',
    roles: ['Junior Security Engineer', 'Security Engineer', 'Senior Security Engineer', 'Security Architect'],
    topics: ['Identity & Access', 'Policy as Code', 'Supply Chain Security', 'Threat Modeling', 'Zero Trust Networking', 'Incident Response', 'Compliance Automation', 'Container Hardening', 'Key Management', 'Audit Evidence', 'Secure SDLC', 'Cloud Security Posture'],
    competencies: ['identity-governance', 'policy-as-code', 'threat-modeling', 'incident-response', 'compliance-governance', 'Supply chain integrity', 'zero-trust-design', 'security-automation'],
  },
];

const QUALIFIERS = ['', '', 'Advanced ', 'Applied ', 'Enterprise ', 'Foundations of ', 'Scaling ', 'Production ', 'Practical '];
const SUFFIXES = ['', '', ' & Resilience', ' at Scale', ' for ML Platforms', ' in Practice', ' & Governance', ' Fundamentals'];
const LEVELS = ['Awareness', 'Foundational', 'Working', 'Proficient', 'Advanced', 'Expert'] as const;
const EVIDENCE = ['DR simulation & audit pass', 'Multi-cloud design review', 'Module code review + deployment demo', 'Policy-as-code and drift reports', 'Reliability architecture + test evidence', 'Chaos program charter & drill report', 'Lab rubric ≥80%', 'Peer design review', 'Capstone defense', 'Automated grader + oral check'];
const VERBS = ['Design', 'Implement', 'Automate', 'Operate', 'Evaluate', 'Document', 'Harden', 'Benchmark', 'Govern', 'Troubleshoot'];
const OBJECTS = ['resilient pipelines with measurable SLOs', 'reusable modules with tests and versioning', 'failover and recovery drills achieving <1 minute RTO', 'policy checks enforced in CI/CD', 'cost and capacity guardrails across environments', 'dashboards that expose latency, errors and cost', 'runbooks that a new team member can follow', 'promotion workflows with drift detection', 'access controls audited against least privilege', 'experiments with reproducible results'];
const OUTLINE = ['Architecture patterns', 'State management', 'Pipelines & GitOps', 'Policy & Security', 'Testing Infrastructure', 'Secrets & Observability', 'Documentation & Governance', 'Cost & Sustainability', 'Reliability Goals', 'Chaos & Testing', 'Reporting & Governance', 'Migration Planning'];
const OUTLINE_TAIL = ['module structure, versioning, registries', 'SLOs, error budgets, continuity requirements', 'CI/CD workflows, promotion, drift detection', 'OPA/Conftest, Sentinel, baseline tagging, compliance gates', 'unit tests, integration tests, sandbox environments', 'secret backends, monitoring hooks, logging integration', 'READMEs, changelog, support model', 'balance redundancy with budget targets', 'active-active/active-passive, cell-based, regional isolation'];
const ASSETS = ['Multi-cloud network baseline', 'DR automation', 'Cost & policy governance', 'Reliability architecture pack', 'Chaos experiment suite', 'Build reusable module', 'Implement GitOps pipeline', 'Apply policy-as-code', 'Streaming job with keyed state', 'Feature pipeline backfill'];
const CRITERIA = ['Secure connectivity with latency <30ms', 'Automated failover drill meeting RTO goal', 'Tagging/policy enforcement pipeline', 'Published with versioning and tests', 'Promotion workflow demo; drift detected & reconciled', 'Failing policy blocks deployment; report generated', '≥80% score', 'Correct results under replayed traffic'];
const VALIDATIONS = ['Network compliance check', 'Chaos + DR report', 'FinOps dashboard review', '`terraform validate` + Terratest', 'CI pipeline run', 'OPA policy check', 'Quiz auto-grader', 'Replay comparison test'];
const CHECKS = ['DR drills documented with metrics and improvement backlog.', 'Network designs include security controls (firewalls, zero trust, secrets).', 'Module objectives map to competency framework', 'Hands-on assets cover key skills', 'Automation examples validated by scripts', 'Assessment rubric aligned with learning objectives', 'Solutions validated per repository strategy', 'Module advances prior-role content without duplicating material'];
const TOOLS = ['Terraform/Pulumi', 'Crossplane', 'ArgoCD/Flux', 'Conftest/OPA', 'Terratest (Go)', 'Vault/Secrets Manager', 'Prometheus/Grafana', 'Apache Flink 1.19+', 'Kafka with schema registry', 'Chaos Mesh/Litmus', 'MLflow', 'Kubeflow Pipelines'];
const PHASES = ['Architect', 'Build', 'Validate', 'Harden', 'Present'];
const RISKS = ['Cross-cloud complexity', 'Compliance gaps', 'Operational overhead', 'Scope creep', 'Data access delays', 'Tooling drift'];

function slug(s: string): string {
  return s
    .toLowerCase()
    .replace(/&/g, 'and')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

// --- the curriculum ---------------------------------------------------------------

type Kind = 'module' | 'project';

interface Doc {
  i: number;
  kind: Kind;
  num: number;
  id: string;
  track: Track;
  /** 1..4 */
  level: number;
  title: string;
  roles: string[];
  path: string;
  /** Prerequisite IDs (edges), in order. */
  prereqs: string[];
  /** Next IDs (edges; modules only), in order. */
  next: string[];
  /** IDs cited in prose (defined, never isolated). */
  prose: string[];
  citesHot: boolean;
  /** Nobody mentions it, it has no edges: its ID may be broken without side effects. */
  isolated: boolean;
  /** Taken by a defect (injected into it, or flagged by it). */
  involved: boolean;
  defect?: DefectPlan;
  /**
   * The highest level (index into LEVELS) of each competency (lower case) over this
   * document and everything it requires; set when it is rendered (prerequisites are
   * rendered first). Levels never drop along a chain, and a competency first appears
   * at Proficient at most, so that the clean documents stay clean under
   * proficiency-regression and proficiency-jump.
   */
  peaks?: Map<string, number>;
  /** Documents listing this one as next. */
  requiredFrom: string[];
}

interface DefectPlan {
  code: DefectCode;
  variant: string;
  /** duplicate-id: the ID to write in the ID field. */
  dupOf?: string;
  /** unknown-reference: the undefined ID. */
  unknownId?: string;
}

const DEPENDENT_CAP = 8;

export function generateCorpus(options: CorpusOptions): Corpus {
  const { seed, size } = options;
  if (size < 40) throw new Error('generateCorpus: at least 40 documents');
  const defectRate = options.defectRate ?? 0.05;
  const rng = new Rng(seed);

  // 1. Kinds, levels, tracks and IDs. Levels rise with the index, so IDs are in
  //    topological order and prerequisites always point at smaller numbers.
  const docs: Doc[] = [];
  let modules = 0;
  let projects = 0;
  for (let i = 0; i < size; i++) {
    const level = 1 + Math.floor((4 * i) / size);
    const kind: Kind = i > 0 && rng.chance(0.15) ? 'project' : 'module';
    const num = 100 + (kind === 'module' ? modules++ : projects++);
    const id = `${kind === 'module' ? 'MOD' : 'PROJ'}-${num}`;
    const track = i === 0 ? TRACKS[0] : rng.pick(TRACKS);
    const topic = rng.pick(track.topics);
    const title = kind === 'module' ? `${rng.pick(QUALIFIERS)}${topic}${rng.pick(SUFFIXES)}`.trim() : `${topic} Capstone: ${rng.pick(['Multi-Region Platform', 'Enterprise Rollout', 'Reference Implementation', 'Migration Program', 'Readiness Review'])}`;
    const roles = [track.roles[level - 1]];
    if (level < 4 && rng.chance(0.12)) roles.push(track.roles[level]);
    const role = slug(track.roles[level - 1]);
    const path = `${track.slug}/${role}/${kind === 'module' ? 'mod' : 'proj'}-${num}-${slug(title)}.md`;
    docs.push({ i, kind, num, id, track, level, title, roles, path, prereqs: [], next: [], prose: [], citesHot: false, isolated: false, involved: false, requiredFrom: [] });
  }
  const hot = docs[0];
  hot.involved = true; // never defective, never a partner
  const byId = new Map(docs.map((d) => [d.id, d]));

  // 2. Defects: how many of each code, and the isolated documents that invalid-id and
  //    duplicate-id need (a broken ID must not break the references of others).
  const defectCount = Math.max(DEFECT_CODES.length, Math.round(size * defectRate));
  const codeOrder = rng.shuffle([...DEFECT_CODES]);
  const plannedCodes: DefectCode[] = [];
  for (let k = 0; k < defectCount; k++) plannedCodes.push(codeOrder[k % codeOrder.length]);
  const free = () => docs.filter((d) => !d.involved);
  for (const code of plannedCodes) {
    if (code !== 'invalid-id' && code !== 'duplicate-id') continue;
    const cands = free().filter((d) => d.i > size * 0.05);
    const d = rng.pick(cands);
    d.isolated = true;
    d.involved = true;
    d.defect = { code, variant: '' };
  }

  // 3. Prerequisite edges across role levels, each mirrored by a next edge.
  const dependents = new Map<string, number>();
  const poolByTrackLevel = new Map<string, Doc[]>();
  const poolKey = (t: Track, level: number) => `${t.slug}#${level}`;
  for (const d of docs) {
    if (!d.isolated) {
      const wanted = d.kind === 'project' ? rng.int(2, 4) : d.i === 0 || rng.chance(0.06) ? 0 : rng.int(1, 3);
      const sources: Doc[] = [];
      const add = (pool: Doc[] | undefined, k: number) => {
        if (!pool || k <= 0) return;
        const window = pool.slice(-40).filter((p) => (dependents.get(p.id) ?? 0) < DEPENDENT_CAP && !sources.includes(p));
        sources.push(...rng.sample(window, k));
      };
      if (d.kind === 'project') add(poolByTrackLevel.get(poolKey(d.track, d.level)), wanted);
      else {
        const lower = d.level > 1 ? poolByTrackLevel.get(poolKey(d.track, d.level - 1)) : undefined;
        const same = poolByTrackLevel.get(poolKey(d.track, d.level));
        const fromLower = lower ? Math.max(1, wanted - 1) : 0;
        add(lower, Math.min(wanted, fromLower));
        add(same, wanted - sources.length);
        if (sources.length < wanted && d.level > 1 && rng.chance(0.3)) {
          add(poolByTrackLevel.get(poolKey(rng.pick(TRACKS), d.level - 1)), 1);
        }
      }
      for (const s of sources) {
        d.prereqs.push(s.id);
        s.next.push(d.id);
        dependents.set(s.id, (dependents.get(s.id) ?? 0) + 1);
      }
    }
    if (d.kind === 'module' && !d.isolated) {
      const key = poolKey(d.track, d.level);
      if (!poolByTrackLevel.has(key)) poolByTrackLevel.set(key, []);
      poolByTrackLevel.get(key)!.push(d);
    }
  }

  // 4. Prose: a few earlier documents cited by ID, and the hot ID cited by many.
  for (const d of docs) {
    const earlier: Doc[] = [];
    for (let j = Math.max(0, d.i - 200); j < d.i; j++) if (!docs[j].isolated) earlier.push(docs[j]);
    d.prose = rng.sample(earlier, Math.min(earlier.length, rng.int(0, 2))).map((c) => c.id);
  }
  const hotWanted = options.hotMentions ?? 1000;
  const others = docs.length - 1;
  const citing = Math.min(others, hotWanted);
  const step = others / citing;
  for (let k = 0; k < citing; k++) docs[1 + Math.floor(k * step)].citesHot = true;

  // 5. The remaining defects, on free documents (and free partners).
  const defects: InjectedDefect[] = [];
  const undefinedBase = 900000;
  let undefinedNext = undefinedBase;
  const takeFree = (filter: (d: Doc) => boolean) => {
    const cands = docs.filter((d) => !d.involved && filter(d));
    if (cands.length === 0) throw new Error('generateCorpus: no free document left for a defect');
    const d = rng.pick(cands);
    d.involved = true;
    return d;
  };
  const cycles: Array<{ members: Doc[] }> = [];
  for (const code of plannedCodes) {
    if (code === 'invalid-id' || code === 'duplicate-id') continue;
    if (code === 'prerequisite-cycle') {
      // C lists B, B lists A (existing edges, all modules); A is given C (3-cycle) or B (2-cycle).
      const modulesFree = (d: Doc) => d.kind === 'module' && !d.involved;
      const cands = docs.filter(
        (c) =>
          modulesFree(c) &&
          c.prereqs.some((b) => {
            const bd = byId.get(b)!;
            return modulesFree(bd) && bd.prereqs.some((a) => modulesFree(byId.get(a)!) && !c.prereqs.includes(a));
          }),
      );
      if (cands.length === 0) throw new Error('generateCorpus: no prerequisite chain left for a cycle');
      // Closing the cycle must put exactly its members on it: no other path from
      // `closer` down to A, or the documents on that path would be flagged too.
      let pickedCycle: { a: Doc; b: Doc; c: Doc; three: boolean } | undefined;
      for (let attempt = 0; attempt < 50 && !pickedCycle; attempt++) {
        const c = rng.pick(cands);
        const bs = c.prereqs.filter((x) => modulesFree(byId.get(x)!) && byId.get(x)!.prereqs.some((a) => modulesFree(byId.get(a)!) && !c.prereqs.includes(a)));
        const b = byId.get(rng.pick(bs))!;
        const a = byId.get(rng.pick(b.prereqs.filter((x) => modulesFree(byId.get(x)!) && !c.prereqs.includes(x))))!;
        const three = rng.chance(0.5);
        const onPaths = pathsBetween(three ? c : b, a, byId);
        const want = three ? [a, b, c] : [a, b];
        if (onPaths.size === want.length && want.every((m) => onPaths.has(m.id))) pickedCycle = { a, b, c, three };
      }
      if (!pickedCycle) throw new Error('generateCorpus: no isolated prerequisite chain left for a cycle');
      const { a, b, c, three } = pickedCycle;
      const closer = three ? c : b; // A now requires `closer`, which lists A as next
      a.prereqs.push(closer.id);
      closer.next.push(a.id);
      const members = three ? [a, b, c] : [a, b];
      for (const m of members) m.involved = true;
      a.defect = { code, variant: three ? 'three-cycle' : 'two-cycle' };
      cycles.push({ members });
      continue;
    }
    const d = takeFree((x) => {
      if (code === 'self-reference') return x.kind === 'module' || x.prereqs.length > 0;
      if (code === 'duration-mismatch') return true;
      return true;
    });
    d.defect = { code, variant: '' };
    if (code === 'unknown-reference') d.defect.unknownId = `${d.kind === 'project' && rng.chance(0.3) ? 'PROJ' : 'MOD'}-${undefinedNext++}`;
  }
  // duplicate-id partners: a free document of the same kind whose ID the isolated one copies.
  for (const d of docs) {
    if (d.defect?.code !== 'duplicate-id') continue;
    const partner = takeFree((x) => x.kind === d.kind && !x.isolated);
    d.defect.dupOf = partner.id;
  }

  // 6. Render (a document's levels follow what it requires: its prerequisites, and the
  //    documents listing it as next).
  for (const d of docs) for (const n of d.next) byId.get(n)?.requiredFrom.push(d.id);
  const files: CorpusFile[] = [];
  const rendered = new Map<string, Rendered>();
  for (const d of docs) {
    const r = render(d, rng, byId, hot);
    rendered.set(d.id, r);
    files.push({ path: d.path, text: r.text });
  }

  // 7. The manifest: where each defect is expected.
  const need = (r: Rendered, mark: string): number => {
    const line = r.marks.get(mark);
    if (line === undefined) throw new Error(`generateCorpus: no mark ${mark}`);
    return line;
  };
  for (const d of docs) {
    if (!d.defect) continue;
    const r = rendered.get(d.id)!;
    const p = d.defect;
    const def: InjectedDefect = { code: p.code, variant: r.variant ?? p.variant, path: d.path, files: [] };
    const own = (line: number) => def.files.push({ path: d.path, expected: [{ code: p.code, line }] });
    switch (p.code) {
      case 'missing-section':
        own(need(r, 'h1'));
        break;
      case 'empty-section':
        own(need(r, 'defect'));
        break;
      case 'missing-field':
        own(need(r, 'overview'));
        if (r.marks.has('unknownLabel')) def.files[0].expected.push({ code: 'unknown-field', line: need(r, 'unknownLabel') });
        break;
      case 'unknown-field':
        own(need(r, 'defect'));
        break;
      case 'invalid-id':
        own(need(r, 'idField'));
        break;
      case 'duplicate-id': {
        own(need(r, 'idField'));
        const partner = docs.find((x) => x.id === p.dupOf)!;
        def.files.push({ path: partner.path, expected: [{ code: 'duplicate-id', line: need(rendered.get(partner.id)!, 'idField') }] });
        break;
      }
      case 'unknown-reference':
      case 'self-reference':
      case 'duration-mismatch':
      case 'table-shape':
        own(need(r, 'defect'));
        break;
      case 'prerequisite-cycle': {
        const { members } = cycles.find((c) => c.members[0] === d)!;
        // Each member is flagged on its prerequisite mention of the next member along the cycle.
        // a -> closer -> ... -> a, where a lists closer, c lists b, b lists a.
        const order = members.length === 3 ? [members[0], members[2], members[1]] : [members[0], members[1]];
        for (let k = 0; k < order.length; k++) {
          const from = order[k];
          const to = order[(k + 1) % order.length];
          def.files.push({ path: from.path, expected: [{ code: 'prerequisite-cycle', line: need(rendered.get(from.id)!, `prereq:${to.id}`) }] });
        }
        break;
      }
    }
    defects.push(def);
  }
  const expected: Record<string, Expected[]> = {};
  for (const def of defects) for (const f of def.files) (expected[f.path] ??= []).push(...f.expected);

  // 8. Documents for the benchmark's scenarios.
  const editDoc =
    docs.find((d) => d.kind === 'module' && d.defect?.code === 'duration-mismatch' && d.prereqs.length > 0 && d.citesHot) ??
    docs.find((d) => d.kind === 'module' && d.defect?.code === 'duration-mismatch' && d.prereqs.length > 0) ??
    docs.find((d) => d.defect?.code === 'duration-mismatch')!;
  const dependency = docs.find(
    (d) =>
      d.kind === 'module' &&
      !d.involved &&
      d.i > size / 2 &&
      d.next.some((n) => !byId.get(n)!.involved),
  )!;
  const dependent = byId.get(dependency.next.find((n) => !byId.get(n)!.involved)!)!;

  let hotMentions = 0;
  const hotRe = new RegExp(`(?<![A-Za-z0-9_-])${hot.id}(?![A-Za-z0-9_])`, 'g');
  for (const f of files) hotMentions += f.text.match(hotRe)?.length ?? 0;

  const manifest: Manifest = {
    generator: GENERATOR_VERSION,
    seed,
    size,
    defectRate,
    modules,
    projects,
    hotId: hot.id,
    hotPath: hot.path,
    hotMentions,
    defects,
    expected,
    bench: { editPath: editDoc.path, dependency: { path: dependency.path, id: dependency.id, dependentPath: dependent.path } },
  };
  return { files, manifest };
}

// --- rendering ------------------------------------------------------------------

interface Rendered {
  text: string;
  /** Named lines (1-based): h1, overview, idField, prereq:<ID> (first prerequisite mention), defect. */
  marks: Map<string, number>;
  variant?: string;
}

class Writer {
  readonly lines: string[] = [];
  readonly marks = new Map<string, number>();
  line(text = '', ...marks: string[]): number {
    this.lines.push(text);
    const n = this.lines.length;
    for (const m of marks) if (!this.marks.has(m)) this.marks.set(m, n);
    return n;
  }
  mark(name: string, line = this.lines.length): void {
    if (!this.marks.has(name)) this.marks.set(name, line);
  }
}

interface Section {
  name: string;
  body: (w: Writer) => void;
}

function render(d: Doc, rng: Rng, byId: Map<string, Doc>, hot: Doc): Rendered {
  const w = new Writer();
  const before = new Map<string, number>();
  for (const p of [...d.prereqs, ...d.requiredFrom]) for (const [c, l] of byId.get(p)?.peaks ?? []) before.set(c, Math.max(l, before.get(c) ?? -1));
  d.peaks = new Map(before);
  const defect = d.defect;
  let variant: string | undefined;
  const titleOf = (id: string) => byId.get(id)?.title ?? '';
  const shortTitle = (id: string) => titleOf(id).split(/[ :&]+/).slice(0, 2).join(' ');
  const role = d.roles[0];
  const idText = (() => {
    if (defect?.code === 'duplicate-id') return defect.dupOf!;
    if (defect?.code === 'invalid-id') {
      const v = rng.pick(['short', 'lower', 'space', 'other-kind', 'empty', 'tbd']);
      variant = v;
      const digits = String(d.num);
      if (v === 'short') return `${d.kind === 'module' ? 'MOD' : 'PROJ'}-${digits.slice(0, 2)}`;
      if (v === 'lower') return `${d.kind === 'module' ? 'mod' : 'proj'}-${digits}`;
      if (v === 'space') return `${d.kind === 'module' ? 'MOD' : 'PROJ'} ${digits}`;
      if (v === 'other-kind') return `${d.kind === 'module' ? 'PROJ' : 'MOD'}-${700000 + d.num}`;
      if (v === 'empty') return '';
      return 'TBD';
    }
    return d.id;
  })();
  // Prerequisites as the document lists them; a self-reference is one more.
  const prereqs = [...d.prereqs];
  const selfRef = defect?.code === 'self-reference';
  const unknownInPrereqs = defect?.code === 'unknown-reference' && rng.chance(0.25);
  const unknownId = defect?.unknownId;

  // A field line: `- **Label**: value`, with the seeds' spellings.
  const label = (name: string, suffix?: string) => {
    const style = rng.next();
    if (suffix && style < 0.2) return `**${name}** (${suffix}):`;
    if (style < 0.12) return `**${name}:**`;
    return `**${name}**:`;
  };

  /** A list of IDs as a field value, inline or as nested bullets; marks each prerequisite mention's line. */
  const idListField = (w: Writer, fieldLabel: string, ids: string[], opts: { prereq: boolean; withTitles?: boolean; defectId?: string; lead?: string; tail?: string }) => {
    const all = [...ids];
    if (opts.defectId) all.splice(rng.int(0, all.length), 0, opts.defectId);
    if (all.length === 0) {
      w.line(`- ${fieldLabel} ${rng.pick(['None', 'None', 'None (entry point)', 'None — first module of the track'])}`);
      return;
    }
    const nested = all.length >= 2 && rng.chance(0.12);
    const item = (id: string) => (opts.withTitles || rng.chance(0.15) ? `${id} ${shortTitle(id)}`.trim() : id);
    if (nested) {
      w.line(`- ${fieldLabel}${opts.lead ? ' ' + opts.lead : ''}`);
      for (const id of all) {
        const n = w.line(`  - ${rng.chance(0.2) ? '`' + id + '`' : item(id)}${rng.chance(0.3) ? ` (${shortTitle(id).toLowerCase() || 'module'})` : ''}`);
        if (opts.prereq) w.mark(`prereq:${id}`, n);
        if (id === opts.defectId) w.mark('defect', n);
      }
    } else {
      const n = w.line(`- ${fieldLabel} ${opts.lead ? opts.lead + ' ' : ''}${all.map(item).join(', ')}${opts.tail ?? ''}`);
      for (const id of all) {
        if (opts.prereq) w.mark(`prereq:${id}`, n);
        if (id === opts.defectId) w.mark('defect', n);
      }
    }
  };

  const drop = defect?.code === 'missing-field' ? pickMissingField(d, rng) : undefined;
  if (drop) variant = `no-${slug(drop)}`;
  // Half the dropped durations and assessments are written under a label no field knows (missing-field names it; unknown-field on it).
  const renamed =
    drop === 'duration' && rng.chance(0.5) ? rng.pick(['Length', 'Time Commitment']) : drop === 'related-assessments' && rng.chance(0.5) ? rng.pick(['Assessment Plan', 'Evaluation']) : undefined;
  if (renamed) variant = `${variant}-as-${slug(renamed)}`;

  // Duration: modules `N hours (a lecture, b lab, c project, d assessment)`; projects `N hours` + phases.
  const parts = [rng.int(8, 18), rng.int(10, 24), rng.int(4, 12), rng.int(2, 4)];
  let total = parts.reduce((a, b) => a + b, 0);
  const phaseHours = [rng.int(8, 16), rng.int(30, 56), rng.int(10, 20)];
  if (d.kind === 'project') total = phaseHours.reduce((a, b) => a + b, 0);
  const durationDefect = defect?.code === 'duration-mismatch';
  let durationText: string;
  if (d.kind === 'module') {
    const shown = [...parts];
    if (durationDefect) {
      const k = rng.int(0, 3);
      shown[k] += shown[k] > 4 ? rng.pick([-3, -2, -1, 1, 2, 5]) : rng.pick([1, 2, 5]);
      variant = 'parts';
    }
    const breakdown = rng.chance(0.9) || durationDefect;
    durationText = breakdown ? `${total} hours (${shown[0]} lecture, ${shown[1]} lab, ${shown[2]} project, ${shown[3]} assessment)` : `${total} hours`;
  } else {
    durationText = `${total} hours`;
    if (durationDefect) {
      variant = 'phases';
      phaseHours[rng.int(0, 2)] += rng.pick([-4, -2, 2, 6]);
    }
  }

  const tableDefect = defect?.code === 'table-shape' ? rng.pick(d.kind === 'module' ? ['row-missing-cell', 'components-row-missing-cell', 'header-renamed', 'components-list'] : ['row-missing-cell', 'phases-row-missing-cell', 'header-renamed']) : undefined;
  if (tableDefect) variant = tableDefect;

  // --- the sections -----------------------------------------------------------
  const overview: Section = {
    name: d.kind === 'module' ? 'Module Overview' : 'Project Overview',
    body: (w) => {
      const noun = d.kind === 'module' ? 'Module' : 'Project';
      const idLine = w.line(`- ${label(`${noun} ID`)}${idText ? ' ' + idText : ''}`);
      w.mark('idField', idLine);
      if (drop !== 'title') w.line(`- ${label(`${noun} Title`)} ${d.title}`);
      // Target Role(s): inline, or nested bullets.
      const roleDraw = rng.next();
      const rolesLabel = label(roleDraw < 0.08 ? 'Target Roles' : roleDraw < 0.1 && d.roles.length === 1 ? 'Target Role' : 'Target Role(s)');
      if (d.roles.length > 1 && rng.chance(0.4)) {
        w.line(`- ${rolesLabel}`);
        for (const r of d.roles) w.line(`  - ${r}`);
      } else w.line(`- ${rolesLabel} ${d.roles.join(', ')}`);
      if (d.kind === 'module') {
        if (drop !== 'duration') {
          const n = w.line(`- ${label(mix(rng, [['Duration', 0.9], ['Estimated Duration', 0.08], ['Total Duration', 0.01], ['Estimated Hours', 0.01]]))} ${durationText}`);
          if (durationDefect) w.mark('defect', n);
        } else if (renamed) w.line(`- ${label(renamed)} ${durationText}`, 'unknownLabel');
        const prereqLabel = mix(rng, [['Prerequisites', 0.86], ['Prerequisite Modules', 0.1], ['Requires', 0.02], ['Depends On', 0.02]]);
        idListField(w, prereqLabel === 'Prerequisites' ? label(prereqLabel, 'modules') : label(prereqLabel), prereqs, { prereq: true, defectId: selfRef ? d.id : unknownInPrereqs ? unknownId : undefined });
        const nextLabel = mix(rng, [['Next Module(s)', 0.92], ['Next Steps', 0.03], ['Unlocks', 0.02], ['Leads To', 0.02], ['Next Modules', 0.01]]);
        idListField(w, nextLabel === 'Next Module(s)' ? label(nextLabel, 'recommended') : label(nextLabel), d.next, { prereq: false });
      } else {
        const lead = prereqs.length ? 'After' : undefined;
        const placementIds = prereqs.length > 2 && rng.chance(0.3) ? prereqs.slice(0, 2) : prereqs;
        idListField(w, label('Placement in Curriculum'), placementIds, {
          prereq: true,
          lead,
          tail: placementIds.length ? `; ${rng.pick(['informs executive readiness reviews.', 'capstone for the track.', 'runs in the final four weeks.'])}` : '',
          defectId: selfRef ? d.id : undefined,
        });
        const n = w.line(`- ${label(mix(rng, [['Estimated Duration', 0.95], ['Duration', 0.05]]))} ${durationText}`);
        if (durationDefect) w.mark('defect', n);
        idListField(w, label('Prerequisite Modules / Skills'), prereqs, { prereq: true, withTitles: true, defectId: unknownInPrereqs ? unknownId : undefined });
        const assessments = rng.pick(['DR/CHAOS drill report, compliance evidence package, executive briefing', 'Design review, demo day, written retrospective', 'Architecture defense and peer code review']);
        if (drop !== 'related-assessments') w.line(`- ${label('Related Assessments')} ${assessments}`);
        else if (renamed) w.line(`- ${label(renamed)} ${assessments}`, 'unknownLabel');
      }
      // unknown-field: an overview field of the author's own.
      if (defect?.code === 'unknown-field') w.line(`- ${label(rng.pick(['Delivery Format', 'Cohort Size', 'Course Owner', 'Last Reviewed']))} ${rng.pick(['Online, instructor-led', '12–16 learners', 'Curriculum Team', '2026-03'])}`, 'defect');
    },
  };

  const prose = [...d.prose];
  const hotCite = d.citesHot ? (rng.chance(0.2) ? '`' + hot.id + '`' : hot.id) : undefined;

  const crossRole: Section = {
    name: 'Cross-Role Progression',
    body: (w) => {
      const built = d.prereqs.length ? d.prereqs.slice(0, 2).map((p) => `${shortTitle(p).toLowerCase()} (${p})`).join(' and ') : 'Prior experience from the previous role';
      const hotPart = hotCite ? `, platform foundations (${hotCite})` : '';
      w.line(`- ${label('Builds On', 'modules/roles')} ${built}${hotPart}.`);
      w.line(`- ${label('Adds New Depth', 'roles')} ${rng.pick(OBJECTS)}; ${rng.pick(OBJECTS)}.`);
      const shared = prose.length ? ` Integrates assets from ${prose.join(', ')}.` : '';
      w.line(`- ${label('Shared Assets', 'reuse / adapt')} ${rng.pick(['Terraform starter modules reused for refresher workshops.', 'Dashboards and runbooks shared across roles.', 'Lab environments reused from the previous level.'])}${shared}`);
      w.line(`- ${label('Differentiators', 'role-specific emphasis')} ${rng.pick(['Emphasizes quantified resiliency (RTO/RPO), traffic management, and cost governance.', 'Multi-environment pipelines, testing frameworks, policy enforcement.', 'Enterprise governance and automation of multi-environment promotion.'])}`);
    },
  };

  const bullets = (w: Writer, items: string[]) => {
    for (const it of items) w.line(`- ${it}`);
  };
  const objectives = (w: Writer) => bullets(w, Array.from({ length: rng.int(3, 5) }, () => `${rng.pick(VERBS)} ${rng.pick(OBJECTS)}.`));

  const competencyTable: Section = {
    name: 'Competency Alignment',
    body: (w) => {
      const header = ['Competency', 'Proficiency Target', 'Evidence / Assessment', 'Role Alignment'];
      const renamed = tableDefect === 'header-renamed' && (d.kind === 'project' || rng.chance(0.5));
      if (renamed) {
        header[3] = 'Roles';
        w.line(`| ${header.join(' | ')} |`, 'defect');
      } else w.line(`| ${header.join(' | ')} |`);
      w.line('|------------|--------------------|-----------------------|----------------|');
      const comps = rng.sample(d.track.competencies, rng.int(2, 3));
      comps.forEach((c, k) => {
        const drawn = d.level + rng.int(0, 2);
        const was = before.get(c.toLowerCase());
        const level = was === undefined ? Math.min(3, drawn) : Math.max(was, Math.min(5, drawn));
        d.peaks!.set(c.toLowerCase(), Math.max(level, d.peaks!.get(c.toLowerCase()) ?? -1));
        const cells = [c, LEVELS[level], rng.pick(EVIDENCE), d.roles[k % d.roles.length]];
        if (tableDefect === 'row-missing-cell' && k === comps.length - 1) {
          w.line(`| ${cells.slice(0, 3).join(' | ')} |`, 'defect');
        } else w.line(`| ${cells.join(' | ')} |`);
      });
    },
  };

  const outline = (w: Writer) => {
    const n = rng.int(4, 7);
    const bold = rng.chance(0.5);
    for (let k = 1; k <= n; k++) {
      const head = rng.pick(OUTLINE);
      w.line(bold ? `${k}. **${head}** – ${rng.pick(OUTLINE_TAIL)}.` : `${k}. ${head} (${rng.pick(OUTLINE_TAIL)}).`);
    }
  };

  const practical: Section = {
    name: 'Practical Components',
    body: (w) => {
      const headerRenamed = tableDefect === 'header-renamed' && !w.marks.has('defect');
      if (tableDefect === 'components-list') {
        bullets(w, ['Lab 1: ' + rng.pick(ASSETS), 'Lab 2: ' + rng.pick(ASSETS), 'Assessment: architecture defense']);
        return;
      }
      w.line(`| Asset | Description | ${headerRenamed ? 'Done When' : 'Completion Criteria'} | Linked Validation |`, ...(headerRenamed ? ['defect'] : []));
      w.line('|-------|-------------|---------------------|-------------------|');
      const rows = rng.int(2, 3);
      for (let k = 1; k <= rows + 1; k++) {
        const cells = [k <= rows ? `Lab ${k}` : 'Assessment', rng.pick(ASSETS), rng.pick(CRITERIA), rng.pick(VALIDATIONS)];
        if (tableDefect === 'components-row-missing-cell' && k === 2) w.line(`| ${cells.slice(0, 3).join(' | ')} |`, 'defect');
        else w.line(`| ${cells.join(' | ')} |`);
      }
    },
  };

  const roleSlug = slug(role);
  const solutionPath = `${d.kind === 'module' ? 'modules' : 'projects'}/${roleSlug}/${d.kind === 'module' ? 'module' : 'project'}-${d.num}-${slug(d.title)}/solutions`;
  const solutions: Section = {
    name: 'Solutions Plan',
    body: (w) => {
      w.line(`- ${label('Coverage')} ${rng.pick(['Terraform/Crossplane bundles, DR runbooks, cost dashboards, assessment rubric.', 'Reference jobs, failure injection scripts, load test harness, defense rubric.', 'Sample modules, test harnesses, GitOps pipelines, policy bundles.'])}`);
      w.line(`- ${label('Repository Strategy')} ${rng.pick(['Solutions stored per-role; metadata added to module solutions directory.', '`per_role` with separate solutions repo for IaC blueprints', 'Solutions tracked in separate repo; metadata stored locally.'])}`);
      w.line(`- ${rng.chance(0.3) ? '**Solution Path / Repo**:' : label('Solution Path')} \`${solutionPath}\`${rng.chance(0.5) ? '.' : ''}`);
      w.line(`- ${label('Validation Status')} ${rng.pick(['Pending integration of automated DR simulations into CI pipeline.', 'Manual review; rubric calibrated with two cohorts.', 'Pending execution of Terratest suite and policy checks in CI'])}`);
    },
  };

  const resources: Section = {
    name: 'Resource Plan',
    body: (w) => {
      if (rng.chance(0.25)) {
        w.line(`- ${label('Primary References')}`);
        w.line(`  - Module README in \`${solutionPath.replace(/\/solutions$/, '')}\``);
        w.line(`  - Legacy lessons at \`/home/claude/ai-infrastructure-project/repositories/learning/${roleSlug}-learning/lessons/mod-${d.num}\``);
        w.line(`- ${label('Supplemental Resources')}`);
        w.line(`  - ${rng.pick(['Terraform Best Practices guides, Open Policy Agent docs', 'Google SRE workbook, AWS/GCP/Azure DR guides', 'Designing Data-Intensive Applications'])}`);
        w.line(`  - ${rng.pick(['GitOps playbooks (Flux/ArgoCD)', 'CNCF multi-cluster whitepapers', 'Streaming Systems (Akidau et al.)'])}`);
      } else {
        w.line(`- ${label('Primary References')} Module README and lab guides in module directory.`);
        w.line(`- ${label('Supplemental Resources')} ${rng.pick(['Cloud provider multi-region reference architectures, CNCF multi-cluster whitepapers.', 'ArgoCD/Flux operator docs, Terraform module design guides, OPA/Kyverno best practices.'])}`);
      }
      w.line(`- ${label('Tooling Requirements')} ${rng.sample(TOOLS, 4).join(', ')}, Terraform ≥1.6.`);
      if (rng.chance(0.06)) {
        // Fenced code: an ID in it is no mention (and this one is defined nowhere).
        w.line();
        w.line('```sh');
        w.line(`roadmap lint --only MOD-${800000 + d.num} ${solutionPath}`);
        w.line('```');
      }
    },
  };

  const checklist = (w: Writer) => {
    const items = rng.sample(CHECKS, rng.int(3, 6));
    const done = rng.int(0, items.length - 1);
    items.forEach((it, k) => w.line(`- [${k < done ? 'x' : ' '}] ${it}`));
    if (d.next.length) w.line(`- [ ] Deliverables inform ${d.next[0]} readiness review.`);
  };

  const notes = (w: Writer) => {
    if (d.prereqs.length && rng.chance(0.5)) w.line(`- **Upstream Inputs**: ${d.prereqs.map((p) => (rng.chance(0.2) ? '`' + p + '`' : p)).join(', ')}`);
    if (d.next.length && rng.chance(0.5)) w.line(`- **Downstream Outputs**: Enables ${d.next.slice(0, 3).join(', ')}`);
    w.line(`- ${rng.pick(['Collaborate with security/compliance stakeholders early to align on audit evidence expectations.', 'Single-broker sandbox is enough for every lab.', 'Risks / Mitigations: state management mishandling—enforce remote state and locking in labs.'])}`);
    if (rng.chance(0.05)) w.line(`<!-- reviewer: compare with MOD-${810000 + d.num} before sign-off -->`);
  };

  // Project sections.
  const narrative = (w: Writer) => {
    w.line(`A ${rng.pick(['global product team', 'regulated bank', 'retail analytics group', 'research lab'])} needs a ${d.title.toLowerCase()}. You will:`);
    w.line();
    for (let k = 1; k <= rng.int(3, 5); k++) w.line(`${k}. ${rng.pick(VERBS)} ${rng.pick(OBJECTS)}.`);
  };
  const deliverables = (w: Writer) => bullets(w, rng.sample(['Architecture package (network diagrams, data flows, ADRs, cost projections).', 'IaC/GitOps repos, DR automation scripts, and policy-as-code configurations.', 'Federated observability dashboards and SLO scorecards (latency, errors, cost).', 'Compliance evidence binder (policies, audit logs, access reviews, encryption proof).', 'Executive briefing deck capturing timeline, KPIs, and strategic recommendations.'], rng.int(3, 5)));
  const constraints = (w: Writer) => bullets(w, rng.sample(['Solution must maintain compliance boundaries (data residency, access controls).', 'Observability must aggregate metrics/logs/traces across regions.', 'DR drill must be repeatable via automation and include chaos components.', 'Financial targets defined with FinOps team; include cost anomaly detection.'], rng.int(2, 4)));
  const experience: Section = {
    name: 'Learner Experience',
    body: (w) => {
      w.line('| Phase | Description | Estimated Time | Instructor Touchpoints |');
      w.line('|-------|-------------|----------------|------------------------|');
      const hoursStyle = rng.chance(0.7) ? 'h' : ' hours';
      phaseHours.forEach((h, k) => {
        const cells = [PHASES[k], rng.pick(['Scope, design review, compliance mapping', 'Implement automation, observability, compliance pipelines', 'Run DR/chaos drills, compile evidence, executive briefing']), `${h}${hoursStyle}`, rng.pick(['Exec design review', 'Weekly governance standup', 'Readiness review board'])];
        if (tableDefect === 'phases-row-missing-cell' && k === 1) w.line(`| ${cells.slice(0, 3).join(' | ')} |`, 'defect');
        else w.line(`| ${cells.join(' | ')} |`);
      });
    },
  };
  const projSolutions = (w: Writer) => {
    w.line(`- ${label('Solutions Path')} \`${solutionPath}\``);
    w.line(`- ${label('Validation Profiles')} \`python-strict\`, chaos/DR automation, compliance audit scripts`);
    w.line(`- ${label('Automation Hooks')} \`.github/workflows/${slug(d.title)}.yml\`, \`Makefile\` for drills & evidence exports`);
  };
  const risks = (w: Writer) => {
    for (const r of rng.sample(RISKS, 3)) w.line(`- **${r}**: ${rng.pick(['Provide landing zone templates, enforce modular design.', 'Engage the compliance lead early; automate the evidence run.', 'Train ops teams via tabletop exercises; deliver a runbook.'])}`);
  };
  const references = (w: Writer) => {
    w.line(`- Legacy project assets at \`/home/claude/ai-infrastructure-project/repositories/learning/${roleSlug}-learning/projects/project-${d.num}\``);
    w.line(`- ${rng.pick(['AWS/GCP multi-region reference architectures, HashiCorp multi-cloud guides', 'Netflix Chaos Engineering playbooks', 'Data Mesh (Dehghani), Fundamentals of Data Engineering'])}`);
    if (prose.length) w.line(`- Related curriculum: ${prose.join(', ')}`);
    if (hotCite) w.line(`- Platform foundations: ${hotCite} labs and reference architecture`);
  };
  const signoff = (w: Writer) => {
    w.line(`- ${label('Author')} Curriculum Migration Team`);
    w.line(`- ${label('Reviewer(s)')} ${rng.pick(['Director of Platform Reliability (pending)', 'Head of Data Platform', 'Security Architecture Board'])}`);
    w.line(`- ${label('Date Approved')} ${rng.pick(['Pending validation run', '2026-09-14', 'Pending'])}`);
  };

  const sections: Section[] =
    d.kind === 'module'
      ? [
          overview,
          crossRole,
          { name: 'Learning Objectives', body: objectives },
          competencyTable,
          { name: 'Content Outline', body: outline },
          practical,
          solutions,
          resources,
          { name: 'Quality Checklist', body: checklist },
          { name: 'Dependencies & Notes', body: notes },
        ]
      : [
          overview,
          { name: 'Learning Objectives', body: objectives },
          competencyTable,
          { name: 'Project Narrative', body: narrative },
          { name: 'Deliverables', body: deliverables },
          { name: 'Constraints & Assumptions', body: constraints },
          experience,
          { name: 'Solutions & Validation', body: projSolutions },
          { name: 'Risks & Mitigations', body: risks },
          { name: 'References & Inspiration', body: references },
          { name: 'Sign-off', body: signoff },
        ];

  // Section-level defects.
  let removed: string | undefined;
  let emptied: string | undefined;
  let emptyStyle: 'blank' | 'comment' = 'blank';
  if (defect?.code === 'missing-section') {
    const removable = d.kind === 'module' ? ['Learning Objectives', 'Content Outline', 'Solutions Plan', 'Resource Plan', 'Quality Checklist', 'Dependencies & Notes'] : ['Project Narrative', 'Deliverables', 'Constraints & Assumptions', 'Risks & Mitigations', 'References & Inspiration', 'Sign-off'];
    removed = rng.pick(removable);
    variant = `no-${slug(removed)}`;
  }
  if (defect?.code === 'empty-section') {
    const emptiable = d.kind === 'module' ? ['Learning Objectives', 'Content Outline', 'Resource Plan', 'Quality Checklist'] : ['Learning Objectives', 'Deliverables', 'Constraints & Assumptions', 'Risks & Mitigations'];
    emptied = rng.pick(emptiable);
    emptyStyle = rng.chance(0.5) ? 'comment' : 'blank';
    variant = `${slug(emptied)}-${emptyStyle}`;
  }

  // --- write ----------------------------------------------------------------
  w.line(`# ${d.kind === 'module' ? 'Module Roadmap' : 'Project Plan'}`, 'h1');
  w.line();
  const blurb = rng.pick([
    `${role} | ${d.kind === 'module' ? 'Module' : 'Project'} ${d.num} ${rng.pick(['expands', 'advances', 'introduces', 'deepens'])} ${d.title.toLowerCase()} for the ${role.toLowerCase()} track.`,
    `Reconstructed from the legacy ${d.track.slug.replace(/-/g, ' ')} ${d.kind} with emphasis on ${rng.pick(d.track.topics).toLowerCase()}.`,
    `${role} | Migrated from legacy ${d.kind === 'module' ? 'Module' : 'Project'} ${d.level} (${d.title}) with updated governance.`,
  ]);
  w.line(`> ${blurb}`);
  w.line();
  sections.forEach((s, k) => {
    if (s.name === removed) return;
    const heading = w.line(`## ${s.name}`, ...(s === overview ? ['overview'] : []));
    if (s.name === emptied) {
      w.mark('defect', heading);
      if (emptyStyle === 'comment') {
        w.line();
        w.line('<!-- TODO: fill in -->');
      }
      w.line();
      return;
    }
    if (tableDefect === 'components-list' && s === practical) w.mark('defect', heading);
    w.line();
    s.body(w);
    if (k < sections.length - 1) w.line();
  });
  if (defect?.code === 'unknown-reference' && !unknownInPrereqs) {
    // In the last section's prose, in a code span, or in a nested bullet.
    const style = rng.pick(['prose', 'code', 'nested']);
    variant = `unknown-${style}`;
    if (style === 'nested') {
      w.line(`- **Open Questions**:`);
      w.line(`  - Does this replace ${unknownId} from the old catalogue?`, 'defect');
    } else if (style === 'code') w.line(`- Coordinate lab schedules with \`${unknownId}\` owners.`, 'defect');
    else w.line(`- Coordinate with ${unknownId} on shared lab environments.`, 'defect');
  } else if (defect?.code === 'unknown-reference') variant = 'unknown-prerequisite';
  if (selfRef) variant = 'self-prerequisite';
  const stray = rng.next();
  if (stray < 0.05) w.line('#*** End Patch');
  else if (stray < 0.1) {
    w.line();
    w.line(`Last reviewed by the curriculum team (see ${rng.pick(['the migration log', 'CHANGELOG', 'the tracker'])}).`);
  }
  const text = w.lines.join('\n') + (rng.chance(0.9) ? '\n' : '');
  return { text, marks: w.marks, variant };
}

/** IDs on some prerequisite path from `from` down to `to` (both included), or empty when there is none. */
function pathsBetween(from: Doc, to: Doc, byId: Map<string, Doc>): Set<string> {
  const down = new Set<string>([from.id]);
  const stack = [from];
  while (stack.length) {
    const d = stack.pop()!;
    for (const p of d.prereqs) if (!down.has(p)) (down.add(p), stack.push(byId.get(p)!));
  }
  if (!down.has(to.id)) return new Set();
  const up = new Set<string>([to.id]);
  const back = [to];
  while (back.length) {
    const d = back.pop()!;
    for (const n of d.next) if (!up.has(n) && down.has(n)) (up.add(n), back.push(byId.get(n)!));
  }
  return up;
}

/** One of the labels, drawn with the given probabilities (which add up to 1). */
function mix(rng: Rng, labels: ReadonlyArray<readonly [string, number]>): string {
  let x = rng.next();
  for (const [l, p] of labels) if ((x -= p) < 0) return l;
  return labels[labels.length - 1][0];
}

function pickMissingField(d: Doc, rng: Rng): string {
  return d.kind === 'module' ? rng.pick(['title', 'duration']) : rng.pick(['title', 'related-assessments']);
}

// --- checking results against the manifest ------------------------------------

export interface FoundDiagnostic {
  path: string;
  code: string;
  /** 1-based. */
  line: number;
  message?: string;
}

export interface AccuracyReport {
  /** Expected diagnostics, in all. */
  expected: number;
  /** Expected diagnostics found (same file, code and line). */
  found: number;
  missed: Array<FoundDiagnostic>;
  /** Diagnostics on files the manifest says are clean. */
  falsePositives: Array<FoundDiagnostic>;
  /** Diagnostics on defective files that the manifest does not expect. */
  unexpected: Array<FoundDiagnostic>;
  cleanFiles: number;
  defectiveFiles: number;
}

/** Compares what a linter reported with the manifest. */
export function checkAccuracy(manifest: Manifest, paths: string[], found: FoundDiagnostic[]): AccuracyReport {
  const key = (d: { path: string; code: string; line: number }) => `${d.path}:${d.line}:${d.code}`;
  const want = new Map<string, FoundDiagnostic>();
  for (const [path, list] of Object.entries(manifest.expected)) for (const e of list) want.set(key({ path, ...e }), { path, ...e });
  const got = new Set(found.map(key));
  const missed = [...want.values()].filter((w) => !got.has(key(w)));
  const falsePositives = found.filter((d) => !manifest.expected[d.path]);
  const unexpected = found.filter((d) => manifest.expected[d.path] && !want.has(key(d)));
  const defectiveFiles = Object.keys(manifest.expected).length;
  return {
    expected: want.size,
    found: want.size - missed.length,
    missed,
    falsePositives,
    unexpected,
    cleanFiles: paths.length - defectiveFiles,
    defectiveFiles,
  };
}
