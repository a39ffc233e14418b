/**
 * `roadmap.config.json`: parsed, validated against its JSON schema, and turned
 * into a schema, rule severities and file globs. Pure: the caller reads the files.
 * A broken config never stops the engine: its problems are reported (with ranges
 * in the config text) and the defaults apply.
 */
import Ajv, { type ErrorObject } from 'ajv';
import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { rules } from '../rules/registry';
import type { Severity } from '../rules/types';
import { defaultSchema } from '../schema/defaultSchema';
import { compileIdPattern } from '../schema/ids';
import type { FieldRole, FieldSchema, KindSchema, Schema, SectionSchema, TableRole, TableSchema } from '../schema/types';
import { LineIndex, type Range } from '../text';
import configSchema from './config.schema.json';

export const CONFIG_FILE_NAME = 'roadmap.config.json';

export interface KindConfig {
  key: string;
  title?: string;
  noun?: string;
  idPattern?: string;
  idPrefix?: string;
  capstone?: boolean;
  overviewSection?: string;
  sections?: Array<string | { name: string; required?: boolean; aliases?: string[] }>;
  fields?: Array<{ label: string; aliases?: string[]; required?: boolean; role?: FieldRole }>;
  /** More labels for fields of the kind (its own or the default kind's), by the field's label. */
  fieldAliases?: Record<string, string[]>;
  tables?: Array<{ section: string; columns: string[]; role?: TableRole }>;
}

export interface RoadmapConfig {
  include?: string[];
  ignore?: string[];
  proficiencyLevels?: string[];
  competencyFramework?: string;
  rules?: Record<string, Severity | 'off'>;
  defaultKinds?: boolean;
  kinds?: KindConfig[];
  pace?: { hoursPerWeek?: number };
}

export interface ConfigProblem {
  message: string;
  range: Range;
}

/** What the engine and the file walkers need from a configuration. */
export interface ResolvedConfig {
  schema: Schema;
  severities: Record<string, Severity | 'off'>;
  include: string[];
  ignore: string[];
  /** Relative to the config file, as written. */
  competencyFramework?: string;
  /** Where `competencyFramework` is written, for problems with the file it names. */
  competencyFrameworkRange?: Range;
  problems: ConfigProblem[];
  /** The learner's pace, for the weeks of a role track (analytics). */
  pace: Pace;
}

export interface Pace {
  /** Study hours a week; `pace.hoursPerWeek`, default 10. */
  hoursPerWeek: number;
}

export const DEFAULT_PACE: Pace = Object.freeze({ hoursPerWeek: 10 });

export const DEFAULT_INCLUDE = ['**/*.md'];

export function defaultConfig(): ResolvedConfig {
  return { schema: defaultSchema, severities: {}, include: DEFAULT_INCLUDE, ignore: [], problems: [], pace: DEFAULT_PACE };
}

let validator: ReturnType<Ajv['compile']> | undefined;
function validate(value: unknown): ErrorObject[] {
  validator ??= new Ajv({ allErrors: true, strict: false }).compile(configSchema);
  return validator(value) ? [] : [...(validator.errors ?? [])];
}

/** The literal start of a pattern: `MOD-\d{3,}` gives `MOD-`. */
export function literalPrefix(pattern: string): string {
  let out = '';
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\' && i + 1 < pattern.length && !/[A-Za-z0-9]/.test(pattern[i + 1])) out += pattern[++i];
    else if (/[A-Za-z0-9_\- ]/.test(c)) out += c;
    else break;
  }
  // A quantifier after the last literal makes it optional: drop it.
  return /^[?*{]/.test(pattern.slice(out.length)) ? out.slice(0, -1) : out;
}

