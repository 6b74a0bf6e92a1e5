/** Suppressions of single findings: an `ignore` entry names the rule and the text of the line, or a fingerprint of the finding. */
import type { LintDiagnostic } from '../rules/types';
import type { Letter } from '../model';
import { RULES } from '../rules';
import type { IgnoreEntry } from './validate';

const fold = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The trimmed text of the line a finding starts on (the key of an `ignore` entry). */
export function lineTextAt(letter: Letter, line: number): string {
  if (line < 0 || line >= letter.lines.lineCount) return '';
  return letter.text.slice(letter.lines.lineStarts[line], letter.lines.lineEnd(line)).trim();
}

type Suppressible = Pick<LintDiagnostic, 'rule' | 'range' | 'span'>;

/**
 * The fingerprint of one finding: 53 bits of a hash (cyrb53) of its line's folded text and of its
 * own text, as 14 hex digits. It names the finding (another finding on the line differs) and
 * cannot be read back into the name or number it stands for.
 */
export function fingerprintOf(d: Suppressible, letter: Letter): string {
  const key = `${fold(lineTextAt(letter, d.range.start.line))}\u0000${letter.text.slice(d.span.start, d.span.end)}`;
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}

/** Drops the findings an `ignore` entry names (same rule and same line text, runs of whitespace comparing equal; or same fingerprint). */
export function applySuppressions<D extends Suppressible>(diagnostics: readonly D[], letter: Letter, ignores: readonly IgnoreEntry[]): D[] {
  if (ignores.length === 0) return [...diagnostics];
  const keys = new Set(ignores.map((i) => (i.fingerprint !== undefined ? `${i.rule}\u0001${i.fingerprint}` : `${i.rule}\u0000${fold(i.line ?? '')}`)));
  const byPrint = new Set(ignores.filter((i) => i.fingerprint !== undefined).map((i) => i.rule));
  return diagnostics.filter(
    (d) => !keys.has(`${d.rule}\u0000${fold(lineTextAt(letter, d.range.start.line))}`) && !(byPrint.has(d.rule) && keys.has(`${d.rule}\u0001${fingerprintOf(d, letter)}`)),
  );
}

/** The `ignore` entry that silences a finding (what a "suppress in config" quick fix adds): by its
 *  line's text, or by fingerprint when the rule's findings are personal information. */
export function ignoreEntryFor(d: Suppressible, letter: Letter): IgnoreEntry {
  if (RULES.find((r) => r.id === d.rule)?.quotesPersonalData) return { rule: d.rule, fingerprint: fingerprintOf(d, letter) };
  return { rule: d.rule, line: lineTextAt(letter, d.range.start.line) };
}
