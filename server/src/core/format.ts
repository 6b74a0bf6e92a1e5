/**
 * Everything the tool knows about the letter format, in one place: each published layout (its
 * headings, their order, which are required, where its items are), header labels, item field
 * labels and decision words. The parser, rules,
 * outline, completion and quick fixes read these tables; nothing else hard-codes them.
 * Figures in comments were counted on the 102 letters in ../shared (see docs/letter-format.md there).
 */

import { isSpace, type Span } from './text';

export type SectionKind =
  // current format (2014 onward); layout 2 shares the first two
  | 'howMade'
  | 'caseSummary'
  | 'issues'
  // 2013 format
  | 'notice2013'
  | 'decision2013'
  | 'qualifications2013'
  | 'caseSummary2013'
  // layout 2 ("MAXIMUS FEDERAL SERVICES, INC." / "Independent Medical Review")
  | 'documentsReviewed'
  | 'decisions2'
  // layout 3 ("MEDICAL PROFESSIONAL REVIEW")
  | 'issueAtDispute3'
  | 'caseSummary3'
  | 'documentsReviewed3'
  | 'guidelines3'
  | 'rationale3'
  | 'qualifications3';

/** The published layouts of the letter (docs/letter-format.md in ../shared). */
export type LayoutId = 'current' | '2013' | 'layout2' | 'layout3';
/** The former name of LayoutId. */
export type FormatGeneration = LayoutId;

export interface SectionSpec {
  kind: SectionKind;
  /** The heading as MAXIMUS writes it. */
  heading: string;
  /** Required in a letter of its layout. */
  required: boolean;
  /** Heading must stand alone on its line, or may start a line followed by text. */
  alone: boolean;
  /** The heading may be matched when misspelled (only for distinctive headings of up to about 50
   *  characters: longer ones are distinctive enough as written, and prose lines are that long). */
  fuzzy: boolean;
  /** The heading may wrap onto the next line or two (layout 3's long headings). */
  wraps?: boolean;
  /** A title over the sections that follow it, with no text of its own (2013). */
  titleOnly?: boolean;
  /** What the author writes under the heading: the placeholder missing-section's fix leaves there
   *  (a skeleton placeholder, so that placeholder-left reports it until it is replaced). */
  placeholder: string;
}

/** How a layout writes its disputed items. */
export type ItemForm =
  /** "<title>: Upheld" then the three labelled fields (the current format). */
  | 'fields'
  /** Numbered determinations: "1) MAXIMUS Federal Services, Inc. has determined the request for <item> is (not) medically necessary". */
  | 'determinations'
  /** The issue at dispute, written as prose under its heading (layout 3); no decision word. */
  | 'issue';

export interface Layout {
  id: LayoutId;
  /** How messages name the layout. */
  name: string;
  /** The letter's first lines (whitespace folded, joined by one space) start with this. */
  opening: RegExp;
  /** Its sections in the order they must appear. */
  sections: readonly SectionSpec[];
  /** The section that holds the disputed items. */
  itemsSection: SectionKind;
  /** How the items are written; layouts known only by their headings accept either written form. */
  itemForms: readonly ItemForm[];
  /** The item shape is known from full published letters, so a letter without items is an error. */
  itemsKnown: boolean;
  /** The section that states the reviewer's credentials. */
  credentialsSection: SectionKind;
  /** The credentials are written as in the current format ("State(s) of Licensure:" ...), so they can be checked. */
  credentialsChecked: boolean;
  /** The header fields every letter of the layout has (known from full letters; empty when not). */
  headerFields: readonly HeaderKey[];
}

const HOW_MADE: SectionSpec = { kind: 'howMade', heading: 'HOW THE IMR FINAL DETERMINATION WAS MADE', required: true, alone: true, fuzzy: true, placeholder: '[CREDENTIALS]' };
const CASE_SUMMARY: SectionSpec = { kind: 'caseSummary', heading: 'CLINICAL CASE SUMMARY', required: true, alone: true, fuzzy: true, placeholder: '[CASE SUMMARY]' };

/**
 * Every layout, in the order detection prefers on a tie. Layouts 2 and 3 are known from the
 * headings a public crawler of the DWC's decision search uses (docs/letter-format.md), the 2013
 * format from one letter's headings; only the current format is known from full letters.
 */
