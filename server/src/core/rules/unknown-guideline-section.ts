import { allCitations } from '../citations';
import { findSection, hasSectionList, labelStartedBy, nearestSection, otherEditionWithSection, sectionListComplete, sectionMatchesPattern, sectionsOf } from '../catalog';
import type { Finding, Rule } from './types';

/**
 * A "Section(s):" name that the cited guideline does not have.
 *
 * The catalog's section lists are confirmed complete for no built-in guideline (they come from the
 * guidelines' topic lists as far as sources could be retrieved, and from published letters), so an
 * unknown name is a note (information), never a warning: a rule that cannot tell stays soft. Only a
 * list marked complete (`sectionList.complete`, e.g. in a user catalog) turns a near miss into a
 * warning. A bare number in the section slot ("Section(s): 326") is a page written in the wrong
 * place whatever the list holds, and stays a warning (a note on the Claims Administrator line, the UR's own citation). A name the catalog knows for another edition
 * of the same guideline (2009 and 2016) is not reported against an incomplete list.
 */
const MAX_FINDINGS_PER_CITATION = 20;
/** A "name" this much longer than the guideline's longest section name is text the list ran on into. */
const RUN_ON_MARGIN = 40;

export const unknownGuidelineSection: Rule = {
  id: 'unknown-guideline-section',
  description: 'A section name after "Section(s):" is not a section of the cited MTUS guideline.',
  defaultSeverity: 'warning',
  fixable: true,
  check({ letter, catalog }) {
    const findings: Finding[] = [];
    for (const { citation: c, field } of allCitations(letter, catalog)) {
      const g = c.resolution?.guideline;
      if (c.kind !== 'mtus' || !g || !c.resolution?.knownLabel || !hasSectionList(g)) continue;
      // (A year the guideline never had is guideline-year-mismatch's finding: not repeated here as if it existed.)
      const cited = `${g.label}${c.year && c.resolution.yearValid ? ` ${c.year.value}` : ''}`;
      const complete = sectionListComplete(g);
      let reported = 0;
      for (const s of c.sections) {
        if (findSection(g, s.name) || sectionMatchesPattern(g, s.name)) continue;
        // Known for another edition of the guideline, whose list is no more complete: it cannot tell.
        if (!complete && otherEditionWithSection(catalog, g, s.name)) continue;
        // A list of hundreds of unknown names is not a citation: the first few findings say it all.
        if (++reported > MAX_FINDINGS_PER_CITATION) break;
        const base = { guideline: g.label, guidelineId: g.id, section: s.name, listComplete: complete };
        if (/^\d+(\s?[-–]\s?\d+)?$/.test(s.name)) {
          // On the Claims Administrator line it is the UR's own citation, which the letter records as
          // it was (2 published letters: "MTUS Elbow Complaints 2007, Section(s): 326."): a note there.
          const ur = field.field.kind === 'claimsAdministratorGuideline';
          findings.push({
            span: s.span,
            message: `"${s.text}" is a number, not a section of ${cited}. "Section(s):" lists the guideline's topic names (e.g. "${sectionsOf(g)[0]?.name ?? 'Special Studies'}"); page numbers go after "Page(s):" in the ACOEM chapter form.${ur ? ' The line records what the UR cited: check it against the UR decision.' : ''}`,
            severity: ur ? 'info' : 'warning',
            data: { ...base, problem: 'number' },
          });
          continue;
        }
        // The start of a guideline label where a section stands: the citation was cut off
        // ("Section(s): Initial Care, and Chronic Pain Medical" and nothing after it).
        const started = s === c.sections[c.sections.length - 1] ? labelStartedBy(catalog, s.name) : undefined;
        if (started) {
          findings.push({
            span: s.span,
            message: `"${s.text}" is not a section of ${cited}: it reads like the start of the guideline label "${started.label}". Is the citation cut off? Write the whole label with its year and sections.`,
            severity: 'info',
            data: { ...base, problem: 'cut-label', label: started.label },
          });
          continue;
        }
        const near = nearestSection(g, s.name);
        const incomplete = complete ? '' : ` The catalog's list of ${g.label} sections is not complete, so this is only a note.`;
        if (near) {
          findings.push({
            span: s.span,
            message: `"${s.text}" is not a section name known for ${cited}. Did you mean "${near.value}"?${incomplete}`,
            severity: complete && near.entry.confidence !== 'unconfirmed' ? 'warning' : 'info',
            data: { ...base, suggestion: near.value, problem: 'misspelled' },
            // Applied by Fix All / --fix only towards a confirmed name: an unconfirmed one (a topic name
            // from recollection, "Anti-epilepsy drugs (AEDs)") may be the one that is wrong.
            fixes: [{ title: `Change to "${near.value}"`, edits: [{ span: s.span, newText: near.value }], preferred: near.distance <= 2 && near.entry.confidence !== 'unconfirmed' }],
          });
        } else if (s.text.length > g.sections.reduce((m, x) => Math.max(m, x.name.length), 0) + RUN_ON_MARGIN) {
          // Far longer than any of the guideline's section names: the list ran on into text that is no citation (a field label
          // the parser could not read, or a missing period), which is what to say, not the whole text.
          findings.push({
            span: s.span,
            message: `The section list of ${cited} runs on into ${s.text.length} characters of other text ("${s.text.slice(0, 60).trimEnd()} …"): the citation's end or the next field's label was not recognised. Check both (a misspelled label or an invisible character can hide a label).`,
            severity: 'info',
            data: { ...base, problem: 'run-on' },
          });
        } else {
          findings.push({
            span: s.span,
            message: `"${s.text}" is not a section name known for ${cited}.${incomplete} Check it against the guideline's own topic names; if it is right, add it with an extra catalog file.`,
            severity: 'info',
            data: { ...base, problem: 'unknown', known: sectionsOf(g).slice(0, 5).map((x) => x.name) },
          });
        }
      }
    }
    return findings;
  },
};
