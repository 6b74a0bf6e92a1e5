/** Hover text for citations: guideline, 8 CCR section and era, chapter and pages, topic, confidence, DWC link. */
import type { Letter, Span } from '../model';
import { citationsOf, type Citation, type Part } from '../citations';
import {
  chapterByNumber,
  chapterByTitle,
  chapterOfPage,
  defaultCatalog,
  findSection,
  odgChapterOf,
  regulationBySection,
  topicsOfPage,
  type Catalog,
  type ChapterEntry,
  type GuidelineEntry,
  type SourceEntry,
} from '../catalog';
import { citedVersion, eraSummary } from '../catalog/eras';

export interface HoverResult {
  markdown: string;
  span: Span;
}

const inSpan = (s: Span, o: number) => o >= s.start && o <= s.end;
const conf = (c: string, src?: string) => `_Confidence: ${c}${src ? ` (${src})` : ''}_`;

export function hoverAt(letter: Letter, offset: number, catalog: Catalog = defaultCatalog()): HoverResult | undefined {
  for (const fc of citationsOf(letter, catalog)) {
    if (!inSpan(fc.field.bodySpan, offset)) continue;
    for (const c of fc.citations) {
      if (!inSpan(c.span, offset)) continue;
      const h = hoverCitation(c, offset, catalog);
      if (h) return h;
    }
  }
  return undefined;
}

