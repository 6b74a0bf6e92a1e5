import { matchesAtWords } from '../text';
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
  '[DECISION]': 'the decision, "Upheld" or "Overturned" (offered by completion after the colon)',
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
/** Where a skeleton placeholder can start: a bracket, or a bare one's whole text. */
const PATTERN_STARTS = [...new Set(Object.keys(SKELETON_PLACEHOLDERS).map((p) => (p.startsWith('[') ? '[' : p)))];

/**
 * Placeholders a drafter writes by hand: a bracketed instruction ("[INSERT DATE]", "[TBD]",
 * "[enter name]"), a bracketed upper-case blank named after what fills it ("[DATE]", "[SURGEON
 * NAME]", "[DOS]", "[AGE]"), a template field ("<<DATE>>", "{{name}}"), a date with X's for some of
 * its parts ("XX/XX/XXXX", "03/XX/2016") or blanks ("__/__/2016", "??/??/2016"), a blank of
 * underscores in a sentence ("a ___ year old"), and as a warning a bare upper-case "TBD" or "TODO". Published letters bracket words too
 * ("[MRI]", "[otc]", "[1-3, 28, 34]"): only these shapes count. Each shape is tried only where
 * `indexOf` finds its first characters (a letter has few brackets): one more regex scan of the
 * whole letter would cost this rule four times what it costs.
 */
/** `back`: the placeholder starts that many characters before the place its first characters are found ("20XX" is found at "XX"). */
const DRAFTING_AT: { start: string; shapes: { re: RegExp; bare?: true; back?: number }[] }[] = [
  {
    start: '[',
    shapes: [
      { re: /\[\s*(?:insert|enter|add|fill in|tbd|tba|todo|placeholder|xx+)\b[^\]\n]{0,60}\]/iy },
      {
        re: /\[(?:[A-Z][A-Z '/-]{0,40}\b)?(?:DATE|NAME|NUMBER|DOS|DOB|TITLE|AGE|SEX|GENDER|ADDRESS|PHONE|DOSE|DRUG|MEDICATION|QUANTITY|AMOUNT|PATIENT|CLAIMANT|PROVIDER|PHYSICIAN|EMPLOYER|DIAGNOSIS|BODY PART)\]/y,
      },
    ],
  },
  { start: '<<', shapes: [{ re: /<<[^<>\n]{1,60}>>/y }] },
  { start: '{{', shapes: [{ re: /\{\{[^{}\n]{1,60}\}\}/y }] },
  // A date with X's for some of its parts: "XX/XX/XXXX", "XX/15/2016", "03/XX/2016", "03/15/XXXX",
  // "XX/XX/20XX", "03/15/20XX" (one search for "XX": a search for "/XX" stops at every slash of every date).
  {
    start: 'XX',
    shapes: [
      { re: /\bXX\/(?:XX|\d{1,2})\/(?:XXXX|XX|\d{4}|\d{2}|(?:19|20)XX)\b/y },
      { re: /(?<=\b\d{1,2}\/)XX\/(?:XXXX|XX|\d{4}|\d{2}|(?:19|20)XX)\b/y },
      { re: /(?<=\b\d{1,2}\/\d{1,2}\/)XXXX\b/y },
      { re: /(?<=\b\d{1,2}\/\d{1,2}\/(?:19|20))XX\b/y, back: 2 },
    ],
  },
  { start: 'xx/', shapes: [{ re: /\bxx\/(?:xx|\d{1,2})\/(?:xxxx|xx|\d{4}|\d{2}|(?:19|20)xx)\b/y }] },
  // Blanks: "__/__/2016", "a ___ year old" (not a line of underscores), "??/??/2016".
  { start: '__', shapes: [{ re: /__\/__\/(?:____|__|\d{4}|\d{2})(?![\w/])/y }, { re: /(?<=[ (])_{3,20}(?![_\w])/y }] },
  { start: '??/', shapes: [{ re: /\?\?\/\?\?\/(?:\?\?\?\?|\?\?|\d{4}|\d{2})(?![\d/])/y }] },
  { start: 'TBD', shapes: [{ re: /\bTBD\b/y, bare: true }] },
  { start: 'TODO', shapes: [{ re: /\bTODO\b/y, bare: true }] },
];

/** A placeholder of the letter skeleton, or a drafter's own, left in the text. */
export const placeholderLeft: Rule = {
  id: 'placeholder-left',
  description: 'A placeholder is still in the text: one the letter skeleton writes ([MM/DD/YYYY], [STATE OF LICENSURE], [CITATION] …) or a drafter\'s own ([INSERT DATE], [TBD], <<DATE>>, XX/XX/XXXX, TODO).',
  defaultSeverity: 'error',
  fixable: false,
  check({ letter }) {
    const findings: Finding[] = [];
    // Tried only where a placeholder can start (a letter has few brackets), not scanned over the whole letter.
    for (const m of matchesAtWords(letter.text, PATTERN, PATTERN_STARTS)) {
      const span = { start: m.index!, end: m.index! + m[0].length };
      findings.push({
        span,
        message: `The skeleton placeholder "${m[0]}" is still in the letter: replace it with ${SKELETON_PLACEHOLDERS[m[0]]}.`,
        data: { placeholder: m[0] },
      });
    }
    const text = letter.text;
    // A place is one finding ("[TBD]", not also its "TBD"): the characters already reported, made at
    // the first finding (most letters have none). A list of the spans, searched for each candidate,
    // was quadratic: 100,000 characters of "[TBD] " took 400 times a plain letter.
    let taken: Uint8Array | undefined;
    const take = (span: { start: number; end: number }) => (taken ??= new Uint8Array(text.length)).fill(1, span.start, span.end);
    const isTaken = (at: number) => taken !== undefined && taken[at] === 1;
    for (const f of findings) take(f.span);
    const drafting: Finding[] = [];
    for (const { start, shapes } of DRAFTING_AT) {
      for (let at = text.indexOf(start); at >= 0; at = text.indexOf(start, at + start.length)) {
        if (isTaken(at)) continue;
        for (const { re, bare, back = 0 } of shapes) {
          re.lastIndex = at;
          const m = re.exec(text);
          if (!m) continue;
          const span = { start: at - back, end: at + m[0].length };
          const placeholder = text.slice(span.start, span.end);
          drafting.push(
            bare
              ? { span, severity: 'warning', message: `"${placeholder}" marks something left to write: write it, or remove the mark before the letter is released.`, data: { placeholder, drafting: true } }
              : { span, message: `"${placeholder}" is a drafting placeholder still in the letter: replace it with the real text.`, data: { placeholder, drafting: true } },
          );
          take(span);
          break;
        }
      }
    }
    return drafting.length === 0 ? findings : [...findings, ...drafting].sort((a, b) => a.span.start - b.span.start);
  },
};