function toKind(c: KindConfig, base: KindSchema | undefined): KindSchema {
  const sections: SectionSchema[] | undefined = c.sections?.map((s) =>
    typeof s === 'string' ? { name: s, required: true } : { name: s.name, required: s.required ?? true, aliases: s.aliases },
  );
  const fields: FieldSchema[] | undefined = c.fields?.map((f) => ({
    label: f.label,
    aliases: f.aliases,
    required: f.required ?? true,
    role: f.role,
  }));
  const withAliases = (list: FieldSchema[]): FieldSchema[] =>
    c.fieldAliases
      ? list.map((f) => {
          const more = c.fieldAliases![f.label];
          return more ? { ...f, aliases: [...(f.aliases ?? []), ...more] } : f;
        })
      : list;
  const tables: TableSchema[] | undefined = c.tables?.map((t) => ({ section: t.section, columns: t.columns, role: t.role }));
  const idPattern = c.idPattern ?? base?.idPattern ?? '[^\\s\\S]'; // matches nothing (a problem says the pattern is missing)
  const kindSections = sections ?? base?.sections ?? [];
  return {
    key: c.key,
    title: c.title ?? base?.title ?? c.key,
    noun: c.noun ?? base?.noun ?? c.key,
    idPattern,
    idPrefix: c.idPrefix ?? (c.idPattern ? literalPrefix(c.idPattern) : (base?.idPrefix ?? '')),
    ...((c.capstone ?? base?.capstone) ? { capstone: true } : {}),
    overviewSection: c.overviewSection ?? (sections ? kindSections[0]?.name : base?.overviewSection) ?? '',
    sections: kindSections,
    fields: withAliases(fields ?? base?.fields ?? []),
    tables: tables ?? base?.tables ?? [],
  };
}

/** Parses and checks a config text; never throws. On any problem the defaults apply. */
export function resolveConfig(text: string): ResolvedConfig {
  const lines = new LineIndex(text);
  const problems: ConfigProblem[] = [];
  const at = (node: Node | undefined): Range =>
    node ? lines.range(node.offset, node.offset + node.length) : lines.range(0, Math.min(text.length, 1));
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: false, disallowComments: false });
  for (const e of errors) {
    problems.push({ message: `roadmap.config.json is not valid JSON: ${printParseErrorCode(e.error)}.`, range: lines.range(e.offset, e.offset + Math.max(1, e.length)) });
  }
  if (!tree || errors.length) return { ...defaultConfig(), problems: problems.length ? problems : [{ message: 'roadmap.config.json is empty.', range: at(undefined) }] };

  const value = nodeValue(tree) as RoadmapConfig;
  for (const e of validate(value)) {
    const path = e.instancePath.split('/').slice(1).map((p) => (/^\d+$/.test(p) ? Number(p) : p.replace(/~1/g, '/').replace(/~0/g, '~')));
    let node = findNodeAtLocation(tree, path);
    let message = `${e.instancePath || 'The configuration'} ${e.message ?? 'is invalid'}`;
    const propertyName = (e as { propertyName?: string }).propertyName;
    if (e.keyword === 'propertyNames') continue; // reported through the error of the name itself
    if (propertyName !== undefined) {
      node = node?.children?.find((p) => p.children?.[0]?.value === propertyName)?.children?.[0] ?? node;
      message = `Unknown rule "${propertyName}": expected one of ${rules.map((r) => r.code).join(', ')}.`;
    } else if (e.keyword === 'additionalProperties') {
      const prop = String((e.params as { additionalProperty: string }).additionalProperty);
      node = node?.children?.find((p) => p.children?.[0]?.value === prop)?.children?.[0] ?? node;
      message = `Unknown property "${prop}"${e.instancePath ? ` in ${e.instancePath}` : ''}.`;
    } else if (e.keyword === 'enum') {
      message = `${e.instancePath} must be one of: ${(e.params as { allowedValues: unknown[] }).allowedValues.join(', ')}.`;
    } else if (e.keyword === 'oneOf' || e.keyword === 'type' && e.instancePath.includes('/sections/')) {
      message = `${e.instancePath} must be a section name or { "name": ..., "required": ... }.`;
    }
    problems.push({ message, range: at(node) });
  }
  if (problems.length) return { ...defaultConfig(), problems };

  // Checks the JSON schema cannot express.
  const kinds = new Map<string, KindSchema>(value.defaultKinds === false ? [] : defaultSchema.kinds.map((k) => [k.key, k]));
  (value.kinds ?? []).forEach((c, i) => {
    const node = (p: Array<string | number>) => at(findNodeAtLocation(tree, ['kinds', i, ...p]));
    const base = kinds.get(c.key);
    if (!base) {
      for (const required of ['title', 'idPattern', 'sections', 'fields'] as const) {
        if (c[required] === undefined) problems.push({ message: `The new kind "${c.key}" needs "${required}".`, range: node([]) });
      }
    }
    if (c.idPattern !== undefined) {
      const compiled = compileIdPattern(c.idPattern);
      if ('error' in compiled) {
        problems.push({
          message: `idPattern cannot be used: ${compiled.error}. ID patterns are RE2 regular expressions, matched in linear time: no lookaround, no backreferences.`,
          range: node(['idPattern']),
        });
      }
    }
    const kind = toKind(c, base);
    if (kind.fields.filter((f) => f.role === 'id').length !== 1 && (c.fields || !base)) {
      problems.push({ message: `Kind "${c.key}" needs exactly one field with "role": "id".`, range: node(c.fields ? ['fields'] : []) });
    }
    for (const label of Object.keys(c.fieldAliases ?? {})) {
      if (!kind.fields.some((f) => f.label === label)) {
        problems.push({
          message: `fieldAliases: "${label}" is no field of kind "${kind.key}" (its fields: ${kind.fields.map((f) => f.label).join(', ')}).`,
          range: at(findNodeAtLocation(tree, ['kinds', i, 'fieldAliases', label])?.parent?.children?.[0]),
        });
      }
    }
    const names = new Set(kind.sections.map((s) => s.name.toLowerCase()));
    if (kind.overviewSection && !names.has(kind.overviewSection.toLowerCase())) {
      problems.push({ message: `overviewSection "${kind.overviewSection}" is not one of the kind's sections.`, range: node(c.overviewSection ? ['overviewSection'] : ['sections']) });
    }
    kind.tables.forEach((t, j) => {
      if (!names.has(t.section.toLowerCase())) problems.push({ message: `Table section "${t.section}" is not one of the kind's sections.`, range: node(['tables', j, 'section']) });
    });
    if ([...kinds.values()].some((k) => k.key !== kind.key && k.title.toLowerCase() === kind.title.toLowerCase())) {
      problems.push({ message: `Two kinds have the title "${kind.title}".`, range: node(['title']) });
    }
    kinds.set(kind.key, kind);
  });
  if (problems.length) return { ...defaultConfig(), problems };

  return {
    schema: { kinds: [...kinds.values()], proficiencyLevels: value.proficiencyLevels ?? defaultSchema.proficiencyLevels },
    severities: value.rules ?? {},
    include: value.include ?? DEFAULT_INCLUDE,
    ignore: value.ignore ?? [],
    competencyFramework: value.competencyFramework,
    competencyFrameworkRange: value.competencyFramework ? at(findNodeAtLocation(tree, ['competencyFramework'])) : undefined,
    problems,
    pace: { hoursPerWeek: value.pace?.hoursPerWeek ?? DEFAULT_PACE.hoursPerWeek },
  };
}

