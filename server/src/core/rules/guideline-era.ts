import { citationsOf, type Citation } from '../citations';
import { citedVersion, eraStatus, headerDate, showDate, showYmd as show, successorInForce, type EraBound, type EraVerdict } from '../catalog/eras';
import { secondLetterStart, type Span } from '../model';
import type { Finding, Rule, Severity } from './types';

const APPLIES: Record<EraBound['appliesTo'], string> = {
  'in-force': '',
  requests: ' for treatment requests made on or after that day',
  services: ' for services rendered on or after that day',
};

function citationSpan(c: Citation): Span {
  if (c.label && c.year) return { start: c.label.span.start, end: c.year.span.end };
  if (c.label) return c.label.span;
  if (c.chapterNumber) return { start: c.chapterNumber.span.start, end: (c.chapterTitle ?? c.chapterNumber).span.end };
  return c.span;
}

/**
 * Graded by the confidence of the date and by who chose the guideline: the expert reviewer's own
 * citation (MAXIMUS guideline) can be wrong; the Claims Administrator line records what the UR relied on.
 */
function severityOf(v: Exclude<EraVerdict, { status: 'in-force' | 'transition' }>, reviewer: boolean): Severity {
  if (v.bound.confidence === 'unconfirmed') return 'hint';
  if (v.bound.confidence === 'inferred') return 'info';
  if (v.status === 'not-yet') return reviewer ? 'error' : 'warning';
  if (v.withinGrace || !reviewer) return 'info';
  return v.daysAfter >= (v.bound.graceDays ?? 0) + 365 ? 'error' : 'warning';
}

/** A citation of a guideline version that was not part of the MTUS on the decision date (UR denial date for the claims administrator). */
export const guidelineEra: Rule = {
  id: 'guideline-era',
  description: "An MTUS citation names a guideline version that was not part of the MTUS on the letter's decision date (for the Claims Administrator guideline, on the UR denial date).",
  defaultSeverity: 'warning',
  fixable: false,
  suggestsFixes: true,
  check({ letter, catalog, today }) {
    const findings: Finding[] = [];
    const decision = headerDate(letter, 'decisionDate', today);
    const ur = headerDate(letter, 'urDenialDate', today);
    // A second letter pasted after this one has its own dates, not the header's.
    const end = secondLetterStart(letter) ?? Infinity;
    for (const fc of citationsOf(letter, catalog)) {
      if (fc.field.span.start >= end) continue;
      const reviewer = fc.field.kind === 'maximusGuideline';
      const date = reviewer ? decision : ur;
      if (!date) continue;
      const dateName = reviewer ? 'the decision date' : 'the UR denial date';
      for (const c of fc.citations) {
        const cited = citedVersion(catalog, c);
        if (!cited) continue;
        const v = eraStatus(cited.era, date, ur);
        if (v.status === 'in-force' || v.status === 'transition') continue;
        const b = v.bound;
        const when = `${showDate(b.date)}${APPLIES[b.appliesTo]}`;
        let message: string;
        let inForce: string | undefined;
        if (v.status === 'not-yet') {
          const entered = b.bound === 'not-before' ? `entered the MTUS no earlier than ${showDate(b.date)}` : `entered the MTUS on ${when}`;
          message = `${cited.name} was not yet part of the MTUS on ${show(date)} (${dateName}): it ${entered}. Cite the MTUS guideline in force on that date, or cite this one as "Decision based on Non-MTUS Citation …".`;
        } else {
          // The version in force on the date (the successor may have been replaced in turn). A
          // successor that is no version of the catalog (a group of later guidelines) is named as what came after.
          inForce = b.replacedBy ? successorInForce(catalog, b.replacedBy, date, ur) : undefined;
          const by = b.replacedBy && inForce ? `${b.replacedBy} replaced it` : 'it left the MTUS';
          const later = b.replacedBy && !inForce ? ` (${b.replacedBy} came later)` : '';
          const cite = inForce ? `${inForce}${inForce !== b.replacedBy ? ` (the version in force on ${show(date)})` : ''}` : `the guideline in force on ${show(date)}`;
          const advice = reviewer
            ? `Cite ${cite} unless the ${b.appliesTo === 'requests' ? 'treatment request was made' : 'service was rendered'} before ${showDate(b.date)}.`
            : 'The line records what the UR relied on: check that the label and year match the UR decision.';
          message = `${cited.name} was no longer the MTUS guideline on ${show(date)} (${dateName}): ${by} on ${when}${later}. ${advice}`;
        }
        // The reviewer's line may cite the version in force instead: offered, never applied by Fix All
        // (the request may have been made before the change).
        const fixes =
          reviewer && inForce && c.label && c.year
            ? [{ title: `Change to "${inForce}"`, edits: [{ span: { start: c.label.span.start, end: c.year.span.end }, newText: inForce }] }]
            : undefined;
        findings.push({
          span: citationSpan(c),
          message,
          ...(fixes ? { fixes } : {}),
          severity: severityOf(v, reviewer),
          data: {
            guideline: cited.name,
            problem: v.status,
            field: fc.field.kind,
            date: show(date),
            boundary: b.date,
            appliesTo: b.appliesTo,
            replacedBy: b.replacedBy,
            inForce: inForce ?? null,
            confidence: b.confidence,
            source: b.source,
          },
        });
      }
    }
    return findings;
  },
};
