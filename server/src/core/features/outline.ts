/** Outline (document symbols), folding ranges and workspace symbols, all from the letter model. */
import { sectionAt, type Item, type Letter, type Span } from '../model';
import type { Range } from '../text';
import { fieldSpec, headerSpec } from '../format';

/** LSP SymbolKind values used here (the numbers are part of the protocol). */
export const SymbolKind = { File: 1, Module: 2, Namespace: 3, Class: 5, Field: 8, Event: 24, Key: 20, Struct: 23 } as const;

export interface OutlineSymbol {
  name: string;
  detail?: string;
  kind: number;
  range: Range;
  selectionRange: Range;
  children: OutlineSymbol[];
}

function symbol(letter: Letter, name: string, kind: number, span: Span, selection: Span, detail?: string, toLineEnd = true): OutlineSymbol {
  // The range runs to the end of its last line, so the breadcrumbs follow a cursor placed after
  // trailing spaces; not for a header field, which shares its line with another (the editor
  // counts a problem against every symbol whose range it meets).
  const range = letter.lines.rangeOf(span);
  if (toLineEnd) range.end.character = letter.lines.lineEnd(range.end.line) - letter.lines.lineStarts[range.end.line];
  return {
    name: name.trim() || '(untitled)',
    detail,
    kind,
    range,
    selectionRange: letter.lines.rangeOf(selection),
    children: [],
  };
}

export function caseNumberOf(letter: Letter): string | undefined {
  return letter.header.find((h) => h.key === 'caseNumber')?.value || undefined;
}

/** The symbol tree: the case header, each section, the items of each section, each item's fields. */
export function outline(letter: Letter): OutlineSymbol[] {
  const out: OutlineSymbol[] = [];
  if (letter.headerSpan) {
    const caseField = letter.header.find((h) => h.key === 'caseNumber');
    const header = symbol(letter, caseNumberOf(letter) ?? 'Case header', SymbolKind.File, letter.headerSpan, caseField?.valueSpan ?? caseField?.labelSpan ?? letter.headerSpan, 'Case header');
    for (const field of letter.header) {
      const spec = headerSpec(field.key);
      // The field's symbol runs from its label to its value when they share a line (layout
      // extraction); in the plain extraction the value stands lines below, among the other
      // fields' values, and the symbol is the label alone (so that siblings never overlap).
      const sameLine = field.valueSpan && letter.lines.positionAt(field.valueSpan.start).line === letter.lines.positionAt(field.labelSpan.start).line;
      const span = { start: field.labelSpan.start, end: sameLine ? Math.max(field.labelSpan.end, field.valueSpan!.end) : field.labelSpan.end };
      header.children.push(symbol(letter, spec.label.replace(/:$/, ''), SymbolKind.Key, span, field.labelSpan, field.value || undefined, false));
    }
    out.push(header);
  }
  // One pass: sections are in text order and do not overlap, so each item's section is found by
  // binary search; items keep their order within a section.
  const nodes = letter.sections.map((section) =>
    // A heading that wraps (layout 3) is named on one line.
    symbol(letter, section.headingText.replace(/\s+/g, ' '), SymbolKind.Module, trimEnd(letter, section.span), section.headingSpan),
  );
  const loose: Item[] = [];
  for (const item of letter.items) {
    const k = sectionAt(letter.sections, item.span.start);
    if (k >= 0) nodes[k].children.push(itemSymbol(letter, item));
    else loose.push(item);
  }
  // (Loops, not push(...xs): 100,000 headings or loose items would overflow the stack.)
  for (const node of nodes) out.push(node);
  // Items outside any section (a letter whose layout is unknown): at top level, in text order.
  if (loose.length > 0) {
    for (const item of loose) out.push(itemSymbol(letter, item));
    out.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
  }
  return out;
}

/**
 * An item's symbol name: its decision first, then its title ("Upheld · MRI of the lumbar spine").
 * The editor cuts a long name at its end, and the decision was the grey detail after the title,
 * the first thing cut; the Outline, the breadcrumbs and both Go to Symbol lists read the same.
 */
export function itemSymbolName(item: Item): string {
  // A decision written over two lines ("is not" / "medically necessary") is shown on one; the 2013
  // determinations' phrase without its verb ("Not medically necessary").
  const written = item.decision?.text.replace(/\s+/g, ' ').trim().replace(/^is /i, '');
  const decision = written && written[0].toUpperCase() + written.slice(1);
  const title = item.title.trim() || '(untitled)';
  return decision ? `${decision} · ${title}` : title;
}

function itemSymbol(letter: Letter, item: Item): OutlineSymbol {
  const node = symbol(letter, itemSymbolName(item), SymbolKind.Class, item.span, item.titleSpan.end > item.titleSpan.start ? item.titleSpan : item.span);
  for (const field of item.fields) {
    node.children.push(symbol(letter, fieldSpec(field.kind).name, SymbolKind.Field, field.span, field.labelSpan));
  }
  return node;
}

function trimEnd(letter: Letter, span: Span): Span {
  let end = span.end;
  while (end > span.start && /\s/.test(letter.text[end - 1])) end--;
  return { start: span.start, end };
}

export interface FoldingRangeSpec {
  startLine: number;
  endLine: number;
  kind?: 'region';
}

/** Folding for the header block, every section, every item and every field (multi-line only). */
export function foldingRanges(letter: Letter): FoldingRangeSpec[] {
  const spans: Span[] = [];
  if (letter.headerSpan) spans.push(letter.headerSpan);
  for (const s of letter.sections) spans.push(trimEnd(letter, s.span));
  for (const item of letter.items) {
    spans.push(item.span);
    for (const f of item.fields) spans.push(f.span);
  }
  const all: FoldingRangeSpec[] = [];
  for (const span of spans) {
    const startLine = letter.lines.positionAt(span.start).line;
    const endLine = letter.lines.positionAt(span.end).line;
    if (endLine > startLine) all.push({ startLine, endLine, kind: 'region' });
  }
  // Sorted, then each range once (equal ranges are next to each other).
  all.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
  return all.filter((r, i) => i === 0 || r.startLine !== all[i - 1].startLine || r.endLine !== all[i - 1].endLine);
}

export interface WorkspaceSymbolSpec {
  name: string;
  kind: number;
  containerName?: string;
  range: Range;
}

/** Symbols of one letter for Go to Symbol in Workspace: the case number, and every item by title. */
export function letterSymbols(letter: Letter, fallbackName: string): WorkspaceSymbolSpec[] {
  const caseNumber = caseNumberOf(letter);
  const container = caseNumber ?? fallbackName;
  const out: WorkspaceSymbolSpec[] = [];
  const caseField = letter.header.find((h) => h.key === 'caseNumber');
  if (caseNumber && caseField) {
    out.push({ name: caseNumber, kind: SymbolKind.File, range: letter.lines.rangeOf(caseField.valueSpan ?? caseField.labelSpan) });
  }
  for (const item of letter.items) {
    out.push({
      name: itemSymbolName(item),
      kind: SymbolKind.Class,
      containerName: container,
      range: letter.lines.rangeOf(item.titleSpan),
    });
  }
  return out;
}

/** Every word of the query is in the name (case-insensitive, in any order): "lumbar mri" finds
 *  "MRI of the lumbar spine", "cm25 0104" the case CM25-0104417. (A match of the query's letters
 *  scattered through a name found "Six sessions ... for the lumbar spine" for "shoulder".) */
export function matchesQuery(name: string, query: string): boolean {
  const n = name.toLowerCase();
  for (const word of query.toLowerCase().split(/\s+/)) if (word && !n.includes(word)) return false;
  return true;
}
