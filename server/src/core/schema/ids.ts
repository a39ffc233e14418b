/**
 * IDs and the patterns that define them. A pattern comes from the schema, and a
 * workspace's roadmap.config.json may set it: a repository someone clones must not be
 * able to freeze their editor or CI with a pattern that backtracks catastrophically
 * (`^(a+)+$`). So patterns are never run by the backtracking engine of JavaScript:
 * they are compiled with re2js (a port of RE2, linear in the input) and only ever
 * matched against a bounded token, never against a document's text.
 *
 * An ID is a token: letters, digits and `_`, with single hyphens between them
 * (`MOD-205`, `WS_12-b`), not inside a longer token (`XMOD-205`, `MOD-205-old` and
 * `MOD-2051x` hold no ID), at most MAX_ID_LENGTH characters long, and matched whole
 * by its kind's pattern.
 */
import { RE2JS } from 're2js';
import { isIdToken } from './idShape';

export { candidateSource, isIdToken, MAX_ID_LENGTH, requiredPrefix } from './idShape';

/** A compiled ID pattern: whole-token matching in time linear in the token. */
export interface IdMatcher {
  matches(id: string): boolean;
}

/** Compiles an ID pattern (RE2 syntax, no anchors needed); the error says why a pattern cannot be used. */
export function compileIdPattern(pattern: string): IdMatcher | { error: string } {
  let re: RE2JS;
  try {
    re = RE2JS.compile(pattern);
  } catch (err) {
    return { error: (err as Error).message.replace(/^error parsing regexp: /, '') };
  }
  return { matches: (id) => isIdToken(id) && re.matches(id) };
}

