import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'path';
import { parseLetter } from '../../server/src/core/parser';
import { lintLetter } from '../../server/src/core/lint';
import { RULES } from '../../server/src/core/rules';
import { fixAll } from '../../server/src/core/features/fixes';
import { defaultCatalog, mergeCatalog, nearestLabel, nearestSection, resolveLabel, validateCatalogFile } from '../../server/src/core/catalog';
import { applyEdits, corpus, example, fixture, hasShared, SKIP_MSG } from './citation-helpers';
import { citationsOf } from '../../server/src/core/citations';
import { citedVersion } from '../../server/src/core/catalog/eras';

const MINE = ['unknown-guideline', 'unknown-guideline-section', 'guideline-year-mismatch', 'chapter-title-mismatch', 'page-out-of-range', 'mtus-misclassified'];
const mine = RULES.filter((r) => MINE.includes(r.id));
const lint = (text: string, catalog = defaultCatalog()) => lintLetter(parseLetter(text), { catalog }, mine);

/** Real defects in the published letters: file (basename prefix), rule, flagged text. */
const KNOWN_DEFECTS = [
  ['001_7d1323ddd8b7d341', 'mtus-misclassified', 'ACOEM Practice Guidelines, 2nd Edition (2004)'],
  ['077_cm17-0002106', 'unknown-guideline-section', '326'],
  ['079_cm17-0002198', 'unknown-guideline-section', 'Inital Care'],
  ['161_cm17-0014800', 'unknown-guideline-section', '326'],
  ['189_cm17-0020243', 'unknown-guideline-section', 'Diagnositc Criteria'],
];

test('all six rules are registered', () => {
  for (const id of MINE) assert.ok(RULES.some((r) => r.id === id), id);
});

test('corpus: no findings on the published letters except the listed real defects', (t) => {
  if (!hasShared) return t.skip(SKIP_MSG);
  const seen: string[] = [];
  for (const f of corpus()) {
    for (const d of lint(f.text)) {
      const flagged = f.text.slice(d.span.start, d.span.end).replace(/\s+/g, ' ');
      const known = KNOWN_DEFECTS.find(([file, rule, txt]) => path.basename(f.rel).startsWith(file) && rule === d.rule && flagged.startsWith(txt));
      assert.ok(known, `${f.rel}: unexpected ${d.rule}: ${d.message}`);
      seen.push(known.join('|'));
    }
  }
  for (const k of KNOWN_DEFECTS) assert.ok(seen.includes(k.join('|')), `defect not found any more: ${k.join(' ')}`);
});

test('the fixture letter is clean', () => {
  assert.deepEqual(lint(fixture('clean-letter.imr')).map((d) => d.message), []);
});

interface Mutation {
  name: string;
  from: string | RegExp;
  to: string;
  rule: string;
  severity?: string;
  /** Applying the preferred (or first) fix clears the finding. */
  fixClears?: boolean;
}
const MUTATIONS: Mutation[] = [
  { name: 'wrong year', from: 'Low Back Complaints 2004', to: 'Low Back Complaints 2009', rule: 'guideline-year-mismatch', severity: 'error', fixClears: true },
  { name: 'chapter number with another chapter’s title', from: 'ACOEM Chapter 8 Neck', to: 'ACOEM Chapter 12 Neck', rule: 'chapter-title-mismatch', severity: 'error', fixClears: true },
  { name: 'page outside Chapter 12', from: 'Low Back Complaints Page(s): 300', to: 'Low Back Complaints Page(s): 412', rule: 'page-out-of-range', severity: 'error' },
  { name: 'ODG cited as MTUS', from: 'Decision based on Non-MTUS Citation Official Disability Guidelines (ODG), Low Back Chapter', to: 'Decision based on MTUS ODG Low Back Chapter', rule: 'mtus-misclassified', severity: 'error', fixClears: true },
  { name: 'ODG chapter named like an MTUS one, cited as MTUS', from: 'Decision based on Non-MTUS Citation Official Disability Guidelines (ODG), Low Back Chapter', to: 'Decision based on MTUS Low Back - Lumbar & Thoracic (Acute & Chronic), Physical Therapy, ODG Preface – Physical Therapy', rule: 'mtus-misclassified', severity: 'error', fixClears: true },
  { name: 'misspelled section', from: 'Section(s): Diagnostic Criteria', to: 'Section(s): Diagnostc Criteria', rule: 'unknown-guideline-section', severity: 'info', fixClears: true },
  { name: 'bogus section', from: 'Section(s): Diagnostic Criteria', to: 'Section(s): Quantum Realignment', rule: 'unknown-guideline-section', severity: 'info' },
  { name: 'misspelled label', from: 'Forearm,\nWrist, and Hand Complaints 2004', to: 'Forearm, Wrist and Hand Complaint 2004', rule: 'unknown-guideline', severity: 'error', fixClears: true },
];

