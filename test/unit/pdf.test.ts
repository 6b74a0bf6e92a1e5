/**
 * Reading PDF letters (server/src/node/pdf.ts): published PDFs read to the same letter as their
 * `pdftotext` extractions (items, decisions, citations, findings), page starts kept, and damaged,
 * encrypted and text-less PDFs answered with a clear reason, never a throw.
 *
 * Fixtures (test/unit/fixtures/pdf): five published letters of the tuning half with the
 * `pdftotext -layout` (poppler 22.12) text of each, as published in ../shared (public records);
 * a truncated PDF, random bytes, a copy encrypted with a user password (made with
 * `qpdf --encrypt letter-password owner-password 256`) and a page with no text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { isPdfFile, layoutPage, pageAt, pdfToText, readPdfLetter, type PdfTextItem } from '../../server/src/node/pdf';
import { findLetterFiles } from '../../server/src/node/letterFiles';
import { parseLetter } from '../../server/src/core/parser';
import { lintLetter } from '../../server/src/core/lint';
import { citationsOf } from '../../server/src/core/citations';
import { hasShared, repoRoot, SHARED_MISSING, sharedDir } from '../support/corpus';

const FIXTURES = path.join(repoRoot, 'test', 'unit', 'fixtures', 'pdf');
const REAL = ['CM16-0230548', 'CM17-0002106', 'CM17-0002198', 'CM17-0004738', 'CM17-0009996'];

/** What a reader of the letter relies on: its structure, items, decisions, citations and findings. */
function summary(text: string, style: 'layout' | 'plain' = 'layout') {
  const letter = parseLetter(text);
  // Plain pdftotext lists the header labels first and the values after, and joins a word broken
  // at a line end with a hyphen ("Non-\nMTUS" → "NonMTUS"): compare those modulo that.
  const cite = (s: string) => (style === 'plain' ? s.replace(/- ?/g, '') : s);
  return {
    format: letter.format,
    header: letter.header.map((h) => `${h.key}=${h.value}`).sort(),
    sections: letter.sections.map((s) => s.kind),
    items: letter.items.map((i) => ({ title: i.title, decision: i.decision?.value, fields: i.fields.map((f) => f.kind) })),
    citations: citationsOf(letter).map((f) => f.citations.map((c) => `${c.kind}: ${cite(c.text)}`)),
    findings: lintLetter(letter)
      .map((d) => `${d.rule}: ${cite(d.message)}`)
      .sort(),
  };
}

async function extract(file: string): Promise<{ text: string; pageStarts: number[] }> {
  const read = await readPdfLetter(file);
  assert.ok(read.ok, `${path.basename(file)}: ${read.ok ? '' : read.error}`);
  return read;
}

for (const name of REAL) {
  test(`${name}.pdf reads to the same letter as its pdftotext extraction`, async () => {
    const { text, pageStarts } = await extract(path.join(FIXTURES, `${name}.pdf`));
    const expected = fs.readFileSync(path.join(FIXTURES, `${name}.pdftotext-layout.txt`), 'utf8');
    const got = summary(text);
    assert.deepEqual(got, summary(expected));
    assert.equal(got.format, 'current');
    assert.ok(got.items.length > 0 && got.items.every((i) => i.decision), 'every item has its decision');
    // Pages as pdftotext writes them: each page followed by a form feed.
    assert.equal(pageStarts.length, expected.split('\f').length - 1);
    assert.equal(text.split('\f').length - 1, pageStarts.length);
    pageStarts.slice(1).forEach((start) => assert.equal(text[start - 1], '\f'));
  });
}

test('a finding in a PDF letter knows its page', async () => {
  const { text, pageStarts } = await extract(path.join(FIXTURES, 'CM17-0002198.pdf'));
  const finding = lintLetter(parseLetter(text)).find((d) => /Inital Care/.test(d.message));
  assert.ok(finding, 'the misspelt section name "Inital Care" is reported');
  assert.equal(pageAt(pageStarts, finding.span.start), 2);
  assert.equal(pageAt(pageStarts, 0), 1);
  assert.equal(pageAt(pageStarts, text.length), pageStarts.length);
});

