/**
 * The guideline catalog: MTUS regulation sections, the MTUS guideline labels MAXIMUS writes (with
 * valid years and section names), the ACOEM 2nd-edition chapters, and common non-MTUS sources.
 * The data lives in the JSON files next to this module (bundled by esbuild); every entry carries
 * `source` and `confidence` as in ../shared/docs/mtus-facts.md. Pure: no I/O here. Users may add
 * entries with an extra catalog file, which the server/CLI reads and passes to `validateCatalogFile`.
 */
import { charCounts, countsWithin, editDistance } from '../text';
import { linearRegex, userPatternError } from '../linearRegex';
import guidelinesJson from './guidelines.json';
import guidelines2017Json from './guidelines-2017.json';
import erasJson from './eras.json';
import chaptersJson from './chapters.json';
import regulationsJson from './regulations.json';
import sourcesJson from './sources.json';
import referencesJson from './references.json';

export type Confidence = 'confirmed' | 'inferred' | 'unconfirmed';
export const CONFIDENCES: readonly Confidence[] = ['confirmed', 'inferred', 'unconfirmed'];

export interface Sourced {
  source: string;
  confidence: Confidence;
}

// When each guideline version was part of the MTUS (eras.json; read by eras.ts).

/** What an adopting order measures its date against. */
export type AppliesTo = 'in-force' | 'requests' | 'services';

export interface EraBound extends Sourced {
  /** YYYY-MM-DD: the first day the version governs ("from") or no longer governs ("until"). */
  date: string;
  appliesTo: AppliesTo;
  /** 'not-before': only a lower bound is known (the adopting order was not found). */
  bound?: 'not-before';
  /** Days after an "until" date during which citing the old version may still be right. */
  graceDays?: number;
  /** The label + year that took its place. */
  replacedBy?: string;
  note?: string;
}

export interface EraEntry {
  /** The label as MAXIMUS writes it (the catalog guideline's main label). */
  label: string;
  /** The year MAXIMUS prints after the label; null for labels without a year. */
  year: number | null;
  regulation?: string;
  /** The ACOEM (or DWC) date of this version: YYYY, YYYY-MM or YYYY-MM-DD; null when unknown. */
  published?: Sourced & { date: string | null };
  from?: EraBound;
  until?: EraBound;
}


export interface GuidelineYear extends Sourced {
  year: number;
  /** This year names a revised chapter (the `edition` of a ChapterEntry), not the 2004 chapter. */
  chapterEdition?: string;
}

export interface PageRange extends Sourced {
  from: number;
  /** null when only the first page is known. */
  to: number | null;
  /** Pages of slack around an estimated range (0 for a confirmed range). */
  tolerance?: number;
  /** The range is only an anchor page known to lie in the chapter, not its bounds. */
  anchorOnly?: boolean;
}

export interface SectionEntry extends Sourced {
  name: string;
  /** Citations of this section in the published letters (ranks completion). */
  count?: number;
  pages?: [number, number];
  pagesConfidence?: Confidence;
}

export interface GuidelineEntry extends Sourced {
  id: string;
  /** The label as MAXIMUS writes it before the year, e.g. "Low Back Complaints". */
  label: string;
  years: GuidelineYear[];
  /** Other spellings of the label that mean this guideline (with a year). */
  aliases?: string[];
  /** Labels that stand without a year (e.g. "Chronic Pain Medical Treatment Guidelines"). */
  yearOptionalAliases?: string[];
  group: 'acoem-2004' | 'special' | 'acoem-current' | string;
  fullName: string;
  /** 8 CCR section that adopts it. */
  regulation?: string;
  /** Confidence in which 8 CCR section holds it (post-2017 guidelines; confirmed when absent). */
  regulationConfidence?: Confidence;
  regulationSource?: string;
  era: string;
  /** ACOEM 2nd-edition chapter number, for the 2004 body-part guidelines. */
  chapter?: number;
  chapters?: number[];
  pages?: PageRange;
  sections: SectionEntry[];
  /** Regex (source) that every valid section name of this guideline matches (numbered headings). */
  sectionPattern?: string;
  /**
   * How complete `sections` is. Only a list confirmed against the guideline's own table of contents
   * (`complete: true`) lets an unknown name be a warning; otherwise it is at most information.
   */
  sectionList?: SectionListStatus;
  count?: number;
  /** Confidence in how letters phrase this label (post-2017 labels were not seen in letters). */
  phrasingConfidence?: Confidence;
}

export interface SectionListStatus extends Sourced {
  complete: boolean;
  /** What is known to be missing, in words people read (hover, messages). */
  note?: string;
}

export interface ChapterEntry extends Sourced {
  number: number;
  title: string;
  aliases?: string[];
  edition?: string;
  regulation: string;
  titleConfidence: Confidence;
  titleSource: string;
  numberConfidence: Confidence;
  numberSource: string;
  pages?: PageRange;
  /** The MTUS label under which letters cite this chapter. */
  guideline?: string;
  note?: string;
  /** Where the note's facts come from. */
  noteSource?: string;
}

export interface RegulationEntry extends Sourced {
  section: string;
  title: string;
  era: string;
}

export interface SourceChapter extends Sourced {
  name: string;
  keys: string[];
}

export interface SourceEntry extends Sourced {
  id: string;
  name: string;
  /** Case-insensitive regex sources that recognise the source in free text. */
  patterns: string[];
  what: string;
  /** Where it stands in the medical evidence search sequence (8 CCR 9792.21.1). */
  tier: string;
  count?: number;
  chapters?: SourceChapter[];
}

