import { readConclusionText } from '../conclusion';
import { DECISIONS, ITEM_FIELDS, trailingFurniture } from '../format';
import { isSpace, shortQuote } from '../text';
import type { Item, Letter, Span } from '../model';
import type { Rule } from './types';

/** Characters a finished sentence (or a quotation, a parenthesis) ends with. */
const FINISHED = new Set(['.', '!', '?', ')', ']', '"', '”', "'", '’']);
/** A line that looks like an item title whose decision was cut: "Pre-operative EKG: Over", "Knee MRI:". */
const TITLE_CUT = /^[ \t]*(\S[^\n]{0,200}?):[ \t]*([A-Za-z]*)[ \t]*$/;
const MAX_FURNITURE_LINES = 3;

/**
 * The current format's letter ends with its last item's rationale, which ends with a conclusion.
 * A letter whose text stops inside an item (a paste or an export cut short) reads as a letter with
 * one item less or a shorter rationale, and so passes every other check. Three endings tell it:
 * a title whose decision stops part-way ("Pre-operative EKG: Over"), a field label with nothing
 * after it, and a rationale that stops without its end and concludes nothing. A published letter
 * ends with a conclusion, and one of 97 without its period ("... The request for the left arm EMG
 * is not medically necessary"): a rationale that concludes is never reported, whatever follows it.
 * A letter cut before its first item (inside the first title, or mid-sentence in an earlier
 * section) is reported too: missing-section and no-disputed-items say what is missing, this says why.
 */
export const letterCutOff: Rule = {
  id: 'letter-cut-off',
  description: 'The letter stops inside an item (a title with its decision cut short, a field label with nothing after it, a rationale ending mid-sentence without a conclusion) or mid-sentence before its first item.',
  defaultSeverity: 'error',
  fixable: false,
  check({ letter }) {
    const cut = cutOffAt(letter);
    return cut ? [{ span: cut.span, message: cut.message, data: { problem: cut.problem } }] : [];
  },
};

/** Where and how the letter stops short (what letter-cut-off reports), and the item it stops in. */
export interface CutOff {
  problem: 'title' | 'empty-field' | 'mid-sentence' | 'before-items';
  span: Span;
  message: string;
  /** The last item, when the letter stops inside it. */
  item?: Item;
}

