/**
 * Citation sentences of the two guideline fields, parsed into parts with exact letter spans.
 *
 *   Decision based on MTUS <label> <year>, Section(s): a, b, and <label> <year>, Section(s): c.
 *   Decision based on MTUS ACOEM Chapter 8 Neck and Upper Back Complaints Page(s): 179-180.
 *   Decision based on Non-MTUS Citation <free text>.
 *   The Claims Administrator did not cite any medical evidence for its decision.   (stock)
 *
 * Works on the field's folded text (FlatText), so wraps and page breaks are already single spaces.
 * Labels and section names contain commas ("Forearm, Wrist, and Hand Complaints 2004",
 * "NSAIDs, GI symptoms & cardiovascular risk"), so both are matched against the catalog, longest
 * first, before falling back to comma splitting.
 */
import type { FlatText, Item, ItemField, Letter, Span } from './model';
import { firstLower, flatSpan, isJsSpace, lowerHead } from './text';
import {
  chapterTitleForms,
  defaultCatalog,
  findSources,
  labelFormsStartingWith,
  longestLabelFormStartingWith,
  normName,
  resolveLabel,
  type Catalog,
  type GuidelineEntry,
  type LabelResolution,
  type SourceEntry,
} from './catalog';

export type CitationKind = 'mtus' | 'mtus-chapter' | 'non-mtus' | 'stock';

/** A piece of a citation: its text, its offsets in the field's flat text, and its letter span. */
export interface Part {
  text: string;
  /** Offsets into the flat text (end exclusive). */
  from: number;
  to: number;
  span: Span;
}

export interface NumberPart extends Part {
  value: number;
}

/** A section name after "Section(s):": the text as written, and `name`, the name it reads as
 *  (a word broken at a line end joined again, e.g. "Electro- diagnostic" → "Electrodiagnostic"). */
export interface SectionPart extends Part {
  name: string;
}

export interface PageRef extends Part {
  /** First and last page of this range ("179-180" → 179, 180; "182" → 182, 182; "303-05" → 303, 305). */
  first: number;
  last: number;
  firstPart: NumberPart;
  /** The last page as written; its `value` is the page it stands for ("05" in "303-05" → 305). */
  lastPart?: NumberPart;
  /** The last page is written with fewer digits than the first and completes it ("303-05", "179-80"). */
  abbreviated?: boolean;
}

export type StockKind =
  | 'no-evidence'
  | 'outside-mtus'
  | 'not-based-on-mtus';

export interface Citation {
  kind: CitationKind;
  /** The whole citation (for an MTUS sentence naming several guidelines, one label's part). */
  span: Span;
  from: number;
  to: number;
  text: string;
  /** "Decision based on MTUS" / "Decision based on Non-MTUS Citation" as written. */
  prefix?: Part;
  // --- mtus
  label?: Part;
  year?: NumberPart;
  /** The "Section(s):" marker. */
  sectionsMarker?: Part;
  sections: SectionPart[];
  /** The catalog's reading of label + year ('mtus' only). */
  resolution?: LabelResolution;
  /** A non-MTUS source written where an MTUS label belongs ("MTUS ODG ..."). */
  misclassifiedSource?: SourceEntry;
  /** Text after the label that is neither sections nor pages (kept, not checked). */
  trailing?: Part;
  // --- mtus-chapter
  chapterNumber?: NumberPart;
  chapterTitle?: Part;
  // --- both MTUS forms
  pagesMarker?: Part;
  pages: PageRef[];
  /** A page that is not digits ("34l" in "343-34l", "18O"): where the page list stops being read. */
  malformedPage?: Part;
  // --- non-mtus
  freeText?: Part;
  sources: { source: SourceEntry; part: Part }[];
  // --- stock
  stock?: StockKind;
  /** Who the stock sentence is about. */
  actor?: 'Claims Administrator' | 'Expert Reviewer';
}

