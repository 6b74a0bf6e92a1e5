/** missing-section's insertion fix on real letters: remove each section, apply the fix, re-lint. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseLetter } from '../../server/src/core/parser';
import { lintLetter } from '../../server/src/core/lint';
import { applyFixes } from '../../server/src/core/features/fixes';
import { layoutOf, looksLikeLetter, type LayoutId } from '../../server/src/core/format';
import { corpus, hasShared, readExample, SHARED_MISSING } from '../support/corpus';

function removeSectionAndFix(text: string, kind: string): string[] {
  const letter = parseLetter(text);
  const section = letter.sections.find((s) => s.kind === kind)!;
  // Keep the items: remove only the heading line and the body up to the next section.
  const without = text.slice(0, section.span.start) + text.slice(section.span.end);
  const finding = lintLetter(parseLetter(without)).find((d) => d.rule === 'missing-section' && (d.data as { section: string }).section === kind);
  assert.ok(finding, `missing ${kind} reported`);
  const fixed = applyFixes(without, finding.fixes).text;
  const after = parseLetter(fixed);
  assert.deepEqual(after.sections.map((s) => s.kind), ['howMade', 'caseSummary', 'issues'], `${kind}: the section lands in its place`);
  return lintLetter(after).filter((d) => d.rule === 'missing-section' || d.rule === 'section-order').map((d) => d.message);
}

test('inserting each missing section puts it in order with its standard opening (example letter)', () => {
  const text = readExample('examples/clean/lumbar-therapy.imr');
  for (const kind of ['howMade', 'caseSummary', 'issues']) assert.deepEqual(removeSectionAndFix(text, kind), [], kind);
});

test('the same on the seeds and a real letter in both extractions', (t) => {
  if (!hasShared) return t.skip(SHARED_MISSING);
  const names = new Set(['seeds/000_1d3f170e10b2a68b.txt', 'seeds/003_98c00061d8b77610.txt', 'real-letters/001_cm16-0213037-mri-of-the-right-shoulder-without-contra.txt', 'real-letters/plain/001_cm16-0213037-mri-of-the-right-shoulder-without-contra.txt']);
  for (const letter of corpus().filter((l) => names.has(l.name))) {
    for (const kind of ['howMade', 'caseSummary', 'issues']) assert.deepEqual(removeSectionAndFix(letter.text, kind), [], `${letter.name}: ${kind}`);
  }
});

test('looksLikeLetter: first non-blank line, with BOM, form feed, CRLF or leading spaces', () => {
  assert.ok(looksLikeLetter('Case Number: CM16-1'));
  assert.ok(looksLikeLetter('\uFEFF\r\n\r\n HOW THE IMR FINAL DETERMINATION WAS MADE \r\n'));
  assert.ok(looksLikeLetter('\f\n   Case Number:\n'));
  assert.ok(!looksLikeLetter('Notes\nCase Number: CM16-1'));
  // Page furniture or a title above the first line (an extraction's running header), at most three lines.
  assert.ok(looksLikeLetter('                         CM16-0187305\nCase Number:   CM16-0187305\n'));
  assert.ok(looksLikeLetter('Page 1 of 3\r\nCase Number: CM16-0187305\r\n'));
  assert.ok(looksLikeLetter('Independent Medical Review Final Determination Letter\n\nCase Number: CM17-0030087\n'));
  assert.ok(!looksLikeLetter('Page 1 of 3\nMy notes on IMR\nCM16-0187305\nPage 2 of 3\nCase Number: CM16-1'));
  assert.ok(!looksLikeLetter('IMR notes\nSee the letters folder.'));
  assert.ok(!looksLikeLetter(''));
});

// ---------------------------------------------------------------------------------------------
// Each layout, in each extraction style

/** An example letter per layout (the last three reconstructed from the documented headings). */
const LAYOUT_EXAMPLES: [string, string][] = [
  ['current', 'examples/clean/lumbar-therapy.imr'],
  ['2013', 'examples/clean/format-2013.imr'],
  ['layout2', 'examples/clean/layout2.imr'],
  ['layout3', 'examples/clean/layout3.imr'],
];

/** The three extraction styles: pdftotext -layout (as written), plain pdftotext (no indentation,
 *  no blank lines) and the seeds' double spacing (every line followed by an empty line). */
