/** The letter model on real text: every letter in ../shared, both extraction styles, and bad input. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'path';
import { parseLetter } from '../../server/src/core/parser';
import { lintLetter } from '../../server/src/core/lint';
import { ITEM_FIELDS } from '../../server/src/core/format';
import { flatOffset } from '../../server/src/core/text';
import { corpus, expectedItems, hasShared, readExample, SHARED_MISSING } from '../support/corpus';

const FIELD_ORDER = ITEM_FIELDS.map((f) => f.kind).join(',');

test('every letter in ../shared parses into three sections with its items, decisions and fields', (t) => {
  if (!hasShared) return t.skip(SHARED_MISSING);
  const expected = expectedItems();
  const problems: string[] = [];
  for (const letter of corpus()) {
    const model = parseLetter(letter.text);
    const say = (msg: string) => problems.push(`${letter.name}: ${msg}`);
    if (model.format !== 'current') say(`format ${model.format}`);
    const kinds = model.sections.map((s) => `${s.kind}/${s.headingMatch}`).join(',');
    if (kinds !== 'howMade/exact,caseSummary/exact,issues/exact') say(`sections ${kinds}`);
    const want = expected.get(path.basename(letter.file));
    if (want) {
      if (model.items.length !== want.items) say(`${model.items.length} items, SOURCES.tsv says ${want.items}`);
      const upheld = model.items.filter((i) => i.decision?.value === 'Upheld').length;
      if (upheld !== want.upheld) say(`${upheld} Upheld, SOURCES.tsv says ${want.upheld}`);
    } else if (model.items.length === 0) say('no items');
    for (const item of model.items) {
      if (!item.decision?.valid) say(`item "${item.title}" has no decision`);
      if (!item.title) say('an item has no title');
      if (item.fields.map((f) => f.kind).join(',') !== FIELD_ORDER) say(`item "${item.title}" fields ${item.fields.map((f) => f.kind)}`);
      for (const f of item.fields) if (f.body.text.length === 0) say(`item "${item.title}" has an empty ${f.kind}`);
    }
    if (letter.style !== 'seed' && model.header.length !== 7) say(`header has ${model.header.length} fields`);
    const missing = lintLetter(model).filter((d) => d.rule === 'missing-section');
    if (missing.length > 0) say(`missing-section: ${missing.map((d) => d.message).join('; ')}`);
  }
  assert.deepEqual(problems, []);
});

test('layout and plain extractions of each letter give the same items, decisions and header', (t) => {
  if (!hasShared) return t.skip(SHARED_MISSING);
  const byName = new Map(corpus().map((l) => [l.name, l]));
  let compared = 0;
  for (const letter of corpus().filter((l) => l.style === 'plain')) {
    const layout = byName.get(letter.name.replace('real-letters/plain/', 'real-letters/'));
    assert.ok(layout, `layout twin of ${letter.name}`);
    const a = parseLetter(layout.text);
    const b = parseLetter(letter.text);
    assert.deepEqual(
      b.items.map((i) => [i.title, i.decision?.text]),
      a.items.map((i) => [i.title, i.decision?.text]),
      letter.name,
    );
    const header = (l: typeof a) => Object.fromEntries(l.header.map((h) => [h.key, h.value]));
    assert.deepEqual(header(b), header(a), letter.name);
    compared++;
  }
  assert.equal(compared, 97);
});

test('header fields have their parsed dates and exact value ranges', () => {
  const text = readExample('examples/clean/lumbar-therapy.imr');
  const letter = parseLetter(text);
  const get = (key: string) => letter.header.find((h) => h.key === key)!;
  assert.equal(get('caseNumber').value, 'CM25-0104417');
  assert.deepEqual(get('dateOfInjury').date, { year: 2015, month: 6, day: 18 });
  assert.equal(get('applicationReceived').label, 'Application Received:');
  assert.equal(get('applicationReceived').value, '02/26/2017');
  const span = get('decisionDate').valueSpan!;
  assert.equal(text.slice(span.start, span.end), '04/01/2017');
});

test('a decision alone on the line after a wrapped title, and item ranges', () => {
  const base = readExample('examples/clean/lumbar-therapy.imr');
  const text = base.replace(
    'Physical therapy for the lumbar spine, eight sessions: Overturned',
    'Physical therapy for the lumbar spine, eight sessions, two times a week for four weeks\nwith a home exercise program:\nOverturned',
  );
  const letter = parseLetter(text);
  assert.equal(letter.items.length, 2);
  const item = letter.items[1];
  assert.equal(item.title, 'Physical therapy for the lumbar spine, eight sessions, two times a week for four weeks with a home exercise program');
  assert.equal(item.decision?.text, 'Overturned');
  assert.equal(text.slice(item.decision!.span.start, item.decision!.span.end), 'Overturned');
  assert.equal(text.slice(item.fields[0].labelSpan.start, item.fields[0].labelSpan.end), 'Claims Administrator guideline:');
  assert.ok(item.fields[2].body.text.endsWith('is medically necessary.'));
});

test('CRLF line endings give the same model with the same positions', () => {
  const lf = readExample('examples/clean/lumbar-therapy.imr');
  const crlf = lf.replace(/\n/g, '\r\n');
  const a = parseLetter(lf);
  const b = parseLetter(crlf);
  assert.deepEqual(b.items.map((i) => [i.title, i.decision?.text]), a.items.map((i) => [i.title, i.decision?.text]));
  assert.deepEqual(
    b.items.map((i) => b.lines.rangeOf(i.titleSpan)),
    a.items.map((i) => a.lines.rangeOf(i.titleSpan)),
  );
  assert.deepEqual(b.sections.map((s) => b.lines.rangeOf(s.headingSpan)), a.sections.map((s) => a.lines.rangeOf(s.headingSpan)));
});

test('form feeds inside sections and fields are read as white space', () => {
  const base = readExample('examples/clean/lumbar-therapy.imr');
  const text = base.replace('MAXIMUS guideline: Decision based on MTUS Low Back Complaints 2004, Section(s):\n', 'MAXIMUS guideline: Decision based on MTUS Low Back Complaints 2004, Section(s):\n\f');
  const letter = parseLetter(text);
  assert.equal(letter.items[0].fields[1].body.text, 'Decision based on MTUS Low Back Complaints 2004, Section(s): Special Studies.');
});

test('bad input yields a model, never an exception', () => {
  const base = readExample('examples/clean/lumbar-therapy.imr');
  const inputs: [string, string][] = [
    ['empty', ''],
    ['blank lines', '\n\n  \n\f\n'],
    ['binary junk', Array.from({ length: 5000 }, (_, i) => String.fromCharCode((i * 7919) % 65536)).join('')],
    ['cut off mid-item', base.slice(0, base.indexOf('Section(s):\nSpecial Studies') + 5)],
    ['cut off mid-heading', base.slice(0, base.indexOf('IMR ISSUES') + 6)],
    ['odd unicode', base.replace(/e/g, 'é').replace(/ /g, '\u00a0').replace('MRI', '🩻 MRI')],
    ['only a heading', 'IMR ISSUES, DECISIONS AND RATIONALES'],
    ['lone surrogates', '\ud800\udc00\ud800 Case Number: \udfff'],
  ];
  for (const [name, text] of inputs) {
    const letter = parseLetter(text);
    assert.equal(letter.text, text, name);
    lintLetter(letter); // must not throw either
  }
  const cut = parseLetter(inputs[3][1]);
  assert.equal(cut.items.length, 1);
  assert.equal(cut.items[0].fields.length, 2, 'the item cut off in its MAXIMUS guideline keeps the fields it has');
});

test('a 10 MB file parses (linear cost)', () => {
  const base = readExample('examples/clean/lumbar-therapy.imr');
  const issues = base.slice(base.indexOf('MRI of the lumbar spine without contrast: Upheld'));
  let text = base;
  while (text.length < 10 * 1024 * 1024) text += '\n' + issues;
  const letter = parseLetter(text);
  assert.ok(letter.items.length > 1000);
  assert.equal(letter.sections.length, 3);
});

test('misspelled and lower-case headings are recognized as such', () => {
  const base = readExample('examples/clean/lumbar-therapy.imr');
  const text = base.replace('CLINICAL CASE SUMMARY', 'CLINICAL CASE SUMARY').replace('IMR ISSUES, DECISIONS AND RATIONALES', 'Imr Issues, Decisions and Rationales');
  const letter = parseLetter(text);
  assert.deepEqual(letter.sections.map((s) => `${s.kind}/${s.headingMatch}`), ['howMade/exact', 'caseSummary/misspelled', 'issues/case']);
  assert.equal(letter.items.length, 2);
});

test('a 2013-format letter is recognized and outlined by its own headings', () => {
  const letter = parseLetter(readExample('examples/clean/format-2013.imr'));
  assert.equal(letter.format, '2013');
  assert.deepEqual(letter.sections.map((s) => s.kind), ['notice2013', 'decision2013', 'qualifications2013', 'caseSummary2013']);
  assert.deepEqual(letter.items.map((i) => [i.title, i.decision?.value]), [
    ['Lumbar epidural steroid injection at L4-L5', 'Upheld'],
    ['Six sessions of acupuncture for the lumbar spine', 'Overturned'],
  ]);
  assert.deepEqual(lintLetter(letter).filter((d) => d.rule === 'missing-section'), []);
});

test('drafts: a title before a blank line, a misspelled decision, fields out of order, a misspelled label', () => {
  const text = readExample('test/unit/fixtures/items.imr').replace('Decision rationale: The MTUS Acupuncture', 'Decison rationale: The MTUS Acupuncture');
  const letter = parseLetter(text);
  const [first, second] = letter.items;
  assert.equal(first.title, '1. Cyclobenzaprine 7.5mg #60');
  assert.equal(first.number, '1.');
  assert.equal(first.decision, undefined);
  assert.equal(first.fields.length, 3);
  assert.equal(second.title, '2. Acupuncture for the neck, six sessions');
  assert.deepEqual({ ...second.decision, span: undefined }, { text: 'Uphled', value: 'Upheld', valid: false, span: undefined });
  assert.deepEqual(second.fields.map((f) => f.kind), ['maximusGuideline', 'claimsAdministratorGuideline', 'decisionRationale']);
  assert.equal(second.fields[2].label, 'Decison rationale:');
});

test('layouts 2 and 3 are told apart from the current format by their opening lines and headings', () => {
  const layout2 = readExample('examples/clean/layout2.imr');
  const l2 = parseLetter(layout2);
  assert.equal(l2.format, 'layout2');
  assert.deepEqual(l2.sections.map((s) => s.kind), ['howMade', 'documentsReviewed', 'caseSummary', 'decisions2']);
  assert.deepEqual(l2.items.map((i) => [i.number, i.title, i.decision?.value]), [
    ['1.', 'Six sessions of chiropractic manipulation for the lumbar spine', 'Overturned'],
    ['2.', 'One lumbar support', 'Upheld'],
  ]);
  // The masthead and the two headings layout 2 shares with the current format: still layout 2.
  const shared = layout2.replace(/ *DOCUMENTS REVIEWED\n[^]*?(?= *CLINICAL)/, '').replace(/ *IMR DECISION\(S\)[^]*$/, '');
  assert.equal(parseLetter(shared).format, 'layout2');
  // The same headings with a current header and no masthead: the current format.
  assert.equal(parseLetter(shared.slice(shared.indexOf('Case Number:'))).format, 'current');
  // A current letter that happens to have a "DOCUMENTS REVIEWED" line stays current.
  const base = readExample('examples/clean/lumbar-therapy.imr');
  assert.equal(parseLetter(base.replace('                                CLINICAL CASE SUMMARY', 'DOCUMENTS REVIEWED\nNone listed.\n\n                                CLINICAL CASE SUMMARY')).format, 'current');

  const layout3 = readExample('examples/clean/layout3.imr');
  const l3 = parseLetter(layout3);
  assert.equal(l3.format, 'layout3');
  const guidelines = l3.sections.find((s) => s.kind === 'guidelines3')!;
  assert.equal(guidelines.headingText, 'MEDICAL TREATMENT GUIDELINE(S) RELIED UPON BY PROFESSIONAL\nREVIEWER AND WHY:');
  assert.equal(guidelines.headingMatch, 'exact');
  assert.ok(layout3.slice(guidelines.bodySpan.start).startsWith('\nThe Acupuncture Medical Treatment Guidelines'));
  assert.deepEqual(l3.items.map((i) => [i.title, i.decision]), [['Twelve sessions of acupuncture for the cervical spine', undefined]]);
});

test('a wrapped layout 3 heading is found across a page break, in CRLF, after a BOM, and with text after its colon', () => {
  const layout3 = readExample('examples/clean/layout3.imr');
  const variants = [
    layout3.replace('PROFESSIONAL\nREVIEWER AND WHY:', 'PROFESSIONAL\n\f\n        REVIEWER AND WHY:'),
    '\uFEFF' + layout3.replace(/\n/g, '\r\n'),
    layout3.replace('ISSUE AT DISPUTE:\nTwelve', 'ISSUE AT DISPUTE: Twelve').replace('MEDICAL REVIEWER QUALIFICATIONS:\nThe reviewer', 'MEDICAL REVIEWER QUALIFICATIONS: The reviewer'),
  ];
  for (const [i, text] of variants.entries()) {
    const letter = parseLetter(text);
    assert.equal(letter.format, 'layout3', `variant ${i}`);
    assert.equal(letter.sections.length, 6, `variant ${i}`);
    assert.deepEqual(lintLetter(letter).map((d) => d.message), [], `variant ${i}`);
  }
  assert.equal(parseLetter(variants[2]).items[0].title, 'Twelve sessions of acupuncture for the cervical spine');
  // A first line alone is not a heading: its second half must follow.
  assert.ok(!parseLetter(layout3.replace('REVIEWER AND WHY:', 'REVIEWER.')).sections.some((s) => s.kind === 'guidelines3'));
});

test('opening lines alone make no layout: a header being typed is of unknown layout, with one note', () => {
  for (const text of ['Case Number:          CM25-0000001\nDate Assigned:        03/04/2025\n', 'MAXIMUS FEDERAL SERVICES, INC.\nIndependent Medical Review\n\nCase Number: CM14-0000001\n', 'MEDICAL PROFESSIONAL REVIEW\n']) {
    const letter = parseLetter(text);
    assert.equal(letter.format, 'unknown', text);
    assert.deepEqual(lintLetter(letter).map((d) => `${d.rule} ${d.severity}`), ['missing-section info'], text);
  }
});

test('page furniture after a form feed at the end of a field is not its text ("CM25-0104417   Page 2 of 3" read as a section name); without the form feed it is', () => {
  const clean = readExample('examples/clean/lumbar-therapy.imr');
  const at = clean.indexOf('\nDecision rationale:');
  const withFurniture = clean.slice(0, at) + '\n\n\fCM25-0104417                                      Page 2 of 3' + clean.slice(at);
  const field = (text: string) => parseLetter(text).items[0].fields.find((f) => f.kind === 'maximusGuideline')!;
  assert.equal(field(withFurniture).body.text, field(clean).body.text);
  // The form feed alone on its line, the running header and page number on the next two.
  const ownLine = clean.slice(0, at) + '\n\f\nCM25-0104417\nPage 2 of 3' + clean.slice(at);
  assert.equal(field(ownLine).body.text, field(clean).body.text);
  assert.deepEqual(lintLetter(parseLetter(withFurniture), {}).map((d) => d.rule), lintLetter(parseLetter(clean), {}).map((d) => d.rule));
  const noFormFeed = clean.slice(0, at) + '\nPage 2' + clean.slice(at);
  assert.match(field(noFormFeed).body.text, /Page 2$/);
});

test('a heading with other white space inside it (two spaces, a tab, a no-break space, an em space) is the exact heading, after a line with trailing spaces too', () => {
  const clean = readExample('examples/clean/lumbar-therapy.imr');
  const heading = 'CLINICAL CASE SUMMARY';
  assert.ok(clean.includes(heading));
  for (const inner of ['  ', '\t', '\u00a0', '\u2003', ' \u00a0 ']) {
    for (const before of ['', 'x   ']) {
      // The line before the heading ends in spaces ("x   "): a place to fold there is not the heading's.
      const text = clean.replace(heading, `${heading.replace('CASE', `${inner}CASE`).replace('CLINICAL ', 'CLINICAL')}`).replace(/\n(\s*CLINICAL)/, `${before ? ' ' + before : ''}\n$1`);
      const model = parseLetter(text);
      const section = model.sections.find((s) => s.kind === 'caseSummary');
      const label = JSON.stringify(inner) + (before ? ' after trailing spaces' : '');
      assert.equal(section?.headingMatch, 'exact', label);
      assert.equal(model.sections.map((s) => s.kind).join(','), 'howMade,caseSummary,issues', label);
    }
  }
});

test('page furniture inside a field, where it runs over a page break (a footer before the form feed, a header after it), is not its text', () => {
  const clean = readExample('examples/clean/lumbar-therapy.imr');
  const cut = 'MTUS Chronic Pain Medical Treatment\n2016, Section(s): Physical medicine treatment.';
  assert.ok(clean.includes(cut));
  const field = (text: string) => parseLetter(text).items[1].fields.find((f) => f.kind === 'claimsAdministratorGuideline')!;
  const rules = (text: string) => lintLetter(parseLetter(text), { today: new Date('2026-12-01') }).map((d) => `${d.rule} ${d.message}`);
  const breaks = [
    'MTUS Chronic Pain Medical Treatment\nPage 2 of 4\n\f2016, Section(s): Physical medicine treatment.',
    'MTUS Chronic Pain Medical Treatment\nCM17-0040077      Page 2 of 4\n\f2016, Section(s): Physical medicine treatment.',
    'MTUS Chronic Pain Medical Treatment\n\f                                        Page 2 of 4\n2016, Section(s): Physical medicine treatment.',
    'MTUS Chronic Pain Medical Treatment\r\n   Page 2 of 4\r\n\f\r\nCM17-0040077\r\n2016, Section(s): Physical medicine treatment.',
    'MTUS Chronic Pain Medical Treatment 2016, Section(s):\nPage 2 of 4\n\fPhysical medicine treatment.',
  ];
  for (const b of breaks) {
    const text = clean.replace(cut, b);
    const f = field(text);
    assert.equal(f.body.text, field(clean).body.text, JSON.stringify(b));
    // The flat text still maps to the letter's own characters.
    const at = f.body.text.indexOf('Physical');
    assert.equal(text.slice(flatOffset(f.body, at), flatOffset(f.body, at) + 8), 'Physical');
    assert.deepEqual(rules(text), rules(clean), JSON.stringify(b));
  }
  // A rationale broken so: its conclusion is still read, and a flipped decision still conflicts.
  const rationale = clean.lastIndexOf('not medically necessary');
  const broken = clean.slice(0, rationale) + 'not\nPage 3 of 4\n\fmedically necessary' + clean.slice(rationale + 'not medically necessary'.length);
  assert.deepEqual(rules(broken), rules(clean));
  assert.ok(rules(broken.replace(/: Upheld\n(?![\s\S]*: Upheld\n)/, ': Overturned\n')).some((r) => r.startsWith('decision-rationale-conflict')));
  // A line with other text next to a form feed stays text.
  const text = clean.replace(cut, 'MTUS Chronic Pain Medical Treatment\nPage 2 of the guideline\n\f2016, Section(s): Physical medicine treatment.');
  assert.match(field(text).body.text, /Page 2 of the guideline/);
});
