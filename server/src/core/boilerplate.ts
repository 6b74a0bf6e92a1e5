/**
 * Standard texts of the current (2014 onward) IMR Final Determination Letter, copied verbatim
 * from the published letters (see ../shared/real-letters and ../shared/seeds; checked by
 * test/unit/snippets.test.ts). The same texts are in snippets/imr.code-snippets.
 * Headings, labels and the section openings come from format.ts, the one place that knows the
 * format; this file adds the longer paragraphs and sentences built from them.
 */
import { CASE_SUMMARY_INTRO, CREDENTIAL_LINES, HEADER_FIELDS, ISSUES_INTRO, ITEM_FIELDS, sectionSpec, type LayoutId, type SectionSpec } from './format';

export { CASE_SUMMARY_INTRO, ISSUES_INTRO };
export const HEADING_HOW_MADE = sectionSpec('howMade').heading;
export const HEADING_CASE_SUMMARY = sectionSpec('caseSummary').heading;
export const HEADING_ISSUES = sectionSpec('issues').heading;

/** The paragraph under HOW THE IMR FINAL DETERMINATION WAS MADE (197 of 199 letters). */
export const HOW_IMR_PARAGRAPH =
  'MAXIMUS Federal Services sent the complete case file to an expert reviewer. He/she has no ' +
  'affiliation with the employer, employee, providers or the claims administrator. He/she has been ' +
  'in active clinical practice for more than five years and is currently working at least 24 hours a ' +
  'week in active practice. The expert reviewer was selected based on his/her clinical experience, ' +
  'education, background, and expertise in the same or similar specialties that evaluate and/or treat ' +
  'the medical condition and disputed items/Service. He/she is familiar with governing laws and ' +
  'regulations, including the strength of evidence hierarchy that applies to Independent Medical ' +
  'Review determinations.';

/**
 * The older variant (seeds 001 and 004) that states the credentials inside the paragraph;
 * note it says "disputed items/services" where the current one says "disputed items/Service".
 */
export function howImrParagraphBoardCertified(specialty: string, state: string): string {
  return 'MAXIMUS Federal Services sent the complete case file to an expert reviewer. He/she has no ' +
    'affiliation with the employer, employee, providers or the claims administrator. ' +
    boardCertifiedSentence(specialty, state) + ' ' +
    'He/she has been in active clinical practice for more than five years and is currently working at ' +
    'least 24 hours a week in active practice. The expert reviewer was selected based on his/her ' +
    'clinical experience, education, background, and expertise in the same or similar specialties that ' +
    'evaluate and/or treat the medical condition and disputed items/services. He/she is familiar with ' +
    'governing laws and regulations, including the strength of evidence hierarchy that applies to ' +
    'Independent Medical Review determinations.';
}

/** "The expert reviewer is Board Certified in <specialty> and is licensed to practice in <state>." */
export function boardCertifiedSentence(specialty: string, state: string): string {
  return `The expert reviewer is Board Certified in ${specialty} and is licensed to practice in ${state}.`;
}

export const CREDENTIALS_INTRO = CREDENTIAL_LINES.intro;
export const LICENSURE_LABEL = CREDENTIAL_LINES.licensure;
export const SPECIALTY_LABEL = CREDENTIAL_LINES.specialty;

/** The credentials block of the current letters. */
export function credentialsBlock(states: string, specialties: string): string {
  return `${CREDENTIALS_INTRO}\n${LICENSURE_LABEL} ${states}\n${SPECIALTY_LABEL} ${specialties}`;
}

export const FIELD_LABELS = ITEM_FIELDS.map((f) => f.label);

export const CA_NO_EVIDENCE = 'The Claims Administrator did not cite any medical evidence for its decision.';
export const CA_OUTSIDE_MTUS = 'The Claims Administrator based their decision on recommendation(s) outside of the MTUS Guidelines.';
export const ER_OUTSIDE_MTUS = 'The Expert Reviewer based their decision on recommendation(s) outside of the MTUS Guidelines.';
export const ER_NOT_MTUS = 'The Expert Reviewer did not base their decision on the MTUS.';
export const ER_NO_EVIDENCE = 'The Expert Reviewer did not cite any medical evidence for its decision.';

