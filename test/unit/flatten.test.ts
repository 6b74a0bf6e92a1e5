/** flatten() against the character-by-character definition it replaced, on random and real text. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FoldedText, flatOffset, flatSpan, flatten } from '../../server/src/core/text';
import { corpus, hasShared } from '../support/corpus';
import { seededRandom } from '../support/random';

const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11 || c === 0xa0;

/** The definition: every non-space character kept, each run of whitespace between two of them one space. */
function reference(text: string, start: number, end: number): { text: string; offsets: number[] } {
  let out = '';
  const offsets: number[] = [];
  let pending = -1;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (isSpace(c)) {
      if (out.length > 0 && pending < 0) pending = i;
      continue;
    }
    if (pending >= 0) {
      out += ' ';
      offsets.push(pending);
      pending = -1;
    }
    out += text[i];
    offsets.push(i);
  }
  offsets.push(out.length > 0 ? offsets[offsets.length - 1] + 1 : start);
  return { text: out, offsets };
}

function check(text: string, start: number, end: number): void {
  const want = reference(text, start, end);
  const got = flatten(text, { start, end });
  assert.equal(got.text, want.text);
  assert.ok(got instanceof FoldedText);
  for (let i = 0; i <= want.text.length; i++) assert.equal(flatOffset(got, i), want.offsets[i], `offset ${i} of ${JSON.stringify(text.slice(start, end))}`);
  assert.deepEqual(Array.from(got.offsets), want.offsets);
  if (want.text.length > 0) assert.deepEqual(flatSpan(got, 0, want.text.length), { start: want.offsets[0], end: want.offsets[want.text.length - 1] + 1 });
}

test('flatten folds whitespace exactly as the character-by-character definition, offsets included', () => {
  const rand = seededRandom(7);
  const alphabet = ['a', 'b', ' ', ' ', '\n', '\r\n', '\f', '\t', '\u00a0', '’', 'x y'];
  for (let k = 0; k < 3000; k++) {
    let s = '';
    const n = rand(30);
    for (let i = 0; i < n; i++) s += alphabet[rand(alphabet.length)];
    const a = rand(s.length + 1);
    const b = a + rand(s.length - a + 1);
    check(s, 0, s.length);
    check(s, a, b);
  }
  check('', 0, 0);
  check('   ', 1, 3);
});

test('flatten matches the definition on every field of the real letters', { skip: !hasShared }, () => {
  for (const l of corpus().slice(0, 60)) {
    const t = l.text;
    for (let start = 0; start < t.length; start += 997) check(t, start, Math.min(t.length, start + 1500));
  }
});