/** A source that catalog entries cite by tag ("[R-IDX]"): the name people read and a link. */
export interface Reference {
  tag: string;
  name: string;
  url: string;
}

export interface Catalog {
  guidelines: GuidelineEntry[];
  chapters: ChapterEntry[];
  regulations: RegulationEntry[];
  sources: SourceEntry[];
  /** When each label + year was part of the MTUS (eras.json; see eras.ts). */
  eras: EraEntry[];
  mtusLink: string;
  /** Cited sources by tag (optional for catalogs built by hand). */
  references?: Reference[];
}

export const MTUS_LINK = (regulationsJson as { mtusLink: string }).mtusLink;

let cached: Catalog | undefined;
/** The built-in catalog (shared, do not mutate; use mergeCatalog to extend). */
export function defaultCatalog(): Catalog {
  if (!cached) {
    cached = {
      guidelines: [
        ...(guidelinesJson as unknown as { guidelines: GuidelineEntry[] }).guidelines,
        ...(guidelines2017Json as unknown as { guidelines: GuidelineEntry[] }).guidelines,
      ],
      chapters: (chaptersJson as unknown as { chapters: ChapterEntry[] }).chapters,
      regulations: [
        ...(regulationsJson as unknown as { regulations: RegulationEntry[] }).regulations,
        ...(guidelines2017Json as unknown as { regulations: RegulationEntry[] }).regulations,
      ],
      sources: (sourcesJson as unknown as { sources: SourceEntry[] }).sources,
      eras: (erasJson as unknown as { eras: EraEntry[] }).eras,
      mtusLink: MTUS_LINK,
      references: [
        ...(referencesJson as unknown as { references: Reference[] }).references,
        ...(guidelines2017Json as unknown as { references: Reference[] }).references,
      ],
    };
  }
  return cached;
}

// ---------------------------------------------------------------- normalisation and indexes

