/**
 * The seeds reshaped as real documents arrive (a stranger's probe, 2026-12-03): each change keeps
 * the letter correct, so it must add no error or warning; each flipped decision must still be
 * caught. Every case failed before its fix: a label hyphenated at a line end (unknown-guideline
 * error), a no-break space in a field label (missing-item-field error), a decision word with a
 * period (missing-decision, "no title and no decision"), a conclusion word hyphenated at a line end
 * (no conclusion read, flip missed), a guideline's conditional rule after the conclusion under
 * "Per ODG," (read as a hedge, flip missed).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLetter } from '../../server/src/core/parser';
import { lintLetter } from '../../server/src/core/lint';
import { corpus, hasShared, SHARED_MISSING } from '../support/corpus';

const TODAY = new Date(2026, 10, 23);
const seed = (n: string) => corpus().find((l) => l.name.startsWith(`seeds/${n}_`))!.text;
const lint = (text: string) => lintLetter(parseLetter(text), { today: TODAY });
/** Errors and warnings, as rule + message. */
const serious = (text: string) => lint(text).filter((d) => d.severity === 'error' || d.severity === 'warning').map((d) => `${d.rule}: ${d.message}`);

function replaced(text: string, find: string, by: string): string {
  assert.ok(text.includes(find), `the seed has ${JSON.stringify(find)}`);
  return text.replace(find, by);
}

test('seeds: a guideline label hyphenated at a line end adds no finding', (t) => {
  if (!hasShared) return t.skip(SHARED_MISSING);
  const text = seed('000');
  const hyphenated = replaced(text, 'Neck and Upper Back Complaints \n\n2004.', 'Neck and Upper Back Com-\n\nplaints 2004.');
  assert.deepEqual(serious(hyphenated), serious(text));
});

test('seeds: a no-break space in a field label is the label, with a warning that says so', (t) => {
  if (!hasShared) return t.skip(SHARED_MISSING);
  const text = seed('000');
  const before = serious(text);
  const added = serious(replaced(text, 'Decision rationale:', 'Decision\u00a0rationale:')).filter((m) => !before.includes(m));
  assert.deepEqual(added, ['missing-item-field: The field label "Decision rationale:" has a no-break space where its space belongs (text copied from a web page or a word processor): retype it, or apply the fix.']);
});

test('seeds: "Overturned." with a period is the decision, to write without it', (t) => {
  if (!hasShared) return t.skip(SHARED_MISSING);
  const text = seed('000');
  const before = serious(text);
  const added = serious(replaced(text, 'neck surgery: Overturned ', 'neck surgery: Overturned. ')).filter((m) => !before.includes(m));
  assert.deepEqual(added, ['invalid-decision: The decision "Overturned" is written with a period after it: write "Overturned".']);
});

test('seeds: a conclusion hyphenated at a line end, or followed by a guideline rule under "Per ODG,", is still read', (t) => {
  if (!hasShared) return t.skip(SHARED_MISSING);
  const text = seed('004');
  const conclusion = 'Therefore, the request is not medically necessary.';
  const variants = [
    replaced(text, conclusion, 'Therefore, the request is not medically neces-\nsary.'),
    replaced(text, conclusion, `${conclusion} Per ODG, radiographs are considered medically necessary only when instability is suspected.`),
  ];
  for (const v of variants) {
    assert.deepEqual(serious(v), serious(text), 'the correct letter gains no finding');
    const flipped = replaced(v, 'CERVICAL SPINE:  Upheld', 'CERVICAL SPINE:  Overturned');
    const conflicts = lint(flipped).filter((d) => d.rule === 'decision-rationale-conflict' && d.severity === 'error');
    assert.equal(conflicts.length, 1, `the flipped decision is caught:\n${v.slice(v.indexOf('Therefore, the request'), v.indexOf('Therefore, the request') + 160)}`);
  }
});
