/**
 * Limits: documents the engine does not parse, and says so once.
 *
 * A document is skipped, instead of parsed, when it is too large
 * (`maxDocumentBytes`, default 2 MB), when it is not text (a NUL character in its
 * first 8 KB), or when the remark fallback would take superlinear time on it (see
 * `parseHazard`). A skipped document that may be a roadmap (its text names a kind's
 * title, such as "Module Roadmap") gets a model with no kind and a `skipped`
 * reason, which `checkDocument` turns into one information diagnostic
 * (`document-skipped`); any other skipped document is simply not a roadmap.
 * Every check here is one linear pass over the text, with no regular expression
 * that could backtrack.
 */
import { emptyDoc, type RoadmapDoc, type SkipReason } from './model';
import type { CompiledSchema } from './schema/compile';

/** The default size limit of a document, in bytes of UTF-8. */
export const DEFAULT_MAX_DOCUMENT_BYTES = 2 * 1024 * 1024;

/** A NUL character in this many first characters means the document is not text. */
export const BINARY_SNIFF_CHARS = 8 * 1024;

/** The code of the diagnostic a skipped document gets. */
export const SKIPPED_CODE = 'document-skipped';

/**
 * The size of a text in bytes of UTF-8 (a lone surrogate counts 3, as its
 * replacement character is written), counted no further than `stopAbove`: the
 * result is exact up to it and some number above it otherwise.
 */
export function utf8Length(text: string, stopAbove = Infinity): number {
  let bytes = 0;
  for (let i = 0; i < text.length && bytes <= stopAbove; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) bytes += 1;
    else if (c < 0x800) bytes += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      bytes += 4;
      i++;
    } else bytes += 3;
  }
  return bytes;
}

/** `1.5 MB`, `12.3 KB`, `512 bytes` (binary multiples, as editors show file sizes). */
export function formatBytes(n: number): string {
  const unit = (v: number, u: string) => `${v.toFixed(1).replace(/\.0$/, '')} ${u}`;
  if (n >= 1024 * 1024) return unit(n / (1024 * 1024), 'MB');
  if (n >= 1024) return unit(n / 1024, 'KB');
  return `${n} byte${n === 1 ? '' : 's'}`;
}


export interface SizeOptions {
  /** The limit in bytes; default `DEFAULT_MAX_DOCUMENT_BYTES`. */
  maxBytes?: number;
  /** The document's full size in bytes, when `text` may be only its beginning (read from disk up to the limit). */
  size?: number;
}

/** Why a document is not to be parsed at all (too large, not text), or undefined. */
export function sizeLimit(text: string, options: SizeOptions = {}): Omit<SkipReason, 'range'> | undefined {
  const max = options.maxBytes ?? DEFAULT_MAX_DOCUMENT_BYTES;
  // Every UTF-16 unit is one to three bytes: a short text needs no counting.
  const bytes = options.size ?? (text.length * 3 <= max ? text.length : utf8Length(text));
  if (bytes > max) {
    return { reason: 'too-large', bytes, message: `Roadmap checks skipped: this document is ${formatBytes(bytes)}, over the ${formatBytes(max)} size limit.` };
  }
  const nul = text.indexOf('\u0000');
  if (nul >= 0 && nul < BINARY_SNIFF_CHARS) {
    const size = options.size ?? utf8Length(text);
    return {
      reason: 'not-text',
      bytes: size,
      message: `Roadmap checks skipped: this document (${formatBytes(size)}) does not look like text: it has a NUL character in its first ${formatBytes(BINARY_SNIFF_CHARS)}.`,
    };
  }
  return undefined;
}

/**
 * How far the remark fallback can go, measured against micromark 4: past these,
 * its time grows faster than the text (quadratically, and its recursion
 * overflows the stack on very deep nesting). Real roadmaps are orders of
 * magnitude below every one of them; the fast scanner, which is linear, is not
 * bound by them.
 */
export const PARSE_LIMITS = {
  /** Block quotes and list items stacked at the start of one line. */
  nesting: 32,
  /** Emphasis, strikethrough and link delimiters (`* _ ~ [ ]`) in one paragraph, heading or cell line. */
  delimiters: 1000,
  /**
   * Block quotes that start after a non-quote line, plus setext underlines, times
   * the length of the text: micromark rewrites the whole event list at each.
   */
  rewrites: 10_000_000,
};

function isSpace(c: number): boolean {
  return c === 32 || c === 9;
}

/**
 * Container markers (`>` and list markers) stacked at the start of the line from
 * `i`, plus one level per two columns of indentation before them (a list nested by
 * indentation); `quote` when one is `>`.
 */
function containerPrefix(text: string, i: number, end: number): { depth: number; quote: boolean; next: number } {
  let indent = 0;
  for (let j = i; j < end && isSpace(text.charCodeAt(j)); j++) indent += text.charCodeAt(j) === 9 ? 4 : 1;
  const prefix = scanMarkers(text, i, end);
  return prefix.depth > 0 ? { ...prefix, depth: prefix.depth + (indent >> 1) } : prefix;
}

