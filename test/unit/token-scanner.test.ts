/** tokenEndAt() against the regular expression it replaced, on random and real text. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compoundParts, tokenEndAt } from '../../server/src/core/negation';
import { corpus, hasShared, readExample } from '../support/corpus';
import { seededRandom } from '../support/random';

/** The definition: the sticky expression the tokenizer asked at each position. */
const TOKEN_AT = /[A-Za-z]+(?:['’][A-Za-z]+)*|\d+(?:[.,/]\d+)*|-{2,}|(?<=\s)[-–](?=\s)|[^\sA-Za-z\d-]/y;
function reference(text: string, at: number): number {
  TOKEN_AT.lastIndex = at;
  return TOKEN_AT.test(text) ? TOKEN_AT.lastIndex : -1;
}

function checkAll(text: string): void {
  for (let at = 0; at <= text.length; at++) {
    assert.equal(tokenEndAt(text, at), reference(text, at), `at ${at} of ${JSON.stringify(text.slice(Math.max(0, at - 5), at + 10))}`);
  }
}

test('tokenEndAt: random strings over the characters that decide a token', () => {
  const alphabet = ['a', 'Z', 'q', '0', '7', "'", '’', '.', ',', '/', '-', '–', '—', ' ', '\t', '\n', '\u00a0', '\u2009', '\u3000', '\ufeff', '\u0085', '\u202f', '\u1680', '\u2028', '\u000b', '\u000c', '\u200b', 'é', ';', '(', '\ud83d', '\ude00'];
  const rand = seededRandom(7);
  for (let k = 0; k < 3000; k++) {
    let s = '';
    const len = rand(12);
    for (let i = 0; i < len; i++) s += alphabet[rand(alphabet.length)];
    checkAll(s);
  }
});

test('tokenEndAt: words, numbers and dashes of letter text', () => {
  checkAll("The patient's 2.5 mg/day dose -- and 286–326, e.g. 1,000/2 - not medically-necessary; it’s o'clock.");
  checkAll(readExample('examples/clean/lumbar-therapy.imr'));
});

test('tokenEndAt: every position of the published letters', { skip: !hasShared && 'no ../shared' }, () => {
  for (const letter of corpus().slice(0, 40)) checkAll(letter.text);
});

test('compoundParts: the parts the run-together expression captured, on its words and near misses', () => {
  const COMPOUND = /^(not|non)?(medically|medical)?(necessary|unnecessary|necessity|appropriate|inappropriate|indicated|reasonable|warranted|unwarranted|justified|supported|recommended|certified)?$/;
  const pieces = ['not', 'non', 'no', 'n', 'medically', 'medical', 'medic', 'ly', 'necessary', 'unnecessary', 'necessity', 'appropriate', 'inappropriate', 'indicated', 'reasonable', 'warranted', 'unwarranted', 'justified', 'supported', 'recommended', 'certified', 'un', 'in', 's', 'x'];
  const rand = seededRandom(5);
  const words = new Set<string>();
  for (const a of ['', ...pieces]) for (const b of ['', ...pieces]) for (const c of ['', ...pieces]) words.add(a + b + c);
  for (let k = 0; k < 5000; k++) {
    let w = '';
    for (let i = 1 + rand(3); i > 0; i--) w += pieces[rand(pieces.length)];
    words.add(w);
  }
  let compounds = 0;
  for (const w of words) {
    const m = COMPOUND.exec(w);
    const want = m && w !== '' ? [m[1], m[2], m[3]].filter(Boolean) : undefined;
    assert.deepEqual(compoundParts(w), want, w);
    if (want) compounds++;
  }
  assert.ok(compounds >= 120, `${compounds} compounds among the words tried`);
});
