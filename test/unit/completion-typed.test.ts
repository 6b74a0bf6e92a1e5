/** Completion entries replace exactly what was typed of them (the core half of the textEdit contract). */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLetter } from '../../server/src/core/parser';
import { completions } from '../../server/src/core/features/completion';
import { fixture } from './citation-helpers';
import { defaultCatalog } from '../../server/src/core/catalog';

const clean = fixture('clean-letter.imr');

/** The completions at `|` in `text` (the marker removed), with each entry's replaced text. */
function at(text: string) {
  const cursor = text.indexOf('|');
  const doc = text.slice(0, cursor) + text.slice(cursor + 1);
  return completions(parseLetter(doc), cursor, defaultCatalog()).map((e) => ({ ...e, typed: doc.slice(e.replace.start, e.replace.end) }));
}

test('each kind replaces the typed prefix, and its filterText continues it', () => {
  const cases: [string, string, string][] = [
    ['Decision based on MTUS Low Back Complaints 2004, Section(s): Special\nStudies.', 'Decision based on MTUS Low Ba|', 'Low Ba'],
    ['Section(s): Special\nStudies.', 'Section(s): Spec|', 'Spec'],
    ['Decision based on MTUS Low Back Complaints 2004, Section(s): Special\nStudies.', 'Decision based on MTUS ACOEM Chapter 12 L|', '12 L'],
    ['Official Disability Guidelines (ODG), Low Back Chapter, MRI.', 'Offic|', 'Offic'],
    ['Cervical traction unit: Upheld', 'Cervical traction unit: Ov|', 'Ov'],
  ];
  for (const [from, to, typed] of cases) {
    const text = clean.replace(from, to);
    assert.notEqual(text, clean, from);
    const entries = at(text);
    assert.ok(entries.length > 0, `no completion for ${to}`);
    const matching = entries.filter((e) => e.filterText.toLowerCase().startsWith(typed.toLowerCase()));
    assert.ok(matching.length > 0, `${to}: none of ${entries.slice(0, 5).map((e) => e.filterText).join(' | ')} continues "${typed}"`);
    for (const e of entries) assert.equal(e.typed, typed, `${to}: ${e.label} replaces "${e.typed}"`);
  }
});

test('a section name with commas is replaced from its start', () => {
  const text = clean.replace('Section(s): NSAIDs, GI symptoms &\ncardiovascular risk,', 'Section(s): NSAIDs, GI sy|\ncardiovascular risk,');
  const e = at(text).find((x) => x.label === 'NSAIDs, GI symptoms & cardiovascular risk');
  assert.ok(e);
  assert.equal(e.typed, 'NSAIDs, GI sy');
});

test('typed text that wraps onto the cursor line: the entry writes only the rest', () => {
  const text = clean.replace('Section(s): Special\nStudies.', 'Section(s): Special\nSt|');
  const e = at(text).find((x) => x.label === 'Special Studies');
  assert.ok(e);
  assert.equal(e.typed, 'St');
  assert.equal(e.insertText, 'Studies');
  assert.ok(!at(text).some((x) => x.label === 'Physical Methods'), 'an entry that does not continue "Special " is dropped');
});

test('long runs of list separators and chapter words stay fast', () => {
  for (const run of [', and '.repeat(20000), ', Chapter 1 '.repeat(20000), 'Section(s): '.repeat(20000), ','.repeat(100000)]) {
    const text = clean.replace('Decision based on MTUS Low Back Complaints 2004, Section(s): Special\nStudies.', `Decision based on MTUS ACOEM ${run}|`);
    const t0 = performance.now();
    at(text);
    assert.ok(performance.now() - t0 < 1000, `${run.slice(0, 12)}… took ${Math.round(performance.now() - t0)} ms`);
  }
});
