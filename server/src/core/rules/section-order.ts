import { sectionsOf } from '../format';
import type { Finding, Rule } from './types';

/** The sections of a letter must stand in the order of its format (SECTIONS in format.ts). */
export const sectionOrder: Rule = {
  id: 'section-order',
  description: 'A section heading stands out of the order of the letter’s format.',
  defaultSeverity: 'error',
  fixable: false,
  check({ letter }) {
    const findings: Finding[] = [];
    if (letter.format === 'unknown') return findings;
    const order = sectionsOf(letter.format).map((s) => s.kind);
    // The first section of each kind, in letter order: enough to find the earliest section that
    // outranks this one, in time linear in the sections (a letter can have thousands of headings).
    const firsts = new Map<string, (typeof letter.sections)[number]>();
    for (const section of letter.sections) {
      const rank = order.indexOf(section.kind);
      const later = [...firsts.values()].find((s) => order.indexOf(s.kind) > rank);
      if (later && !firsts.has(section.kind)) {
        findings.push({
          span: section.headingSpan,
          message: `"${section.name}" must come before "${later.name}".`,
          data: { section: section.kind, after: later.kind },
          related: [{ span: later.headingSpan, message: `"${later.name}" stands here, earlier in the letter.` }],
        });
      }
      if (!firsts.has(section.kind)) firsts.set(section.kind, section);
    }
    return findings;
  },
};