function scanMarkers(text: string, i: number, end: number): { depth: number; quote: boolean; next: number } {
  let depth = 0;
  let quote = false;
  for (;;) {
    let j = i;
    while (j < end && isSpace(text.charCodeAt(j))) j++;
    const c = text.charCodeAt(j);
    if (c === 62 /* > */) {
      depth++;
      quote = true;
      i = j + 1;
      continue;
    }
    let k = j;
    if (c === 45 || c === 42 || c === 43 /* - * + */) k = j + 1;
    else {
      while (k < end && k - j < 9 && text.charCodeAt(k) >= 48 && text.charCodeAt(k) <= 57) k++;
      if (k > j && (text.charCodeAt(k) === 46 || text.charCodeAt(k) === 41) /* . ) */) k++;
      else k = j;
    }
    if (k > j && (k === end || isSpace(text.charCodeAt(k)))) {
      depth++;
      i = k;
      continue;
    }
    return { depth, quote, next: j };
  }
}

/**
 * Why the remark fallback should not parse this text (it would take superlinear
 * time), or undefined. One pass over the lines.
 */
export function parseHazard(text: string): Omit<SkipReason, 'range' | 'bytes'> | undefined {
  let maxDepth = 0;
  let maxDelimiters = 0;
  let rewrites = 0;
  let delimiters = 0;
  let previousBlank = true;
  let previousQuote = false;
  for (let start = 0; start <= text.length; ) {
    let end = start;
    while (end < text.length && text.charCodeAt(end) !== 10 && text.charCodeAt(end) !== 13) end++;
    const { depth, quote, next } = containerPrefix(text, start, end);
    const blank = next >= end;
    if (depth > maxDepth) maxDepth = depth;
    if (quote && (previousBlank || !previousQuote)) rewrites++;
    // A setext underline: `===` or `---` alone under a paragraph line.
    if (!blank && !previousBlank && depth === 0) {
      const u = text.charCodeAt(next);
      if (u === 61 || u === 45) {
        let j = next;
        while (j < end && text.charCodeAt(j) === u) j++;
        while (j < end && isSpace(text.charCodeAt(j))) j++;
        if (j === end) rewrites++;
      }
    }
    // A new paragraph (roughly): after a blank line, or at a line that starts a block.
    const c = text.charCodeAt(next);
    if (blank || depth > 0 || c === 35 /* # */ || c === 124 /* | */) delimiters = 0;
    for (let i = next; i < end; i++) {
      const d = text.charCodeAt(i);
      if (d === 42 || d === 95 || d === 126 || d === 91 || d === 93) delimiters++;
    }
    if (delimiters > maxDelimiters) maxDelimiters = delimiters;
    previousBlank = blank;
    previousQuote = quote;
    start = end + (text.charCodeAt(end) === 13 && text.charCodeAt(end + 1) === 10 ? 2 : 1);
  }
  const skipped = 'Roadmap checks skipped: this document';
  if (maxDepth > PARSE_LIMITS.nesting) {
    return { reason: 'too-complex', message: `${skipped} nests block quotes or lists ${maxDepth} levels deep on one line (the limit is ${PARSE_LIMITS.nesting}).` };
  }
  if (maxDelimiters > PARSE_LIMITS.delimiters) {
    return {
      reason: 'too-complex',
      message: `${skipped} has ${maxDelimiters} emphasis or link delimiters (* _ ~ [ ]) in one paragraph (the limit is ${PARSE_LIMITS.delimiters}).`,
    };
  }
  if (rewrites * text.length > PARSE_LIMITS.rewrites) {
    return {
      reason: 'too-complex',
      message: `${skipped} has ${rewrites} separate block quotes or setext headings in ${formatBytes(utf8Length(text))}, too many to parse quickly.`,
    };
  }
  return undefined;
}

/** The model of a document that is not parsed: a `skipped` reason when it may be a roadmap, else not a roadmap. */
export function skippedDoc(uri: string, text: string, schema: CompiledSchema, why: Omit<SkipReason, 'range' | 'bytes'> & { bytes?: number }): RoadmapDoc {
  let lines = 1;
  let firstLineEnd = -1;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 13) {
      if (firstLineEnd < 0) firstLineEnd = i;
      if (c === 13 && text.charCodeAt(i + 1) === 10) i++;
      lines++;
    }
  }
  const doc = emptyDoc(uri, lines);
  if (!schema.mayBeRoadmap(text)) return doc; // a skipped document is reported only when it names a kind's title
  const end = firstLineEnd < 0 ? text.length : firstLineEnd;
  doc.skipped = {
    reason: why.reason,
    message: why.message,
    bytes: why.bytes ?? utf8Length(text),
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: end } },
  };
  return doc;
}