function runMutation(base: string, m: Mutation, where: string) {
  const occurrences = typeof m.from === 'string' ? base.split(m.from).length - 1 : 1;
  assert.ok(occurrences >= 1, `${where}: "${m.from}" not in text`);
  const mutated = typeof m.from === 'string' ? base.replace(m.from, m.to) : base.replace(m.from, m.to);
  const found = lint(mutated).filter((d) => d.rule === m.rule);
  assert.equal(found.length, 1, `${where} / ${m.name}: expected one ${m.rule}, got ${JSON.stringify(lint(mutated).map((d) => d.rule + ': ' + d.message))}`);
  if (m.severity) assert.equal(found[0].severity, m.severity, `${where} / ${m.name}: severity`);
  assert.ok(found[0].message.length > 20);
  if (m.fixClears) {
    const fix = found[0].fixes.find((f) => f.preferred) ?? found[0].fixes[0];
    assert.ok(fix, `${where} / ${m.name}: no fix`);
    const fixed = applyEdits(mutated, fix.edits);
    assert.deepEqual(lint(fixed).map((d) => d.message), [], `${where} / ${m.name}: after "${fix.title}"`);
  }
}

test('mutations of the fixture letter are caught by the right rule, and fixes clear them', () => {
  const base = fixture('clean-letter.imr');
  for (const m of MUTATIONS) runMutation(base, m, 'fixture');
});

