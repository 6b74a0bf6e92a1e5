import { layoutOf, type LayoutId, type SectionSpec } from '../format';
import { sectionInsertionLines } from '../boilerplate';
import type { Letter, Section, Span } from '../model';
import { editDistance, trimSpan } from '../text';
import type { Finding, Rule } from './types';

export const missingSection: Rule = {
  id: 'missing-section',
  description: 'A required section heading of the letter’s layout is absent or misspelled.',
  defaultSeverity: 'error',
  fixable: true,
  check({ letter }) {
    const findings: Finding[] = [];
    if (letter.format === 'unknown') {
      // One note, not a flood: nothing here looks like any layout, so nothing is required.
      if (letter.text.trim().length === 0) return findings;
      findings.push({
        span: { start: 0, end: Math.min(letter.text.length, letter.lines.lineEnd(0)) },
        message:
          'No opening line or section heading of a known IMR letter layout was found, so no section is checked. Start the letter with "HOW THE IMR FINAL DETERMINATION WAS MADE" (or use the letter skeleton snippet).',
        severity: 'info',
        data: { format: 'unknown' },
      });
      return findings;
    }
    const layout = layoutOf(letter.format);
    const specs = layout.sections.filter((s) => s.required);
    for (const section of letter.sections) {
      if (section.headingMatch === 'exact') continue;
      const how = section.headingMatch === 'case' ? 'is not in the standard capitalization' : 'is misspelled';
      findings.push({
        span: section.headingSpan,
        message: `The heading "${section.headingText}" ${how}: write "${section.name}".`,
        data: { section: section.kind, heading: section.name, problem: section.headingMatch, layout: layout.id },
        fixes: [{ title: `Change heading to "${section.name}"`, edits: [{ span: section.headingSpan, newText: section.name }], preferred: true }],
      });
    }
    for (const spec of specs) {
      if (letter.sections.some((s) => s.kind === spec.kind)) continue;
      // Insert before the first present section that must come after this one.
      const later = layout.sections.slice(layout.sections.indexOf(spec) + 1).map((s) => s.kind);
      const before = letter.sections.find((s) => later.includes(s.kind));
      const previous = [...letter.sections].reverse().find((s) => !later.includes(s.kind));
      const anchor = before ? before.headingSpan : previous ? previous.headingSpan : { start: 0, end: 0 };
      // A heading the parser does not match loosely (a short one, which a body line could
      // resemble) may still be there misspelled, where the section belongs: say so, not "missing".
      const from = previous ? previous.headingSpan.end : 0;
      const near = misspelledHeading(letter, spec, from, before ? before.headingSpan.start : letter.text.length);
      if (near) {
        findings.push({
          span: near.span,
          message: `The heading "${spec.heading}" is misspelled as "${near.written}": write "${spec.heading}".${layout.id === 'current' ? '' : ` (The letter is in the ${layout.name}.)`}`,
          data: { section: spec.kind, heading: spec.heading, problem: 'misspelled', layout: layout.id },
          fixes: [{ title: `Change heading to "${spec.heading}"`, edits: [{ span: near.span, newText: spec.heading }], preferred: near.distance <= 2 }],
        });
        continue;
      }
      // Only the heading is gone when the section's stock opening sentence still stands where the
      // section belongs: the heading goes back on its own line above it (the preferred fix).
      const opening = openingLineAt(letter, layout.id, spec, from, before ? before.headingSpan.start : letter.text.length);
      if (opening !== undefined) {
        const eol = letter.text.includes('\r\n') ? '\r\n' : '\n';
        const lineEnd = letter.doubleSpaced ? eol + eol : eol;
        findings.push({
          span: { start: opening, end: opening },
          message: `The heading "${spec.heading}" is missing above its section's opening sentence. Add the heading on its own line here.${layout.id === 'current' ? '' : ` (The letter is in the ${layout.name}.)`}`,
          data: { section: spec.kind, heading: spec.heading, problem: 'missing', layout: layout.id },
          fixes: [{ title: `Insert the heading "${spec.heading}"`, edits: [{ span: { start: opening, end: opening }, newText: spec.heading + lineEnd }], preferred: true }],
        });
        continue;
      }
      findings.push({
        span: { start: anchor.start, end: anchor.end },
        message: `The required section "${spec.heading}" is missing. Add the heading on its own line${
          before ? ` before "${before.name}"` : ''
        }.${layout.id === 'current' ? '' : ` (The letter is in the ${layout.name}.)`}`,
        data: { section: spec.kind, heading: spec.heading, problem: 'missing', layout: layout.id },
        fixes: [
          {
            title: `Insert the "${spec.heading}" section`,
            edits: [insertion(letter, layout.id, spec, before, previous)],
            preferred: false,
          },
        ],
      });
    }
    return findings;
  },
};

/**
 * A line in text[from, to) that is `spec`'s heading misspelled: the whole line (or, for a heading
 * that text may follow on its line, the line up to its first colon), whitespace folded and in any
 * case, within a few edits of the heading (a missing final colon counts as none). The nearest
 * such line, if any.
 */
