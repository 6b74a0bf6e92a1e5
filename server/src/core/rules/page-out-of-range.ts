import { allCitations, type Citation } from '../citations';
import { chapterByNumber, chapterByTitle, citedChapter, chapterOfPage, checkChapterPage, topicsOfPage, type ChapterEntry, type Confidence, type GuidelineEntry, type PageRange, type SectionEntry } from '../catalog';
import type { Finding, Rule, Severity } from './types';

const bySource = (c: Confidence): Severity => (c === 'confirmed' ? 'error' : c === 'inferred' ? 'warning' : 'info');
const rangeText = (r: PageRange) => `pp. ${r.from}–${r.to ?? '…'}${r.tolerance ? ` (estimated, ±${r.tolerance})` : ''}`;

/** A cited page outside the cited chapter's (or guideline's) page range. */
export const pageOutOfRange: Rule = {
  id: 'page-out-of-range',
  description: 'A "Page(s):" number lies outside the cited ACOEM chapter or MTUS guideline, is not digits, or a page range runs backwards (the one case Fix All repairs).',
  defaultSeverity: 'warning',
  fixable: true,
  check({ letter, catalog }) {
    const findings: Finding[] = [];
    const all = allCitations(letter, catalog);
    for (let j = 0; j < all.length; j++) {
      const c = all[j].citation;
      if (c.malformedPage) {
        findings.push({
          span: c.malformedPage.span,
          message: `"${c.malformedPage.text}" is not a page or page range: write the pages in digits ("179" or "179-180").`,
          severity: 'warning',
          data: { page: c.malformedPage.text, problem: 'malformed' },
        });
      }
      if (c.pages.length === 0) continue;
      for (const p of c.pages) {
        if (p.first > p.last) {
          // Swapped only when both pages have as many digits ("180-179"); "343-34" is a typo whose pages cannot be told.
          const swapped = p.lastPart && p.lastPart.text.length === p.firstPart.text.length;
          findings.push({
            span: p.span,
            message: swapped
              ? `The page range "${p.text}" runs backwards; write the lower page first (${p.last}-${p.first}).`
              : `The page range "${p.text}" runs backwards: its last page is lower than its first. Correct the pages.`,
            severity: 'warning',
            data: { page: p.text, problem: 'reversed' },
            ...(swapped ? { fixes: [{ title: `Change to ${p.last}-${p.first}`, edits: [{ span: p.span, newText: `${p.last}-${p.first}` }], preferred: true }] } : {}),
          });
        }
      }
      const chapter = chapterOf(c, catalog);
      if (chapter) {
        // "Chapter 12 Shoulder Complaints": the number and the title name two chapters (which is
        // chapter-title-mismatch's finding); a page of the title's chapter agrees with the title.
        const titled = c.kind === 'mtus-chapter' && c.chapterTitle ? chapterByTitle(catalog, c.chapterTitle.text) : undefined;
        // "Chapter 12 Low Back Complaints, Chapter 8 Neck and Upper Back Complaints Page(s): 298-300,
        // 173": one page list for the chapters listed before it (those without pages of their own).
        // A set: a field listing one chapter thousands of times is checked against it once per page.
        const listed = new Set<ChapterEntry>();
        for (let k = j - 1; k >= 0 && all[k].field === all[j].field && all[k].citation.kind === 'mtus-chapter' && all[k].citation.pages.length === 0; k--) {
          const ch = chapterOf(all[k].citation, catalog);
          if (ch && ch !== chapter) listed.add(ch);
        }
        for (const p of c.pages) {
          const outside: { part: typeof p.firstPart; range: PageRange; holder: ChapterEntry | undefined }[] = [];
          for (const part of [p.firstPart, ...(p.lastPart ? [p.lastPart] : [])]) {
            const v = checkChapterPage(chapter, part.value);
            if (v.status !== 'outside' || !v.range) continue;
            // In (or not known to be outside) another listed chapter: that chapter's page.
            if ([...listed].some((ch) => checkChapterPage(ch, part.value).status !== 'outside')) continue;
            const holder = chapterOfPage(catalog, part.value);
            if (titled && titled !== chapter && holder === titled) continue;
            outside.push({ part, range: v.range, holder });
          }
          // A range wholly outside, in one place ("412-413"), is one finding: the pages are one slip.
          const whole = outside.length === 2 && outside[0].holder === outside[1].holder ? p : undefined;
          for (const { part, range, holder } of whole ? outside.slice(0, 1) : outside) {
            const pages = whole ? `Pages ${whole.text} are` : `Page ${part.value} is`;
            findings.push({
              span: whole ? whole.span : part.span,
              message: `${pages} outside ACOEM Chapter ${chapter.number} (${chapter.title}), ${rangeText(range)}.${
                holder && holder !== chapter ? ` ${whole ? 'They fall' : 'It falls'} in Chapter ${holder.number} (${holder.title}).` : ''
              } Check the ${whole ? 'pages' : 'page'} or the chapter.`,
              // Sure when the page lies in another chapter's confirmed pages (the chapters of one book
              // do not share pages), even where the cited chapter's own range is only estimated.
              severity: holder && holder !== chapter && holder.pages?.confidence === 'confirmed' ? 'error' : bySource(range.confidence),
              data: { chapter: chapter.number, page: part.value, ...(whole ? { lastPage: outside[1].part.value } : {}), from: range.from, to: range.to, confidence: range.confidence, pageChapter: holder?.number },
            });
          }
        }
        continue;
      }
      const g = c.resolution?.guideline;
      if (c.kind === 'mtus' && g?.pages) {
        // The cited sections that have pages, each once, read at the first page inside the guideline.
        let topics: SectionEntry[] | undefined;
        let cited: Set<SectionEntry> | undefined;
        for (const p of c.pages) {
          const parts = [p.firstPart, ...(p.lastPart ? [p.lastPart] : [])];
          const isOutside = (v: number) => v < g.pages!.from || (g.pages!.to !== null && v > g.pages!.to);
          // A range wholly outside the guideline is one finding.
          const whole = parts.length === 2 && parts.every((part) => isOutside(part.value));
          for (const part of whole ? parts.slice(0, 1) : parts) {
            if (!isOutside(part.value)) {
              // Inside the guideline: compare with the cited topics' pages (unconfirmed page table → hint).
              topics ??= citedTopics(g, c);
              cited ??= new Set(topics);
              if (topics.length > 0 && !topicsOfPage(g, part.value).some((t) => cited!.has(t))) {
                findings.push({
                  span: part.span,
                  message: `Page ${part.value} is not among the pages listed for ${topics.map((t) => `"${t.name}" (pp. ${t.pages![0]}–${t.pages![1]})`).join(', ')} in the catalog (page table unconfirmed).`,
                  severity: 'hint',
                  data: { guideline: g.label, page: part.value, problem: 'topic-page', confidence: 'unconfirmed' },
                });
              }
              continue;
            }
            findings.push({
              span: whole ? p.span : part.span,
              message: `${whole ? `Pages ${p.text} are` : `Page ${part.value} is`} outside ${g.label}${c.year ? ` ${c.year.value}` : ''}, which runs ${rangeText(g.pages)}.`,
              severity: bySource(g.pages.confidence),
              data: { guideline: g.label, page: part.value, ...(whole ? { lastPage: parts[1].value } : {}), from: g.pages.from, to: g.pages.to, confidence: g.pages.confidence },
            });
          }
        }
      }
    }
    return findings;
  },
};

