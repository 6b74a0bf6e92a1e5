/** Section skeletons offered where a section is missing, in the format's order. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLetter } from '../../server/src/core/parser';
import { sectionCompletions } from '../../server/src/core/features/completion';
import { readExample } from '../support/corpus';

const draft = readExample('examples/drafts/missing-case-summary.imr');

function at(text: string, marker: string): { text: string; offset: number } {
  const offset = text.indexOf(marker);
  assert.ok(offset >= 0, marker);
  return { text, offset };
}

test('offers the missing section at the start of a line between its neighbours', () => {
  // An empty line just before the IMR ISSUES heading.
  const text = draft.replace('                      IMR ISSUES', '\n                      IMR ISSUES');
  const offset = text.indexOf('\n                      IMR ISSUES');
  const entries = sectionCompletions(parseLetter(text), offset);
  assert.deepEqual(entries.map((e) => e.label), ['CLINICAL CASE SUMMARY']);
  assert.match(entries[0].insertText!, /^CLINICAL CASE SUMMARY\nThe expert reviewer developed the following clinical case summary based on a review of the case file, including all medical records:/);
});

test('not offered where it would stand out of order, nor when present, nor mid-line', () => {
  const { text, offset } = at(draft, 'MRI of the lumbar spine without contrast: Upheld');
  assert.deepEqual(sectionCompletions(parseLetter(text), offset), [], 'after the issues heading, the summary would be out of order');
  const clean = readExample('examples/clean/lumbar-therapy.imr');
  assert.deepEqual(sectionCompletions(parseLetter(clean), clean.indexOf('\n\n') + 1), [], 'nothing is missing');
  const mid = draft.indexOf('case file, including') + 5;
  assert.deepEqual(sectionCompletions(parseLetter(draft), mid), []);
});

test('a typed prefix filters, and an empty document offers all three in order', () => {
  assert.deepEqual(sectionCompletions(parseLetter(''), 0).map((e) => e.label), [
    'HOW THE IMR FINAL DETERMINATION WAS MADE',
    'CLINICAL CASE SUMMARY',
    'IMR ISSUES, DECISIONS AND RATIONALES',
  ]);
  const text = 'CLIN';
  assert.deepEqual(sectionCompletions(parseLetter(text), 4).map((e) => e.label), ['CLINICAL CASE SUMMARY']);
});
