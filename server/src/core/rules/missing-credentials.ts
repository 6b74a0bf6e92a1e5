import { CREDENTIAL_LINES, CREDENTIAL_PATTERNS, layoutOf } from '../format';
import { flatten, flatSpan } from '../text';
import type { Finding, Rule } from './types';

/**
 * The first section states the expert reviewer's licensure and specialty, either as the two
 * lines "State(s) of Licensure:" / "Certification(s)/Specialty:" or as the sentence "The expert
 * reviewer is Board Certified in <specialty> and is licensed to practice in <state>."
 */
/** The value written after label `m`: up to the next of `labels` or the end, trimmed. */
function valueAfter(text: string, m: RegExpExecArray, labels: RegExpExecArray[]): string {
  const valueEnd = labels.reduce((end, l) => (l.index > m.index && l.index < end ? l.index : end), text.length);
  return text.slice(m.index + m[0].length, valueEnd).trim();
}

export const missingCredentials: Rule = {
  id: 'missing-credentials',
  description: 'The first section does not state the expert reviewer’s licensure and specialty.',
  defaultSeverity: 'error',
  fixable: false,
  check({ letter }) {
    const findings: Finding[] = [];
    // Only in layouts that write the credentials this way (the current format and layout 2).
    if (letter.format === 'unknown') return findings;
    const layout = layoutOf(letter.format);
    if (!layout.credentialsChecked) return findings;
    const section = letter.sections.find((s) => s.kind === layout.credentialsSection);
    if (!section) return findings; // missing-section reports it
    const body = flatten(letter.text, section.bodySpan);
    const lic = CREDENTIAL_PATTERNS.licensure.exec(body.text);
    const spec = CREDENTIAL_PATTERNS.specialty.exec(body.text);
    // Both lines with their values (most letters): nothing to report, whatever else the section says.
    // Read first because the two labels are found by a fast literal search, the sentence by a scan.
    if (lic && spec && valueAfter(body.text, lic, [lic, spec]) && valueAfter(body.text, spec, [lic, spec])) return findings;
    if (CREDENTIAL_PATTERNS.sentence.test(body.text)) return findings;
    if (!lic && !spec) {
      findings.push({
        span: section.headingSpan,
        message: `The section does not state the expert reviewer's credentials. Add "${CREDENTIAL_LINES.intro}" with the lines "${CREDENTIAL_LINES.licensure} <states>" and "${CREDENTIAL_LINES.specialty} <specialties>".`,
        data: { problem: 'missing' },
      });
      return findings;
    }
    const labels = [lic, spec].filter((m): m is RegExpExecArray => !!m).sort((a, b) => a.index - b.index);
    for (const [m, label, what] of [
      [lic, CREDENTIAL_LINES.licensure, 'the states where the reviewer is licensed'],
      [spec, CREDENTIAL_LINES.specialty, 'the reviewer’s board certification(s) or specialty'],
    ] as const) {
      if (!m) {
        findings.push({
          span: section.headingSpan,
          message: `The credentials lack the line "${label}" (${what}).`,
          data: { problem: 'missing-line', line: label },
        });
        continue;
      }
      if (!valueAfter(body.text, m, labels)) {
        findings.push({
          span: flatSpan(body, m.index, m.index + m[0].length),
          message: `"${label}" has no value: state ${what}.`,
          data: { problem: 'empty', line: label },
        });
      }
    }
    return findings;
  },
};
