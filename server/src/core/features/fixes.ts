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

const byPosition = (a: TextEditSpec, b: TextEditSpec) => a.span.start - b.span.start || a.span.end - b.span.end;

/**
 * The edits taken so far, in text order. They never overlap, so the edits that could overlap a
 * new one are the last one starting before it and those starting inside it: a binary search
 * finds them. Fixes mostly come in text order, so an insertion is mostly an append.
 */
class TakenEdits {
  readonly edits: TextEditSpec[] = [];
  /** Index of the first taken edit that sorts after `e`. */
  private after(e: TextEditSpec): number {
    const n = this.edits.length;
    // Mostly an append: after the last one.
    if (n === 0 || byPosition(this.edits[n - 1], e) <= 0) return n;
    let lo = 0;
    let hi = this.edits.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (byPosition(this.edits[mid], e) <= 0) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
  conflicts(e: TextEditSpec): boolean {
    const i = this.after(e);
    // Earlier edits: those ending after e starts (at most a few, as taken edits are disjoint).
    for (let j = i - 1; j >= 0 && this.edits[j].span.end >= e.span.start; j--) if (overlaps(this.edits[j], e)) return true;
    for (let j = i; j < this.edits.length && this.edits[j].span.start <= e.span.end; j++) if (overlaps(this.edits[j], e)) return true;
    return false;
  }
  add(e: TextEditSpec): void {
    const i = this.after(e);
    if (i === this.edits.length) this.edits.push(e);
    else this.edits.splice(i, 0, e);
  }
}

/** Whether two edits of one fix overlap. */
function ownOverlap(edits: readonly TextEditSpec[]): boolean {
  const own = [...edits].sort(byPosition);
  return own.some((e, i) => i > 0 && overlaps(own[i - 1], e));
}

/**
 * Applies fixes whose edits do not overlap an edit of an earlier fix in the list (a fix is taken
 * whole or not at all), then writes all the edits in one pass over the text, so that every span
 * refers to the original text. Cost: the text's length plus the edits (times a logarithm).
 */
export function applyFixes(text: string, fixes: readonly Fix[]): ApplyResult {
  const taken = new TakenEdits();
  const applied: Fix[] = [];
  const skipped: Fix[] = [];
  for (const fix of fixes) {
    const edits = fix.edits;
    // Taken whole: every edit inside the text, none overlapping a taken edit or another of its own.
    if (!edits.every((e) => e.span.start >= 0 && e.span.end <= text.length && e.span.start <= e.span.end) || edits.some((e) => taken.conflicts(e)) || (edits.length > 1 && ownOverlap(edits))) {
      skipped.push(fix);
      continue;
    }
    for (const e of edits) taken.add(e);
    applied.push(fix);
  }
  // Inserted line breaks follow the letter's own (its first one): a CRLF letter stays CRLF
  // throughout, and so does a letter of bare CRs (old Mac files).
  const eol = lineBreakOf(text);
  const parts: string[] = [];
  let at = 0;
  for (const e of taken.edits) {
    parts.push(text.slice(at, e.span.start), eol !== '\n' && e.newText.includes('\n') ? e.newText.replace(/\r?\n/g, eol) : e.newText);
    at = e.span.end;
  }
  parts.push(text.slice(at));
  return { text: parts.join(''), applied, skipped };
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
export function fixAll(text: string, givenOptions: LintOptions = {}, maxPasses = 10): FixAllResult {
  // Every finding, not the first 500 of a rule: each one with a preferred fix is repaired.
  const options: LintOptions = { ...givenOptions, maxFindingsPerRule: Infinity };
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

/** A text's line break: that of its first line ("\r\n", a bare "\r", else "\n"). */
function lineBreakOf(text: string): string {
  const lf = text.indexOf('\n');
  const cr = text.indexOf('\r');
  if (cr < 0) return '\n';
  if (lf === cr + 1) return '\r\n';
  return lf < 0 || cr < lf ? '\r' : '\n';
}
