import { candidateSource, compileIdPattern, MAX_ID_LENGTH, type IdMatcher } from './ids';
import type { FieldSchema, KindSchema, Schema, SectionSchema } from './types';

const normalized = new Map<string, string>();

/** Lower-case, single spaces, no trailing colon, `and` spelled `&`. Labels repeat across documents: results are cached. */
export function normalizeLabel(label: string): string {
  let n = normalized.get(label);
  if (n === undefined) {
    n = label
      .trim()
      .replace(/:+$/, '')
      .replace(/\s+/g, ' ')
      .replace(/\band\b/gi, '&')
      .toLowerCase()
      .trim();
    if (normalized.size > 50_000) normalized.clear();
    normalized.set(label, n);
  }
  return n;
}

/**
 * The kind a document's first H1 names, if any: its title, compared as labels are
 * (`normalizeLabel`). This is the one answer to "is this a roadmap, and of which
 * kind"; `CompiledSchema.kindByTitle` is the same with the titles in a map.
 */
export function kindOfTitle(h1: string | undefined, kinds: readonly KindSchema[]): KindSchema | undefined {
  if (h1 === undefined) return undefined;
  const key = normalizeLabel(h1);
  return kinds.find((k) => normalizeLabel(k.title) === key);
}

/**
 * Whether a text names a kind's title anywhere (any case): a quick test that spares
 * the parsers a text that cannot be a roadmap, and decides whether a document too
 * large to parse is reported (limits.ts).
 */
export function mentionsKindTitle(text: string, kinds: readonly KindSchema[]): boolean {
  // A title as written, when it is ASCII, is found without lower-casing the text.
  if (kinds.some((k) => /^[\x00-\x7f]*$/.test(k.title) && text.includes(k.title))) return true;
  const lower = text.toLowerCase();
  return kinds.some((k) => lower.includes(k.title.toLowerCase()));
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A schema with its look-ups prepared once: kinds by H1, fields and sections by
 * normalized label, and the regular expressions that find IDs.
 */
export class CompiledSchema {
  private readonly byTitle = new Map<string, KindSchema>();
  private readonly idMatchers = new Map<KindSchema, IdMatcher>();
  /** Tokens seen and the kind whose ID each is (null: none); IDs repeat across documents. */
  private readonly idKinds = new Map<string, KindSchema | null>();
  private readonly fieldNames = new Map<KindSchema, Array<[string, FieldSchema]>>();
  private readonly sectionNames = new Map<KindSchema, Map<string, SectionSchema>>();
  /** Finds every token that may be an ID of some kind (see ids.ts); `idKind` says which are. */
  readonly candidateSource: string;
  private readonly levels: Map<string, string>;

  constructor(readonly schema: Schema) {
    for (const kind of schema.kinds) {
      this.byTitle.set(normalizeLabel(kind.title), kind);
      // A pattern that does not compile (the configuration reports it) matches nothing.
      const matcher = compileIdPattern(kind.idPattern);
      this.idMatchers.set(kind, 'error' in matcher ? { matches: () => false } : matcher);
      const names: Array<[string, FieldSchema]> = [];
      for (const f of kind.fields) {
        for (const l of [f.label, ...(f.aliases ?? [])]) names.push([normalizeLabel(l), f]);
      }
      // Longest first, so that a prefix match picks the most specific label.
      names.sort((a, b) => b[0].length - a[0].length);
      this.fieldNames.set(kind, names);
      const sections = new Map<string, SectionSchema>();
      for (const s of kind.sections) {
        for (const n of [s.name, ...(s.aliases ?? [])]) sections.set(normalizeLabel(n), s);
      }
      this.sectionNames.set(kind, sections);
    }
    // An ID is a whole token: `MOD-2051x`, `XMOD-205` or `MOD-205-old` is no mention.
    this.candidateSource = candidateSource(schema.kinds.map((k) => k.idPattern));
    this.levels = new Map(schema.proficiencyLevels.map((l) => [l.toLowerCase(), l]));
  }

  get kinds(): readonly KindSchema[] {
    return this.schema.kinds;
  }

  /** A fresh global regular expression over the tokens that may be IDs. */
  candidateRegex(): RegExp {
    return new RegExp(this.candidateSource, 'g');
  }

  /** The first kind (in schema order) whose pattern a token matches whole, if any. */
  idKind(token: string): KindSchema | undefined {
    if (token.length > MAX_ID_LENGTH) return undefined;
    let kind = this.idKinds.get(token);
    if (kind === undefined) {
      kind = this.schema.kinds.find((k) => this.idMatchers.get(k)!.matches(token)) ?? null;
      if (this.idKinds.size > 100_000) this.idKinds.clear();
      this.idKinds.set(token, kind);
    }
    return kind ?? undefined;
  }

  /** `kindOfTitle` over this schema's kinds. */
  kindByTitle(h1: string): KindSchema | undefined {
    return this.byTitle.get(normalizeLabel(h1));
  }

  /** `mentionsKindTitle` over this schema's kinds. */
  mayBeRoadmap(text: string): boolean {
    return mentionsKindTitle(text, this.schema.kinds);
  }

  kindByKey(key: string): KindSchema | undefined {
    return this.schema.kinds.find((k) => k.key === key);
  }

  isValidId(kind: KindSchema, id: string): boolean {
    return this.idMatchers.get(kind)!.matches(id);
  }

  /** The kind whose pattern an ID matches, if any. */
  kindOfId(id: string): KindSchema | undefined {
    return this.idKind(id);
  }

  /**
   * The field a label names. Real documents add suffixes (`Solution Path / Repo`,
   * `Builds On (modules/roles)`): a label matches when it equals a known label or
   * starts with one followed by a parenthesis or a slash.
   */
  matchField(kind: KindSchema, label: string): FieldSchema | undefined {
    const n = normalizeLabel(label);
    const names = this.fieldNames.get(kind)!;
    for (const [name, field] of names) if (name === n) return field;
    for (const [name, field] of names) {
      if (n.startsWith(name)) {
        const rest = n.slice(name.length).trimStart();
        if (rest.startsWith('(') || rest.startsWith('/')) return field;
      }
    }
    return undefined;
  }

  matchSection(kind: KindSchema, heading: string): SectionSchema | undefined {
    return this.sectionNames.get(kind)!.get(normalizeLabel(heading));
  }

  /** The canonical spelling of a proficiency level, or undefined if unknown. */
  proficiencyLevel(text: string): string | undefined {
    return this.levels.get(text.trim().toLowerCase());
  }

  static escape = escapeRegExp;
}
