/** Shared by missing-decision and invalid-decision: decision words the parser could not read. */
import { DECISIONS, DECISION_LOOKALIKES } from '../format';
import type { DecisionValue, Item, Letter, Span } from '../model';
import { editDistance } from '../text';

export interface MisspelledDecision {
  text: string;
  span: Span;
  suggestion: DecisionValue;
}

/**
 * A title that ends in ": <word>" where the word is close to a decision word ("Overturnd",
 * "Uphled"): the parser reads it as part of the title and the item as having no decision.
 */
export function misspelledDecision(letter: Letter, item: Item): MisspelledDecision | undefined {
  if (item.decision) return undefined;
  // The title's last line, or (when the parser found no title) the last text line before the first field.
  let lineStart: number;
  let lineEnd: number;
  if (item.titleSpan.end > item.titleSpan.start) {
    lineStart = item.titleSpan.start;
    lineEnd = item.titleSpan.end;
  } else {
    const first = item.fields[0];
    if (!first) return undefined;
    let line = letter.lines.positionAt(first.labelSpan.start).line - 1;
    while (line >= 0 && letter.text.slice(letter.lines.lineStarts[line], letter.lines.lineEnd(line)).trim() === '') line--;
    if (line < 0) return undefined;
    lineStart = letter.lines.lineStarts[line];
    lineEnd = letter.lines.lineEnd(line);
  }
  const title = letter.text.slice(lineStart, lineEnd);
  const m = /:\s*([A-Za-z][A-Za-z-]{3,14})\s*:?\s*$/.exec(title);
  if (!m || m.index === 0) return undefined;
  const word = m[1];
  const lower = word.toLowerCase();
  let best: DecisionValue | undefined;
  let bestDistance = 3;
  for (const candidate of [...DECISIONS, ...Object.keys(DECISION_LOOKALIKES)]) {
    const d = editDistance(lower, candidate.toLowerCase(), 2);
    if (d < bestDistance) {
      bestDistance = d;
      best = (DECISIONS as readonly string[]).includes(candidate) ? (candidate as DecisionValue) : DECISION_LOOKALIKES[candidate];
    }
  }
  if (!best) return undefined;
  const start = lineStart + m.index + m[0].indexOf(word);
  return { text: word, span: { start, end: start + word.length }, suggestion: best };
}
