import { citationsOf, type Citation } from '../citations';
import { findSources } from '../catalog';
import { ER_OUTSIDE_MTUS } from '../boilerplate';
import { flatSpan } from '../text';
import { citesAcoem2nd, THIRD } from './mtus-misclassified';
import type { Finding, Rule } from './types';

/**
 * Ways letters say the MTUS does not address the request, read on the whitespace-folded field
 * and rationale (each bounded, so linear on any input): the stock sentence "... outside of the MTUS
 * Guidelines.", "The MTUS does not address ...", "MTUS treatment guidelines are silent ...",
 * "... the California MTUS and ACOEM do not address, so ...", "not addressed by the MTUS",
 * "The ACOEM guidelines do not address the request" (the MTUS's ACOEM chapters), "alternative
 * guidelines were consulted".
 */
const SAYS_MTUS_SILENT: readonly RegExp[] = [
  /\boutside (?:of )?the (?:CA |California )?MTUS\b/i,
  /\b(?:MTUS|ACOEM)\b[^.]{0,120}?\b(?:do|does|did)(?: not|n't) (?:specifically |directly |explicitly |clearly |fully )?(?:address|discuss|mention|cover|comment|speak to|include|provide (?:guidance|recommendations|criteria))/i,
  /\b(?:MTUS|ACOEM)\b[^.]{0,120}?\b(?:is|are|was|were|remains?) silent\b/i,
  // "... therefore, alternative guidelines were consulted."
  /\b(?:alternative|alternate|other) guidelines (?:were|are|have been) (?:consulted|utilized|used|reviewed|referenced|cited)\b/i,
  /\b(?:not|never) (?:specifically |directly )?(?:addressed|covered|discussed|mentioned) (?:by|in|within) (?:the )?(?:CA |California )?MTUS\b/i,
  /\bno (?:CA |California )?MTUS (?:guideline|recommendation|criteria|section)/i,
];

/** Non-MTUS sources a rationale can be seen to rely on by name. "ACOEM" alone is left out: the
 *  MTUS's own chapters are ACOEM's 2nd edition, so the bare name cannot tell. */
const NAMED_SOURCES = new Set(['odg', 'acr', 'uptodate', 'mdguidelines', 'aetna-cpb', 'ngc']);

/** A Non-MTUS Citation of ACOEM's 2nd edition, which is the MTUS (mtus-misclassified reports the filing). */
const isMtusAcoem = (c: Citation) => !!c.freeText && citesAcoem2nd(c.freeText.text) && !THIRD.test(c.freeText.text);

/** The citation is of the MTUS itself (a label or an ACOEM 2nd-edition chapter). */
const isMtus = (c: Citation) => (c.kind === 'mtus' && !c.misclassifiedSource) || c.kind === 'mtus-chapter';

/**
 * The medical evidence search sequence (8 CCR 9792.21.1; Labor Code 4610.5(c)(2)): the MTUS comes
 * first, and another source decides only where the MTUS does not address the request. A decision
 * that relies on a non-MTUS source while the MAXIMUS guideline field cites nothing from the MTUS
 * must say that the MTUS does not address it.
 */
export const evidenceSequence: Rule = {
  id: 'evidence-sequence',
  description:
    'A decision relies on a non-MTUS source (e.g. ODG) while the MAXIMUS guideline field cites nothing from the MTUS, and the letter never says the MTUS does not address the request.',
  defaultSeverity: 'warning',
  fixable: false,
  suggestsFixes: true,
  check({ letter, catalog }) {
    const findings: Finding[] = [];
    if (letter.format === 'unknown') return findings;
    // Each item's (first) MAXIMUS guideline field, found in one pass (not a search per item).
    const maximusOf = new Map<unknown, ReturnType<typeof citationsOf>[number]>();
    for (const f of citationsOf(letter, catalog)) if (f.field.kind === 'maximusGuideline' && !maximusOf.has(f.item)) maximusOf.set(f.item, f);
    for (const item of letter.items) {
      const maximus = maximusOf.get(item);
      if (!maximus || maximus.field.body.text.length === 0) continue; // missing-item-field reports it
      const cites = maximus.citations;
      if (cites.some(isMtus)) continue;
      const rationale = item.fields.find((f) => f.kind === 'decisionRationale');
      const rationaleText = rationale?.body.text ?? '';
      // What the decision relies on: a Non-MTUS citation in the field, or a named source in the rationale.
      const cited = cites.find((c) => (c.kind === 'non-mtus' && !isMtusAcoem(c)) || (c.kind === 'mtus' && c.misclassifiedSource));
      const named = rationale ? findSources(catalog, rationaleText, NAMED_SOURCES)[0] : undefined;
      if (!cited && !named) continue;
      // Said by the stock sentences of the field, or in so many words in the field or the rationale.
      if (cites.some((c) => c.kind === 'stock' && (c.stock === 'outside-mtus' || c.stock === 'not-based-on-mtus'))) continue;
      if (SAYS_MTUS_SILENT.some((re) => re.test(maximus.field.body.text) || re.test(rationaleText))) continue;
      const source = cited ? (cited.sources[0]?.source.name ?? cited.misclassifiedSource?.name ?? 'a non-MTUS source') : named!.source.name;
      const span = cited ? cited.span : flatSpan(rationale!.body, named!.start, named!.end);
      findings.push({
        span,
        message: `This decision relies on ${source}, but the MAXIMUS guideline field cites nothing from the MTUS and the letter never says the MTUS does not address the request (8 CCR 9792.21.1). Cite the MTUS section that applies, or say that the MTUS does not address it ("${ER_OUTSIDE_MTUS}").`,
        data: { item: item.title, source: cited?.sources[0]?.source.id ?? cited?.misclassifiedSource?.id ?? named?.source.id },
        related: [{ span: maximus.field.labelSpan, message: 'The MAXIMUS guideline field, with no MTUS citation.' }],
        fixes: [
          {
            title: `Add "${ER_OUTSIDE_MTUS}"`,
            edits: [{ span: { start: maximus.field.bodySpan.start, end: maximus.field.bodySpan.start }, newText: `${ER_OUTSIDE_MTUS} ` }],
            preferred: false,
          },
        ],
      });
    }
    return findings;
  },
};