const STYLES: Record<string, (text: string) => string> = {
  layout: (t) => t,
  plain: (t) => t.split('\n').map((l) => l.trim()).filter((l) => l.length > 0).join('\n') + '\n',
  doubleSpaced: (t) => t.split('\n').map((l) => (l.trim() === '' ? ' ' : ` ${l.trim()} `)).join('\n\n'),
};

/** The text without a section: from the start of its heading's line to the next heading's line. */
function withoutSection(text: string, kind: string): string {
  const letter = parseLetter(text);
  const section = letter.sections.find((s) => s.kind === kind)!;
  const lineStart = letter.lines.lineStarts[letter.lines.positionAt(section.span.start).line];
  return text.slice(0, lineStart) + text.slice(section.span.end);
}

for (const [layout, file] of LAYOUT_EXAMPLES) {
  for (const [style, convert] of Object.entries(STYLES)) {
    test(`${layout} example (${style}): each section removed gives exactly one missing-section naming its heading, and its fix restores the order`, () => {
      const text = convert(readExample(file));
      const letter = parseLetter(text);
      assert.equal(letter.format, layout);
      assert.deepEqual(lintLetter(letter).map((d) => `${d.rule}: ${d.message}`), [], 'the example lints clean');
      const kinds = layoutOf(layout as LayoutId).sections.map((s) => s.kind);
      assert.deepEqual(letter.sections.map((s) => s.kind), kinds, 'every heading found, in order');
      for (const spec of layoutOf(layout as LayoutId).sections) {
        const without = parseLetter(withoutSection(text, spec.kind));
        assert.equal(without.format, layout, `${spec.kind} removed: still ${layout}`);
        const findings = lintLetter(without).filter((d) => d.severity === 'error' || d.rule === 'missing-section');
        assert.deepEqual(findings.map((d) => [d.rule, (d.data as { heading?: string }).heading]), [['missing-section', spec.heading]], `${spec.kind} removed`);
        const fixed = parseLetter(applyFixes(without.text, findings[0].fixes).text);
        assert.deepEqual(fixed.sections.map((s) => s.kind), kinds, `${spec.kind}: the inserted section lands in its place`);
        assert.deepEqual(lintLetter(fixed).filter((d) => ['missing-section', 'section-order', 'duplicate-section'].includes(d.rule)).map((d) => d.message), [], `${spec.kind} fixed`);
      }
    });
  }
}

test('the inserted section keeps the layout: the next heading keeps its indentation, the new one is centred like it, a placeholder marks where to write', () => {
  const text = readExample('examples/clean/lumbar-therapy.imr');
  const without = withoutSection(text, 'caseSummary');
  const finding = lintLetter(parseLetter(without)).find((d) => d.rule === 'missing-section')!;
  const fixed = applyFixes(without, finding.fixes).text;
  const lines = fixed.split('\n');
  // The issues heading is untouched, at its own indentation.
  assert.ok(lines.includes('                      IMR ISSUES, DECISIONS AND RATIONALES'), 'next heading keeps its indentation');
  // The new heading is centred on the same column as the next heading.
  const inserted = lines.find((l) => l.trim() === 'CLINICAL CASE SUMMARY')!;
  const centre = (l: string) => l.length - l.trimStart().length + l.trim().length / 2;
  assert.ok(Math.abs(centre(inserted) - centre('                      IMR ISSUES, DECISIONS AND RATIONALES')) <= 1, inserted);
  // The standard opening, then the placeholder alone on its line, then a blank line before the next heading.
  const at = lines.indexOf(inserted);
  assert.deepEqual(lines.slice(at + 1, at + 5), [
    'The expert reviewer developed the following clinical case summary based on a review of the case file, including all medical records:',
    '',
    '[CASE SUMMARY]',
    '',
  ]);
});

test('the inserted section follows CRLF line endings and the double-spaced style', () => {
  const crlf = readExample('examples/clean/lumbar-therapy.imr').replace(/\n/g, '\r\n');
  const without = withoutSection(crlf, 'caseSummary');
  const finding = lintLetter(parseLetter(without)).find((d) => d.rule === 'missing-section')!;
  const edit = finding.fixes![0].edits[0].newText;
  assert.ok(!/[^\r]\n/.test(edit), 'only CRLF line breaks');
  const double = STYLES.doubleSpaced(readExample('examples/clean/layout3.imr'));
  const without3 = withoutSection(double, 'caseSummary3');
  const finding3 = lintLetter(parseLetter(without3)).find((d) => d.rule === 'missing-section')!;
  assert.equal(finding3.fixes![0].edits[0].newText, ' CASE SUMMARY:\n\n[CASE SUMMARY]\n\n \n\n');
});

