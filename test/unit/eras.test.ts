/**
 * The MTUS by date: post-2017 labels as MAXIMUS spells them, the `guideline-era` rule (decision date
 * for the MAXIMUS guideline, UR denial date for the Claims Administrator guideline), the 2016
 * transition rule, hover and completion by date, and the MTUS Drug Formulary.
 */
import { test } from 'node:test';
import * as assert from 'node:assert/strict';
import { parseLetter } from '../../server/src/core/parser';
import { lintLetter } from '../../server/src/core/lint';
import { allCitations } from '../../server/src/core/citations';
import { defaultCatalog } from '../../server/src/core/catalog';
import { hoverAt } from '../../server/src/core/features/hover';
import { citationCompletions } from '../../server/src/core/features/citationCompletion';
import { applyEdits, corpus, fixture, hasShared, SKIP_MSG } from './citation-helpers';

const TODAY = new Date(2026, 10, 23);
const lint = (text: string) => lintLetter(parseLetter(text), { today: TODAY });
const era = (text: string) =>
  lint(text)
    .filter((d) => d.rule === 'guideline-era')
    .map((d) => ({ line: d.range.start.line + 1, severity: d.severity, guideline: d.data?.guideline, problem: d.data?.problem, field: d.data?.field }));

/** clean-letter.imr (decided 03/28/2017, UR denial 02/10/2017) with other dates and citations. */
function letter(opts: { decision?: string | null; ur?: string | null; replace?: [string, string][] } = {}): string {
  let t = fixture('clean-letter.imr');
  // The dates between the two keep their order with them (a header out of order is not judged by:
  // see headerDate): the day before the decision for Date Assigned, the day after the UR denial
  // for Application Received.
  if (opts.decision || opts.ur) {
    const shift = (date: string | null | undefined, days: number, fallback: string) => {
      if (!date) return fallback;
      const [m, d, y] = date.split('/').map(Number);
      const x = new Date(Date.UTC(y, m - 1, d + days));
      return `${String(x.getUTCMonth() + 1).padStart(2, '0')}/${String(x.getUTCDate()).padStart(2, '0')}/${x.getUTCFullYear()}`;
    };
    t = t.replace('Date Assigned:      03/02/2017', `Date Assigned:      ${shift(opts.decision, -1, '03/02/2017')}`);
    t = t.replace('Received:           02/21/2017', `Received:           ${shift(opts.ur, 1, '02/21/2017')}`);
  }
  if (opts.decision !== undefined) t = t.replace('Decision Date:      03/28/2017', `Decision Date:      ${opts.decision ?? ''}`);
  if (opts.ur !== undefined) t = t.replace('UR Denial Date:     02/10/2017', `UR Denial Date:     ${opts.ur ?? ''}`);
  for (const [a, b] of opts.replace ?? []) {
    assert.ok(t.includes(a), a);
    t = t.replace(a, b);
  }
  return t;
}

const MAXIMUS_CP = 'MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2016';

test('post-2017 labels: every spelling of the CHP_2017_n list is a known label with a valid year', () => {
  const text = fixture('post-2017-labels.imr');
  const cites = allCitations(parseLetter(text)).filter((x) => x.citation.kind === 'mtus');
  assert.equal(cites.length, 53);
  for (const { citation: c } of cites) {
    assert.ok(c.resolution?.knownLabel, `unknown label "${c.label?.text}"`);
    assert.ok(c.resolution?.yearValid, `bad year "${c.label?.text} ${c.year?.value}"`);
    assert.equal(c.resolution?.guideline?.sections.length, 0, 'post-2017 section names are unknown');
  }
  const found = lint(text).filter((d) => ['unknown-guideline', 'guideline-year-mismatch', 'unknown-guideline-section'].includes(d.rule));
  assert.deepEqual(found.map((d) => `${d.range.start.line + 1} ${d.rule}: ${d.message}`), []);
});

test('guideline-era: silent on a 2017 letter citing the MTUS of its date, and without the date', () => {
  assert.deepEqual(era(letter()), []);
  assert.deepEqual(era(letter({ decision: null, ur: null, replace: [[MAXIMUS_CP, 'MAXIMUS guideline: Decision based on MTUS Low Back Disorders 2016']] })), []);
});

