import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import * as path from 'path';
import { parseLetter } from '../../server/src/core/parser';
import { citationsOf, parseCitations, readSectionName, type Citation, type Part } from '../../server/src/core/citations';
import { defaultCatalog } from '../../server/src/core/catalog';
import { corpus, fixture, folded, hasShared, SKIP_MSG } from './citation-helpers';
import { lintLetter } from '../../server/src/core/lint';
import { readExample } from '../support/corpus';

function parts(c: Citation): Part[] {
  return [c.prefix, c.label, c.year, c.sectionsMarker, ...c.sections, c.chapterNumber, c.chapterTitle, c.pagesMarker, ...c.pages, ...c.pages.flatMap((p) => [p.firstPart, p.lastPart]), c.freeText, ...c.sources.map((s) => s.part), c.trailing].filter(
    (p): p is Part => !!p,
  );
}
function checkSpans(text: string, cites: Citation[], where: string) {
  for (const c of cites) {
    assert.equal(folded(text, c.span), c.text, `${where}: citation span`);
    for (const p of parts(c)) assert.equal(folded(text, p.span), p.text, `${where}: part "${p.text}"`);
  }
}
const summary = (c: Citation) => {
  return JSON.stringify([c.kind, c.label?.text, c.year?.value, c.sections.map((s) => s.text), c.chapterNumber?.value, c.chapterTitle?.text, c.pages.map((p) => [p.first, p.last]), c.stock, c.freeText?.text.replace(/[\s-]/g, '')]); // plain extraction drops the hyphen of a word broken at a line end
};

test('fixture: label lists with commas, wrapped sections, numbered opioid headings, chapter form, page break', () => {
  const text = fixture('clean-letter.imr');
  const letter = parseLetter(text);
  const fields = citationsOf(letter);
  assert.equal(fields.length, 6);
  const [ca1, mx1, ca2, mx2, ca3, mx3] = fields.map((f) => f.citations);
  assert.deepEqual(ca1.map((c) => c.kind), ['mtus', 'non-mtus']);
  assert.equal(ca1[0].label!.text, 'Low Back Complaints');
  assert.equal(ca1[0].year!.value, 2004);
  assert.deepEqual(ca1[0].sections.map((s) => s.text), ['Special Studies']); // wrapped across a line break
  assert.equal(ca1[1].sources[0].source.id, 'odg');
  assert.deepEqual(mx1.map((c) => c.label!.text), ['Low Back Complaints', 'Forearm, Wrist, and Hand Complaints']);
  assert.deepEqual(mx1[1].sections.map((s) => s.text), ['Diagnostic Criteria', 'Special Studies']);
  assert.equal(ca2[0].kind, 'stock');
  assert.equal(ca2[0].stock, 'no-evidence');
  assert.equal(ca2[0].actor, 'Claims Administrator');
  assert.deepEqual(mx2[0].sections.map((s) => s.text), ['NSAIDs, GI symptoms & cardiovascular risk', 'NSAIDs (non-steroidal anti-inflammatory drugs)']);
  assert.equal(mx2[1].label!.text, 'Opioid Treatment');
  assert.deepEqual(mx2[1].sections.map((s) => s.text), ['3.3.9 Opioids for Chronic Pain and Chronic Opioid Treatment: Maintenance of Chronic Opioid Treatment']);
  assert.equal(ca3[0].kind, 'mtus-chapter');
  assert.equal(ca3[0].chapterNumber!.value, 8);
  assert.equal(ca3[0].chapterTitle!.text, 'Neck and Upper Back Complaints');
  assert.deepEqual(ca3[0].pages.map((p) => [p.first, p.last]), [[173, 174]]);
  assert.equal(mx3[0].chapterNumber!.value, 12);
  assert.equal(mx3[1].sources[0].source.id, 'acr');
  for (const f of fields) checkSpans(text, f.citations, 'fixture');
  // Spans point at the letter text, not the folded text.
  assert.equal(text.slice(mx1[1].label!.span.start, mx1[1].label!.span.end), 'Forearm,\nWrist, and Hand Complaints');
  for (const f of fields) for (const c of f.citations) if (c.kind === 'mtus') assert.ok(c.resolution!.knownLabel && c.resolution!.yearValid, c.text);
});

