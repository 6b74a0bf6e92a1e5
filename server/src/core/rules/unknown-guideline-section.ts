import { allCitations } from '../citations';
import { findSection, hasSectionList, nearestSection, sectionMatchesPattern, sectionsOf } from '../catalog';
import type { Finding, Rule } from './types';

/** A "Section(s):" name that the cited guideline does not have. */
export const unknownGuidelineSection: Rule = {
  id: 'unknown-guideline-section',
  description: 'A section name after "Section(s):" is not a section of the cited MTUS guideline.',
  defaultSeverity: 'warning',
  fixable: true,
  check({ letter, catalog }) {
    const findings: Finding[] = [];
    for (const { citation: c } of allCitations(letter, catalog)) {
      const g = c.resolution?.guideline;
      if (c.kind !== 'mtus' || !g || !c.resolution?.knownLabel || !hasSectionList(g)) continue;
      const cited = `${g.label}${c.year ? ` ${c.year.value}` : ''}`;
      for (const s of c.sections) {
        if (findSection(g, s.text) || sectionMatchesPattern(g, s.text)) continue;
        const near = nearestSection(g, s.text);
        if (/^\d+(\s?[-–]\s?\d+)?$/.test(s.text)) {
          findings.push({
            span: s.span,
            message: `"${s.text}" is a number, not a section of ${cited}. "Section(s):" lists the guideline's topic names (e.g. "${sectionsOf(g)[0]?.name ?? 'Special Studies'}"); page numbers go after "Page(s):" in the ACOEM chapter form.`,
            severity: 'warning',
            data: { guideline: g.label, guidelineId: g.id, section: s.text, problem: 'number' },
          });
        } else if (near) {
          findings.push({
            span: s.span,
            message: `"${s.text}" is not a section of ${cited}. Did you mean "${near.value}"?`,
            severity: near.entry.confidence === 'unconfirmed' ? 'info' : 'warning',
            data: { guideline: g.label, guidelineId: g.id, section: s.text, suggestion: near.value, problem: 'misspelled' },
            fixes: [{ title: `Change to "${near.value}"`, edits: [{ span: s.span, newText: near.value }], preferred: near.distance <= 3 }],
          });
        } else {
          // The catalog's section lists are harvested from published letters and are not complete: a soft note.
          findings.push({
            span: s.span,
            message: `"${s.text}" is not a section name known for ${cited}. Check it against the guideline's own topic names (the catalog's list may be incomplete; add it with an extra catalog file if it is right).`,
            severity: 'info',
            data: { guideline: g.label, guidelineId: g.id, section: s.text, problem: 'unknown', known: sectionsOf(g).slice(0, 5).map((x) => x.name) },
          });
        }
      }
    }
    return findings;
  },
};