test('guideline-era: silent when the date is in the future or not a calendar date (date-order reports it)', () => {
  assert.deepEqual(era(letter({ decision: '06/01/2061', ur: '04/20/2060' })), []);
  assert.deepEqual(era(letter({ decision: '02/30/2020', ur: '13/45/2020' })), []);
  assert.ok(lint(letter({ decision: '06/01/2061' })).some((d) => d.rule === 'date-order'));
});

test('guideline-era: a 2020 letter citing the 2004 chapters and the 2016 Chronic Pain guideline', () => {
  const found = era(letter({ decision: '06/01/2020', ur: '04/20/2020' }));
  // The expert reviewer's own citations are errors (more than a year after the Dec 1, 2017 update) …
  const reviewer = found.filter((f) => f.field === 'maximusGuideline');
  assert.deepEqual(
    reviewer.map((f) => `${f.guideline}:${f.severity}`),
    [
      'Low Back Complaints 2004:error',
      'Forearm, Wrist, and Hand Complaints 2004:error',
      'Chronic Pain Medical Treatment 2016:error',
      'Opioid Treatment 2016:error',
      'ACOEM Chapter 12 (Low Back Complaints 2004):error',
    ],
  );
  // … the Claims Administrator line records what the UR relied on: info.
  assert.deepEqual(
    found.filter((f) => f.field === 'claimsAdministratorGuideline').map((f) => `${f.guideline}:${f.severity}`),
    ['Low Back Complaints 2004:info', 'ACOEM Chapter 8 (Neck and Upper Back Complaints 2004):info'],
  );
  assert.ok(found.every((f) => f.problem === 'replaced'));
});

test('guideline-era: the advice names the version in force on the date, following replacements (2009 → 2016 → 2017)', () => {
  const text = letter({ decision: '09/10/2019', ur: '08/01/2019', replace: [[MAXIMUS_CP, 'MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009']] });
  const d = lint(text).find((x) => x.rule === 'guideline-era' && x.data?.guideline === 'Chronic Pain Medical Treatment 2009' && x.data?.field === 'maximusGuideline');
  assert.ok(d, 'the 2009 citation is reported');
  assert.match(d.message, /Chronic Pain Medical Treatment 2016 replaced it on July 29, 2016/);
  assert.match(d.message, /Cite Chronic Pain 2017 \(the version in force on 09\/10\/2019\)/);
  assert.equal(d.data?.inForce, 'Chronic Pain 2017');
  // The direct successor, still in force, is named as it is.
  const early = lint(letter({ decision: '03/28/2017', ur: '02/10/2017', replace: [[MAXIMUS_CP, 'MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009']] }));
  const e = early.find((x) => x.rule === 'guideline-era' && x.data?.field === 'maximusGuideline' && x.data?.guideline === 'Chronic Pain Medical Treatment 2009');
  assert.match(e?.message ?? '', /Cite Chronic Pain Medical Treatment 2016 unless/);
});

test('guideline-year-mismatch: of several years, the one in force on the line\'s date is named and offered first', () => {
  const text = letter({ decision: '10/26/2018', ur: '09/20/2018', replace: [[MAXIMUS_CP, 'MAXIMUS guideline: Decision based on MTUS Cervical and Thoracic Spine Disorders 2014']] });
  const d = lint(text).find((x) => x.rule === 'guideline-year-mismatch');
  assert.ok(d, 'the impossible year is reported');
  assert.match(d.message, /On 10\/26\/2018 \(the decision date\) the version in force was "Cervical and Thoracic Spine Disorders 2016"/);
  assert.equal(d.data?.inForceYear, 2016);
  assert.equal(d.fixes[0].title, 'Change the year to 2016');
  assert.ok(d.fixes.every((f) => !f.preferred), 'several years: no fix is applied by Fix All');
  // Without a decision date nothing is named.
  const undated = lint(letter({ decision: null, replace: [[MAXIMUS_CP, 'MAXIMUS guideline: Decision based on MTUS Cervical and Thoracic Spine Disorders 2014']] })).find((x) => x.rule === 'guideline-year-mismatch');
  assert.doesNotMatch(undated?.message ?? '', /in force/);
});

