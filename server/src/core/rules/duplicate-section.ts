import type { Finding, Rule } from './types';

/** Each section heading appears once in a letter. */
export const duplicateSection: Rule = {
  id: 'duplicate-section',
  description: 'A section heading appears more than once.',
  defaultSeverity: 'error',
  fixable: false,
  check({ letter }) {
    const findings: Finding[] = [];
    for (let i = 0; i < letter.sections.length; i++) {
      const section = letter.sections[i];
      const first = letter.sections.slice(0, i).find((s) => s.kind === section.kind);
      if (!first) continue;
      findings.push({
        span: section.headingSpan,
        message: `The section "${section.name}" appears a second time. Merge its text into the first one and remove this heading.`,
        data: { section: section.kind },
        related: [{ span: first.headingSpan, message: `First "${section.name}" heading.` }],
      });
    }
    return findings;
  },
};
