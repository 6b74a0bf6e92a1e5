/**
 * Hover text for citations: guideline, 8 CCR section and era, chapter and pages, topic, DWC link.
 *
 * Every fact shown comes from a catalog entry and is shown with that entry's source (by its name and
 * link, never a file or repository path) and confidence: an inferred fact says it is inferred, an
 * unconfirmed one says it is only a hint. The text is built from the entries' fields, so a new
 * catalog entry (another guideline, year or chapter revision) renders without changes here.
 */
import type { Letter, Span } from '../model';
import { citationsOf, type Citation, type Part } from '../citations';
import {
  chapterByNumber,
  citedChapter,
  nearestLabel,
  chapterByTitle,
  chapterOfGuidelineYear,
  chapterOfPage,
  defaultCatalog,
  findSection,
  odgChapterOf,
  referenceByTag,
  regulationBySection,
  sectionListComplete,
  sectionMatchesPattern,
  topicsOfPage,
  type Catalog,
  type ChapterEntry,
  type Confidence,
  type GuidelineEntry,
  type SourceEntry,
} from '../catalog';
import { citedVersion, eraSummary } from '../catalog/eras';

export interface HoverResult {
  markdown: string;
  span: Span;
}

const inSpan = (s: Span, o: number) => o >= s.start && o <= s.end;

const CONFIDENCE_WORDS: Record<Confidence, string> = {
  confirmed: 'confirmed',
  inferred: 'inferred',
  unconfirmed: 'unconfirmed',
};
/** What the confidence words mean, said once at the foot of a hover that uses them. */
const CONFIDENCE_LEGEND: [Confidence, string][] = [
  ['inferred', '_"Inferred" above: worked out from confirmed facts, not stated by a source._'],
  ['unconfirmed', '_"Unconfirmed" above: not found in a source; a hint only._'],
];

/** `markdown` with the meaning of each confidence word it uses (other than "confirmed") at its foot. */
function withLegend(markdown: string): string {
  const used = CONFIDENCE_LEGEND.filter(([word]) => new RegExp(`\\b${word}\\b`).test(markdown)).map(([, text]) => text);
  return used.length > 0 ? `${markdown}\n\n${used.join(' ')}` : markdown;
}

/**
 * A catalog `source` string as a reader needs it: "[R-IDX]" tags become the sources' names and
 * links; the catalog's own working notes become what they stand for ("cited in published IMR
 * letters (tuning half): CM17-…", "seeds 001, 004" → "published IMR letters"; "from recollection"
 * → "not found in a retrievable source"); the team's fact-sheet references, confidence words in
 * parentheses (the hover states the confidence) and file or repository paths are dropped.
 */
export function sourceText(catalog: Catalog, source: string): string {
  const parts: string[] = [];
  const add = (p: string) => {
    if (p && !parts.includes(p)) parts.push(p);
  };
  for (const raw of splitOutsideParentheses(source)) {
    // "MTUS fact sheet §2.1: <what it says>" keeps what it says; another mention of the fact sheet is dropped.
    const segment = raw.replace(/^MTUS fact sheet(?: §[\d.]+)?:\s*/, '');
    const tags = [...segment.matchAll(/\[([A-Z][A-Z0-9.-]*)\]/g)].map((m) => m[1]);
    const fromLetters = /\b(?:letters?|seeds?)\b/i.test(segment);
    if (tags.length > 0) {
      if (fromLetters && /^\s*seeds?\b/i.test(segment)) add('published IMR letters');
      for (const tag of tags) {
        const r = referenceByTag(catalog, tag);
        add(r ? `[${r.name}](${r.url})` : `[${tag}]`);
      }
      continue;
    }
    if (fromLetters) add('published IMR letters');
    else if (/recollection|not found in a retrievable source/i.test(segment)) add('not found in a retrievable source');
    else if (/fact sheet|\bissue \d/i.test(segment)) continue;
    else
      add(
        segment
          .replace(PATH, '$1')
          .replace(/\s*\([^()]*\b(?:inferred|unconfirmed|confirmed|tuning half|fact sheet)\b[^()]*\)/gi, '')
          .replace(/\(\s*[,;]?\s*\)/g, '')
          .replace(/\s{2,}/g, ' ')
          .trim(),
      );
  }
  return parts.join('; ');
}
/** `source` split at its semicolons, not at one inside parentheses ("topic table (name and page from
 *  recollection; unconfirmed)" is one part: split there, the hover showed "…; unconfirmed)"). */