test('guideline-era: right after the Dec 1, 2017 update only a note (a service rendered before it may be under review)', () => {
  const soon = era(letter({ decision: '12/20/2017', ur: '11/15/2017' })).filter((f) => f.field === 'maximusGuideline');
  assert.ok(soon.length > 0 && soon.every((f) => f.severity === 'info'), JSON.stringify(soon));
  const later = era(letter({ decision: '03/01/2018', ur: '01/10/2018' })).filter((f) => f.field === 'maximusGuideline');
  assert.ok(later.length > 0 && later.every((f) => f.severity === 'warning'), JSON.stringify(later));
});

test('guideline-era: the 2016 Chronic Pain update applies to requests made on or after July 29, 2016 (transition rule)', () => {
  const cp2009 = [[MAXIMUS_CP, 'MAXIMUS guideline: Decision based on MTUS Chronic Pain Medical Treatment 2009']] as [string, string][];
  const only2009 = (t: string) => era(t).filter((f) => f.guideline === 'Chronic Pain Medical Treatment 2009');
  // UR before July 29, 2016: the request predates the update, the 2009 guideline still governs it.
  assert.deepEqual(only2009(letter({ decision: '09/15/2016', ur: '07/20/2016', replace: cp2009 })), []);
  // UR months after: the request was made under the 2016 guideline.
  assert.deepEqual(only2009(letter({ decision: '01/15/2017', ur: '11/10/2016', replace: cp2009 })).map((f) => f.severity), ['warning']);
  // UR a few days after the change: a request made just before it is possible.
  assert.deepEqual(only2009(letter({ decision: '10/01/2016', ur: '08/10/2016', replace: cp2009 })).map((f) => f.severity), ['info']);
  // No UR date: the decision date, with the time a review takes.
  assert.deepEqual(only2009(letter({ decision: '10/01/2016', ur: null, replace: cp2009 })).map((f) => f.severity), ['info']);
  assert.deepEqual(only2009(letter({ decision: '01/15/2017', ur: null, replace: cp2009 })).map((f) => f.severity), ['warning']);
});

test('guideline-era: a guideline cited before it was part of the MTUS', () => {
  const t = letter({ replace: [[MAXIMUS_CP, 'MAXIMUS guideline: Decision based on MTUS Low Back Disorders 2016']] });
  const d = lint(t).find((x) => x.rule === 'guideline-era')!;
  assert.equal(d.severity, 'error');
  assert.equal(d.data?.problem, 'not-yet');
  assert.match(d.message, /Dec 1, 2017/);
  assert.match(d.message, /Non-MTUS Citation/);
  // The UR's citation before the 2016 guideline came in: a warning (the line may misreport the UR).
  const ca = era(
    letter({
      decision: '07/20/2016',
      ur: '05/02/2016',
      replace: [['Claims Administrator guideline: The Claims Administrator did not cite any medical evidence for its decision.', 'Claims Administrator guideline: Decision based on MTUS Chronic Pain Medical Treatment 2016.']],
    }),
  );
  assert.deepEqual(
    ca.filter((f) => f.field === 'claimsAdministratorGuideline').map((f) => `${f.guideline}:${f.problem}:${f.severity}`),
    ['Chronic Pain Medical Treatment 2016:not-yet:warning'],
  );
});

test('guideline-era: graded by the confidence of the date (unconfirmed → hint, inferred → info, never error)', () => {
  const stress = era(letter({ decision: '06/01/2019', ur: '04/20/2019', replace: [[MAXIMUS_CP, 'MAXIMUS guideline: Decision based on MTUS Stress-Related Conditions 2004']] }));
  assert.deepEqual(stress.filter((f) => f.guideline === 'Stress-Related Conditions 2004').map((f) => f.severity), ['hint']);
  const prevention = era(letter({ decision: '12/15/2017', ur: '11/20/2017', replace: [[MAXIMUS_CP, 'MAXIMUS guideline: Decision based on MTUS Prevention 2018']] }));
  assert.deepEqual(prevention.filter((f) => f.guideline === 'Prevention 2018').map((f) => `${f.problem}:${f.severity}`), ['not-yet:info']);
});