const STOCK: { re: RegExp; kind: StockKind }[] = [
  { re: /The (Claims Administrator|Expert Reviewer) did not cite any medical evidence for (?:its|their) decision\.?/y, kind: 'no-evidence' },
  { re: /The (Claims Administrator|Expert Reviewer) based (?:their|its) decision on recommendation\(s\) outside of the MTUS(?: Guidelines)?\.?/y, kind: 'outside-mtus' },
  { re: /The (Claims Administrator|Expert Reviewer) did not base (?:their|its) decision on the MTUS\.?/y, kind: 'not-based-on-mtus' },
];
const STOCK_START = /The (?:Claims Administrator|Expert Reviewer) (?:did not|based)/g;
const PREFIX = /Decision based on (?:(Non\s?-?\s?MTUS)(?: Citation)?|MTUS)(?=\W|$)/gi;

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function part(flat: FlatText, from: number, to: number): Part {
  return { text: flat.text.slice(from, to), from, to, span: flatSpan(flat, from, to) };
}
function numPart(flat: FlatText, from: number, to: number): NumberPart {
  // Built directly (not from a part() copied over): one object and one slice.
  const text = flat.text.slice(from, to);
  return { text, from, to, span: flatSpan(flat, from, to), value: Number(text) };
}
function empty(kind: CitationKind, flat: FlatText, from: number, to: number): Citation {
  return { kind, from, to, text: flat.text.slice(from, to), span: flatSpan(flat, from, to), sections: [], pages: [], sources: [] };
}
const NO_SPAN: Span = { start: 0, end: 0 };
/** A citation whose end is not known yet: `finish` sets its text and span (same properties, same order, as `empty`'s). */
function unfinished(kind: CitationKind, from: number): Citation {
  return { kind, from, to: from, text: '', span: NO_SPAN, sections: [], pages: [], sources: [] };
}

