/** encoding-artifact reports a run (of control characters, U+FFFD or adjacent mojibake) as one finding with one fix. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { parseLetter } from '../../server/src/core/parser';
import { lintLetter } from '../../server/src/core/lint';
import { fixAll } from '../../server/src/core/features/fixes';
import { PATTERN, artifacts as scanArtifacts } from '../../server/src/core/rules/encoding-artifact';
import { corpus, hasShared, repoRoot } from '../support/corpus';
import { seededRandom } from '../support/random';

const LETTER = fs.readFileSync(path.join(repoRoot, 'examples/clean/lumbar-therapy.imr'), 'utf8');
const artifacts = (text: string) => lintLetter(parseLetter(text)).filter((d) => d.rule === 'encoding-artifact');

test('a run of control characters is one finding, and its fix removes the run', () => {
  const text = LETTER.replace('warehouse lead', 'warehouse \u0007\u0007\u0001\u0007lead');
  const found = artifacts(text);
  assert.deepEqual(found.map((d) => d.message), ['4 control characters (U+0007 U+0007 U+0001 …) do not belong in a letter.']);
  assert.equal(fixAll(text).text, LETTER);
});

test('adjacent mojibake is one finding with the decoded text; separate sequences stay separate', () => {
  const text = LETTER.replace('warehouse lead', 'â€œwarehouseâ€ lead').replace('lifting a pallet', 'lifting a palletâ€™â€™');
  assert.deepEqual(
    artifacts(text).map((d) => d.data?.intended),
    ['“', '”', '’’'],
  );
  assert.equal(fixAll(text).text, LETTER.replace('warehouse lead', '“warehouse” lead').replace('lifting a pallet', 'lifting a pallet’’'));
});

test('a run of U+FFFD is one finding', () => {
  const found = artifacts(LETTER.replace('warehouse lead', 'warehouse \uFFFD\uFFFD\uFFFD lead'));
  assert.deepEqual(found.map((d) => d.message), ['3 U+FFFD (replacement characters) mark characters lost in conversion: retype the intended text.']);
});

test('invisible formatting characters are named and removed; a byte order mark that opens the text is not reported', () => {
  const text = LETTER.replace('CLINICAL CASE SUMMARY', 'CLINICAL\u200b CASE SUMMARY').replace('warehouse lead', 'warehouse \u202e\u202clead');
  assert.notEqual(text, LETTER);
  const found = artifacts(text);
  assert.deepEqual(found.map((d) => d.message.replace(/\) .*/, ')')), ['An invisible character (U+200B zero width space)', '2 invisible characters (U+202E right-to-left override, U+202C pop directional formatting)']);
  assert.equal(fixAll(text).text, LETTER);
  assert.deepEqual(artifacts('\ufeff' + LETTER), []);
  assert.equal(artifacts(LETTER.replace('warehouse lead', 'warehouse\ufeff lead')).length, 1);
});

test('a soft hyphen (U+00AD) is invisible too: inside a field label it hides the field, and the finding says why', () => {
  const text = LETTER.replace('Decision rationale:', 'Decision ratio\u00adnale:');
  assert.notEqual(text, LETTER);
  const found = artifacts(text);
  assert.deepEqual(found.map((d) => d.message.replace(/\) .*/, ')')), ['An invisible character (U+00AD soft hyphen)']);
  const edit = found[0].fixes[0].edits[0];
  assert.equal(text.slice(0, edit.span.start) + edit.newText + text.slice(edit.span.end), LETTER);
});

test('when a hidden label lets a section list run on into the rationale, the note says so instead of quoting the rationale', () => {
  const text = LETTER.replace('Decision rationale:', 'Decision ratio\u00adnale:');
  const notes = lintLetter(parseLetter(text)).filter((d) => d.rule === 'unknown-guideline-section');
  assert.ok(notes.length > 0);
  for (const d of notes) {
    assert.equal(d.data?.problem, 'run-on');
    assert.ok(d.message.length < 330, d.message);
  }
});

test('the artifact scan finds what a global search of its pattern finds, on random text and the published letters', () => {
  const global = new RegExp(PATTERN.source, 'g');
  const same = (text: string) => {
    const want = [...text.matchAll(global)].map((m) => `${m.index}:${m[0]}`);
    const got = [...scanArtifacts(text)].map((m) => `${m.index}:${m[0]}`);
    assert.deepEqual(got, want, JSON.stringify(text));
  };
  const pieces = ['a', ' ', 'â', '€', '™', 'Ã', '©', 'Â', '\u00a0', '\u00b0', 'é', 'ô', '\u0080', '\u009f', '\ufffd', '\u0007', '\u000b', '\u000c', '\n', '\u00ad', '\u200b', '\u202e', '\u2066', '\ufeff', 'â€™', 'Ã©', '’'];
  const rand = seededRandom(11);
  for (let k = 0; k < 3000; k++) {
    let s = '';
    for (let i = rand(14); i > 0; i--) s += pieces[rand(pieces.length)];
    same(s);
  }
  if (hasShared) for (const letter of corpus()) same(letter.text);
});
