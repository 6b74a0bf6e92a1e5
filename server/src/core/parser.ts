/**
 * Parses a letter's text into the letter model. Tolerant by design: any input (empty, binary,
 * a draft cut off mid-item) yields the best model it can, and the parser never throws.
 *
 * It reads all three extraction styles of the published letters: `pdftotext -layout` (centred
 * headings, two-column header, form feeds), plain `pdftotext` (header labels first, values after,
 * no blank lines between paragraphs) and the double-spaced style of the seeds (every line
 * followed by an empty line; paragraphs separated by a line holding a single space).
 */
import {
  CASE_NUMBER_FORM,
  DECISIONS,
  DECISION_LOOKALIKES,
  HEADER_FIELDS,
  ISSUES_INTRO,
  headerSpec,
  ITEM_FIELDS,
  LAYOUTS,
  trailingFurniture,
  pageFurnitureIn,
  PRIORITIES,
  SECTIONS,
  type FieldKind,
  type HeaderKey,
  type Layout,
  type SectionKind,
  type SectionSpec,
} from './format';
import type { DecisionValue, DecisionWord, HeaderField, HeadingMatch, Item, ItemField, Letter, LetterFormat, Section, Span } from './model';
import { COUNT_BUCKETS, LineIndex, charCounts, countsWithin, editDistance, flatSpan, flatten, trimSpan } from './text';

interface Line {
  index: number;
  start: number;
  /** End of content, before the line break. */
  end: number;
  /** Content with form feeds and surrounding whitespace removed. */
  trimmed: string;
  /** Offset of `trimmed` in the letter. */
  trimmedStart: number;
  /** A paragraph break: blank in the letter's own extraction style. */
  isBreak: boolean;
  /** The field label the line starts with, once read (null: none). */
  label?: FieldLabel | null;
}

interface HeadingHit {
  spec: SectionSpec;
  line: Line;
  match: HeadingMatch;
  span: Span;
}

/** Parses without ever throwing; on an internal error returns a model with no structure. */
export function parseLetter(text: string): Letter {
  try {
    return parse(text);
  } catch {
    return { text, format: 'unknown', lines: new LineIndex(text), header: [], sections: [], items: [] };
  }
}

const CURRENT = LAYOUTS.find((l) => l.id === 'current')!;

function parse(text: string): Letter {
  const lineIndex = new LineIndex(text);
  const { lines, doubleSpaced } = splitLines(text, lineIndex);
  const layout = detectLayout(text, lines);
  let format: LetterFormat = layout ? layout.layout.id : 'unknown';
  const headingHits = layout?.hits ?? [];

  const sections: Section[] = headingHits.map((hit, i) => {
    const next = headingHits[i + 1];
    const bodyEnd = next ? next.line.start : text.length;
    const bodyStart = Math.min(hit.span.end, bodyEnd);
    return {
      kind: hit.spec.kind,
      name: hit.spec.heading,
      headingText: text.slice(hit.span.start, hit.span.end),
      headingSpan: hit.span,
      headingMatch: hit.match,
      bodySpan: { start: bodyStart, end: bodyEnd },
      span: { start: hit.span.start, end: bodyEnd },
    };
  });

  const headerEnd = headingHits.length > 0 ? headingHits[0].line.index : Math.min(lines.length, 40);
  const header = parseHeader(text, lines.slice(0, headerEnd));
  // Without a heading, the header runs to its last label or value.
  let lastHeaderOffset = 0; // (a loop: spreading 100,000 fields into Math.max overflows the stack)
  for (const h of header) lastHeaderOffset = Math.max(lastHeaderOffset, h.labelSpan.end, h.valueSpan?.end ?? 0);
  const headerSpan =
    header.length > 0
      ? trimSpan(text, { start: 0, end: headingHits.length > 0 ? headingHits[0].line.start : lines[lineAtOffset(lines, lastHeaderOffset)].end })
      : undefined;

  let items: Item[];
  if (format === 'unknown') {
    // No layout: still show the items a draft has written (never checked by the structure rules).
    const rest = { start: headerSpan?.end ?? 0, end: text.length };
    items = parseFieldItems(text, lines, rest, { start: rest.start, end: rest.start }, 'issues');
    // A current letter whose headings were all deleted: it opens like one, has its header, and has
    // items with their field labels. Then it is one, and its missing headings are said (a header
    // being typed, with no item yet, is not).
    if (header.length >= 3 && CURRENT.opening.test(openingText(lines)) && items.some((it) => it.fields.length >= 2 && it.decision)) format = 'current';
  } else {
    items = parseItems(text, lines, layout!.layout, sections);
  }

  return { text, format, lines: lineIndex, doubleSpaced, header, headerSpan, sections, items };
}

// ---------------------------------------------------------------------------------------------
// Lines

function splitLines(text: string, index: LineIndex): { lines: Line[]; doubleSpaced: boolean } {
  // Made at its final length (growing it by push copies it several times over).
  const lines: Line[] = new Array<Line>(index.lineCount);
  for (let i = 0; i < index.lineCount; i++) {
    const start = index.lineStarts[i];
    const end = index.lineEnd(i);
    const t = trimSpan(text, { start, end });
    lines[i] = {
      index: i,
      start,
      end,
      trimmed: text.slice(t.start, t.end),
      trimmedStart: t.start,
      isBreak: t.start === t.end,
      label: undefined,
    };
  }
  const doubleSpaced = isDoubleSpaced(text, lines);
  if (doubleSpaced) {
    // In the double-spaced style every text line is followed by one empty line; a real blank
    // line shows as a line holding only spaces, or as a run of three or more empty lines.
    let runStart = -1;
    for (let i = 0; i <= lines.length; i++) {
      const empty = i < lines.length && lines[i].start === lines[i].end;
      if (empty && runStart < 0) runStart = i;
      if (!empty && runStart >= 0) {
        const runLength = i - runStart;
        if (runLength < 3) for (let j = runStart; j < i; j++) lines[j].isBreak = false;
        runStart = -1;
      }
    }
  }
  return { lines, doubleSpaced };
}