// The regular expressions of the functions below are module constants: a literal in a function body
// makes a new RegExp object each time it runs (global ones have lastIndex set before each scan).
const CHAPTERS_LEAD = /^ACOEM,?\s+Chapter\s+\d/i;
const LIST_PUNCTUATION_FIRST = /^[,.;:]/;
const PAGES_OR_SECTIONS_NEXT = /^ (?:Page|Section)/i;
const UNKNOWN_LABEL_YEAR = /^([A-Za-z][^]*?) (?:19|20)\d\d(?=[\s,.;:]|$)/;
const NOT_ONE_LABEL = /, and |Section\(s\)|Page\(s\)/i;
const YEARLESS_LABEL_END = /,? ?(?:Sections?(?:\(s\))?\s?:|Page\(s\)\s?:)|, and /i;
const LETTER_S = /S/i;
const PAGES_FURTHER_ON = /,? ?Page\(s\)\s?:?\s?\d/i;
const OWN_LIST_NEXT = /^,?\s?(?:Section|Page)\(s\)/i;
const LIST_SEPARATOR = /^\s?[,;]\s?/;
const NAME_END = /[,;(]|\s(?=Page\(s\)\s?:)/gi;
const QUALIFIER_NEXT = /^ (?!and\b|or\b)[a-z]/;
const LETTER = /[a-z]/i;
const LOWER_CASE_LETTER = /[a-z]/;
const MARK_LEAD = /^,? ?/;
const PAGE_RANGE = /^(\d{1,4})(?:\s?[-–]\s?(\d{1,4}))?/;
const LETTER_OR_DIGIT = /[A-Za-z0-9]/;
const PAGE_TOKEN = /^[^\s,;]+/;
const TRAILING_PERIOD = /\.$/;
const PAGE_SEPARATOR = /^\s?[,;&]\s?(?=\d)|^ and (?=\d)/;
const ACOEM_LEAD = /^ACOEM,?\s+/i;
const CHAPTER_NUMBER = /^Chapter\s+(\d{1,2})\b\s*[-–:,]?\s*/i;
const TITLE_END = /^(?:$|[\s,.;:])/;
const CHAPTER_TITLE_END = /,? ?Chapter\s+\d|,? ?(?:Page\(s\)|Pages?|pp?\.|pg\.)\s?:?\s?\d/i;
const CHAPTER_SEPARATOR = /^\s?,?\s?(?:and\s)?(?=Chapter\s+\d)/i;

/** Trim spaces and one final period from flat[from,to). */
function trimEnd(t: string, from: number, to: number): number {
  // isJsSpace is /\s/ on a character code (a test per character made a string and ran a regex).
  while (to > from && isJsSpace(t.charCodeAt(to - 1))) to--;
  if (to > from && t.charCodeAt(to - 1) === 46) to--; // '.'
  while (to > from && isJsSpace(t.charCodeAt(to - 1))) to--;
  return to;
}
function skipSpaces(t: string, i: number, end: number): number {
  while (i < end && t[i] === ' ') i++;
  return i;
}

/** Parse the citation sentences of a guideline field (or any folded text). */
export function parseCitations(field: ItemField | FlatText, catalog: Catalog = defaultCatalog()): Citation[] {
  const flat: FlatText = 'body' in field ? field.body : field;
  const t = flat.text;
  // Sentence starts: prefixes and stock sentences.
  const marks: { at: number; end: number; type: 'mtus' | 'non-mtus' | 'stock'; stock?: StockKind; actor?: string }[] = [];
  // Exec loops over the module's global regexes (matchAll would copy each RegExp and make an iterator).
  PREFIX.lastIndex = 0;
  for (let m = PREFIX.exec(t); m; m = PREFIX.exec(t)) marks.push({ at: m.index, end: m.index + m[0].length, type: m[1] ? 'non-mtus' : 'mtus' });
  const prefixCount = marks.length;
  STOCK_START.lastIndex = 0;
  for (let m = STOCK_START.exec(t); m; m = STOCK_START.exec(t)) {
    for (const s of STOCK) {
      s.re.lastIndex = m.index;
      const sm = s.re.exec(t);
      if (sm) {
        marks.push({ at: m.index, end: m.index + sm[0].length, type: 'stock', stock: s.kind, actor: sm[1] });
        break;
      }
    }
  }
  // Each kind is in text order already: sorted (which copies the list) only when both are there.
  if (prefixCount > 0 && marks.length > prefixCount) marks.sort((a, b) => a.at - b.at);
  const out: Citation[] = [];
  marks.forEach((mk, i) => {
    const segEnd = i + 1 < marks.length ? marks[i + 1].at : t.length;
    if (mk.type === 'stock') {
      const c = empty('stock', flat, mk.at, mk.end);
      c.stock = mk.stock;
      c.actor = mk.actor as Citation['actor'];
      out.push(c);
      return;
    }
    const prefix = part(flat, mk.at, mk.end);
    const bodyStart = skipSpaces(t, mk.end, segEnd);
    const bodyEnd = trimEnd(t, bodyStart, segEnd);
    if (mk.type === 'non-mtus') {
      const c = empty('non-mtus', flat, mk.at, bodyEnd);
      c.prefix = prefix;
      if (bodyEnd > bodyStart) {
        c.freeText = part(flat, bodyStart, bodyEnd);
        for (const h of findSources(catalog, c.freeText.text))
          c.sources.push({ source: h.source, part: part(flat, bodyStart + h.start, bodyStart + h.end) });
      }
      out.push(c);
      return;
    }
    const before = out.length;
    if (CHAPTERS_LEAD.test(t.slice(bodyStart, bodyEnd))) parseChapters(flat, catalog, bodyStart, bodyEnd, out);
    else parseLabels(flat, catalog, bodyStart, bodyEnd, out);
    if (out.length === before) out.push(empty('mtus', flat, mk.at, bodyEnd)); // "Decision based on MTUS." with nothing after
    out[before].prefix = prefix;
    // The first citation of the sentence covers the prefix too.
    out[before].from = mk.at;
    out[before].span = flatSpan(flat, mk.at, out[before].to);
    out[before].text = t.slice(mk.at, out[before].to);
  });
  return out;
}

const YEAR_AFTER = /^ ((?:19|20)\d\d)(?=[\s,.;:)]|$)/;
const SECTIONS_MARK = /^,? ?Sections?(?:\(s\))?\s?:\s?/i;
const PAGES_MARK = /^,? ?(?:Page\(s\)|Pages?|pp?\.|pg\.)\s?:?\s?(?=\d)/i;
const AND_NEXT = /^,? and (?=\S)/;

/** The text from `i` on, at most `n` characters: every match at a position looks only this far, so
 *  that a long list costs linear time (no label or section name is longer). */
function head(t: string, i: number, end: number, n = 400): string {
  return t.slice(i, Math.min(end, i + n));
}

/** `text.startsWith(prefix)`, its second character compared first: the candidates of a first letter
 *  mostly differ there, and one comparison is cheaper than the call. */
function startsWithLower(text: string, prefix: string): boolean {
  return (prefix.length < 2 || text.charCodeAt(1) === prefix.charCodeAt(1)) && text.startsWith(prefix);
}

