/** Completion inside guideline fields: labels with years, section names, ACOEM chapters, non-MTUS sources; decision words after an item title. */
import type { Letter } from '../model';
import { flatten } from '../text';
import { ITEM_FIELDS, HEADER_FIELDS, ISSUES_INTRO, DECISIONS } from '../format';
import { parseCitations } from '../citations';
import { defaultCatalog, sectionsOf, type Catalog } from '../catalog';
import { eraOf, eraStatus, eraSummary } from '../catalog/eras';

export interface CompletionEntry {
  label: string;
  detail?: string;
  documentation?: string;
  insertText?: string;
  sortText?: string;
  kind: 'guideline' | 'section' | 'chapter' | 'source' | 'decision' | 'skeleton';
}

const sortByCount = (rank: number, count = 0) => `${String(rank).padStart(2, '0')}-${String(99999 - Math.min(count, 99999)).padStart(5, '0')}`;

export function citationCompletions(letter: Letter, offset: number, catalog: Catalog = defaultCatalog()): CompletionEntry[] {
  for (const item of letter.items) {
    for (const field of item.fields) {
      if (field.kind === 'decisionRationale') continue;
      if (offset < field.labelSpan.end || offset > Math.max(field.bodySpan.end, field.labelSpan.end) + 1) continue;
      return inField(letter, field.labelSpan.end, offset, catalog);
    }
  }
  return decisionCompletions(letter, offset);
}

function inField(letter: Letter, bodyStart: number, offset: number, catalog: Catalog): CompletionEntry[] {
  const before = flatten(letter.text, { start: bodyStart, end: offset });
  // flatten trims; keep a trailing space when the text before the cursor has one.
  const t = before.text + (/\s$/.test(letter.text.slice(bodyStart, offset)) && before.text ? ' ' : '');
  // Start of the current sentence.
  const k = Math.max(t.lastIndexOf('Decision based on'), 0);
  const sentence = t.slice(k);
  if (/^Decision based on Non-?\s?MTUS Citation\s[^.]*$/i.test(sentence)) return sourceEntries(catalog);
  if (/^Decision based on MTUS ACOEM,?\s(?:.*,\s?)?Chapter\s?\d*$/i.test(sentence)) return chapterEntries(catalog);
  if (/Sections?\(s\)\s?:\s?(?:[^:]*,\s?)?[^,]*$/.test(sentence) && /^Decision based on MTUS\s/.test(sentence)) {
    const cites = parseCitations(before, catalog);
    const last = [...cites].reverse().find((c) => c.kind === 'mtus');
    const g = last?.resolution?.guideline;
    if (!g) return [];
    const used = new Set(last!.sections.map((s) => s.text.toLowerCase()));
    return sectionsOf(g)
      .filter((s) => !used.has(s.name.toLowerCase()) || /[^,]\S$/.test(t))
      .map((s, i) => ({
        label: s.name,
        detail: `${g.label} — ${s.confidence}${s.count ? ` · ${s.count}× in letters` : ''}`,
        documentation: s.pages ? `Pages ${s.pages[0]}–${s.pages[1]} (${s.pagesConfidence ?? s.confidence})` : undefined,
        insertText: s.name,
        sortText: sortByCount(s.confidence === 'confirmed' ? 0 : s.confidence === 'inferred' ? 1 : 2, s.count) + String(i).padStart(3, '0'),
        kind: 'section' as const,
      }));
  }
  if (/^Decision based on MTUS\s(?:[^.]*,\s?and\s)?[^,.]*$/i.test(sentence) || /^Decision based on MTUS\s$/i.test(sentence)) return labelEntries(catalog, letter);
  return [];
}