function isDoubleSpaced(text: string, lines: Line[]): boolean {
  let textLines = 0;
  let followedByEmpty = 0;
  for (let i = 0; i + 1 < lines.length; i++) {
    if (lines[i].trimmed.length === 0) continue;
    textLines++;
    if (lines[i + 1].start === lines[i + 1].end) followedByEmpty++;
  }
  return textLines >= 10 && followedByEmpty / textLines > 0.9;
}

// ---------------------------------------------------------------------------------------------
// Headings and layout

const HEADING_LINE_MAX = 90;
/** Opening lines read for a layout's masthead. */
const OPENING_LINES = 3;
/** A wrapped heading's first line is at least this long (so a short line never starts one). */
const WRAP_MIN = 15;

interface LayoutMatch {
  layout: Layout;
  /** The letter opens with the layout's masthead. */
  opened: boolean;
  hits: HeadingHit[];
}

/**
 * The layout whose opening lines and headings the letter has most of: the masthead counts
 * two, each distinct heading one (a misspelled one a half). Ties go to the earlier layout in
 * LAYOUTS. Only a layout with at least one heading in the text counts; undefined when none has.
 */
function detectLayout(text: string, lines: Line[]): LayoutMatch | undefined {
  const opening = openingText(lines);
  const candidates = findHeadingCandidates(text, lines);
  let best: LayoutMatch | undefined;
  let bestScore = 0;
  for (const layout of LAYOUTS) {
    const hits = headingsOf(layout, candidates);
    // The opening lines alone decide nothing (a header being typed, a cover page).
    if (hits.length === 0) continue;
    const opened = layout.opening.test(opening);
    const kinds = new Map<SectionKind, number>();
    for (const h of hits) kinds.set(h.spec.kind, Math.max(kinds.get(h.spec.kind) ?? 0, h.match === 'misspelled' ? 0.5 : 1));
    const score = (opened ? 2 : 0) + [...kinds.values()].reduce((a, b) => a + b, 0);
    if (score > bestScore) {
      best = { layout, opened, hits };
      bestScore = score;
    }
  }
  return best;
}

/** The regular expressions of the parser's loops are module constants: a literal in a function body
 *  makes a new RegExp object each time it runs. (Global ones here are used by `replace`, which
 *  starts at 0 whatever their lastIndex, or have lastIndex set before each scan.) */
const WHITE_SPACE_RUN = /\s+/g;
const LEADING_BOM = /^\uFEFF/;
const TRAILING_COLON = /:$/;
const STARTS_LOWER_CASE = /^[a-z]/;
/** "1." or "2)" and the space after it, at the start of a title. */
const TITLE_NUMBER = /^(\d{1,2}[.)])\s+/;

/** The first few non-blank lines, whitespace folded, joined by single spaces. */
function openingText(lines: Line[]): string {
  const parts: string[] = [];
  for (const line of lines) {
    if (parts.length >= OPENING_LINES) break;
    const t = line.trimmed.replace(LEADING_BOM, '');
    if (t.length > 0) parts.push(t.slice(0, 200).replace(WHITE_SPACE_RUN, ' '));
  }
  return parts.join(' ');
}

const MATCH_RANK: Record<HeadingMatch, number> = { exact: 0, case: 1, misspelled: 2 };

/** The layout's headings: per line, the best match among the layout's own sections. */
const LAYOUT_KINDS = new Map<Layout, Set<SectionKind>>(LAYOUTS.map((l) => [l, new Set(l.sections.map((s) => s.kind))]));

function headingsOf(layout: Layout, candidates: HeadingHit[]): HeadingHit[] {
  const kinds = LAYOUT_KINDS.get(layout) ?? new Set(layout.sections.map((s) => s.kind));
  const hits: HeadingHit[] = [];
  for (const c of candidates) {
    if (!kinds.has(c.spec.kind)) continue;
    const last = hits[hits.length - 1];
    if (last && last.line === c.line) {
      if (MATCH_RANK[c.match] < MATCH_RANK[last.match]) hits[hits.length - 1] = c;
      continue;
    }
    // A wrapped heading's continuation lines are part of it.
    if (last && c.line.start < last.span.end) continue;
    hits.push(c);
  }
  return hits;
}

interface SpecKey {
  spec: SectionSpec;
  upper: string;
  /** The heading's first character, lower-cased as `| 32` does. */
  first: number;
  budget: number;
  /** Character counts of `upper` (see charCounts). */
  hist: Int16Array;
}
const SPEC_KEYS: readonly SpecKey[] = SECTIONS.map((spec) => ({
  spec,
  upper: spec.heading.toUpperCase(),
  first: spec.heading.charCodeAt(0) | 32,
  budget: Math.max(2, Math.floor(spec.heading.length * 0.15)),
  hist: charCounts(spec.heading.toUpperCase()),
}));
/** Bit k stands for SPEC_KEYS[k]: the keys whose heading starts with a character (`| 32`), the
 *  2013 notice (matched anywhere in a line), and per line length the keys within their budget of
 *  it (any key: the line is then upper-cased) and the fuzzy ones among them. */
