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
import { flatSpan } from './text';
import {
  chapterTitleForms,
  defaultCatalog,
  findSources,
  labelForms,
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

export interface PageRef extends Part {
  /** First and last page of this range ("179-180" → 179, 180; "182" → 182, 182). */
  first: number;
  last: number;
  firstPart: NumberPart;
  lastPart?: NumberPart;
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
  sections: Part[];
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
  return { ...part(flat, from, to), value: Number(flat.text.slice(from, to)) };
}
function empty(kind: CitationKind, flat: FlatText, from: number, to: number): Citation {
  return { kind, from, to, text: flat.text.slice(from, to), span: flatSpan(flat, from, to), sections: [], pages: [], sources: [] };
}

/** Trim spaces and one final period from flat[from,to). */
function trimEnd(t: string, from: number, to: number): number {
  while (to > from && /\s/.test(t[to - 1])) to--;
  if (to > from && t[to - 1] === '.') to--;
  while (to > from && /\s/.test(t[to - 1])) to--;
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
  for (const m of t.matchAll(PREFIX)) marks.push({ at: m.index!, end: m.index! + m[0].length, type: m[1] ? 'non-mtus' : 'mtus' });
  for (const m of t.matchAll(STOCK_START)) {
    for (const s of STOCK) {
      s.re.lastIndex = m.index!;
      const sm = s.re.exec(t);
      if (sm) {
        marks.push({ at: m.index!, end: m.index! + sm[0].length, type: 'stock', stock: s.kind, actor: sm[1] });
        break;
      }
    }
  }
  marks.sort((a, b) => a.at - b.at);
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
    if (/^ACOEM,?\s+Chapter\s+\d/i.test(t.slice(bodyStart, bodyEnd))) parseChapters(flat, catalog, bodyStart, bodyEnd, out);
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

/** At `i`, a known label form (followed by a year or a boundary), longest first. */
function matchLabel(t: string, i: number, end: number, catalog: Catalog): { to: number; yearOk: boolean } | undefined {
  const rest = t.slice(i, end);
  const lower = rest.toLowerCase();
  let fallback: { to: number; yearOk: boolean } | undefined;
  for (const f of labelForms(catalog)) {
    const form = f.text.toLowerCase();
    if (!lower.startsWith(form)) continue;
    const after = rest.slice(form.length);
    if (YEAR_AFTER.test(after)) return { to: i + form.length, yearOk: true };
    if (!fallback && (after === '' || /^[,.;:]/.test(after) || /^ (?:Page|Section)/i.test(after) || (f.noYear && after.startsWith(' '))))
      fallback = { to: i + form.length, yearOk: false };
  }
  return fallback;
}

/** At `i`, an unknown "<Label> <year>" (a capitalised phrase ending in a year before any comma-and). */
function matchUnknownLabelYear(t: string, i: number, end: number): number | undefined {
  const rest = t.slice(i, end);
  const m = /^([A-Za-z][^]*?) (?:19|20)\d\d(?=[\s,.;:]|$)/.exec(rest);
  if (!m) return undefined;
  if (/, and |Section\(s\)|Page\(s\)/i.test(m[1]) || m[1].length > 80) return undefined;
  return i + m[1].length;
}

function parseLabels(flat: FlatText, catalog: Catalog, start: number, end: number, out: Citation[]): void {
  const t = flat.text;
  let i = start;
  while (i < end) {
    const c = empty('mtus', flat, i, end);
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
        const stop = rest.search(/,? ?(?:Sections?(?:\(s\))?\s?:|Page\(s\)\s?:)|, and /i);
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
    if (!c.resolution.knownLabel) {
      const src = findSources(catalog, c.label.text).find((h) => h.start === 0);
      if (src) c.misclassifiedSource = src.source;
    }
    const guideline = c.resolution.guideline;
    // Sections
    const sm = SECTIONS_MARK.exec(t.slice(i, end));
    if (sm) {
      const mFrom = sm[0].search(/S/i);
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
      const pIdx = rest.search(/,? ?Page\(s\)\s?:?\s?\d/i);
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
  return !!matchLabel(t, i, end, catalog)?.yearOk || matchUnknownLabelYear(t, i, end) !== undefined;
}

/** Section names from `i`; returns where the list ends (before ", and <label>", "Page(s):" or the end). */
function parseSectionList(flat: FlatText, catalog: Catalog, g: GuidelineEntry | undefined, i: number, end: number, c: Citation): number {
  const t = flat.text;
  const names = sectionForms(catalog, g);
  const numbered = g?.sectionPattern ? new RegExp(g.sectionPattern) : undefined;
  while (i < end) {
    i = skipSpaces(t, i, end);
    const rest = t.slice(i, end);
    let to = -1;
    // Known names, longest first, ending at a list boundary. (Lower-case only the name's length of
    // the rest: the whole rest, once per section, made a long list quadratic.)
    for (const n of names) {
      if (rest.slice(0, n.length).toLowerCase() === n.toLowerCase()) {
        const after = rest.slice(n.length);
        if (after === '' || /^,? /.test(after) || /^[,.]$/.test(after)) {
          to = i + n.length;
          break;
        }
      }
    }
    if (to < 0 && numbered && numbered.test(rest)) {
      // Numbered heading: runs to the next ", <number> " or the end.
      const k = rest.search(/, (?=\d+(?:\.\d+)+ )|, and (?=\S)/);
      to = k < 0 ? end : i + k;
    }
    if (to < 0) {
      const k = rest.search(/,|;|\s(?:Page\(s\)\s?:)/i);
      to = k < 0 ? end : i + k;
    }
    to = trimEnd(t, i, to);
    if (to > i) c.sections.push(part(flat, i, to));
    i = to;
    // Boundary after the name
    const after = t.slice(i, end);
    if (after.length === 0) return end;
    if (PAGES_MARK.test(after)) return i;
    const am = AND_NEXT.exec(after);
    if (am) {
      if (startsLabel(t, i + am[0].length, end, catalog)) return i;
      i += am[0].length; // "a, and b": b is another section
      continue;
    }
    const sep = /^\s?[,;]\s?/.exec(after);
    if (sep) {
      i += sep[0].length;
      continue;
    }
    // Something unexpected: swallow the rest as part of the last section.
    return i;
  }
  return i;
}

const sectionFormCache = new WeakMap<Catalog, Map<string, string[]>>();
/** Section names to match: the guideline's own first (longest first), then every other guideline's. */
function sectionForms(catalog: Catalog, g: GuidelineEntry | undefined): string[] {
  let m = sectionFormCache.get(catalog);
  if (!m) sectionFormCache.set(catalog, (m = new Map()));
  const key = g?.id ?? '';
  let list = m.get(key);
  if (!list) {
    const own = (g?.sections ?? []).map((s) => s.name).sort((a, b) => b.length - a.length);
    const others = [...new Set(catalog.guidelines.flatMap((x) => x.sections.map((s) => s.name)))]
      .filter((n) => /,/.test(n) && !own.includes(n))
      .sort((a, b) => b.length - a.length);
    list = [...own, ...others];
    m.set(key, list);
  }
  return list;
}

/** Parse "Page(s): 179-180, 182" from `i` (marker text `mark`); returns the end. */
function parsePages(flat: FlatText, i: number, end: number, mark: string, c: Citation): number {
  const t = flat.text;
  const lead = mark.match(/^,? ?/)![0].length;
  c.pagesMarker = part(flat, i + lead, i + mark.trimEnd().length);
  i += mark.length;
  const re = /^(\d{1,4})(?:\s?[-–]\s?(\d{1,4}))?/;
  while (i < end) {
    const m = re.exec(t.slice(i, end));
    if (!m) break;
    const firstPart = numPart(flat, i, i + m[1].length);
    const p: PageRef = { ...part(flat, i, i + m[0].length), first: firstPart.value, last: firstPart.value, firstPart };
    if (m[2]) {
      const lastFrom = i + m[0].length - m[2].length;
      p.lastPart = numPart(flat, lastFrom, i + m[0].length);
      p.last = p.lastPart.value;
    }
    c.pages.push(p);
    i += m[0].length;
    const sep = /^\s?[,;&]\s?(?=\d)|^ and (?=\d)/.exec(t.slice(i, end));
    if (!sep) break;
    i += sep[0].length;
  }
  return i;
}

function parseChapters(flat: FlatText, catalog: Catalog, start: number, end: number, out: Citation[]): void {
  const t = flat.text;
  const lead = /^ACOEM,?\s+/i.exec(t.slice(start, end))!;
  let i = start + lead[0].length;
  const titles = chapterTitleForms(catalog);
  let first = true;
  while (i < end) {
    const cm = /^Chapter\s+(\d{1,2})\b\s*[-–:,]?\s*/i.exec(t.slice(i, end));
    if (!cm) break;
    const c = empty('mtus-chapter', flat, first ? start : i, end);
    first = false;
    const numFrom = i + cm[0].indexOf(cm[1]);
    c.chapterNumber = numPart(flat, numFrom, numFrom + cm[1].length);
    i += cm[0].length;
    const rest = t.slice(i, end);
    const lower = rest.toLowerCase();
    let to = -1;
    for (const title of titles) {
      if (lower.startsWith(title.toLowerCase()) && /^(?:$|[\s,.;:])/.test(rest.slice(title.length))) {
        to = i + title.length;
        break;
      }
    }
    if (to < 0) {
      const k = rest.search(/,? ?Chapter\s+\d|,? ?(?:Page\(s\)|Pages?|pp?\.|pg\.)\s?:?\s?\d/i);
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
    const sep = /^\s?,?\s?(?:and\s)?(?=Chapter\s+\d)/i.exec(t.slice(i, end));
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

const perLetter = new WeakMap<Letter, WeakMap<Catalog, FieldCitations[]>>();

/** Every guideline field's citations in a letter, parsed once per letter object and catalog. */
export function citationsOf(letter: Letter, catalog: Catalog = defaultCatalog()): FieldCitations[] {
  let byCat = perLetter.get(letter);
  if (!byCat) perLetter.set(letter, (byCat = new WeakMap()));
  let list = byCat.get(catalog);
  if (!list) {
    list = [];
    letter.items.forEach((item, itemIndex) => {
      for (const field of item.fields) {
        if (field.kind === 'decisionRationale') continue;
        list!.push({ item, itemIndex, field, citations: parseCitations(field, catalog) });
      }
    });
    byCat.set(catalog, list);
  }
  return list;
}

/** All citations of a letter, flattened, with their field. */
export function allCitations(letter: Letter, catalog: Catalog = defaultCatalog()): { citation: Citation; field: FieldCitations }[] {
  return citationsOf(letter, catalog).flatMap((f) => f.citations.map((citation) => ({ citation, field: f })));
}

export { escapeRe };
