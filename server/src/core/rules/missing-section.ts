import { sectionsOf } from '../format';
import { sectionSkeleton } from '../boilerplate';
import type { Finding, Rule } from './types';

export const missingSection: Rule = {
  id: 'missing-section',
  description: 'A required section heading of the letter’s format is absent or misspelled.',
  defaultSeverity: 'error',
  fixable: true,
  check({ letter }) {
    const findings: Finding[] = [];
    if (letter.format === 'unknown') {
      // One note, not a flood: nothing here looks like either format.
      if (letter.text.trim().length === 0) return findings;
      findings.push({
        span: { start: 0, end: Math.min(letter.text.length, letter.lines.lineEnd(0)) },
        message:
          'No section heading of an IMR letter was found, so the letter’s format is unknown. Start the letter with "HOW THE IMR FINAL DETERMINATION WAS MADE" (or use the letter skeleton snippet).',
        severity: 'info',
        data: { format: 'unknown' },
      });
      return findings;
    }
    const specs = sectionsOf(letter.format).filter((s) => s.required);
    for (const section of letter.sections) {
      if (section.headingMatch === 'exact') continue;
      const how = section.headingMatch === 'case' ? 'is not in the standard capitalization' : 'is misspelled';
      findings.push({
        span: section.headingSpan,
        message: `The heading "${section.headingText}" ${how}: write "${section.name}".`,
        data: { section: section.kind, heading: section.name, problem: section.headingMatch },
        fixes: [{ title: `Change heading to "${section.name}"`, edits: [{ span: section.headingSpan, newText: section.name }], preferred: true }],
      });
    }
    specs.forEach((spec, order) => {
      if (letter.sections.some((s) => s.kind === spec.kind)) return;
      // Insert before the first present section that must come after this one.
      const later = specs.slice(order + 1).map((s) => s.kind);
      const before = letter.sections.find((s) => later.includes(s.kind));
      const previous = [...letter.sections].reverse().find((s) => !later.includes(s.kind));
      const at = before ? before.span.start : letter.text.length;
      const anchor = before ? before.headingSpan : previous ? previous.headingSpan : { start: 0, end: 0 };
      // The heading with its standard opening (the how-made section's paragraph too).
      const opening = spec.generation === 'current' ? sectionSkeleton(spec.kind as 'howMade' | 'caseSummary' | 'issues') : spec.heading;
      const lead = at > 0 && !/\n[^\S\n]*$/.test(letter.text.slice(0, at)) ? '\n\n' : '';
      findings.push({
        span: { start: anchor.start, end: anchor.end },
        message: `The required section "${spec.heading}" is missing. Add the heading on its own line${
          before ? ` before "${before.name}"` : ''
        }.`,
        data: { section: spec.kind, heading: spec.heading, problem: 'missing' },
        fixes: [
          {
            title: `Insert the "${spec.heading}" section`,
            edits: [{ span: { start: at, end: at }, newText: `${lead}${opening.trimEnd()}\n\n` }],
            preferred: false,
          },
        ],
      });
    });
    return findings;
  },
};
