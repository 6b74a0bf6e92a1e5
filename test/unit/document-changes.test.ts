/** applyContentChanges gives the text the library's change-by-change update gives, on random documents and edits; a multi-cursor edit of 20,000 places is applied in one pass. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TextDocument, type TextDocumentContentChangeEvent } from 'vscode-languageserver-textdocument';
import { applyContentChanges, inOnePass } from '../../server/src/documentChanges';
import { seededRandom } from '../support/random';

const sequential = (doc: TextDocument, changes: TextDocumentContentChangeEvent[]) => TextDocument.update(TextDocument.create(doc.uri, doc.languageId, doc.version, doc.getText()), changes, doc.version + 1).getText();

test('applyContentChanges: the same text as the change-by-change update, on 5,000 random edits (LF, CRLF and CR, out-of-range positions, unordered and overlapping changes)', () => {
  const rand = seededRandom(3);
  const pieces = ['a', 'b', ' ', '\n', '\r\n', '\r', 'xyz', ''];
  let onePass = 0;
  for (let k = 0; k < 5000; k++) {
    let text = '';
    for (let i = rand(30); i > 0; i--) text += pieces[rand(pieces.length)];
    const doc = TextDocument.create('file:///x.imr', 'imr', 1, text);
    const lines = doc.lineCount;
    const changes: TextDocumentContentChangeEvent[] = [];
    // Mostly descending ranges, as a multi-cursor edit sends them; now and then anything.
    let line = lines;
    for (let c = 1 + rand(5); c > 0; c--) {
      const wild = rand(6) === 0;
      const l1 = wild ? rand(lines + 2) : Math.max(0, line - rand(2));
      const c1 = rand(6);
      const l2 = wild ? rand(lines + 2) : l1;
      const c2 = wild ? rand(6) : c1 + rand(3);
      const start = { line: Math.min(l1, l2), character: l1 <= l2 ? c1 : c2 };
      const end = { line: Math.max(l1, l2), character: l1 <= l2 ? c2 : c1 };
      changes.push({ range: rand(10) === 0 ? { start: end, end: start } : { start, end }, text: pieces[rand(pieces.length)] + pieces[rand(pieces.length)] });
      line = start.line;
    }
    const want = sequential(doc, changes); // before: the library's update changes the document it is given
    const got = applyContentChanges(doc, changes, 2);
    assert.equal(got.getText(), want, JSON.stringify({ text, changes }));
    assert.equal(got.version, 2);
    if (changes.length > 1 && got.getText() !== text) onePass++;
  }
  assert.ok(onePass > 500, `${onePass} edits changed the text`);
});

test('inOnePass: changes first place first (as Neovim sends them), each placed in the text the ones before it made, on 5,000 random edits', () => {
  const rand = seededRandom(9);
  const pieces = ['a', 'bc', ' ', '\n', 'xyz\n', '', 'q\nr', '\nz'];
  let onePass = 0;
  for (let k = 0; k < 5000; k++) {
    let text = '';
    for (let i = 1 + rand(30); i > 0; i--) text += pieces[rand(pieces.length)];
    // Now and then a CR (then change by change): in a CRLF, or alone, where an inserted "\n" after it joins it into one break.
    if (rand(8) === 0) text = text.replace('\n', '\r\n');
    if (rand(8) === 0) text = text.replace('a', 'a\r');
    const changes: TextDocumentContentChangeEvent[] = [];
    // Walk the text as it becomes: each change at or after the end of the text the one before inserted.
    let current = TextDocument.create('file:///x.imr', 'imr', 1, text);
    let from = 0;
    for (let c = 1 + rand(5); c > 0; c--) {
      const length = current.getText().length;
      if (from > length) break;
      const start = Math.min(length, from + rand(6) + (rand(5) === 0 ? 0 : 1));
      const end = Math.min(length, start + rand(4));
      const inserted = pieces[rand(pieces.length)] + (rand(12) === 0 ? '\r' : '');
      const change = { range: { start: current.positionAt(start), end: current.positionAt(end) }, text: inserted };
      if (rand(15) === 0) change.range.end.character += 9; // past a line's end, now and then
      changes.push(change);
      current = TextDocument.update(current, [change], 2);
      from = start + inserted.length;
    }
    const want = sequential(TextDocument.create('file:///x.imr', 'imr', 1, text), changes);
    const got = inOnePass(TextDocument.create('file:///x.imr', 'imr', 1, text), changes);
    if (got !== undefined) {
      assert.equal(got, want, JSON.stringify({ text, changes }));
      if (changes.length > 1) onePass++;
    }
    assert.equal(applyContentChanges(TextDocument.create('file:///x.imr', 'imr', 1, text), changes, 2).getText(), want);
  }
  assert.ok(onePass > 1000, `${onePass} edits of several changes went in one pass`);
});

test('applyContentChanges: the cases where one pass would differ are applied change by change', () => {
  const cases: [string, TextDocumentContentChangeEvent[]][] = [
    // A change that ends where the one before it starts, after a lone CR that the earlier change
    // turns into CRLF: its end position has moved (one pass gave "abZ\ncd").
    ['ab\rcd', [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: '\n' }, { range: { start: { line: 0, character: 2 }, end: { line: 1, character: 0 } }, text: 'Z' }]],
    // A reversed range (the library swaps its ends).
    ['hello world', [{ range: { start: { line: 0, character: 6 }, end: { line: 0, character: 11 } }, text: 'there' }, { range: { start: { line: 0, character: 5 }, end: { line: 0, character: 0 } }, text: 'HELLO' }]],
    // A position past its line's end (the library clamps it in the text as it is by then).
    ['ab\ncd', [{ range: { start: { line: 1, character: 0 }, end: { line: 1, character: 0 } }, text: 'X' }, { range: { start: { line: 0, character: 9 }, end: { line: 0, character: 9 } }, text: 'Y' }]],
  ];
  for (const [text, changes] of cases) {
    const doc = TextDocument.create('file:///x.imr', 'imr', 1, text);
    const want = sequential(doc, changes);
    assert.equal(applyContentChanges(doc, changes, 2).getText(), want, JSON.stringify(text));
  }
});

test('applyContentChanges: a multi-cursor edit of 20,000 places in a 600 KB letter', () => {
  const line = 'The request for physical therapy is not medically necessary at this time.\n';
  const doc = TextDocument.create('file:///big.imr', 'imr', 1, line.repeat(8000));
  // "the" → "THE" at every line's first and fifth word, last place first (as VS Code sends them).
  const changes: TextDocumentContentChangeEvent[] = [];
  for (let l = 7999; l >= 0 && changes.length < 20_000; l--) {
    changes.push({ range: { start: { line: l, character: 33 }, end: { line: l, character: 35 } }, text: 'IS' });
    changes.push({ range: { start: { line: l, character: 0 }, end: { line: l, character: 3 } }, text: 'THE' });
  }
  assert.equal(changes.length, 16000);
  const got = applyContentChanges(doc, changes, 2).getText();
  assert.equal(got, 'THE request for physical therapy IS not medically necessary at this time.\n'.repeat(8000));
});
