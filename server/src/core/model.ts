/**
 * The letter model: one parse of a letter's text, with exact ranges.
 * Every feature (outline, folding, rules, hover, completion, CLI) reads this model;
 * none re-parses the text.
 *
 * Offsets are UTF-16 code-unit offsets into `Letter.text` (end exclusive), so they
 * convert directly to LSP positions through `Letter.lines`.
 */
import type { FlatText, LineIndex, Span } from './text';

export type { FlatText, Span } from './text';
import type { FieldKind, HeaderKey, LayoutId, SectionKind } from './format';

/** The letter's layout (format.ts LAYOUTS), or 'unknown' when no layout's opening or heading was found. */
export type LetterFormat = LayoutId | 'unknown';
export type DecisionValue = 'Upheld' | 'Overturned';

export interface HeaderField {
  key: HeaderKey;
  /** The label as written, e.g. "Date Assigned:" or "Application Received:". */
  label: string;
  labelSpan: Span;
  /** A label's second half when it wraps onto another line ("Received:" under "Application"). */
  labelWrapSpan?: Span;
  /** The value as written ('' when the letter has the label but no value). */
  value: string;
  valueSpan?: Span;
  /** Parsed MM/DD/YYYY value, when the field holds a date. */
  date?: { year: number; month: number; day: number };
}

/** How a heading line matched the format's heading text. */
export type HeadingMatch = 'exact' | 'case' | 'misspelled';

export interface Section {
  kind: SectionKind;
  /** The canonical heading text for this kind. */
  name: string;
  /** The heading as written in the letter (trimmed). */
  headingText: string;
  headingSpan: Span;
  headingMatch: HeadingMatch;
  /** From the end of the heading line to the start of the next section (or end of text). */
  bodySpan: Span;
  /** Heading start to body end. */
  span: Span;
}

export interface DecisionWord {
  /** The word as written, e.g. "Upheld", "overturned", "Uphold". */
  text: string;
  span: Span;
  /** The canonical decision when the word is exactly right, or the decision it resembles. */
  value?: DecisionValue;
  /** True when `text` is exactly one of the decision words. */
  valid: boolean;
}

export interface ItemField {
  kind: FieldKind;
  /** The label as written (e.g. "MAXIMUS guideline:"). */
  label: string;
  labelSpan: Span;
  /** From after the label to the end of the field (trailing blank lines excluded). */
  bodySpan: Span;
  /** The body with whitespace folded, mapped back to letter offsets. */
  body: FlatText;
  span: Span;
}

export interface Item {
  /** The title with whitespace folded, without the trailing colon and decision. */
  title: string;
  titleSpan: Span;
  /** Leading item number as written ("1", "2)") for numbered titles. */
  number?: string;
  /** The decision word, when the title line (or the line after) has one. */
  decision?: DecisionWord;
  /** The fields in the order they appear. */
  fields: ItemField[];
  /** Title start to the end of the last field. */
  span: Span;
  /** The section that holds the item ('issues' also for the items of a letter whose layout is unknown). */
  sectionKind: SectionKind;
}

export interface Letter {
  text: string;
  format: LetterFormat;
  lines: LineIndex;
  /** The double-spaced extraction style (every text line followed by an empty line), which
   *  inserted text should follow. */
  doubleSpaced?: boolean;
  header: HeaderField[];
  /** The header block (text before the first section), when it holds any header label. */
  headerSpan?: Span;
  sections: Section[];
  items: Item[];
}

/**
 * Where a second letter starts in the same text (two letters pasted into one file): the heading
 * of the letter's first section once it comes again after other sections ("HOW THE IMR FINAL
 * DETERMINATION WAS MADE" ... "IMR ISSUES ..." "HOW THE IMR ..."). Undefined for one letter.
 */
export function secondLetterStart(letter: Letter): number | undefined {
  const first = letter.sections[0];
  let other = false;
  for (const s of letter.sections) {
    if (s.kind !== first?.kind) other = true;
    else if (other) return s.headingSpan.start;
  }
  return undefined;
}

/** The index of the section whose span holds `offset` (a letter's sections are in text order and
 *  do not overlap: a binary search), or -1. */
export function sectionAt(sections: readonly Section[], offset: number): number {
  let lo = 0;
  let hi = sections.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = sections[mid].span;
    if (offset < s.start) hi = mid - 1;
    else if (offset >= s.end) lo = mid + 1;
    else return mid;
  }
  return -1;
}
