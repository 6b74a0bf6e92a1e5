/**
 * Smart selection (Expand Selection): from the cursor outward along the letter's structure —
 * citation part, citation, field body, field, item, section, whole letter.
 */
import type { Letter, Span } from '../model';
import type { Range } from '../text';
import type { Catalog } from '../catalog';
import { allCitations } from '../citations';

export interface SelectionRangeSpec {
  range: Range;
  parent?: SelectionRangeSpec;
}

export function selectionRange(letter: Letter, offset: number, catalog: Catalog): SelectionRangeSpec {
  const spans: Span[] = [{ start: 0, end: letter.text.length }];
  const inside = (s: Span) => s.start <= offset && offset <= s.end && s.end > s.start;
  for (const s of letter.sections) spans.push(s.span, s.headingSpan);
  if (letter.headerSpan) spans.push(letter.headerSpan);
  for (const h of letter.header) {
    spans.push(h.labelSpan);
    if (h.valueSpan) spans.push(h.valueSpan);
  }
  for (const item of letter.items) {
    if (!inside(item.span)) continue;
    spans.push(item.span, item.titleSpan);
    if (item.decision) spans.push(item.decision.span);
    for (const f of item.fields) spans.push(f.span, f.labelSpan, f.bodySpan);
  }
  for (const { citation } of allCitations(letter, catalog)) {
    if (!inside(citation.span)) continue;
    spans.push(citation.span);
    for (const part of [citation.label, citation.year, citation.chapterNumber, citation.chapterTitle, citation.freeText, ...citation.sections, ...citation.pages]) {
      if (part) spans.push(part.span);
    }
  }
  // Innermost first; each step must contain the previous one (spans that only overlap are skipped).
  const sorted = spans.filter(inside).sort((a, b) => a.end - a.start - (b.end - b.start));
  const chain: Span[] = [];
  for (const s of sorted) {
    const last = chain[chain.length - 1];
    if (last && !(s.start <= last.start && last.end <= s.end && (s.start < last.start || last.end < s.end))) continue;
    chain.push(s);
  }
  let node: SelectionRangeSpec | undefined;
  for (const s of chain.reverse()) node = { range: letter.lines.rangeOf(s), parent: node };
  return node ?? { range: letter.lines.rangeOf({ start: offset, end: offset }) };
}