test('guideline-era on the published letters: the UR lines citing Chronic Pain Medical Treatment 2009 months after the 2016 update', (t) => {
  if (!hasShared) return t.skip(SKIP_MSG);
  for (const [name, line] of [['075_cm17-0001064', 64], ['151_cm17-0013240', 43]] as const) {
    const f = corpus().find((x) => x.rel.startsWith('real-letters/') && !x.rel.includes('plain') && x.rel.includes(name))!;
    assert.deepEqual(era(f.text), [{ line, severity: 'info', guideline: 'Chronic Pain Medical Treatment 2009', problem: 'replaced', field: 'claimsAdministratorGuideline' }]);
  }
  // No published letter gets an error from it.
  const loud = corpus().flatMap((f) => lint(f.text).filter((d) => d.rule === 'guideline-era' && d.severity === 'error').map((d) => `${f.rel}:${d.range.start.line + 1}`));
  assert.deepEqual(loud, []);
});

test('hover on a post-2017 label and the Drug Formulary: ACOEM date, MTUS dates, 8 CCR section, confidence', () => {
  const t = letter({
    decision: '06/01/2020',
    ur: '04/20/2020',
    replace: [
      [MAXIMUS_CP, 'MAXIMUS guideline: Decision based on MTUS Low Back Disorders 2019. Decision based on MTUS Drug Formulary'],
      ['Claims Administrator guideline: The Claims Administrator did not cite any medical evidence for its decision.', 'Claims Administrator guideline: Decision based on MTUS Workplace Mental Health: Depressive Disorders 2020.'],
    ],
  });
  const L = parseLetter(t);
  const h1 = hoverAt(L, t.indexOf('Low Back Disorders 2019') + 3)!;
  // (Each date's confidence is said once for all when every one is confirmed, else where it is not.)
  assert.match(h1.markdown, /This version: version of Mar 7, 2019; in the MTUS from Aug 11, 2019 \(services rendered on or after\); until Nov 23, 2021 .*replaced by Low Back Disorders 2020 \(all confirmed\)\./);
  assert.equal(h1.markdown.match(/9792\.23\.5/g)?.length, 1, 'the regulation is named once');
  assert.match(h1.markdown, /9792\.23\.5/);
  const h2 = hoverAt(L, t.indexOf('Depressive Disorders 2020') + 3)!;
  assert.match(h2.markdown, /Feb 13, 2020/);
  assert.match(h2.markdown, /Sept 21, 2020/);
  assert.match(h2.markdown, /9792\.23\.8/);
  const h3 = hoverAt(L, t.indexOf('Drug Formulary') + 3)!;
  assert.match(h3.markdown, /9792\.27/);
  assert.match(h3.markdown, /Jan 1, 2018/);
});

test('completion: the labels in force on the decision date come first', () => {
  const t = letter({ decision: '06/01/2020', ur: '04/20/2020', replace: [[MAXIMUS_CP, 'MAXIMUS guideline: Decision based on MTUS ']] });
  const L = parseLetter(t);
  const labels = citationCompletions(L, t.indexOf('MAXIMUS guideline: Decision based on MTUS ') + 'MAXIMUS guideline: Decision based on MTUS '.length)
    .filter((e) => e.kind === 'guideline')
    .map((e) => e.label);
  const pos = (l: string) => labels.indexOf(l);
  assert.ok(pos('Low Back Disorders 2019') >= 0 && pos('Low Back Complaints 2004') >= 0);
  assert.ok(pos('Low Back Disorders 2019') < pos('Low Back Complaints 2004'), 'in force first');
  assert.ok(pos('Chronic Pain 2017') < pos('Chronic Pain Medical Treatment 2016'));
  // A 2017 letter keeps the 2004 chapters first.
  const t17 = letter({ replace: [[MAXIMUS_CP, 'MAXIMUS guideline: Decision based on MTUS ']] });
  const l17 = citationCompletions(parseLetter(t17), t17.indexOf('MAXIMUS guideline: Decision based on MTUS ') + 42).filter((e) => e.kind === 'guideline').map((e) => e.label);
  assert.ok(l17.indexOf('Low Back Complaints 2004') < l17.indexOf('Low Back Disorders 2019'));
});

