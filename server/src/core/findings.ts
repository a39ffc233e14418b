/**
 * Matching findings across versions of a curriculum, for `roadmap lint --baseline`
 * and `roadmap diff`: a finding is the same when its file, code and message are,
 * wherever its line went (lines move when text is added above them). Findings that
 * share all three are counted: two of them in the old version and three now is one new.
 */

export interface Finding {
  /** The file, relative to a root both versions share, with `/` separators. */
  path: string;
  code: string;
  message: string;
  /** Its place, for the report and for which of identical findings is the new one; not matched on. */
  line?: number;
  column?: number;
}

export interface FindingMatch<T extends Finding, B extends Finding> {
  /** The current findings no old one accounts for. */
  added: T[];
  /** The current findings an old one accounts for. */
  kept: T[];
  /** The old findings no current one accounts for (fixed, or gone with their file). */
  gone: B[];
}

/** What a finding is matched on. */
export function findingKey(f: Finding): string {
  return `${f.path}\u0000${f.code}\u0000${f.message}`;
}

const byPlace = (a: Finding, b: Finding) => (a.path < b.path ? -1 : a.path > b.path ? 1 : (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0));

/**
 * Matches current findings against old ones by file, code and message, counting
 * repeats. When a key has more current findings than old ones, the extra ones are
 * those furthest down their file (a finding added below identical ones reads as the
 * new one); when it has fewer, the old ones furthest down are the gone ones.
 */
export function matchFindings<T extends Finding, B extends Finding>(current: readonly T[], old: readonly B[]): FindingMatch<T, B> {
  const group = <F extends Finding>(list: readonly F[]) => {
    const m = new Map<string, F[]>();
    for (const f of [...list].sort(byPlace)) {
      const k = findingKey(f);
      const g = m.get(k);
      if (g) g.push(f);
      else m.set(k, [f]);
    }
    return m;
  };
  const now = group(current);
  const before = group(old);
  const out: FindingMatch<T, B> = { added: [], kept: [], gone: [] };
  for (const [k, list] of now) {
    const n = before.get(k)?.length ?? 0;
    out.kept.push(...list.slice(0, n));
    out.added.push(...list.slice(n));
  }
  for (const [k, list] of before) out.gone.push(...list.slice(now.get(k)?.length ?? 0));
  out.added.sort(byPlace);
  out.kept.sort(byPlace);
  out.gone.sort(byPlace);
  return out;
}
