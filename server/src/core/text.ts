/** Text utilities shared by the parser and features: line index and whitespace folding. */

export interface Span {
  start: number;
  end: number;
}

/** Text whose whitespace (newlines, form feeds, runs of spaces) is folded to single spaces,
 *  with a map back to the letter: `offsets[i]` is the letter offset of `text[i]`,
 *  `offsets[text.length]` the letter offset just past the last character.
 *  Read offsets with `flatOffset` (or `flatSpan`): `flatten` keeps the map compact (one entry per
 *  place the folding moved text, not one per character) and builds `offsets` only when asked. */
export interface FlatText {
  readonly text: string;
  readonly offsets: ArrayLike<number>;
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
    // The engine's own string search, not a loop over characters (ten times faster on letters).
    const starts = [0];
    if (text.indexOf('\r') < 0) {
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
    } else {
      const breaks = /\r\n?|\n/g;
      for (let m = breaks.exec(text); m; m = breaks.exec(text)) starts.push(m.index + m[0].length);
    }
    this.lineStarts = starts;
  }
  get lineCount(): number {
    return this.lineStarts.length;
  }
  /** The line of the last lookup: features look up offsets mostly in text order, so the next
   *  one is usually near it. The search gallops out from that line (1, 2, 4, ... lines) and then
   *  bisects the bracket it found: O(log distance) rather than O(log lines), so a pass over a
   *  letter in text order costs the same per line however long the letter is. */
  private hint = 0;
  positionAt(offset: number): Position {
    offset = Math.max(0, Math.min(offset, this.text.length));
    const starts = this.lineStarts;
    const n = starts.length;
    let h = this.hint;
    if (h >= n) h = n - 1;
    // Find lo ≤ hi with starts[lo] ≤ offset and (hi is the last line or offset < starts[hi + 1]).
    let lo: number;
    let hi: number;
    if (starts[h] <= offset) {
      if (h + 1 >= n || offset < starts[h + 1]) return { line: h, character: offset - starts[h] };
      if (h + 2 >= n || offset < starts[h + 2]) {
        this.hint = h + 1;
        return { line: h + 1, character: offset - starts[h + 1] };
      }
      // starts[h + 2] ≤ offset: gallop forward.
      lo = h + 2;
      let step = 2;
      hi = lo + step;
      while (hi < n && starts[hi] <= offset) {
        lo = hi;
        step *= 2;
        hi = lo + step;
      }
      hi = Math.min(hi, n) - 1; // starts[hi + 1] > offset, or hi is the last line
    } else {
      // offset < starts[h]: gallop backward.
      hi = h - 1;
      let step = 1;
      lo = hi - step;
      while (lo > 0 && starts[lo] > offset) {
        hi = lo - 1;
        step *= 2;
        lo = hi - step;
      }
      if (lo < 0) lo = 0;
    }
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    this.hint = lo;
    return { line: lo, character: offset - starts[lo] };
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

/** The white space of `\s` in a regular expression, and what String.prototype.trim removes (JavaScript white space and line terminators; NaN: none). */
export function isJsSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/**
 * `s.slice(0, limit).toLowerCase()`, as far as a comparison with a lower-case string of at most `n`
 * characters can tell, with only `n + 2` characters lower-cased when that is fewer: lower case maps
 * each character on its own and never to fewer characters, except that Σ becomes σ or final ς by
 * what follows it, so with a Σ in the head all `limit` characters are lower-cased. (Two characters
 * more than `n`, so that no surrogate pair that a compared string could reach is cut.)
 */
export function lowerHead(s: string, n: number, limit: number): string {
  if (n + 2 >= limit) return s.slice(0, limit).toLowerCase();
  const h = s.slice(0, n + 2);
  return h.includes('\u03a3') ? s.slice(0, limit).toLowerCase() : h.toLowerCase();
}

/** The first character of `s` in lower case, as `s.toLowerCase()[0]` (undefined for ''), lower-casing one character. */
export function firstLower(s: string): string | undefined {
  const c0 = s.charCodeAt(0);
  // A surrogate (half of a pair) cannot be lower-cased alone; the first character's lower case
  // does not depend on what follows (Σ first is σ: a final sigma follows a letter).
  return c0 < 0xd800 || c0 > 0xdfff ? s[0]?.toLowerCase()[0] : s.toLowerCase()[0];
}

/** White space as the folding reads it (space, tab, line breaks, form feed, vertical tab, no-break space). */
export const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11 || c === 0xa0;

/**
 * Folded text as `flatten` makes it. Between two places where the folding dropped characters the
 * flat text and the letter advance together, so the map holds one (flat index, letter offset) pair
 * per such stretch, in a typed array: `offsetAt` finds the stretch by binary search.
 */
export class FoldedText implements FlatText {
  private full: Int32Array | undefined;
  constructor(
    readonly text: string,
    /** Pairs (flat index where a stretch starts, its letter offset), flat indexes ascending; the last pair is the end. */
    private readonly runs: Int32Array,
  ) {}
  /** The letter offset of `text[i]` (`i === text.length`: just past the last character). */
  offsetAt(i: number): number {
    const runs = this.runs;
    let lo = 0;
    let hi = (runs.length >> 1) - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (runs[mid << 1] <= i) lo = mid;
      else hi = mid - 1;
    }
    return runs[(lo << 1) + 1] + (i - runs[lo << 1]);
  }
  /** Every offset (built on first use, then kept). */
  get offsets(): Int32Array {
    if (!this.full) {
      const n = this.text.length;
      const full = new Int32Array(n + 1);
      const runs = this.runs;
      const count = runs.length >> 1;
      for (let r = 0; r < count; r++) {
        const from = runs[r << 1];
        const to = r + 1 < count ? runs[(r + 1) << 1] : n + 1;
        const base = runs[(r << 1) + 1] - from;
        for (let i = from; i < to && i <= n; i++) full[i] = base + i;
      }
      this.full = full;
    }
    return this.full;
  }
  toJSON(): { text: string; offsets: number[] } {
    return { text: this.text, offsets: Array.from(this.offsets) };
  }
}

