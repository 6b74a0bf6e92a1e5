/** A short run of the letter fuzzer (test/fuzz/fuzz.ts); `npm run fuzz -- --count 100000` runs a long one. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fuzz, seedLetters } from './fuzz';

test('fuzzing mutated letters: no exception, ranges inside the document, fixes apply, fix-all idempotent, no input 50× slower than a real letter', () => {
  assert.ok(seedLetters().length >= 3, 'the examples give the fuzzer letters to mutate');
  const result = fuzz({ seed: 20261123, count: 200 });
  assert.deepEqual(result.failures, []);
});