/** At `i`, a known label form (followed by a year or a boundary), longest first. */
function matchLabel(t: string, i: number, end: number, catalog: Catalog): { to: number; yearOk: boolean } | undefined {
  const rest = head(t, i, end, 200);
  // Only as much of the text lower-cased as the longest form with its first letter can reach.
  const first = firstLower(rest);
  const forms = labelFormsStartingWith(catalog, first);
  if (forms.length === 0) return undefined;
  const lower = lowerHead(rest, longestLabelFormStartingWith(catalog, first), rest.length);
  let fallback: { to: number; yearOk: boolean } | undefined;
  for (const f of forms) {
    const form = f.lower;
    if (!startsWithLower(lower, form)) continue;
    const after = rest.slice(form.length);
    if (YEAR_AFTER.test(after)) return { to: i + form.length, yearOk: true };
    if (!fallback && (after === '' || LIST_PUNCTUATION_FIRST.test(after) || PAGES_OR_SECTIONS_NEXT.test(after) || (f.noYear && after.startsWith(' '))))
      fallback = { to: i + form.length, yearOk: false };
  }
  return fallback;
}

/** At `i`, an unknown "<Label> <year>" (a capitalised phrase ending in a year before any comma-and). */
function matchUnknownLabelYear(t: string, i: number, end: number): number | undefined {
  const rest = head(t, i, end, 120);
  const m = UNKNOWN_LABEL_YEAR.exec(rest);
  if (!m || (m[0].length === rest.length && i + rest.length < end)) return undefined;
  if (NOT_ONE_LABEL.test(m[1]) || m[1].length > 80) return undefined;
  return i + m[1].length;
}

function parseLabels(flat: FlatText, catalog: Catalog, start: number, end: number, out: Citation[]): void {
  const t = flat.text;
  let i = start;
  while (i < end) {
    // "…, and MTUS Chronic Pain Medical Treatment 2016, …": a repeated "MTUS" before a known label.
    if (t.startsWith('MTUS ', i) && matchLabel(t, i + 5, end, catalog)) i += 5;
    const c = unfinished('mtus', i); // every way out below sets c.to and calls finish
    // Label
    const known = matchLabel(t, i, end, catalog);
    let labelEnd: number;
    if (known) labelEnd = known.to;
    else {
      const unk = matchUnknownLabelYear(t, i, end);
      if (unk !== undefined) labelEnd = unk;
      else {
        // No year: the label runs to the sections/pages marker, ", and", or the end.
        const rest = t.slice(i, end);
        const stop = rest.search(YEARLESS_LABEL_END);
        labelEnd = stop < 0 ? end : i + stop;
      }
    }
    c.label = part(flat, i, labelEnd);
    i = labelEnd;
    const ym = YEAR_AFTER.exec(t.slice(i, end));
    if (ym) {
      c.year = numPart(flat, i + 1, i + 1 + ym[1].length);
      i += ym[0].length;
    }
    c.resolution = resolveLabel(catalog, c.label.text, c.year?.value);
    if (!c.resolution.knownLabel && c.label.text.includes('- ') && HAS_BROKEN_WORD.test(c.label.text)) {
      // A label hyphenated at a line end ("Chronic Pain Medical Treat-" / "ment 2016"), read as a
      // section name is: the word joined again when that makes a known label, else the hyphen kept
      // ("Stress-" / "Related Conditions").
      const year = c.year?.value;
      const read = readSectionName(c.label.text, (name) => resolveLabel(catalog, name, year).knownLabel);
      const resolution = resolveLabel(catalog, read, year);
      if (resolution.knownLabel) c.resolution = resolution;
    }
    if (!c.resolution.knownLabel) {
      // A label that starts with a non-MTUS source's name, or an unknown label that names ODG anywhere
      // ("MTUS Shoulder (Acute & Chronic), Physical Therapy, ODG Preface"): ODG's chapters are named like
      // the MTUS's, so its name is what tells. (ACOEM and the generic sources can appear in an MTUS text.)
      const hits = findSources(catalog, c.label.text);
      const src = hits.find((h) => h.start === 0) ?? hits.find((h) => h.source.id === 'odg');
      if (src) c.misclassifiedSource = src.source;
    }
    const guideline = c.resolution.guideline;
    // Sections
    const sm = SECTIONS_MARK.exec(t.slice(i, end));
    if (sm) {
      const mFrom = sm[0].search(LETTER_S);
      c.sectionsMarker = part(flat, i + mFrom, i + sm[0].indexOf(':') + 1);
      i += sm[0].length;
      i = parseSectionList(flat, catalog, guideline, i, end, c);
    }
    // Pages
    const pm = PAGES_MARK.exec(t.slice(i, end));
    if (pm) i = parsePages(flat, i, end, pm[0], c);
    // Next label?
    const am = AND_NEXT.exec(t.slice(i, end));
    if (am && startsLabel(t, i + am[0].length, end, catalog)) {
      c.to = trimEnd(t, c.from, i);
      finish(flat, c);
      out.push(c);
      i += am[0].length;
      continue;
    }
    // Anything else up to the end is trailing text (e.g. "Physical Medicine" after a year-less label).
    const ts = skipSpaces(t, i, end);
    if (ts < end && !(t[ts] === ',' && ts + 1 >= end)) {
      let from = ts;
      if (t[from] === ',') from = skipSpaces(t, from + 1, end);
      // A "Page(s):" further on still counts as pages.
      const rest = t.slice(from, end);
      const pIdx = rest.search(PAGES_FURTHER_ON);
      if (pIdx > 0) {
        c.trailing = part(flat, from, trimEnd(t, from, from + pIdx));
        const pm2 = PAGES_MARK.exec(t.slice(from + pIdx, end));
        if (pm2) parsePages(flat, from + pIdx, end, pm2[0], c);
      } else if (from < end) c.trailing = part(flat, from, end);
    }
    c.to = end;
    finish(flat, c);
    out.push(c);
    return;
  }
}

