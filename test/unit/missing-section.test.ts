/** missing-section's insertion fix on real letters: remove each section, apply the fix, re-lint. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLetter } from '../../server/src/core/parser';
import { lintLetter } from '../../server/src/core/lint';
import { applyFixes } from '../../server/src/core/features/fixes';
import { looksLikeLetter } from '../../server/src/core/format';
import { corpus, hasShared, readExample, SHARED_MISSING } from '../support/corpus';

function removeSectionAndFix(text: string, kind: string): string[] {
  const letter = parseLetter(text);
  const section = letter.sections.find((s) => s.kind === kind)!;
  // Keep the items: remove only the heading line and the body up to the next section.
  const without = text.slice(0, section.span.start) + text.slice(section.span.end);
  const finding = lintLetter(parseLetter(without)).find((d) => d.rule === 'missing-section' && (d.data as { section: string }).section === kind);
  assert.ok(finding, `missing ${kind} reported`);
  const fixed = applyFixes(without, finding.fixes).text;
  const after = parseLetter(fixed);
  assert.deepEqual(after.sections.map((s) => s.kind), ['howMade', 'caseSummary', 'issues'], `${kind}: the section lands in its place`);
  return lintLetter(after).filter((d) => d.rule === 'missing-section' || d.rule === 'section-order').map((d) => d.message);
}

test('inserting each missing section puts it in order with its standard opening (example letter)', () => {
  const text = readExample('examples/clean/lumbar-therapy.imr');
  for (const kind of ['howMade', 'caseSummary', 'issues']) assert.deepEqual(removeSectionAndFix(text, kind), [], kind);
});

test('the same on the seeds and a real letter in both extractions', (t) => {
  if (!hasShared) return t.skip(SHARED_MISSING);
  const names = new Set(['seeds/000_1d3f170e10b2a68b.txt', 'seeds/003_98c00061d8b77610.txt', 'real-letters/001_cm16-0213037-mri-of-the-right-shoulder-without-contra.txt', 'real-letters/plain/001_cm16-0213037-mri-of-the-right-shoulder-without-contra.txt']);
  for (const letter of corpus().filter((l) => names.has(l.name))) {
    for (const kind of ['howMade', 'caseSummary', 'issues']) assert.deepEqual(removeSectionAndFix(letter.text, kind), [], `${letter.name}: ${kind}`);
  }
});

test('looksLikeLetter: first non-blank line, with BOM, form feed, CRLF or leading spaces', () => {
  assert.ok(looksLikeLetter('Case Number: CM16-1'));
  assert.ok(looksLikeLetter('\uFEFF\r\n\r\n HOW THE IMR FINAL DETERMINATION WAS MADE \r\n'));
  assert.ok(looksLikeLetter('\f\n   Case Number:\n'));
  assert.ok(!looksLikeLetter('Notes\nCase Number: CM16-1'));
  assert.ok(!looksLikeLetter(''));
});