/** How the letter is cut off, if it is (see letterCutOff). */
export function cutOffAt(letter: Letter): CutOff | undefined {
  if (letter.format !== 'current') return undefined;
  const items = letter.items.filter((i) => i.sectionKind === 'issues');
  const item = items[items.length - 1];
  const text = letter.text;
  // The last line of text, past page furniture ("Page 3 of 3", a running case number).
  const end = textEnd(text);
  let start = end;
  while (start > 0 && text[start - 1] !== '\n' && text[start - 1] !== '\r') start--;
  if (end === 0) return undefined;
  const lastLine = text.slice(start, end);
  // (A drafter writing top-down sees this too: the advice covers both.)
  const restore = 'Finish it if it is a draft being written; if it was copied or exported, restore the rest of the letter from its source.';
  const finding = (message: string, problem: CutOff['problem']): CutOff => ({ span: { start, end }, message, problem, item });
  if (!item) {
    // No item read: the letter stops inside its first item's title, or before the issues section.
    const issues = letter.sections.find((s) => s.kind === 'issues');
    const title = TITLE_CUT.exec(lastLine);
    if (issues) {
      return issues.headingSpan.end <= start && title && title[2] !== '' && isDecisionCut(title[2]) && !isFieldLabel(title[1])
        ? finding(`The letter ends with "${shortQuote(lastLine)}": an item cut off after its title. ${restore}`, 'title')
        : undefined;
    }
    // Before the issues section: a letter that ends mid-sentence (not on a heading) lost its items.
    const lastSection = letter.sections[letter.sections.length - 1];
    if (!lastSection || lastSection.headingSpan.end > start || FINISHED.has(text[end - 1]) || text[end - 1] === ':') return undefined;
    const tail = text.slice(Math.max(start, end - 40), end).trim();
    return finding(
      `The letter ends mid-sentence ("…${tail}") in "${lastSection.headingText}", before its disputed items: it looks cut off or unfinished, and the sections after it are missing. ${restore}`,
      'before-items',
    );
  }
  // The last item must run to the end of the letter (nothing read after it).
  if (item.span.end < end || item.titleSpan.start >= end) return undefined;

  const last = item.fields[item.fields.length - 1];
  if (!last) {
    // The parser read the last line as an item title, and nothing follows it.
    return item.titleSpan.end >= start ? finding(`The letter ends with "${shortQuote(lastLine)}": an item cut off after its title. ${restore}`, 'title') : undefined;
  }
  if (last.body.text.length === 0 && last.labelSpan.end >= end) {
    return finding(`The letter ends at "${last.label}" with nothing after it: it looks cut off or unfinished. ${restore}`, 'empty-field');
  }
  if (last.kind !== 'decisionRationale') return undefined;
  const title = TITLE_CUT.exec(lastLine);
  // "Knee MRI:" with no word after it is a title only as a paragraph of its own (not "... as follows:").
  if (title && isDecisionCut(title[2]) && !isFieldLabel(title[1]) && (title[2] !== '' || afterBlankLine(text, start))) {
    return finding(`The letter ends with "${shortQuote(lastLine)}": an item cut off after its title. ${restore}`, 'title');
  }
  // Unfinished, and nothing in the whole rationale concludes: lines after a conclusion (a
  // signature, "CC:", a reference, a list without periods) are not a cut.
  const rationale = text.slice(last.bodySpan.start, end);
  if (lastRationaleUnfinished(letter, item) && !concludes(rationale, item, letter.items)) {
    const tail = text.slice(Math.max(start, end - 40), end).trim();
    return finding(`The letter ends mid-sentence ("…${tail}") and its last rationale concludes nothing: it looks cut off or unfinished. ${restore}`, 'mid-sentence');
  }
  return undefined;
}

/** Nothing, or the start of a decision word cut short ("Over", "Uph"). */
function isDecisionCut(word: string): boolean {
  const w = word.toLowerCase();
  return DECISIONS.some((d) => d.length > w.length && d.toLowerCase().startsWith(w));
}

function isFieldLabel(words: string): boolean {
  const w = words.trim().toLowerCase();
  return ITEM_FIELDS.some((f) => f.name.toLowerCase() === w);
}

/** Whether the line starting at `start` follows a blank line. */
function afterBlankLine(text: string, start: number): boolean {
  let i = start - 1;
  if (text[i] === '\n' && text[i - 1] === '\r') i--;
  for (i--; i >= 0 && text[i] !== '\n' && text[i] !== '\r'; i--) if (!isSpace(text.charCodeAt(i))) return false;
  return i >= 0;
}

/** Whether a rationale states a conclusion about medical necessity (either way, or unsure). */
const concludes = (rationale: string, item: Item, items: readonly Item[]) =>
  readConclusionText(
    rationale,
    item.title,
    items.filter((i) => i !== item).map((i) => i.title),
  ).strength !== 'none';
/** A rationale that ends with its decision word ("... are not met; therefore Upheld"). */
const DECIDED_END = /\b(?:upheld|overturned)\W*$/i;

/** Where the letter's text ends: past page furniture after it ("Page 3 of 3", a running case number) and white space. */
export function textEnd(text: string): number {
  let end = trailingFurniture(text, 0, text.length, MAX_FURNITURE_LINES).start;
  while (end > 0 && isSpace(text.charCodeAt(end - 1))) end--;
  return end;
}

/**
 * Whether the letter's last item is unfinished: its rationale runs to the end of the text, which
 * stops mid-sentence (no ".", "?", closing quote or decision word). decision-rationale-conflict
 * says nothing of such a rationale's missing conclusion: this rule reports the letter.
 */
export function lastRationaleUnfinished(letter: Letter, item: Item): boolean {
  const text = letter.text;
  const end = textEnd(text);
  return end > 0 && item.span.end >= end && !FINISHED.has(text[end - 1]) && !DECIDED_END.test(text.slice(Math.max(0, end - 40), end));
}
