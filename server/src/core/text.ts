/**
 * Positions and ranges as LSP defines them: zero-based lines, and characters
 * counted in UTF-16 code units (which is what JavaScript string indices are).
 * The core keeps its own structural types so that it does not import LSP.
 */
export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

/**
 * A range held as four numbers: one object where `{ start: {…}, end: {…} }` takes
 * three, for the tens of thousands of ranges a large workspace's models hold. It
 * reads as a `Range` (`start` and `end` are fresh positions) and serializes (JSON,
 * as LSP messages do) as one.
 */
export class PackedRange implements Range {
  constructor(
    private readonly sl: number,
    private readonly sc: number,
    private readonly el: number,
    private readonly ec: number,
  ) {}

  get start(): Position {
    return { line: this.sl, character: this.sc };
  }

  get end(): Position {
    return { line: this.el, character: this.ec };
  }

  toJSON(): Range {
    return { start: this.start, end: this.end };
  }
}

/** Maps string offsets to positions and back, for one version of a text. */
export class LineIndex {
  /** Offset of the first character of each line. */
  private readonly starts: number[];

  constructor(readonly text: string) {
    const starts = [0];
    if (text.indexOf('\r') < 0) {
      // The common case, found fast: only LF line breaks.
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    } else {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10 /* \n */) starts.push(i + 1);
        else if (c === 13 /* \r */) {
          if (text.charCodeAt(i + 1) === 10) i++;
          starts.push(i + 1);
        }
      }
    }
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  positionAt(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    const line = this.lineOf(o);
    return { line, character: o - this.starts[line] };
  }

  /** The line holding an offset (clamped into the text). */
  private lineOf(offset: number): number {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= o) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  offsetAt(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.starts.length) return this.text.length;
    const start = this.starts[position.line];
    const end = this.lineEnd(position.line);
    return Math.max(start, Math.min(start + position.character, end));
  }

  range(startOffset: number, endOffset: number): Range {
    const a = this.lineOf(startOffset);
    const b = endOffset === startOffset ? a : this.lineOf(endOffset);
    const s = Math.max(0, Math.min(startOffset, this.text.length));
    const e = Math.max(0, Math.min(endOffset, this.text.length));
    return new PackedRange(a, s - this.starts[a], b, e - this.starts[b]);
  }

  /** Offset just past the last character of a line, before its line break. */
  lineEnd(line: number): number {
    if (line + 1 < this.starts.length) {
      let end = this.starts[line + 1] - 1;
      if (end > this.starts[line] && this.text.charCodeAt(end) === 10 && this.text.charCodeAt(end - 1) === 13) end--;
      return end;
    }
    return this.text.length;
  }

  lineText(line: number): string {
    if (line < 0 || line >= this.starts.length) return '';
    return this.text.slice(this.starts[line], this.lineEnd(line));
  }

  lineStart(line: number): number {
    return this.starts[Math.max(0, Math.min(line, this.starts.length - 1))];
  }
}

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}

/** True when `p` lies in `r`, ends included (a cursor just after a word is "on" it). */
export function rangeContains(r: Range, p: Position): boolean {
  return comparePositions(r.start, p) <= 0 && comparePositions(p, r.end) <= 0;
}
