import { CREDENTIAL_LINES, CREDENTIAL_PATTERNS, layoutOf } from '../format';
import { flatten, flatSpan } from '../text';
import type { Finding, Rule } from './types';

/**
 * The first section states the expert reviewer's licensure and specialty, either as the two
 * lines "State(s) of Licensure:" / "Certification(s)/Specialty:" or as the sentence "The expert
 * reviewer is Board Certified in <specialty> and is licensed to practice in <state>."
 */
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
    if (CREDENTIAL_PATTERNS.sentence.test(body.text)) return findings;
    const lic = CREDENTIAL_PATTERNS.licensure.exec(body.text);
    const spec = CREDENTIAL_PATTERNS.specialty.exec(body.text);
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
      const valueEnd = labels.find((l) => l.index > m.index)?.index ?? body.text.length;
      const value = body.text.slice(m.index + m[0].length, valueEnd).trim();
      if (value.length === 0) {
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
