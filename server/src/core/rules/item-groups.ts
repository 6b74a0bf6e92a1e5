/**
 * Shared by the item rules (missing-decision, invalid-decision, missing-item-field): disputed
 * items as the author meant them, reading what the parser leaves aside in a draft.
 *  - A title the parser did not attach (a title line ending in ":" with no decision, separated
 *    from its fields by a blank line) is taken from the last text line before the first field.
 *  - A decision word the parser did not recognize ("Overturnd") is found at the end of the title.
 *  - An item whose fields are out of order is split by the parser into a titled part and an
 *    untitled rest; the rest is joined back to its item.
 */
import { DECISIONS, DECISION_LOOKALIKES, ISSUES_INTRO, ITEM_FIELDS } from '../format';
import type { DecisionValue, DecisionWord, Item, ItemField, Letter, Span } from '../model';
import { editDistance, flatten } from '../text';

export interface MisspelledDecision {
  text: string;
  span: Span;
  suggestion: DecisionValue;
}

export interface ItemGroup {
  /** The parser's items that make up this one (more than one when fields are out of order). */
  parts: Item[];
  title: string;
  /** Empty (start = end) when the item has no title. */
  titleSpan: Span;
  decision?: DecisionWord;
  misspelled?: MisspelledDecision;
  fields: ItemField[];
  span: Span;
}

const FIELD_LABEL = new RegExp(`^(?:${ITEM_FIELDS.map((f) => f.label.replace(/[()/]/g, '\\$&')).join('|')})`, 'i');

/** The last text line before the item's first field, when it reads as a title ("<title>:" or "<title>: <word>"). */
function titleLineBefore(letter: Letter, item: Item): { titleSpan: Span; word?: { text: string; span: Span } } | undefined {
  const first = item.fields[0];
  if (!first) return undefined;
  let line = letter.lines.positionAt(first.labelSpan.start).line - 1;
  const textOf = (l: number) => letter.text.slice(letter.lines.lineStarts[l], letter.lines.lineEnd(l));
  while (line >= 0 && textOf(line).trim() === '') line--;
  if (line < 0) return undefined;
  const start = letter.lines.lineStarts[line];
  const raw = textOf(line);
  const trimmed = raw.trim();
  if (trimmed === ISSUES_INTRO || FIELD_LABEL.test(trimmed) || trimmed.length > 200) return undefined;
  const lead = start + raw.indexOf(trimmed);
  const withWord = /^(.*\S)\s*:\s*([A-Za-z][A-Za-z-]{2,14})$/.exec(trimmed);
  if (withWord) {
    const wordStart = lead + trimmed.length - withWord[2].length;
    return { titleSpan: { start: lead, end: lead + withWord[1].length }, word: { text: withWord[2], span: { start: wordStart, end: wordStart + withWord[2].length } } };
  }
  if (trimmed.endsWith(':') && !/[.]\s*:$/.test(trimmed)) {
    return { titleSpan: { start: lead, end: lead + trimmed.replace(/\s*:$/, '').length } };
  }
  return undefined;
}

/** The decision a misspelled word stands for ("Uphled" → Upheld), within two edits of a decision word or look-alike. */
function decisionLike(word: string): DecisionValue | undefined {
  const lower = word.toLowerCase();
  let best: DecisionValue | undefined;
  let bestDistance = 3;
  for (const candidate of [...DECISIONS, ...Object.keys(DECISION_LOOKALIKES)]) {
    if (Math.abs(candidate.length - lower.length) > 2) continue;
    const d = editDistance(lower, candidate.toLowerCase(), 2);
    if (d < bestDistance) {
      bestDistance = d;
      best = (DECISIONS as readonly string[]).includes(candidate) ? (candidate as DecisionValue) : DECISION_LOOKALIKES[candidate];
    }
  }
  return best;
}

/** The title's last word after a colon, when the parser kept it in the title ("MRI: Overturnd"). */
function wordInTitle(letter: Letter, titleSpan: Span): { text: string; span: Span } | undefined {
  const title = letter.text.slice(titleSpan.start, titleSpan.end);
  const m = /:\s*([A-Za-z][A-Za-z-]{2,14})\s*$/.exec(title);
  if (!m || m.index === 0) return undefined;
  const start = titleSpan.start + m.index + m[0].indexOf(m[1]);
  return { text: m[1], span: { start, end: start + m[1].length } };
}

let cache: { letter: Letter; groups: ItemGroup[] } | undefined;

/** The disputed items of a current-format letter, grouped as the author meant them. */
export function itemGroups(letter: Letter): ItemGroup[] {
  if (cache?.letter === letter) return cache.groups;
  const groups: ItemGroup[] = [];
  for (const item of letter.items) {
    if (item.sectionKind !== 'issues') continue;
    const hasTitle = item.titleSpan.end > item.titleSpan.start;
    const before = hasTitle || item.decision ? undefined : titleLineBefore(letter, item);
    const previous = groups[groups.length - 1];
    if (!hasTitle && !item.decision && !before && previous && item.fields.length > 0) {
      // The untitled rest of the previous item (its fields were out of order).
      previous.parts.push(item);
      previous.fields.push(...item.fields);
      previous.span = { start: previous.span.start, end: Math.max(previous.span.end, item.span.end) };
      continue;
    }
    let titleSpan = item.titleSpan;
    let word: { text: string; span: Span } | undefined;
    if (before) {
      titleSpan = before.titleSpan;
      word = before.word;
    } else if (hasTitle && !item.decision) {
      word = wordInTitle(letter, item.titleSpan);
      if (word) titleSpan = { start: item.titleSpan.start, end: letter.text.lastIndexOf(':', word.span.start) };
    }
    let misspelled: MisspelledDecision | undefined;
    if (word) {
      const suggestion = decisionLike(word.text);
      if (suggestion) misspelled = { ...word, suggestion };
      else if (before) titleSpan = { start: before.titleSpan.start, end: word.span.end }; // "<title>: <not a decision>" is all title
    }
    if (word && !misspelled && !before) titleSpan = item.titleSpan;
    groups.push({
      parts: [item],
      title: flatten(letter.text, titleSpan).text,
      titleSpan,
      decision: item.decision,
      misspelled,
      fields: [...item.fields],
      span: { start: Math.min(item.span.start, titleSpan.start), end: item.span.end },
    });
  }
  cache = { letter, groups };
  return groups;
}
