import { allCitations } from '../citations';
import type { Finding, Rule } from './types';

/** A known MTUS label with a year it was never published with (or without its year). */
export const guidelineYearMismatch: Rule = {
  id: 'guideline-year-mismatch',
  description: 'An MTUS guideline label is cited with a year that does not belong to it, or without its year.',
  defaultSeverity: 'error',
  fixable: true,
  check({ letter, catalog }) {
    const findings: Finding[] = [];
    for (const { citation: c } of allCitations(letter, catalog)) {
      const r = c.resolution;
      if (c.kind !== 'mtus' || !c.label || !r || !r.knownLabel || r.yearValid) continue;
      const years = [...new Set(r.validYears.map((y) => y.year))];
      if (years.length === 0) continue;
      const label = r.guideline?.label ?? c.label.text;
      const list = years.map((y) => `"${label} ${y}"`).join(' or ');
      const allConfirmed = r.validYears.every((y) => y.confidence === 'confirmed');
      if (c.year) {
        findings.push({
          span: { start: c.label.span.start, end: c.year.span.end },
          message: `"${c.label.text} ${c.year.value}" does not exist: ${label} is cited as ${list}. Correct the year.`,
          severity: allConfirmed ? 'error' : 'warning',
          data: { label, year: c.year.value, validYears: years },
          fixes: years.map((y) => ({
            title: `Change the year to ${y}`,
            edits: [{ span: c.year!.span, newText: String(y) }],
            preferred: years.length === 1,
          })),
        });
      } else {
        const at = c.label.span.end;
        findings.push({
          span: c.label.span,
          message: `"${c.label.text}" is cited without its year: write ${list}.`,
          severity: 'warning',
          data: { label, year: null, validYears: years },
          fixes: years.map((y) => ({ title: `Add the year ${y}`, edits: [{ span: { start: at, end: at }, newText: ` ${y}` }], preferred: years.length === 1 })),
        });
      }
    }
    return findings;
  },
};
