/** Applying rule fixes to a letter's text: one fix (quick fix), or all preferred fixes ("Fix all", `imr-lint --fix`). */
import { lintLetter, type LintDiagnostic, type LintOptions } from '../lint';
import { parseLetter } from '../parser';
import type { Fix, TextEditSpec } from '../rules/types';

export interface ApplyResult {
  text: string;
  /** Fixes applied (all their edits). */
  applied: Fix[];
  /** Fixes skipped because an edit overlapped an edit already taken. */
  skipped: Fix[];
}

const overlaps = (a: TextEditSpec, b: TextEditSpec) =>
  // Two insertions at one point conflict (their order would be arbitrary); otherwise spans must not intersect.
  (a.span.start === a.span.end && b.span.start === b.span.end && a.span.start === b.span.start) ||
  (a.span.start < b.span.end && b.span.start < a.span.end) ||
  (a.span.start === a.span.end && a.span.start > b.span.start && a.span.start < b.span.end) ||
  (b.span.start === b.span.end && b.span.start > a.span.start && b.span.start < a.span.end);

/**
 * Applies fixes whose edits do not overlap an edit of an earlier fix in the list (a fix is taken
 * whole or not at all), then writes the edits from the end of the text backwards so that every
 * span still refers to the original text.
 */
export function applyFixes(text: string, fixes: readonly Fix[]): ApplyResult {
  const taken: TextEditSpec[] = [];
  const applied: Fix[] = [];
  const skipped: Fix[] = [];
  for (const fix of fixes) {
    const edits = fix.edits.filter((e) => e.span.start >= 0 && e.span.end <= text.length && e.span.start <= e.span.end);
    if (edits.length !== fix.edits.length || edits.some((e, i) => taken.some((t) => overlaps(t, e)) || edits.slice(0, i).some((o) => overlaps(o, e)))) {
      skipped.push(fix);
      continue;
    }
    taken.push(...edits);
    applied.push(fix);
  }
  taken.sort((a, b) => b.span.start - a.span.start || b.span.end - a.span.end);
  let out = text;
  for (const e of taken) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return { text: out, applied, skipped };
}

export interface FixAllResult {
  text: string;
  /** Number of fixes applied over all passes. */
  fixed: number;
  passes: number;
  /** The findings left after the last pass. */
  remaining: LintDiagnostic[];
}

/** Lints, applies every preferred fix, re-parses and repeats until nothing changes (at most `maxPasses`). */
export function fixAll(text: string, options: LintOptions = {}, maxPasses = 10): FixAllResult {
  let current = text;
  let fixed = 0;
  let passes = 0;
  let diagnostics = lintLetter(parseLetter(current), options);
  while (passes < maxPasses) {
    const preferred = diagnostics.flatMap((d) => d.fixes.filter((f) => f.preferred));
    if (preferred.length === 0) break;
    const result = applyFixes(current, preferred);
    passes++;
    if (result.applied.length === 0 || result.text === current) break;
    fixed += result.applied.length;
    current = result.text;
    diagnostics = lintLetter(parseLetter(current), options);
  }
  return { text: current, fixed, passes, remaining: diagnostics };
}
