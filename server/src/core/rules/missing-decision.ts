import { readConclusion, verdictOfDecision } from '../conclusion';
import { DECISIONS } from '../format';
import type { Fix, Finding, Rule } from './types';

/** Every disputed item states its decision after its title: "<item>: Upheld" or "<item>: Overturned". */
export const missingDecision: Rule = {
  id: 'missing-decision',
  description: 'A disputed item has no decision (": Upheld" or ": Overturned" after its title).',
  defaultSeverity: 'error',
  fixable: false,
  suggestsFixes: true,
  check({ letter }) {
    const findings: Finding[] = [];
    if (letter.format !== 'current') return findings;
    for (const item of letter.items) {
      if (item.sectionKind !== 'issues' || item.decision) continue;
      const hasTitle = item.titleSpan.end > item.titleSpan.start;
      const span = hasTitle ? item.titleSpan : item.fields[0]?.labelSpan ?? item.span;
      // Offer both decisions, the one the rationale concludes first (never applied by "fix all").
      const rationale = item.fields.find((f) => f.kind === 'decisionRationale');
      const verdict = rationale ? readConclusion(rationale.body, item.title).verdict : 'unclear';
      const order = [...DECISIONS.filter((d) => verdictOfDecision(d) === verdict), ...DECISIONS.filter((d) => verdictOfDecision(d) !== verdict)];
      const fixes: Fix[] = [];
      if (hasTitle) {
        const after = letter.text.slice(item.titleSpan.end, item.titleSpan.end + 3);
        const hasColon = /^\s*:/.test(after);
        const at = hasColon ? item.titleSpan.end + after.indexOf(':') + 1 : item.titleSpan.end;
        for (const d of order) {
          fixes.push({ title: `Add the decision "${d}"`, edits: [{ span: { start: at, end: at }, newText: hasColon ? ` ${d}` : `: ${d}` }], preferred: false });
        }
      }
      findings.push({
        span,
        message: hasTitle
          ? `The item "${item.title}" has no decision: end its title with ": Upheld" or ": Overturned".`
          : 'This item has no title and no decision: write "<item requested>: Upheld" (or ": Overturned") before its fields.',
        data: { item: item.title },
        fixes,
      });
    }
    return findings;
  },
};