const FIRST_MASK = new Map<number, number>();
let NOTICE_MASK = 0;
const NEAR_MASK = new Int32Array(HEADING_LINE_MAX + 41);
const FUZZY_NEAR_MASK = new Int32Array(HEADING_LINE_MAX + 41);
SPEC_KEYS.forEach((key, k) => {
  if (SPEC_KEYS.length > 31) throw new Error('parser: more headings than bits in a heading mask');
  FIRST_MASK.set(key.first, (FIRST_MASK.get(key.first) ?? 0) | (1 << k));
  if (key.spec.kind === 'notice2013') NOTICE_MASK |= 1 << k;
  for (let L = 0; L < NEAR_MASK.length; L++) {
    if (Math.abs(L - key.upper.length) > key.budget) continue;
    NEAR_MASK[L] |= 1 << k;
    if (key.spec.fuzzy) FUZZY_NEAR_MASK[L] |= 1 << k;
  }
});
const lineHist = new Int16Array(COUNT_BUCKETS);
let lineHistOf: string | undefined;

/**
 * Whether `upper` may lie within `key.budget` edits of the heading: an edit changes the character
 * counts by at most two, so counts that differ by more than twice the budget rule it out without
 * computing the distance.
 */
function withinBudgetByCounts(upper: string, key: SpecKey): boolean {
  if (lineHistOf !== upper) {
    charCounts(upper, lineHist);
    lineHistOf = upper;
  }
  return countsWithin(lineHist, key.hist, key.budget);
}

/** Every line's matches with any layout's headings, in line order (a line may match one heading of several layouts). */
function findHeadingCandidates(text: string, lines: Line[]): HeadingHit[] {
  const hits: HeadingHit[] = [];
  // Where the letter has white space that folding changes, found in one pass over the letter (a
  // test of each line cost more: a letter has about 80 lines to test and 10 such places).
  FOLDING_POINTS.lastIndex = 0;
  let fold = FOLDING_POINTS.exec(text)?.index ?? Infinity;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line.trimmed.length === 0 || line.trimmed.length > HEADING_LINE_MAX + 40) continue;
    const t = line.trimmed;
    // (A line's trimmed text starts and ends with other than white space, so a place inside it starts inside it.)
    while (fold < line.trimmedStart) {
      FOLDING_POINTS.lastIndex = line.trimmedStart;
      fold = FOLDING_POINTS.exec(text)?.index ?? Infinity;
    }
    const bare = fold < line.trimmedStart + t.length ? t.replace(WHITE_SPACE_RUN, ' ') : t;
    const fuzzyLine = t.length <= HEADING_LINE_MAX && !t.endsWith('.');
    const first = t.charCodeAt(0) | 32;
    const L = bare.length;
    // Fast path: the keys that can match, as a bit mask in SPEC_KEYS order (a line starting with
    // the heading's first letter, the 2013 notice anywhere, a fuzzy heading of about the line's
    // length), with the line upper-cased once when it is as long as some heading. It is exact
    // whenever upper-casing keeps the length (else the loop below asks every key, as it always did).
    // The upper-case line is read only by a key near the line's length: skipped when the mask has none.
    const near = L < NEAR_MASK.length ? NEAR_MASK[L] : 0;
    const fuzzyNear = fuzzyLine && L < NEAR_MASK.length ? FUZZY_NEAR_MASK[L] : 0;
    let mask = (FIRST_MASK.get(first) ?? 0) | NOTICE_MASK | fuzzyNear;
    const upper = (mask & near) !== 0 ? bare.toUpperCase() : undefined;
    if (upper === undefined || upper.length === L) {
      while (mask !== 0) {
        const k = 31 - Math.clz32(mask & -mask);
        mask &= mask - 1;
        const hit = matchHeading(lines, i, SPEC_KEYS[k], bare, upper, fuzzyLine);
        if (hit) hits.push(hit);
      }
      continue;
    }
    let lazyUpper: string | undefined; // computed only for a line as long as some heading
    for (const key of SPEC_KEYS) {
      if (lazyUpper === undefined && Math.abs(bare.length - key.upper.length) <= key.budget) lazyUpper = bare.toUpperCase();
      const hit = matchHeading(lines, i, key, bare, lazyUpper, fuzzyLine);
      if (hit) hits.push(hit);
    }
  }
  return hits;
}

/** White space other than single spaces: what folding a heading line changes (`/\s\s|[^\S ]/`,
 *  written with the characters of `\s` listed, which the engine searches faster; without the line
 *  breaks, which no line holds). */
