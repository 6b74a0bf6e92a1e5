import { CASE_SUMMARY_INTRO, ISSUES_INTRO, layoutOf, sectionSpec, type SectionKind } from '../format';
import { flatten } from '../text';
import type { Span } from '../model';
import type { Finding, Rule } from './types';

/** Standard sentences that open a section without saying anything of the case. */
const OPENINGS: Partial<Record<SectionKind, string>> = {
  caseSummary: CASE_SUMMARY_INTRO,
  issues: ISSUES_INTRO,
};

/**
 * A section holds text beyond its standard opening sentence. The items section of a layout whose
 * items are known is left to no-disputed-items, which says more precisely what is missing.
 */
/**
 * Whether `span` holds text beyond `opening` (whitespace folded). Reads only as much of the
 * section as it takes to know: the folded start, a little longer than the opening.
 */
function hasText(text: string, span: Span, opening = ''): boolean {
  const probeEnd = Math.min(span.end, span.start + 2 * opening.length + 64);
  let body = flatten(text, { start: span.start, end: probeEnd }).text;
  // A probe cut short may have stopped in a run of white space or inside the opening: read it all.
  if (probeEnd < span.end && body.length <= opening.length) body = flatten(text, span).text;
  if (opening && body.startsWith(opening)) body = body.slice(opening.length).trim();
  return body.length > 0;
}

export const emptySection: Rule = {
  id: 'empty-section',
  description: 'A section has a heading but no text (beyond its standard opening sentence).',
  defaultSeverity: 'error',
  fixable: false,
  check({ letter }) {
    const findings: Finding[] = [];
    if (letter.format === 'unknown') return findings;
    const layout = layoutOf(letter.format);
    for (const section of letter.sections) {
      if (layout.itemsKnown && section.kind === layout.itemsSection) continue;
      if (sectionSpec(section.kind).titleOnly) continue;
      if (hasText(letter.text, section.bodySpan, OPENINGS[section.kind])) continue;
      findings.push({
        span: section.headingSpan,
        message: `The section "${section.name}" is empty.${
          section.kind === 'caseSummary' ? ' Write the clinical case summary after its opening sentence.' : ''
        }`,
        data: { section: section.kind },
      });
    }
    return findings;
  },
};
