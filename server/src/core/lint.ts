/** Runs the rules over one parsed letter and applies the user's severity settings. */
import type { Letter } from './model';
import { defaultCatalog, type Catalog } from './catalog';
import { RULES } from './rules';
import { applySuppressions } from './config/suppressions';
import type { IgnoreEntry } from './config/validate';
import type { LintDiagnostic, Rule, Severity, SeveritySetting } from './rules/types';

export interface LintOptions {
  /** Per-rule severity, overriding defaults; 'off' disables a rule. */
  rules?: Record<string, SeveritySetting>;
  catalog?: Catalog;
  today?: Date;
  /** Single findings silenced by the config (rule + text of the line), without editing the letter. */
  ignores?: readonly IgnoreEntry[];
  /** Findings listed per rule (default MAX_FINDINGS_PER_RULE); Fix All lifts it, to repair every one. */
  maxFindingsPerRule?: number;
}

export type { LintDiagnostic, LintFix } from './rules/types';

/** `{ ...o, [key]: value }`, spelled out: the spread is slow enough to count for 10,000 findings. */
function copyWith<T extends object, K extends string, V>(o: T, key: K, value: V): Omit<T, K> & Record<K, V> {
  const copy: Record<string, unknown> = {};
  for (const k of Object.keys(o)) copy[k] = (o as Record<string, unknown>)[k];
  copy[key] = value;
  return copy as Omit<T, K> & Record<K, V>;
}

let ranked: { rules: readonly Rule[]; size: number; rank: Map<string, number> } | undefined;

/** Each rule id's place in localeCompare order (ids that compare equal share one). */
function ruleRanks(rules: readonly Rule[]): Map<string, number> {
  if (ranked?.rules === rules && ranked.size === rules.length) return ranked.rank;
  const ids = [...new Set(rules.map((r) => r.id))].sort((a, b) => a.localeCompare(b));
  const rank = new Map<string, number>();
  ids.forEach((id, i) => rank.set(id, i > 0 && id.localeCompare(ids[i - 1]) === 0 ? rank.get(ids[i - 1])! : i));
  ranked = { rules, size: rules.length, rank };
  return rank;
}

/**
 * At most this many findings of one rule in one letter; the rest become one finding that says how
 * many more there are. No letter comes near it (the published ones have a few findings each); a file
 * of binary junk read as text has 100,000 encoding artifacts, which would stall an editor.
 */
export const MAX_FINDINGS_PER_RULE = 500;

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
    const max = options.maxFindingsPerRule ?? MAX_FINDINGS_PER_RULE;
    if (findings.length > max) {
      const more = findings.length - max;
      const first = findings[max];
      findings = [
        ...findings.slice(0, max),
        {
          span: first.span,
          message: `${more} more ${rule.id} findings from here on are not listed (at most ${max} per rule and letter). A letter has a handful: is this file a letter's text? Fix the ones listed, and the rest are listed again.`,
          severity: 'info' as Severity,
          data: { problem: 'too-many', more },
        },
      ];
    }
    for (const f of findings) {
      out.push({
        rule: rule.id,
        severity: setting ?? f.severity ?? rule.defaultSeverity,
        message: f.message,
        span: f.span,
        range: letter.lines.rangeOf(f.span),
        data: f.data,
        fixes: f.fixes ? f.fixes.map((fix) => copyWith(fix, 'edits', fix.edits.map((e) => copyWith(e, 'range', letter.lines.rangeOf(e.span))))) : [],
        related: f.related ? f.related.map((r) => copyWith(r, 'range', letter.lines.rangeOf(r.span))) : [],
        tags: f.tags,
      });
    }
  }
  // By offset, then by rule id in localeCompare order: each id's rank in that order is worked out
  // once here (a few dozen ids), not by a localeCompare per comparison of n log n.
  const rank = ruleRanks(rules);
  out.sort((a, b) => a.span.start - b.span.start || rank.get(a.rule)! - rank.get(b.rule)!);
  return options.ignores?.length ? applySuppressions(out, letter, options.ignores) : out;
}