const FOLDING_POINTS = / {2}|[\t\v\f\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/g;

/** `upper` is the line in upper case, given whenever its length is within the key's budget. */
function matchHeading(lines: Line[], i: number, key: SpecKey, bare: string, upper: string | undefined, fuzzyLine: boolean): HeadingHit | undefined {
  const { spec } = key;
  const line = lines[i];
  const t = line.trimmed;
  const h = spec.heading;
  const near = upper !== undefined && Math.abs(upper.length - key.upper.length) <= key.budget;
  // Every form but a misspelling (and the 2013 notice after the company name) starts with the heading's first letter.
  if ((t.charCodeAt(0) | 32) === (h.charCodeAt(0) | 32)) {
    if (bare === h) return hitOf(spec, line, 'exact', t.length);
    if (near && upper === key.upper) return hitOf(spec, line, 'case', t.length);
    if (!spec.alone && t.startsWith(h)) return { spec, line, match: 'exact', span: { start: line.trimmedStart, end: line.trimmedStart + h.length } };
    if (spec.wraps && bare.length >= WRAP_MIN && bare.length < h.length && h.startsWith(bare)) {
      const wrapped = wrappedHeading(lines, i, spec);
      if (wrapped) return wrapped;
    }
  } else if (spec.kind === 'notice2013') {
    const at = t.indexOf(h);
    if (at > 0) return { spec, line, match: 'exact', span: { start: line.trimmedStart + at, end: line.trimmedStart + at + h.length } };
  }
  // A misspelled heading: a short line that is within a few edits of a distinctive heading.
  if (spec.fuzzy && fuzzyLine && near && withinBudgetByCounts(upper!, key) && editDistance(upper!, key.upper, key.budget) <= key.budget) {
    return hitOf(spec, line, 'misspelled', t.length);
  }
  return undefined;
}

/** A heading whose first line is `lines[i]` and which runs on over the next one or two text lines. */
function wrappedHeading(lines: Line[], i: number, spec: SectionSpec): HeadingHit | undefined {
  const h = spec.heading;
  let joined = lines[i].trimmed.replace(WHITE_SPACE_RUN, ' ');
  let taken = 0;
  for (let j = i + 1; j < lines.length && j <= i + 4 && taken < 2; j++) {
    const next = lines[j];
    if (next.trimmed.length === 0) continue;
    taken++;
    const candidate = `${joined} ${next.trimmed.replace(WHITE_SPACE_RUN, ' ')}`;
    if (candidate === h || (!spec.alone && candidate.startsWith(h))) {
      // The heading ends on this line: its last part is what the heading still lacked.
      const rest = h.length - joined.length - 1;
      return { spec, line: lines[i], match: 'exact', span: { start: lines[i].trimmedStart, end: next.trimmedStart + rest } };
    }
    if (!h.startsWith(candidate)) return undefined;
    joined = candidate;
  }
  return undefined;
}

function hitOf(spec: SectionSpec, line: Line, match: HeadingMatch, length: number): HeadingHit {
  return { spec, line, match, span: { start: line.trimmedStart, end: line.trimmedStart + length } };
}

// ---------------------------------------------------------------------------------------------
// Header block

const DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;

/** Header labels as they appear in the extractions; "Application" may stand without "Received:". */
const HEADER_LABEL =
  /Case Number:|Date Assigned:|Decision Date:|Priority:|Date of Injury:|UR Denial Date:|Application(?:\s+Received)?:?|Received:/g;
/** A value on a line of values: words separated by single spaces. */
const HEADER_VALUE = /\S+(?: \S+)*/g;

/** Every match of global `re` in `s`, by an exec loop (`matchAll` makes a copy of the RegExp and an iterator on each call). */
function matchesOf(re: RegExp, s: string): RegExpExecArray[] {
  const matches: RegExpExecArray[] = [];
  re.lastIndex = 0;
  for (let m = re.exec(s); m; m = re.exec(s)) matches.push(m);
  return matches;
}

function headerKeyOf(label: string): HeaderKey | undefined {
  const norm = label.replace(WHITE_SPACE_RUN, ' ');
  if (norm.startsWith('Application')) return 'applicationReceived';
  return HEADER_FIELDS.find((f) => f.label === norm)?.key;
}

/**
 * Reads label/value pairs from the lines before the first heading. Layout extraction puts
 * values right after their labels (two pairs per line); plain extraction lists the labels
 * first and their values after, in the same order, so labels without a value are queued and
 * take the next free values.
 */
function parseHeader(text: string, lines: Line[]): HeaderField[] {
  const fields: HeaderField[] = [];
  const waiting: HeaderField[] = [];
  let lastLabelWasApplication = false;
  for (const line of lines) {
    if (line.trimmed.length === 0) continue;
    const content = text.slice(line.start, line.end);
    // Every label holds a colon but a lone "Application" (a line without either has none).
    const labels = content.includes(':') || content.includes('Application') ? matchesOf(HEADER_LABEL, content) : [];
    if (labels.length === 0) {
      if (waiting.length === 0) continue;
      // A line of values (plain extraction): each whitespace-separated run goes to a waiting label,
      // in order; a value that can only be one field's (a date, a priority, a case number) skips
      // the waiting labels it cannot be, which keep no value (a value left out of the list).
      HEADER_VALUE.lastIndex = 0;
      for (let m = HEADER_VALUE.exec(content); m && waiting.length > 0; m = HEADER_VALUE.exec(content)) {
        const fits = waiting.findIndex((f) => valueFits(f.key, m[0]));
        const taker = fits < 0 ? 0 : fits; // no label fits: the first takes it, as any value
        const field = waiting[taker];
        waiting.splice(0, taker + 1);
        setValue(field, m[0], line.start + m.index);
      }
      continue;
    }
    labels.forEach((m, i) => {
      const label = m[0];
      const labelStart = line.start + m.index!;
      const valueFrom = m.index! + label.length;
      const valueTo = i + 1 < labels.length ? labels[i + 1].index! : content.length;
      if (label === 'Received:' && lastLabelWasApplication) {
        // The second half of a wrapped "Application / Received:" label: extend the label, and take
        // the value written after it when the first half had none ("Application" / "Received: 02/21/2017").
        const app = fields[fields.length - 1];
        app.label = 'Application Received:';
        app.labelWrapSpan = { start: labelStart, end: labelStart + label.length };
        lastLabelWasApplication = false;
        const raw = content.slice(valueFrom, valueTo);
        const v = trimSpan(raw, { start: 0, end: raw.length });
        if (!app.valueSpan && v.end > v.start) {
          setValue(app, raw.slice(v.start, v.end), line.start + valueFrom + v.start);
          const waitingAt = waiting.indexOf(app);
          if (waitingAt >= 0) waiting.splice(waitingAt, 1);
        }
        return;
      }
      const key = headerKeyOf(label);
      if (!key) return;
      lastLabelWasApplication = key === 'applicationReceived' && !label.endsWith(':');
      const field: HeaderField = { key, label, labelSpan: { start: labelStart, end: labelStart + label.length }, value: '' };
      fields.push(field);
      const raw = content.slice(valueFrom, valueTo);
      const v = trimSpan(raw, { start: 0, end: raw.length });
      if (v.end > v.start) setValue(field, raw.slice(v.start, v.end), line.start + valueFrom + v.start);
      else {
        waiting.push(field);
        // A header has seven fields: more labels waiting at once are no header's, and the oldest
        // keeps no value (which keeps a text of thousands of labels linear).
        if (waiting.length > MAX_WAITING_LABELS) waiting.shift();
      }
    });
  }
  return fields;
}

/** Labels waiting for a value in a plain extraction's header, at most (a header has seven). */
const MAX_WAITING_LABELS = 32;

/** Whether `value` can be the value of a `key` field; only values of one field's own shape tell. */
function valueFits(key: HeaderKey, value: string): boolean {
  if (DATE.test(value)) return headerSpec(key).isDate;
  if ((PRIORITIES as readonly string[]).includes(value)) return key === 'priority';
  if (CASE_NUMBER_FORM.test(value)) return key === 'caseNumber';
  return true;
}

function setValue(field: HeaderField, value: string, start: number): void {
  field.value = value;
  field.valueSpan = { start, end: start + value.length };
  const m = DATE.exec(value);
  if (m) field.date = { month: Number(m[1]), day: Number(m[2]), year: Number(m[3]) };
}

// ---------------------------------------------------------------------------------------------
// Disputed items (current format)

/** "<title>: <decision word>" at the end of a line. */
// Linear: the title ends in a non-space, so a run of spaces is scanned once (not once per position).
const TITLE_WITH_DECISION = /^((?:.*\S)?)\s*:\s*([A-Za-z][A-Za-z-]*(?: [A-Za-z]+)?)\s*$/;
/** "<title>: Upheld." — a decision word itself, with a period a draft put after it: read with the
 *  period as the word, which invalid-decision then asks to write without it. */
const TITLE_WITH_DECISION_PERIOD = /^((?:.*\S)?)\s*:\s*((?:Upheld|Overturned)\.)\s*$/;
function decisionWithPeriod(line: string): RegExpExecArray | null {
  return line.endsWith('.') ? TITLE_WITH_DECISION_PERIOD.exec(line) : null;
}

interface FieldLabel {
  kind: FieldKind;
  length: number;
}

/** The item field labels, lower-cased, with and without the colon, and the edit budget of a misspelling. */
const FIELD_KEYS = ITEM_FIELDS.map((f) => {
  const want = f.label.toLowerCase().replace(/:$/, '');
  return { kind: f.kind, length: f.label.length, lower: f.label.toLowerCase(), want, budget: want.length >= 15 ? 3 : 2 };
});
const FIELD_LABEL_MIN = Math.min(...FIELD_KEYS.map((k) => k.want.length - k.budget));

/** A field label at the start of a line: exact, in another case, or misspelled ("Decison rationale:"). Read once per line. */
function fieldLabelAt(line: Line): FieldLabel | undefined {
  if (line.label === undefined) line.label = readFieldLabel(line.trimmed) ?? null;
  return line.label ?? undefined;
}

/** What a misspelled field label may be: a few words and a colon. */
const LABEL_LIKE = /^([A-Za-z][A-Za-z ()/]{4,40}?)\s*:/;

function readFieldLabel(line: string): FieldLabel | undefined {
  // Every label (also misspelled) ends in a colon.
  if (!line.includes(':')) return undefined;
  // A no-break space is a space (text copied from a web page or a word processor): one for one, so lengths hold.
  const t = line.includes('\u00a0') ? line.replace(/\u00a0/g, ' ') : line;
  const head = t.slice(0, 60).toLowerCase();
  for (const f of FIELD_KEYS) {
    if (head.startsWith(f.lower)) return { kind: f.kind, length: f.length };
  }
  const m = LABEL_LIKE.exec(t);
  if (!m || m[1].length < FIELD_LABEL_MIN) return undefined;
  const written = m[1].toLowerCase().replace(WHITE_SPACE_RUN, ' ');
  for (const f of FIELD_KEYS) {
    if (editDistance(written, f.want, f.budget) <= f.budget) return { kind: f.kind, length: m[0].length };
  }
  return undefined;
}

/** The decision a word stands for: a decision word, a look-alike ("Denied"), or a misspelling of either ("Overturnd"). */
function decisionValueOf(word: string): DecisionValue | undefined {
  if (word.length > DECISION_WORD_MAX) return undefined;
  if ((DECISIONS as readonly string[]).includes(word)) return word as DecisionValue;
  const lower = word.toLowerCase();
  if (DECISION_LOOKALIKES[lower]) return DECISION_LOOKALIKES[lower];
  if (lower.length < 4 || lower.length > 14) return undefined;
  const known = misspeltDecisions.get(lower);
  if (known !== undefined || misspeltDecisions.has(lower)) return known;
  let best: DecisionValue | undefined;
  let bestDistance = 3;
  for (const candidate of DECISION_CANDIDATES) {
    const d = editDistance(lower, candidate, 2);
    if (d < bestDistance) {
      bestDistance = d;
      best = DECISION_LOOKALIKES[candidate];
    }
  }
  // Remember the reading of a word (bounded): a letter repeats the same few words.
  if (misspeltDecisions.size > 1000) misspeltDecisions.clear();
  misspeltDecisions.set(lower, best);
  return best;
}

/** Lower-cased words a misspelled decision is compared with. */
const DECISION_CANDIDATES = [...DECISIONS, ...Object.keys(DECISION_LOOKALIKES)].map((w) => w.toLowerCase());
const misspeltDecisions = new Map<string, DecisionValue | undefined>();
/** No longer word is read as a decision (a misspelling is at most 14 letters). */
const DECISION_WORD_MAX = Math.max(14, ...DECISION_CANDIDATES.map((w) => w.length), ...DECISIONS.map((w) => w.length));

function isDecisionWord(word: string): boolean {
  return decisionValueOf(word) !== undefined;
}

function decisionOf(word: string, start: number): DecisionWord {
  const valid = (DECISIONS as readonly string[]).includes(word);
  return { text: word, span: { start, end: start + word.length }, value: decisionValueOf(word), valid };
}

/** Where a title ends and its decision (if any) stands. */
interface TitleEnd {
  /** Last line of the title text (the line with the colon). */
  line: number;
  /** Line after which fields may begin. */
  lastLine: number;
  /** Offset just before ": <decision>" (or the colon) on the title's last line. */
  titleEnd: number;
  decision?: DecisionWord;
}

function titleEndAt(text: string, lines: Line[], i: number, firstBodyLine: number): TitleEnd | undefined {
  const line = lines[i];
  const m = line.trimmed.includes(':') ? TITLE_WITH_DECISION.exec(line.trimmed) ?? decisionWithPeriod(line.trimmed) : null;
  if (m && m[1].length > 0 && isDecisionWord(m[2])) {
    const wordStart = line.trimmedStart + line.trimmed.length - m[2].length;
    return { line: i, lastLine: i, titleEnd: line.trimmedStart + m[1].length, decision: decisionOf(m[2], wordStart) };
  }
  if (isDecisionWord(line.trimmed)) {
    // The decision alone on its line: the title is the previous text line, ending with a colon.
    let j = i - 1;
    while (j >= firstBodyLine && lines[j].trimmed.length === 0) j--;
    if (j >= firstBodyLine && lines[j].trimmed.endsWith(':') && !fieldLabelAt(lines[j]) && lines[j].trimmed !== ISSUES_INTRO) {
      const colon = lines[j].trimmedStart + lines[j].trimmed.length - 1;
      return { line: j, lastLine: i, titleEnd: trimSpan(text, { start: lines[j].start, end: colon }).end, decision: decisionOf(line.trimmed, line.trimmedStart) };
    }
  }
  return undefined;
}

const SENTENCE_END = /[.!?:]["'”’)]*$/;
const MAX_TITLE_LINES = 6;
/** The longest line read as a title on its own line (with no colon and no decision). */
const LONE_TITLE_MAX = 120;

/** The first line of a title whose last line is `last`: back to a paragraph break, a sentence end or a field. */
function titleStartLine(lines: Line[], last: number, floor: number): number {
  let first = last;
  for (let j = last - 1; j >= floor && last - j < MAX_TITLE_LINES + 2; j--) {
    const l = lines[j];
    if (l.isBreak) {
      // Plain extraction sometimes breaks a title mid-sentence with a blank line: keep going
      // when the title so far starts in lower case and the text before the blank runs on.
      const before = lines[j - 1];
      const runsOn = STARTS_LOWER_CASE.test(lines[first].trimmed) && j - 1 >= floor && before.trimmed.length > 0 && !fieldLabelAt(before) && !SENTENCE_END.test(before.trimmed);
      if (runsOn) continue;
      break;
    }
    if (l.trimmed.length === 0) continue;
    if (fieldLabelAt(l) || SENTENCE_END.test(l.trimmed)) break;
    first = j;
  }
  return first;
}

/** The items of every items section, in the written forms the layout uses. */
function parseItems(text: string, lines: Line[], layout: Layout, sections: Section[]): Item[] {
  const items: Item[] = [];
  // A 2013 letter's determinations are read from the whole letter, once (not once per mention of
  // the notice's title, which would list each determination again for every mention).
  let wholeLetterRead = false;
  for (const section of sections.filter((s) => s.kind === layout.itemsSection)) {
    for (const form of layout.itemForms) {
      let found: Item[];
      if (form === 'fields') found = parseFieldItems(text, lines, section.bodySpan, section.headingSpan, section.kind);
      else if (form === 'determinations' && layout.id === '2013') {
        if (wholeLetterRead) continue;
        wholeLetterRead = true;
        found = parseDeterminations(text, lines, { start: 0, end: text.length }, section.kind, true);
      } else if (form === 'determinations') found = parseDeterminations(text, lines, section.bodySpan, section.kind, false);
      else found = parseIssue(text, lines, section);
      if (found.length > 0) {
        for (const item of found) items.push(item);
        break;
      }
    }
  }
  // The items section holds none, yet items with their labelled fields stand under another
  // heading (the headings were moved: "IMR ISSUES ..." written above "CLINICAL CASE SUMMARY"):
  // they are still the letter's items, so that their own checks run. (section-order reports the
  // headings; only items with fields count, never a "<text>: Denied" line of prose.)
  if (items.length === 0 && layout.itemForms.includes('fields') && sections.some((s) => s.kind === layout.itemsSection)) {
    for (const section of sections) {
      if (section.kind === layout.itemsSection) continue;
      for (const item of parseFieldItems(text, lines, section.bodySpan, section.headingSpan, layout.itemsSection)) if (item.fields.length > 0) items.push(item);
    }
  }
  return items;
}

/** Items written as "<title>: <decision>" and the three labelled fields, in `body` (after `heading`). */
function parseFieldItems(text: string, lines: Line[], body: Span, heading: Span, kind: SectionKind): Item[] {
  // Page furniture inside a field (a footer and header where it runs over a page break) is not its text.
  const furniture = pageFurnitureIn(text, body);
  const firstLine = lineAtOffset(lines, body.start);
  const lastLine = lineAtOffset(lines, Math.max(body.start, body.end - 1));
  // Skip the heading's own line when the body starts on it.
  let from = firstLine;
  if (from < lines.length && lines[from].start < heading.end) from++;

  interface Draft {
    titleFirst: number;
    titleLast: number;
    titleEnd: number;
    decision?: DecisionWord;
    fields: { kind: FieldKind; line: number; labelLength: number }[];
  }
  const drafts: Draft[] = [];
  let floor = from; // lines before this belong to an earlier item
  for (let i = from; i <= lastLine && i < lines.length; i++) {
    const line = lines[i];
    if (line.trimmed.length === 0) continue;
    const label = fieldLabelAt(line);
    if (label) {
      let current = drafts[drafts.length - 1];
      // A field belongs to the current item unless the item already has one of its kind
      // (fields out of order stay in their item; the rule that checks order reports them).
      const startsNewItem = !current || current.fields.some((f) => f.kind === label.kind);
      if (startsNewItem) {
        // A field with no title before it: the title is whatever short block precedes it,
        // or a "<title>:" line separated from the field by blank lines.
        let titleLast = i - 1;
        let k = titleLast;
        while (k >= floor && lines[k].trimmed.length === 0) k--;
        if (k < titleLast && k >= floor && lines[k].trimmed !== ISSUES_INTRO && !fieldLabelAt(lines[k])) {
          const t = lines[k].trimmed;
          // A "<title>:" line; or a short line standing alone between blank lines, not a sentence:
          // a title whose decision is missing ("Follow-up visit with pain management").
          const alone = k - 1 < floor || lines[k - 1].trimmed.length === 0;
          if (t.endsWith(':') || (alone && t.length <= LONE_TITLE_MAX && !SENTENCE_END.test(t))) titleLast = k;
        }
        const titleFirst = titleLast >= floor ? titleStartLine(lines, titleLast, floor) : i;
        const hasTitle = titleLast >= floor && titleFirst <= titleLast && !lines[titleLast].isBreak && !SENTENCE_END.test(lines[titleLast].trimmed.replace(TRAILING_COLON, ''));
        current = hasTitle
          ? { titleFirst, titleLast, titleEnd: lines[titleLast].trimmedStart + lines[titleLast].trimmed.replace(TRAILING_COLON, '').trimEnd().length, fields: [] }
          : { titleFirst: i, titleLast: i - 1, titleEnd: line.trimmedStart, fields: [] };
        drafts.push(current);
      }
      current.fields.push({ kind: label.kind, line: i, labelLength: label.length });
      floor = i + 1;
      continue;
    }
    const end = titleEndAt(text, lines, i, from);
    if (end) {
      const titleFirst = titleStartLine(lines, end.line, Math.max(floor, from));
      drafts.push({ titleFirst, titleLast: end.line, titleEnd: end.titleEnd, decision: end.decision, fields: [] });
      floor = end.lastLine + 1;
      i = end.lastLine;
    }
  }

  const sectionEnd = body.end;
  return drafts.map((d, n) => {
    const next = drafts[n + 1];
    const itemEnd = next ? lines[next.titleFirst].start : sectionEnd;
    const titleStart = d.titleLast >= d.titleFirst ? lines[d.titleFirst].trimmedStart : d.titleEnd;
    const titleSpan = { start: titleStart, end: Math.max(titleStart, d.titleEnd) };
    let title = flatten(text, titleSpan).text;
    let number: string | undefined;
    const numbered = TITLE_NUMBER.exec(title);
    if (numbered) number = numbered[1];
    const fields: ItemField[] = d.fields.map((f, k) => {
      const line = lines[f.line];
      const labelSpan = { start: line.trimmedStart, end: line.trimmedStart + f.labelLength };
      const nextField = d.fields[k + 1];
      const fieldEnd = nextField ? lines[nextField.line].start : itemEnd;
      const bodySpan = withoutPageFurniture(text, trimSpan(text, { start: labelSpan.end, end: Math.max(labelSpan.end, fieldEnd) }));
      if (bodySpan.end < bodySpan.start) bodySpan.end = bodySpan.start;
      return {
        kind: f.kind,
        label: text.slice(labelSpan.start, labelSpan.end),
        labelSpan,
        bodySpan,
        body: flatten(text, bodySpan, furniture),
        span: { start: labelSpan.start, end: Math.max(labelSpan.end, bodySpan.end) },
      };
    });
    const lastEnd = fields.length > 0 ? fields[fields.length - 1].span.end : d.decision ? d.decision.span.end : titleSpan.end;
    if (!title && fields.length === 0) title = '';
    return {
      title,
      titleSpan,
      number,
      decision: d.decision,
      fields,
      span: { start: titleSpan.start, end: Math.max(lastEnd, titleSpan.end) },
      sectionKind: kind,
    };
  });
}

function lineAtOffset(lines: Line[], offset: number): number {
  let lo = 0;
  let hi = lines.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lines[mid].start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

// ---------------------------------------------------------------------------------------------
// Numbered determinations (the 2013 notice; a form layout 2 may use)

/**
 * "1) MAXIMUS Federal Services, Inc. has determined the request for <item> is not medically
 * necessary" (2013) or "1. <item> is not medically necessary and appropriate."
 */
const DETERMINATION =
  /^(\d{1,2}[.)])\s*(?:MAXIMUS Federal Services, Inc\. has determined the request for\s+)?([\s\S]+?)\s+is\s+(not\s+)?medically necessary/;
const DETERMINATION_START = /^\d{1,2}[.)]\s*\S/;
/** A period or colon that ends a sentence or a label. */
const HOLDS_SENTENCE_END = /[.:](?:\s|$)/;

function parseDeterminations(text: string, lines: Line[], within: Span, kind: SectionKind, saysMaximus: boolean): Item[] {
  const items: Item[] = [];
  const first = lineAtOffset(lines, within.start);
  for (let i = first; i < lines.length && lines[i].start < within.end; i++) {
    const line = lines[i];
    if (!DETERMINATION_START.test(line.trimmed) || line.trimmedStart < within.start) continue;
    // A determination may wrap; read up to four lines of it (never past the section).
    let last = i;
    for (let j = i + 1; j < lines.length && j <= i + 6 && lines[j].start < within.end; j++) {
      if (lines[j].trimmed.length === 0) continue;
      if (DETERMINATION_START.test(lines[j].trimmed) || last - i >= 3) break;
      last = j;
    }
    const flat = flatten(text, { start: line.trimmedStart, end: Math.min(lines[last].end, within.end) });
    const m = DETERMINATION.exec(flat.text.slice(0, 600));
    // A title is a phrase, not sentences ("1) Regarding the request for X: ... The request ... is not").
    if (!m || m[2].length > 300 || HOLDS_SENTENCE_END.test(m[2]) || (saysMaximus && !m[0].includes('MAXIMUS Federal Services'))) continue;
    const titleFrom = m[0].indexOf(m[2]);
    const verdictFrom = m[0].lastIndexOf('is ', m[0].length - 'medically necessary'.length);
    const titleSpan = flatSpan(flat, titleFrom, titleFrom + m[2].length);
    const verdictSpan = flatSpan(flat, verdictFrom, m[0].length);
    const value = m[3] ? 'Upheld' : 'Overturned';
    items.push({
      title: m[2],
      titleSpan,
      number: m[1],
      decision: { text: text.slice(verdictSpan.start, verdictSpan.end), span: verdictSpan, value, valid: true },
      fields: [],
      span: { start: line.trimmedStart, end: verdictSpan.end },
      sectionKind: kind,
    });
  }
  // In the items section (layout 2) the text after a determination is its rationale, up to the next one.
  if (!saysMaximus) {
    items.forEach((item, k) => {
      item.span.end = Math.max(item.span.end, trimSpan(text, { start: item.span.start, end: items[k + 1]?.span.start ?? within.end }).end);
    });
  }
  return items;
}

// ---------------------------------------------------------------------------------------------
// The issue at dispute (layout 3)

const ISSUE_NUMBER = /^\d{1,2}[.)]\s/;

