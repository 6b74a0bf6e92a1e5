/**
 * Benchmark: prints what parsing and linting a letter costs, and how the cost grows with size.
 * Run with `npm run bench`. Figures, not assertions: timing belongs here, not in tests.
 */
import { performance } from 'perf_hooks';
import { parseLetter } from '../../server/src/core/parser';
import { lintLetter } from '../../server/src/core/lint';
import { outline, foldingRanges } from '../../server/src/core/features/outline';
import { semanticTokens } from '../../server/src/core/features/semanticTokens';
import { defaultCatalog } from '../../server/src/core/catalog';
import { corpus, hasShared, readExample } from '../support/corpus';

const catalog = defaultCatalog();

function timeIt(fn: () => void, minMs = 300): number {
  fn(); // warm up
  let n = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < minMs) {
    fn();
    n++;
  }
  return (performance.now() - t0) / n;
}

const fmt = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(2)} ms`);

const letters = hasShared ? corpus().map((l) => l.text) : [readExample('examples/clean/lumbar-therapy.imr')];
console.log(`Corpus: ${letters.length} letters${hasShared ? ' (../shared)' : ' (examples only: ../shared not found)'}`);

const perLetter = { parse: 0, lint: 0, outline: 0, tokens: 0 };
for (const text of letters) {
  perLetter.parse += timeIt(() => parseLetter(text), 5);
  const letter = parseLetter(text);
  perLetter.lint += timeIt(() => lintLetter(parseLetter(text), { catalog }), 5);
  perLetter.outline += timeIt(() => (outline(letter), foldingRanges(letter)), 2);
  perLetter.tokens += timeIt(() => semanticTokens(parseLetter(text), catalog), 5);
}
const avgBytes = letters.reduce((a, t) => a + t.length, 0) / letters.length;
console.log(`Average letter: ${(avgBytes / 1024).toFixed(1)} KB`);
console.log(`  parse:                 ${fmt(perLetter.parse / letters.length)} per letter`);
console.log(`  parse + all rules:     ${fmt(perLetter.lint / letters.length)} per letter (a keystroke's budget is ~16 ms)`);
console.log(`  outline + folding:     ${fmt(perLetter.outline / letters.length)} per letter (from a parsed model)`);
console.log(`  parse + sem. tokens:   ${fmt(perLetter.tokens / letters.length)} per letter`);

console.log('\nGrowth with size (parse + all rules), one letter repeated:');
const base = readExample('examples/clean/lumbar-therapy.imr');
const items = base.slice(base.indexOf('MRI of the lumbar spine without contrast: Upheld'));
let prev: number | undefined;
for (const kb of [16, 64, 256, 1024, 4096]) {
  let text = base;
  while (text.length < kb * 1024) text += '\n' + items;
  const ms = timeIt(() => lintLetter(parseLetter(text), { catalog }), kb >= 1024 ? 1500 : 400);
  const perKb = ms / (text.length / 1024);
  console.log(`  ${String(kb).padStart(5)} KB: ${fmt(ms).padStart(10)}  (${fmt(perKb)} per KB${prev ? `, ${(perKb / prev).toFixed(2)}x the previous size's per-KB cost` : ''})`);
  prev = perKb;
}