test('the header block keeps its two columns and the centred headings their indent', async () => {
  const { text } = await extract(path.join(FIXTURES, 'CM17-0004738.pdf'));
  const lines = text.split('\n');
  assert.match(lines[0], /^Case Number:\s+CM17-0004738$/);
  assert.match(lines[1], /^Date Assigned:\s+\d\d\/\d\d\/\d{4} {2,}Date of Injury:\s+\d\d\/\d\d\/\d{4}$/);
  assert.ok(lines.some((l) => /^ {10,}HOW THE IMR FINAL DETERMINATION WAS MADE$/.test(l)));
  const letter = parseLetter(text);
  assert.deepEqual(
    letter.header.map((h) => h.key),
    ['caseNumber', 'dateAssigned', 'dateOfInjury', 'decisionDate', 'urDenialDate', 'priority', 'applicationReceived'],
  );
});

const BROKEN: [string, RegExp][] = [
  ['damaged-truncated.pdf', /not a readable PDF \(damaged, cut off or not a PDF at all\)/],
  ['damaged-random-bytes.pdf', /not a readable PDF/],
  ['encrypted-password.pdf', /encrypted with a password/],
  ['no-text-layer.pdf', /no text layer \(a scanned image\?\): run OCR/],
];
for (const [file, reason] of BROKEN) {
  test(`${file} gets a clear reason, not a throw`, async () => {
    const read = await readPdfLetter(path.join(FIXTURES, file));
    assert.equal(read.ok, false);
    assert.match(read.ok ? '' : read.error, reason);
  });
}

test('empty, missing, folder and non-PDF inputs get a clear reason', async () => {
  assert.deepEqual(await pdfToText(new Uint8Array(0)), { ok: false, error: 'empty file, not a PDF' });
  assert.deepEqual(await readPdfLetter(path.join(FIXTURES, 'no-such.pdf')), { ok: false, error: 'no such file' });
  assert.deepEqual(await readPdfLetter(FIXTURES), { ok: false, error: 'is a directory' });
  const letterText = fs.readFileSync(path.join(FIXTURES, 'CM17-0004738.pdftotext-layout.txt'));
  const notPdf = await pdfToText(letterText);
  assert.equal(notPdf.ok, false);
  // The bytes handed in stay usable (pdf.js gets a copy).
  const bytes = fs.readFileSync(path.join(FIXTURES, 'CM17-0009996.pdf'));
  const before = Buffer.from(bytes);
  const read = await pdfToText(bytes);
  assert.ok(read.ok);
  assert.ok(before.equals(bytes));
});

test('PDFs are read one after another and side by side with the same result', async () => {
  const file = path.join(FIXTURES, 'CM17-0002106.pdf');
  const [a, b] = await Promise.all([readPdfLetter(file), readPdfLetter(file)]);
  const c = await readPdfLetter(file);
  assert.ok(a.ok && b.ok && c.ok);
  assert.equal(a.text, b.text);
  assert.equal(a.text, c.text);
});

test('isPdfFile and folder walking: .pdf files only when asked for', () => {
  assert.ok(isPdfFile('a/CM17-0002106.PDF'));
  assert.ok(!isPdfFile('a/letter.txt'));
  const plain = findLetterFiles(FIXTURES).map((f) => path.basename(f));
  assert.ok(plain.every((f) => !f.endsWith('.pdf')));
  const withPdf = findLetterFiles(FIXTURES, undefined, { pdf: true }).map((f) => path.basename(f));
  assert.ok(REAL.every((n) => withPdf.includes(`${n}.pdf`)));
});

test('layout: text drawn squeezed (horizontal scaling 0.001) cannot blow a line up to millions of spaces; nor can a page of it the whole text', () => {
  // An attacker's 24 KB PDF: one word of 120 characters 0.06 pt wide, then words far to the right
  // on 70 lines. The character width came out 0.0005 pt: 1.2 million spaces a line, 4 GB in all.
  const squeezed: PdfTextItem = { str: 'W'.repeat(120), transform: [10, 0, 0, 10, 0, 780], width: 0.06 };
  const page = layoutPage([squeezed, ...Array.from({ length: 70 }, (_, i) => item('ab', 600, 760 - i * 10))]);
  const longest = Math.max(...page.split('\n').map((l) => l.length));
  assert.ok(longest <= 400 + 2, `longest line ${longest} characters`);
});

// ---------------------------------------------------------------------------------------------
// Layout of text items, on items shaped as pdf.js gives them (x, y in points, y upwards).

const item = (str: string, x: number, y: number, size = 12): PdfTextItem => ({ str, transform: [size, 0, 0, size, x, y], width: str.length * 5 });