export const LAYOUTS: readonly Layout[] = [
  {
    id: 'current',
    name: 'current format',
    opening: /^(?:Case Number:|HOW THE IMR FINAL DETERMINATION WAS MADE)/,
    sections: [
      HOW_MADE,
      CASE_SUMMARY,
      { kind: 'issues', heading: 'IMR ISSUES, DECISIONS AND RATIONALES', required: true, alone: true, fuzzy: true, placeholder: '[DISPUTED ITEM]' },
    ],
    itemsSection: 'issues',
    itemForms: ['fields'],
    itemsKnown: true,
    credentialsSection: 'howMade',
    credentialsChecked: true,
    // All seven in each of the 194 published letters (docs/letter-format.md: the case header block).
    headerFields: ['caseNumber', 'dateAssigned', 'decisionDate', 'priority', 'dateOfInjury', 'urDenialDate', 'applicationReceived'],
  },
  {
    id: 'layout2',
    name: 'layout 2 (MAXIMUS FEDERAL SERVICES, INC. / Independent Medical Review)',
    opening: /^MAXIMUS FEDERAL SERVICES, INC\.? Independent Medical Review\b/i,
    sections: [
      HOW_MADE,
      { kind: 'documentsReviewed', heading: 'DOCUMENTS REVIEWED', required: true, alone: true, fuzzy: false, placeholder: '[DOCUMENTS REVIEWED]' },
      CASE_SUMMARY,
      { kind: 'decisions2', heading: 'IMR DECISION(S) AND RATIONALE(S)', required: true, alone: true, fuzzy: true, placeholder: '[DISPUTED ITEM]' },
    ],
    itemsSection: 'decisions2',
    itemForms: ['fields', 'determinations'],
    itemsKnown: false,
    credentialsSection: 'howMade',
    credentialsChecked: true,
    headerFields: [], // known only by its headings
  },
  {
    id: '2013',
    name: '2013 format',
    opening: /^MAXIMUS FEDERAL SERVICES, INC\.? Notice of Independent Medical Review Determination/i,
    sections: [
      { kind: 'notice2013', heading: 'Notice of Independent Medical Review Determination', required: true, alone: false, fuzzy: false, placeholder: '[DETERMINATION]' },
      { kind: 'decision2013', heading: 'INDEPENDENT MEDICAL REVIEW DECISION AND RATIONALE', required: true, alone: true, fuzzy: true, titleOnly: true, placeholder: '' },
      { kind: 'qualifications2013', heading: 'Medical Qualifications of the Expert Reviewer:', required: true, alone: false, fuzzy: false, placeholder: '[QUALIFICATIONS]' },
      { kind: 'caseSummary2013', heading: 'Case Summary:', required: true, alone: false, fuzzy: false, placeholder: '[CASE SUMMARY]' },
    ],
    itemsSection: 'notice2013',
    itemForms: ['determinations'],
    itemsKnown: false,
    credentialsSection: 'qualifications2013',
    credentialsChecked: false,
    headerFields: [],
  },
  {
    id: 'layout3',
    name: 'layout 3 (MEDICAL PROFESSIONAL REVIEW)',
    opening: /^MEDICAL PROFESSIONAL REVIEW\b/i,
    sections: [
      { kind: 'issueAtDispute3', heading: 'ISSUE AT DISPUTE:', required: true, alone: false, fuzzy: false, placeholder: '[ISSUE AT DISPUTE]' },
      { kind: 'caseSummary3', heading: 'CASE SUMMARY:', required: true, alone: false, fuzzy: false, placeholder: '[CASE SUMMARY]' },
      { kind: 'documentsReviewed3', heading: 'DOCUMENTS REVIEWED FOR DETERMINATION:', required: true, alone: false, fuzzy: true, wraps: true, placeholder: '[DOCUMENTS REVIEWED]' },
      { kind: 'guidelines3', heading: 'MEDICAL TREATMENT GUIDELINE(S) RELIED UPON BY PROFESSIONAL REVIEWER AND WHY:', required: true, alone: false, fuzzy: false, wraps: true, placeholder: '[GUIDELINES]' },
      { kind: 'rationale3', heading: 'RATIONALE FOR WHY THE REQUESTED TREATMENT/SERVICE IS/WAS NOT MEDICALLY NECESSARY:', required: true, alone: false, fuzzy: false, wraps: true, placeholder: '[RATIONALE]' },
      { kind: 'qualifications3', heading: 'MEDICAL REVIEWER QUALIFICATIONS:', required: true, alone: false, fuzzy: true, wraps: true, placeholder: '[QUALIFICATIONS]' },
    ],
    itemsSection: 'issueAtDispute3',
    itemForms: ['issue'],
    itemsKnown: false,
    credentialsSection: 'qualifications3',
    credentialsChecked: false,
    headerFields: [],
  },
];

