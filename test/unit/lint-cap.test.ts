/** lintLetter lists at most MAX_FINDINGS_PER_RULE findings of a rule in a letter, then one note with the count of the rest. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLetter } from '../../server/src/core/parser';
import { lintLetter, MAX_FINDINGS_PER_RULE } from '../../server/src/core/lint';
import { fixAll } from '../../server/src/core/features/fixes';
import { readExample } from '../support/corpus';

test('a rule lists at most 500 findings in a letter, then one note with how many more; Fix All still repairs them all', () => {
  const clean = readExample('examples/clean/lumbar-therapy.imr');
  const n = 1200;
  // 1,200 separate mojibake apostrophes in the case summary ("workerâ€™s" each time).
  const text = clean.replace('The injured worker', Array.from({ length: n }, (_, i) => `worker${i}â€™s`).join(' ') + ' The injured worker');
  const found = lintLetter(parseLetter(text)).filter((d) => d.rule === 'encoding-artifact');
  assert.equal(found.length, MAX_FINDINGS_PER_RULE + 1);
  const note = found[found.length - 1];
  assert.equal(note.severity, 'info');
  assert.deepEqual(note.data, { problem: 'too-many', more: n - MAX_FINDINGS_PER_RULE });
  assert.match(note.message, /^700 more encoding-artifact findings from here on are not listed/);
  assert.equal(note.fixes.length, 0);
  // The note stands where the first unlisted finding is.
  assert.ok(note.span.start > found[MAX_FINDINGS_PER_RULE - 1].span.start);
  // Fix All repeats its passes: every artifact is repaired.
  const fixed = fixAll(text).text;
  assert.equal(lintLetter(parseLetter(fixed)).filter((d) => d.rule === 'encoding-artifact').length, 0);
  assert.ok(fixed.includes('worker1199’s'));
});

test('binary junk read as text: a bounded list, quickly', () => {
  let seed = 7;
  const bytes = Buffer.alloc(300_000);
  for (let i = 0; i < bytes.length; i++) bytes[i] = (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24;
  const found = lintLetter(parseLetter(bytes.toString('utf8')));
  const perRule = new Map<string, number>();
  for (const d of found) perRule.set(d.rule, (perRule.get(d.rule) ?? 0) + 1);
  for (const [rule, count] of perRule) assert.ok(count <= MAX_FINDINGS_PER_RULE + 1, `${rule}: ${count}`);
  assert.ok(found.some((d) => (d.data as { problem?: string } | undefined)?.problem === 'too-many'));
});
