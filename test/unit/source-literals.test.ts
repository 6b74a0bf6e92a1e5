/** findSources rules a pattern out by its literal parts before RE2 runs it: never one that would match. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { defaultCatalog, findSources, requiredLiterals, type Catalog } from '../../server/src/core/catalog';
import { linearRegex } from '../../server/src/core/linearRegex';
import { parseLetter } from '../../server/src/core/parser';
import { corpus, hasShared } from '../support/corpus';

/** findSources without the literal check: every pattern on RE2. */
function reference(catalog: Catalog, text: string) {
  const out: { id: string; start: number; end: number }[] = [];
  for (const s of catalog.sources) {
    for (const p of s.patterns) {
      const m = linearRegex(p, { ignoreCase: true }).exec(text);
      if (m) {
        out.push({ id: s.id, start: m.index, end: m.end });
        break;
      }
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

test('the literal parts a pattern requires', () => {
  assert.deepEqual(requiredLiterals('ACOEM[^.]*3rd'), ['acoem', '3rd']);
  assert.deepEqual(requiredLiterals('\\bJ(?:ournal)?\\b.*\\d{4};'), ['j', ';']);
  assert.deepEqual(requiredLiterals('https?://'), ['http', '://']);
  assert.deepEqual(requiredLiterals('cms\\.gov'), ['cms.gov']);
  assert.deepEqual(requiredLiterals('x{2}y'), ['y']);
  assert.deepEqual(requiredLiterals('a[]b]c'), ['a', 'c']);
  assert.deepEqual(requiredLiterals('[^]|]x'), ['x']);
  // Nothing is required where an alternative or an unknown escape could match anything.
  assert.deepEqual(requiredLiterals('a|b'), []);
  assert.deepEqual(requiredLiterals('\\x41bc'), []);
  assert.deepEqual(requiredLiterals('a\\Qb\\E?'), []);
});

test('findSources finds what every pattern on RE2 finds, in texts with and without the sources', () => {
  const catalog = defaultCatalog();
  const texts = [
    'ODG Pain Chapter', 'Official Disability Guidelines (ODG), Knee', 'ACOEM Practice Guidelines, 3rd Edition', 'J Bone Joint Surg 2004;86',
    'see https://www.ncbi.nlm.nih.gov', 'ſtuff and acoem', 'ACOEM: Low Back', 'UPTODATE', 'odgx', 'medicare fee schedule', '',
    'ACOEM Elbow Disorders', 'ACOEM Shoulder and Elbow Disorders', 'et al', 'doi:10.1', 'National Heart, Lung, and Blood Institute',
  ];
  if (hasShared) {
    for (const l of corpus().slice(0, 80)) {
      for (const item of parseLetter(l.text).items) for (const f of item.fields) texts.push(f.body.text);
    }
  }
  for (const t of texts) {
    assert.deepEqual(findSources(catalog, t).map((h) => ({ id: h.source.id, start: h.start, end: h.end })), reference(catalog, t), t.slice(0, 80));
  }
});
