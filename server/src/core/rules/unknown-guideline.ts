import { allCitations } from '../citations';
import { labelFormCount, nearestLabel } from '../catalog';
import type { Finding, Rule } from './types';

/** Label comparisons one lint spends on "Did you mean" suggestions (see check). */
const SUGGESTION_WORK = 1_000_000;

/** An MTUS citation names a guideline label that MAXIMUS does not use. */
export const unknownGuideline: Rule = {
  id: 'unknown-guideline',
  description: 'An MTUS citation names a guideline label that is not in the MTUS label list MAXIMUS uses.',
  defaultSeverity: 'error',
  fixable: true,
  check({ letter, catalog }) {
    const findings: Finding[] = [];
    // The nearest label is found once per label text, and for as many labels as SUGGESTION_WORK
    // comparisons allow: a user catalog of 8,500 labels and a letter of 1,000 unknown ones took
    // 24 s a lint. With the default catalog the bound is thousands of labels, far beyond a letter.
    const nearest = new Map<string, ReturnType<typeof nearestLabel>>();
    let work = SUGGESTION_WORK;
    for (const { citation: c } of allCitations(letter, catalog)) {
      if (c.kind !== 'mtus' || !c.label || !c.resolution || c.resolution.knownLabel || c.misclassifiedSource) continue;
      if (c.label.text.trim() === '') continue;
      let near = nearest.get(c.label.text);
      if (near === undefined && !nearest.has(c.label.text) && work > 0) {
        near = nearestLabel(catalog, c.label.text);
        nearest.set(c.label.text, near);
        work -= labelFormCount(catalog);
      }
      const label = c.label.text;
      if (near) {
        const years = near.entry.years.map((y) => y.year);
        const withYear = c.year ? `${near.value} ${c.year.value}` : `${near.value}${years.length === 1 ? ` ${years[0]}` : ''}`;
        findings.push({
          span: c.label.span,
          message: `"${label}" is not an MTUS guideline label. Did you mean "${withYear}"? Replace the label with the one MAXIMUS uses.`,
          severity: near.entry.confidence === 'confirmed' ? 'error' : 'warning',
          data: { label, suggestion: near.value, guidelineId: near.entry.id, distance: near.distance },
          fixes: [{ title: `Change to "${near.value}"`, edits: [{ span: c.label.span, newText: near.value }], preferred: near.distance <= 3 }],
        });
      } else {
        findings.push({
          span: c.label.span,
          message: `"${label}" is not an MTUS guideline label. MTUS citations name an MTUS guideline and year, e.g. "Low Back Complaints 2004" or "Chronic Pain Medical Treatment 2016"; cite other sources as "Decision based on Non-MTUS Citation …".`,
          severity: 'warning',
          data: { label },
        });
      }
    }
    return findings;
  },
};