function finish(flat: FlatText, c: Citation): void {
  c.span = flatSpan(flat, c.from, c.to);
  c.text = flat.text.slice(c.from, c.to);
}

function startsLabel(t: string, i: number, end: number, catalog: Catalog): boolean {
  const known = matchLabel(t, i, end, catalog);
  if (known?.yearOk || matchUnknownLabelYear(t, i, end) !== undefined) return true;
  // A known label written without its year, with its own "Section(s):"/"Page(s):" list, starts a
  // citation too ("…, and Forearm, Wrist, and Hand Complaints, Section(s): …"): no section name is
  // followed by a list of its own.
  return !!known && OWN_LIST_NEXT.test(head(t, known.to, end, 20));
}

/**
 * Section names from `i`; returns where the list ends (before ", and <label>", "Page(s):" or the end).
 *
 * How letters write the list: names separated by ", " (or "; ", or ", and "). A comma inside one name
 * is kept when the name is a catalog name ("NSAIDs, GI symptoms & cardiovascular risk") or has the
 * topic list's inverted-qualifier shape "Name, lower-case qualifier" ("Ultrasound, therapeutic",
 * "Capsaicin, topical", "CRPS, diagnostic tests"): a list's next name starts with a capital or a
 * number, a qualifier with a lower-case word. Numbered headings ("3.3.9 Opioids …: …", "2. Opioids
 * for …") run to the next ", <number> ".
 */
function parseSectionList(flat: FlatText, catalog: Catalog, g: GuidelineEntry | undefined, i: number, end: number, c: Citation): number {
  const t = flat.text;
  const names = sectionForms(catalog, g);
  while (i < end) {
    i = skipSpaces(t, i, end);
    const rest = head(t, i, end, 600);
    let to = -1;
    // Known names (read with line-end hyphens joined), longest first, ending at a list boundary.
    const known = matchKnownSection(rest, names);
    if (known !== undefined) to = i + known;
    // Numbered heading: runs to the next ", <number> " / ", and " or the end.
    if (to < 0 && NUMBERED_HEADING.test(rest)) to = searchFrom(t, /, (?=\d+(?:\.\d+)*\.? [A-Za-z])|, and (?=\S)/g, i, end);
    if (to < 0) to = plainNameEnd(t, i, end);
    to = trimEnd(t, i, to);
    if (to > i) c.sections.push(sectionPart(flat, i, to, names));
    i = to;
    // Boundary after the name
    const after = head(t, i, end, 200);
    if (after.length === 0) return end;
    if (PAGES_MARK.test(after)) return i;
    const am = AND_NEXT.exec(after);
    if (am) {
      if (startsLabel(t, i + am[0].length, end, catalog)) return i;
      i += am[0].length; // "a, and b": b is another section
      continue;
    }
    const sep = LIST_SEPARATOR.exec(after);
    if (sep) {
      i += sep[0].length;
      continue;
    }
    // Something unexpected: swallow the rest as part of the last section.
    return i;
  }
  return i;
}

/** A numbered heading of the opioid guideline: "3.3.9 Opioids for …", "4.1 Tapering …", "2. Opioids for …". */
const NUMBERED_HEADING = /^\d{1,2}(?:\.\d{1,2})*\.? [A-Za-z]/;

/** Index of the first match of global `re` in t[from, end), or `end`. */
function searchFrom(t: string, re: RegExp, from: number, end: number): number {
  re.lastIndex = from;
  const m = re.exec(t);
  return m && m.index < end ? m.index : end;
}

