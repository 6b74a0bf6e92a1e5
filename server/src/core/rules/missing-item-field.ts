import { ITEM_FIELDS, fieldSpec } from '../format';
import { shortQuote } from '../text';
import { cutOffAt } from './letter-cut-off';
import type { Finding, Rule } from './types';

/**
 * Every disputed item has its three fields, labelled exactly, in the published order:
 * Claims Administrator guideline, MAXIMUS guideline, Decision rationale.
 */
export const missingItemField: Rule = {
  id: 'missing-item-field',
  description: 'A disputed item lacks one of its three fields (Claims Administrator guideline, MAXIMUS guideline, Decision rationale) or has them out of order.',
  defaultSeverity: 'error',
  fixable: true,
  check({ letter }) {
    const findings: Finding[] = [];
    if (letter.format !== 'current') return findings;
    // A letter that stops at an empty field label: letter-cut-off says so, and the fields the cut
    // took (after that one, and that one empty) are not listed again. (Cut after a title, the item's
    // one finding here is kept: its fix writes the three fields a drafter fills in.)
    const cut = cutOffAt(letter);
    const cutItem = cut?.problem === 'empty-field' ? cut.item : undefined;
    for (const item of letter.items) {
      if (item.sectionKind !== 'issues') continue;
      const lastRank = item === cutItem && item.fields.length > 0 ? ITEM_FIELDS.findIndex((s) => s.kind === item.fields[item.fields.length - 1].kind) : -1;
      const cutAway = (order: number) => item === cutItem && order > lastRank;
      const anchor = item.titleSpan.end > item.titleSpan.start ? item.titleSpan : item.fields[0]?.labelSpan ?? item.span;
      const name = item.title ? `"${shortQuote(item.title)}"` : 'This item';
      if (item.fields.length === 0) {
        // None of the three: one finding, not three (a title line with nothing under it, or a line
        // that only reads like one), and one fix that writes the skeleton's three labels.
        const end = item.decision?.span.end ?? item.titleSpan.end;
        const skeleton = ITEM_FIELDS.map((f) => `${f.label} ${f.kind === 'decisionRationale' ? '[RATIONALE]' : '[CITATION]'}`).join('\n\n');
        findings.push({
          span: anchor,
          message: `${name} has none of an item's fields: ${ITEM_FIELDS.map((f) => `"${f.label}"`).join(', ')}, in this order. Write them under the title, or remove the line if it is no item.`,
          data: { field: null, problem: 'no-fields' },
          fixes: [{ title: 'Insert the three fields', edits: [{ span: { start: end, end }, newText: `\n\n${skeleton}` }], preferred: true }],
        });
        continue;
      }
      ITEM_FIELDS.forEach((spec, order) => {
        if (item.fields.some((f) => f.kind === spec.kind) || cutAway(order)) return;
        // Where the field's text already stands, as a paragraph of the field before it (its label was
        // deleted): the label goes in front of that paragraph, so the text is not left to the wrong field.
        // Otherwise before the next field that must follow it, or after the last one before it.
        const next = item.fields.find((f) => ITEM_FIELDS.findIndex((s) => s.kind === f.kind) > order);
        const prev = [...item.fields].reverse().find((f) => ITEM_FIELDS.findIndex((s) => s.kind === f.kind) < order);
        // The label is there, damaged ("Claims Administrator Guideline Decision based on ...", its
        // colon lost; "Claims Administrator Decision based on ...", a word lost): the finding is on
        // that line, and the fix repairs the label (a second label written below it left the
        // citation under none, unchecked).
        const damaged = damagedLabel(letter.text, prev ? prev.labelSpan.end : item.titleSpan.end, next ? next.labelSpan.start : item.span.end, spec.kind);
        if (damaged) {
          const written = letter.text.slice(damaged.start, damaged.end);
          findings.push({
            span: damaged,
            message: `"${written}" reads like the "${spec.label}" field's label, damaged: write it "${spec.label}".`,
            data: { field: spec.kind, problem: 'damaged-label' },
            fixes: [{ title: `Change to "${spec.label}"`, edits: [{ span: damaged, newText: spec.label }], preferred: true }],
          });
          return;
        }
        const orphans = prev ? orphanStarts(letter.text, prev.bodySpan, spec.kind === 'decisionRationale') : [];
        let edit;
        // Several citation lines in the field before: a stock sentence of the Expert Reviewer's is the
        // MAXIMUS field's own; else the last is taken (a Claims Administrator field of two citation
        // lines is more common than a MAXIMUS one).
        const orphan = orphans.find((at) => letter.text.startsWith('The Expert Reviewer', at)) ?? orphans[orphans.length - 1];
        // With no text to label, the label goes in with the skeleton's placeholder, which
        // placeholder-left reports until it is written: a fix never turns a missing field into a pass.
        const placeholder = spec.kind === 'decisionRationale' ? '[RATIONALE]' : '[CITATION]';
        if (orphan !== undefined) edit = { span: { start: orphan, end: orphan }, newText: `${spec.label} ` };
        else if (next) edit = { span: { start: next.labelSpan.start, end: next.labelSpan.start }, newText: `${spec.label} ${placeholder}\n\n` };
        else {
          const last = item.fields[item.fields.length - 1];
          // After the last field's text (an empty field's span runs over the blank lines after it).
          const end = last ? (last.body.text.length > 0 ? last.bodySpan.end : last.labelSpan.end) : item.decision?.span.end ?? item.titleSpan.end;
          edit = { span: { start: end, end }, newText: `\n\n${spec.label} ${placeholder}` };
        }
        findings.push({
          span: anchor,
          message: `${name} has no "${spec.label}" field. Every item has ${ITEM_FIELDS.map((f) => `"${f.label}"`).join(', ')}, in this order.`,
          data: { field: spec.kind, problem: 'missing' },
          fixes: [{ title: `Insert "${spec.label}"`, edits: [edit], preferred: true }],
        });
      });
      // Present fields out of order.
      const ranks = item.fields.map((f) => ITEM_FIELDS.findIndex((s) => s.kind === f.kind));
      for (let i = 1; i < ranks.length; i++) {
        if (ranks[i] >= ranks[i - 1]) continue;
        const f = item.fields[i];
        findings.push({
          span: f.labelSpan,
          message: `"${fieldSpec(f.kind).label}" must come before "${fieldSpec(item.fields[i - 1].kind).label}".`,
          data: { field: f.kind, problem: 'order' },
          related: [{ span: item.fields[i - 1].labelSpan, message: 'This field must come after it.' }],
        });
      }
      // A field with no text: no published letter has one. The claims administrator may have cited
      // nothing (a stock sentence says so: a warning); the reviewer's citation and rationale are the letter.
      for (const f of item.fields) {
        if (f.body.text.length > 0 || (item === cutItem && f === item.fields[item.fields.length - 1])) continue;
        const spec = fieldSpec(f.kind);
        findings.push({
          span: f.labelSpan,
          severity: f.kind === 'claimsAdministratorGuideline' ? 'warning' : undefined,
          message:
            f.kind === 'claimsAdministratorGuideline'
              ? `"${spec.label}" is empty. When the claims administrator cited nothing, write "The Claims Administrator did not cite any medical evidence for its decision."`
              : `"${spec.label}" is empty: write the ${f.kind === 'decisionRationale' ? 'rationale, ending with its conclusion' : 'citation(s) the decision is based on'}.`,
          data: { field: f.kind, problem: 'empty' },
        });
      }
      // A label misspelled ("Decison rationale:") or in the wrong case, as the parser read it.
      for (const f of item.fields) {
        const canonical = fieldSpec(f.kind).label;
        if (f.label === canonical) continue;
        // A no-break space where the label has a space (text copied from a web page or a word
        // processor) reads the same: only searching for the label fails, so it is a warning.
        const spaces = f.label.includes('\u00a0') && f.label.replace(/\u00a0/g, ' ') === canonical;
        const caseOnly = !spaces && f.label.toLowerCase() === canonical.toLowerCase();
        findings.push({
          span: f.labelSpan,
          severity: caseOnly || spaces ? 'warning' : undefined,
          message: spaces
            ? `The field label "${canonical}" has a no-break space where its space belongs (text copied from a web page or a word processor): retype it, or apply the fix.`
            : caseOnly
              ? `Write the field label as "${canonical}".`
              : `The field label "${f.label}" is misspelled: write "${canonical}".`,
          data: { field: f.kind, problem: spaces ? 'no-break-space' : caseOnly ? 'case' : 'misspelled' },
          fixes: [{ title: `Change to "${canonical}"`, edits: [{ span: f.labelSpan, newText: canonical }], preferred: true }],
        });
      }
    }
    return findings;
  },
};