test('a text whose layout is unknown: an outline of what is found and no structure error', () => {
  const text = 'Notes for the file\n\nCase Number: CM20-0000001\n\nMRI of the knee: Upheld\nClaims Administrator guideline: Decision based on MTUS Knee Complaints 2004.\nMAXIMUS guideline: Decision based on MTUS Knee Complaints 2004.\nDecision rationale: The request is not medically necessary.\n';
  const letter = parseLetter(text);
  assert.equal(letter.format, 'unknown');
  assert.deepEqual(letter.sections, []);
  assert.deepEqual(letter.items.map((i) => [i.title, i.decision?.value, i.fields.length]), [['MRI of the knee', 'Upheld', 3]]);
  const structure = ['missing-section', 'section-order', 'duplicate-section', 'empty-section', 'no-disputed-items', 'missing-credentials', 'missing-decision', 'missing-item-field'];
  assert.deepEqual(lintLetter(letter).filter((d) => structure.includes(d.rule) && d.severity !== 'info').map((d) => d.message), []);
});

test('a short heading misspelled where its section belongs is reported as misspelled, with a fix that writes it (not as missing)', () => {
  const cases: [string, string, string, string][] = [
    ['examples/clean/layout2.imr', 'DOCUMENTS REVIEWED', 'DOCUMENTS REVEIWED', 'documentsReviewed'],
    ['examples/clean/layout3.imr', 'CASE SUMMARY:', 'CASE SUMARY:', 'caseSummary3'],
    ['examples/clean/layout3.imr', 'CASE SUMMARY:', 'CASE SUMMARY', 'caseSummary3'],
    ['examples/clean/format-2013.imr', 'Case Summary:', 'Case Sumary:', 'caseSummary2013'],
  ];
  for (const [file, heading, written, kind] of cases) {
    const clean = readExample(file);
    assert.ok(clean.includes(heading), `${file} has ${heading}`);
    const text = clean.replace(heading, written);
    const found = lintLetter(parseLetter(text)).filter((d) => d.rule === 'missing-section');
    assert.deepEqual(found.map((d) => [(d.data as { problem: string }).problem, text.slice(d.span.start, d.span.end)]), [['misspelled', written]], `${file}: ${written}`);
    const fixed = applyFixes(text, found[0].fixes).text;
    assert.equal(fixed, clean, `${file}: the fix writes "${heading}"`);
    assert.ok(parseLetter(fixed).sections.some((s) => s.kind === kind));
  }
  // A section that is really missing is still "missing" (no line near its heading).
  const text = readExample('examples/clean/layout3.imr');
  const letter = parseLetter(text);
  const s = letter.sections.find((x) => x.kind === 'caseSummary3')!;
  const without = text.slice(0, s.span.start) + text.slice(s.span.end);
  assert.deepEqual(lintLetter(parseLetter(without)).filter((d) => d.rule === 'missing-section').map((d) => (d.data as { problem: string }).problem), ['missing']);
});

test('an inserted section leaves a skeleton placeholder that placeholder-left reports until it is written, in every layout', () => {
  const cases: [string, string][] = [
    ['examples/clean/lumbar-therapy.imr', 'caseSummary'],
    ['examples/clean/lumbar-therapy.imr', 'howMade'],
    ['examples/clean/layout3.imr', 'qualifications3'],
    ['examples/clean/format-2013.imr', 'caseSummary2013'],
  ];
  for (const [file, kind] of cases) {
    const without = withoutSection(readExample(file), kind);
    const finding = lintLetter(parseLetter(without)).find((d) => d.rule === 'missing-section' && (d.data as { section: string }).section === kind)!;
    assert.ok(finding, `${file}: ${kind} missing`);
    const fixed = applyFixes(without, finding.fixes).text;
    const after = lintLetter(parseLetter(fixed));
    assert.ok(!after.some((d) => d.rule === 'missing-section'), `${file}: ${kind} is there`);
    assert.ok(after.some((d) => d.rule === 'placeholder-left'), `${file}: ${kind}: the placeholder is reported`);
  }
});