test('parseCitations on bare FlatText: several chapters, year-less label, unknown label, MTUS ODG', () => {
  const flat = (s: string) => ({ text: s, offsets: [...Array(s.length + 1).keys()] });
  const cat = defaultCatalog();
  const a = parseCitations(flat('Decision based on MTUS ACOEM Chapter 2 General Approach to Initial Assessment and Documentation, Chapter 3 Initial Approaches to Treatment.'), cat);
  assert.deepEqual(a.map((c) => [c.chapterNumber?.value, c.chapterTitle?.text]), [[2, 'General Approach to Initial Assessment and Documentation'], [3, 'Initial Approaches to Treatment']]);
  const b = parseCitations(flat('Decision based on MTUS Chronic Pain Medical Treatment Guidelines Page(s): 98-99.'), cat);
  assert.equal(b[0].resolution!.guideline!.id, 'chronic-pain-2009');
  assert.deepEqual(b[0].pages.map((p) => [p.first, p.last]), [[98, 99]]);
  const c = parseCitations(flat('Decision based on MTUS Lower Back Complaints 2004, Section(s): Special Studies, and Knee Complaints 2004.'), cat);
  assert.deepEqual(c.map((x) => [x.label?.text, x.resolution?.knownLabel]), [['Lower Back Complaints', false], ['Knee Complaints', true]]);
  const d = parseCitations(flat('Decision based on MTUS ODG Low Back Chapter, MRI.'), cat);
  assert.equal(d[0].misclassifiedSource?.id, 'odg');
  const e = parseCitations(flat('Decision based on Non- MTUS Citation Official Disability Guidelines (ODG) Pain.'), cat);
  assert.equal(e[0].kind, 'non-mtus');
  // A repeated "MTUS" before a chained known label is not part of the label.
  const f = parseCitations(flat('Decision based on MTUS Low Back Complaints 2004, Section(s): Physical Methods, and MTUS Chronic Pain Medical Treatment 2016, Section(s): Opioids.'), cat);
  assert.deepEqual(f.map((x) => [x.label?.text, x.year?.value, x.resolution?.knownLabel]), [['Low Back Complaints', 2004, true], ['Chronic Pain Medical Treatment', 2016, true]]);
  const g = parseCitations(flat('Decision based on MTUS Low Back Complaints 2004, and MTUS Foo Bar 2004.'), cat);
  assert.equal(g[1].label?.text, 'MTUS Foo Bar', 'an unknown label keeps what is written');
});

test('corpus: every citation in every letter parses, MTUS labels resolve, spans point at the text', (t) => {
  if (!hasShared) return t.skip(SKIP_MSG);
  const files = corpus();
  assert.equal(files.length, 199);
  let citations = 0;
  let mtus = 0;
  for (const f of files) {
    const letter = parseLetter(f.text);
    for (const fc of citationsOf(letter)) {
      const body = fc.field.body.text;
      // Every non-separator character of the field belongs to a citation.
      const covered = new Array(body.length).fill(false);
      for (const c of fc.citations) for (let k = c.from; k < c.to; k++) covered[k] = true;
      const rest = [...body].filter((ch, k) => !covered[k]).join('').replace(/[\s.,]|and/g, '');
      assert.equal(rest, '', `${f.rel}: text outside citations`);
      assert.ok(fc.citations.length > 0, `${f.rel}: empty guideline field`);
      checkSpans(f.text, fc.citations, f.rel);
      for (const c of fc.citations) {
        citations++;
        if (c.kind === 'mtus') {
          mtus++;
          assert.ok(c.resolution?.knownLabel, `${f.rel}: unknown label ${c.label?.text}`);
          assert.ok(c.resolution?.yearValid, `${f.rel}: bad year ${c.label?.text} ${c.year?.value}`);
          assert.equal(c.trailing, undefined, `${f.rel}: unparsed text after ${c.label?.text}: ${c.trailing?.text}`);
        }
        if (c.kind === 'non-mtus') assert.ok(c.sources.length > 0, `${f.rel}: no known source in ${c.freeText?.text}`);
      }
    }
  }
  assert.ok(citations > 1000 && mtus > 600, `${citations} citations, ${mtus} MTUS`);
});