/** Stock sentences that stand in a guideline field instead of (or before) a citation. */
export const STOCK_SENTENCES: string[] = [CA_NO_EVIDENCE, CA_OUTSIDE_MTUS, ER_OUTSIDE_MTUS, ER_NOT_MTUS, ER_NO_EVIDENCE];

/** The most common closing sentence of an Upheld item (35 times in the corpus). */
export const CONCLUSION_UPHELD = 'As such, the request is not medically necessary.';
/** The most common closing sentence of an Overturned item (6 times in the corpus). */
export const CONCLUSION_OVERTURNED = 'Therefore, the request is medically necessary.';

/** "Decision based on MTUS <label> <year>, Section(s): <section>." */
export function mtusCitation(label: string, year: string, section?: string): string {
  return section ? `Decision based on MTUS ${label} ${year}, Section(s): ${section}.` : `Decision based on MTUS ${label} ${year}.`;
}

/** "Decision based on Non-MTUS Citation <source>." */
export function nonMtusCitation(source: string): string {
  return `Decision based on Non-MTUS Citation ${source}.`;
}

/** A disputed item: title line, then the three labelled fields. */
export function itemSkeleton(title: string, decision: 'Upheld' | 'Overturned'): string {
  return `${title}: ${decision}\n\nClaims Administrator guideline: \n\nMAXIMUS guideline: \n\nDecision rationale: ` +
    (decision === 'Upheld' ? CONCLUSION_UPHELD : CONCLUSION_OVERTURNED);
}

/** The header block, one label a line, with the skeleton's placeholders (placeholder-left reports
 *  each until it is filled; Priority is Standard unless the case is expedited). */
export function headerSkeleton(): string {
  return `${HEADER_FIELDS.map((f) => `${f.label} ${f.key === 'priority' ? 'Standard' : f.key === 'caseNumber' ? '[CASE NUMBER]' : '[MM/DD/YYYY]'}`).join('\n')}\n\n`;
}

/** Heading line plus standard opening text, for inserting a missing section. */
export function sectionSkeleton(kind: 'howMade' | 'caseSummary' | 'issues'): string {
  switch (kind) {
    case 'howMade':
      return `${HEADING_HOW_MADE}\n${HOW_IMR_PARAGRAPH}\n\n${credentialsBlock('', '')}\n`;
    case 'caseSummary':
      return `${HEADING_CASE_SUMMARY}\n${CASE_SUMMARY_INTRO}\n\n`;
    case 'issues':
      return `${HEADING_ISSUES}\n${ISSUES_INTRO}\n\n`;
  }
}

/**
 * The lines missing-section's fix writes for a section of a layout ('' is a paragraph break):
 * the heading, the standard opening where the layout's wording is known (the current format;
 * the credential lines of layout 2, which docs/letter-format.md says it shares), and the
 * placeholder where the author's text goes: the skeleton's bracketed placeholders, which
 * placeholder-left reports until they are replaced.
 */
export function sectionInsertionLines(layout: LayoutId, spec: SectionSpec): string[] {
  const credentials = [CREDENTIALS_INTRO, `${LICENSURE_LABEL} [STATE OF LICENSURE]`, `${SPECIALTY_LABEL} [SPECIALTY]`];
  if (layout === 'current') {
    switch (spec.kind) {
      case 'howMade':
        return [spec.heading, HOW_IMR_PARAGRAPH, '', ...credentials];
      case 'caseSummary':
        return [spec.heading, CASE_SUMMARY_INTRO, '', spec.placeholder];
      case 'issues':
        return [spec.heading, ISSUES_INTRO, '', spec.placeholder];
    }
  }
  if (layout === 'layout2' && spec.kind === 'howMade') return [spec.heading, ...credentials];
  return spec.titleOnly ? [spec.heading] : [spec.heading, spec.placeholder];
}
