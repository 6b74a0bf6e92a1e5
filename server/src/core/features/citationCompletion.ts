/**
 * Completion inside guideline fields: labels with years, section names, ACOEM chapters, non-MTUS
 * sources; decision words after an item title.
 *
 * Every entry says which text it replaces (`replace`: what was typed of it, up to the cursor) and
 * what the editor filters on (`filterText`), so accepting "Low Back Complaints 2004" after
 * "Low Ba" gives "Low Back Complaints 2004", not "Low Low Back Complaints 2004".
 */
import type { Letter, Span } from '../model';
import { flatOffset, flatten } from '../text';
import { ITEM_FIELDS, HEADER_FIELDS, ISSUES_INTRO, DECISIONS } from '../format';
import { readConclusion, verdictOfDecision } from '../conclusion';
import { parseCitations } from '../citations';
import { defaultCatalog, sectionsOf, type Catalog } from '../catalog';
import { titleWords } from '../conclusion';
import { eraOf, eraStatus, eraSummary } from '../catalog/eras';

export interface CompletionEntry {
  label: string;
  detail?: string;
  documentation?: string;
  /** The text written in place of `replace` (the label when absent). */
  insertText?: string;
  /** `insertText` is a snippet (tab stops, `$0`). */
  snippet?: boolean;
  sortText?: string;
  /** The letter text the entry replaces: what was typed of it, on the cursor's line, up to the cursor. */
  replace: Span;
  /** What the editor matches the typed text (the `replace` text) against. */
  filterText: string;
  kind: 'guideline' | 'section' | 'chapter' | 'source' | 'decision' | 'skeleton' | 'field';
  /** The entry to select first (the decision the item's rationale concludes). */
  preselect?: boolean;
}

/** An entry before it is fitted to the typed text. */
export type Candidate = Omit<CompletionEntry, 'replace' | 'filterText'> & { filterText?: string };

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

/**
 * Fits candidates to the text typed from `start` to the cursor: each replaces it and is filtered
 * against it. An editor replaces text on the cursor's line only, so when what was typed wraps onto
 * this line, an entry writes only the rest of its text after the part on earlier lines (and is
 * dropped when it does not continue that part).
 */
export function fitToTyped(letter: Letter, start: number, offset: number, candidates: Candidate[]): CompletionEntry[] {
  const line = letter.lines.positionAt(offset).line;
  const lineStart = letter.lines.lineStarts[line];
  if (start >= lineStart) {
    return candidates.map((c) => ({ ...c, replace: { start, end: offset }, filterText: c.filterText ?? c.label }));
  }
  let first = lineStart;
  while (first < offset && /\s/.test(letter.text[first])) first++;
  const earlier = flatten(letter.text, { start, end: first }).text + ' ';
  const out: CompletionEntry[] = [];
  for (const c of candidates) {
    const text = c.insertText ?? c.label;
    if (c.snippet || !text.toLowerCase().startsWith(earlier.toLowerCase())) continue;
    const rest = text.slice(earlier.length);
    out.push({ ...c, insertText: rest, replace: { start: first, end: offset }, filterText: rest });
  }
  return out;
}

function inField(letter: Letter, bodyStart: number, offset: number, catalog: Catalog): CompletionEntry[] {
  const before = flatten(letter.text, { start: bodyStart, end: offset });
  // flatten trims; keep a trailing space when the text before the cursor has one.
  const t = before.text + (/\s$/.test(letter.text.slice(bodyStart, offset)) && before.text ? ' ' : '');
  /** The letter offset of `t[i]` (the cursor for the end of `t`). */
  const rawAt = (i: number) => (i < before.text.length ? flatOffset(before, i) : offset);
  // Start of the current sentence.
  const k = Math.max(t.lastIndexOf('Decision based on'), 0);
  const sentence = t.slice(k);
  const typedFrom = (typedLength: number) => rawAt(t.length - typedLength);

  const source = /^Decision based on Non-?\s?MTUS Citation\s([^.]*)$/i.exec(sentence);
  if (source) return fitToTyped(letter, typedFrom(source[1].length), offset, sourceEntries(catalog));

  if (/^Decision based on MTUS ACOEM\b/i.test(sentence)) {
    const chapter = /^Chapter\s?(\d*(?:\s[^.:]*)?)$/i.exec(sentence.slice(sentence.lastIndexOf('Chapter')));
    if (chapter) return fitToTyped(letter, typedFrom(chapter[1].length), offset, chapterEntries(catalog));
  }

  if (/^Decision based on MTUS\s/.test(sentence)) {
    // After the last "Section(s):" of the sentence: the cited guideline's section names.
    let sectionsAt = -1;
    for (const m of sentence.matchAll(/Sections?\(s\)\s?:\s?/g)) sectionsAt = m.index + m[0].length;
    if (sectionsAt >= 0 && !sentence.includes(':', sectionsAt)) return sectionEntries(letter, before, t, k + sectionsAt, offset, catalog, rawAt);
    // After "MTUS " (or ", and " in a list of guidelines): the labels.
    const rest = sentence.slice('Decision based on MTUS '.length);
    if (rest.includes('.')) return [];
    const comma = rest.lastIndexOf(',');
    const list = comma >= 0 ? /^,\s?and\s/.exec(rest.slice(comma)) : undefined;
    if (comma >= 0 && !list) return [];
    const typed = comma >= 0 ? rest.slice(comma + list![0].length) : rest;
    return fitToTyped(letter, typedFrom(typed.length), offset, labelEntries(catalog, letter));
  }
  return [];
}

