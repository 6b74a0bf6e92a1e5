/** letter-cut-off: a letter that stops inside its last item, three ways, on an example letter; silent on complete letters. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLetter } from '../../server/src/core/parser';
import { lintLetter } from '../../server/src/core/lint';
import { fixAll } from '../../server/src/core/features/fixes';
import { corpus, hasShared, readExample, SHARED_MISSING } from '../support/corpus';

const TODAY = new Date(2026, 10, 23);
const cutOff = (text: string) => lintLetter(parseLetter(text), { today: TODAY }).filter((d) => d.rule === 'letter-cut-off');
const clean = readExample('examples/clean/lumbar-therapy.imr');
const upTo = (needle: string, keep = needle.length) => {
  const at = clean.lastIndexOf(needle);
  assert.ok(at >= 0, needle);
  return clean.slice(0, at + keep) + '\n';
};

test('letter-cut-off: a letter cut inside its last item is an error, at its last line', () => {
  const lastRationale = clean.lastIndexOf('Decision rationale:');
  const midWord = clean.slice(0, lastRationale + 'Decision rationale: '.length + 24).replace(/\s*$/, '') + 'wh\n';
  const cases: [string, string, string][] = [
    ['after the rationale label', upTo('Decision rationale:'), 'empty-field'],
    ['after the MAXIMUS label', upTo('MAXIMUS guideline:'), 'empty-field'],
    ['mid-sentence', midWord, 'mid-sentence'],
  ];
  for (const [what, text, problem] of cases) {
    const found = cutOff(text);
    assert.equal(found.length, 1, `${what}: ${JSON.stringify(text.slice(-80))}`);
    assert.equal(found[0].data?.problem, problem, what);
    assert.equal(found[0].severity, 'error');
    assert.equal(found[0].range.start.line, text.trimEnd().split('\n').length - 1, `${what}: on the last line`);
  }
  // A second item cut inside its decision word, after a complete first item (read as the first item's text, or as a title).
  const two = clean.trimEnd() + '\n\nPre-operative EKG: Over\n';
  assert.deepEqual(cutOff(two).map((d) => d.data?.problem), ['title']);
  assert.deepEqual(cutOff(clean.trimEnd() + '\n\nPre-operative EKG: Overturned\n').map((d) => d.data?.problem), ['title']);
});

test('letter-cut-off: a long last line is quoted shortened, its start and its end', () => {
  const title = 'Retrospective request for a compounded topical cream of flurbiprofen, cyclobenzaprine, gabapentin, lidocaine and prilocaine, 240 grams';
  const [found] = cutOff(clean.trimEnd() + `\n\n${title}: Over\n`);
  assert.equal(found?.data?.problem, 'title');
  assert.match(found.message, /^The letter ends with "Retrospective request for a compounded topical … 240 grams: Over": an item cut off/);
});

test('letter-cut-off: silent on a complete letter, whatever follows its conclusion; a cut before page furniture is still a cut', () => {
  assert.deepEqual(cutOff(clean), []);
  const concluded = clean.trimEnd().replace(/\.$/, '');
  assert.deepEqual(cutOff(concluded + '\n'), [], 'the conclusion without its period');
  // Lines after the conclusion (a stranger's correct endings; each fired when only the last sentence was read).
  const after = [
    '\f\nPage 3 of 3\n', '\n\nCM25-0104417 Page 2 of 2\n', '\n\f\n- 3 -\n\n', '\n\nPage 3/3\n', '\n\nPage 3 of 3          02/15/2017\n',
    '\n\nFinal Determination Letter for IMR Case Number CM25-0104417\nPage 3 of 3\n',
    '\n\nExpert Reviewer\nBoard Certified in Psychiatry\n', '\n\nCC: Claims Administrator\nCC: Requesting Physician\n',
    '\n\nReference: Chou R, Peterson K, Helfand M, et al\n', ' Other options remain, such as oral NSAIDs, acetaminophen, etc\n',
    ' The guidelines state as follows:\n', '\n- no evidence supports menthol\n- no rationale for an exception is given\n',
  ];
  for (const tail of after) assert.deepEqual(cutOff(concluded + '.' + tail), [], JSON.stringify(tail));
  // A rationale ending with its decision word.
  const rationale = clean.lastIndexOf('Decision rationale:') + 'Decision rationale: '.length;
  assert.deepEqual(cutOff(clean.slice(0, rationale) + 'The criteria are not met; therefore Upheld\n'), []);
  // Cut a few words into the rationale, then a page footer: still cut off.
  const cut = clean.slice(0, rationale) + 'The guidelines state th';
  assert.deepEqual(cutOff(cut + '\n\fPage 3 of 3\n').map((d) => d.data?.problem), ['mid-sentence']);
});

test('letter-cut-off: --fix on an item cut after its title leaves errors (placeholders), never a passing letter', () => {
  const cut = clean.trimEnd() + '\n\nPre-operative EKG: Overturned\n';
  const { text, remaining } = fixAll(cut, { today: TODAY });
  assert.match(text, /Decision rationale: \[RATIONALE\]/);
  assert.ok(remaining.some((d) => d.severity === 'error'), remaining.map((d) => `${d.rule} ${d.severity}`).join(', '));
});

test('letter-cut-off: no finding on any published letter', (t) => {
  if (!hasShared) return t.skip(SHARED_MISSING);
  const hits = corpus().filter((l) => cutOff(l.text).length > 0).map((l) => l.name);
  assert.deepEqual(hits, []);
});

test('letter-cut-off: a letter cut before its first item, inside the first title or mid-sentence in an earlier section, is an error', () => {
  const firstTitle = clean.indexOf('MRI of the lumbar spine without contrast: Upheld');
  assert.ok(firstTitle > 0);
  const insideTitle = clean.slice(0, firstTitle) + 'MRI of the lumbar spine without contrast: Uph\n';
  assert.deepEqual(cutOff(insideTitle).map((d) => d.data?.problem), ['title']);
  const summary = clean.indexOf('CLINICAL CASE SUMMARY');
  const sentenceEnd = clean.indexOf('.', summary + 200);
  const midSummary = clean.slice(0, sentenceEnd - 6) + '\n';
  const [found, ...more] = cutOff(midSummary);
  assert.equal(more.length, 0);
  assert.equal(found?.data?.problem, 'before-items');
  assert.match(found.message, /in "CLINICAL CASE SUMMARY", before its disputed items: it looks cut off/);
  // Not a cut: a letter that stops at the end of a sentence, on a heading, or after the issues section's opening line.
  for (const text of [clean.slice(0, sentenceEnd + 1) + '\n', clean.slice(0, summary) + 'CLINICAL CASE SUMMARY\n', clean.slice(0, firstTitle)]) {
    assert.deepEqual(cutOff(text), [], JSON.stringify(text.slice(-60)));
  }
});

test('letter-cut-off: a rationale cut mid-sentence gets this one finding, not also the note that it states no conclusion; a finished rationale without one keeps the note', () => {
  const rules = (text: string) => lintLetter(parseLetter(text), { today: TODAY }).filter((d) => d.rule === 'letter-cut-off' || d.rule === 'decision-rationale-conflict').map((d) => `${d.rule}:${d.severity}`);
  const lastRationale = clean.lastIndexOf('Decision rationale:');
  const midWord = clean.slice(0, lastRationale + 'Decision rationale: '.length + 24).replace(/\s*$/, '') + 'wh\n';
  assert.deepEqual(rules(midWord), ['letter-cut-off:error']);
  assert.match(cutOff(midWord)[0].message, /it looks cut off or unfinished\. Finish it if it is a draft being written; if it was copied or exported, restore the rest/);
  const finished = clean.slice(0, lastRationale) + 'Decision rationale: The records were reviewed in full.\n';
  assert.deepEqual(rules(finished), ['decision-rationale-conflict:info']);
});

test('letter-cut-off: a letter cut at an empty field label gets this one finding, not also the fields the cut took', () => {
  const all = (text: string) => lintLetter(parseLetter(text), { today: TODAY }).filter((d) => d.rule === 'letter-cut-off' || d.rule === 'missing-item-field');
  const cases: [string, string][] = [
    ['after the Claims Administrator label', upTo('Claims Administrator guideline:')],
    ['after the MAXIMUS label', upTo('MAXIMUS guideline:')],
    ['after the rationale label', upTo('Decision rationale:')],
  ];
  for (const [what, text] of cases) {
    assert.deepEqual(all(text).map((d) => d.rule), ['letter-cut-off'], what);
  }
  // A field missing before the cut is still reported: the cut did not take it.
  const cutAtMaximus = upTo('MAXIMUS guideline:');
  const noClaims = cutAtMaximus.slice(0, cutAtMaximus.lastIndexOf('Claims Administrator guideline:')) + cutAtMaximus.slice(cutAtMaximus.lastIndexOf('MAXIMUS guideline:'));
  assert.deepEqual(all(noClaims).map((d) => `${d.rule} ${String(d.data?.field ?? d.data?.problem)}`), ['missing-item-field claimsAdministratorGuideline', 'letter-cut-off empty-field']);
});
