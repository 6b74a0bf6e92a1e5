/** Outline, folding and workspace symbols, snapshotted on the seeds, real letters and the examples. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'path';
import { parseLetter } from '../../server/src/core/parser';
import { foldingRanges, letterSymbols, matchesQuery, outline, type OutlineSymbol } from '../../server/src/core/features/outline';
import { corpus, hasShared, readExample, SHARED_MISSING } from '../support/corpus';
import { matchSnapshot } from '../support/snapshot';

const KIND: Record<number, string> = { 1: 'header', 2: 'section', 5: 'item', 8: 'field', 20: 'key' };

function render(symbols: OutlineSymbol[], depth = 0): string {
  return symbols
    .map((s) => {
      const r = `${s.range.start.line + 1}-${s.range.end.line + 1}`;
      const line = `${'  '.repeat(depth)}${KIND[s.kind] ?? s.kind} "${s.name}"${s.detail ? ` (${s.detail})` : ''} lines ${r}`;
      return [line, render(s.children, depth + 1)].filter(Boolean).join('\n');
    })
    .join('\n');
}

function snapshotOf(text: string): string {
  const letter = parseLetter(text);
  const folds = foldingRanges(letter).map((f) => `${f.startLine + 1}-${f.endLine + 1}`);
  return `${render(outline(letter))}\n\nfolding: ${folds.join(' ')}\n`;
}

const SNAPSHOT_LETTERS = [
  'seeds/000_1d3f170e10b2a68b.txt',
  'seeds/001_7d1323ddd8b7d341.txt',
  'seeds/002_ae97dfca8d2e23cb.txt',
  'seeds/003_98c00061d8b77610.txt',
  'seeds/004_c309172eae3e05d8.txt',
  'real-letters/001_cm16-0213037-mri-of-the-right-shoulder-without-contra.txt',
  'real-letters/plain/001_cm16-0213037-mri-of-the-right-shoulder-without-contra.txt',
  'real-letters/069_cm16-0249536-emg-ncv-of-the-hip-lumbar.txt',
  'real-letters/125_cm17-0009441-jamar-grip-test.txt',
];

test('outline and folding snapshots of the seeds and real letters', (t) => {
  if (!hasShared) return t.skip(SHARED_MISSING);
  const byName = new Map(corpus().map((l) => [l.name, l]));
  for (const name of SNAPSHOT_LETTERS) {
    const letter = byName.get(name);
    assert.ok(letter, `${name} is in ../shared`);
    matchSnapshot(`test/unit/snapshots/outline/${name.replace(/\//g, '__')}.txt`, snapshotOf(letter.text));
  }
});

test('outline snapshots of the example letters', () => {
  for (const name of ['examples/clean/lumbar-therapy.imr', 'examples/clean/format-2013.imr', 'examples/clean/layout2.imr', 'examples/clean/layout3.imr', 'examples/drafts/missing-case-summary.imr']) {
    matchSnapshot(`test/unit/snapshots/outline/${path.basename(name)}.txt`, snapshotOf(readExample(name)));
  }
});

test('the outline names the case, sections by heading, items with decisions, and fields', () => {
  const symbols = outline(parseLetter(readExample('examples/clean/lumbar-therapy.imr')));
  assert.deepEqual(symbols.map((s) => s.name), [
    'CM25-0104417',
    'HOW THE IMR FINAL DETERMINATION WAS MADE',
    'CLINICAL CASE SUMMARY',
    'IMR ISSUES, DECISIONS AND RATIONALES',
  ]);
  const items = symbols[3].children;
  assert.deepEqual(items.map((i) => [i.name, i.detail]), [
    ['Upheld · MRI of the lumbar spine without contrast', undefined],
    ['Overturned · Physical therapy for the lumbar spine, eight sessions', undefined],
  ]);
  assert.deepEqual(items[0].children.map((f) => f.name), ['Claims Administrator guideline', 'MAXIMUS guideline', 'Decision rationale']);
  // Every child lies inside its parent, and the selection inside the range (VS Code rejects otherwise).
  const inside = (a: OutlineSymbol['range'], b: OutlineSymbol['range']) =>
    (a.start.line > b.start.line || (a.start.line === b.start.line && a.start.character >= b.start.character)) &&
    (a.end.line < b.end.line || (a.end.line === b.end.line && a.end.character <= b.end.character));
  const walk = (s: OutlineSymbol) => {
    assert.ok(inside(s.selectionRange, s.range), `selection of ${s.name}`);
    for (const c of s.children) {
      assert.ok(inside(c.range, s.range), `${c.name} inside ${s.name}`);
      walk(c);
    }
  };
  symbols.forEach(walk);
});

test('every outline symbol of every corpus letter nests properly', (t) => {
  if (!hasShared) return t.skip(SHARED_MISSING);
  for (const letter of corpus()) {
    const model = parseLetter(letter.text);
    const check = (s: OutlineSymbol, parent?: OutlineSymbol) => {
      const le = (a: { line: number; character: number }, b: { line: number; character: number }) => a.line < b.line || (a.line === b.line && a.character <= b.character);
      assert.ok(le(s.range.start, s.selectionRange.start) && le(s.selectionRange.end, s.range.end), `${letter.name}: selection of ${s.name}`);
      if (parent) assert.ok(le(parent.range.start, s.range.start) && le(s.range.end, parent.range.end), `${letter.name}: ${s.name} in ${parent.name}`);
      assert.ok(!/[\r\n]/.test(s.name + (s.detail ?? '')), `${letter.name}: a line break in ${JSON.stringify(s.name)} / ${JSON.stringify(s.detail)}`);
      s.children.forEach((c) => check(c, s));
      // Siblings do not overlap (the breadcrumb and the Problems count name one symbol for a place).
      for (let i = 1; i < s.children.length; i++) assert.ok(le(s.children[i - 1].range.end, s.children[i].range.start), `${letter.name}: ${s.children[i - 1].name} overlaps ${s.children[i].name}`);
    };
    outline(model).forEach((s) => check(s));
  }
});

test('a decision written over two lines is shown on one, first in the name (2013 determinations: without "is")', () => {
  const text = readExample('examples/clean/format-2013.imr');
  const items = outline(parseLetter(text)).flatMap((s) => s.children).filter((s) => s.kind === 5);
  assert.ok(items.length >= 2);
  for (const i of items) assert.ok(!/[\r\n]/.test(i.name), JSON.stringify(i.name));
  const moved = text.replace('Lumbar epidural steroid\ninjection at L4-L5 is not medically', 'Lumbar epidural steroid injection at L4-L5 is not\nmedically');
  assert.notEqual(moved, text);
  const wrapped = outline(parseLetter(moved)).flatMap((s) => s.children).map((s) => s.name);
  assert.ok(wrapped.includes('Not medically necessary · Lumbar epidural steroid injection at L4-L5'), JSON.stringify(wrapped));
});

test('workspace symbols: the case number and items by title', () => {
  const symbols = letterSymbols(parseLetter(readExample('examples/clean/lumbar-therapy.imr')), 'lumbar-therapy.imr');
  assert.deepEqual(symbols.map((s) => [s.name, s.containerName]), [
    ['CM25-0104417', undefined],
    ['Upheld · MRI of the lumbar spine without contrast', 'CM25-0104417'],
    ['Overturned · Physical therapy for the lumbar spine, eight sessions', 'CM25-0104417'],
  ]);
  assert.ok(matchesQuery('CM25-0104417', 'cm25 0104'));
  assert.ok(matchesQuery('MRI of the lumbar spine', 'mri lumbar'));
  assert.ok(!matchesQuery('MRI of the lumbar spine', 'knee'));
  assert.ok(matchesQuery('MRI of the lumbar spine', 'lumbar mri'), 'words in any order');
  assert.ok(!matchesQuery('Six sessions of chiropractic manipulation for the lumbar spine', 'shoulder'), 'no letters scattered over the name');
  assert.ok(!matchesQuery('CM16-0238035', 'cm25'));
  assert.ok(matchesQuery('anything', '  '));
});

test('a text of unknown layout is outlined by what is found: the header and the items, at top level', () => {
  const text = 'Case Number: CM20-0000001\nDecision Date: 01/02/2020\n\nDraft, headings to come\n\nMRI of the knee: Upheld\nClaims Administrator guideline: Decision based on MTUS Knee Complaints 2004.\nMAXIMUS guideline: Decision based on MTUS Knee Complaints 2004.\nDecision rationale: The request is not medically necessary.\n';
  const letter = parseLetter(text);
  assert.equal(letter.format, 'unknown');
  assert.equal(render(outline(letter)), [
    'header "CM20-0000001" (Case header) lines 1-2',
    '  key "Case Number" (CM20-0000001) lines 1-1',
    '  key "Decision Date" (01/02/2020) lines 2-2',
    'item "Upheld · MRI of the knee" lines 6-9',
    '  field "Claims Administrator guideline" lines 7-7',
    '  field "MAXIMUS guideline" lines 8-8',
    '  field "Decision rationale" lines 9-9',
  ].join('\n'));
});

test('header fields that share a line have ranges that do not meet (the editor counts a problem against every symbol its range meets)', () => {
  const letter = parseLetter(readExample('examples/clean/lumbar-therapy.imr'));
  const header = outline(letter)[0];
  const fields = header.children;
  assert.ok(fields.length >= 6);
  const at = (p: { line: number; character: number }) => p.line * 1e6 + p.character;
  for (const a of fields)
    for (const b of fields) {
      if (a === b) continue;
      const meet = at(a.range.start) <= at(b.range.end) && at(b.range.start) <= at(a.range.end);
      assert.ok(!meet, `"${a.name}" and "${b.name}" meet`);
    }
  const assigned = fields.find((f) => f.name === 'Date Assigned')!;
  assert.equal(letter.text.split('\n')[assigned.range.start.line].slice(assigned.range.start.character, assigned.range.end.character), 'Date Assigned:        03/04/2017');
});