/** The guideline's sections that the citation names and that have pages, in citation order, each
 *  once: one look-up per cited name, so a citation of many sections and pages costs their sum. */
function citedTopics(g: GuidelineEntry, c: Citation): SectionEntry[] {
  let byName = sectionsByName.get(g);
  if (!byName) {
    byName = new Map();
    for (const x of g.sections) if (!byName.has(x.name.toLowerCase())) byName.set(x.name.toLowerCase(), x);
    sectionsByName.set(g, byName);
  }
  const out = new Set<SectionEntry>();
  for (const s of c.sections) {
    const x = byName.get(s.text.toLowerCase());
    if (x?.pages) out.add(x);
  }
  return [...out];
}
const sectionsByName = new WeakMap<GuidelineEntry, Map<string, SectionEntry>>();

function chapterOf(c: Citation, catalog: Parameters<typeof chapterByNumber>[0]): ChapterEntry | undefined {
  if (c.kind === 'mtus-chapter' && c.chapterNumber) return citedChapter(catalog, c.chapterNumber.value, c.chapterTitle?.text);
  const n = c.kind === 'mtus' ? c.resolution?.guideline?.chapter : undefined;
  return n !== undefined && c.resolution?.yearValid && c.year?.value === 2004 ? chapterByNumber(catalog, n) : undefined;
}