test('mutations of real letters are caught by the right rule, and fixes clear them', (t) => {
  if (!hasShared) return t.skip(SKIP_MSG);
  const files = corpus().filter((f) => !f.rel.includes('seeds'));
  const clean = files.filter((f) => lint(f.text).length === 0);
  const pick = (needle: string) => clean.find((f) => f.text.includes(needle));
  const real: [string, Mutation][] = [
    ['Low Back Complaints 2004, Section(s): Special', { name: 'year', from: 'Low Back Complaints 2004', to: 'Low Back Complaints 2009', rule: 'guideline-year-mismatch', fixClears: true }],
    ['Section(s): Special Studies', { name: 'bogus section', from: 'Section(s): Special Studies', to: 'Section(s): Special Stuides', rule: 'unknown-guideline-section', fixClears: true }],
    ['Decision based on Non-MTUS Citation Official Disability Guidelines (ODG)', { name: 'MTUS ODG', from: 'Decision based on Non-MTUS Citation Official Disability Guidelines (ODG)', to: 'Decision based on MTUS ODG', rule: 'mtus-misclassified', fixClears: true }],
    ['Shoulder Complaints 2004', { name: 'label', from: 'Shoulder Complaints 2004', to: 'Shoulder Complains 2004', rule: 'unknown-guideline', fixClears: true }],
  ];
  for (const [needle, m] of real) {
    const f = pick(needle);
    assert.ok(f, `no clean letter with ${needle}`);
    runMutation(f.text, m, f.rel);
  }
  // The chapter form appears only in the seeds: mutate seed 001.
  const seed = corpus().find((f) => f.rel.includes('001_7d1323ddd8b7d341'))!;
  const mutated = seed.text.replace('ACOEM Chapter 8 Neck', 'ACOEM Chapter 12 Neck');
  const ds = lint(mutated).filter((d) => d.rule === 'chapter-title-mismatch');
  assert.equal(ds.length, 1);
  // Chapter 12 is confirmed Low Back: the mismatch is an error, and the pages (Chapter 8's, as the
  // title says) are not also reported against Chapter 12 (a stranger's draft got three page errors).
  assert.equal(ds[0].severity, 'error');
  assert.match(ds[0].message, /The pages cited are Chapter 8's too\./);
  assert.deepEqual(lint(mutated).filter((d) => d.rule === 'page-out-of-range'), []);
  const fixed = applyEdits(mutated, ds[0].fixes.find((f) => f.preferred)!.edits);
  assert.equal(lint(fixed).filter((d) => d.rule === 'chapter-title-mismatch' || d.rule === 'page-out-of-range').length, 0);
  const pages = lint(seed.text.replace('Page(s): 179-180', 'Page(s): 279-280')).filter((d) => d.rule === 'page-out-of-range');
  // A range wholly outside, in one place, is one finding over the range (a stranger read "412-413" twice).
  assert.deepEqual(pages.map((d) => [d.data?.page, d.data?.lastPage]), [[279, 280]]);
  assert.match(pages[0].message, /^Pages 279-280 are outside ACOEM Chapter 8/);
  assert.equal(pages[0].severity, 'warning'); // Chapter 8's range is an estimate (inferred)
  // A page in another chapter's confirmed pages is surely not Chapter 8's (a stranger's draft: "177-179, 303" was a warning).
  const inTwelve = lint(seed.text.replace('Page(s): 179-180', 'Page(s): 179-180, 303')).filter((d) => d.rule === 'page-out-of-range');
  assert.deepEqual(inTwelve.map((d) => [d.data?.page, d.data?.pageChapter, d.severity]), [[303, 12, 'error']]);
  assert.match(inTwelve[0].message, /It falls in Chapter 12 \(Low Back Complaints\)\./);
  // A list of chapters with one page list: each page is checked against all of them.
  const listed = seed.text.replace('ACOEM Chapter 8 Neck', 'ACOEM Chapter 12 Low Back Complaints, Chapter 8 Neck');
  assert.notEqual(listed, seed.text);
  assert.deepEqual(lint(listed.replace('Page(s): 179-180', 'Page(s): 179-180, 300')).filter((d) => d.rule === 'page-out-of-range'), []);
  assert.deepEqual(lint(listed.replace('Page(s): 179-180', 'Page(s): 179-180, 412')).filter((d) => d.rule === 'page-out-of-range').map((d) => d.data?.page), [412]);
});

test('the example draft shows each citation mistake', () => {
  const rules = lint(example(path.join('drafts', 'citation-errors.imr'))).map((d) => d.rule);
  for (const id of MINE) assert.ok(rules.includes(id), `${id} missing from ${rules.join(', ')}`);
});

test('validateCatalogFile: clear errors for bad files, never a throw; good files merge', () => {
  for (const bad of [null, 42, 'x', [], { guidelines: 'no' }, { guidelines: [{}] }, { guidelines: [{ label: 'X', years: ['2004'] }] }, { chapters: [{ number: 0, title: '' }] }, { sources: [{ name: 'Y', patterns: ['('] }] }, { foo: 1 }, { guidelines: [{ label: 'X', years: [2004], confidence: 'sure' }] }]) {
    const r = validateCatalogFile(bad, 'extra.json');
    assert.equal(r.catalog, undefined, JSON.stringify(bad));
    assert.ok(r.errors.length > 0 && r.errors.every((e) => e.startsWith('extra.json')), JSON.stringify(r.errors));
  }
  const ok = validateCatalogFile({ guidelines: [{ label: 'Hip and Pelvis Complaints', years: [2004], sections: ['Special Studies'] }] });
  assert.deepEqual(ok.errors, []);
  const merged = mergeCatalog(defaultCatalog(), ok.catalog!);
  assert.ok(resolveLabel(merged, 'Hip and Pelvis Complaints', 2004).yearValid);
  assert.ok(!resolveLabel(defaultCatalog(), 'Hip and Pelvis Complaints', 2004).knownLabel);
  const text = fixture('clean-letter.imr').replace('Low Back Complaints 2004, Section(s): Special\nStudies', 'Hip and Pelvis Complaints 2004, Section(s): Special Studies');
  assert.equal(lint(text).filter((d) => d.rule === 'unknown-guideline').length, 1);
  assert.equal(lint(text, merged).length, 0);
});

test('unknown-guideline-section: the section names of the sections-as-written letter are all known', () => {
  assert.deepEqual(lint(fixture('sections-as-written.imr')).map((d) => `${d.rule}: ${d.message}`), []);
});

test('unknown-guideline-section: an unknown name is information where the list is not complete, a warning only where it is', () => {
  const base = fixture('clean-letter.imr');
  const misspelled = base.replace('Section(s): Diagnostic Criteria', 'Section(s): Diagnostc Criteria');
  const [d] = lint(misspelled).filter((x) => x.rule === 'unknown-guideline-section');
  assert.equal(d.severity, 'info');
  assert.match(d.message, /Did you mean "Diagnostic Criteria"\?/);
  assert.match(d.message, /not complete/);
  assert.equal((d.data as { listComplete: boolean }).listComplete, false);
  // A user catalog that declares its list complete turns the same near miss into a warning.
  const forearm = defaultCatalog().guidelines.find((g) => g.id === 'forearm-2004')!;
  const complete = mergeCatalog(defaultCatalog(), { guidelines: [{ ...forearm, sectionList: { complete: true, source: 'test', confidence: 'confirmed' } }] });
  const [w] = lint(misspelled, complete).filter((x) => x.rule === 'unknown-guideline-section');
  assert.equal(w.severity, 'warning');
  assert.doesNotMatch(w.message, /not complete/);
  // validateCatalogFile reads "sectionListComplete".
  const user = validateCatalogFile({ guidelines: [{ label: 'Hip and Pelvis Complaints', years: [2004], sections: ['Special Studies'], sectionListComplete: true }] });
  assert.equal(user.catalog!.guidelines![0].sectionList!.complete, true);
  // Every built-in guideline with a section list says how complete it is.
  for (const g of defaultCatalog().guidelines) if (g.sections.length > 0) assert.ok(g.sectionList, `${g.id}: no sectionList`);
});

test('unknown-guideline-section: a brand name written without its trademark sign is the catalog name (no note, no fix that adds the sign)', () => {
  const base = fixture('clean-letter.imr');
  const cited = (sections: string) =>
    base.replace(/MAXIMUS guideline: Decision based on MTUS Low Back[^]*?Special Studies\.\n/, `MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): ${sections}.\n`);
  assert.ok(cited('x') !== base, 'the fixture has a MAXIMUS guideline line to replace');
  for (const written of ['Anti-epilepsy drugs (AEDs), Gabapentin (Neurontin)', 'Duloxetine (Cymbalta)', 'Gabapentin (Neurontin®)', 'Tapentadol (Nucynta)'])
    assert.deepEqual(lint(cited(written)).filter((d) => d.rule === 'unknown-guideline-section').map((d) => d.message), [], written);
  // A real misspelling still gets its suggestion.
  const [d] = lint(cited('Gabapentn (Neurontin)')).filter((x) => x.rule === 'unknown-guideline-section');
  assert.match(d?.message ?? '', /Did you mean "Gabapentin \(Neurontin/);
});

test('unknown-guideline-section: a name known for the other edition of the guideline (2009, 2016) is no note against an incomplete list', () => {
  const base = fixture('clean-letter.imr');
  const cited = (year: number, sections: string) =>
    base.replace(/MAXIMUS guideline: Decision based on MTUS Low Back[^]*?Special Studies\.\n/, `MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment ${year}, Section(s): ${sections}.\n`);
  const notes = (text: string) => lint(text).filter((d) => d.rule === 'unknown-guideline-section').map((d) => (d.data as { section: string }).section);
  // Known for 2016 only ("Home health services", a stranger's 2009 citation drew a note) and for 2009 only.
  assert.deepEqual(notes(cited(2009, 'Home health services')), []);
  assert.deepEqual(notes(cited(2016, 'Barbiturate-containing analgesic agents')), []);
  // A name known for neither is still a note, and a list marked complete still says so.
  assert.deepEqual(notes(cited(2009, 'Home health visits by drone')), ['Home health visits by drone']);
  const cp2009 = defaultCatalog().guidelines.find((g) => g.id === 'chronic-pain-2009')!;
  const complete = mergeCatalog(defaultCatalog(), { guidelines: [{ ...cp2009, sectionList: { complete: true, source: 'test', confidence: 'confirmed' } }] });
  assert.equal(lint(cited(2009, 'Home health services'), complete).filter((d) => d.rule === 'unknown-guideline-section').length, 1);
});

test('unknown-guideline-section: a citation cut off after the start of the next label says so', () => {
  const base = fixture('clean-letter.imr');
  const text = base.replace(/MAXIMUS guideline: Decision based on MTUS Low Back[^]*?Special Studies\.\n/, 'MAXIMUS guideline: Decision based on MTUS Low Back Complaints 2004, Section(s): Special Studies, and Chronic Pain Medical\n');
  assert.notEqual(text, base);
  const found = lint(text).filter((d) => d.rule === 'unknown-guideline-section');
  assert.deepEqual(found.map((d) => [d.severity, (d.data as { problem: string }).problem, (d.data as { label?: string }).label]), [['info', 'cut-label', 'Chronic Pain Medical Treatment']]);
  assert.match(found[0].message, /Is the citation cut off\?/);
});

test('nearestSection: "did you mean" only when near and unambiguous', () => {
  const g = defaultCatalog().guidelines.find((x) => x.id === 'low-back-2004')!;
  assert.equal(nearestSection(g, 'Inital Care')?.value, 'Initial Care');
  assert.equal(nearestSection(g, 'Special Stuides')?.value, 'Special Studies');
  assert.equal(nearestSection(g, 'Quantum Realignment'), undefined);
  assert.equal(nearestSection(g, 'Spine'), undefined); // far from every name
  const two = { ...g, sections: [{ name: 'TENS for CRPS I', source: 't', confidence: 'confirmed' as const }, { name: 'TENS for CRPS II', source: 't', confidence: 'confirmed' as const }] };
  assert.equal(nearestSection(two, 'TENS for CRPS'), undefined); // 1 and 2 edits away: no clear gap
  assert.equal(nearestSection(two, 'TENS for CRPS IIl'), undefined); // 1 and 2 edits away: still no clear gap
  assert.equal(nearestSection(g, 'Initail Care')?.value, 'Initial Care'); // 2 edits, every other name far
});

test('unknown-guideline-section on the tuning half: no warning or error that is not a real defect', (t) => {
  if (!hasShared) return t.skip(SKIP_MSG);
  const rule = RULES.filter((r) => r.id === 'unknown-guideline-section');
  const tuning = corpus().filter((f) => {
    const m = /cm\d\d-(\d+)/i.exec(f.rel);
    return f.rel.startsWith('seeds') || (!!m && Number(m[1].slice(-1)) % 2 === 0);
  });
  assert.ok(tuning.length > 50);
  const strong = tuning.flatMap((f) =>
    lintLetter(parseLetter(f.text), {}, rule)
      .filter((d) => d.severity === 'warning' || d.severity === 'error')
      .map((d) => `${path.basename(f.rel).slice(0, 16)} ${f.text.slice(d.span.start, d.span.end)}`),
  );
  // None. (The only ones were a page number written as a section name, "Section(s): 326", on the
  // Claims Administrator line: the UR's own citation, which the letter records as it was, is a note.)
  assert.deepEqual([...new Set(strong)].sort(), []);
  const letter = tuning.find((f) => f.rel.includes('077_cm17-0002106'));
  assert.ok(letter, '077 is in the tuning half');
  const notes = lintLetter(parseLetter(letter.text), {}, rule).filter((d) => d.data?.problem === 'number');
  assert.deepEqual(notes.map((d) => d.severity), ['info']);
  assert.match(notes[0].message, /The line records what the UR cited/);
  // On the reviewer's own line it is a warning.
  const mine = letter.text.replace(/Claims Administrator guideline:([\s\S]*?)MAXIMUS guideline:[\s\S]*?(?=Decision rationale:)/, (_m, ca: string) => `Claims Administrator guideline:${ca}MAXIMUS guideline:${ca}`);
  assert.ok(lintLetter(parseLetter(mine), {}, rule).some((d) => d.data?.problem === 'number' && d.severity === 'warning'));
});

test('a title alias of one edition with the year of another edition names that edition (no "does not exist", no fix to the old year)', () => {
  const c = defaultCatalog();
  const r2016 = resolveLabel(c, 'Chronic Pain Medical Treatment Guidelines', 2016);
  assert.ok(r2016.yearValid, 'the 2016 revision is titled "Chronic Pain Medical Treatment Guidelines" too');
  assert.equal(r2016.guideline?.id, 'chronic-pain-2016');
  assert.equal(resolveLabel(c, 'Chronic Pain Medical Treatment Guidelines', 2009).guideline?.id, 'chronic-pain-2009');
  assert.ok(!resolveLabel(c, 'Chronic Pain Medical Treatment Guidelines', 2012).yearValid, 'a year of no edition is still wrong');
  const letter = example('clean/lumbar-therapy.imr');
  const cited = letter.replace('MTUS Chronic Pain Medical Treatment 2016,', 'MTUS Chronic Pain Medical Treatment Guidelines 2016,');
  assert.notEqual(cited, letter);
  const found = lintLetter(parseLetter(cited), { catalog: c, today: new Date(2026, 10, 23) }).filter((d) => d.rule === 'guideline-year-mismatch' || d.rule === 'unknown-guideline');
  assert.deepEqual(found.map((d) => d.message), []);
  assert.ok(lintLetter(parseLetter(cited.replace('Guidelines 2016,', 'Guidelines 2012,')), { catalog: c }).some((d) => d.rule === 'guideline-year-mismatch'), 'the test can fail');
});

test('the regulation’s own name of the 2016 opioid guideline (8 CCR 9792.24.4, "Opioids Treatment Guidelines") is a known label', () => {
  const c = defaultCatalog();
  for (const label of ['Opioids Treatment Guidelines', 'Opioids Treatment', 'Opioid Treatment']) {
    const r = resolveLabel(c, label, 2016);
    assert.ok(r.knownLabel && r.yearValid, label);
    assert.equal(r.guideline?.id, 'opioids-2016', label);
  }
  assert.equal(resolveLabel(c, 'Opioids', 2017).guideline?.id, 'post2017-opioids', 'the post-2017 "Opioids" stays its own guideline');
});

test('a label cut off in mid-word is suggested as the label it starts, not the nearest shorter one', () => {
  const c = defaultCatalog();
  assert.equal(nearestLabel(c, 'Chronic Pain Med')?.value, 'Chronic Pain Medical Treatment');
  assert.equal(nearestLabel(c, 'Low Back Compl')?.value, 'Low Back Complaints');
  assert.equal(nearestLabel(c, 'Low Bak Complaints')?.value, 'Low Back Complaints', 'a misspelling is still found by edits');
});

test('page-out-of-range: a page that is not digits, an abbreviated range, and a backwards range whose pages cannot be told', () => {
  const base = example('drafts/citation-errors.imr');
  const onChapter12 = (pages: string) =>
    lint(base.replace('Low Back Complaints Page(s): 412', `Low Back Complaints Page(s): ${pages}`))
      .filter((d) => d.rule === 'page-out-of-range' && d.range.start.line === 36)
      .map((d) => `${d.message}${d.fixes.length > 0 ? ` [fix: ${d.fixes[0].edits[0].newText}]` : ''}`);
  // "34l" (a letter l for a 1): said so, and no fix that rewrites it as "34-343l".
  assert.deepEqual(onChapter12('343-34l'), ['"343-34l" is not a page or page range: write the pages in digits ("179" or "179-180").']);
  // "303-05" is pages 303 to 305 (inside Chapter 12, pp. 286–326): not backwards, not page 5.
  assert.deepEqual(onChapter12('303-05'), []);
  assert.deepEqual(onChapter12('301-303, 306-07'), []);
  // Swapped pages of as many digits are fixed; "299-30" (230 < 299 is no completion) is only reported.
  assert.deepEqual(onChapter12('310-308'), ['The page range "310-308" runs backwards; write the lower page first (308-310). [fix: 308-310]']);
  assert.equal(onChapter12('299-30')[0], 'The page range "299-30" runs backwards: its last page is lower than its first. Correct the pages.');
});

test('chapter lists and the revised Elbow chapter (a stranger’s correct letters: 2 false errors, 4 warnings, 2 infos)', () => {
  const base = example(path.join('clean', 'lumbar-therapy.imr'));
  const cite = (citation: string, dated = false) => {
    let text = base.replace('MAXIMUS guideline: Decision based on MTUS Low Back Complaints 2004, Section(s):\nSpecial Studies.', `MAXIMUS guideline: Decision based on ${citation}`);
    assert.notEqual(text, base);
    // Dates of 2016, when the revised Elbow chapter was the MTUS one.
    if (dated) text = text.replace('04/01/2017', '05/10/2016').replace('02/20/2017', '03/22/2016');
    // Only the findings on this citation (the letter's other item cites Chronic Pain 2016, not yet in force in early 2016).
    const at = text.indexOf(citation);
    return lintLetter(parseLetter(text), { today: new Date(2026, 10, 23) })
      .filter((d) => d.rule === 'page-out-of-range' || d.rule === 'guideline-era' || d.rule === 'chapter-title-mismatch')
      .filter((d) => d.span.start >= at && d.span.start < at + citation.length)
      .map((d) => `${d.rule} ${d.severity} ${d.data?.page ?? ''}`.trim());
  };
  // One page list for the chapters listed before it.
  assert.deepEqual(cite('MTUS ACOEM Chapter 12 Low Back Complaints, Chapter 8 Neck and Upper Back Complaints Page(s): 298-300, 173.'), []);
  assert.deepEqual(cite('MTUS ACOEM Chapter 8 Neck and Upper Back Complaints, Chapter 9 Shoulder Complaints Page(s): 174-175, 207.'), []);
  assert.deepEqual(cite('MTUS ACOEM Chapter 7 Independent Medical Examinations and Consultations, Chapter 11 Forearm, Wrist, and Hand Complaints Page(s): 127, 270-271.'), []);
  // A page in none of the listed chapters is still found.
  assert.deepEqual(cite('MTUS ACOEM Chapter 12 Low Back Complaints, Chapter 8 Neck and Upper Back Complaints Page(s): 173, 412.'), ['page-out-of-range warning 412']);
  // "Chapter 10 Elbow Disorders" is the 2007 revision, with pages of its own and in force in 2016; "Elbow Complaints" is the 2004 chapter.
  assert.deepEqual(cite('MTUS ACOEM Chapter 10 Elbow Disorders Page(s): 13.', true), []);
  assert.deepEqual(cite('MTUS ACOEM Chapter 10 Elbow Disorders (Revised 2007).', true), []);
  assert.deepEqual(cite('MTUS ACOEM Chapter 10 Elbow Complaints Page(s): 13.', true), ['page-out-of-range warning 13']);
  // The version each names, as guideline-era reads it (the revision was read as the 2004 chapter: a false "no longer the MTUS" info in 2016).
  const version = (citation: string) => {
    const letter = parseLetter(base.replace('MTUS Low Back Complaints 2004, Section(s):\nSpecial Studies.', citation));
    const c = citationsOf(letter).flatMap((f) => f.citations).find((x) => x.kind === 'mtus-chapter')!;
    return citedVersion(defaultCatalog(), c)?.name;
  };
  assert.equal(version('MTUS ACOEM Chapter 10 Elbow Disorders (Revised 2007).'), 'ACOEM Chapter 10 (Elbow Complaints 2007)');
  assert.equal(version('MTUS ACOEM Chapter 10 Elbow Disorders Page(s): 13.'), 'ACOEM Chapter 10 (Elbow Complaints 2007)');
  assert.equal(version('MTUS ACOEM Chapter 10 Elbow Complaints Page(s): 230.'), 'ACOEM Chapter 10 (Elbow Complaints 2004)');
  assert.equal(version('MTUS ACOEM Chapter 12 Low Back Complaints Page(s): 300.'), 'ACOEM Chapter 12 (Low Back Complaints 2004)');
});

test('unknown-guideline-section: a near miss of an unconfirmed section name is offered as a quick fix but not applied by Fix All; a year that never existed is not named as a version', () => {
  const base = example('clean/lumbar-therapy.imr');
  const text = base.replace('2016, Section(s): Physical medicine treatment.', '2016, Section(s): Antiepilepsy drugs (AEDs).');
  assert.notEqual(text, base);
  const found = lintLetter(parseLetter(text)).filter((d) => d.rule === 'unknown-guideline-section');
  assert.equal(found.length, 1);
  assert.match(found[0].message, /Did you mean "Anti-epilepsy drugs \(AEDs\)"\?/);
  assert.equal(found[0].fixes.length, 1);
  assert.equal(found[0].fixes[0].preferred, false, 'the catalog has the name from recollection only: --fix must not rewrite the letter to it');
  assert.equal(fixAll(text).text.includes('Antiepilepsy drugs (AEDs)'), true);
  // "2012" is no Chronic Pain Medical Treatment version: the section note names the guideline without it.
  const bogus = text.replace('Chronic Pain Medical Treatment 2016', 'Chronic Pain Medical Treatment 2012');
  const notes = lintLetter(parseLetter(bogus)).filter((d) => d.rule === 'unknown-guideline-section').map((d) => d.message);
  assert.ok(notes.length > 0 && notes.every((m) => !m.includes('Treatment 2012')), notes.join('\n'));
});

test('unknown-guideline: "Did you mean" costs a bounded number of label comparisons per lint, and one per distinct label (a user catalog of 8,500 labels made 1,000 unknown ones 24 s a lint)', () => {
  const words = ['Alpha', 'Bravo', 'Carpal', 'Delta', 'Ember', 'Fjord', 'Gamma', 'Helix', 'Ionic', 'Jolly'];
  const labels: string[] = [];
  for (const a of words) for (const b of words) for (const c of words) labels.push(`${a} ${b} ${c} Complaints`);
  const file = validateCatalogFile({ guidelines: labels.map((label) => ({ label, years: [2004], sections: ['Special Studies'] })) }, 'big.json');
  assert.deepEqual(file.errors, []);
  const catalog = mergeCatalog(defaultCatalog(), file.catalog!);
  const letter = example('clean/lumbar-therapy.imr');
  const cite = (label: string) => `MAXIMUS guideline: Decision based on MTUS ${label} 2004, Section(s): Special Studies.`;
  // 1,000 misspelled labels (each one edit from a catalog label), each cited twice.
  const misspelled = labels.map((l) => l.replace('Complaints', 'Complaint'));
  const text = letter.replace(/MAXIMUS guideline: Decision based on MTUS[^\n]*\n(?:[^\n]+\n)*?(?=\nDecision rationale:)/, [...misspelled, ...misspelled].map(cite).join('\n\n') + '\n');
  const found = lintLetter(parseLetter(text), { catalog, maxFindingsPerRule: 10_000 }, mine).filter((d) => d.rule === 'unknown-guideline');
  assert.equal(found.length, 2000);
  const suggested = new Set(found.filter((d) => d.data?.suggestion).map((d) => d.data?.label));
  // The first labels, within the work bound, get their nearest label (a repeat too); the rest none.
  assert.ok(suggested.size > 100 && suggested.size < 1000, `${suggested.size} labels got a suggestion`);
  assert.equal(found.filter((d) => d.data?.suggestion).length, 2 * suggested.size, 'a repeated label gets the same answer');
  for (const d of found.filter((x) => x.data?.suggestion)) assert.equal(d.data?.suggestion, String(d.data?.label).replace('Complaint', 'Complaints'));
});
