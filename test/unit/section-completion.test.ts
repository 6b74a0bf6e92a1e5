/** Section skeletons offered where a section is missing, in the format's order. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLetter } from '../../server/src/core/parser';
import { fieldCompletions, headerCompletions, sectionCompletions } from '../../server/src/core/features/completion';
import { lintLetter } from '../../server/src/core/lint';
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

test('at the start of a line in an item, the labels of the fields it lacks, filtered by what was typed', () => {
  const clean = readExample('examples/clean/lumbar-therapy.imr');
  const a = clean.indexOf('MAXIMUS guideline:', clean.indexOf('Physical therapy for the lumbar'));
  const b = clean.indexOf('Decision rationale:', a);
  const typedMax = clean.slice(0, a) + 'MAX\n\n' + clean.slice(b);
  const entries = fieldCompletions(parseLetter(typedMax), a + 3);
  assert.deepEqual(entries.map((e) => [e.label, e.insertText, typedMax.slice(e.replace.start, e.replace.end)]), [['MAXIMUS guideline:', 'MAXIMUS guideline: ', 'MAX']]);
  // An empty line there offers every missing field; a complete item offers none.
  const blank = clean.slice(0, a) + '\n\n' + clean.slice(b);
  assert.deepEqual(fieldCompletions(parseLetter(blank), a).map((e) => e.label), ['MAXIMUS guideline:']);
  assert.deepEqual(fieldCompletions(parseLetter(clean), clean.indexOf('\n', b) + 1), []);
  // Not in the case summary, not on the title's line.
  assert.deepEqual(fieldCompletions(parseLetter(typedMax), clean.indexOf('The injured worker')), []);
  const title = clean.indexOf('Physical therapy for the lumbar');
  assert.deepEqual(fieldCompletions(parseLetter(blank), title), []);
});

test('the header block is offered in a letter without one, above its first section (an empty file too)', () => {
  const empty = parseLetter('');
  assert.deepEqual(headerCompletions(empty, 0).map((e) => e.label), ['Case Number: … (header block)']);
  assert.deepEqual(headerCompletions(parseLetter('Cas'), 3).map((e) => e.filterText), ['Case Number:']);
  assert.deepEqual(headerCompletions(parseLetter('HOW'), 3), [], 'not when the line starts something else');
  const block = headerCompletions(empty, 0)[0].insertText!;
  const filled = parseLetter(block + readExample('examples/clean/lumbar-therapy.imr').replace(/^[\s\S]*?(?=\s*HOW THE IMR)/, ''));
  assert.deepEqual(filled.header.map((h) => h.label), ['Case Number:', 'Date Assigned:', 'Decision Date:', 'Priority:', 'Date of Injury:', 'UR Denial Date:', 'Application Received:']);
  // What is left to fill is said by placeholder-left, not as header errors.
  const rules = new Set(lintLetter(filled).map((d) => d.rule));
  assert.ok(rules.has('placeholder-left') && !rules.has('header-field'), JSON.stringify([...rules]));
  const withHeader = readExample('examples/clean/lumbar-therapy.imr');
  assert.deepEqual(headerCompletions(parseLetter(withHeader), 0), [], 'not in a letter that has its header');
  const noHeader = withHeader.replace(/^[\s\S]*?(?=\s*HOW THE IMR)/, '');
  assert.equal(headerCompletions(parseLetter(noHeader), 0).length, 1);
  assert.deepEqual(headerCompletions(parseLetter(noHeader), noHeader.length), [], 'not below the first section');
});
