import { DECISIONS } from '../format';
import type { Finding, Rule } from './types';
import { misspelledDecision } from './item-decision';

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
      let word: { text: string; span: { start: number; end: number }; suggestion?: string } | undefined;
      if (item.decision && !item.decision.valid) word = { text: item.decision.text, span: item.decision.span, suggestion: item.decision.value };
      else if (!item.decision) {
        const m = misspelledDecision(letter, item);
        if (m) word = m;
      }
      if (!word) continue;
      const s = word.suggestion;
      findings.push({
        span: word.span,
        message: s
          ? `"${word.text}" is not a decision word: write "${s}".`
          : `"${word.text}" is not a decision word: write ${DECISIONS.map((d) => `"${d}"`).join(' or ')}.`,
        data: { word: word.text, suggestion: s },
        fixes: s ? [{ title: `Change "${word.text}" to "${s}"`, edits: [{ span: word.span, newText: s }], preferred: true }] : [],
      });
    }
    return findings;
  },
};