/** The letter offset of `flat.text[i]` (`i === flat.text.length`: just past the last character). */
export function flatOffset(flat: FlatText, i: number): number {
  return flat instanceof FoldedText ? flat.offsetAt(i) : flat.offsets[i];
}

/**
 * Folds the whitespace of `text[span]` (line breaks, form feeds, runs of spaces) into single spaces,
 * trimmed. The characters of `blank` (page furniture inside a field: see `pageFurnitureIn`) are
 * folded as white space too.
 */
export function flatten(text: string, span: Span, blank?: readonly Span[]): FlatText {
  // The folded text is built from slices of the letter: a piece runs on over single spaces, and
  // ends where the folding changes something (another whitespace character, or a run of them).
  // The map gets one pair per place where letter offsets jump (a run of two or more characters).
  // The places are found by the engine's regular expressions over the span's own slice, which
  // are many times faster than a loop over its characters.
  let s = text.slice(span.start, span.end);
  const base = span.start;
  // (Blanked with spaces of the same length, so that the letter offsets stay those of the text;
  // `blank` is in text order without overlaps, and only the spans inside this one are read.)
  if (blank && blank.length > 0) {
    let lo = 0;
    let hi = blank.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (blank[mid].end <= span.start) lo = mid + 1;
      else hi = mid;
    }
    if (lo < blank.length && blank[lo].start < span.end) {
      const pieces: string[] = [];
      let at = 0;
      for (let k = lo; k < blank.length && blank[k].start < span.end; k++) {
        const from = Math.max(blank[k].start, span.start) - base;
        const to = Math.min(blank[k].end, span.end) - base;
        pieces.push(s.slice(at, from), ' '.repeat(to - from));
        at = to;
      }
      pieces.push(s.slice(at));
      s = pieces.join('');
    }
  }
  const first = s.search(NON_SPACE);
  if (first < 0) {
    addRun(0, base, 0);
    return new FoldedText('', runScratch.slice(0, 2));
  }
  let last = s.length; // just past the last non-space character
  while (isSpace(s.charCodeAt(last - 1))) last--;
  let runCount = addRun(0, base + first, 0);
  let out = '';
  let pieceStart = first;
  let flatLength = 0;
  FOLD.lastIndex = first;
  // `test` rather than `exec` (no match array per run): a run ends at lastIndex, and it starts where
  // the white space before that begins (the run is all of it: FOLD is greedy, and pieceStart is not
  // white space).
  while (FOLD.test(s)) {
    const j = FOLD.lastIndex;
    let i = j - 1;
    while (i > pieceStart && isSpace(s.charCodeAt(i - 1))) i--;
    if (i >= last) break;
    // Close the piece before the run, add one space standing for the run's first character.
    out += s.slice(pieceStart, i);
    out += ' ';
    flatLength += i - pieceStart + 1;
    pieceStart = j;
    if (j !== i + 1) runCount = addRun(flatLength, base + j, runCount);
  }
  out = flatLength === 0 ? s.slice(pieceStart, last) : out + s.slice(pieceStart, last);
  return new FoldedText(out, runScratch.slice(0, runCount * 2));
}

