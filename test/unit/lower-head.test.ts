/** lowerHead() and firstLower() (citations.ts label and section matching) against the whole lower-casing they replace. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstLower, lowerHead } from '../../server/src/core/text';
import { corpus, hasShared, readExample } from '../support/corpus';
import { seededRandom } from '../support/random';

/** What matchLabel and matchKnownSection compared before: `limit` characters lower-cased. Any lower-case
 *  string of at most `n` characters starts the one exactly when it starts the other when their first
 *  `n` characters are the same. */
function check(s: string, n: number, limit: number): void {
  const whole = s.slice(0, limit).toLowerCase();
  assert.equal(lowerHead(s, n, limit).slice(0, n), whole.slice(0, n), `${JSON.stringify(s)} n=${n} limit=${limit}`);
  assert.equal(firstLower(s), s.toLowerCase()[0], JSON.stringify(s));
}

test('lowerHead, firstLower: random strings over the characters whose lower case is unusual', () => {
  // Σ (σ or final ς by what follows), what a final sigma looks past (' . :), İ (two characters in lower
  // case), ß and ﬁ (unchanged), the Kelvin sign, a Deseret capital (a surrogate pair) and lone halves.
  const alphabet = ['A', 'a', 'Z', ' ', 'Σ', 'σ', 'ς', "'", '.', ':', '\u00ad', 'İ', 'ß', 'ﬁ', '\u212a', '\ud801\udc00', '\ud801', '\udc00', '-', '1'];
  const rand = seededRandom(5);
  for (let k = 0; k < 20000; k++) {
    let s = '';
    const len = rand(14);
    for (let i = 0; i < len; i++) s += alphabet[rand(alphabet.length)];
    const limit = rand(16);
    check(s, rand(limit + 1), limit);
  }
});

function checkText(text: string, step: number): void {
  for (let i = 0; i < text.length; i += step) {
    const s = text.slice(i, i + 200);
    for (const n of [0, 1, 5, 20, 60, 120, 197, 198, 200]) check(s, n, 200);
  }
}

test('lowerHead, firstLower: letter text', () => {
  checkText(readExample('examples/clean/lumbar-therapy.imr'), 1);
});

test('lowerHead, firstLower: the published letters', { skip: !hasShared && 'no ../shared' }, () => {
  for (const letter of corpus().slice(0, 40)) checkText(letter.text, 7);
});
