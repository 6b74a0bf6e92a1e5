import { allCitations } from '../citations';
import { chapterByNumber } from '../catalog';
import type { Finding, Rule } from './types';

/**
 * ACOEM's 2nd edition (2004): "ACOEM … 2nd ed", "ACOEM … (2004)", "American College of
 * Occupational and Environmental Medicine … 2nd ed". Searched after the first mention only, so a
 * text with many mentions is read once (a regex with "ACOEM[^]*?" retries from every mention).
 */
export function citesAcoem2nd(text: string): boolean {
  const acoem = text.search(/ACOEM/i);
  if (acoem >= 0 && /(?:2nd|second)\s+ed|\(2004\)/i.test(text.slice(acoem + 5))) return true;
  const college = text.search(/American College of Occupational and Environmental Medicine/i);
  return college >= 0 && /(?:2nd|second)\s+ed/i.test(text.slice(college + 59));
}
export const THIRD = /\b(?:3rd|third)\s+ed/i;
/** The MTUS Drug Formulary / Drug List (8 CCR 9792.27.1–9792.27.23), not ODG's own drug formulary. */
const FORMULARY = /\bMTUS\s+Drug\s+(?:Formulary|List)\b|\b9792\.27(?:\.\d{1,2})?\b/i;

/** MTUS and non-MTUS mixed up: ODG presented as MTUS, an MTUS chapter presented as non-MTUS, contradicting stock sentences. */
export const mtusMisclassified: Rule = {
  id: 'mtus-misclassified',
  description: 'A citation is filed under the wrong kind: a non-MTUS source cited as MTUS, an MTUS chapter or the MTUS Drug Formulary cited as non-MTUS, or "did not base … on the MTUS" next to an MTUS citation.',
  defaultSeverity: 'error',
  fixable: true,
  check({ letter, catalog }) {
    const findings: Finding[] = [];
    // Each field's citations, fields in order of their first citation (pushed, not copied per citation).
    const byField = new Map<unknown, import('../citations').Citation[]>();
    for (const x of allCitations(letter, catalog)) {
      const list = byField.get(x.field);
      if (list) list.push(x.citation);
      else byField.set(x.field, [x.citation]);
    }
    for (const fc of byField) {
      const cites = fc[1];
      for (const c of cites) {
        if (c.kind === 'mtus' && c.prefix && (c.misclassifiedSource || (c.trailing && THIRD.test(c.trailing.text)))) {
          const what = c.misclassifiedSource?.name ?? 'ACOEM 3rd edition';
          findings.push({
            span: c.span,
            message: `${what} is not part of the MTUS, but this sentence cites it as "Decision based on MTUS". Write "Decision based on Non-MTUS Citation ${c.label?.text ?? ''}…" instead.`,
            severity: 'error',
            data: { source: c.misclassifiedSource?.id ?? 'acoem-current', problem: 'non-mtus-as-mtus' },
            fixes: [{ title: 'Cite it as a Non-MTUS Citation', edits: [{ span: c.prefix.span, newText: 'Decision based on Non-MTUS Citation' }], preferred: true }],
          });
        }
        if (c.kind === 'non-mtus' && c.prefix && c.freeText && FORMULARY.test(c.freeText.text)) {
          // "… Non-MTUS Citation MTUS Drug Formulary …": drop the doubled "MTUS" with the prefix.
          const lead = /^MTUS\s+/i.exec(c.freeText.text);
          const span = lead ? { start: c.prefix.span.start, end: c.freeText.span.start + lead[0].length } : c.prefix.span;
          findings.push({
            span: c.freeText.span,
            message: `The MTUS Drug Formulary and its Drug List (8 CCR 9792.27.1–9792.27.23, for drugs dispensed from Jan 1, 2018) are part of the MTUS, yet this is cited as a Non-MTUS Citation. Cite it as "Decision based on MTUS Drug Formulary …".`,
            severity: 'warning',
            data: { problem: 'formulary-as-non-mtus', regulation: '9792.27' },
            fixes: [{ title: 'Cite it as an MTUS citation', edits: [{ span, newText: lead ? 'Decision based on MTUS ' : 'Decision based on MTUS' }], preferred: true }],
          });
          continue;
        }
        if (c.kind === 'non-mtus' && c.freeText && citesAcoem2nd(c.freeText.text) && !THIRD.test(c.freeText.text)) {
          const m = /Chapter\s+(\d{1,2})/i.exec(c.freeText.text);
          const ch = m ? chapterByNumber(catalog, Number(m[1])) : undefined;
          findings.push({
            span: c.freeText.span,
            message: `ACOEM Practice Guidelines, 2nd Edition (2004)${ch ? `, Chapter ${ch.number} (${ch.title})` : ''} was part of the MTUS (8 CCR ${ch?.regulation ?? '9792.22–9792.23.9'}) until Dec 1, 2017, yet it is cited as a Non-MTUS Citation. If so, cite it as "Decision based on MTUS ACOEM Chapter ${ch?.number ?? 'N'} …".`,
            severity: 'info',
            data: { chapter: ch?.number, problem: 'mtus-as-non-mtus' },
          });
        }
      }
      // Stock "did not base ... on the MTUS" / "outside of the MTUS" beside an MTUS citation.
      const stock = cites.find((c) => c.kind === 'stock' && (c.stock === 'not-based-on-mtus' || c.stock === 'outside-mtus'));
      const mtus = cites.find((c) => (c.kind === 'mtus' && !c.misclassifiedSource) || c.kind === 'mtus-chapter');
      if (stock && mtus) {
        findings.push({
          span: stock.span,
          message: `The field says "${stock.text.trim()}" but also cites the MTUS ("${mtus.text.slice(0, 60)}…"). Remove the sentence or the MTUS citation.`,
          severity: 'warning',
          data: { problem: 'stock-contradiction' },
          related: [{ span: mtus.span, message: 'MTUS citation' }],
        });
      }
    }
    return findings;
  },
};
