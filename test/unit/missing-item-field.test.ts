/** missing-item-field: an item with none of its fields is one finding with one fix, not three. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLetter } from '../../server/src/core/parser';
import { lintLetter } from '../../server/src/core/lint';
import { fixAll } from '../../server/src/core/features/fixes';
import { readExample } from '../support/corpus';

const TODAY = new Date(2026, 10, 23);
const clean = readExample('examples/clean/lumbar-therapy.imr');
const fieldFindings = (text: string) => lintLetter(parseLetter(text), { today: TODAY }).filter((d) => d.rule === 'missing-item-field');

test('missing-item-field: a title line with nothing under it is one finding, and its fix writes the three labels', () => {
  const text = clean.trimEnd() + '\n\nDecision: Overturned\n';
  const found = fieldFindings(text);
  assert.deepEqual(found.map((d) => d.data?.problem), ['no-fields']);
  assert.match(found[0].message, /^"Decision" has none of an item's fields: "Claims Administrator guideline:", "MAXIMUS guideline:", "Decision rationale:", in this order\./);
  const fixed = fixAll(text, { today: TODAY });
  assert.ok(fixed.text.endsWith('Decision: Overturned\n\nClaims Administrator guideline: [CITATION]\n\nMAXIMUS guideline: [CITATION]\n\nDecision rationale: [RATIONALE]\n'), JSON.stringify(fixed.text.slice(-160)));
  assert.deepEqual(fieldFindings(fixed.text), []);
  assert.ok(fixed.remaining.some((d) => d.rule === 'placeholder-left' && d.severity === 'error'), 'the placeholders keep the letter failing');
});

test('missing-item-field: an item with some of its fields still gets a finding per missing field', () => {
  const text = clean.replace(/MAXIMUS guideline: Decision based on MTUS Low Back Complaints 2004, Section\(s\):\nSpecial Studies\.\n\n/, '');
  assert.notEqual(text, clean);
  assert.deepEqual(fieldFindings(text).map((d) => [d.data?.field, d.data?.problem]), [['maximusGuideline', 'missing']]);
});

test('missing-item-field: a label with its colon or a word lost is found on its line, and the fix repairs it (not a second label below it)', () => {
  const cases: [string, string, string][] = [
    ['colon lost, capital G', 'Claims Administrator guideline: Decision based on MTUS Low Back Complaints 2004.', 'Claims Administrator Guideline Decision based on MTUS Low Back Complaints 2004.'],
    ['a word lost', 'Claims Administrator guideline: Decision based on MTUS Low Back Complaints 2004.', 'Claims Administrator Decision based on MTUS Low Back Complaints 2004.'],
    ['MAXIMUS, colon lost', 'MAXIMUS guideline: Decision based on MTUS Low Back Complaints 2004, Section(s):', 'MAXIMUS guideline Decision based on MTUS Low Back Complaints 2004, Section(s):'],
  ];
  for (const [what, good, broken] of cases) {
    const text = clean.replace(good, broken);
    assert.notEqual(text, clean, what);
    const found = lintLetter(parseLetter(text), { today: new Date(2026, 10, 1) }).filter((d) => d.rule === 'missing-item-field');
    assert.deepEqual(found.map((d) => d.data?.problem), ['damaged-label'], what);
    assert.equal(text.slice(found[0].span.start, found[0].span.end), broken.slice(0, broken.indexOf(' Decision based on')), what);
    const fixed = fixAll(text, { today: new Date(2026, 10, 1) });
    assert.equal(fixed.text, clean, `${what}: the fix gives the letter back`);
    // The same with Windows line ends.
    const crlf = text.replace(/\n/g, '\r\n');
    assert.equal(fixAll(crlf, { today: new Date(2026, 10, 1) }).text, clean.replace(/\n/g, '\r\n'), `${what}, CRLF`);
  }
});
