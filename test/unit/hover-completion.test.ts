import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseLetter } from '../../server/src/core/parser';
import { hoverAt, sourceText } from '../../server/src/core/features/hover';
import { defaultCatalog } from '../../server/src/core/catalog';
import { citationCompletions } from '../../server/src/core/features/citationCompletion';
import { citationsOf } from '../../server/src/core/citations';
import { corpus, example, fixture, hasShared, SKIP_MSG } from './citation-helpers';

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
  assert.match(h1.markdown, /Label and year: confirmed/);
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
  // The decision the item's own rationale concludes sorts first and is selected: "Cervical traction
  // unit" concludes not medically necessary (Upheld); with the rationale turned, Overturned.
  const ordered = (t: string) => [...citationCompletions(parseLetter(t), at(t, 'Cervical traction unit: ', 'Cervical traction unit: '.length))].sort((a, b) => a.sortText!.localeCompare(b.sortText!));
  assert.deepEqual(ordered(d).map((x) => [x.label, !!x.preselect]), [['Upheld', true], ['Overturned', false]]);
  const rationaleAt = d.indexOf('Decision rationale:', d.indexOf('Cervical traction unit: '));
  const end = d.indexOf('not medically necessary', rationaleAt);
  assert.ok(end > rationaleAt, 'the rationale concludes "not medically necessary"');
  const turned = d.slice(0, end) + d.slice(end).replace('not medically necessary', 'medically necessary');
  assert.deepEqual(ordered(turned).map((x) => [x.label, !!x.preselect]), [['Overturned', true], ['Upheld', false]]);
  assert.match(ordered(turned)[0].documentation ?? '', /The rationale concludes: "is medically necessary"/);
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

const base = () => fixture('clean-letter.imr');
const hoverText = (text: string, needle: string, delta = 2) => hoverAt(parseLetter(text), at(text, needle, delta))!.markdown;
const withSource = (name: string) => base().replace('American College of Radiology (ACR) Appropriateness Criteria', name);

test('hover fact: "Elbow Complaints 2007" is the 2007 Elbow Disorders revision, a document with its own pages', () => {
  const elbow = base().replace('Forearm,\nWrist, and Hand Complaints 2004, Section(s): Diagnostic Criteria, Special Studies', 'Elbow Complaints 2007, Section(s): Diagnostic Criteria');
  const e7 = hoverText(elbow, 'Elbow Complaints 2007');
  assert.match(e7, /Elbow Disorders \(Revised 2007\)/);
  assert.match(e7, /own page numbers/);
  assert.doesNotMatch(e7, /227/);
  const e4 = hoverText(elbow.replace('Elbow Complaints 2007', 'Elbow Complaints 2004'), 'Elbow Complaints 2004');
  assert.match(e4, /Chapter 10: Elbow Complaints \(chapter number inferred\)\. Pages 227–251 \(estimated, ±3\) — inferred/);
});

test('hover fact: ACOEM 2007/2008 guidelines revise the 2nd edition; the 3rd edition came in 2011', () => {
  const acoem = hoverText(withSource('ACOEM Low Back Disorders 2007'), 'ACOEM Low Back', 1);
  assert.match(acoem, /revisions of the 2nd edition from 2007, 3rd edition from 2011/);
  assert.doesNotMatch(acoem, /\(3rd edition and later updates\)/);
});

test('hover fact: a fee schedule (or a Medicare rule) has no tier in the 9792.21.1 evidence sequence', () => {
  const text = withSource('Medicare Physician Fee Schedule');
  const fee = hoverText(text, 'Fee Schedule', 1);
  assert.match(fee, /Fee schedule/);
  assert.match(fee, /9792\.21\.1[^:]*: None:/);
  assert.doesNotMatch(fee, /tier: current peer-reviewed/);
  assert.match(hoverText(text, 'Medicare', 1), /9792\.21\.1[^:]*: None:/);
});

test('hover fact: a numbered heading of the opioid guideline ("1.3 … Severe Acute Injuries") is a section', () => {
  const opi = base().replace('3.3.9\nOpioids for Chronic Pain and Chronic Opioid Treatment: Maintenance of Chronic Opioid Treatment', '1.3 Opioids for Acute Pain: Severe Acute Injuries');
  const h13 = hoverText(opi, '1.3 Opioids');
  assert.match(h13, /section of Opioid Treatment 2016/);
  assert.match(h13, /numbered heading/);
  assert.doesNotMatch(h13, /Not in the catalog/);
});

