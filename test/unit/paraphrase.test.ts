import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { hasShared } from '../support/corpus';
import { paraphrase, subjectOf } from '../paraphrase/generate';
import { paraphraseFigures, sureAccuracy, unsureRate } from '../paraphrase/measure';

test('paraphrase set: at least 20 rewrites that keep and 20 that flip each deciding sentence', () => {
  const sentence = 'Therefore, the request for Norco 10/325mg #60, not to exceed 2 per day, is not medically necessary.';
  assert.equal(subjectOf(sentence), 'the request for Norco 10/325mg #60, not to exceed 2 per day,');
  const set = paraphrase(sentence, 'not-necessary', 'the request');
  const keep = set.filter((p) => p.kind === 'keep');
  const flip = set.filter((p) => p.kind === 'flip');
  assert.ok(keep.length >= 20 && flip.length >= 20, `${keep.length} keep, ${flip.length} flip`);
  assert.ok(keep.every((p) => p.expected === 'not-necessary') && flip.every((p) => p.expected === 'necessary'));
  assert.ok(flip.some((p) => p.how === 'sentence:negated' && p.sentence.includes('2 per day, is medically necessary')));
});

// On the published letters, per half (tuning: even case numbers + seeds; checking: odd), or on the
// example letters in examples/clean when ../shared is absent.
test(`paraphrase set: ≥ 98% right on sure answers, ≤ 10% unsure (${hasShared ? 'published letters, per half' : 'example letters'})`, (t) => {
  const figures = paraphraseFigures();
  assert.ok(figures.size > 0, 'no letters to paraphrase');
  for (const [half, f] of figures) {
    const both = { right: f.keep.right + f.flip.right, wrong: f.keep.wrong + f.flip.wrong, unsure: f.keep.unsure + f.flip.unsure };
    t.diagnostic(
      `${half}: ${f.items} items, ${both.right + both.wrong + both.unsure} paraphrases: accuracy on sure ${(sureAccuracy(both) * 100).toFixed(1)}%, unsure ${(unsureRate(both) * 100).toFixed(1)}%; hedges read unsure ${f.hedge.unsure}/${f.hedge.unsure + f.hedge.right + f.hedge.wrong}`,
    );
    assert.ok(f.items > 0, `${half}: no items`);
    for (const [kind, c] of [['keep', f.keep], ['flip', f.flip]] as const) {
      assert.ok(sureAccuracy(c) >= 0.98, `${half} ${kind}: accuracy on sure ${sureAccuracy(c)}: ${JSON.stringify(c)}`);
      assert.ok(unsureRate(c) <= 0.1, `${half} ${kind}: unsure ${unsureRate(c)}: ${JSON.stringify(c)}`);
    }
    // A hedge or a condition is not a sure conclusion.
    assert.ok(f.hedge.unsure / (f.hedge.unsure + f.hedge.right + f.hedge.wrong) >= 0.9, `${half}: hedges read as sure: ${JSON.stringify(f.hedge)}`);
  }
});