function splitOutsideParentheses(source: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '(') depth++;
    else if (c === ')') depth = Math.max(0, depth - 1);
    else if (c === ';' && depth === 0) {
      parts.push(source.slice(from, i).trim());
      from = i + 1;
    }
  }
  parts.push(source.slice(from).trim());
  return parts;
}
const PATH = /(^|[\s(])(?:\.{1,2}\/[\w./-]+|[\w.-]+(?:\/[\w.-]+){2,}|[\w-]+(?:\/[\w-]+)*\.(?:sql|md|ktr|txt|json|ts|js))(?=$|[\s),;:])/g;

/** "_Label and year: inferred · Source: …_": what the confidence is of, so that it is not read as the confidence of the line above. */
function provenance(catalog: Catalog, subject: string, confidence: Confidence, source?: string): string {
  const src = source ? sourceText(catalog, source) : '';
  return `_${subject}: ${CONFIDENCE_WORDS[confidence]}${src ? ` · Source: ${src}` : ''}_`;
}

export function hoverAt(letter: Letter, offset: number, catalog: Catalog = defaultCatalog()): HoverResult | undefined {
  for (const fc of citationsOf(letter, catalog)) {
    if (!inSpan(fc.field.bodySpan, offset)) continue;
    for (const c of fc.citations) {
      if (!inSpan(c.span, offset)) continue;
      const h = hoverCitation(c, offset, catalog);
      if (h) return { span: h.span, markdown: withLegend(h.markdown) };
    }
  }
  return undefined;
}

const SEARCH_SEQUENCE =
  '8 CCR 9792.21.1 (Medical Evidence Search Sequence, in force from 2016; exact date unconfirmed) orders the search: the MTUS first; then, when the MTUS does not address the condition or its presumption of correctness is challenged, the most current version of ACOEM or ODG; then other nationally recognized evidence-based guidelines; then current peer-reviewed studies.';

function hoverCitation(c: Citation, offset: number, catalog: Catalog): HoverResult | undefined {
  const at = (p?: Part) => !!p && inSpan(p.span, offset);
  const link = `[DWC: Medical Treatment Utilization Schedule](${catalog.mtusLink})`;
  if (c.kind === 'stock') {
    const what =
      c.stock === 'no-evidence'
        ? 'No guideline or study was cited for this decision.'
        : `The decision rests on sources outside the MTUS. ${SEARCH_SEQUENCE}`;
    return { span: c.span, markdown: `**Stock sentence** (${c.actor ?? 'reviewer'})\n\n${what}` };
  }
  for (const p of c.pages) {
    for (const n of [p.firstPart, p.lastPart]) if (n && at(n)) return { span: n.span, markdown: pageHover(c, n.value, catalog) };
  }
  if (c.kind === 'mtus-chapter') {
    const ch = c.chapterNumber ? citedChapter(catalog, c.chapterNumber.value, c.chapterTitle?.text) : undefined;
    if (at(c.chapterTitle) && c.chapterTitle) {
      const tch = chapterByTitle(catalog, c.chapterTitle.text);
      if (tch) return { span: c.chapterTitle.span, markdown: chapterHover(tch, catalog, link) };
    }
    if (ch) return { span: c.span, markdown: chapterHover(ch, catalog, link) };
    return undefined;
  }
  if (c.kind === 'non-mtus') {
    const hit = c.sources.find((s) => at(s.part)) ?? c.sources[0];
    if (hit) return { span: at(hit.part) ? hit.part.span : c.freeText?.span ?? c.span, markdown: sourceHover(hit.source, c.freeText?.text ?? '', catalog) };
    return { span: c.span, markdown: `**Non-MTUS citation**\n\nA source outside the MTUS. ${SEARCH_SEQUENCE}` };
  }
  // mtus
  if (c.misclassifiedSource) return { span: c.span, markdown: `${sourceHover(c.misclassifiedSource, c.label?.text ?? '', catalog)}\n\n**Not part of the MTUS**: cite it as "Decision based on Non-MTUS Citation …".` };
  const g = c.resolution?.guideline;
  if (!g || !c.resolution?.knownLabel) {
    // A label the catalog does not know: say so on the label, with the nearest known one.
    if (!c.label || !at(c.label)) return undefined;
    const near = nearestLabel(catalog, c.label.text);
    return {
      span: c.label.span,
      markdown: `**${c.label.text}** — not an MTUS guideline label the catalog knows.${near ? ` The nearest is **${near.entry.label}**.` : ''} MAXIMUS cites the MTUS by its labels, each with its year (e.g. "Low Back Complaints 2004", "Chronic Pain Medical Treatment 2016").`,
    };
  }
  const cited = `${g.label}${c.year ? ` ${c.year.value}` : ''}`;
  for (const s of c.sections) {
    if (!at(s)) continue;
    const e = findSection(g, s.name);
    const lines = [`**${s.name}** — ${e || sectionMatchesPattern(g, s.name) ? 'section' : 'cited as a section'} of ${cited}`];
    if (e) {
      if (e.pages) lines.push(`Pages ${e.pages[0]}–${e.pages[1]} — page ${CONFIDENCE_WORDS[e.pagesConfidence ?? e.confidence]}`);
      lines.push(`${provenance(catalog, 'Section name', e.confidence, e.source)}${e.count ? ` · cited ${e.count}× in published letters` : ''}`);
    } else if (sectionMatchesPattern(g, s.name)) {
      lines.push(`A numbered heading of ${g.label}: accepted by its numbering (${g.label}'s headings are numbered "1.", "3.3", "3.3.9" …); this heading's own wording is not in the catalog's list.`);
    } else {
      lines.push(`Not in the catalog's list of ${g.label} sections.${sectionListComplete(g) ? '' : ` The list is not complete${g.sectionList?.note ? `: ${g.sectionList.note}` : '.'}`}`);
    }
    lines.push(guidelineLine(g, catalog));
    return { span: s.span, markdown: lines.join('\n\n') };
  }
  const span = c.label && c.year ? { start: c.label.span.start, end: c.year.span.end } : c.label?.span ?? c.span;
  return { span, markdown: guidelineHover(g, c, catalog, link) };
}