export function layoutOf(id: LayoutId): Layout {
  return LAYOUTS.find((l) => l.id === id)!;
}

/** Every section spec once (a kind shared by two layouts, such as 'howMade', appears once). */
export const SECTIONS: readonly SectionSpec[] = LAYOUTS.flatMap((l) => l.sections).filter((s, i, all) => all.findIndex((x) => x.kind === s.kind) === i);

export function sectionSpec(kind: SectionKind): SectionSpec {
  return SECTIONS.find((s) => s.kind === kind)!;
}

/** The sections of a layout, in order. */
export function sectionsOf(layout: LayoutId): SectionSpec[] {
  return [...layoutOf(layout).sections];
}

/** The section that holds the disputed items, per layout. */
export const ITEMS_SECTION: Record<LayoutId, SectionKind> = Object.fromEntries(LAYOUTS.map((l) => [l.id, l.itemsSection])) as Record<LayoutId, SectionKind>;

/** The section that must state the reviewer's credentials, per layout. */
export const CREDENTIALS_SECTION: Record<LayoutId, SectionKind> = Object.fromEntries(LAYOUTS.map((l) => [l.id, l.credentialsSection])) as Record<LayoutId, SectionKind>;

export type HeaderKey =
  | 'caseNumber'
  | 'dateAssigned'
  | 'decisionDate'
  | 'priority'
  | 'dateOfInjury'
  | 'urDenialDate'
  | 'applicationReceived';

export interface HeaderSpec {
  key: HeaderKey;
  label: string;
  isDate: boolean;
}

export const HEADER_FIELDS: readonly HeaderSpec[] = [
  { key: 'caseNumber', label: 'Case Number:', isDate: false },
  { key: 'dateAssigned', label: 'Date Assigned:', isDate: true },
  { key: 'decisionDate', label: 'Decision Date:', isDate: true },
  { key: 'priority', label: 'Priority:', isDate: false },
  { key: 'dateOfInjury', label: 'Date of Injury:', isDate: true },
  { key: 'urDenialDate', label: 'UR Denial Date:', isDate: true },
  // The label wraps in the PDFs: "Application" / "Received:".
  { key: 'applicationReceived', label: 'Application Received:', isDate: true },
];

export function headerSpec(key: HeaderKey): HeaderSpec {
  return HEADER_FIELDS.find((f) => f.key === key)!;
}

/** How messages name a header field: its label without the colon ("Decision Date"). */
export function headerName(key: HeaderKey): string {
  return headerSpec(key).label.replace(/:$/, '');
}

/** A date that exists on the calendar (not "13/45/2016" or "02/30/2016"), from 1900 on. */
export function isCalendarDate(d: { year: number; month: number; day: number }): boolean {
  if (d.month < 1 || d.month > 12 || d.day < 1) return false;
  // The Gregorian calendar by arithmetic for the years letters have (a Date per call was 2% of a lint).
  if (Number.isInteger(d.year) && Number.isInteger(d.month) && d.year >= 1900 && d.year <= 9999) return d.day <= daysInMonth(d.year, d.month);
  const days = new Date(Date.UTC(d.year, d.month, 0)).getUTCDate();
  return d.day <= days && d.year >= 1900;
}
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
}

/** A MAXIMUS case number: "CM", the two-digit year, a hyphen, seven digits (CM16-0213037; all 194
 *  published letters, and the 2013 format's "MAXIMUS Case Number:"). */
export const CASE_NUMBER_FORM = /^CM\d{2}-\d{7}$/;
/** Dates that must not decrease, in this order (docs/letter-format.md: the case header block). */
export const HEADER_DATE_ORDER: readonly HeaderKey[] = [
  'dateOfInjury',
  'urDenialDate',
  'applicationReceived',
  'dateAssigned',
  'decisionDate',
];