test('hover fact: sources by name and link, never a file path; inferred and unconfirmed facts say so', () => {
  const b = base();
  const label = hoverText(b, 'Low Back Complaints 2004', 3);
  assert.match(label, /\[MAXIMUS California IMR data-warehouse code \(citation label table\)\]\(https:\/\/github\.com\/maximus-dp4bi\/archive-maxdat\)/);
  for (const h of [label, hoverText(b, 'NSAIDs, GI'), hoverText(b, 'Chapter 8 Neck', 8), hoverText(b, 'Official Disability', 3), hoverText(b, 'Special\nStudies', 2)]) {
    assert.doesNotMatch(h, /\.sql|\.md\b|patch\/|\.\.\/|BPM\/CADIR|real-letters/, h);
  }
  // Each confidence word is explained once, at the foot of the hover (not after every fact).
  const chapter = hoverText(b, 'Chapter 8 Neck', 8);
  assert.match(chapter, /— inferred\b/);
  assert.equal(chapter.match(/worked out from confirmed facts/g)?.length, 1, chapter);
  assert.match(chapter, /_"Inferred" above: worked out from confirmed facts, not stated by a source\._$/);
  assert.match(hoverText(b.replace('NSAIDs, GI symptoms &\ncardiovascular risk', 'Yoga'), 'Yoga', 1), /"Unconfirmed" above: not found in a source; a hint only/);
  const unknown = hoverText(b.replace('NSAIDs, GI symptoms &\ncardiovascular risk', 'Quantum realignment'), 'Quantum', 1);
  assert.match(unknown, /Not in the catalog's list of Chronic Pain Medical Treatment sections\. The list is not complete/);
});

test("sourceText: tags become names and links; the catalog's working notes become what they stand for; paths are dropped", () => {
  const cat = defaultCatalog();
  assert.equal(sourceText(cat, 'observed in published IMR letters (../shared/real-letters, seeds)'), 'published IMR letters');
  assert.equal(sourceText(cat, 'cited in published IMR letters (tuning half): CM17-0002106, CM17-0009840'), 'published IMR letters');
  assert.equal(sourceText(cat, '[MAXDAT] maximus-dp4bi/archive-maxdat BPM/CADIR/patch/20191022_1620_Get_Citation_Desc.sql'), '[MAXIMUS California IMR data-warehouse code (citation label table)](https://github.com/maximus-dp4bi/archive-maxdat)');
  assert.equal(sourceText(cat, '[R-23.5]; notes in mtus-facts.md'), '[8 CCR 9792.23.5, Low Back Complaints, DIR](http://www.dir.ca.gov/t8/9792_23_5.html); notes in');
  assert.equal(sourceText(cat, 'seeds / [R-23.5]'), 'published IMR letters; [8 CCR 9792.23.5, Low Back Complaints, DIR](http://www.dir.ca.gov/t8/9792_23_5.html)');
  assert.equal(sourceText(cat, 'MTUS fact sheet §2.1: estimated ≈166–195 from NGC page counts; anchors 179–182 seen in seeds'), 'estimated ≈166–195 from NGC page counts; published IMR letters');
  assert.equal(sourceText(cat, 'CPMTG / ODG Pain (Chronic) A–Z topic list from recollection; not found in a retrievable source (unconfirmed)'), 'not found in a retrievable source');
  assert.equal(sourceText(cat, 'cited in published IMR letters outside this corpus (issue 9: names split at their comma by the first parser)'), 'published IMR letters');
  assert.equal(sourceText(cat, 'ACOEM date not found'), 'ACOEM date not found');
});

test("no hover on the published letters shows the catalog's working notes", (t) => {
  if (!hasShared) return t.skip(SKIP_MSG);
  const cat0 = defaultCatalog();
  const notes = /tuning half|\bseeds?\b|fact sheet|recollection|\bissue \d|mtus-facts|\(inferred\)|\(unconfirmed\)/i;
  const seen = new Set<string>();
  for (const l of corpus()) {
    const letter = parseLetter(l.text);
    for (const fc of citationsOf(letter, cat0)) {
      for (const c of fc.citations) {
        for (let at = c.span.start; at < c.span.end; at += 7) {
          const h = hoverAt(letter, at, cat0);
          if (h && notes.test(h.markdown)) seen.add(h.markdown.match(new RegExp(`.{0,60}${notes.source}.{0,40}`, 'i'))![0]);
        }
      }
    }
  }
  assert.deepEqual([...seen], []);
});

test('hover on a label the catalog does not know says so and names the nearest known label', () => {
  const text = fixture('clean-letter.imr').replace('Low Back Complaints 2004, Section(s): Special Studies, and Forearm', 'Lower Back Complaint 2004, Section(s): Special Studies, and Forearm');
  const i = text.indexOf('Lower Back Complaint');
  assert.ok(i > 0);
  const h = hoverAt(parseLetter(text), i + 3);
  assert.ok(h, 'a hover');
  assert.match(h.markdown, /not an MTUS guideline label the catalog knows/);
  assert.match(h.markdown, /The nearest is \*\*Low Back Complaints\*\*/);
  assert.equal(text.slice(h.span.start, h.span.end), 'Lower Back Complaint');
});

test('Section(s) completion puts the names that share a word with the item title first', () => {
  // Chronic Pain 2009, where by count alone "Epidural steroid injections (ESIs)" came first for this physical therapy item.
  const base = example('clean/lumbar-therapy.imr').replace('Chronic Pain Medical Treatment\n2016, Section(s): Physical medicine treatment', 'Chronic Pain Medical Treatment\n2009, Section(s): Physical medicine treatment');
  assert.ok(base.includes('Treatment\n2009, Section(s): Physical medicine'));
  const i = base.indexOf('Physical medicine treatment');
  const text = base.slice(0, i) + base.slice(i + 'Physical medicine treatment'.length);
  const ranked = citationCompletions(parseLetter(text), i).sort((a, b) => a.sortText!.localeCompare(b.sortText!));
  assert.equal(ranked[0].label, 'Physical Medicine', JSON.stringify(ranked.slice(0, 3).map((e) => e.label)));
});

test('a catalog source with a semicolon inside parentheses is shown whole, no stray parenthesis (a stranger saw "…; unconfirmed)")', () => {
  const catalog = defaultCatalog();
  const text = sourceText(catalog, 'MTUS fact sheet §3 topic table (topic name and page from recollection; unconfirmed)');
  assert.equal(text, 'not found in a retrievable source');
  for (const g of catalog.guidelines) {
    for (const s of [g, ...g.sections]) {
      if (!s.source) continue;
      const shown = sourceText(catalog, s.source);
      let depth = 0;
      for (const c of shown) if ((depth += c === '(' ? 1 : c === ')' ? -1 : 0) < 0) break;
      assert.equal(depth, 0, `${s.source} → ${shown}`);
    }
  }
});
