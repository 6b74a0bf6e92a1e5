import { CASE_SUMMARY_INTRO, ISSUES_INTRO, layoutOf, sectionSpec, type SectionKind } from '../format';
import { flatten } from '../text';
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
      let body = flatten(letter.text, section.bodySpan).text;
      const opening = OPENINGS[section.kind];
      if (opening && body.startsWith(opening)) body = body.slice(opening.length).trim();
      if (body.length > 0) continue;
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