test('layout: one baseline is one line; wide gaps keep columns; a double step is a blank line', () => {
  const text = layoutPage([
    item('Date of Injury:', 330, 675.6),
    item('Date Assigned:', 72, 675.6),
    item('11/09/2016', 180, 675.5),
    item(' ', 250, 675.5),
    item('10/13/2016', 427, 675.5),
    item('Case Number:', 72, 689),
    item('CM16-0213037', 180, 688.8),
    item('First paragraph line one', 72, 640),
    item('line two.', 72, 626),
    item('Second paragraph.', 72, 598),
  ]);
  assert.equal(
    text,
    [
      'Case Number:          CM16-0213037',
      'Date Assigned:        11/09/2016                    Date of Injury:    10/13/2016',
      '',
      'First paragraph line one',
      'line two.',
      '',
      'Second paragraph.',
      '',
    ].join('\n'),
  );
});

test('layout: words split into items are joined with the spaces between them, rotated text is left out', () => {
  const text = layoutPage([
    item('MRI of the right shoulder:', 72, 500),
    item(' ', 202, 500),
    item('Upheld', 205, 500),
    { str: 'DRAFT', transform: [0, 40, -40, 0, 300, 300], width: 100 },
    item('', 72, 480),
  ]);
  assert.equal(text, 'MRI of the right shoulder: Upheld\n');
  assert.equal(layoutPage([]), '');
  assert.equal(layoutPage([{ str: 'x', transform: [NaN, 0, 0, 12, 0, 0], width: 5 }]), '');
});

// ---------------------------------------------------------------------------------------------
// The published letters of ../shared: every PDF against its two pdftotext extractions.

test('every published PDF in ../shared reads to the same letter as its pdftotext extractions', { skip: hasShared ? false : SHARED_MISSING }, async () => {
  const dir = path.join(sharedDir, 'real-letters');
  const texts = fs.readdirSync(dir).filter((f) => f.endsWith('.txt'));
  const pdfs = fs.readdirSync(path.join(dir, 'pdf')).filter((f) => f.endsWith('.pdf'));
  assert.ok(pdfs.length >= 90, `${pdfs.length} PDFs`);
  const differences: string[] = [];
  for (const pdf of pdfs) {
    const caseNumber = pdf.replace(/\.pdf$/, '').toLowerCase();
    const txt = texts.find((t) => t.includes(`_${caseNumber}-`));
    assert.ok(txt, `a text extraction of ${pdf}`);
    const { text } = await extract(path.join(dir, 'pdf', pdf));
    const got = summary(text);
    if (JSON.stringify(got) !== JSON.stringify(summary(fs.readFileSync(path.join(dir, txt), 'utf8')))) differences.push(`${pdf} vs ${txt}`);
    const plain = path.join(dir, 'plain', txt);
    if (fs.existsSync(plain) && JSON.stringify(summary(text, 'plain')) !== JSON.stringify(summary(fs.readFileSync(plain, 'utf8'), 'plain'))) {
      differences.push(`${pdf} vs plain/${txt}`);
    }
  }
  assert.deepEqual(differences, []);
});

// ---------------------------------------------------------------------------------------------
// Privacy: the bundled pdf.js (dist/pdfjs.js, outside the bundles privacy.test.ts checks) has
// network code for loading PDFs from URLs; in this bundle it cannot reach the network.

test('dist/pdfjs.js shadows fetch, XMLHttpRequest and WebSocket, requires no network module, and a URL fails', () => {
  const file = path.join(repoRoot, 'dist', 'pdfjs.js');
  const code = fs.readFileSync(file, 'utf8');
  assert.match(code.slice(0, 200), /^var fetch = undefined, XMLHttpRequest = undefined, WebSocket = undefined;/);
  assert.deepEqual([...code.matchAll(/require\(["'](?:node:)?(https?|http2|dgram|dns|tls|net|undici)["']\)/g)].map((m) => m[0]), []);
  assert.doesNotMatch(code, /getBuiltinModule\(["'](?:node:)?(https?|http2|net|tls|dgram|dns)["']\)/);
  const probe = `globalThis.DOMMatrix = class {}; console.warn = () => {};
    require(${JSON.stringify(file)}).getDocument({ url: 'http://127.0.0.1:9/letter.pdf', verbosity: 0 }).promise
      .then(() => console.log('loaded'), (e) => console.log('failed: ' + e.message));`;
  const r = spawnSync(process.execPath, ['-e', probe], { encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.stdout.trim(), 'failed: fetch is not a function');
});
