/** Expand Selection walks out along the letter's structure. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLetter } from '../../server/src/core/parser';
import { defaultCatalog } from '../../server/src/core/catalog';
import { selectionRange, type SelectionRangeSpec } from '../../server/src/core/features/selection';
import { corpus, hasShared, readExample, SHARED_MISSING } from '../support/corpus';

function texts(text: string, node: SelectionRangeSpec | undefined): string[] {
  const letter = parseLetter(text);
  const out: string[] = [];
  for (; node; node = node.parent) out.push(text.slice(letter.lines.offsetAt(node.range.start), letter.lines.offsetAt(node.range.end)));
  return out;
}

test('from a guideline label out to the whole letter', () => {
  const text = readExample('examples/clean/lumbar-therapy.imr');
  const offset = text.indexOf('Low Back Complaints 2004, Section(s):') + 4;
  const chain = texts(text, selectionRange(parseLetter(text), offset, defaultCatalog()));
  assert.equal(chain[0], 'Low Back Complaints');
  assert.equal(chain[1], 'Decision based on MTUS Low Back Complaints 2004, Section(s):\nSpecial Studies');
  assert.equal(chain[2], 'Decision based on MTUS Low Back Complaints 2004, Section(s):\nSpecial Studies.');
  assert.ok(chain.includes('MAXIMUS guideline: Decision based on MTUS Low Back Complaints 2004, Section(s):\nSpecial Studies.'));
  assert.ok(chain.some((c) => c.startsWith('MRI of the lumbar spine without contrast: Upheld') && c.endsWith('contrast is not medically necessary.')));
  assert.ok(chain.some((c) => c.startsWith('IMR ISSUES, DECISIONS AND RATIONALES')));
  assert.equal(chain[chain.length - 1], text);
  // Each step contains the one before it.
  for (let i = 1; i < chain.length; i++) assert.ok(chain[i].includes(chain[i - 1]), `step ${i}`);
});

test('every position of a corpus letter gets a properly nested chain', (t) => {
  if (!hasShared) return t.skip(SHARED_MISSING);
  const catalog = defaultCatalog();
  for (const l of corpus().slice(0, 40)) {
    const letter = parseLetter(l.text);
    for (let offset = 0; offset < l.text.length; offset += 97) {
      let node: SelectionRangeSpec | undefined = selectionRange(letter, offset, catalog);
      let prev: { s: number; e: number } | undefined;
      for (; node; node = node.parent) {
        const s = letter.lines.offsetAt(node.range.start);
        const e = letter.lines.offsetAt(node.range.end);
        assert.ok(s <= offset && offset <= e, `${l.name}@${offset}`);
        if (prev) assert.ok(s <= prev.s && prev.e <= e && (s < prev.s || prev.e < e), `${l.name}@${offset}: not strictly growing`);
        prev = { s, e };
      }
    }
  }
});
