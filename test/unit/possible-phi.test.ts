/** possible-phi's case-insensitive checks (SSN words, claim numbers), found from the lower-cased letter. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLetter } from '../../server/src/core/parser';
import { lintLetter } from '../../server/src/core/lint';
import { readExample } from '../support/corpus';

const LETTER = readExample('examples/clean/lumbar-therapy.imr');
/** Each possible-phi finding as its kind and the text at its span (so a span off by a character shows). */
const phi = (text: string) =>
  lintLetter(parseLetter(text))
    .filter((d) => d.rule === 'possible-phi')
    .map((d) => `${d.data?.kind} ${text.slice(d.span.start, d.span.end)}`);

test('SSN words and claim numbers are found in any case, where they are in the text', () => {
  const at = (s: string) => LETTER.replace('warehouse lead', `warehouse lead (${s})`);
  assert.deepEqual(phi(at('ssn: 123 45 6789')), ['ssn ssn: 123 45 6789']);
  assert.deepEqual(phi(at('SoCiAl SeCuRiTy Number 123456789')), ['ssn SoCiAl SeCuRiTy Number 123456789']);
  assert.deepEqual(phi(at('CLAIM # 12-3456, claim no. AB12345')), ['claim-number CLAIM # 12-3456', 'claim-number claim no. AB12345']);
  assert.deepEqual(phi(at('Claim number ABCDEFG')), [], 'a claim "number" without a digit is not one');
  assert.deepEqual(phi(at('reclaim No. 12345')), [], 'inside a word');
});

test('a letter whose lower-casing changes its length (İ) still gets every finding at its place', () => {
  const text = LETTER.replace('warehouse lead', 'warehouse İİ lead (Claim No. 99-12345)');
  assert.deepEqual(phi(text), ['claim-number Claim No. 99-12345']);
});

test('a name written before a degree is found (M.D., MD, PA-C); a specialty or "the MD" is not a name', () => {
  const at = (s: string) => LETTER.replace('warehouse lead', `warehouse lead (${s})`);
  assert.deepEqual(phi(at('seen by Michael Alvarez, M.D. on 03/01/2016')), ['name Michael Alvarez, M.D.']);
  assert.deepEqual(phi(at('Jane Q. Smith, MD, and John Smith, PA-C')), ['name Jane Q. Smith, MD', 'name John Smith, PA-C']);
  assert.deepEqual(phi(at('Board Certified, MD; Internal Medicine, M.D.; the MD noted; MDMA; Silver Spring, MD 20910')), []);
});

test('a name after a title is quoted whole: double-barrelled, with an apostrophe or an inner capital', () => {
  const names = (s: string) => {
    const text = LETTER.replace('warehouse lead', `warehouse lead. ${s}`);
    return lintLetter(parseLetter(text)).filter((d) => d.rule === 'possible-phi').map((d) => text.slice(d.span.start, d.span.end));
  };
  assert.deepEqual(names('Ms. Abernathy-Quill returned to modified duty.'), ['Ms. Abernathy-Quill']);
  assert.deepEqual(names("Mr. O'Brien was seen."), ["Mr. O'Brien"]);
  assert.deepEqual(names('Mr. McDonald was seen.'), ['Mr. McDonald']);
  assert.deepEqual(names('Dr. Jean-Luc Martin stated'), ['Dr. Jean-Luc Martin']);
  // Still quiet: a redaction, a role, a brand.
  assert.deepEqual(names('Dr.          stated; Dr. The; Dr. Scholl insoles; Dr. X noted'), []);
});