function hoverCitation(c: Citation, offset: number, catalog: Catalog): HoverResult | undefined {
  const at = (p?: Part) => !!p && inSpan(p.span, offset);
  const link = `[DWC: Medical Treatment Utilization Schedule](${catalog.mtusLink})`;
  if (c.kind === 'stock') {
    const what =
      c.stock === 'no-evidence'
        ? 'No guideline or study was cited for this decision.'
        : 'The decision rests on sources outside the MTUS. Under 8 CCR 9792.21.1 that is allowed only when the MTUS does not address the condition or its presumption of correctness is challenged; the sources should then follow the medical evidence search sequence (current ACOEM or ODG, then other nationally recognized guidelines, then peer-reviewed studies).';
    return { span: c.span, markdown: `**Stock sentence** (${c.actor ?? 'reviewer'})\n\n${what}` };
  }
  for (const p of c.pages) {
    for (const n of [p.firstPart, p.lastPart]) if (n && at(n)) return { span: n.span, markdown: pageHover(c, n.value, catalog) };
  }
  if (c.kind === 'mtus-chapter') {
    const ch = c.chapterNumber ? chapterByNumber(catalog, c.chapterNumber.value) : undefined;
    if (at(c.chapterTitle) && c.chapterTitle) {
      const tch = chapterByTitle(catalog, c.chapterTitle.text);
      if (tch) return { span: c.chapterTitle.span, markdown: chapterHover(tch, catalog, link) };
    }
    if (ch) return { span: c.span, markdown: chapterHover(ch, catalog, link) };
    return undefined;
  }
  if (c.kind === 'non-mtus') {
    const hit = c.sources.find((s) => at(s.part)) ?? c.sources[0];
    if (hit) return { span: at(hit.part) ? hit.part.span : c.freeText?.span ?? c.span, markdown: sourceHover(hit.source, c.freeText?.text ?? '') };
    return { span: c.span, markdown: `**Non-MTUS citation**\n\nA source outside the MTUS. Under 8 CCR 9792.21.1 the search goes MTUS → current ACOEM or ODG → other nationally recognized guidelines → current peer-reviewed studies.` };
  }
  // mtus
  if (c.misclassifiedSource) return { span: c.span, markdown: `${sourceHover(c.misclassifiedSource, c.label?.text ?? '')}\n\n**Not part of the MTUS**: cite it as "Decision based on Non-MTUS Citation …".` };
  const g = c.resolution?.guideline;
  if (!g || !c.resolution?.knownLabel) return undefined;
  for (const s of c.sections) {
    if (!at(s)) continue;
    const e = findSection(g, s.text);
    const lines = [`**${s.text}** — section of ${g.label}${c.year ? ` ${c.year.value}` : ''}`];
    if (e?.pages) lines.push(`Pages ${e.pages[0]}–${e.pages[1]} ${conf(e.pagesConfidence ?? e.confidence)}`);
    lines.push(e ? `${conf(e.confidence, e.source)}${e.count ? ` · cited ${e.count}× in published letters` : ''}` : '_Not a section name in the catalog._');
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

function guidelineHover(g: GuidelineEntry, c: Citation, catalog: Catalog, link: string): string {
  const yr = c.year ? ` ${c.year.value}` : '';
  const lines = [`**${g.label}${yr}** — ${g.fullName}`, `${guidelineLine(g, catalog)}. In force: ${g.era}.`];
  const version = citedVersion(catalog, c);
  if (version) lines.push(`This version — ${eraSummary(version.era)}`);
  if (g.chapter !== undefined) {
    const ch = chapterByNumber(catalog, g.chapter);
    if (ch) lines.push(`ACOEM 2nd Ed. Chapter ${ch.number}${ch.pages && !ch.pages.anchorOnly ? `, pp. ${ch.pages.from}–${ch.pages.to ?? '…'} (${ch.pages.confidence})` : ''}`);
  }
  if (g.pages) lines.push(`Pages ${g.pages.from}–${g.pages.to} (${g.pages.confidence})`);
  if (c.resolution && !c.resolution.yearValid && c.year)
    lines.push(`⚠ ${g.label} is cited with ${c.resolution.validYears.map((y) => y.year).join(' or ')}, not ${c.year.value}.`);
  lines.push(conf(c.resolution?.year?.confidence ?? g.confidence, g.source));
  lines.push(link);
  return lines.join('\n\n');
}

function chapterHover(ch: ChapterEntry, catalog: Catalog, link: string): string {
  const reg = regulationBySection(catalog, ch.regulation);
  const lines = [
    `**ACOEM Practice Guidelines, 2nd Edition (2004), Chapter ${ch.number}: ${ch.title}**`,
    `MTUS: 8 CCR ${ch.regulation}${reg ? ` (${reg.title}); ${reg.era}` : ''}`,
  ];
  if (ch.pages) lines.push(ch.pages.anchorOnly ? `Contains p. ${ch.pages.from} (${ch.pages.confidence})` : `Pages ${ch.pages.from}–${ch.pages.to ?? '…'}${ch.pages.tolerance ? ` (estimated ±${ch.pages.tolerance})` : ''} — ${ch.pages.confidence}`);
  else lines.push('Page range: unknown');
  if (ch.note) lines.push(ch.note);
  lines.push(`_Title: ${ch.titleConfidence}; chapter number: ${ch.numberConfidence}_`);
  lines.push(link);
  return lines.join('\n\n');
}

function pageHover(c: Citation, page: number, catalog: Catalog): string {
  if (c.kind === 'mtus-chapter' || (c.kind === 'mtus' && c.resolution?.guideline?.chapter !== undefined)) {
    const n = c.chapterNumber?.value ?? c.resolution?.guideline?.chapter;
    const cited = n !== undefined ? chapterByNumber(catalog, n) : undefined;
    const holder = chapterOfPage(catalog, page);
    const lines = [`**Page ${page}** of ACOEM Practice Guidelines, 2nd Edition (2004)`];
    if (holder) lines.push(`Falls in Chapter ${holder.number}: ${holder.title} (pp. ${holder.pages!.from}–${holder.pages!.to ?? '…'}, ${holder.pages!.confidence})`);
    else lines.push('No chapter in the catalog has a known range holding this page.');
    if (cited && holder && cited !== holder) lines.push(`⚠ The citation names Chapter ${cited.number} (${cited.title}).`);
    return lines.join('\n\n');
  }
  const g = c.resolution?.guideline;
  if (g) {
    const topics = topicsOfPage(g, page);
    const lines = [`**Page ${page}** of ${g.label}${c.year ? ` ${c.year.value}` : ''}`];
    if (g.pages) lines.push(page >= g.pages.from && (g.pages.to === null || page <= g.pages.to) ? `Within pp. ${g.pages.from}–${g.pages.to}` : `⚠ Outside pp. ${g.pages.from}–${g.pages.to}`);
    if (topics.length > 0) lines.push(`Topic: ${topics.map((t) => `${t.name} (pp. ${t.pages![0]}–${t.pages![1]})`).join('; ')} — _unconfirmed page table_`);
    return lines.join('\n\n');
  }
  return `**Page ${page}**`;
}

function sourceHover(s: SourceEntry, text: string): string {
  const lines = [`**${s.name}** — not part of the MTUS`, s.what, `Evidence search sequence (8 CCR 9792.21.1): ${s.tier}`];
  const ch = odgChapterOf(s, text);
  if (ch) lines.push(`ODG chapter: ${ch.name}`);
  lines.push(conf(s.confidence, s.source));
  return lines.join('\n\n');
}