function nodeValue(node: Node): unknown {
  switch (node.type) {
    case 'object':
      return Object.fromEntries((node.children ?? []).map((p) => [p.children![0].value, p.children![1] ? nodeValue(p.children![1]) : undefined]));
    case 'array':
      return (node.children ?? []).map(nodeValue);
    default:
      return node.value;
  }
}

/**
 * The competencies of a framework file: a JSON array of names or of objects with
 * a `name` (or `id`), or a markdown list whose items start with the name
 * (`- data-modeling: …`, `- **data-modeling** — …`).
 */
export function parseCompetencyFramework(text: string, isJson: boolean): { names: string[]; problem?: string } {
  if (isJson) {
    try {
      const data = JSON.parse(text) as unknown;
      const list = Array.isArray(data) ? data : (data as { competencies?: unknown[] })?.competencies;
      if (!Array.isArray(list)) return { names: [], problem: 'expected an array of competencies' };
      const names = list
        .map((x) => (typeof x === 'string' ? x : typeof x === 'object' && x ? ((x as { name?: string; id?: string }).name ?? (x as { id?: string }).id) : undefined))
        .filter((x): x is string => typeof x === 'string' && x.trim() !== '')
        .map((x) => x.trim());
      return { names };
    } catch (err) {
      return { names: [], problem: `not valid JSON (${(err as Error).message})` };
    }
  }
  const names: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*[-*+]\s+(?:\*\*|`)?([^*`:—–]+?)(?:\*\*|`)?\s*(?:[:—–]|\s-\s|$)/.exec(line);
    if (m && m[1].trim()) names.push(m[1].trim());
  }
  return { names };
}
