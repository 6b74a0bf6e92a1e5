/**
 * Everything the tool knows about the letter format, in one place: headings of each format
 * generation, header labels, item field labels and decision words. The parser, rules,
 * outline, completion and quick fixes read these tables; nothing else hard-codes them.
 * Figures in comments were counted on the 102 letters in ../shared (see docs/letter-format.md there).
 */

export type SectionKind =
  // current format (2014 onward)
  | 'howMade'
  | 'caseSummary'
  | 'issues'
  // 2013 format
  | 'notice2013'
  | 'decision2013'
  | 'qualifications2013'
  | 'caseSummary2013';

export type FormatGeneration = 'current' | '2013';

export interface SectionSpec {
  kind: SectionKind;
  generation: FormatGeneration;
  /** The heading as MAXIMUS writes it. */
  heading: string;
  /** Required in a letter of its generation. */
  required: boolean;
  /** Heading must stand alone on its line (current format) or may start a line followed by text (2013). */
  alone: boolean;
  /** The heading may be matched when misspelled (only for long, distinctive headings). */
  fuzzy: boolean;
}

/** Sections in the order they must appear. */
export const SECTIONS: readonly SectionSpec[] = [
  { kind: 'howMade', generation: 'current', heading: 'HOW THE IMR FINAL DETERMINATION WAS MADE', required: true, alone: true, fuzzy: true },
  { kind: 'caseSummary', generation: 'current', heading: 'CLINICAL CASE SUMMARY', required: true, alone: true, fuzzy: true },
  { kind: 'issues', generation: 'current', heading: 'IMR ISSUES, DECISIONS AND RATIONALES', required: true, alone: true, fuzzy: true },
  { kind: 'notice2013', generation: '2013', heading: 'Notice of Independent Medical Review Determination', required: true, alone: false, fuzzy: false },
  { kind: 'decision2013', generation: '2013', heading: 'INDEPENDENT MEDICAL REVIEW DECISION AND RATIONALE', required: true, alone: true, fuzzy: true },
  { kind: 'qualifications2013', generation: '2013', heading: 'Medical Qualifications of the Expert Reviewer:', required: true, alone: false, fuzzy: false },
  { kind: 'caseSummary2013', generation: '2013', heading: 'Case Summary:', required: true, alone: false, fuzzy: false },
];

export function sectionSpec(kind: SectionKind): SectionSpec {
  return SECTIONS.find((s) => s.kind === kind)!;
}

export function sectionsOf(generation: FormatGeneration): SectionSpec[] {
  return SECTIONS.filter((s) => s.generation === generation);
}

/** The section that holds the disputed items, per generation. */
export const ITEMS_SECTION: Record<FormatGeneration, SectionKind> = {
  current: 'issues',
  '2013': 'decision2013',
};

/** The section that must state the reviewer's credentials, per generation. */
export const CREDENTIALS_SECTION: Record<FormatGeneration, SectionKind> = {
  current: 'howMade',
  '2013': 'qualifications2013',
};

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

/** First lines that mark a text file as a letter (for language detection of .txt files). */
export const FIRST_LINE_PATTERN = /^\s*(Case Number:|HOW THE IMR FINAL DETERMINATION WAS MADE)/;

/** True when a text's first non-blank line starts a letter (a leading BOM or form feed is allowed). */
export function looksLikeLetter(text: string): boolean {
  const first = /[^\s\uFEFF][^\n]*/.exec(text.slice(0, 4096));
  return !!first && FIRST_LINE_PATTERN.test(first[0]);
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
/** Matched on whitespace-folded text. */
export const CREDENTIAL_PATTERNS = {
  licensure: /State\(s\) of Licensure:/,
  specialty: /Certification\(s\)\/Specialty:/,
  sentence: /\bexpert reviewer is (?:Board Certified|certified|licensed) in (\S.*?) and is licensed to practice in (\S[^.]*)/i,
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
