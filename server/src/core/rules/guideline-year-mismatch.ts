import { allCitations } from '../citations';
import { eraOf, eraStatus, headerDate, showYmd } from '../catalog/eras';
import type { Finding, Rule } from './types';

/** A known MTUS label with a year it was never published with (or without its year). */
export const guidelineYearMismatch: Rule = {
  id: 'guideline-year-mismatch',
  description: 'An MTUS guideline label is cited with a year that does not belong to it, or without its year.',
  defaultSeverity: 'error',
  fixable: true,
  check({ letter, catalog, today }) {
    const findings: Finding[] = [];
    const decision = headerDate(letter, 'decisionDate', today);
    const ur = headerDate(letter, 'urDenialDate', today);
    for (const { citation: c, field } of allCitations(letter, catalog)) {
      const r = c.resolution;
      if (c.kind !== 'mtus' || !c.label || !r || !r.knownLabel || r.yearValid) continue;
      let years = [...new Set(r.validYears.map((y) => y.year))];
      if (years.length === 0) continue;
      const label = r.guideline?.label ?? c.label.text;
      // Of several years, the one version in force on the line's date (the decision date for the
      // MAXIMUS guideline, the UR denial date for the Claims Administrator's) is named, and offered first.
      const reviewer = field.field.kind === 'maximusGuideline';
      const date = reviewer ? decision : ur;
      const inForce =
        date && years.length > 1 && r.guideline
          ? years.filter((y) => {
              const era = eraOf(catalog, r.guideline!, y);
              const status = era ? eraStatus(era, date, ur).status : undefined;
              return status === 'in-force' || status === 'transition';
            })
          : [];
      const current = inForce.length === 1 ? inForce[0] : undefined;
      if (current !== undefined) years = [current, ...years.filter((y) => y !== current)];
      const onDate = current !== undefined && date ? ` On ${showYmd(date)} (${reviewer ? 'the decision date' : 'the UR denial date'}) the version in force was "${label} ${current}".` : '';
      const list = [...years].sort((a, b) => a - b).map((y) => `"${label} ${y}"`).join(' or ');
      const allConfirmed = r.validYears.every((y) => y.confidence === 'confirmed');
      if (c.year) {
        findings.push({
          span: { start: c.label.span.start, end: c.year.span.end },
          message: `"${c.label.text} ${c.year.value}" does not exist: ${label} is cited as ${list}.${onDate} Correct the year.`,
          severity: allConfirmed ? 'error' : 'warning',
          data: { label, year: c.year.value, validYears: [...years].sort((a, b) => a - b), inForceYear: current ?? null },
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
          message: `"${c.label.text}" is cited without its year: write ${list}.${onDate}`,
          severity: 'warning',
          data: { label, year: null, validYears: [...years].sort((a, b) => a - b), inForceYear: current ?? null },
          fixes: years.map((y) => ({ title: `Add the year ${y}`, edits: [{ span: { start: at, end: at }, newText: ` ${y}` }], preferred: years.length === 1 })),
        });
      }
    }
    return findings;
  },
};