/** End of a name that is not in the catalog: the ",", ";" or "Page(s):" that ends it. A comma followed
 *  by a lower-case word (not "and"/"or") is the inverted-qualifier comma of one name; commas inside
 *  parentheses closed within 200 characters belong to the name ("Regional sympathetic blocks
 *  (stellate ganglion block, thoracic sympathetic block, & lumbar sympathetic block)"). */
function plainNameEnd(t: string, from: number, end: number): number {
  const re = NAME_END;
  re.lastIndex = from;
  for (let m = re.exec(t); m && m.index < end; m = re.exec(t)) {
    if (m[0] === '(') {
      const close = t.indexOf(')', m.index);
      if (close >= 0 && close < end && close - m.index <= 200 && !t.slice(m.index, close).includes(';')) re.lastIndex = close + 1;
      continue;
    }
    if (m[0] === ',' && QUALIFIER_NEXT.test(t.slice(m.index + 1, Math.min(end, m.index + 6)))) continue;
    return m.index;
  }
  return end;
}

/** "Electro- diagnostic" → "Electrodiagnostic" when that reading is a known name, else "Electro-diagnostic".
 *  Only a hyphen directly after a letter and before a lower-case word that is not "and"/"or"/"to"
 *  ("pre- and post-operative" keeps its suspended hyphen). */
const BROKEN_WORD = /([A-Za-z])- (?!(?:and|or|to)\b)(?=[a-z])/g;
const HAS_BROKEN_WORD = /[A-Za-z]- (?!(?:and|or|to)\b)[a-z]/;
export function readSectionName(text: string, known?: (name: string) => boolean): string {
  if (!text.includes('- ') || !HAS_BROKEN_WORD.test(text)) return text;
  const joined = text.replace(BROKEN_WORD, '$1');
  const hyphened = text.replace(BROKEN_WORD, '$1-');
  if (known?.(joined)) return joined;
  return hyphened;
}

function sectionPart(flat: FlatText, from: number, to: number, names: SectionForms): SectionPart {
  // Built directly rather than spread from a part() ({ ...p, name }): the spread is slow enough to count in a long list.
  const text = flat.text.slice(from, to);
  return { text, from, to, span: flatSpan(flat, from, to), name: readSectionName(text, names.isKnown) };
}

/** Length of the longest known name at the start of `rest` (compared as read, hyphens joined), if it ends at a list boundary. */
function matchKnownSection(rest: string, names: SectionForms): number | undefined {
  // Names starting with the text's first letter: none for most list entries, then nothing is
  // lower-cased; else only as much of the text as the longest of these names (in lower case) can
  // reach, and never more than the longest name of all (and two characters more, so that no
  // surrogate pair a name could reach is cut).
  const first = firstLower(rest);
  const bucket = first === undefined ? undefined : names.byFirst.get(first);
  if (!bucket) return undefined;
  const lower = lowerHead(rest, Math.min(bucket.longestLower, names.maxLength), names.maxLength + 2);
  let broken: boolean | undefined;
  for (const { name: n, lower: nl } of bucket.names) {
    let len: number | undefined;
    if (startsWithLower(lower, nl)) len = n.length;
    else if ((broken ??= HAS_BROKEN_WORD.test(rest))) len = brokenMatchLength(rest, nl);
    if (len === undefined) continue;
    if (SECTION_END.test(rest.slice(len))) return len;
  }
  return undefined;
}

/** What may follow a whole section name: a list separator, "and", "Page(s):", or the end. A known name
 *  followed by more words ("Naproxen (Naprosyn)") is not that name. */
const SECTION_END = /^(?:[,;]|\.?\s*$|,? and |\s?Page\(s\))/i;

/** If `rest` starts with `nameLower` once its line-end hyphens are joined (with or without the hyphen), the length in `rest`. */
function brokenMatchLength(rest: string, nameLower: string): number | undefined {
  let r = 0;
  let n = 0;
  while (n < nameLower.length && r < rest.length) {
    // "x- y" in the text where the name has "xy" or "x-y"
    if (rest[r] === '-' && rest[r + 1] === ' ' && LETTER.test(rest[r - 1] ?? '') && LOWER_CASE_LETTER.test(rest[r + 2] ?? '')) {
      if (nameLower[n] === '-') n++;
      r += 2;
      continue;
    }
    if (rest[r].toLowerCase() !== nameLower[n]) return undefined;
    r++;
    n++;
  }
  return n === nameLower.length ? r : undefined;
}