export const PRIORITIES = ['Standard', 'Expedited'] as const;

export type FieldKind = 'claimsAdministratorGuideline' | 'maximusGuideline' | 'decisionRationale';

export interface FieldSpec {
  kind: FieldKind;
  label: string;
  /** Short name for the outline. */
  name: string;
  /** Holds citation sentences (the two guideline fields) rather than prose. */
  isGuideline: boolean;
}

/** The three fields of a disputed item, in the order every published item has them. */
export const ITEM_FIELDS: readonly FieldSpec[] = [
  { kind: 'claimsAdministratorGuideline', label: 'Claims Administrator guideline:', name: 'Claims Administrator guideline', isGuideline: true },
  { kind: 'maximusGuideline', label: 'MAXIMUS guideline:', name: 'MAXIMUS guideline', isGuideline: true },
  { kind: 'decisionRationale', label: 'Decision rationale:', name: 'Decision rationale', isGuideline: false },
];

export function fieldSpec(kind: FieldKind): FieldSpec {
  return ITEM_FIELDS.find((f) => f.kind === kind)!;
}

/** A line a printed page adds: "Page 3 of 3", "Page 3/3", "Page 3", "- 3 -", a running case
 *  number with or without its page and a few words before it ("CM16-0229418        Page 2 of 3",
 *  "Final Determination Letter for IMR Case Number CM17-0001234"), a printing date after the page
 *  ("Page 3 of 3        02/15/2017"). The published letters have none (their
 *  pages break with a form feed alone); other exports of a letter do. */
export const PAGE_FURNITURE =
  /^[ \t\f]*(?:(?:[A-Za-z][A-Za-z ]{0,60}[ \t])?(?:Case (?:Number|No\.?):?[ \t]*)?CM\d{2}-\d{7}[ \t]*)?(?:Page[ \t]+\d+(?:[ \t]*(?:of|\/)[ \t]*\d+)?|-?[ \t]*\d{1,3}[ \t]*-?)?(?:[ \t]+\d{1,2}\/\d{1,2}\/\d{2,4})?[ \t]*$/i;

/**
 * Where the page furniture at the end of text[from, end) begins (`end` when there is none): at most
 * `maxLines` furniture lines read back from the end, the white space between them included; and
 * whether a form feed is among them or just before them.
 */
export function trailingFurniture(text: string, from: number, end: number, maxLines: number): { start: number; formFeed: boolean } {
  let start = end;
  let formFeed = false;
  for (let lines = 0; lines < maxLines; lines++) {
    let lineEnd = start;
    while (lineEnd > from && isSpace(text.charCodeAt(lineEnd - 1))) lineEnd--;
    let lineStart = lineEnd;
    while (lineStart > from && text[lineStart - 1] !== '\n' && text[lineStart - 1] !== '\r') lineStart--;
    if (lineStart === lineEnd || !PAGE_FURNITURE.test(text.slice(lineStart, lineEnd))) {
      if (start < end && text.slice(lineEnd, start).includes('\f')) formFeed = true;
      break;
    }
    if (text.slice(lineStart, start).includes('\f')) formFeed = true;
    start = lineStart;
  }
  return { start, formFeed };
}

/**
 * The page furniture inside text[span], in text order: lines that match PAGE_FURNITURE next to a form feed, at most
 * two on each side of it (a running footer before the page break, a header after it), and text on
 * the form feed's own line that is furniture ("\f      Page 2 of 4"). A field that runs over a page
 * break then reads without them ("MTUS Chronic Pain Medical Treatment / Page 2 of 4 / \f2016, ..."
 * read "Treatment Page 2 of 4 2016" as the guideline's label). Lines with any other text are never
 * furniture, so a letter without page lines is read as before.
 */
let feedsText: string | undefined;
let feeds: number[] = [];
/**
 * Where the text's form feeds are, found once for the text read last (every field of a letter
 * asks). A search from each span's start ran on to the end of the letter when no form feed
 * followed: a letter of 100,000 items sections took 4.8 s, quadratic in their number.
 */