/** Lower case, trademark signs dropped, "&" → "and", punctuation-insensitive spacing: for comparing names. */
export function normName(s: string): string {
  // Memoized for short names: nearestSection normalizes every catalog name once per name checked.
  const cached = NORM_CACHE.get(s);
  if (cached !== undefined) return cached;
  const norm = s
    .toLowerCase()
    // Trademark signs never tell two names apart: "Gabapentin (Neurontin®)" is written
    // "Gabapentin (Neurontin)" in letters.
    .replace(/[®™©]/g, '')
    .replace(/&/g, ' and ')
    .replace(/[’']/g, "'")
    .replace(/\s*([,:;/()-])\s*/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
  if (s.length <= 200) {
    if (NORM_CACHE.size >= 10_000) NORM_CACHE.clear();
    NORM_CACHE.set(s, norm);
  }
  return norm;
}
const NORM_CACHE = new Map<string, string>();

interface LabelForm {
  /** The label as written in the catalog. */
  text: string;
  /** `text` in lower case. */
  lower: string;
  guideline: GuidelineEntry;
  /** `normName(text)`, and its character counts (see charCounts), made on first use. */
  norm?: string;
  counts?: Int16Array;
  /** True for a year-less label. */
  noYear: boolean;
}

interface Index {
  /** Every label spelling, longest first. */
  labelForms: LabelForm[];
  /** `labelForms` by the first character of `lower` (same order). */
  labelFormsByFirst: Map<string, LabelForm[]>;
  /** The longest `lower` of each list of `labelFormsByFirst`. */
  longestLowerByFirst: Map<string, number>;
  byLabel: Map<string, GuidelineEntry[]>;
}

const indexes = new WeakMap<Catalog, Index>();
function indexOf(catalog: Catalog): Index {
  let idx = indexes.get(catalog);
  if (!idx) {
    const labelForms: LabelForm[] = [];
    const byLabel = new Map<string, GuidelineEntry[]>();
    for (const g of catalog.guidelines) {
      const add = (text: string, noYear: boolean) => {
        labelForms.push({ text, lower: text.toLowerCase(), guideline: g, noYear });
        const k = normName(text);
        const list = byLabel.get(k) ?? [];
        if (!list.includes(g)) list.push(g);
        byLabel.set(k, list);
      };
      if (g.years.length > 0) add(g.label, false);
      for (const a of g.aliases ?? []) add(a, false);
      for (const a of g.yearOptionalAliases ?? []) add(a, true);
    }
    labelForms.sort((a, b) => b.text.length - a.text.length);
    const labelFormsByFirst = new Map<string, LabelForm[]>();
    const longestLowerByFirst = new Map<string, number>();
    for (const f of labelForms) {
      const list = labelFormsByFirst.get(f.lower[0]);
      if (list) list.push(f);
      else labelFormsByFirst.set(f.lower[0], [f]);
      longestLowerByFirst.set(f.lower[0], Math.max(longestLowerByFirst.get(f.lower[0]) ?? 0, f.lower.length));
    }
    idx = { labelForms, labelFormsByFirst, longestLowerByFirst, byLabel };
    indexes.set(catalog, idx);
  }
  return idx;
}

/** Every label spelling the catalog knows, longest first (for longest-match parsing). */
export function labelForms(catalog: Catalog): readonly LabelForm[] {
  return indexOf(catalog).labelForms;
}

const NO_FORMS: readonly LabelForm[] = [];
/** The label spellings whose lower case starts with `c` (a lower-case character), longest first. */
export function labelFormsStartingWith(catalog: Catalog, c: string | undefined): readonly LabelForm[] {
  return (c !== undefined && indexOf(catalog).labelFormsByFirst.get(c)) || NO_FORMS;
}

/** The length of the longest lower-case label spelling that starts with `c` (0 if none). */
export function longestLabelFormStartingWith(catalog: Catalog, c: string | undefined): number {
  return (c !== undefined && indexOf(catalog).longestLowerByFirst.get(c)) || 0;
}

// ---------------------------------------------------------------- lookups

export interface LabelResolution {
  /** The guideline the label (and year) names; for a year mismatch, the label's entries. */
  guideline?: GuidelineEntry;
  /** Every entry carrying this label (e.g. Chronic Pain 2009 and 2016). */
  candidates: GuidelineEntry[];
  knownLabel: boolean;
  /** The year is one the label was published with (true when no year is needed). */
  yearValid: boolean;
  /** Years valid for this label. */
  validYears: GuidelineYear[];
  /** The matching year entry (with its confidence). */
  year?: GuidelineYear;
}

/** Resolutions by label, then year (undefined: none), with their count (the cache is emptied at 2000). */
interface ResolutionCache {
  byLabel: Map<string, Map<number | undefined, Readonly<LabelResolution>>>;
  size: number;
}
const resolutions = new WeakMap<Catalog, ResolutionCache>();

/** Resolve a guideline label (case- and punctuation-insensitive) and optional year. The answer is
 *  shared by every citation of the same label and year (a letter, and an archive, cites the same
 *  few), so it is read-only. */
export function resolveLabel(catalog: Catalog, label: string, year?: number): Readonly<LabelResolution> {
  let cache = resolutions.get(catalog);
  if (!cache) resolutions.set(catalog, (cache = { byLabel: new Map(), size: 0 }));
  // Keyed by the label and then the year, not by a string made of both: a new key string had to
  // be built and hashed for every citation.
  let byYear = cache.byLabel.get(label);
  let r = byYear?.get(year);
  if (!r) {
    if (cache.size >= 2000) {
      cache.byLabel.clear();
      cache.size = 0;
      byYear = undefined;
    }
    if (!byYear) cache.byLabel.set(label, (byYear = new Map()));
    byYear.set(year, (r = resolveLabelUncached(catalog, label, year)));
    cache.size++;
  }
  return r;
}

function resolveLabelUncached(catalog: Catalog, label: string, year?: number): LabelResolution {
  const candidates = indexOf(catalog).byLabel.get(normName(label)) ?? [];
  const validYears = candidates.flatMap((g) => g.years).sort((a, b) => a.year - b.year);
  if (candidates.length === 0) return { candidates, knownLabel: false, yearValid: false, validYears };
  if (year === undefined) {
    const noYearOk = candidates.find((g) => (g.yearOptionalAliases ?? []).some((a) => normName(a) === normName(label)));
    return { guideline: noYearOk ?? candidates[candidates.length - 1], candidates, knownLabel: true, yearValid: !!noYearOk, validYears };
  }
  for (const g of candidates) {
    const y = g.years.find((y) => y.year === year);
    if (y) return { guideline: g, candidates, knownLabel: true, yearValid: true, validYears, year: y };
  }
  // An alias of one edition with the year of another edition of the same guideline: the title
  // "Chronic Pain Medical Treatment Guidelines" with 2016 names the 2016 revision (the alias is
  // listed with the 2009 edition only), not a guideline that does not exist.
  for (const g of candidates) {
    for (const sibling of indexOf(catalog).byLabel.get(normName(g.label)) ?? []) {
      const y = sibling.years.find((y) => y.year === year);
      if (y) return { guideline: sibling, candidates, knownLabel: true, yearValid: true, validYears: [...validYears, y], year: y };
    }
  }
  return { guideline: candidates[0], candidates, knownLabel: true, yearValid: false, validYears };
}

export function guidelineById(catalog: Catalog, id: string): GuidelineEntry | undefined {
  return catalog.guidelines.find((g) => g.id === id);
}

export interface Suggestion<T> {
  value: string;
  entry: T;
  distance: number;
}

/**
 * The guideline whose label `text` is the start of, cut at a word ("Chronic Pain Medical" of
 * "Chronic Pain Medical Treatment"): two words at least; the most cited one when several are.
 */
export function labelStartedBy(catalog: Catalog, text: string): GuidelineEntry | undefined {
  const target = normName(text);
  if (!/\S \S/.test(target)) return undefined;
  let best: GuidelineEntry | undefined;
  for (const f of indexOf(catalog).labelForms) {
    const form = normName(f.text);
    if (form.length > target.length && form.startsWith(target) && form[target.length] === ' ' && (!best || (f.guideline.count ?? 0) > (best.count ?? 0))) best = f.guideline;
  }
  return best;
}

/** The nearest known label (by edit distance on normalised text), for "did you mean". */
/** How many label forms `nearestLabel` compares a label with: its cost. */
export function labelFormCount(catalog: Catalog): number {
  return indexOf(catalog).labelForms.length;
}

export function nearestLabel(catalog: Catalog, label: string, maxDistance?: number): Suggestion<GuidelineEntry> | undefined {
  const target = normName(label);
  // A label cut off in mid-word ("Chronic Pain Med"): the label it starts, not the nearest by
  // edits (which would be the shorter "Chronic Pain"). The most cited one when several start so.
  if (target.length >= 6) {
    let cut: Suggestion<GuidelineEntry> | undefined;
    for (const f of indexOf(catalog).labelForms) {
      if (f.noYear) continue;
      const form = (f.norm ??= normName(f.text));
      if (form.length <= target.length || !form.startsWith(target) || !/[a-z0-9]/.test(form[target.length]) || !/[a-z0-9]$/.test(target)) continue;
      if (!cut || (f.guideline.count ?? 0) > (cut.entry.count ?? 0)) cut = { value: f.guideline.label, entry: f.guideline, distance: form.length - target.length };
    }
    if (cut) return cut;
  }
  const max = maxDistance ?? Math.max(2, Math.floor(target.length * 0.34));
  let best: Suggestion<GuidelineEntry> | undefined;
  // A form whose character counts differ by more than twice the edits allowed is no nearer: not
  // measured (a user catalog of 8,500 labels made each unknown label 8,500 edit distances: 24 s a lint).
  const counts = charCounts(target);
  for (const f of indexOf(catalog).labelForms) {
    if (f.noYear) continue;
    const limit = best ? Math.min(best.distance, max) : max;
    const form = (f.norm ??= normName(f.text));
    if (!countsWithin(counts, (f.counts ??= charCounts(form)), limit)) continue;
    const d = editDistance(target, form, limit);
    if (d <= max && (!best || d < best.distance || (d === best.distance && (f.guideline.count ?? 0) > (best.entry.count ?? 0))))
      best = { value: f.guideline.label, entry: f.guideline, distance: d };
  }
  return best;
}

/** Section names known for a guideline (most cited first). */
export function sectionsOf(guideline: GuidelineEntry): SectionEntry[] {
  return [...guideline.sections].sort((a, b) => (b.count ?? 0) - (a.count ?? 0));
}

export function findSection(guideline: GuidelineEntry, name: string): SectionEntry | undefined {
  const k = normName(name);
  return guideline.sections.find((s) => normName(s.name) === k);
}

/**
 * Another edition of the same guideline (same label, another entry: Chronic Pain Medical Treatment
 * 2009 and 2016) that lists the section name. The editions' lists overlap almost wholly (166 of the
 * 168 names known for 2009 are known for 2016), and neither is complete: a name known for one is
 * no evidence against the other.
 */
export function otherEditionWithSection(catalog: Catalog, guideline: GuidelineEntry, name: string): GuidelineEntry | undefined {
  return catalog.guidelines.find((g) => g !== guideline && g.id !== guideline.id && g.label === guideline.label && findSection(g, name) !== undefined);
}

/** True when the guideline has a list of section names to check against. */
export function hasSectionList(guideline: GuidelineEntry): boolean {
  return guideline.sections.length > 0 || !!guideline.sectionPattern;
}

/** A section name is valid when listed, or when it fits the guideline's numbered-heading pattern. */
export function sectionMatchesPattern(guideline: GuidelineEntry, name: string): boolean {
  if (!guideline.sectionPattern) return false;
  try {
    return linearRegex(guideline.sectionPattern).test(name);
  } catch {
    return false;
  }
}

/** True when the catalog's section list for this guideline is confirmed complete. */
export function sectionListComplete(guideline: GuidelineEntry): boolean {
  return guideline.sectionList?.complete === true;
}

/**
 * The nearest known section name, for "did you mean": only when it is near (at most about a fifth of
 * the name's letters differ, and never more than `maxDistance`) and unambiguous (every other name is
 * at least two edits further away). Returns undefined when it cannot tell.
 */
export function nearestSection(guideline: GuidelineEntry, name: string, maxDistance?: number): Suggestion<SectionEntry> | undefined {
  const target = normName(name);
  const max = maxDistance ?? Math.max(1, Math.min(4, Math.floor(target.length * 0.2)));
  const GAP = 2;
  let best: Suggestion<SectionEntry> | undefined;
  let second = Infinity;
  for (const s of guideline.sections) {
    const d = editDistance(target, normName(s.name), max + GAP);
    if (!best || d < best.distance) {
      if (best) second = Math.min(second, best.distance);
      best = { value: s.name, entry: s, distance: d };
    } else if (normName(s.name) !== normName(best.value)) second = Math.min(second, d);
  }
  if (!best || best.distance > max || second - best.distance < GAP) return undefined;
  return best;
}

/** The ACOEM 2nd-edition chapter with this number (the 2004 chapter, not the 2007 elbow revision). */
export function chapterByNumber(catalog: Catalog, n: number): ChapterEntry | undefined {
  return catalog.chapters.find((c) => c.number === n && !c.edition);
}

/**
 * The chapter a citation "Chapter <n> <title>" names: the chapter of that number whose own title
 * the citation writes, revisions included ("Chapter 10 Elbow Disorders" is the revised 2007
 * chapter, with pages of its own), else the 2nd-edition chapter of that number.
 */
export function citedChapter(catalog: Catalog, n: number, title?: string): ChapterEntry | undefined {
  if (title) {
    const k = normName(title.replace(/\s*\((?:revised\s+)?\d{4}\)\s*$/i, ''));
    const own = catalog.chapters.find((c) => c.number === n && normName(c.title) === k);
    if (own) return own;
  }
  return chapterByNumber(catalog, n);
}

/** The chapter whose title (or alias) is `title`, case- and punctuation-insensitive. */
export function chapterByTitle(catalog: Catalog, title: string): ChapterEntry | undefined {
  const k = normName(title);
  // A chapter's own title first ("Elbow Disorders" is the 2007 revision), then aliases.
  return catalog.chapters.find((c) => normName(c.title) === k) ?? catalog.chapters.find((c) => (c.aliases ?? []).some((a) => normName(a) === k));
}

export function chapterTitleMatches(chapter: ChapterEntry, title: string): boolean {
  const k = normName(title);
  return normName(chapter.title) === k || (chapter.aliases ?? []).some((a) => normName(a) === k);
}

/** Every chapter title spelling, longest first (for longest-match parsing). */
export function chapterTitleForms(catalog: Catalog): string[] {
  const forms = new Set<string>();
  for (const c of catalog.chapters) {
    forms.add(c.title);
    for (const a of c.aliases ?? []) forms.add(a);
  }
  return [...forms].sort((a, b) => b.length - a.length);
}

export interface PageVerdict {
  /** 'inside' the range, 'outside' it, or 'unknown' when the catalog has no bounds. */
  status: 'inside' | 'outside' | 'unknown';
  range?: PageRange;
}

/** Is `page` inside a chapter's page range (with the range's tolerance)? */
export function checkChapterPage(chapter: ChapterEntry, page: number): PageVerdict {
  const r = chapter.pages;
  if (!r || r.anchorOnly) return { status: 'unknown', range: r };
  const tol = r.tolerance ?? 0;
  if (page < r.from - tol) return { status: 'outside', range: r };
  if (r.to !== null && page > r.to + tol) return { status: 'outside', range: r };
  return { status: 'inside', range: r };
}

/** The ACOEM 2nd-edition chapter that holds a page (by the catalog's ranges, tolerance ignored). */
export function chapterOfPage(catalog: Catalog, page: number): ChapterEntry | undefined {
  return catalog.chapters.find((c) => c.pages && !c.pages.anchorOnly && c.pages.to !== null && page >= c.pages.from && page <= c.pages.to);
}

/** Topics of a guideline whose (page-tagged) range holds `page`. */
export function topicsOfPage(guideline: GuidelineEntry, page: number): SectionEntry[] {
  return guideline.sections.filter((s) => s.pages && page >= s.pages[0] && page <= s.pages[1]);
}

export function referenceByTag(catalog: Catalog, tag: string): Reference | undefined {
  return catalog.references?.find((r) => r.tag === tag);
}

/**
 * The ACOEM chapter that a guideline label cited with `year` stands for: the year's own document when
 * it is a revision ("Elbow Complaints 2007" is the 2007 Elbow Disorders revision, with its own pages),
 * else the 2004 chapter. Undefined for guidelines that are not ACOEM chapters.
 */
export function chapterOfGuidelineYear(catalog: Catalog, g: GuidelineEntry, year?: number): ChapterEntry | undefined {
  if (g.chapter === undefined) return undefined;
  const edition = g.years.find((y) => y.year === year)?.chapterEdition;
  if (edition) return catalog.chapters.find((c) => c.number === g.chapter && c.edition === edition);
  return chapterByNumber(catalog, g.chapter);
}

export function regulationBySection(catalog: Catalog, section: string): RegulationEntry | undefined {
  return catalog.regulations.find((r) => r.section === section);
}

export interface SourceMatch {
  source: SourceEntry;
  /** Offsets of the match inside the searched text. */
  start: number;
  end: number;
}

const sourceHits = new WeakMap<Catalog, Map<string, readonly SourceMatch[]>>();

/** Known non-MTUS sources named in free text, in text order (first pattern hit per source); with
 *  `only`, just the sources with those ids (the others are not looked for). Read-only: shared. */
export function findSources(catalog: Catalog, text: string, only?: ReadonlySet<string>): readonly SourceMatch[] {
  // A citation's text is read once per catalog (the two guideline lines of an item, and the
  // letters of an archive, repeat the same few); a long text or a subset is read each time.
  if (only || text.length > 300) return findSourcesUncached(catalog, text, only);
  let cache = sourceHits.get(catalog);
  if (!cache) sourceHits.set(catalog, (cache = new Map()));
  let hits = cache.get(text);
  if (!hits) {
    if (cache.size >= 2000) cache.clear();
    cache.set(text, (hits = findSourcesUncached(catalog, text)));
  }
  return hits;
}

function findSourcesUncached(catalog: Catalog, text: string, only?: ReadonlySet<string>): SourceMatch[] {
  const out: SourceMatch[] = [];
  // A pattern with literal parts can only match a text holding each of them (in any case): most
  // texts name no source, so most patterns are ruled out by indexOf before RE2 runs. Only the long
  // s (ſ), which RE2 folds to "s" and toLowerCase keeps, gets every pattern run.
  const lower = LONG_S.test(text) ? undefined : text.toLowerCase();
  for (const s of catalog.sources) {
    if (only && !only.has(s.id)) continue;
    for (const p of s.patterns) {
      if (lower !== undefined) {
        if (!requiredLiterals(p).every((lit) => lower.includes(lit))) continue;
        // A plain word or phrase (maybe between \b): found by indexOf, as RE2 would find it.
        const plain = plainPattern(p);
        if (plain && lower.length === text.length) {
          const at = findPlain(text, lower, plain);
          if (at >= 0) {
            out.push({ source: s, start: at, end: at + plain.literal.length });
            break;
          }
          continue;
        }
      }
      // Patterns can come from a user catalog: RE2 matches them in linear time, whatever they are.
      let m: { index: number; end: number } | undefined;
      try {
        m = linearRegex(p, { ignoreCase: true }).exec(text);
      } catch {
        continue;
      }
      if (m) {
        out.push({ source: s, start: m.index, end: m.end });
        break;
      }
    }
  }
  // Drop a generic hit overlapped by a more specific earlier-listed source (e.g. "ACOEM" inside an ODG text is kept).
  out.sort((a, b) => a.start - b.start);
  return out;
}

const LONG_S = /\u017f/;

interface PlainPattern {
  /** Lower case. */
  literal: string;
  boundaryBefore: boolean;
  boundaryAfter: boolean;
}
const plainPatterns = new Map<string, PlainPattern | null>();

/** A pattern that is one literal (letters, digits, spaces and escaped punctuation), maybe between `\b`s. */
function plainPattern(pattern: string): PlainPattern | undefined {
  let plain = plainPatterns.get(pattern);
  if (plain === undefined) {
    const m = /^(\\b)?((?:[A-Za-z0-9 ,:;'"&#%=<>~`!@/-]|\\[.()[\]{}*+?|^$\\/-])+?)(\\b)?$/.exec(pattern);
    plain = m ? { literal: m[2].replace(/\\(.)/g, '$1').toLowerCase(), boundaryBefore: !!m[1], boundaryAfter: !!m[3] } : null;
    // Every character stands for itself only if no quantifier follows any: the class above has none.
    if (plainPatterns.size > 5000) plainPatterns.clear();
    plainPatterns.set(pattern, plain);
  }
  return plain ?? undefined;
}

const isWordChar = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
/** The first index of `p` in `text` (case-insensitively, `lower` being `text` in lower case, of the same length), honouring its `\b`s (ASCII, as RE2's); -1 if none. */
function findPlain(text: string, lower: string, p: PlainPattern): number {
  const n = p.literal.length;
  for (let at = lower.indexOf(p.literal); at >= 0; at = lower.indexOf(p.literal, at + 1)) {
    if (p.boundaryBefore && isWordChar(text.charCodeAt(at)) === (at > 0 && isWordChar(text.charCodeAt(at - 1)))) continue;
    if (p.boundaryAfter && isWordChar(text.charCodeAt(at + n - 1)) === (at + n < text.length && isWordChar(text.charCodeAt(at + n)))) continue;
    return at;
  }
  return -1;
}
const literals = new Map<string, string[]>();

/**
 * Literal runs (lower case) that every match of a case-insensitive pattern holds: the plain
 * characters of its top level (outside groups, classes and repeat counts), a character followed by
 * `?`, `*` or `{` left out; none when the pattern has an alternative at its top level or an escape
 * other than an escaped punctuation mark or a one-letter class (\d, \b, \s ...).
 */
export function requiredLiterals(pattern: string): string[] {
  let lits = literals.get(pattern);
  if (lits !== undefined) return lits;
  lits = [];
  if (!hasTopLevelAlternative(pattern)) {
    let run = '';
    const close = () => {
      if (run) lits!.push(run.toLowerCase());
      run = '';
    };
    for (let i = 0; i < pattern.length; i++) {
      const c = pattern[i];
      let literal: string | undefined;
      if (/[A-Za-z0-9 ,:;'"&#%=<>~`!@/-]/.test(c)) literal = c;
      else if (c === '\\' && /[.()[\]{}*+?|^$\\/-]/.test(pattern[i + 1] ?? '')) literal = pattern[++i];
      else if (c === '\\') {
        // A one-letter class or assertion (\d, \b, \s ...) or control character is no literal; any
        // other escape (\x41, \pL, \Q…\E, \1) might be anything: then nothing is required.
        if (!/[dDwWsSbBAztnrfv]/.test(pattern[i + 1] ?? '')) return remember(pattern, []);
        i++;
        close();
        continue;
      } else if (c === '{') {
        const to = pattern.indexOf('}', i);
        i = to < 0 ? pattern.length : to;
        close();
        continue;
      } else if (c === '(' || c === '[') {
        i = skipGroup(pattern, i);
        close();
        continue;
      } else {
        close();
        continue;
      }
      if (/^[?*{]/.test(pattern.slice(i + 1, i + 2))) {
        close();
        continue;
      }
      run += literal;
    }
    close();
  }
  return remember(pattern, lits);
}

function remember(pattern: string, lits: string[]): string[] {
  if (literals.size > 5000) literals.clear();
  literals.set(pattern, lits);
  return lits;
}

/** The index of the `)` or `]` that closes the group or class opened at `i` (the last index if none). */
function skipGroup(pattern: string, i: number): number {
  let depth = 0;
  let inClass = false;
  let classStart = -1;
  for (; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (inClass) {
      // A "]" first in a class ("[]a]", "[^]a]") is one of its characters.
      if (c === ']' && i > classStart) {
        inClass = false;
        if (depth === 0) return i;
      }
    } else if (c === '[') {
      inClass = true;
      classStart = pattern[i + 1] === '^' ? i + 2 : i + 1;
      if (pattern[i + 1] === '^') i++;
    } else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return pattern.length - 1;
}

function hasTopLevelAlternative(pattern: string): boolean {
  let depth = 0;
  let inClass = false;
  let classStart = -1;
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') i++;
    else if (inClass) inClass = !(c === ']' && i > classStart);
    else if (c === '[') {
      inClass = true;
      classStart = pattern[i + 1] === '^' ? i + 2 : i + 1;
    }
    else if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === '|' && depth === 0) return true;
  }
  return false;
}

/** The known non-MTUS source a name refers to ("ODG", "Official Disability Guidelines", ...). */
export function sourceByName(catalog: Catalog, text: string): SourceEntry | undefined {
  const hits = findSources(catalog, text);
  return hits.find((h) => h.start === 0)?.source ?? hits[0]?.source;
}

/** The ODG chapter a free-text citation names, if any. */
export function odgChapterOf(source: SourceEntry, text: string): SourceChapter | undefined {
  const t = normName(text);
  for (const c of source.chapters ?? []) if (c.keys.some((k) => t.includes(normName(k)))) return c;
  return undefined;
}

// ---------------------------------------------------------------- user catalogs

/** Extend `base` with `extra`: entries with a new id/number/section are added; same id replaces. */
export function mergeCatalog(base: Catalog, extra: Partial<Catalog>): Catalog {
  const byKey = <T>(a: T[], b: T[] | undefined, key: (t: T) => string): T[] => {
    if (!b || b.length === 0) return a;
    const map = new Map(a.map((x) => [key(x), x] as const));
    for (const x of b) map.set(key(x), x);
    return [...map.values()];
  };
  return {
    guidelines: byKey(base.guidelines, extra.guidelines, (g) => g.id),
    chapters: byKey(base.chapters, extra.chapters, (c) => `${c.number}|${c.edition ?? ''}`),
    regulations: byKey(base.regulations, extra.regulations, (r) => r.section),
    sources: byKey(base.sources, extra.sources, (s) => s.id),
    eras: base.eras,
    mtusLink: extra.mtusLink ?? base.mtusLink,
    references: base.references,
  };
}

/**
 * Check a user-supplied extra catalog (already JSON-parsed). Never throws. Shape:
 * `{ "guidelines"?: [...], "chapters"?: [...], "regulations"?: [...], "sources"?: [...] }` with the
 * same fields as the built-in files; `source` defaults to "user catalog" and `confidence` to
 * "unconfirmed"; a guideline's `years` may be plain numbers and its `sections` plain strings.
 * Returns the normalised partial catalog (merge it with `mergeCatalog`) or the errors found.
 */
const PATTERN_RULES = '(patterns are RE2 regular expressions: no lookarounds or backreferences, at most 200 characters, repeat counts up to 100)';

export function validateCatalogFile(json: unknown, fileName = 'catalog file'): { catalog?: Partial<Catalog>; errors: string[] } {
  const errors: string[] = [];
  const err = (where: string, msg: string) => errors.push(`${fileName}: ${where}: ${msg}`);
  if (typeof json !== 'object' || json === null || Array.isArray(json)) {
    return { errors: [`${fileName}: expected a JSON object with "guidelines", "chapters", "regulations" or "sources" arrays`] };
  }
  const obj = json as Record<string, unknown>;
  const known = new Set(['guidelines', 'chapters', 'regulations', 'sources', 'mtusLink', '$comment', '$schema']);
  for (const k of Object.keys(obj)) if (!known.has(k)) err(k, `unknown key (expected guidelines, chapters, regulations, sources)`);
  const str = (v: unknown) => typeof v === 'string' && v.trim().length > 0;
  const conf = (v: unknown, where: string): Confidence => {
    if (v === undefined) return 'unconfirmed';
    if (typeof v === 'string' && (CONFIDENCES as readonly string[]).includes(v)) return v as Confidence;
    err(where, `confidence must be one of ${CONFIDENCES.join(', ')}`);
    return 'unconfirmed';
  };
  const src = (v: unknown) => (str(v) ? (v as string) : 'user catalog');
  const arr = (k: string): unknown[] | undefined => {
    const v = obj[k];
    if (v === undefined) return undefined;
    if (!Array.isArray(v)) {
      err(k, 'must be an array');
      return undefined;
    }
    return v;
  };
  const out: Partial<Catalog> = {};
  const gl = arr('guidelines');
  if (gl) {
    out.guidelines = [];
    gl.forEach((g, i) => {
      const w = `guidelines[${i}]`;
      if (typeof g !== 'object' || g === null) return err(w, 'must be an object');
      const o = g as Record<string, unknown>;
      if (!str(o.label)) return err(w, '"label" (the guideline label as letters write it, without the year) is required');
      const years: GuidelineYear[] = [];
      if (!Array.isArray(o.years)) err(w, '"years" must be an array of years, e.g. [2004]');
      else
        o.years.forEach((y, j) => {
          const yy = typeof y === 'number' ? { year: y } : (y as Record<string, unknown>);
          if (typeof yy !== 'object' || yy === null || typeof yy.year !== 'number' || !Number.isInteger(yy.year) || yy.year < 1950 || yy.year > 2100)
            return err(`${w}.years[${j}]`, 'must be a year such as 2004 or { "year": 2004 }');
          years.push({ year: yy.year as number, source: src(yy.source ?? o.source), confidence: conf(yy.confidence ?? o.confidence, `${w}.years[${j}]`) });
        });
      const sections: SectionEntry[] = [];
      if (o.sections !== undefined && !Array.isArray(o.sections)) err(w, '"sections" must be an array of names');
      else
        ((o.sections as unknown[]) ?? []).forEach((s, j) => {
          const so = typeof s === 'string' ? { name: s } : (s as Record<string, unknown>);
          if (typeof so !== 'object' || so === null || !str(so.name)) return err(`${w}.sections[${j}]`, 'must be a name or { "name": ... }');
          sections.push({ name: (so.name as string).trim(), source: src(so.source ?? o.source), confidence: conf(so.confidence ?? o.confidence, `${w}.sections[${j}]`) });
        });
      if (o.sectionPattern !== undefined) {
        const problem = userPatternError(String(o.sectionPattern));
        if (problem) err(w, `"sectionPattern" cannot be used: ${problem} ${PATTERN_RULES}`);
      }
      const label = (o.label as string).trim();
      out.guidelines!.push({
        id: str(o.id) ? (o.id as string) : `user-${label.toLowerCase().replace(/[^a-z0-9]+/g, '-')}-${years.map((y) => y.year).join('-')}`,
        label,
        years,
        aliases: Array.isArray(o.aliases) ? o.aliases.filter(str).map(String) : undefined,
        yearOptionalAliases: Array.isArray(o.yearOptionalAliases) ? o.yearOptionalAliases.filter(str).map(String) : undefined,
        group: str(o.group) ? (o.group as string) : 'user',
        fullName: str(o.fullName) ? (o.fullName as string) : label,
        regulation: str(o.regulation) ? (o.regulation as string) : undefined,
        era: str(o.era) ? (o.era as string) : 'not stated (user catalog)',
        chapter: typeof o.chapter === 'number' ? o.chapter : undefined,
        sections,
        sectionPattern: o.sectionPattern !== undefined ? String(o.sectionPattern) : undefined,
        sectionList: typeof o.sectionListComplete === 'boolean' ? { complete: o.sectionListComplete, source: src(o.source), confidence: conf(o.confidence, w) } : undefined,
        count: 0,
        source: src(o.source),
        confidence: conf(o.confidence, w),
      });
    });
  }
  const ch = arr('chapters');
  if (ch) {
    out.chapters = [];
    ch.forEach((c, i) => {
      const w = `chapters[${i}]`;
      const o = c as Record<string, unknown>;
      if (typeof o !== 'object' || o === null) return err(w, 'must be an object');
      if (typeof o.number !== 'number' || !Number.isInteger(o.number) || o.number < 1) return err(w, '"number" must be a positive whole number');
      if (!str(o.title)) return err(w, '"title" is required');
      let pages: PageRange | undefined;
      if (o.pages !== undefined) {
        const p = o.pages as Record<string, unknown>;
        if (typeof p !== 'object' || p === null || typeof p.from !== 'number' || !(typeof p.to === 'number' || p.to === null) || (typeof p.to === 'number' && p.to < p.from))
          err(w, '"pages" must be { "from": N, "to": M } with M >= N');
        else pages = { from: p.from, to: p.to as number | null, tolerance: typeof p.tolerance === 'number' ? p.tolerance : 0, source: src(p.source ?? o.source), confidence: conf(p.confidence ?? o.confidence, w) };
      }
      const confidence = conf(o.confidence, w);
      out.chapters!.push({
        number: o.number,
        title: (o.title as string).trim(),
        aliases: Array.isArray(o.aliases) ? o.aliases.filter(str).map(String) : undefined,
        edition: str(o.edition) ? (o.edition as string) : undefined,
        regulation: str(o.regulation) ? (o.regulation as string) : '',
        titleConfidence: confidence,
        titleSource: src(o.source),
        numberConfidence: confidence,
        numberSource: src(o.source),
        pages,
        guideline: str(o.guideline) ? (o.guideline as string) : undefined,
        source: src(o.source),
        confidence,
      });
    });
  }
  const rg = arr('regulations');
  if (rg) {
    out.regulations = [];
    rg.forEach((r, i) => {
      const o = r as Record<string, unknown>;
      const w = `regulations[${i}]`;
      if (typeof o !== 'object' || o === null || !str(o.section) || !str(o.title)) return err(w, '"section" (e.g. "9792.24.2") and "title" are required');
      out.regulations!.push({ section: o.section as string, title: o.title as string, era: str(o.era) ? (o.era as string) : '', source: src(o.source), confidence: conf(o.confidence, w) });
    });
  }
  const so = arr('sources');
  if (so) {
    out.sources = [];
    so.forEach((s, i) => {
      const o = s as Record<string, unknown>;
      const w = `sources[${i}]`;
      if (typeof o !== 'object' || o === null || !str(o.name)) return err(w, '"name" is required');
      const patterns = Array.isArray(o.patterns) ? o.patterns.filter(str).map(String) : [(o.name as string).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')];
      for (const p of patterns) {
        const problem = userPatternError(p, { ignoreCase: true });
        if (problem) err(w, `pattern ${JSON.stringify(p.slice(0, 80))} cannot be used: ${problem} ${PATTERN_RULES}`);
      }
      out.sources!.push({
        id: str(o.id) ? (o.id as string) : `user-${(o.name as string).toLowerCase().replace(/[^a-z0-9]+/g, '-')}`,
        name: o.name as string,
        patterns,
        what: str(o.what) ? (o.what as string) : '',
        tier: str(o.tier) ? (o.tier as string) : 'not stated (user catalog)',
        source: src(o.source),
        confidence: conf(o.confidence, w),
      });
    });
  }
  if (obj.mtusLink !== undefined) {
    if (str(obj.mtusLink) && /^https?:\/\//.test(obj.mtusLink as string)) out.mtusLink = obj.mtusLink as string;
    else err('mtusLink', 'must be an http(s) URL');
  }
  return errors.length > 0 ? { errors } : { catalog: out, errors };
}
