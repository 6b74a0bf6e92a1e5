/**
 * Linear time: 100,000-character runs of each risky character class (the inputs on which a
 * backtracking regex or a quadratic loop blows up), put where each part of the parser and the
 * rules looks, must parse and lint within a generous ratio of a same-size plain letter; and a
 * letter with 10,000 fixes must fix-all within a ratio of fixing a same-size letter.
 * Ratios, not absolute times. The limit is 100×: a run of many short lines costs a linear 30–60×
 * a one-line plain letter (each line is an object and is checked for a heading), and a busy machine
 * adds noise on top, while the quadratic cases this test exists for measure 200–2,000× at
 * 100,000 characters (the trailing-line-break regex of missing-section: 2,095×).
 */
const LIMIT = 100;
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { parseLetter } from '../../server/src/core/parser';
import { lintLetter } from '../../server/src/core/lint';
import { fixAll } from '../../server/src/core/features/fixes';
import { repoRoot } from '../support/corpus';

const LETTER = fs.readFileSync(path.join(repoRoot, 'examples/clean/lumbar-therapy.imr'), 'utf8').replace(/\r\n/g, '\n');
const RUN = 100_000;

/** Where a run goes: each place is read by other code (sentence splitting, item titles, citations, the header). */
const PLACES: Record<string, (run: string) => string> = {
  'in a sentence': (run) => replaceOnce(LETTER, 'warehouse lead', `warehouse lead ${run} lead`),
  'on its own line': (run) => replaceOnce(LETTER, 'The injured worker is', `${run}\nThe injured worker is`),
  'in an item title': (run) => replaceOnce(LETTER, 'MRI of the lumbar spine without contrast: Upheld', `MRI of the ${run} spine: Upheld`),
  'in a citation and rationale': (run) =>
    replaceOnce(replaceOnce(LETTER, 'Decision rationale: MTUS', `Decision rationale: ${run} MTUS`), 'Section(s):', `Section(s): ${run}`),
  'in the header': (run) => replaceOnce(LETTER, 'CM25-0104417', `CM25-0104417 ${run}`),
  // missing-section then inserts the last section at the end, after reading how the text ends.
  'in a letter without its last section': (run) =>
    replaceOnce(replaceOnce(LETTER, 'IMR ISSUES, DECISIONS AND RATIONALES', 'Issues'), 'The injured worker is', `${run}\nThe injured worker is`),
  'as the whole text': (run) => run,
};

/** Runs that made a regex backtrack or a loop go quadratic, or could. */
const UNITS = [
  '.', '!', '?', '. ', '.\n', '..a', 'a.', '1.', '1-', '1/', '1,', '1 ', '(1', '(', ')', '-', '- ', ':', ': ', 'a:',
  ' ', '\t', '\u00a0', '\n', '\r\n', '\r', '\n \n', '1', 'x', 'A ', 'A.', 'a-', "a'", 'â€', 'Ã', '\u0007', '\uFFFD', '@', 'a@',
  'a@a.', 'Mr. ', 'Dr. A ', 'claim # ', 'SSN ', '(415) ', 'ACOEM ', 'ACOEM Chapter 12 ', 'Chapter ', 'Page(s): ', 'MTUS ',
  'Section(s): ', 'Upheld ', ': Upheld\n', 'is not medically necessary. ', 'CLINICAL CASE SUMMARY\n', 'Decision rationale: ',
  'MAXIMUS guideline: ', '1) ', 'expert reviewer is licensed in a ',
  // Placeholders (each one a finding, each checked against the places already reported) and degrees.
  '[TBD] ', ' ___', ' XX/XX/2016', 'XX', '__', '??/', '[AGE]', ' Al Bo, MD',
  // Form feeds, and page furniture beside them (read inside each field).
  '\f', 'Page 2 of 4\n\f', '\f Page 2\n', '1\n\f',
];

function replaceOnce(text: string, find: string, by: string): string {
  const i = text.indexOf(find);
  assert.ok(i >= 0, `the example letter has "${find}"`);
  return text.slice(0, i) + by + text.slice(i + find.length);
}

const runOf = (unit: string, length = RUN) => unit.repeat(Math.ceil(length / unit.length)).slice(0, length);

function ms(work: () => unknown): number {
  const start = process.hrtime.bigint();
  work();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** The ratio of `slow` to `plain` (both at least 1 ms), measured again (best of 3) when over the limit, so that noise does not fail the test. */
function ratio(slow: () => unknown, plain: () => unknown, limit: number): number {
  let best = Infinity;
  for (let attempt = 0; attempt < 5 && best > limit; attempt++) best = Math.min(best, ms(slow) / Math.max(1, ms(plain)));
  return best;
}

const lint = (text: string) => () => lintLetter(parseLetter(text));

test(`100,000-character runs of risky characters parse and lint within ${LIMIT}× a same-size plain letter`, () => {
  const slow: string[] = [];
  const plain = PLACES['in a sentence'](runOf('plain words of a letter '));
  lint(plain)(); // warm up
  for (const [place, put] of Object.entries(PLACES)) {
    for (const unit of UNITS) {
      const text = put(runOf(unit));
      const r = ratio(lint(text), lint(plain.slice(0, text.length)), LIMIT);
      if (r > LIMIT) slow.push(`${JSON.stringify(unit)} ${place}: ${r.toFixed(1)}×`);
    }
  }
  assert.deepEqual(slow, []);
});

test(`fix-all over a letter with 10,000 fixes stays within ${LIMIT}× fixing a same-size letter without them`, () => {
  const withFixes = replaceOnce(LETTER, 'warehouse lead', `warehouse lead${' ab\u0007'.repeat(10_000)}`);
  const without = replaceOnce(LETTER, 'warehouse lead', `warehouse lead${' abc'.repeat(10_000)}`);
  const result = fixAll(withFixes);
  assert.equal(result.fixed, 10_000);
  assert.equal(result.text, replaceOnce(LETTER, 'warehouse lead', `warehouse lead${' ab'.repeat(10_000)}`));
  const r = ratio(() => fixAll(withFixes), () => fixAll(without), LIMIT);
  assert.ok(r <= LIMIT, `fix-all with 10,000 fixes took ${r.toFixed(1)}× a same-size letter`);
});

test('a letter of many items sections parses in time linear in their number (each searched the rest of the letter for form feeds: 10 MB took 53 s)', () => {
  const sections = (n: number) => LETTER + '\nIMR ISSUES, DECISIONS AND RATIONALES\n'.repeat(n);
  const parse = (n: number) => () => parseLetter(sections(n));
  parse(1000)(); // warm up
  // Doubling the sections doubles a linear parse and quadruples a quadratic one.
  const r = ratio(parse(60_000), parse(30_000), 2.8);
  assert.ok(r <= 2.8, `60,000 sections took ${r.toFixed(1)}× 30,000`);
});

test('a letter of many items lints in time linear in their number (each rationale gathered the other items\' title words: 4,550 items cost 10x per KB)', () => {
  const items = LETTER.slice(LETTER.indexOf('MRI of the lumbar spine without contrast: Upheld'));
  const letter = (n: number) => LETTER + `\n${items}`.repeat(n);
  const run = (n: number) => {
    const text = letter(n);
    return () => lintLetter(parseLetter(text));
  };
  run(50)(); // warm up
  const r = ratio(run(2400), run(1200), 2.8);
  assert.ok(r <= 2.8, `2,400 repeats took ${r.toFixed(1)}× 1,200`);
});