/** The white space `flatten` folds (`isSpace`), as regular expressions: a character that is not
 *  white space, and a run that folding changes (any but a single plain space). */
const NON_SPACE = /[^ \t\n\r\f\v\u00a0]/;
const FOLD = /[\t\n\r\f\v\u00a0][ \t\n\r\f\v\u00a0]*| [ \t\n\r\f\v\u00a0]+/g;

let runScratch = new Int32Array(256);
/** Puts the pair (flat index, letter offset) at `count` in the scratch map; returns the new count. */
function addRun(flatAt: number, letterAt: number, count: number): number {
  if (runScratch.length < (count + 1) * 2) {
    const bigger = new Int32Array(runScratch.length * 2);
    bigger.set(runScratch);
    runScratch = bigger;
  }
  runScratch[count * 2] = flatAt;
  runScratch[count * 2 + 1] = letterAt;
  return count + 1;
}

/** The letter span of `flat.text.slice(from, to)`. */
export function flatSpan(flat: FlatText, from: number, to: number): Span {
  const start = flatOffset(flat, from);
  if (to <= from) return { start, end: start };
  return { start, end: flatOffset(flat, to - 1) + 1 };
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

/** Text quoted in a message: white space folded, and a long one cut in the middle, at spaces
 *  ("start … end"), so that the message stays readable in a hover or a terminal line. */
export function shortQuote(s: string, max = 80): string {
  const t = s.replace(/\s+/g, ' ').trim();
  if (t.length <= max) return t;
  const tailLength = Math.floor(max / 3);
  let head = t.slice(0, max - tailLength - 3);
  let tail = t.slice(t.length - tailLength);
  // Whole words only (a word longer than its share is cut).
  if (head.lastIndexOf(' ') > 0) head = head.slice(0, head.lastIndexOf(' '));
  if (tail.indexOf(' ') >= 0 && tail.indexOf(' ') < tail.length - 1) tail = tail.slice(tail.indexOf(' ') + 1);
  return `${head} … ${tail}`;
}

const stickyOf = new Map<RegExp, RegExp>();

/**
 * `text.matchAll(pattern)` for a pattern whose matches start with one of `words`: the same matches,
 * found by trying the pattern (sticky) at each place a word occurs, in text order, from the end of
 * the last match on, which is what matchAll's scan does at every place. The places come from one
 * `indexOf` per word kept ahead (the nearest taken each time): no list of places and no sort, so a
 * text that is all titles costs linear time too.
 */
export function* matchesAtWords(text: string, pattern: RegExp, words: readonly string[]): Iterable<RegExpMatchArray> {
  const next = words.map((w) => text.indexOf(w));
  let sticky = stickyOf.get(pattern);
  if (!sticky) stickyOf.set(pattern, (sticky = new RegExp(pattern.source, pattern.flags.replace('g', '') + 'y')));
  let lastEnd = 0;
  for (;;) {
    let k = -1;
    for (let j = 0; j < next.length; j++) if (next[j] >= 0 && (k < 0 || next[j] < next[k])) k = j;
    if (k < 0) return;
    const at = next[k];
    if (at < lastEnd) {
      next[k] = text.indexOf(words[k], lastEnd);
      continue;
    }
    next[k] = text.indexOf(words[k], at + 1);
    sticky.lastIndex = at;
    const m = sticky.exec(text);
    if (!m) continue;
    lastEnd = at + Math.max(1, m[0].length);
    yield m;
  }
}

/** Buckets of `charCounts`: letters and digits get their own (by code & 63), the rest share. */
export const COUNT_BUCKETS = 64;
/** Counts of the characters of `s`, by bucket: one edit changes them by at most two in all, so
 *  counts that differ by more than twice a bound of edits rule the edit distance out at once. */
export function charCounts(s: string, into: Int16Array = new Int16Array(COUNT_BUCKETS)): Int16Array {
  into.fill(0);
  for (let i = 0; i < s.length; i++) into[s.charCodeAt(i) & (COUNT_BUCKETS - 1)]++;
  return into;
}
/** Whether two strings' `charCounts` allow them to lie within `edits` edits of each other. */
export function countsWithin(a: Int16Array, b: Int16Array, edits: number): boolean {
  let diff = 0;
  const limit = 2 * edits;
  for (let k = 0; k < COUNT_BUCKETS; k++) {
    const d = a[k] - b[k];
    diff += d < 0 ? -d : d;
    if (diff > limit) return false;
  }
  return true;
}
