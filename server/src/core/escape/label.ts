/**
 * Text taken from a document, made safe to show: the part every output's escaping
 * shares (the format modules beside this one escape their own syntax after it).
 *
 * Public API (stable: other modules and helpers import these names):
 * - `neutraliseControls(s)`: bidi controls, zero-width and other invisible format
 *   characters, C0/C1 control characters (but tab and line breaks) shown as a
 *   visible mark (`[U+202E]`); a lone surrogate as U+FFFD; everything else kept.
 * - `oneLine(s)`: `neutraliseControls`, then every run of whitespace (line breaks
 *   included) as one space, trimmed.
 * - `boundLabel(s, max = LABEL_MAX)`: `oneLine`, then at most `max` characters
 *   (code points), a cut label ending with `…`. For the labels a diagram draws;
 *   tooltips and hovers keep the full text (`oneLine` / `neutraliseControls`).
 * - `LABEL_MAX`: the default bound (80 characters).
 */

/** The default bound of a drawn label, in characters (code points). */
export const LABEL_MAX = 80;

const ELLIPSIS = '…';

/**
 * Characters that change how text is displayed without being seen: the bidi
 * embeddings, overrides, isolates and marks (they can show "Spark exe.png" for a
 * different file name), zero-width and invisible format characters, variation
 * selectors standing alone, interlinear annotations, Unicode tags, noncharacters,
 * and the control characters but tab and line breaks.
 */
const INVISIBLE = new RegExp(
  '[\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f-\\u009f\\u00ad\\u034f\\u061c\\u115f\\u1160\\u17b4\\u17b5\\u180b-\\u180f' +
    '\\u200b-\\u200f\\u202a-\\u202e\\u2060-\\u206f\\u3164\\ufeff\\uffa0\\ufff9-\\ufffb\\u{e0000}-\\u{e007f}' +
    // Noncharacters (not text, and not allowed in XML): U+FDD0–U+FDEF and the last two code points of every plane.
    '\\ufdd0-\\ufdef' +
    Array.from({ length: 17 }, (_, p) => `\\u{${(p * 0x10000 + 0xfffe).toString(16)}}\\u{${(p * 0x10000 + 0xffff).toString(16)}}`).join('') +
    ']',
  'gu',
);

/**
 * Where a zero-width joiner or non-joiner is kept: inside an emoji sequence (👩‍💻),
 * or between letters of a script that writes with them (Persian, the Indic
 * scripts); elsewhere (Latin, Greek, Cyrillic text) it only hides a difference.
 */
const EMOJI_BEFORE = /[\p{Extended_Pictographic}\u{1f3fb}-\u{1f3ff}\ufe0f]$/u;
const EMOJI_AFTER = /^\p{Extended_Pictographic}/u;
const JOINING_LETTER = /^[\p{L}\p{M}]$/u;
const NON_JOINING_SCRIPT = /^[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Script=Common}]$/u;

function joins(before: string, after: string): boolean {
  if (EMOJI_BEFORE.test(before) && EMOJI_AFTER.test(after)) return true;
  const b = Array.from(before).pop() ?? '';
  const a = Array.from(after)[0] ?? '';
  return [a, b].every((c) => JOINING_LETTER.test(c) && !NON_JOINING_SCRIPT.test(c));
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** How an invisible character is shown: `[U+202E]`. */
export function visibleMark(c: string): string {
  return `[U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}]`;
}

/** The text with every invisible or direction-changing character shown as a visible mark (see the header). */
export function neutraliseControls(s: string): string {
  return s.replace(LONE_SURROGATE, '\ufffd').replace(INVISIBLE, (c: string, offset: number, whole: string) => {
    const joiner = c === '\u200c' || c === '\u200d';
    return joiner && joins(whole.slice(Math.max(0, offset - 2), offset), whole.slice(offset + 1, offset + 3)) ? c : visibleMark(c);
  });
}

/** `neutraliseControls`, then whitespace runs (line breaks included) as one space, trimmed. */
export function oneLine(s: string): string {
  return neutraliseControls(s).replace(/\s+/g, ' ').trim();
}

/** `oneLine`, cut to at most `max` characters (code points), a cut label ending with `…`. */
export function boundLabel(s: string, max: number = LABEL_MAX): string {
  const line = oneLine(s);
  if (line.length <= max) return line;
  const chars = Array.from(line);
  if (chars.length <= max) return line;
  return chars.slice(0, Math.max(0, max - 1)).join('').trimEnd() + ELLIPSIS;
}