function guidelineLine(g: GuidelineEntry, catalog: Catalog): string {
  const reg = g.regulation ? regulationBySection(catalog, g.regulation) : undefined;
  const which = g.regulationConfidence && g.regulationConfidence !== 'confirmed' ? ` (section ${g.regulationConfidence})` : '';
  return `MTUS: 8 CCR ${g.regulation ?? '?'}${reg ? ` (${reg.title})` : ''}${which}`;
}

/** "ACOEM 2nd Ed. (2004) Chapter 12: Low Back Complaints" or "ACOEM Elbow Disorders (Revised 2007)". */
function chapterName(ch: ChapterEntry): string {
  return ch.edition ? `ACOEM ${ch.title} (${ch.edition}), which replaced 2nd Ed. (2004) Chapter ${ch.number}` : `ACOEM Practice Guidelines, 2nd Edition (2004), Chapter ${ch.number}: ${ch.title}`;
}

function chapterPages(ch: ChapterEntry): string {
  const p = ch.pages;
  if (!p) return ch.edition ? 'A document of its own, with its own page numbers; its page range is not in the catalog.' : 'Page range: not known.';
  if (p.anchorOnly) return `Contains p. ${p.from} — ${CONFIDENCE_WORDS[p.confidence]}`;
  return `Pages ${p.from}–${p.to ?? '…'}${p.tolerance ? ` (estimated, ±${p.tolerance})` : ''} — ${CONFIDENCE_WORDS[p.confidence]}`;
}

function guidelineHover(g: GuidelineEntry, c: Citation, catalog: Catalog, link: string): string {
  const yr = c.year ? ` ${c.year.value}` : '';
  // The cited version's dates when the catalog knows them (else the guideline's span in the MTUS), on the regulation's line.
  const version = citedVersion(catalog, c);
  const lines = [
    `**${g.label}${yr}** — ${g.fullName}`,
    version ? `${guidelineLine(g, catalog)}. This version: ${eraSummary(version.era, { regulation: g.regulation })}` : `${guidelineLine(g, catalog)}. In force: ${g.era}.`,
  ];
  const ch = chapterOfGuidelineYear(catalog, g, c.year?.value);
  if (ch) lines.push(`${chapterName(ch)}${ch.numberConfidence === 'confirmed' ? '' : ` (chapter number ${CONFIDENCE_WORDS[ch.numberConfidence]})`}. ${chapterPages(ch)}`);
  if (g.pages) lines.push(`Pages ${g.pages.from}–${g.pages.to ?? '…'} — ${CONFIDENCE_WORDS[g.pages.confidence]} (${sourceText(catalog, g.pages.source)})`);
  if (c.resolution && !c.resolution.yearValid && c.year)
    lines.push(`⚠ ${g.label} is cited with ${c.resolution.validYears.map((y) => y.year).join(' or ')}, not ${c.year.value}.`);
  const y = c.resolution?.year;
  lines.push(y ? provenance(catalog, 'Label and year', y.confidence, y.source) : provenance(catalog, 'Label', g.confidence, g.source));
  lines.push(link);
  return lines.join('\n\n');
}

