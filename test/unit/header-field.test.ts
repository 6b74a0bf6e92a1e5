/** header-field: the case header's fields, values and forms, on the example letters and the published corpus. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLetter } from '../../server/src/core/parser';
import { lintLetter } from '../../server/src/core/lint';
import { RULES } from '../../server/src/core/rules';
import { fixAll } from '../../server/src/core/features/fixes';
import { corpus, hasShared, readExample, SHARED_MISSING } from '../support/corpus';

const rule = RULES.filter((r) => r.id === 'header-field');
const findings = (text: string) =>
  lintLetter(parseLetter(text), {}, rule).map((d) => `${d.range.start.line + 1}: ${text.slice(d.span.start, d.span.end)} | ${(d.data as { problem: string }).problem}`);
const clean = readExample('examples/clean/lumbar-therapy.imr');

test('header-field: the clean examples and every published letter pass', (t) => {
  for (const name of ['lumbar-therapy.imr', 'knee-mri.imr', 'layout2.imr', 'layout3.imr', 'format-2013.imr', 'two-items.txt'])
    assert.deepEqual(findings(readExample(`examples/clean/${name}`)), [], name);
  if (!hasShared) return t.skip(SHARED_MISSING);
  for (const l of corpus()) assert.deepEqual(findings(l.text), [], l.name);
});

test('header-field: the documented example (a short case number, a year-first date, a lower-case priority)', () => {
  const text = clean.replace('CM25-0104417', 'CM25-010441').replace('UR Denial Date:      02/20/2017', 'UR Denial Date:      2017-02-20').replace('Standard', 'standard');
  assert.deepEqual(findings(text), ['1: CM25-010441 | form', '3: 2017-02-20 | form', '4: standard | form']);
  // Fix All corrects the case of the priority (and of a case number in lower case), nothing else.
  const fixed = fixAll(clean.replace('CM25-0104417', 'cm25-0104417').replace('Standard', 'standard')).text;
  assert.equal(fixed, clean);
});

test('header-field: a missing field, a label without its value, in both extractions', () => {
  assert.deepEqual(findings(clean.replace(/^Decision Date: +04\/01\/2017 +/m, '')), ['1: Case Number:          CM25-0104417 | missing']);
  assert.deepEqual(findings(clean.replace('04/01/2017', '          ')), ['3: Decision Date: | empty']);
  // The plain extraction lists labels, then values: a value left out keeps its label empty, and
  // the values after it still go to their own labels (a date never to "Priority:").
  const plain = 'Case Number:\nDate Assigned:\nDecision Date:\nPriority:\n\nCM16-0213037\n11/09/2016\nStandard\n\n' + clean.slice(clean.indexOf('                 HOW THE IMR'));
  assert.deepEqual(findings(plain), ['1: Case Number: | missing', '1: Case Number: | missing', '1: Case Number: | missing', '3: Decision Date: | empty']);
  const model = parseLetter(plain);
  assert.equal(model.header.find((h) => h.key === 'priority')?.value, 'Standard');
});

test('header-field: the skeleton\'s placeholders are left to placeholder-left', () => {
  const skeleton = clean.replace('CM25-0104417', '[CASE NUMBER]').replace('04/01/2017', '[MM/DD/YYYY]').replace('06/18/2015', 'MM/DD/YYYY');
  assert.deepEqual(findings(skeleton), []);
  const both = lintLetter(parseLetter(skeleton), {}, RULES.filter((r) => r.id === 'placeholder-left'));
  assert.equal(both.length, 3);
});

test('header-field: a body without any header is not asked for one', () => {
  assert.deepEqual(findings(clean.slice(clean.indexOf('                 HOW THE IMR'))), []);
});

test('header-field: a priority in other words gets both priorities as quick fixes, neither applied by Fix All', () => {
  const text = readExample('examples/clean/knee-mri.imr').replace(/Priority:( *)Standard/, 'Priority:$1Urgent');
  const d = lintLetter(parseLetter(text)).find((x) => x.rule === 'header-field')!;
  assert.match(d.message, /"Urgent" is not a priority: a case is "Standard" or "Expedited"\./);
  assert.deepEqual(d.fixes.map((f) => [f.title, !!f.preferred]), [['Change to "Standard"', false], ['Change to "Expedited"', false]]);
  assert.equal(fixAll(text).text, text);
});