test('mtus-misclassified: the MTUS Drug Formulary cited as non-MTUS (not ODG\'s own formulary)', () => {
  const CA = 'Claims Administrator guideline: The Claims Administrator did not cite any medical evidence for its decision.';
  const bad = letter({ decision: '06/01/2020', ur: '04/20/2020', replace: [[CA, 'Claims Administrator guideline: Decision based on Non-MTUS Citation MTUS Drug Formulary, 8 CCR 9792.27.15 MTUS Drug List.']] });
  const ds = lint(bad).filter((d) => d.rule === 'mtus-misclassified' && d.data?.problem === 'formulary-as-non-mtus');
  assert.equal(ds.length, 1);
  assert.equal(ds[0].severity, 'warning');
  const fixed = applyEdits(bad, ds[0].fixes[0].edits);
  assert.match(fixed, /Claims Administrator guideline: Decision based on MTUS Drug Formulary, 8 CCR 9792\.27\.15/);
  const after = lint(fixed);
  assert.deepEqual(after.filter((d) => ['mtus-misclassified', 'unknown-guideline', 'guideline-year-mismatch'].includes(d.rule) || d.data?.guideline === 'MTUS Drug Formulary').map((d) => d.rule), []);
  const odg = letter({ replace: [[CA, 'Claims Administrator guideline: Decision based on Non-MTUS Citation Official Disability Guidelines (ODG) Drug Formulary.']] });
  assert.deepEqual(lint(odg).filter((d) => d.data?.problem === 'formulary-as-non-mtus'), []);
  // Before 2018 the formulary was not yet in the MTUS.
  const early = letter({ replace: [[CA, 'Claims Administrator guideline: Decision based on MTUS Drug Formulary.']] });
  assert.deepEqual(era(early).map((f) => `${f.guideline}:${f.problem}`), ['MTUS Drug Formulary:not-yet']);
  assert.ok(defaultCatalog().eras.length > 50);
});

test('eras.json: one era per catalog label + year, each date well-formed with its source and confidence', () => {
  const cat = defaultCatalog();
  const key = (label: string, year: number | null) => `${label}|${year}`;
  const versions = new Set(cat.guidelines.flatMap((g) => (g.years.length ? g.years.map((y) => key(g.label, y.year)) : g.id === 'acoem' ? [] : [key(g.label, null)])));
  const eras = cat.eras.map((e) => key(e.label, e.year));
  assert.equal(new Set(eras).size, eras.length, 'duplicate era');
  assert.deepEqual([...versions].filter((v) => !eras.includes(v)), [], 'versions without an era');
  assert.deepEqual(eras.filter((e) => !versions.has(e)), [], 'eras without a catalog version');
  for (const e of cat.eras) {
    for (const b of [e.from, e.until]) {
      if (!b) continue;
      assert.match(b.date, /^\d{4}-\d\d-\d\d$/, `${e.label} ${e.year}`);
      assert.ok(b.source && ['confirmed', 'inferred', 'unconfirmed'].includes(b.confidence), `${e.label} ${e.year}`);
    }
    if (e.from && e.until) assert.ok(e.from.date < e.until.date, `${e.label} ${e.year}`);
    assert.ok(e.from, `${e.label} ${e.year} has no start`);
  }
});

test('guideline-era: a header date out of order with the rest (a typo date-order reports) is not a date to judge the guidelines by', () => {
  // Decision Date 01/10/2016 before a Date Assigned, Application Received and UR Denial Date of late 2016.
  const typo = letter({ replace: [['Decision Date:      03/28/2017', 'Decision Date:      01/10/2016'], ['Date Assigned:      03/02/2017', 'Date Assigned:      12/09/2016'], ['UR Denial Date:     02/10/2017', 'UR Denial Date:     11/28/2016'], ['Received:           02/21/2017', 'Received:           12/05/2016']] });
  assert.deepEqual(era(typo).filter((f) => f.field === 'maximusGuideline'), [], 'not judged by the decision date');
  const dates = lintLetter(parseLetter(typo), { today: new Date(2026, 0, 1) }).filter((d) => d.rule === 'date-order');
  assert.equal(dates.length, 1, 'date-order reports the typo');
  // The same letter with the decision date right: judged by it (the 2016 Chronic Pain guideline was in force).
  const right = typo.replace('Decision Date:      01/10/2016', 'Decision Date:      01/10/2017');
  assert.deepEqual(lintLetter(parseLetter(right), { today: new Date(2026, 0, 1) }).filter((d) => d.rule === 'date-order'), []);
});