/** A field label at a line's start with its colon or a word lost, before the field's usual text. */
const DAMAGED_LABELS: Partial<Record<string, RegExp>> = {
  claimsAdministratorGuideline: /Claims[ \t]+Administrator(?:[ \t]+guidelines?(?![ \t]*:)|(?=[ \t]+(?:Decision based on|did not cite|based its)\b))/iy,
  maximusGuideline: /MAXIMUS(?:[ \t]+guidelines?(?![ \t]*:)|(?=[ \t]+Decision based on\b))/iy,
  decisionRationale: /Decision[ \t]+rationale(?![ \t]*:)(?=[ \t])/iy,
};

/** The damaged label of field `kind` at the start of a line of text[from, to), if one stands there. */
function damagedLabel(text: string, from: number, to: number, kind: string): { start: number; end: number } | undefined {
  const re = DAMAGED_LABELS[kind];
  if (!re) return undefined;
  for (let at = from; at < to; ) {
    let start = at;
    while (start < to && (text[start] === ' ' || text[start] === '\t')) start++;
    re.lastIndex = start;
    const m = re.exec(text);
    if (m && start + m[0].length <= to && (at === 0 || text[at - 1] === '\n' || text[at - 1] === '\r' || at === from)) return { start, end: start + m[0].length };
    const nl = text.indexOf('\n', at);
    if (nl < 0 || nl >= to) return undefined;
    at = nl + 1;
  }
  return undefined;
}

const CITATION_START = /^(?:Decision based on|The (?:Claims Administrator|Expert Reviewer) (?:did not|based))/;

/**
 * Where the text of a field whose label was deleted starts inside the field before it: a line that
 * follows a line ending a sentence, and that starts a citation (for a guideline field: "Decision
 * based on ...", a stock sentence) or, for the rationale, anything else (the first such line).
 */
function orphanStarts(text: string, body: { start: number; end: number }, rationale: boolean): number[] {
  const found: number[] = [];
  let lineStart = body.start;
  let prevEndsSentence = false;
  let first = true;
  while (lineStart < body.end) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0 || lineEnd > body.end) lineEnd = body.end;
    const raw = text.slice(lineStart, lineEnd);
    const lead = /^[\s\f]*/.exec(raw)![0].length;
    const line = raw.slice(lead).trimEnd();
    if (line.length > 0) {
      if (!first && prevEndsSentence && /^[A-Z]/.test(line) && CITATION_START.test(line) !== rationale) {
        if (rationale) return [lineStart + lead];
        found.push(lineStart + lead);
      }
      prevEndsSentence = /[.]$/.test(line);
      first = false;
    }
    lineStart = lineEnd + 1;
  }
  return found;
}