test('corpus: layout and plain extraction of each letter give the same citations', (t) => {
  if (!hasShared) return t.skip(SKIP_MSG);
  const files = corpus();
  const byName = new Map(files.map((f) => [f.rel, f]));
  let pairs = 0;
  for (const f of files) {
    if (!f.rel.startsWith(path.join('real-letters', 'plain'))) continue;
    const layout = byName.get(path.join('real-letters', path.basename(f.rel)));
    if (!layout) continue;
    pairs++;
    const a = citationsOf(parseLetter(layout.text)).flatMap((x) => x.citations.map(summary));
    const b = citationsOf(parseLetter(f.text)).flatMap((x) => x.citations.map(summary));
    assert.deepEqual(b, a, f.rel);
  }
  assert.equal(pairs, 97);
});

test('section names as letters write them: "Name, qualifier" kept whole, line-end hyphens joined, single-level numbered headings', () => {
  const text = fixture('sections-as-written.imr');
  const names = (catalog = defaultCatalog()) => citationsOf(parseLetter(text), catalog).map((f) => f.citations.map((c) => c.sections.map((s) => s.name)));
  const expected = [
    [['Ultrasound, therapeutic'], ['Physical Methods']],
    [['Ultrasound, therapeutic', 'Physical medicine treatment']],
    [['Capsaicin, topical', 'Topical analgesics']],
    [['Topical analgesics', 'Capsaicin, topical']],
    [['Special Studies']],
    [['CRPS, diagnostic tests', 'Electrodiagnostic testing (EMG/NCS)']],
    [['3. Opioids for Chronic Pain and Chronic Opioid Treatment', '4.1 Tapering Opioids: Indications for Tapering Opioids']],
    [['1.3 Opioids for Acute Pain: Severe Acute Injuries', '2. Opioids for Subacute Pain', '3.3.9 Opioids for Chronic Pain and Chronic Opioid Treatment: Maintenance of Chronic Opioid Treatment']],
  ];
  assert.deepEqual(names(), expected);
  // The inverted-qualifier shape alone keeps the names whole, even when the catalog does not list them;
  // an unknown word broken at a line end keeps its hyphen rather than guessing a joined word.
  const cat = defaultCatalog();
  const bare = { ...cat, guidelines: cat.guidelines.map((g) => ({ ...g, sections: g.sections.filter((s) => !/, [a-z]|^Electrodiagnostic/.test(s.name)) })) };
  const unknown = structuredClone(expected);
  unknown[5][0][1] = 'Electro-diagnostic testing (EMG/NCS)';
  assert.deepEqual(names(bare), unknown);
  // The section's span still covers the text as written, across the line break.
  const emg = citationsOf(parseLetter(text))[5].citations[0].sections[1];
  assert.equal(text.slice(emg.span.start, emg.span.end), 'Electro-\ndiagnostic testing (EMG/NCS)');
  assert.equal(emg.text, 'Electro- diagnostic testing (EMG/NCS)');
  for (const f of citationsOf(parseLetter(text))) checkSpans(text, f.citations, 'sections-as-written');
});

test('section lists: capitalised names still split at commas; suspended hyphens and "and" kept', () => {
  const flat = (s: string) => ({ text: s, offsets: [...Array(s.length + 1).keys()] });
  const names = (s: string) => parseCitations(flat(s)).map((c) => c.sections.map((x) => x.name));
  assert.deepEqual(names('Decision based on MTUS Low Back Complaints 2004, Section(s): Initial Care, Physical Methods, Follow-up Visits.'), [['Initial Care', 'Physical Methods', 'Follow-up Visits']]);
  assert.deepEqual(names('Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Opioids, criteria for use, and Opioid Treatment 2016, Section(s): 4.2 Tapering Opioids: Methods for Tapering Opioids.'), [['Opioids, criteria for use'], ['4.2 Tapering Opioids: Methods for Tapering Opioids']]);
  assert.deepEqual(names('Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Pre- and post-operative care, Yoga, and physical medicine.'), [['Pre- and post-operative care', 'Yoga', 'physical medicine']]);
  assert.deepEqual(names('Decision based on MTUS Knee Complaints 2004, Section(s): Follow- up Visits, Special Studies.'), [['Follow-up Visits', 'Special Studies']]);
  // A known name followed by more words is not that name.
  assert.deepEqual(names('Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): Opioids for dental pain, Yoga.'), [['Opioids for dental pain', 'Yoga']]);
  assert.equal(readSectionName('Electro- diagnostic testing'), 'Electro-diagnostic testing');
  assert.equal(readSectionName('Electro- diagnostic testing', (n) => n === 'Electrodiagnostic testing'), 'Electrodiagnostic testing');
  assert.equal(readSectionName('Pre- or post-operative'), 'Pre- or post-operative');
});

