/** isJsSpace() against the regular expression it replaced (`/\s/` on one character), for citations.ts trimEnd. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isJsSpace } from '../../server/src/core/text';
import { corpus, hasShared, readExample } from '../support/corpus';
import { seededRandom } from '../support/random';

const WHITE_SPACE = /\s/;
const reference = (ch: string | undefined) => ch !== undefined && WHITE_SPACE.test(ch);

function checkAll(text: string): void {
  for (let i = 0; i <= text.length; i++) assert.equal(isJsSpace(text.charCodeAt(i)), reference(text[i]), `at ${i}: U+${text.charCodeAt(i).toString(16)}`);
}

test('isJsSpace: every UTF-16 code unit, and past the end (NaN)', () => {
  for (let c = 0; c <= 0xffff; c++) assert.equal(isJsSpace(c), reference(String.fromCharCode(c)), `U+${c.toString(16)}`);
  assert.equal(isJsSpace(''.charCodeAt(0)), false);
});

test('isJsSpace: random strings over the white space and its neighbours', () => {
  const alphabet = [' ', '\t', '\n', '\v', '\f', '\r', '\b', '\u000e', '\u001f', '!', '\u0085', '\u009f', '\u00a0', '\u00a1', '\u1680', '\u167f', '\u1fff', '\u2000', '\u200a', '\u200b', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff', '\ufffe', '.', 'a', '\ud83d', '\ude00'];
  const rand = seededRandom(11);
  for (let k = 0; k < 2000; k++) {
    let s = '';
    const len = rand(16);
    for (let i = 0; i < len; i++) s += alphabet[rand(alphabet.length)];
    checkAll(s);
  }
});

test('isJsSpace: every character of letter text', () => {
  checkAll(readExample('examples/clean/lumbar-therapy.imr'));
});

test('isJsSpace: every character of the published letters', { skip: !hasShared && 'no ../shared' }, () => {
  for (const letter of corpus().slice(0, 40)) checkAll(letter.text);
});