function chapterHover(ch: ChapterEntry, catalog: Catalog, link: string): string {
  const reg = regulationBySection(catalog, ch.regulation);
  const lines = [`**${chapterName(ch)}**`, `MTUS: 8 CCR ${ch.regulation}${reg ? ` (${reg.title}); ${reg.era}` : ''}`, chapterPages(ch)];
  if (ch.pages) lines.push(`_Pages: ${sourceText(catalog, ch.pages.source)}_`);
  if (ch.note) lines.push(`${ch.note}${ch.noteSource ? ` _(${sourceText(catalog, ch.noteSource)})_` : ''}`);
  lines.push(`_Title: ${CONFIDENCE_WORDS[ch.titleConfidence]} (${sourceText(catalog, ch.titleSource)}); chapter number: ${CONFIDENCE_WORDS[ch.numberConfidence]} (${sourceText(catalog, ch.numberSource)})_`);
  lines.push(link);
  return lines.join('\n\n');
}

function pageHover(c: Citation, page: number, catalog: Catalog): string {
  const g = c.resolution?.guideline;
  const revised = c.kind === 'mtus' && g ? chapterOfGuidelineYear(catalog, g, c.year?.value) : undefined;
  if (revised?.edition) {
    return `**Page ${page}** of ${chapterName(revised)}\n\n${chapterPages(revised)}`;
  }
  const cited = c.kind === 'mtus-chapter' && c.chapterNumber ? citedChapter(catalog, c.chapterNumber.value, c.chapterTitle?.text) : undefined;
  if (cited?.edition) return `**Page ${page}** of ${chapterName(cited)}\n\n${chapterPages(cited)}`;
  if (c.kind === 'mtus-chapter' || (c.kind === 'mtus' && g?.chapter !== undefined)) {
    const n = c.chapterNumber?.value ?? g?.chapter;
    const named = cited ?? (n !== undefined ? chapterByNumber(catalog, n) : undefined);
    const holder = chapterOfPage(catalog, page);
    const lines = [`**Page ${page}** of ACOEM Practice Guidelines, 2nd Edition (2004)`];
    if (holder) lines.push(`Falls in Chapter ${holder.number}: ${holder.title} (pp. ${holder.pages!.from}–${holder.pages!.to ?? '…'}, ${CONFIDENCE_WORDS[holder.pages!.confidence]})`);
    else lines.push('No chapter in the catalog has a known range holding this page.');
    if (named && holder && named !== holder) lines.push(`⚠ The citation names Chapter ${named.number} (${named.title}).`);
    return lines.join('\n\n');
  }
  if (g) {
    const topics = topicsOfPage(g, page);
    const lines = [`**Page ${page}** of ${g.label}${c.year ? ` ${c.year.value}` : ''}`];
    if (g.pages) lines.push(page >= g.pages.from && (g.pages.to === null || page <= g.pages.to) ? `Within pp. ${g.pages.from}–${g.pages.to}` : `⚠ Outside pp. ${g.pages.from}–${g.pages.to}`);
    if (topics.length > 0)
      lines.push(`Topic: ${topics.map((t) => `${t.name} (pp. ${t.pages![0]}–${t.pages![1]}, page ${CONFIDENCE_WORDS[t.pagesConfidence ?? t.confidence]})`).join('; ')}`);
    return lines.join('\n\n');
  }
  return `**Page ${page}**`;
}

function sourceHover(s: SourceEntry, text: string, catalog: Catalog): string {
  const lines = [`**${s.name}** — not part of the MTUS`, s.what, `Place in the medical evidence search sequence (8 CCR 9792.21.1, from 2016; exact date unconfirmed): ${s.tier}`];
  const ch = odgChapterOf(s, text);
  if (ch) lines.push(`ODG chapter: ${ch.name}`);
  lines.push(provenance(catalog, 'Entry', s.confidence, s.source));
  return lines.join('\n\n');
}