function formFeedsOf(text: string): number[] {
  if (feedsText !== text) {
    const found: number[] = [];
    for (let ff = text.indexOf('\f'); ff >= 0; ff = text.indexOf('\f', ff + 1)) found.push(ff);
    feeds = found;
  }
  // (This very string from now on: an equal text of another string is compared whole only once.)
  feedsText = text;
  return feeds;
}

export function pageFurnitureIn(text: string, span: Span): Span[] {
  const out: Span[] = [];
  // Adds text[from, to) trimmed when it is furniture; says whether it was blank, furniture or text.
  const read = (from: number, to: number): 'blank' | 'furniture' | 'text' => {
    let a = from;
    let b = to;
    while (a < b && isSpace(text.charCodeAt(a))) a++;
    while (b > a && isSpace(text.charCodeAt(b - 1))) b--;
    if (a === b) return 'blank';
    if (!PAGE_FURNITURE.test(text.slice(a, b))) return 'text';
    // In text order; a line read again (from the form feeds on either side of it) joins the last.
    const last = out[out.length - 1];
    if (last && a <= last.end) last.end = Math.max(last.end, b);
    else out.push({ start: a, end: b });
    return 'furniture';
  };
  const isBreak = (c: number) => c === 10 || c === 13;
  const before: Span[] = [];
  // Where the lines read so far end: the lines before a form feed are read back only to here.
  let readTo = span.start;
  const feeds = formFeedsOf(text);
  // The first form feed at or after the span's start, by bisection.
  let lo = 0;
  let hi = feeds.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (feeds[mid] < span.start) lo = mid + 1;
    else hi = mid;
  }
  for (let k = lo; k < feeds.length && feeds[k] < span.end; k++) {
    const ff = feeds[k];
    let lineStart = ff;
    while (lineStart > span.start && !isBreak(text.charCodeAt(lineStart - 1))) lineStart--;
    let lineEnd = ff;
    while (lineEnd < span.end && !isBreak(text.charCodeAt(lineEnd))) lineEnd++;
    // Up to two furniture lines before the form feed's line (blank lines between pass), in text order.
    before.length = 0;
    for (let at = lineStart, lines = 0; before.length < 2 && lines < 4 && at > readTo; lines++) {
      let end = at - 1;
      if (text.charCodeAt(end) === 10 && text.charCodeAt(end - 1) === 13) end--;
      let start = end;
      while (start > readTo && !isBreak(text.charCodeAt(start - 1))) start--;
      at = start;
      let a = start;
      let b = end;
      while (a < b && isSpace(text.charCodeAt(a))) a++;
      while (b > a && isSpace(text.charCodeAt(b - 1))) b--;
      if (a === b) continue;
      if (!PAGE_FURNITURE.test(text.slice(a, b))) break;
      before.push({ start, end });
    }
    for (let k = before.length - 1; k >= 0; k--) read(before[k].start, before[k].end);
    // The form feed's own line: the furniture on either side of it.
    read(lineStart, ff);
    read(ff + 1, lineEnd);
    // Up to two furniture lines after it.
    let at = lineEnd;
    for (let found = 0, lines = 0; found < 2 && lines < 4 && at < span.end; lines++) {
      let start = at + 1;
      if (text.charCodeAt(at) === 13 && text.charCodeAt(start) === 10) start++;
      let end = start;
      while (end < span.end && !isBreak(text.charCodeAt(end))) end++;
      at = end;
      const kind = read(start, end);
      if (kind === 'text') break;
      if (kind === 'furniture') found++;
    }
    readTo = Math.max(readTo, Math.min(at, span.end));
    while (k + 1 < feeds.length && feeds[k + 1] <= lineEnd) k++; // (each line once, however many form feeds it holds)
  }
  return out;
}

/** The only decision words MAXIMUS uses (439 items: 390 Upheld, 49 Overturned). */
export const DECISIONS = ['Upheld', 'Overturned'] as const;

/** Words a drafter might write instead of a decision, with the decision they mean. */
export const DECISION_LOOKALIKES: Readonly<Record<string, 'Upheld' | 'Overturned'>> = {
  uphold: 'Upheld',
  upheld: 'Upheld',
  upholds: 'Upheld',
  denied: 'Upheld',
  deny: 'Upheld',
  'not certified': 'Upheld',
  'non-certified': 'Upheld',
  overturned: 'Overturned',
  overturn: 'Overturned',
  overturns: 'Overturned',
  overruled: 'Overturned',
  reversed: 'Overturned',
  approved: 'Overturned',
  certified: 'Overturned',
};

