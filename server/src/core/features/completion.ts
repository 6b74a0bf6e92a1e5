/**
 * Completion: the section skeletons a letter is missing (at the start of a line, in the order
 * the format requires), and inside items the citation parts and decision words.
 */
import { sectionAt, type Letter } from '../model';
import type { Catalog } from '../catalog';
import { HEADER_FIELDS, ITEM_FIELDS, sectionsOf } from '../format';
import { headerSkeleton, sectionSkeleton } from '../boilerplate';
import { citationCompletions, fitToTyped, type Candidate, type CompletionEntry } from './citationCompletion';

export type { CompletionEntry };

export function completions(letter: Letter, offset: number, catalog: Catalog): CompletionEntry[] {
  return [...headerCompletions(letter, offset), ...sectionCompletions(letter, offset), ...fieldCompletions(letter, offset), ...citationCompletions(letter, offset, catalog)];
}

/**
 * In a letter without a header, at the start of a line above the first section (an empty file
 * too), the header block: its seven labels with placeholders ("Case" → the block).
 */
export function headerCompletions(letter: Letter, offset: number): CompletionEntry[] {
  if (letter.header.length > 0 || (letter.format !== 'current' && letter.format !== 'unknown')) return [];
  if (letter.sections.length > 0 && offset > letter.sections[0].span.start) return [];
  if (letter.items.length > 0 && offset > letter.items[0].span.start) return [];
  const { line } = letter.lines.positionAt(offset);
  const typed = letter.text.slice(letter.lines.lineStarts[line], offset).replace(/^[\s\f]+/, '');
  const first = HEADER_FIELDS[0].label;
  if (!/^[A-Za-z ]*$/.test(typed) || (typed && !first.toLowerCase().startsWith(typed.toLowerCase()))) return [];
  const block = headerSkeleton();
  return fitToTyped(letter, offset - typed.length, offset, [
    {
      label: `${first} … (header block)`,
      filterText: first,
      kind: 'skeleton',
      detail: 'The header: case number, dates, priority',
      documentation: '```\n' + block.trimEnd() + '\n```',
      insertText: block,
      sortText: '00-',
    },
  ]);
}

/**
 * At the start of a line inside a disputed item (from its title to the next item), the labels of
 * the fields the item lacks, in the format's order ("MAX" → "MAXIMUS guideline: ").
 */
export function fieldCompletions(letter: Letter, offset: number): CompletionEntry[] {
  const { line } = letter.lines.positionAt(offset);
  const typed = letter.text.slice(letter.lines.lineStarts[line], offset).replace(/^[\s\f]+/, '');
  if (!/^[A-Za-z ]*$/.test(typed) || typed.length > 30) return [];
  const k = letter.items.findIndex((item, i) => {
    const end = letter.items[i + 1]?.titleSpan.start ?? sectionEnd(letter, item.span.start);
    return item.titleSpan.end <= offset && offset <= end && item.sectionKind === 'issues';
  });
  if (k < 0) return [];
  const item = letter.items[k];
  // Only on a line of its own: not on the title's line, nor after a field's label on its line.
  if (letter.lines.positionAt(item.titleSpan.end).line === line || item.fields.some((f) => letter.lines.positionAt(f.labelSpan.start).line === line && f.labelSpan.start < offset - typed.length)) return [];
  const have = new Set(item.fields.map((f) => f.kind));
  const out: Candidate[] = ITEM_FIELDS.flatMap((f, order) =>
    have.has(f.kind) || (typed && !f.label.toLowerCase().startsWith(typed.toLowerCase()))
      ? []
      : [{ label: f.label, kind: 'field' as const, detail: 'A field this item lacks', insertText: `${f.label} `, sortText: `01-${order}` }],
  );
  return fitToTyped(letter, offset - typed.length, offset, out);
}

/** The end of the section that holds `offset` (the text's end when none does). */
function sectionEnd(letter: Letter, offset: number): number {
  const k = sectionAt(letter.sections, offset);
  return k >= 0 ? letter.sections[k].span.end : letter.text.length;
}

/**
 * At the start of a line (only white space, or the first letters of a heading, before the cursor),
 * offers each required section that is missing and would stand in the right order here.
 */
export function sectionCompletions(letter: Letter, offset: number): CompletionEntry[] {
  // The skeletons below are the current format's; other layouts get none.
  if (letter.format !== 'current' && letter.format !== 'unknown') return [];
  const { line } = letter.lines.positionAt(offset);
  const typed = letter.text.slice(letter.lines.lineStarts[line], offset).replace(/^[\s\f]+/, '');
  const typedStart = offset - typed.length;
  if (!/^[A-Za-z ,]*$/.test(typed) || typed.length > 40) return [];
  // Not inside an item's field, where the citation completions belong.
  if (letter.items.some((i) => i.fields.some((f) => offset > f.labelSpan.end && offset <= f.bodySpan.end))) return [];
  const specs = sectionsOf('current');
  const present = new Set(letter.sections.map((s) => s.kind));
  const out: Candidate[] = [];
  specs.forEach((spec, order) => {
    if (present.has(spec.kind)) return;
    // The sections before the cursor must all come earlier in the format, and those after it later.
    const fits = letter.sections.every((s) => {
      const sOrder = specs.findIndex((x) => x.kind === s.kind);
      return s.span.start < offset ? sOrder < order : sOrder > order;
    });
    if (!fits) return;
    if (typed && !spec.heading.toLowerCase().startsWith(typed.toLowerCase())) return;
    out.push({
      label: spec.heading,
      kind: 'skeleton',
      detail: 'Insert the missing section with its standard opening',
      documentation: '```\n' + sectionSkeleton(spec.kind as 'howMade' | 'caseSummary' | 'issues').trimEnd() + '\n```',
      insertText: sectionSkeleton(spec.kind as 'howMade' | 'caseSummary' | 'issues'),
      sortText: `00-${order}`,
    });
  });
  // The heading replaces what was typed of it; the indentation before it stays.
  return fitToTyped(letter, typedStart, offset, out);
}
