/**
 * The honest evaluation as a test: the engine of `npm run corpus` on the repository's clean
 * examples (always) and on the published letters in ../shared (when present), per half.
 *  - no error-level finding on a published or example letter;
 *  - every registered rule has mutation classes, and each rule's mutation recall is ≥ 98% in each
 *    group (or it is listed below as a known shortfall with its measured figure);
 *  - flipping an item's decision is caught on ≥ 98% of items.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluate, evaluateInParallel, RECALL_TARGET, type GroupReport, type Report } from '../support/evaluate';
import { EVAL_TODAY, exampleLetters, publishedLetters } from '../support/evalLetters';
import { MUTATION_CLASSES, mutate, type MutationClass } from '../support/mutations';
import { caseNumberOf, corpus, half, hasShared, SHARED_MISSING } from '../support/corpus';
import { RULES } from '../../server/src/core/rules';
import { parseLetter } from '../../server/src/core/parser';
import { defaultCatalog } from '../../server/src/core/catalog';

/**
 * Rules below the target today, with the recall measured when they were listed (per group, to 0.1%).
 * The test fails when a figure drops below its entry, and when the rule reaches the target
 * (then remove its entry). Each is in the report to the lead with a reproducing case.
 */
const KNOWN_SHORTFALLS: Record<string, { figures: Record<string, number>; why: string }> = {};

let examples: Report | undefined;
const exampleReport = () => (examples ??= evaluate(exampleLetters(), { today: EVAL_TODAY }));
let published: Promise<Report> | undefined;
const publishedReport = () => (published ??= evaluateInParallel(publishedLetters(), { today: EVAL_TODAY }));
const pct = (x: number | null) => (x === null ? 'n/a' : `${(100 * x).toFixed(1)}%`);

test('the split: even last digit (and the seeds) tune, odd last digit checks', () => {
  assert.equal(caseNumberOf({ name: 'real-letters/001_cm16-0213037-mri.txt', text: '' }), 'CM16-0213037');
  assert.equal(half({ name: 'real-letters/001_cm16-0213037-mri.txt', text: '', style: 'layout' }), 'checking');
  assert.equal(half({ name: 'real-letters/plain/003_cm16-0221706-viagra.txt', text: '', style: 'plain' }), 'tuning');
  assert.equal(half({ name: 'seeds/000_1d3f170e10b2a68b.txt', text: 'HOW THE IMR FINAL DETERMINATION WAS MADE', style: 'seed' }), 'tuning');
  assert.equal(half({ name: 'x.txt', text: 'Case Number: CM17-0002198\n', style: 'layout' }), 'tuning');
  assert.equal(half({ name: 'x.txt', text: 'Case Number: CM17-0002105\n', style: 'layout' }), 'checking');
});

