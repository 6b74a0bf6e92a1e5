/**
 * Semantic tokens: what only the model knows, layered over the TextMate grammar. A heading that
 * really opens a section (not the same words in prose), every line of a wrapped item title, the
 * decision and the rationale's conclusion (and whether they agree), citation parts the catalog
 * does not know.
 */
import type { Letter, Span } from '../model';
import { findSection, hasSectionList, sectionListComplete, sectionMatchesPattern, type Catalog } from '../catalog';
import { allCitations } from '../citations';
import { readConclusion, verdictOfDecision } from '../conclusion';
import { isJsSpace } from '../text';

export const TOKEN_TYPES = ['section', 'headerLabel', 'itemTitle', 'decision', 'fieldLabel', 'guideline', 'guidelineSection', 'conclusion'] as const;
export const TOKEN_MODIFIERS = ['upheld', 'overturned', 'invalid', 'necessary', 'notNecessary', 'conflict'] as const;

export type TokenType = (typeof TOKEN_TYPES)[number];
export type TokenModifier = (typeof TOKEN_MODIFIERS)[number];

export interface SemanticToken {
  line: number;
  character: number;
  length: number;
  type: TokenType;
  modifiers: readonly TokenModifier[];
}

const NO_MODIFIERS: readonly TokenModifier[] = Object.freeze([]);
const INVALID: readonly TokenModifier[] = Object.freeze(['invalid']);

export function semanticTokens(letter: Letter, catalog: Catalog): SemanticToken[] {
  const out: SemanticToken[] = [];
  const { text, lines } = letter;
  const add = (span: Span, type: TokenType, modifiers: readonly TokenModifier[] = NO_MODIFIERS) => {
    // Tokens may not cross lines: split a span at each line break, skipping blank pieces.
    const first = lines.positionAt(span.start).line;
    const last = first === lines.lineCount - 1 || span.end < lines.lineStarts[first + 1] ? first : lines.positionAt(span.end).line;
    for (let line = first; line <= last; line++) {
      const lineStart = lines.lineStarts[line];
      let from = Math.max(span.start, lineStart);
      let to = Math.min(span.end, lines.lineEnd(line));
      while (from < to && isJsSpace(text.charCodeAt(from))) from++;
      while (to > from && isJsSpace(text.charCodeAt(to - 1))) to--;
      if (to > from) out.push({ line, character: from - lineStart, length: to - from, type, modifiers });
    }
  };

  for (const s of letter.sections) add(s.headingSpan, 'section', s.headingMatch === 'exact' ? NO_MODIFIERS : INVALID);
  for (const h of letter.header) {
    add(h.labelSpan, 'headerLabel');
    if (h.labelWrapSpan) add(h.labelWrapSpan, 'headerLabel');
  }
  for (const item of letter.items) {
    if (item.titleSpan.end > item.titleSpan.start) add(item.titleSpan, 'itemTitle');
    const decision = item.decision;
    const rationale = item.fields.find((f) => f.kind === 'decisionRationale');
    const conclusion = rationale ? readConclusion(rationale.body, item, letter.items) : undefined;
    const conflict =
      !!decision?.value && !!conclusion && conclusion.verdict !== 'unclear' && conclusion.verdict !== verdictOfDecision(decision.value);
    if (decision && item.sectionKind === 'issues') {
      const mods: TokenModifier[] = [];
      if (decision.value) mods.push(decision.value === 'Upheld' ? 'upheld' : 'overturned');
      if (!decision.valid) mods.push('invalid');
      if (conflict) mods.push('conflict');
      add(decision.span, 'decision', mods);
    }
    for (const f of item.fields) add(f.labelSpan, 'fieldLabel');
    if (conclusion?.span && conclusion.verdict !== 'unclear') {
      const mods: TokenModifier[] = [conclusion.verdict === 'necessary' ? 'necessary' : 'notNecessary'];
      if (conflict) mods.push('conflict');
      add(conclusion.span, 'conclusion', mods);
    }
  }
  for (const { citation } of allCitations(letter, catalog)) {
    if (!citation.label) continue;
    const r = citation.resolution;
    add(citation.label.span, 'guideline', r && r.knownLabel ? NO_MODIFIERS : INVALID);
    const guideline = r?.guideline;
    for (const section of citation.sections) {
      // Invalid only where the catalog has a list to check against (the unknown-guideline-section rule's test).
      // Marked invalid only where the guideline's list is known to be complete (as the rule warns only there).
      const known = !guideline || !hasSectionList(guideline) || !sectionListComplete(guideline) || !!findSection(guideline, section.name) || sectionMatchesPattern(guideline, section.name);
      add(section.span, 'guidelineSection', known ? NO_MODIFIERS : INVALID);
    }
  }
  return out.sort((a, b) => a.line - b.line || a.character - b.character);
}

/** LSP's relative encoding: five integers per token. */
export function encodeSemanticTokens(tokens: SemanticToken[]): number[] {
  const data: number[] = [];
  let prevLine = 0;
  let prevChar = 0;
  for (const t of tokens) {
    const deltaLine = t.line - prevLine;
    const deltaChar = deltaLine === 0 ? t.character - prevChar : t.character;
    let mods = 0;
    for (const m of t.modifiers) mods |= 1 << TOKEN_MODIFIERS.indexOf(m);
    data.push(deltaLine, deltaChar, t.length, TOKEN_TYPES.indexOf(t.type), mods);
    prevLine = t.line;
    prevChar = t.character;
  }
  return data;
}