/**
 * Section names of the guideline cited before "Section(s):". A name may hold commas ("NSAIDs, GI
 * symptoms & cardiovascular risk"), so what was typed of it starts after "Section(s): " or after
 * one of the commas since: the earliest start the name continues, else after the last comma.
 */
function sectionEntries(
  letter: Letter,
  before: ReturnType<typeof flatten>,
  t: string,
  listStart: number,
  offset: number,
  catalog: Catalog,
  rawAt: (i: number) => number,
): CompletionEntry[] {
  const cites = parseCitations(before, catalog);
  const last = [...cites].reverse().find((c) => c.kind === 'mtus');
  const g = last?.resolution?.guideline;
  if (!g) return [];
  const starts = [listStart];
  for (let i = t.indexOf(',', listStart); i >= 0; i = t.indexOf(',', i + 1)) starts.push(i + 1 + (t[i + 1] === ' ' ? 1 : 0));
  const typing = /[^,]\S$/.test(t);
  const used = new Set(last!.sections.map((s) => s.text.toLowerCase()));
  const out: CompletionEntry[] = [];
  const sections = sectionsOf(g);
  // What was typed from each start, lower-cased once: only starts no farther from the end than the
  // longest name can begin one (lower-casing never shortens), so a list of thousands costs its length.
  const longest = sections.reduce((m, s) => Math.max(m, s.name.length), 0);
  const typed = starts.filter((at) => at < t.length && t.length - at <= longest).map((at) => ({ at, text: t.slice(at).toLowerCase() }));
  // Names that share a word with the item's title come first ("Physical therapy, 8 sessions" →
  // "Physical medicine treatment"), then by how often letters cite them.
  const item = letter.items.find((it) => it.titleSpan.start <= offset && offset <= it.span.end);
  const stems = [...(item ? titleWords(item.title) : [])].filter((w) => w.length >= 4).map((w) => w.slice(0, 5));
  const related = (name: string) => stems.length > 0 && name.toLowerCase().split(/[^a-z]+/).some((w) => w.length >= 4 && stems.includes(w.slice(0, 5)));
  sections.forEach((s, i) => {
    if (used.has(s.name.toLowerCase()) && !typing) return;
    const name = s.name.toLowerCase();
    const from = typed.find((x) => name.startsWith(x.text))?.at ?? starts[starts.length - 1];
    const candidate: Candidate = {
      label: s.name,
      detail: `${g.label} — ${s.confidence}${s.count ? ` · ${s.count}× in letters` : ''}`,
      documentation: s.pages ? `Pages ${s.pages[0]}–${s.pages[1]} (${s.pagesConfidence ?? s.confidence})` : undefined,
      insertText: s.name,
      sortText: (related(s.name) ? 'a' : 'b') + sortByCount(s.confidence === 'confirmed' ? 0 : s.confidence === 'inferred' ? 1 : 2, s.count) + String(i).padStart(3, '0'),
      kind: 'section',
    };
    out.push(...fitToTyped(letter, rawAt(from), offset, [candidate]));
  });
  return out;
}

/** Labels with years; with a decision date, the versions in force on that date come first. */
function labelEntries(catalog: Catalog, letter: Letter): Candidate[] {
  const out: Candidate[] = [];
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
  out.push({ label: 'ACOEM Chapter …', detail: 'ACOEM 2nd Ed. (2004) chapter form', insertText: 'ACOEM Chapter ', filterText: 'ACOEM Chapter', sortText: sortByCount(1, 0), kind: 'chapter' });
  return out.sort((a, b) => a.sortText!.localeCompare(b.sortText!));
}

function chapterEntries(catalog: Catalog): Candidate[] {
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

function sourceEntries(catalog: Catalog): Candidate[] {
  const out: Candidate[] = [];
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
  // The decision the item's own rationale concludes comes first, selected (a sure reading only).
  const item = letter.items.find((i) => i.titleSpan.end > i.titleSpan.start && letter.lines.positionAt(i.titleSpan.end).line === pos.line);
  const rationale = item?.fields.find((f) => f.kind === 'decisionRationale');
  const conclusion = item && rationale && rationale.body.text.length > 0 ? readConclusion(rationale.body, item, letter.items) : undefined;
  const agreed = conclusion && conclusion.verdict !== 'unclear' ? DECISIONS.find((d) => verdictOfDecision(d) === conclusion.verdict) : undefined;
  return fitToTyped(
    letter,
    offset - m[1].length,
    offset,
    DECISIONS.map((d, i) => ({
      label: d,
      detail: d === 'Upheld' ? 'UR denial stands: not medically necessary' : 'UR denial reversed: medically necessary',
      documentation:
        (d === agreed ? `The rationale concludes: "${conclusion!.phrase}".\n\n` : '') + (d === 'Upheld' ? '390 of 439 published items' : '49 of 439 published items'),
      // Right after the colon, the space is part of what is written.
      insertText: m[0] === ':' ? ` ${d}` : d,
      sortText: d === agreed ? '0' : String(i + 1),
      kind: 'decision' as const,
      ...(d === agreed ? { preselect: true } : {}),
    })),
  );
}
