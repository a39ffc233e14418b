/**
 * Characters, for the structural scanner (../scan.ts) and the builder: the codes
 * the scanner looks at, and micromark's classes of characters (whitespace,
 * punctuation) on one UTF-16 code unit, without a regular expression for ASCII.
 */

export const TAB = 9;
export const LF = 10;
export const CR = 13;
export const SPACE = 32;
export const EXCL = 33;
export const HASH = 35;
export const AMP = 38;
export const LPAREN = 40;
export const RPAREN = 41;
export const STAR = 42;
export const PLUS = 43;
export const DASH = 45;
export const DOT = 46;
export const SLASH = 47;
export const COLON = 58;
export const LT = 60;
export const EQ = 61;
export const GT = 62;
export const QUESTION = 63;
export const AT = 64;
export const LBRACKET = 91;
export const BACKSLASH = 92;
export const RBRACKET = 93;
export const CARET = 94;
export const UNDERSCORE = 95;
export const BACKTICK = 96;
export const PIPE = 124;
export const TILDE = 126;

const wsRe = /\s/;
const punctRe = /\p{P}|\p{S}/u;

/** `/\s/` on the character at i. */
export function isWs(text: string, i: number): boolean {
  const c = text.charCodeAt(i);
  if (c < 128) return c === SPACE || (c >= 9 && c <= 13);
  return wsRe.test(text[i]);
}

/** micromark's whitespace for attention: a line ending, the end (NaN), or `/\s/`. */
export function isWhitespaceCode(c: number): boolean {
  if (c !== c /* NaN: end of text */) return true;
  if (c < 128) return c === SPACE || (c >= 9 && c <= 13);
  return wsRe.test(String.fromCharCode(c));
}

/** micromark's punctuation for attention: `/\p{P}|\p{S}/u` on one code unit. */
export function isPunctCode(c: number): boolean {
  if (c < 128) return isAsciiPunct(c);
  return punctRe.test(String.fromCharCode(c));
}

export function isAsciiPunct(c: number): boolean {
  return (c >= 33 && c <= 47) || (c >= 58 && c <= 64) || (c >= 91 && c <= 96) || (c >= 123 && c <= 126);
}

export function isAsciiAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

export function isAsciiAlpha(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

export function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

/**
 * Thrown inside the scan to give up on a text the scanner does not model exactly;
 * the scanner's entry points (../scan.ts) catch it and return its reason as a value.
 */
export class Refuse {
  constructor(readonly why: string) {}
}

export function refuse(why: string): never {
  throw new Refuse(why);
}
