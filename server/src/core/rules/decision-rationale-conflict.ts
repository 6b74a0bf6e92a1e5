import { readConclusion, verdictOfDecision } from '../conclusion';
import { DECISIONS, fieldSpec } from '../format';
import { lastRationaleUnfinished } from './letter-cut-off';
import type { Finding, Rule } from './types';

const SAYS: Record<string, string> = { necessary: 'medically necessary', 'not-necessary': 'not medically necessary' };

/**
 * The decision word must agree with the rationale's conclusion: Upheld means the request is not
 * medically necessary, Overturned that it is. The conclusion is read by `conclusion.ts` (negation
 * by scope), which answers necessary, not necessary, or unsure ('unclear'). Only a sure reading
 * that contradicts the decision is reported; an unsure one is silent.
 */
export const decisionRationaleConflict: Rule = {
  id: 'decision-rationale-conflict',
  description: 'The decision (Upheld/Overturned) contradicts the conclusion of the item’s own rationale.',
  defaultSeverity: 'error',
  fixable: false,
  suggestsFixes: true,
  check({ letter }) {
    const findings: Finding[] = [];
    if (letter.format !== 'current') return findings;
    const rationaleLabel = fieldSpec('decisionRationale').label;
    const issuesItems = letter.items.filter((i) => i.sectionKind === 'issues');
    const lastIssuesItem = issuesItems[issuesItems.length - 1];
    for (const item of issuesItems) {
      const rationale = item.fields.find((f) => f.kind === 'decisionRationale');
      if (!rationale || rationale.body.text.length === 0) continue;
      const conclusion = readConclusion(rationale.body, item, letter.items);
      if (conclusion.strength === 'none') {
        // (A letter that stops inside this rationale is letter-cut-off's finding: not two notes on one item.)
        if (item === lastIssuesItem && lastRationaleUnfinished(letter, item)) continue;
        findings.push({
          span: rationale.labelSpan,
          severity: 'info',
          message: `No concluding statement about medical necessity was recognized in this ${rationaleLabel.replace(/:$/, '').toLowerCase()} (for example "Therefore, the request is not medically necessary."), so it cannot be checked against the decision.`,
          data: { problem: 'no-conclusion' },
        });
        continue;
      }
      const decision = item.decision;
      if (!decision?.value || !decision.valid || conclusion.verdict === 'unclear' || !conclusion.span) continue;
      const expected = verdictOfDecision(decision.value);
      if (expected === conclusion.verdict) continue;
      const other = DECISIONS.find((d) => d !== decision.value)!;
      const because = conclusion.cue ? `, where "${conclusion.cue}" negates the statement` : '';
      findings.push({
        span: decision.span,
        severity: conclusion.strength === 'weak' ? 'warning' : 'error',
        message: `The decision "${decision.text}" says the request is ${SAYS[expected]}, but the rationale concludes it is ${SAYS[conclusion.verdict]} ("${conclusion.phrase}"${because}). Change the decision to "${other}" or correct the rationale.`,
        data: { decision: decision.value, verdict: conclusion.verdict, suggested: other, strength: conclusion.strength, phrase: conclusion.phrase, cue: conclusion.cue ?? null },
        related: [{ span: conclusion.span, message: `The rationale concludes: ${conclusion.phrase}` }],
        fixes: [{ title: `Change the decision to "${other}"`, edits: [{ span: decision.span, newText: other }], preferred: false }],
      });
    }
    return findings;
  },
};
