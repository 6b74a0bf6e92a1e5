import { CASE_NUMBER_FORM, PRIORITIES, headerName, headerSpec, layoutOf, type HeaderKey } from '../format';
import type { HeaderField } from '../model';
import { SKELETON_PLACEHOLDERS } from './placeholder-left';
import type { Finding, Rule } from './types';


/**
 * The case header's fields: each one the layout always has is there with a value, the case number
 * reads CMyy-nnnnnnn, the priority is Standard or Expedited, and a date field holds a date written
 * MM/DD/YYYY. Whether a date is a real one, and in order, is `date-order`'s.
 *
 * Fields are required only for the current format, whose header is known from every published
 * letter; in the other layouts only the values written are checked. A letter without any header
 * label (a draft of the body only) is not asked for one.
 */
export const headerField: Rule = {
  id: 'header-field',
  description: 'A case header field is missing, has no value, or is not in its form (case number CMyy-nnnnnnn, priority Standard or Expedited, dates MM/DD/YYYY).',
  defaultSeverity: 'warning',
  fixable: true,
  suggestsFixes: true,
  check({ letter }) {
    const findings: Finding[] = [];
    if (letter.format === 'unknown' || letter.header.length === 0 || !letter.headerSpan) return findings;
    const first = new Map<HeaderKey, HeaderField>();
    for (const f of letter.header) if (!first.has(f.key)) first.set(f.key, f);
    const start = letter.headerSpan.start;
    for (const key of layoutOf(letter.format).headerFields) {
      if (first.has(key)) continue;
      findings.push({
        span: { start, end: letter.lines.lineEnd(letter.lines.positionAt(start).line) },
        message: `The case header has no "${headerSpec(key).label}" field. Add it with ${headerSpec(key).isDate ? 'its date (MM/DD/YYYY)' : key === 'priority' ? `the case's priority (${PRIORITIES.join(' or ')})` : 'its value'}.`,
        data: { field: key, problem: 'missing' },
      });
    }
    for (const f of first.values()) {
      if (!f.valueSpan || f.value.trim() === '') {
        findings.push({
          span: f.labelSpan,
          message: `"${f.label}" has no value. Write the ${headerName(f.key).toLowerCase()}${headerSpec(f.key).isDate ? ' (MM/DD/YYYY)' : ''} after the label.`,
          data: { field: f.key, problem: 'empty' },
        });
        continue;
      }
      // A skeleton placeholder still in place ("[CASE NUMBER]") is placeholder-left's finding.
      if (Object.hasOwn(SKELETON_PLACEHOLDERS, f.value)) continue;
      const span = f.valueSpan;
      if (f.key === 'caseNumber' && !CASE_NUMBER_FORM.test(f.value)) {
        const upper = f.value.toUpperCase();
        const fix = CASE_NUMBER_FORM.test(upper) ? upper : undefined;
        findings.push({
          span,
          message: `"${f.value}" is not a case number: it is written CM, the two-digit year, a hyphen and seven digits (e.g. "CM16-0213037").${fix ? ` Write "${fix}".` : ' Check it against the case file.'}`,
          data: { field: f.key, problem: 'form', value: f.value, ...(fix ? { suggestion: fix } : {}) },
          fixes: fix ? [{ title: `Change to "${fix}"`, edits: [{ span, newText: fix }], preferred: true }] : undefined,
        });
      } else if (f.key === 'priority' && !(PRIORITIES as readonly string[]).includes(f.value)) {
        const fix = PRIORITIES.find((p) => p.toLowerCase() === f.value.toLowerCase());
        findings.push({
          span,
          message: `"${f.value}" is not a priority: a case is ${PRIORITIES.map((p) => `"${p}"`).join(' or ')}.${fix ? ` Write "${fix}".` : ''}`,
          data: { field: f.key, problem: 'form', value: f.value, ...(fix ? { suggestion: fix } : {}) },
          // Another word ("Urgent", "Normal"): which priority the case has is the author's to say, so both are offered, neither preferred.
          fixes: fix
            ? [{ title: `Change to "${fix}"`, edits: [{ span, newText: fix }], preferred: true }]
            : PRIORITIES.map((p) => ({ title: `Change to "${p}"`, edits: [{ span, newText: p }] })),
        });
      } else if (!f.date && headerSpec(f.key).isDate) {
        findings.push({
          span,
          message: `"${f.value}" is not a date written MM/DD/YYYY, as the ${headerName(f.key)} is (e.g. "03/04/2017").`,
          data: { field: f.key, problem: 'form', value: f.value },
        });
      }
    }
    return findings;
  },
};
