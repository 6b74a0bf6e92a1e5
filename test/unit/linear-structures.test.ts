/**
 * Linear time on structures, not just on runs of characters (linear-time.test.ts): many of one
 * part of a letter, where a loop over the others made the cost quadratic. Each family was found by
 * an attacker (2026-12-03): a citation of thousands of sections and pages (page-out-of-range looked
 * up every section for every page: 59 s at 100 KB), a Section(s) list of thousands of names with
 * the cursor at its end (completion lower-cased the rest of the list for every name and comma: 45 s),
 * a 2013 notice title mentioned thousands of times (the whole letter re-read once per mention, each
 * determination listed again each time: 19 s at 200 KB), thousands of header labels waiting for
 * values (20 s at 1 MB), chapters in one citation, credential sentences without their end, repeated
 * headings and issues sections. Ratios, not times: the cost at 1 MB against the cost at 256 KB, for
 * which linear work gives about 4× and the quadratic cases gave 40–1,000×. The limit is 12×.
 * Also: thousands of loose items and header labels no longer overflow the stack (push(...xs) and
 * Math.max(...xs) of 100,000 values did).
 */
const LIMIT = 12;
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { parseLetter } from '../../server/src/core/parser';
import { lintLetter } from '../../server/src/core/lint';
import { outline, foldingRanges } from '../../server/src/core/features/outline';
import { citationCompletions } from '../../server/src/core/features/citationCompletion';
import { repoRoot } from '../support/corpus';

const LETTER = fs.readFileSync(path.join(repoRoot, 'examples/clean/lumbar-therapy.imr'), 'utf8').replace(/\r\n/g, '\n');
const SMALL = 256 * 1024;
const BIG = 1024 * 1024;

const cut = (find: string) => {
  const i = LETTER.indexOf(find);
  assert.ok(i >= 0, `the example letter has "${find}"`);
  return i;
};
const HEAD = LETTER.slice(0, cut('IMR ISSUES, DECISIONS AND RATIONALES'));
const TAIL = LETTER.slice(cut('HOW THE IMR FINAL DETERMINATION WAS MADE'));
const ISSUES = 'IMR ISSUES, DECISIONS AND RATIONALES\nThe Final Determination was based on decisions for the disputed items/services set forth below:\n\n';
const item = (maximus: string) =>
  `MRI of the lumbar spine: Upheld\n\nClaims Administrator guideline: Decision based on MTUS Low Back Complaints 2004.\n\nMAXIMUS guideline: ${maximus}\n\nDecision rationale: Therefore, the request is not medically necessary.\n`;
const inMaximus = (citation: string) => HEAD + ISSUES + item(citation);
/** `unit` repeated to about `n` characters. */
const rep = (unit: string, n: number) => unit.repeat(Math.max(1, Math.floor(n / unit.length)));

const parseAndLint = (text: string) => lintLetter(parseLetter(text));

/** Families: what to build at size n, and what to time on it. */
const FAMILIES: [string, (n: number) => string, (text: string) => unknown][] = [
  ['a citation of many sections and many pages', (n) => inMaximus(`Decision based on MTUS Chronic Pain Medical Treatment 2009, Section(s): ${rep('Opioids, ', n / 2)}Opioids, Page(s): ${rep('80, ', n / 2)}80.`), parseAndLint],
  [
    'completion at the end of a Section(s) list of many names',
    (n) => inMaximus(`Decision based on MTUS Chronic Pain Medical Treatment 2009, Section(s): ${rep('Opioids, ', n)}Opio`),
    (text) => citationCompletions(parseLetter(text), text.indexOf('Opio\n') + 4),
  ],
  ['a 2013 notice title mentioned many times', (n) => `MAXIMUS FEDERAL SERVICES, INC.\n${rep('xx Notice of Independent Medical Review Determination\n', n)}`, parseAndLint],
  [
    '2013 determinations under many notice titles',
    (n) => `MAXIMUS FEDERAL SERVICES, INC.\nNotice of Independent Medical Review Determination\n${rep('xx Notice of Independent Medical Review Determination\n1) MAXIMUS Federal Services, Inc. has determined the request for MRI is not medically necessary.\n', n)}`,
    parseAndLint,
  ],
  ['many header labels waiting for values', (n) => rep('Case Number:\n', n / 2) + rep('01/01/2017\n', n / 2) + TAIL, parseAndLint],
  ['many ACOEM chapters in one citation', (n) => inMaximus(`Decision based on MTUS ACOEM ${rep('Chapter 12 Low Back Complaints Page(s): 303, and ', n)}Chapter 12.`), parseAndLint],
  [
    'many credential sentences without their end',
    (n) => LETTER.replace(/The Expert Reviewer has the following credentials:[^\n]*\n[^\n]*\n[^\n]*/, rep('The expert reviewer is certified in pain. ', n)),
    parseAndLint,
  ],
  ['a heading repeated many times', (n) => LETTER + rep('CLINICAL CASE SUMMARY\n', n), parseAndLint],
  ['a misspelled heading repeated many times', (n) => LETTER + rep('CLINICAL CASE SUMARY\n', n), parseAndLint],
  ['many issues sections', (n) => HEAD + rep('IMR ISSUES, DECISIONS AND RATIONALES\nMRI: Upheld\n', n), parseAndLint],
  ['many layout-3 issues', (n) => `MEDICAL PROFESSIONAL REVIEW\n${rep('ISSUE AT DISPUTE:\nMRI of the spine\n', n)}`, parseAndLint],
  ['many loose items, outlined', (n) => rep('X: Denied\n', n), (text) => outline(parseLetter(text))],
];

function ms(work: () => unknown): number {
  const start = process.hrtime.bigint();
  work();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

test(`structures repeated to 1 MB cost within ${LIMIT}× their cost at 256 KB (linear: about 4×)`, { timeout: 120_000 }, () => {
  const slow: string[] = [];
  for (const [name, build, work] of FAMILIES) {
    const small = build(SMALL);
    const big = build(BIG);
    work(small); // warm up
    let best = Infinity;
    // Measured again (best of 3) when over the limit, so that noise does not fail the test.
    for (let attempt = 0; attempt < 3 && best > LIMIT; attempt++) best = Math.min(best, ms(() => work(big)) / Math.max(1, ms(() => work(small))));
    if (best > LIMIT) slow.push(`${name}: ${best.toFixed(1)}×`);
  }
  assert.deepEqual(slow, []);
});

test('100,000 loose items and 130,000 header labels: no stack overflow, the structure is kept', { timeout: 60_000 }, () => {
  const loose = parseLetter(rep('X: Denied\n', 1_200_000));
  assert.ok(loose.items.length > 100_000, `${loose.items.length} loose items`);
  assert.equal(outline(loose).length, loose.items.length);
  assert.ok(Array.isArray(foldingRanges(loose)));
  const labels = parseLetter(`${rep('Priority:', 1_200_000)}\n${TAIL}`);
  assert.ok(labels.header.length > 100_000, `${labels.header.length} header labels`);
  assert.equal(labels.format, 'current', 'the letter is still read (it was an empty model when Math.max(...labels) threw)');
  assert.ok(labels.sections.length > 0);
});