function misspelledHeading(letter: Letter, spec: SectionSpec, from: number, to: number): { span: Span; written: string; distance: number } | undefined {
  const want = spec.heading.toUpperCase();
  const bare = (s: string) => s.replace(/:$/, '');
  const budget = Math.max(2, Math.floor(want.length * 0.15));
  let best: { span: Span; written: string; distance: number } | undefined;
  const first = letter.lines.positionAt(from).line;
  const last = letter.lines.positionAt(to).line;
  // Lines of the case header are no heading (the header may run on to the first heading found).
  const headerLines = new Set(letter.header.map((h) => letter.lines.positionAt(h.labelSpan.start).line));
  for (let i = first; i <= last && i < letter.lines.lineCount; i++) {
    if (headerLines.has(i)) continue;
    const start = Math.max(from, letter.lines.lineStarts[i]);
    const end = Math.min(to, letter.lines.lineEnd(i));
    const span = trimSpan(letter.text, { start, end });
    let line = letter.text.slice(span.start, span.end);
    if (!spec.alone) {
      const colon = line.indexOf(':');
      if (colon > 0 && colon <= want.length + budget) {
        line = line.slice(0, colon + 1);
        span.end = span.start + line.length;
      }
    }
    if (line.length === 0 || Math.abs(line.length - want.length) > budget + 1 || line.endsWith('.')) continue;
    const upper = line.replace(/\s+/g, ' ').toUpperCase();
    const distance = Math.min(editDistance(upper, want, budget), editDistance(bare(upper), bare(want), budget));
    if (distance <= budget && (!best || distance < best.distance)) best = { span, written: line, distance };
  }
  return best;
}

/**
 * The section written in the letter's own layout: at the start of the next heading's line (so
 * that heading keeps its indentation), its heading indented like the headings around it (centred
 * when they are), in the letter's line endings and spacing, with a placeholder where the author's
 * text goes.
 */
/**
 * The start of the line in text[from, to) that begins with the section's stock opening sentence
 * (its first six words, any white space between: "The expert reviewer developed the following
 * clinical case summary ..."), or undefined. Searched once per letter and heading.
 */
function openingLineAt(letter: Letter, layout: LayoutId, spec: SectionSpec, from: number, to: number): number | undefined {
  const sentence = sectionInsertionLines(layout, spec)[1];
  if (!sentence || sentence.startsWith('[')) return undefined;
  const words = sentence.split(/\s+/).slice(0, 6).map((w) => w.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&'));
  const re = new RegExp(`^[ \\t\\f]*(?=${words.join('\\s+')})`, 'gm');
  re.lastIndex = from;
  const m = re.exec(letter.text);
  return m && m.index < to ? m.index + m[0].length : undefined;
}

function insertion(letter: Letter, layout: LayoutId, spec: SectionSpec, before: Section | undefined, previous: Section | undefined): { span: Span; newText: string } {
  const text = letter.text;
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const neighbour = before ?? previous;
  const indent = neighbour ? headingIndent(letter, neighbour, spec.heading.length) : '';
  // In the double-spaced style every line is followed by an empty line, and a paragraph break
  // is a line holding one space.
  const lineEnd = letter.doubleSpaced ? eol + eol : eol;
  const blank = letter.doubleSpaced ? ' ' + eol + eol : eol;
  const body = sectionInsertionLines(layout, spec)
    .map((line, i) => (line === '' ? blank : (i === 0 ? indent : '') + line + lineEnd))
    .join('');
  if (before) {
    const at = letter.lines.lineStarts[letter.lines.positionAt(before.headingSpan.start).line];
    return { span: { start: at, end: at }, newText: body + blank };
  }
  const at = text.length;
  const tail = trailingLineBreaks(text);
  const lead = at === 0 ? '' : tail.length === 0 ? eol + blank : tail === eol ? blank : '';
  return { span: { start: at, end: at }, newText: lead + body.replace(/(?:\r?\n)+$/, eol) };
}

/** The line breaks that end a text, read from its end (a regex anchored at "$" would retry from every break of a long run). */
function trailingLineBreaks(text: string): string {
  let i = text.length;
  while (i > 0 && (text.charCodeAt(i - 1) === 10 || (text.charCodeAt(i - 1) === 13 && text.charCodeAt(i) === 10))) i--;
  return text.slice(i);
}

/** The indentation for a new heading of `length` characters beside `section`'s heading. */
function headingIndent(letter: Letter, section: Section, length: number): string {
  const line = letter.lines.positionAt(section.headingSpan.start).line;
  const lead = letter.text.slice(letter.lines.lineStarts[line], section.headingSpan.start).replace(/[\f\r]/g, '');
  if (!/^[ \t]*$/.test(lead)) return '';
  if (lead.length <= 2) return lead;
  // Centred headings (pdftotext -layout): centre the new one on the same column.
  const centre = lead.length + (section.headingSpan.end - section.headingSpan.start) / 2;
  return ' '.repeat(Math.max(0, Math.round(centre - length / 2)));
}
