import type { Finding, Rule } from './types';

/**
 * The placeholders the letter skeleton writes (snippets/imr.code-snippets): bracketed, upper-case
 * and named after what replaces them, so that no real letter holds one. A test keeps this list and
 * the snippets in step. `MM/DD/YYYY` also counts bare (older skeletons wrote it so).
 */
export const SKELETON_PLACEHOLDERS: Record<string, string> = {
  '[CASE NUMBER]': 'the case number (CMyy-nnnnnnn)',
  '[MM/DD/YYYY]': 'the date',
  'MM/DD/YYYY': 'the date',
  '[STATE OF LICENSURE]': "the expert reviewer's state(s) of licensure",
  '[SPECIALTY]': "the expert reviewer's certification or specialty",
  '[CASE SUMMARY]': 'the clinical case summary',
  '[DISPUTED ITEM]': 'the disputed item or service',
  '[CITATION]': 'the guideline citation (e.g. "Decision based on MTUS …")',
  '[SECTION]': "the guideline's section name",
  '[SOURCE]': 'the non-MTUS source',
  '[RATIONALE]': 'the decision rationale',
  // Written by missing-section's fix in the layouts the snippets do not cover.
  '[DOCUMENTS REVIEWED]': 'the list of documents reviewed',
  '[DETERMINATION]': 'the numbered determinations',
  '[QUALIFICATIONS]': "the expert reviewer's qualifications",
  '[ISSUE AT DISPUTE]': 'the disputed treatment or service',
  '[GUIDELINES]': 'the guidelines relied upon and why',
  '[CREDENTIALS]': "the expert reviewer's credentials",
};

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
/** Bracketed forms first (longest first), so "[MM/DD/YYYY]" is one finding, not two. */
const PATTERN = new RegExp(
  Object.keys(SKELETON_PLACEHOLDERS)
    .sort((a, b) => b.length - a.length)
    .map((p) => (p.startsWith('[') ? escape(p) : `\\b${escape(p)}\\b`))
    .join('|'),
  'g',
);

/** A placeholder of the letter skeleton left in the text. */
export const placeholderLeft: Rule = {
  id: 'placeholder-left',
  description: 'A placeholder of the letter skeleton ([MM/DD/YYYY], [STATE OF LICENSURE], [CITATION] …) is still in the text.',
  defaultSeverity: 'error',
  fixable: false,
  check({ letter }) {
    const findings: Finding[] = [];
    for (const m of letter.text.matchAll(PATTERN)) {
      const span = { start: m.index, end: m.index + m[0].length };
      findings.push({
        span,
        message: `The skeleton placeholder "${m[0]}" is still in the letter: replace it with ${SKELETON_PLACEHOLDERS[m[0]]}.`,
        data: { placeholder: m[0] },
      });
    }
    return findings;
  },
};
