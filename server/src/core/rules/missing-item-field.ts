import { ITEM_FIELDS, fieldSpec } from '../format';
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
    for (const item of letter.items) {
      if (item.sectionKind !== 'issues') continue;
      const anchor = item.titleSpan.end > item.titleSpan.start ? item.titleSpan : item.fields[0]?.labelSpan ?? item.span;
      const name = item.title ? `"${item.title}"` : 'This item';
      ITEM_FIELDS.forEach((spec, order) => {
        if (item.fields.some((f) => f.kind === spec.kind)) return;
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
