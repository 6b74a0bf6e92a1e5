import { ITEM_FIELDS, fieldSpec } from '../format';
import type { Letter, Span } from '../model';
import { itemGroups, type ItemGroup } from './item-groups';
import { editDistance } from '../text';
import type { Finding, Rule } from './types';

/** A line inside the item that starts with a misspelled form of `label` ("Decison rationale:"). */
function misspelledLabel(letter: Letter, item: ItemGroup, label: string): Span | undefined {
  const text = letter.text.slice(item.span.start, item.span.end);
  const want = label.toLowerCase().replace(/:$/, '');
  for (const m of text.matchAll(/(^|[\n\f])[ \t\f]*([A-Za-z][A-Za-z ()/]{4,40}?)\s*:/g)) {
    const written = m[2].toLowerCase().replace(/\s+/g, ' ');
    if (written === want) continue;
    const budget = want.length >= 15 ? 3 : 2;
    if (editDistance(written, want, budget) <= budget) {
      const start = item.span.start + m.index! + m[1].length + m[0].slice(m[1].length).indexOf(m[2]);
      const colon = item.span.start + m.index! + m[0].length;
      return { start, end: colon };
    }
  }
  return undefined;
}

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
    for (const item of itemGroups(letter)) {
      const anchor = item.titleSpan.end > item.titleSpan.start ? item.titleSpan : item.fields[0]?.labelSpan ?? item.span;
      const name = item.title ? `"${item.title}"` : 'This item';
      ITEM_FIELDS.forEach((spec, order) => {
        if (item.fields.some((f) => f.kind === spec.kind)) return;
        const misspelled = misspelledLabel(letter, item, spec.label);
        if (misspelled) {
          const written = letter.text.slice(misspelled.start, misspelled.end);
          findings.push({
            span: misspelled,
            message: `The field label "${written}" is misspelled: write "${spec.label}".`,
            data: { field: spec.kind, problem: 'misspelled' },
            fixes: [{ title: `Change to "${spec.label}"`, edits: [{ span: misspelled, newText: spec.label }], preferred: true }],
          });
          return;
        }
        // Insert before the next field that must follow it, or after the last one before it.
        const next = item.fields.find((f) => ITEM_FIELDS.findIndex((s) => s.kind === f.kind) > order);
        let edit;
        if (next) edit = { span: { start: next.labelSpan.start, end: next.labelSpan.start }, newText: `${spec.label}\n\n` };
        else {
          const last = item.fields[item.fields.length - 1];
          // After the last field's text (an empty field's span runs over the blank lines after it).
          const end = last ? (last.body.text.length > 0 ? last.bodySpan.end : last.labelSpan.end) : item.decision?.span.end ?? item.titleSpan.end;
          edit = { span: { start: end, end }, newText: `\n\n${spec.label}` };
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
      // A field with no text (what the inserted labels leave for the author to write).
      for (const f of item.fields) {
        if (f.body.text.length > 0) continue;
        const spec = fieldSpec(f.kind);
        findings.push({
          span: f.labelSpan,
          severity: f.kind === 'claimsAdministratorGuideline' ? 'info' : 'warning',
          message:
            f.kind === 'claimsAdministratorGuideline'
              ? `"${spec.label}" is empty. When the claims administrator cited nothing, write "The Claims Administrator did not cite any medical evidence for its decision."`
              : `"${spec.label}" is empty: write the ${f.kind === 'decisionRationale' ? 'rationale, ending with its conclusion' : 'citation(s) the decision is based on'}.`,
          data: { field: f.kind, problem: 'empty' },
        });
      }
      // A label with the wrong capitalization.
      for (const f of item.fields) {
        const canonical = fieldSpec(f.kind).label;
        if (f.label === canonical) continue;
        findings.push({
          span: f.labelSpan,
          severity: 'warning',
          message: `Write the field label as "${canonical}".`,
          data: { field: f.kind, problem: 'case' },
          fixes: [{ title: `Change to "${canonical}"`, edits: [{ span: f.labelSpan, newText: canonical }], preferred: true }],
        });
      }
    }
    return findings;
  },
};
