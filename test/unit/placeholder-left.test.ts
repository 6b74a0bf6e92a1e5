/** placeholder-left: every placeholder the skeleton writes is found, and nothing in a published letter. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { parseLetter } from '../../server/src/core/parser';
import { lintLetter } from '../../server/src/core/lint';
import { placeholderLeft, SKELETON_PLACEHOLDERS } from '../../server/src/core/rules/placeholder-left';
import { defaultCatalog } from '../../server/src/core/catalog';
import { corpus, hasShared, readExample, repoRoot, SHARED_MISSING } from '../support/corpus';

const snippets: Record<string, { prefix: string | string[]; body: string[] }> = JSON.parse(fs.readFileSync(path.join(repoRoot, 'snippets', 'imr.code-snippets'), 'utf8'));
const check = (text: string) => placeholderLeft.check({ letter: parseLetter(text), catalog: defaultCatalog(), today: new Date('2026-01-01') });

/** A snippet body as inserted and left alone: each placeholder keeps its default text, each choice its first option. */
function expand(body: string[]): string {
  return body.join('\n').replace(/\$\{\d+:([^}]*)\}/g, '$1').replace(/\$\{\d+\|([^,|]*)[^}]*\}/g, '$1').replace(/\$\d+/g, '');
}

test('every placeholder the snippets write is bracketed and known to the rule', () => {
  const placeholders = Object.values(snippets).flatMap((s) => [...s.body.join('\n').matchAll(/\$\{\d+:([^}]*)\}/g)].map((m) => m[1]));
  assert.ok(placeholders.length >= 15);
  for (const p of placeholders) assert.ok(p in SKELETON_PLACEHOLDERS && p.startsWith('['), `snippet placeholder "${p}" is not one the rule finds`);
});

test('the whole letter skeleton left unfilled: one error per placeholder, and none once filled', () => {
  const skeleton = Object.values(snippets).find((s) => Array.isArray(s.prefix) && s.prefix.includes('imr'))!;
  const text = expand(skeleton.body);
  const findings = check(text);
  assert.equal(findings.length, 14, findings.map((f) => text.slice(f.span.start, f.span.end)).join(' | '));
  assert.match(findings[0].message, /"\[CASE NUMBER\]" is still in the letter/);
  const diagnostics = lintLetter(parseLetter(text)).filter((d) => d.rule === 'placeholder-left');
  assert.ok(diagnostics.length === 14 && diagnostics.every((d) => d.severity === 'error'));
  // The item's "[DECISION]" is this rule's finding alone (not also missing-decision's).
  assert.deepEqual(lintLetter(parseLetter(text)).filter((d) => d.rule === 'missing-decision'), []);
  assert.deepEqual(check(text.replace('[STATE OF LICENSURE]', 'California')).length, 13);
  // Bare MM/DD/YYYY (older skeletons), once; words like "state" or "summary" in prose never.
  assert.equal(check('Date of Injury: MM/DD/YYYY\nThe state of the summary citation was a rationale.').length, 1);
});

test("a drafter's own placeholders count too; a published letter's brackets do not", () => {
  const found = (text: string) => check(text).map((f) => `${text.slice(f.span.start, f.span.end)}${f.severity === 'warning' ? ' (warning)' : ''}`);
  assert.deepEqual(found('State(s) of Licensure: [INSERT]\nStudies on [INSERT DATE] show [TBD].'), ['[INSERT]', '[INSERT DATE]', '[TBD]']);
  assert.deepEqual(found('Seen on [DATE] by [SURGEON NAME] ([DOS]); [enter name]; <<DATE>>; {{name}}; XX/XX/XXXX.'), ['[DATE]', '[SURGEON NAME]', '[DOS]', '[enter name]', '<<DATE>>', '{{name}}', 'XX/XX/XXXX']);
  assert.deepEqual(found('Follow-up TODO. Dose TBD; xx/xx/xxxx. [Insert the date] [ INSERT ]'), ['TODO (warning)', 'TBD (warning)', 'xx/xx/xxxx', '[Insert the date]', '[ INSERT ]']);
  // A skeleton placeholder is one finding, not also a drafter's "[... NUMBER]".
  assert.deepEqual(found('Case Number: [CASE NUMBER]'), ['[CASE NUMBER]']);
  // As published letters write brackets, and ordinary words: nothing.
  assert.deepEqual(found('A repeat [MRI] or [CT]; ibuprofen [otc]; pages [1-3, 28, 34]; [the date] of the visit; [UPDATE]; todo; Tbd.'), []);
  const d = check('Seen on [DATE].')[0];
  assert.match(d.message, /"\[DATE\]" is a drafting placeholder still in the letter: replace it with the real text\./);
  assert.deepEqual(d.data, { placeholder: '[DATE]', drafting: true });
});

test('no finding in the published letters (tuning half asserted; both halves reported)', (t) => {
  if (!hasShared) return t.skip(SHARED_MISSING);
  const counts = { tuning: { letters: 0, findings: 0 }, checking: { letters: 0, findings: 0 } };
  for (const letter of corpus()) {
    const caseNumber = /CM\d{2}-\d{7}/.exec(letter.text)?.[0];
    const half = letter.style === 'seed' || !caseNumber || Number(caseNumber.slice(-1)) % 2 === 0 ? 'tuning' : 'checking';
    counts[half].letters++;
    const found = check(letter.text);
    counts[half].findings += found.length;
    if (half === 'tuning') assert.deepEqual(found.map((f) => letter.text.slice(f.span.start, f.span.end)), [], letter.name);
  }
  t.diagnostic(`placeholder-left: tuning ${counts.tuning.findings} findings in ${counts.tuning.letters} letters; checking ${counts.checking.findings} in ${counts.checking.letters}`);
});

test("placeholder-left: dates with some parts left as X, ? or _, a blank of underscores, and [AGE] (a stranger's drafts)", () => {
  const base = readExample('examples/clean/lumbar-therapy.imr');
  const found = (inserted: string) => {
    const text = base.replace('warehouse lead', `warehouse lead ${inserted}`);
    return lintLetter(parseLetter(text)).filter((d) => d.rule === 'placeholder-left').map((d) => `${text.slice(d.span.start, d.span.end)} ${d.severity}`);
  };
  assert.deepEqual(found('X-rays dated XX/XX/2016 were'), ['XX/XX/2016 error']);
  assert.deepEqual(found('seen XX/15/2016'), ['XX/15/2016 error']);
  assert.deepEqual(found('seen 03/XX/2016'), ['XX/2016 error']);
  assert.deepEqual(found('seen 03/15/XXXX'), ['XXXX error']);
  // A year with its century written ("20XX"): a stranger's draft had "dated XX/XX/20XX".
  assert.deepEqual(found('A Request for Authorization dated XX/XX/20XX was'), ['XX/XX/20XX error']);
  assert.deepEqual(found('seen 03/15/20XX'), ['20XX error']);
  assert.deepEqual(found('seen 03/XX/19XX'), ['XX/19XX error']);
  assert.deepEqual(found('the 20XX guidelines, 2020XX'), []);
  assert.deepEqual(found('seen __/__/2016 and ??/??/2016'), ['__/__/2016 error', '??/??/2016 error']);
  assert.deepEqual(found('is a ___ year old'), ['___ error']);
  assert.deepEqual(found('aged [AGE], [PATIENT AGE]'), ['[AGE] error', '[PATIENT AGE] error']);
  // Not blanks: a dated line, a word with underscores, a line of underscores, a bracketed abbreviation.
  assert.deepEqual(found('seen 03/15/2016, file_name_here, [MRI]\n\n____________\n'), []);
});
