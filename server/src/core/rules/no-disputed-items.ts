import { ITEM_FIELDS, layoutOf } from '../format';
import { sectionAt } from '../model';
import type { Finding, Rule } from './types';

/**
 * The items section must hold at least one disputed item. Checked only in a layout whose items
 * are known from full published letters (the current format); elsewhere an item written in an
 * unforeseen way would be a false error.
 */
export const noDisputedItems: Rule = {
  id: 'no-disputed-items',
  description: 'The issues section holds no disputed item ("<item>: Upheld|Overturned" with its three fields).',
  defaultSeverity: 'error',
  fixable: false,
  check({ letter }) {
    const findings: Finding[] = [];
    if (letter.format === 'unknown' || !layoutOf(letter.format).itemsKnown) return findings;
    const kind = layoutOf(letter.format).itemsSection;
    // The sections that hold an item, found once (one search per item, not a pass per section).
    const holding = new Set<number>();
    for (const item of letter.items) {
      const k = sectionAt(letter.sections, item.span.start);
      if (k >= 0 && item.span.end <= letter.sections[k].span.end) holding.add(k);
    }
    for (let k = 0; k < letter.sections.length; k++) {
      const section = letter.sections[k];
      if (section.kind !== kind || holding.has(k)) continue;
      // The items stand under another heading (the headings were moved): say where they are.
      const elsewhere = letter.items[0] && letter.sections[sectionAt(letter.sections, letter.items[0].span.start)];
      if (elsewhere) {
        findings.push({
          span: section.headingSpan,
          message: `The section "${section.name}" has no disputed item: the items stand under "${elsewhere.name}". Move the heading "${section.name}" to just above the first item ("${letter.items[0].title}").`,
          data: { section: section.kind, itemsUnder: elsewhere.kind },
        });
        continue;
      }
      findings.push({
        span: section.headingSpan,
        message: `The section "${section.name}" has no disputed item. Each item is a title line ending in ": Upheld" or ": Overturned", followed by ${ITEM_FIELDS.map((f) => `"${f.label}"`).join(', ')}.`,
        data: { section: section.kind },
      });
    }
    return findings;
  },
};