interface SectionForms {
  /** Names to match: the guideline's own first (longest first), then other guidelines' names with a comma. */
  list: string[];
  /** Normalised names of the guideline's own list. */
  byNorm: Set<string>;
  /** `list` by lower-case first letter (same order), each name with its lower case, and the longest lower case's length. */
  byFirst: Map<string, { names: { name: string; lower: string }[]; longestLower: number }>;
  /** The longest name's length. */
  maxLength: number;
  /** Whether a name (as read) is one of the guideline's own, normalised. */
  isKnown: (name: string) => boolean;
}
const sectionFormCache = new WeakMap<Catalog, Map<string, SectionForms>>();
function sectionForms(catalog: Catalog, g: GuidelineEntry | undefined): SectionForms {
  let m = sectionFormCache.get(catalog);
  if (!m) sectionFormCache.set(catalog, (m = new Map()));
  const key = g?.id ?? '';
  let forms = m.get(key);
  if (!forms) {
    const own = (g?.sections ?? []).map((s) => s.name).sort((a, b) => b.length - a.length);
    const others = [...new Set(catalog.guidelines.flatMap((x) => x.sections.map((s) => s.name)))]
      .filter((n) => /,/.test(n) && !own.includes(n))
      .sort((a, b) => b.length - a.length);
    const list = [...own, ...others];
    const byFirst: SectionForms['byFirst'] = new Map();
    for (const n of list) {
      const k = n[0].toLowerCase();
      const lower = n.toLowerCase();
      const bucket = byFirst.get(k);
      if (!bucket) byFirst.set(k, { names: [{ name: n, lower }], longestLower: lower.length });
      else {
        bucket.names.push({ name: n, lower });
        bucket.longestLower = Math.max(bucket.longestLower, lower.length);
      }
    }
    const byNorm = new Set(own.map(normName));
    forms = {
      list,
      byNorm,
      byFirst,
      maxLength: Math.max(0, ...list.map((n) => n.length)),
      isKnown: (n) => byNorm.has(normName(n)),
    };
    m.set(key, forms);
  }
  return forms;
}

/** Parse "Page(s): 179-180, 182" from `i` (marker text `mark`); returns the end. */
function parsePages(flat: FlatText, i: number, end: number, mark: string, c: Citation): number {
  const t = flat.text;
  const lead = mark.match(MARK_LEAD)![0].length;
  c.pagesMarker = part(flat, i + lead, i + mark.trimEnd().length);
  i += mark.length;
  const re = PAGE_RANGE;
  while (i < end) {
    const m = re.exec(t.slice(i, end));
    if (!m) break;
    // A letter or a fifth digit right after the number: not a page as written ("343-34l", "18O").
    if (LETTER_OR_DIGIT.test(t[i + m[0].length] ?? '')) {
      const token = PAGE_TOKEN.exec(t.slice(i, end))![0];
      c.malformedPage = part(flat, i, i + token.replace(TRAILING_PERIOD, '').length);
      break;
    }
    const firstPart = numPart(flat, i, i + m[1].length);
    const p: PageRef = { ...part(flat, i, i + m[0].length), first: firstPart.value, last: firstPart.value, firstPart };
    if (m[2]) {
      const lastFrom = i + m[0].length - m[2].length;
      p.lastPart = numPart(flat, lastFrom, i + m[0].length);
      p.last = p.lastPart.value;
      // "303-05": the last page written with the first page's leading digits left out.
      if (m[2].length < m[1].length) {
        const completed = Number(m[1].slice(0, m[1].length - m[2].length) + m[2]);
        if (completed > p.first) {
          p.last = p.lastPart.value = completed;
          p.abbreviated = true;
        }
      }
    }
    c.pages.push(p);
    i += m[0].length;
    const sep = PAGE_SEPARATOR.exec(t.slice(i, end));
    if (!sep) break;
    i += sep[0].length;
  }
  return i;
}

/** The catalog's chapter title spellings (longest first) with their lower case, and the longest's length: made once per catalog, not per citation. */
const chapterTitleCache = new WeakMap<Catalog, { titles: { title: string; lower: string }[]; longestTitle: number }>();
function chapterTitles(catalog: Catalog): { titles: { title: string; lower: string }[]; longestTitle: number } {
  let c = chapterTitleCache.get(catalog);
  if (!c) {
    const titles = chapterTitleForms(catalog).map((title) => ({ title, lower: title.toLowerCase() }));
    c = { titles, longestTitle: titles.reduce((m, x) => Math.max(m, x.title.length), 0) };
    chapterTitleCache.set(catalog, c);
  }
  return c;
}

