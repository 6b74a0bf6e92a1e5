import { allCitations } from '../citations';
import { chapterByNumber, chapterByTitle, chapterOfPage, chapterTitleMatches, type Catalog, type ChapterEntry } from '../catalog';
import type { Citation } from '../citations';
import type { Fix, Finding, Rule } from './types';

/** "ACOEM Chapter N <title>" where the title belongs to another chapter (or N does not exist). */
export const chapterTitleMismatch: Rule = {
  id: 'chapter-title-mismatch',
  description: 'An "ACOEM Chapter N <title>" citation pairs a chapter number with another chapter’s title.',
  defaultSeverity: 'error',
  fixable: true,
  check({ letter, catalog }) {
    const findings: Finding[] = [];
    for (const { citation: c } of allCitations(letter, catalog)) {
      if (c.kind !== 'mtus-chapter' || !c.chapterNumber) continue;
      const n = c.chapterNumber.value;
      const ch = chapterByNumber(catalog, n);
      const titleCh = c.chapterTitle ? chapterByTitle(catalog, c.chapterTitle.text) : undefined;
      if (!ch) {
        const fixes: Fix[] = titleCh
          ? [{ title: `Change to Chapter ${titleCh.number}`, edits: [{ span: c.chapterNumber.span, newText: String(titleCh.number) }], preferred: true }]
          : [];
        findings.push({
          span: c.chapterNumber.span,
          message: `ACOEM 2nd Edition has no Chapter ${n} (chapters 1–16).${titleCh ? ` "${titleCh.title}" is Chapter ${titleCh.number}.` : ''}`,
          severity: 'warning',
          data: { chapter: n, title: c.chapterTitle?.text, titleChapter: titleCh?.number },
          fixes,
        });
        continue;
      }
      if (!c.chapterTitle || chapterTitleMatches(ch, c.chapterTitle.text)) continue;
      const fixes: Fix[] = [];
      if (titleCh)
        fixes.push({ title: `Change to Chapter ${titleCh.number} (${titleCh.title})`, edits: [{ span: c.chapterNumber.span, newText: String(titleCh.number) }], preferred: true });
      fixes.push({ title: `Change the title to "${ch.title}"`, edits: [{ span: c.chapterTitle.span, newText: ch.title }], preferred: !titleCh });
      // That the title is not Chapter N's rests on Chapter N's facts alone; which chapter the title
      // is (the fix) may rest on softer ones.
      const confirmed = ch.numberConfidence === 'confirmed' && ch.titleConfidence === 'confirmed';
      findings.push({
        span: { start: c.chapterNumber.span.start, end: c.chapterTitle.span.end },
        message: titleCh
          ? `ACOEM Chapter ${n} is "${ch.title}", but the title "${c.chapterTitle.text}" is Chapter ${titleCh.number}.${pagesIn(catalog, c, titleCh) ? ` The pages cited are Chapter ${titleCh.number}'s too.` : ''} Correct the number or the title.`
          : `ACOEM Chapter ${n} is "${ch.title}", not "${c.chapterTitle.text}". Correct the title.`,
        severity: confirmed ? 'error' : 'warning',
        data: { chapter: n, title: c.chapterTitle.text, chapterTitle: ch.title, titleChapter: titleCh?.number, confidence: confirmed ? 'confirmed' : 'inferred' },
        fixes,
      });
    }
    return findings;
  },
};

/** Whether the citation cites pages and every one lies in the chapter. */
function pagesIn(catalog: Catalog, c: Citation, chapter: ChapterEntry): boolean {
  return c.pages.length > 0 && c.pages.every((p) => [p.firstPart, ...(p.lastPart ? [p.lastPart] : [])].every((part) => chapterOfPage(catalog, part.value) === chapter));
}
