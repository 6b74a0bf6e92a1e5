/** Suppressions of single findings: an `ignore` entry names the rule and the text of the line. */
import type { LintDiagnostic } from '../rules/types';
import type { Letter } from '../model';
import type { IgnoreEntry } from './validate';

const fold = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The trimmed text of the line a finding starts on (the key of an `ignore` entry). */
export function lineTextAt(letter: Letter, line: number): string {
  if (line < 0 || line >= letter.lines.lineCount) return '';
  return letter.text.slice(letter.lines.lineStarts[line], letter.lines.lineEnd(line)).trim();
}

/** Drops the findings an `ignore` entry names (same rule, same line text; runs of whitespace compare equal). */
export function applySuppressions<D extends Pick<LintDiagnostic, 'rule' | 'range'>>(diagnostics: readonly D[], letter: Letter, ignores: readonly IgnoreEntry[]): D[] {
  if (ignores.length === 0) return [...diagnostics];
  const keys = new Set(ignores.map((i) => `${i.rule}\u0000${fold(i.line)}`));
  return diagnostics.filter((d) => !keys.has(`${d.rule}\u0000${fold(lineTextAt(letter, d.range.start.line))}`));
}

/** The `ignore` entry that silences a finding (what a "suppress in config" quick fix adds). */
export function ignoreEntryFor(d: Pick<LintDiagnostic, 'rule' | 'range'>, letter: Letter): IgnoreEntry {
  return { rule: d.rule, line: lineTextAt(letter, d.range.start.line) };
}

