import type { Finding, Rule } from './types';

/** Each section heading appears once in a letter. */
export const duplicateSection: Rule = {
  id: 'duplicate-section',
  description: 'A section heading appears more than once.',
  defaultSeverity: 'error',
  fixable: false,
  check({ letter }) {
    const findings: Finding[] = [];
    const firstOf = new Map<string, (typeof letter.sections)[number]>();
    for (const section of letter.sections) {
      const first = firstOf.get(section.kind);
      if (!first) {
        firstOf.set(section.kind, section);
        continue;
      }
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
