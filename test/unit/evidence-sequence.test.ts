/** evidence-sequence: a non-MTUS decision without saying the MTUS does not address the request. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLetter } from '../../server/src/core/parser';
import { lintLetter } from '../../server/src/core/lint';
import { applyFixes } from '../../server/src/core/features/fixes';
import { corpus, hasShared, readExample, SHARED_MISSING } from '../support/corpus';

const findings = (text: string) => lintLetter(parseLetter(text)).filter((d) => d.rule === 'evidence-sequence');

const base = readExample('examples/clean/lumbar-therapy.imr');
const MAXIMUS_MTUS = 'MAXIMUS guideline: Decision based on MTUS Low Back Complaints 2004, Section(s):\nSpecial Studies.';
const RATIONALE_START = 'Decision rationale: MTUS/ACOEM Guidelines state that unequivocal objective findings that';
const ODG = 'MAXIMUS guideline: Decision based on Non-MTUS Citation Official Disability Guidelines (ODG),\nLow Back Chapter, MRIs (magnetic resonance imaging).';
const withOdg = base.replace(MAXIMUS_MTUS, ODG).replace(RATIONALE_START, 'Decision rationale: The Official Disability Guidelines state that unequivocal objective findings that');

test('a Non-MTUS Citation with no MTUS citation and no word on the MTUS: one warning on the citation', () => {
  assert.ok(base.includes(MAXIMUS_MTUS) && base.includes(RATIONALE_START), 'example text as expected');
  assert.deepEqual(findings(base), []);
  const found = findings(withOdg);
  assert.equal(found.length, 1);
  assert.equal(found[0].severity, 'warning');
  assert.match(found[0].message, /relies on Official Disability Guidelines.*MTUS does not address/);
  assert.equal(found[0].range.start.line, withOdg.split('\n').findIndex((l) => l.startsWith('MAXIMUS guideline: Decision based on Non-MTUS')));
  assert.deepEqual(found[0].data, { item: 'MRI of the lumbar spine without contrast', source: 'odg' });
});

test('saying the MTUS does not address the request, in the field or the rationale, keeps it silent', () => {
  const says = [
    (t: string) => t.replace('MAXIMUS guideline: Decision based on Non-MTUS', 'MAXIMUS guideline: The Expert Reviewer based their decision on recommendation(s) outside of the MTUS Guidelines. Decision based on Non-MTUS'),
    (t: string) => t.replace('Decision rationale: The Official', 'Decision rationale: The MTUS does not address this request. The Official'),
    (t: string) => t.replace('Decision rationale: The Official', 'Decision rationale: CA MTUS/ACOEM guidelines are silent regarding\nthe request. The Official'),
    (t: string) => t.replace('Decision rationale: The Official', 'Decision rationale: Regarding MRI, the California MTUS and ACOEM do not address, so the Official Disability Guidelines were cited. The Official'),
    (t: string) => t.replace('Decision rationale: The Official', 'Decision rationale: This is not addressed by the MTUS. The Official'),
  ];
  for (const [i, change] of says.entries()) {
    const text = change(withOdg);
    assert.notEqual(text, withOdg, `variant ${i} applies`);
    assert.deepEqual(findings(text).map((d) => d.message), [], `variant ${i}`);
  }
});

test('the MTUS cited beside ODG, or ACOEM 2nd edition filed as non-MTUS, is not a departure from the sequence', () => {
  const both = withOdg.replace('MRIs (magnetic resonance imaging).', 'MRIs (magnetic resonance imaging). Decision based on MTUS Low Back Complaints 2004,\nSection(s): Special Studies.');
  assert.deepEqual(findings(both), []);
  const acoem2 = base.replace(MAXIMUS_MTUS, 'MAXIMUS guideline: Decision based on Non-MTUS Citation ACOEM Practice Guidelines, 2nd Edition\n(2004), Chapter 12, Low Back Complaints, page 303.');
  assert.deepEqual(findings(acoem2), []);
});

test('ODG named in the rationale while the field cites no evidence; the quick fix adds the stock sentence and is never preferred', () => {
  const text = withOdg.replace(ODG, 'MAXIMUS guideline: The Expert Reviewer did not cite any medical evidence for its decision.');
  const found = findings(text);
  assert.equal(found.length, 1);
  assert.match(text.split('\n')[found[0].range.start.line], /Official Disability Guidelines/);
  const fixes = found[0].fixes ?? [];
  assert.equal(fixes.length, 1);
  assert.equal(fixes[0].preferred, false);
  assert.deepEqual(findings(applyFixes(withOdg, findings(withOdg)[0].fixes).text), []);
});

test('published letters: no finding (both halves, all extractions)', (t) => {
  if (!hasShared) return t.skip(SHARED_MISSING);
  const found = corpus().flatMap((l) => findings(l.text).map((d) => `${l.name}:${d.range.start.line + 1}`));
  assert.deepEqual(found, []);
});

test('tuning half with the stock sentences removed: exactly the items whose rationale never says the MTUS is silent', (t) => {
  if (!hasShared) return t.skip(SHARED_MISSING);
  const STOCK = /The Expert Reviewer (?:based their decision on recommendation\(s\)\s+outside\s+of\s+the\s+MTUS\s+Guidelines\.|did\s+not\s+base\s+their\s+decision\s+on\s+the\s+MTUS\.)/g;
  const tuning = corpus().filter((l) => l.style === 'seed' || /cm\d\d-\d*[02468]-/.test(l.name));
  const found = tuning.flatMap((l) => {
    const model = parseLetter(l.text.replace(STOCK, (s) => s.replace(/\S/g, ' ')));
    return findings(model.text).map((d) => `${l.name.replace(/^real-letters\/(plain\/)?/, '').slice(0, 19)} ${(d.data as { item: string }).item}`);
  });
  // Judged from the text: each relies on ODG or ACOEM's current guidelines and its rationale never
  // mentions the MTUS; every other item without an MTUS citation says the MTUS is silent.
  const expected = [
    '023_cm16-0236906-el Electroencephalogram',
    '039_cm16-0240900-mr MRI for lumbar spine with contrast',
    '053_cm16-0246624-mr MRI scan of the cervical spine',
    '149_cm17-0012640-mr MRI of the left shoulder',
  ];
  assert.deepEqual(found.sort(), [...expected, ...expected].sort());
});
