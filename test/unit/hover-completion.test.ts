import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseLetter } from '../../server/src/core/parser';
import { hoverAt } from '../../server/src/core/features/hover';
import { citationCompletions } from '../../server/src/core/features/citationCompletion';
import { corpus, fixture, hasShared, SKIP_MSG } from './citation-helpers';

const at = (text: string, needle: string, delta = 0) => {
  const i = text.indexOf(needle);
  assert.ok(i >= 0, needle);
  return i + delta;
};

test('hover on an MTUS label, a section, a chapter, a page and a non-MTUS source', () => {
  const text = fixture('clean-letter.imr');
  const letter = parseLetter(text);
  const h1 = hoverAt(letter, at(text, 'Low Back Complaints 2004', 3))!;
  assert.match(h1.markdown, /9792\.23\.5/);
  assert.match(h1.markdown, /Chapter 12/);
  assert.match(h1.markdown, /286–326/);
  assert.match(h1.markdown, /Confidence: confirmed/);
  assert.match(h1.markdown, /https:\/\/www\.dir\.ca\.gov\/dwc\/MTUS\/MTUS\.html/);
  assert.equal(text.slice(h1.span.start, h1.span.end), 'Low Back Complaints 2004');
  const h2 = hoverAt(letter, at(text, 'NSAIDs, GI', 2))!;
  assert.match(h2.markdown, /section of Chronic Pain Medical Treatment 2016/);
  assert.equal(text.slice(h2.span.start, h2.span.end).replace(/\s+/g, ' '), 'NSAIDs, GI symptoms & cardiovascular risk');
  const h3 = hoverAt(letter, at(text, 'Chapter 8 Neck', 8))!;
  assert.match(h3.markdown, /Chapter 8: Neck and Upper Back Complaints/);
  assert.match(h3.markdown, /9792\.23\.1/);
  const h4 = hoverAt(letter, at(text, '173-174', 1))!;
  assert.match(h4.markdown, /Page 173/);
  assert.match(h4.markdown, /Chapter 8/);
  const h5 = hoverAt(letter, at(text, 'American College of Radiology', 5))!;
  assert.match(h5.markdown, /ACR Appropriateness Criteria/);
  assert.match(h5.markdown, /9792\.21\.1/);
  const h6 = hoverAt(letter, at(text, 'Official Disability Guidelines (ODG), Low Back', 3))!;
  assert.match(h6.markdown, /not part of the MTUS/);
  assert.match(h6.markdown, /second tier/);
  assert.equal(hoverAt(letter, at(text, 'warehouse clerk')), undefined);
});

test('hover on real letters', (t) => {
  if (!hasShared) return t.skip(SKIP_MSG);
  const seed = corpus().find((f) => f.rel.includes('001_7d1323ddd8b7d341'))!;
  const letter = parseLetter(seed.text);
  const h = hoverAt(letter, at(seed.text, '179-180', 1))!;
  assert.match(h.markdown, /Chapter 8: Neck and Upper Back Complaints/);
  let hovered = 0;
  for (const f of corpus().slice(0, 60)) {
    const L = parseLetter(f.text);
    const i = f.text.indexOf('Decision based on MTUS ');
    if (i < 0) continue;
    const r = hoverAt(L, i + 'Decision based on MTUS '.length + 2);
    assert.ok(r && /8 CCR 9792/.test(r.markdown), `${f.rel}: ${r?.markdown}`);
    hovered++;
  }
  assert.ok(hovered > 20);
});

test('completion: labels after MTUS, sections after Section(s):, chapters, sources, decisions', () => {
  const text = fixture('clean-letter.imr');
  // Labels: cursor right after "Decision based on MTUS " in the first CA field.
  const base = text.replace('Decision based on MTUS Low Back Complaints 2004, Section(s): Special\nStudies.', 'Decision based on MTUS ');
  const L1 = parseLetter(base);
  const labels = citationCompletions(L1, at(base, 'Decision based on MTUS ', 'Decision based on MTUS '.length));
  assert.ok(labels.length > 20);
  assert.equal(labels[0].label, 'Chronic Pain Medical Treatment 2016'); // most cited
  assert.ok(labels.some((l) => l.label === 'Forearm, Wrist, and Hand Complaints 2004'));
  assert.ok(labels.every((l) => l.kind === 'guideline' || l.kind === 'chapter'));
  // Sections of the guideline named before.
  const s = text.replace('Section(s): Special\nStudies.', 'Section(s): ');
  const secs = citationCompletions(parseLetter(s), at(s, 'Section(s): ', 'Section(s): '.length));
  assert.equal(secs[0].label, 'Special Studies');
  assert.ok(secs.every((x) => x.kind === 'section'));
  assert.ok(secs.some((x) => x.label === 'Physical Methods'));
  // Chapters.
  const c = text.replace('ACOEM Chapter 8 Neck and Upper Back Complaints Page(s):\n173-174.', 'ACOEM Chapter ');
  const chs = citationCompletions(parseLetter(c), at(c, 'ACOEM Chapter ', 'ACOEM Chapter '.length));
  assert.equal(chs.find((x) => x.label.startsWith('12 '))?.label, '12 Low Back Complaints');
  // Non-MTUS sources.
  const n = text.replace('Official Disability Guidelines (ODG), Low Back Chapter, MRI.', '');
  const src = citationCompletions(parseLetter(n), at(n, 'Non-MTUS Citation ', 'Non-MTUS Citation '.length));
  assert.equal(src[0].label, 'Official Disability Guidelines (ODG)');
  assert.ok(src.every((x) => x.kind === 'source'));
  // Decision words after an item title's colon.
  const d = text.replace('Cervical traction unit: Upheld', 'Cervical traction unit: ');
  const dec = citationCompletions(parseLetter(d), at(d, 'Cervical traction unit: ', 'Cervical traction unit: '.length));
  assert.deepEqual(dec.map((x) => x.label), ['Upheld', 'Overturned']);
  // Nothing in prose.
  assert.deepEqual(citationCompletions(parseLetter(text), at(text, 'warehouse clerk')), []);
});

test('completion on a real letter: sections after Section(s):', (t) => {
  if (!hasShared) return t.skip(SKIP_MSG);
  const f = corpus().find((x) => x.text.includes('Chronic Pain Medical Treatment 2016, Section(s): '))!;
  assert.ok(f, 'no letter with the citation on one line');
  const cut = f.text.indexOf('Chronic Pain Medical Treatment 2016, Section(s): ') + 'Chronic Pain Medical Treatment 2016, Section(s): '.length;
  const secs = citationCompletions(parseLetter(f.text), cut);
  assert.equal(secs[0].label, 'Physical medicine treatment');
  assert.ok(secs.some((x) => x.label === 'Topical analgesics'));
  assert.ok(secs.every((x) => x.kind === 'section'));
});
