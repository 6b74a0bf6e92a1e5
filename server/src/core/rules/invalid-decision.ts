import { readConclusion, verdictOfDecision } from '../conclusion';
import { DECISIONS } from '../format';
import type { DecisionValue } from '../model';
import type { Finding, Rule } from './types';

/** The decision word is exactly "Upheld" or "Overturned" (the only words MAXIMUS uses). */
export const invalidDecision: Rule = {
  id: 'invalid-decision',
  description: 'A decision word is not exactly "Upheld" or "Overturned" (e.g. "Uphold", "overturned", "Denied").',
  defaultSeverity: 'error',
  fixable: true,
  check({ letter }) {
    const findings: Finding[] = [];
    if (letter.format !== 'current') return findings;
    for (const item of letter.items) {
      if (item.sectionKind !== 'issues' || !item.decision || item.decision.valid) continue;
      const word = { text: item.decision.text, span: item.decision.span, suggestion: item.decision.value };
      const s = word.suggestion as DecisionValue | undefined;
      // When the word's meaning contradicts the rationale's conclusion, the right word is not obvious: offer both, apply neither.
      const rationale = item.fields.find((f) => f.kind === 'decisionRationale');
      const conclusion = rationale ? readConclusion(rationale.body, item, letter.items) : undefined;
      const disagrees = !!s && !!conclusion && conclusion.strength === 'strong' && conclusion.verdict !== 'unclear' && conclusion.verdict !== verdictOfDecision(s);
      const choices: DecisionValue[] = s ? (disagrees ? [...DECISIONS.filter((d) => d !== s), s] : [s]) : [...DECISIONS];
      findings.push({
        span: word.span,
        message: s
          ? `${word.text === `${s}.` ? `The decision "${s}" is written with a period after it` : `"${word.text}" is not a decision word`}: write "${s}".${
              disagrees ? ` Note that the rationale concludes the request is ${conclusion!.verdict === 'necessary' ? 'medically necessary (Overturned)' : 'not medically necessary (Upheld)'}.` : ''
            }`
          : `"${word.text}" is not a decision word: write ${DECISIONS.map((d) => `"${d}"`).join(' or ')}.`,
        data: { word: word.text, suggestion: s, conflictsWithRationale: disagrees },
        fixes: choices.map((d) => ({ title: `Change "${word.text}" to "${d}"`, edits: [{ span: word.span, newText: d }], preferred: !!s && !disagrees })),
      });
    }
    return findings;
  },
};
