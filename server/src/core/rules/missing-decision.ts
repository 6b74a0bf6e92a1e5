import { readConclusion, verdictOfDecision } from '../conclusion';
import { DECISIONS, ISSUES_INTRO } from '../format';
import type { Letter } from '../model';
import type { Fix, Finding, Rule } from './types';

const DECISION_PLACEHOLDER = ': [DECISION]';

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
      // (A title that ends with the skeleton's "[DECISION]" is placeholder-left's finding.)
      if (item.sectionKind !== 'issues' || item.decision || item.title.endsWith(DECISION_PLACEHOLDER)) continue;
      const hasTitle = item.titleSpan.end > item.titleSpan.start;
      const span = hasTitle ? item.titleSpan : item.fields[0]?.labelSpan ?? item.span;
      // Offer both decisions, the one the rationale concludes first (never applied by "fix all").
      const rationale = item.fields.find((f) => f.kind === 'decisionRationale');
      const verdict = rationale ? readConclusion(rationale.body, item, letter.items).verdict : 'unclear';
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
          : untitled(letter, span.start),
        data: { item: item.title },
        fixes,
      });
    }
    return findings;
  },
};

/** The message for fields with no title line above them, quoting the text there when it is a
 *  title the parser could not read ("Lumbar MRI scan: Up-" / "held"); not the issues section's
 *  opening sentence or a heading. */
function untitled(letter: Letter, fieldStart: number): string {
  const advice = 'write "<item requested>: Upheld" (or ": Overturned") before its fields';
  const generic = `This item has no title and no decision: ${advice}.`;
  const { line } = letter.lines.positionAt(fieldStart);
  const read: string[] = [];
  for (let l = line - 1; l >= 0 && line - l <= 4 && read.length < 2; l--) {
    const start = letter.lines.lineStarts[l];
    const text = letter.text.slice(start, letter.lines.lineEnd(l)).replace(/[\s\f]+/g, ' ').trim();
    if (text.length === 0) {
      if (read.length > 0) break;
      continue;
    }
    if (text === ISSUES_INTRO || letter.sections.some((s) => s.headingSpan.start <= start && start < s.headingSpan.end) || text.length > 100) break;
    read.unshift(text);
    if (read.length === 1 && text.includes(':')) break;
  }
  if (read.length === 0) return generic;
  return `This item's fields have no title line: the text above them, "${read.join(' ')}", is not read as "<item requested>: <decision>". ${advice[0].toUpperCase()}${advice.slice(1)}.`;
}