function parseChapters(flat: FlatText, catalog: Catalog, start: number, end: number, out: Citation[]): void {
  const t = flat.text;
  const lead = ACOEM_LEAD.exec(t.slice(start, end))!;
  let i = start + lead[0].length;
  const { titles, longestTitle } = chapterTitles(catalog);
  let first = true;
  while (i < end) {
    const cm = CHAPTER_NUMBER.exec(t.slice(i, end));
    if (!cm) break;
    const c = unfinished('mtus-chapter', first ? start : i); // c.to and finish below
    first = false;
    const numFrom = i + cm[0].indexOf(cm[1]);
    c.chapterNumber = numPart(flat, numFrom, numFrom + cm[1].length);
    i += cm[0].length;
    const rest = t.slice(i, end);
    // Only as much as the longest title (and two more, so that no surrogate pair is cut) is lower-cased: a field of a thousand chapters stays linear.
    const lower = head(t, i, end, longestTitle + 2).toLowerCase();
    let to = -1;
    for (const { title, lower: titleLower } of titles) {
      if (startsWithLower(lower, titleLower) && TITLE_END.test(rest.slice(title.length))) {
        to = i + title.length;
        break;
      }
    }
    if (to < 0) {
      const k = rest.search(CHAPTER_TITLE_END);
      to = trimEnd(t, i, k < 0 ? end : i + k);
      if (to < i) to = i;
    }
    if (to > i) c.chapterTitle = part(flat, i, to);
    i = to;
    const pm = PAGES_MARK.exec(t.slice(i, end));
    if (pm) i = parsePages(flat, i, end, pm[0], c);
    c.to = trimEnd(t, c.from, i);
    finish(flat, c);
    out.push(c);
    const sep = CHAPTER_SEPARATOR.exec(t.slice(i, end));
    if (!sep) {
      // Unparsed rest: attach as trailing text of the last chapter.
      const ts = skipSpaces(t, i, end);
      if (ts < end) out[out.length - 1].trailing = part(flat, ts, end);
      break;
    }
    i += sep[0].length;
  }
}

// ---------------------------------------------------------------- per letter

export interface FieldCitations {
  item: Item;
  itemIndex: number;
  field: ItemField;
  citations: Citation[];
}

/**
 * The citations of the letter read last (and of its catalog): the rules of one lint, then the
 * semantic tokens and hovers of the same model, ask for the same letter in turn. One letter, not a
 * WeakMap by letter: the scavenger cannot drop an entry of an old WeakMap whose key is young, so
 * every letter's citations lived on until a full collection (a lint loop kept 2–4 MB more at each
 * scavenge, and each scavenge took 5–12 ms copying them).
 */
let lastLetter: Letter | undefined;
let lastCatalog: Catalog | undefined;
let lastFields: FieldCitations[] = [];
let lastAll: readonly { citation: Citation; field: FieldCitations }[] | undefined;

/** Every guideline field's citations in a letter, parsed once per letter object and catalog (while it is the letter asked last). */
export function citationsOf(letter: Letter, catalog: Catalog = defaultCatalog()): FieldCitations[] {
  if (letter === lastLetter && catalog === lastCatalog) return lastFields;
  const list: FieldCitations[] = [];
  const items = letter.items;
  for (let itemIndex = 0; itemIndex < items.length; itemIndex++) {
    const item = items[itemIndex];
    for (const field of item.fields) {
      if (field.kind === 'decisionRationale') continue;
      list.push({ item, itemIndex, field, citations: parseCitations(field, catalog) });
    }
  }
  lastLetter = letter;
  lastCatalog = catalog;
  lastFields = list;
  lastAll = undefined;
  return list;
}

/** All citations of a letter, flattened, with their field: listed once per letter and catalog, and
 *  shared by every caller (frozen; the rules only read it). */
export function allCitations(letter: Letter, catalog: Catalog = defaultCatalog()): readonly { citation: Citation; field: FieldCitations }[] {
  const fields = citationsOf(letter, catalog);
  if (!lastAll) {
    // Loops rather than flatMap over map: flatMap made an array per field and cost more than the parse of a short field.
    const all: { citation: Citation; field: FieldCitations }[] = [];
    for (const field of fields) for (const citation of field.citations) all.push({ citation, field });
    lastAll = Object.freeze(all);
  }
  return lastAll;
}

export { escapeRe };
