import { secondLetterStart } from '../model';
import type { Finding, Rule } from './types';

/** Each section heading appears once in a letter. */
export const duplicateSection: Rule = {
  id: 'duplicate-section',
  description: 'A section heading appears more than once.',
  defaultSeverity: 'error',
  fixable: true,
  check({ letter }) {
    const findings: Finding[] = [];
    const firstOf = new Map<string, (typeof letter.sections)[number]>();
    // Two letters in one file: one finding where the second starts, not one per section it repeats.
    const second = secondLetterStart(letter);
    for (const section of letter.sections) {
      const first = firstOf.get(section.kind);
      if (!first) {
        firstOf.set(section.kind, section);
        continue;
      }
      if (second !== undefined && section.headingSpan.start >= second) {
        if (section.headingSpan.start === second) {
          findings.push({
            span: section.headingSpan,
            message: `A second letter seems to start here: its sections begin again with "${section.name}". Put each letter in its own file.`,
            data: { section: section.kind, secondLetter: true },
            related: [{ span: first.headingSpan, message: `The first letter's "${section.name}" heading.` }],
          });
        }
        continue;
      }
      // One of the two holds no text: removing that heading (and its blank lines) loses nothing.
      const isEmpty = (x: (typeof letter.sections)[number]) => letter.text.slice(x.bodySpan.start, x.bodySpan.end).trim() === '';
      const empty = isEmpty(section) ? section : isEmpty(first) ? first : undefined;
      const lineStart = (at: number) => letter.lines.lineStarts[letter.lines.positionAt(at).line];
      findings.push({
        span: section.headingSpan,
        message: `The section "${section.name}" appears a second time. ${
          empty ? `${empty === section ? 'This' : 'The first'} one has no text: remove its heading.` : 'Merge its text into the first one and remove this heading.'
        }`,
        data: { section: section.kind, ...(empty ? { empty: empty === section ? 'this' : 'first' } : {}) },
        related: [{ span: first.headingSpan, message: `First "${section.name}" heading.` }],
        ...(empty ? { fixes: [{ title: `Remove the empty "${section.name}" heading`, edits: [{ span: { start: lineStart(empty.headingSpan.start), end: empty.span.end }, newText: '' }], preferred: true }] } : {}),
      });
    }
    return findings;
  },
};
