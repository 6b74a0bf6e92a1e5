/**
 * A linted letter is young garbage: once the next letter is read, a minor collection (scavenge)
 * frees it. Caches keyed by a letter or a field body in a WeakMap defeated this (the scavenger
 * cannot drop an old WeakMap's entry whose key is young): every letter's model, citations and
 * conclusions were moved to the old generation, 2–4 MB more at each scavenge of a lint loop, and
 * each scavenge took 5–12 ms copying them. Measured in heap bytes, not in time.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as v8 from 'v8';
import * as vm from 'vm';
import { parseLetter } from '../../server/src/core/parser';
import { lintLetter } from '../../server/src/core/lint';
import { semanticTokens } from '../../server/src/core/features/semanticTokens';
import { outline } from '../../server/src/core/features/outline';
import { defaultCatalog } from '../../server/src/core/catalog';
import { readExample } from '../support/corpus';

v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as (options?: { type: 'minor' | 'major' }) => void;

test('letters linted one after another are freed by minor collections', () => {
  const base = readExample('examples/clean/lumbar-therapy.imr');
  // A letter of 20 items, so that a kept model would show (about 40 KB of model each).
  const items = base.slice(base.indexOf('MRI of the lumbar spine without contrast: Upheld'));
  const text = base + ('\n\n' + items).repeat(10);
  const catalog = defaultCatalog();
  const lintOne = () => {
    const letter = parseLetter(text);
    lintLetter(letter, { catalog });
    semanticTokens(letter, catalog);
    outline(letter);
  };
  const minor = () => {
    gc({ type: 'minor' });
    gc({ type: 'minor' });
  };
  for (let i = 0; i < 30; i++) lintOne(); // compile, fill the catalog's caches
  minor();
  const before = process.memoryUsage().heapUsed;
  const letters = 300;
  for (let i = 0; i < letters; i++) {
    lintOne();
    if (i % 100 === 99) minor();
  }
  minor();
  const keptPerLetter = (process.memoryUsage().heapUsed - before) / letters;
  gc({ type: 'major' });
  // Kept by the WeakMaps: 90–100 KB a letter. Without them 8–9 KB: the letter being linted when a
  // scavenge comes (its model is live then, and moves on after two) and the caches of the letter
  // read last.
  assert.ok(keptPerLetter < 30_000, `${Math.round(keptPerLetter)} bytes a letter outlived minor collections`);
});