test('section lists: linear time on long runs and odd input', () => {
  const flat = (s: string) => ({ text: s, offsets: [...Array(s.length + 1).keys()] });
  for (const run of ['a- '.repeat(30000), 'x, y'.repeat(30000), ', '.repeat(40000), '1.'.repeat(40000) + ' A', 'Electro- '.repeat(20000)]) {
    const t0 = Date.now();
    parseCitations(flat(`Decision based on MTUS Chronic Pain Medical Treatment 2016, Section(s): ${run}.`));
    readSectionName(run);
    assert.ok(Date.now() - t0 < 2000, `slow on a run of ${JSON.stringify(run.slice(0, 6))}`);
  }
});

test('a known label without its year, with its own Section(s) list after ", and", starts a citation (its missing year is reported)', () => {
  const text = readExample('examples/clean/lumbar-therapy.imr').replace(
    'MAXIMUS guideline: Decision based on MTUS Low Back Complaints 2004',
    'MAXIMUS guideline: Decision based on MTUS Low Back Complaints 2004, Section(s): Special Studies, and Forearm, Wrist, and Hand Complaints, Section(s): Diagnostic Criteria',
  );
  const year = lintLetter(parseLetter(text)).filter((d) => d.rule === 'guideline-year-mismatch');
  assert.equal(year.length, 1);
  assert.match(year[0].message, /"Forearm, Wrist, and Hand Complaints" is cited without its year/);
});

test('a label hyphenated at a line end is the label ("Treat-" / "ment 2016"); a no-break space in a field label is a space', () => {
  const base = readExample('examples/clean/lumbar-therapy.imr');
  const hyphenated = base.replace('Chronic Pain Medical Treatment\n2016', 'Chronic Pain Medical Treat-\nment 2016');
  assert.notEqual(hyphenated, base);
  const rules = (text: string) => lintLetter(parseLetter(text)).filter((d) => d.severity === 'error' || d.severity === 'warning').map((d) => d.rule);
  assert.deepEqual(rules(hyphenated), rules(base), 'no finding from the hyphen (it was an unknown-guideline error)');
  const cited = citationsOf(parseLetter(hyphenated), defaultCatalog()).flatMap((f) => f.citations).find((c) => c.label?.text.startsWith('Chronic Pain Medical Treat-'));
  assert.equal(cited?.resolution?.guideline?.label, 'Chronic Pain Medical Treatment');
  // Copied from a web page: "Decision\u00a0rationale:" is the field, with a warning that says why it differs.
  const nbsp = base.replace('Decision rationale:', 'Decision\u00a0rationale:');
  const found = lintLetter(parseLetter(nbsp)).filter((d) => !rules(base).includes(d.rule) || d.data?.problem === 'no-break-space');
  assert.deepEqual(found.map((d) => [d.rule, d.severity, d.data?.problem]), [['missing-item-field', 'warning', 'no-break-space']]);
});

test('a section name with a parenthesised list is one name; an unclosed parenthesis does not swallow the list', () => {
  const flat = (s: string) => ({ text: s, offsets: [...Array(s.length + 1).keys()] });
  const sections = (s: string) => parseCitations(flat(`Decision based on MTUS Chronic Pain Medical Treatment 2009, Section(s): ${s}.`))[0].sections.map((x) => x.text);
  assert.deepEqual(sections('Regional sympathetic blocks (stellate ganglion block, thoracic sympathetic block, & lumbar sympathetic block), Epidural steroid injections (ESIs)'), [
    'Regional sympathetic blocks (stellate ganglion block, thoracic sympathetic block, & lumbar sympathetic block)',
    'Epidural steroid injections (ESIs)',
  ]);
  assert.deepEqual(sections('Opioids (criteria, Epidural steroid injections'), ['Opioids (criteria', 'Epidural steroid injections']);
});