/** Each numbered line of the section starts an issue; without numbers, the whole text is one. */
function parseIssue(text: string, lines: Line[], section: Section): Item[] {
  const body = trimSpan(text, section.bodySpan);
  if (body.end <= body.start) return [];
  const first = lineAtOffset(lines, body.start);
  const starts: number[] = [];
  for (let i = first; i < lines.length && lines[i].start < body.end; i++) {
    if (ISSUE_NUMBER.test(lines[i].trimmed) && lines[i].trimmedStart >= body.start) starts.push(lines[i].trimmedStart);
  }
  if (starts.length === 0 || starts[0] !== body.start) starts.unshift(body.start);
  return starts.map((start, k) => {
    const span = trimSpan(text, { start, end: starts[k + 1] ?? body.end });
    const title = flatten(text, span).text;
    const numbered = TITLE_NUMBER.exec(title);
    return { title, titleSpan: span, number: numbered?.[1], fields: [], span, sectionKind: section.kind };
  });
}

/**
 * A field's span without the page furniture at its end: the lines after a form feed that a
 * printed page adds ("\fCM16-0229418      Page 2 of 3" before the next field label read as the
 * last section name). Only after a form feed: "3" or "Page 2" ending a field otherwise stays text.
 */
function withoutPageFurniture(text: string, span: Span): Span {
  const furniture = trailingFurniture(text, span.start, span.end, MAX_FURNITURE_LINES);
  return furniture.formFeed && furniture.start > span.start ? trimSpan(text, { start: span.start, end: furniture.start }) : span;
}
/** Furniture lines read back from a field's end (a running header, a page number). */
const MAX_FURNITURE_LINES = 3;