/** Labels with years; with a decision date, the versions in force on that date come first. */
function labelEntries(catalog: Catalog, letter: Letter): CompletionEntry[] {
  const out: CompletionEntry[] = [];
  const decided = letter.header.find((h) => h.key === 'decisionDate' && h.date)?.date;
  const urDenied = letter.header.find((h) => h.key === 'urDenialDate' && h.date)?.date;
  for (const g of catalog.guidelines) {
    for (const y of g.years) {
      const label = `${g.label} ${y.year}`;
      const era = eraOf(catalog, g, y.year);
      const status = era && decided ? eraStatus(era, decided, urDenied).status : undefined;
      const inForce = status === 'in-force' || status === 'transition';
      const rank = status ? (inForce ? (y.confidence === 'confirmed' ? 0 : 1) : 3) : g.group === 'acoem-current' ? 2 : y.confidence === 'confirmed' ? 0 : 1;
      out.push({
        label,
        detail: `MTUS 8 CCR ${g.regulation ?? '?'} — ${y.confidence}${status ? (inForce ? ' · in force on the decision date' : ' · not in the MTUS on the decision date') : ''}`,
        documentation: `${g.fullName}\n\nIn force: ${g.era}${era ? `\n\nThis version — ${eraSummary(era)}` : ''}`,
        insertText: label,
        sortText: sortByCount(rank, g.count) + label,
        kind: 'guideline',
      });
    }
  }
  out.push({ label: 'ACOEM Chapter …', detail: 'ACOEM 2nd Ed. (2004) chapter form', insertText: 'ACOEM Chapter ', sortText: sortByCount(1, 0), kind: 'chapter' });
  return out.sort((a, b) => a.sortText!.localeCompare(b.sortText!));
}

function chapterEntries(catalog: Catalog): CompletionEntry[] {
  return catalog.chapters
    .filter((c) => !c.edition)
    .map((c) => ({
      label: `${c.number} ${c.title}`,
      detail: `ACOEM 2nd Ed. Ch. ${c.number} — 8 CCR ${c.regulation}`,
      documentation: c.pages && !c.pages.anchorOnly ? `Pages ${c.pages.from}–${c.pages.to ?? '…'} (${c.pages.confidence})` : 'Page range unknown',
      insertText: `${c.number} ${c.title}`,
      sortText: String(c.number).padStart(2, '0'),
      kind: 'chapter' as const,
    }));
}

function sourceEntries(catalog: Catalog): CompletionEntry[] {
  const out: CompletionEntry[] = [];
  for (const s of catalog.sources) {
    if (s.id === 'url' || s.id === 'journal') continue;
    out.push({ label: s.name, detail: `Non-MTUS — ${s.tier.split(':')[0]}`, documentation: s.what, insertText: s.name, sortText: sortByCount(0, s.count), kind: 'source' });
    if (s.id === 'odg')
      for (const ch of s.chapters ?? [])
        out.push({ label: `${s.name}, ${ch.name}`, detail: 'ODG chapter', insertText: `${s.name}, ${ch.name}, `, sortText: sortByCount(1, 0) + ch.name, kind: 'source' });
  }
  return out.sort((a, b) => a.sortText!.localeCompare(b.sortText!));
}

function decisionCompletions(letter: Letter, offset: number): CompletionEntry[] {
  const issues = letter.sections.find((s) => s.kind === 'issues' || s.kind === 'decision2013');
  if (!issues || offset < issues.bodySpan.start || offset > issues.bodySpan.end) return [];
  const pos = letter.lines.positionAt(offset);
  const lineStart = letter.lines.lineStarts[pos.line];
  const lineText = letter.text.slice(lineStart, offset);
  const m = /:\s*([A-Za-z]*)$/.exec(lineText);
  if (!m) return [];
  const trimmed = lineText.trim();
  if ([...ITEM_FIELDS.map((f) => f.label), ...HEADER_FIELDS.map((h) => h.label), ISSUES_INTRO].some((l) => trimmed.startsWith(l))) return [];
  if (/^(Decision based on|State\(s\)|Certification)/.test(trimmed)) return [];
  // Only at the end of the title (nothing but the partial word after the colon, and the rest of the line blank).
  const after = letter.text.slice(offset, letter.lines.lineEnd(pos.line));
  if (after.trim() !== '') return [];
  return DECISIONS.map((d, i) => ({
    label: d,
    detail: d === 'Upheld' ? 'UR denial stands: not medically necessary' : 'UR denial reversed: medically necessary',
    documentation: d === 'Upheld' ? '390 of 439 published items' : '49 of 439 published items',
    insertText: m[1] || /:\s$/.test(lineText) ? d : ` ${d}`,
    sortText: String(i),
    kind: 'decision' as const,
  }));
}
