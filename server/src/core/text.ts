/** Text utilities shared by the parser and features: line index and whitespace folding. */

export interface Span {
  start: number;
  end: number;
}

/** Text whose whitespace (newlines, form feeds, runs of spaces) is folded to single spaces,
 *  with a map back to the letter: `offsets[i]` is the letter offset of `text[i]`,
 *  `offsets[text.length]` the letter offset just past the last character. */
export interface FlatText {
  text: string;
  offsets: number[];
}


export interface Position {
  line: number;
  character: number;
}
export interface Range {
  start: Position;
  end: Position;
}

/** Maps offsets to line/character positions and back (LSP semantics: \r\n, \n and \r end lines). */
export class LineIndex {
  /** Offset at which each line starts. */
  readonly lineStarts: number[];
  constructor(readonly text: string) {
    const starts = [0];
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 13 /* \r */) {
        if (text.charCodeAt(i + 1) === 10) i++;
        starts.push(i + 1);
      } else if (c === 10 /* \n */) {
        starts.push(i + 1);
      }
    }
    this.lineStarts = starts;
  }
  get lineCount(): number {
    return this.lineStarts.length;
  }
  positionAt(offset: number): Position {
    offset = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.lineStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo, character: offset - this.lineStarts[lo] };
  }
  offsetAt(pos: Position): number {
    if (pos.line < 0) return 0;
    if (pos.line >= this.lineStarts.length) return this.text.length;
    const start = this.lineStarts[pos.line];
    const end = this.lineEnd(pos.line);
    return Math.min(start + Math.max(0, pos.character), end);
  }
  /** Offset of the end of a line's content (before its line break). */
  lineEnd(line: number): number {
    const next = line + 1 < this.lineStarts.length ? this.lineStarts[line + 1] : this.text.length;
    let end = next;
    if (end > this.lineStarts[line] && this.text.charCodeAt(end - 1) === 10) end--;
    if (end > this.lineStarts[line] && this.text.charCodeAt(end - 1) === 13) end--;
    return end;
  }
  rangeOf(span: Span): Range {
    return { start: this.positionAt(span.start), end: this.positionAt(span.end) };
  }
}

const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11 || c === 0xa0;

/** Folds the whitespace of `text[span]` (line breaks, form feeds, runs of spaces) into single spaces, trimmed. */
export function flatten(text: string, span: Span): FlatText {
  let out = '';
  const offsets: number[] = [];
  let pendingSpace = -1;
  for (let i = span.start; i < span.end; i++) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      if (out.length > 0 && pendingSpace < 0) pendingSpace = i;
      continue;
    }
    if (pendingSpace >= 0) {
      out += ' ';
      offsets.push(pendingSpace);
      pendingSpace = -1;
    }
    out += text[i];
    offsets.push(i);
  }
  offsets.push(out.length > 0 ? offsets[offsets.length - 1] + 1 : span.start);
  return { text: out, offsets };
}

/** The letter span of `flat.text.slice(from, to)`. */
export function flatSpan(flat: FlatText, from: number, to: number): Span {
  if (to <= from) return { start: flat.offsets[from], end: flat.offsets[from] };
  return { start: flat.offsets[from], end: flat.offsets[to - 1] + 1 };
}

/** A span with leading and trailing whitespace removed. */
export function trimSpan(text: string, span: Span): Span {
  let { start, end } = span;
  while (start < end && isSpace(text.charCodeAt(start))) start++;
  while (end > start && isSpace(text.charCodeAt(end - 1))) end--;
  return { start, end };
}

let distanceRows = [new Int32Array(64), new Int32Array(64)];

/** Levenshtein distance, capped: returns `max + 1` as soon as the distance must exceed `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  // Two rows, reused across calls (no allocation per call).
  if (distanceRows[0].length <= b.length) distanceRows = [new Int32Array(b.length + 1), new Int32Array(b.length + 1)];
  let prev = distanceRows[0];
  let cur = distanceRows[1];
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    let rowMin = i;
    const ai = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const v = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (ai === b.charCodeAt(j - 1) ? 0 : 1));
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const t = prev;
    prev = cur;
    cur = t;
  }
  return prev[b.length];
}
