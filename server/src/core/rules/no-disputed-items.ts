import { ITEMS_SECTION, ITEM_FIELDS } from '../format';
import type { Finding, Rule } from './types';

/** The issues section must hold at least one disputed item. */
export const noDisputedItems: Rule = {
  id: 'no-disputed-items',
  description: 'The issues section holds no disputed item ("<item>: Upheld|Overturned" with its three fields).',
  defaultSeverity: 'error',
  fixable: false,
  check({ letter }) {
    const findings: Finding[] = [];
    if (letter.format !== 'current') return findings;
    const kind = ITEMS_SECTION.current;
    for (const section of letter.sections.filter((s) => s.kind === kind)) {
      const items = letter.items.filter((i) => i.span.start >= section.span.start && i.span.end <= section.span.end);
      if (items.length > 0) continue;
      findings.push({
        span: section.headingSpan,
        message: `The section "${section.name}" has no disputed item. Each item is a title line ending in ": Upheld" or ": Overturned", followed by ${ITEM_FIELDS.map((f) => `"${f.label}"`).join(', ')}.`,
        data: { section: section.kind },
      });
    }
    return findings;
  },
};