/** The sentence that opens the issues section before the first item. */
export const ISSUES_INTRO = 'The Final Determination was based on decisions for the disputed items/services set forth below:';

/** First lines that mark a text file as a letter (for language detection of .txt files): the opening of any layout. */
export const FIRST_LINE_PATTERN =
  /^\s*(Case Number:|HOW THE IMR FINAL DETERMINATION WAS MADE|MAXIMUS FEDERAL SERVICES, INC\.|MEDICAL PROFESSIONAL REVIEW)/;

/** What an extraction may put above a letter's first line: a running case number, a page number,
 *  a title ("Independent Medical Review Final Determination Letter"). Nothing else: a "Notes" line
 *  above "Case Number:" is somebody's notes. */
const ABOVE_FIRST_LINE = /^\s*(?:CM\d{2}-\d{5,7}|(?:Page )?\d{1,3} (?:of|\/) \d{1,3}|.{0,80}\b(?:Independent Medical Review|IMR|Final Determination)\b.{0,80})\s*$/i;

/** True when a text's first non-blank line starts a letter (a leading BOM or form feed is allowed),
 *  or does after at most three lines of page furniture or title (see ABOVE_FIRST_LINE). */
export function looksLikeLetter(text: string): boolean {
  const head = text.slice(0, 4096);
  const line = /[^\s\uFEFF][^\n]*/g;
  for (let k = 0; k < 4; k++) {
    const m = line.exec(head);
    if (!m) return false;
    if (FIRST_LINE_PATTERN.test(m[0])) return true;
    if (!ABOVE_FIRST_LINE.test(m[0])) return false;
  }
  return false;
}

/** The sentence that opens the clinical case summary (current format). */
export const CASE_SUMMARY_INTRO =
  'The expert reviewer developed the following clinical case summary based on a review of the case file, including all medical records:';

/**
 * The reviewer's credentials, in the first section (all 102 letters have one of two shapes):
 * two labelled lines, or one sentence inside the boilerplate paragraph.
 */
export const CREDENTIAL_LINES = {
  intro: 'The Expert Reviewer has the following credentials:',
  licensure: 'State(s) of Licensure:',
  specialty: 'Certification(s)/Specialty:',
} as const;
/** Matched on whitespace-folded text. A PDF's text layer may write "fi" as one character, the
 *  ligature U+FB01 ("Certiﬁcation(s)/Specialty:", "Board Certiﬁed"): both are accepted. */
export const CREDENTIAL_PATTERNS = {
  licensure: /State\(s\) of Licensure:/,
  specialty: /Certi(?:fi|\ufb01)cation\(s\)\/Specialty:/,
  // The specialty is a few words (36 characters at most in the corpus): bounded, so that a text of
  // many "expert reviewer is certified in" without the rest costs linear time, not a scan to the end each.
  sentence: /\bexpert reviewer is (?:Board Certi(?:fi|\ufb01)ed|certi(?:fi|\ufb01)ed|licensed) in (\S.{0,300}?) and is licensed to practice in (\S[^.]*)/i,
} as const;

/**
 * Mojibake seen in drafts (UTF-8 read as Windows-1252 / Latin-1), with the intended character.
 * Sequences not listed are decoded generically by the encoding-artifact rule.
 */
export const MOJIBAKE: Readonly<Record<string, string>> = {
  'â€™': '’',
  'â€˜': '‘',
  'â€œ': '“',
  'â€\u009d': '”',
  'â€': '”',
  'â€“': '–',
  'â€”': '—',
  'â€¦': '…',
  'â€¢': '•',
  // A PDF private-use glyph (U+F0EF, a bullet/space) in one of the seeds.
  'â¿¯': ' ',
  'Ã©': 'é',
  'Ã¨': 'è',
  'Ã¡': 'á',
  'Ã±': 'ñ',
  'Ã³': 'ó',
  'Ã\u00ad': 'í',
  'Ãº': 'ú',
  'Ã¼': 'ü',
  'Â°': '°',
  'Â±': '±',
  'Â½': '½',
  'Â·': '·',
  'Â\u00a0': ' ',
};