test('the split of ../shared: seeds and even case numbers tune, odd ones check, both extractions alike', (t) => {
  if (!hasShared) return t.skip(SHARED_MISSING);
  const letters = corpus();
  const byFile = new Map<string, Set<string>>();
  for (const l of letters) {
    const base = l.name.replace(/^.*\//, '');
    byFile.set(base, (byFile.get(base) ?? new Set()).add(half(l)));
  }
  for (const [file, halves] of byFile) assert.equal(halves.size, 1, `${file} is in both halves`);
  const seeds = letters.filter((l) => l.style === 'seed');
  assert.ok(seeds.length > 0 && seeds.every((l) => half(l) === 'tuning'));
  const real = letters.filter((l) => l.style === 'layout');
  assert.ok(real.every((l) => caseNumberOf(l)), 'every published letter has a case number');
  const checking = real.filter((l) => half(l) === 'checking').length;
  assert.ok(checking > 0.3 * real.length && checking < 0.7 * real.length, `checking half holds ${checking} of ${real.length}`);
});

test('mutate(): edits apply together and places map into the mutated text', () => {
  const text = 'HEADING\nMRI of the knee: Upheld\nDecision rationale: text.\n';
  const at = text.indexOf('Upheld');
  const m = mutate(text, [{ span: { start: at, end: at + 6 }, newText: 'Overturned' }, { span: { start: 0, end: 7 }, newText: 'H' }], 'two edits', {
    places: [{ start: text.indexOf('Decision'), end: text.indexOf(':', text.indexOf('Decision')) + 1 }],
  });
  assert.equal(m.text, 'H\nMRI of the knee: Overturned\nDecision rationale: text.\n');
  assert.equal(m.text.slice(m.places[0].start, m.places[0].end), 'Decision rationale:');
  const plain = mutate(text, [{ span: { start: at, end: at + 6 }, newText: 'Uphold' }], 'one edit');
  assert.equal(plain.text.slice(plain.places[0].start, plain.places[0].end), 'Uphold');
});

test('every registered rule has mutation classes; class names are unique', () => {
  const ids = new Set(RULES.map((r) => r.id));
  const classes = new Set<string>();
  for (const c of MUTATION_CLASSES) {
    assert.ok(ids.has(c.rule), `mutation class ${c.rule}/${c.name} names no registered rule`);
    assert.ok(!classes.has(`${c.rule}/${c.name}`), `${c.rule}/${c.name} twice`);
    classes.add(`${c.rule}/${c.name}`);
  }
  assert.deepEqual(exampleReport().rulesWithoutClasses, [], 'add mutation classes for these rules in test/support/mutations.ts');
});

test('the measurement can fail: a class whose rule stays silent has recall 0', () => {
  const silent: MutationClass = {
    rule: 'invalid-decision',
    name: 'harmless-edit',
    description: 'A change no rule should flag (a word of a rationale doubled)',
    mutants: ({ letter }) =>
      letter.items.flatMap((item) => item.fields.filter((f) => f.kind === 'decisionRationale' && f.body.text.length > 0).map((f) => mutate(letter.text, [{ span: { start: f.body.offsets[0], end: f.body.offsets[0] }, newText: 'the ' }], 'double a word'))),
  };
  const r = evaluate(exampleLetters(), { today: EVAL_TODAY, classes: [silent] });
  const ex = r.groups.find((g) => g.group === 'examples')!;
  assert.ok(ex.rules['invalid-decision'].mutants > 0);
  assert.equal(ex.rules['invalid-decision'].recall, 0);
  assert.ok(ex.classes[0].misses.length > 0);
});

function assertNoErrors(groups: GroupReport[]) {
  const errors = groups.flatMap((g) => g.findings.filter((f) => f.severity === 'error').map((f) => `${g.group} ${f.file}:${f.line} ${f.rule}: ${f.message}`));
  assert.deepEqual(errors, [], 'error-level findings on published letters (almost always false positives)');
}

function assertRecall(groups: GroupReport[], t: { diagnostic(msg: string): void }) {
  const problems: string[] = [];
  for (const g of groups) {
    for (const [rule, tally] of Object.entries(g.rules)) {
      if (tally.recall === null) continue;
      const known = KNOWN_SHORTFALLS[rule]?.figures[g.group];
      if (known !== undefined) {
        t.diagnostic(`known shortfall ${rule} (${g.group}): ${pct(tally.recall)} (listed at ${pct(known)})`);
        if (Math.round(tally.recall * 1000) < Math.round(known * 1000)) problems.push(`${rule} (${g.group}): recall ${pct(tally.recall)} fell below its listed shortfall ${pct(known)}`);
        if (tally.recall >= RECALL_TARGET) problems.push(`${rule} (${g.group}) now reaches ${pct(tally.recall)}: remove it from KNOWN_SHORTFALLS`);
      } else if (tally.recall < RECALL_TARGET) {
        const worst = g.classes.filter((c) => c.rule === rule && c.recall !== null && c.recall < RECALL_TARGET).map((c) => `${c.name} ${pct(c.recall)} (${c.caught}/${c.mutants})`);
        problems.push(`${rule} (${g.group}): recall ${pct(tally.recall)} < ${pct(RECALL_TARGET)}: ${worst.join(', ')}`);
      }
    }
    if (g.flip.recall !== null && g.flip.recall < RECALL_TARGET) problems.push(`${g.group}: flipping a decision is caught on ${pct(g.flip.recall)} of ${g.flip.mutants} items`);
  }
  assert.deepEqual(problems, []);
}

test('examples: no error on the clean examples; recall ≥ 98% per rule; flips caught', (t) => {
  const groups = exampleReport().groups;
  assert.ok(groups.length === 1 && groups[0].letters >= 4, 'the clean examples were evaluated');
  assert.deepEqual(groups[0].findings.map((f) => `${f.file}:${f.line} ${f.rule}`), []);
  assertRecall(groups, t);
});

test('published letters, both halves: no error-level finding', { timeout: 600_000 }, async (t) => {
  if (!hasShared) return t.skip(SHARED_MISSING);
  const r = await publishedReport();
  assert.deepEqual(r.groups.map((g) => g.group).sort(), ['checking', 'tuning']);
  for (const g of r.groups) t.diagnostic(`${g.group}: ${g.letters} letters, ${g.findings.length} findings (${g.findings.map((f) => `${f.rule} ${f.severity}`).join(', ')})`);
  assertNoErrors(r.groups);
});

test('published letters, both halves: mutation recall ≥ 98% per rule (or a listed shortfall); flips caught on ≥ 98% of items', { timeout: 600_000 }, async (t) => {
  if (!hasShared) return t.skip(SHARED_MISSING);
  const r = await publishedReport();
  t.diagnostic(`${r.mutants} mutants in ${(r.ms / 1000).toFixed(1)} s`);
  for (const g of r.groups) assert.ok(g.flip.mutants > 100, `${g.group}: only ${g.flip.mutants} items flipped`);
  assertRecall(r.groups, t);
});

test('a mutated letter still parses to the same number of items (mutations are local)', () => {
  // Guards the engine's premise on the examples: an edit of a decision word keeps the item.
  for (const l of exampleLetters()) {
    const letter = parseLetter(l.text);
    const cls = MUTATION_CLASSES.find((c) => c.rule === 'invalid-decision')!;
    for (const m of cls.mutants({ letter, catalog: defaultCatalog(), today: EVAL_TODAY })) {
      assert.equal(parseLetter(m.text).items.length, letter.items.length, `${l.name}: ${m.what}`);
    }
  }
});
