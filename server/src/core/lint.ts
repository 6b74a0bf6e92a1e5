/** Runs the rules over one parsed letter and applies the user's severity settings. */
import type { Letter, Span } from './model';
import type { Range } from './text';
import { defaultCatalog, type Catalog } from './catalog';
import { RULES } from './rules';
import { applySuppressions } from './config/suppressions';
import type { IgnoreEntry } from './config/validate';
import type { Fix, Rule, Severity, SeveritySetting, TextEditSpec } from './rules/types';

export interface LintOptions {
  /** Per-rule severity, overriding defaults; 'off' disables a rule. */
  rules?: Record<string, SeveritySetting>;
  catalog?: Catalog;
  today?: Date;
  /** Single findings silenced by the config (rule + text of the line), without editing the letter. */
  ignores?: readonly IgnoreEntry[];
}

export interface LintDiagnostic {
  rule: string;
  severity: Severity;
  message: string;
  span: Span;
  range: Range;
  data?: Record<string, unknown>;
  fixes: LintFix[];
  related: { span: Span; range: Range; message: string }[];
  tags?: number[];
}

/** A rule's fix with each edit's range resolved against the letter that was linted. */
export interface LintFix extends Fix {
  edits: (TextEditSpec & { range: Range })[];
}

export function lintLetter(letter: Letter, options: LintOptions = {}, rules: readonly Rule[] = RULES): LintDiagnostic[] {
  const ctx = { letter, catalog: options.catalog ?? defaultCatalog(), today: options.today ?? new Date() };
  const out: LintDiagnostic[] = [];
  for (const rule of rules) {
    const setting = options.rules?.[rule.id];
    if (setting === 'off') continue;
    let findings;
    try {
      findings = rule.check(ctx);
    } catch (err) {
      // A rule bug must never take the whole lint down; report it where it can be seen.
      findings = [{ span: { start: 0, end: 0 }, message: `Internal error in rule ${rule.id}: ${(err as Error).message}`, severity: 'warning' as Severity }];
    }
    for (const f of findings) {
      out.push({
        rule: rule.id,
        severity: setting ?? f.severity ?? rule.defaultSeverity,
        message: f.message,
        span: f.span,
        range: letter.lines.rangeOf(f.span),
        data: f.data,
        fixes: (f.fixes ?? []).map((fix) => ({ ...fix, edits: fix.edits.map((e) => ({ ...e, range: letter.lines.rangeOf(e.span) })) })),
        related: (f.related ?? []).map((r) => ({ ...r, range: letter.lines.rangeOf(r.span) })),
        tags: f.tags,
      });
    }
  }
  out.sort((a, b) => a.span.start - b.span.start || a.rule.localeCompare(b.rule));
  return options.ignores?.length ? applySuppressions(out, letter, options.ignores) : out;
}
