/** imr-lint on PDF letters, as a user runs it: the built bundle on published and broken PDFs. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { hasShared, repoRoot, SHARED_MISSING, sharedDir } from '../support/corpus';
import { scratchDir } from '../support/scratch';
import { pdfBomb } from '../support/pdfBomb';

const CLI = path.join(repoRoot, 'dist', 'imr-lint.js');
const FIXTURES = path.join(repoRoot, 'test', 'unit', 'fixtures', 'pdf');

function lint(args: string[], cwd = repoRoot) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

interface JsonDiagnostic {
  rule: string;
  message: string;
  page?: number;
  range: { start: { line: number } };
}
interface JsonFile {
  path: string;
  format: string;
  diagnostics: JsonDiagnostic[];
  error?: string;
}

/** A folder with the fixture PDFs (published and broken) and the text extraction of one letter. */
function pdfFolder(): string {
  const dir = scratchDir('imr-lint-pdf-');
  for (const f of fs.readdirSync(FIXTURES)) if (f.endsWith('.pdf')) fs.copyFileSync(path.join(FIXTURES, f), path.join(dir, f));
  fs.copyFileSync(path.join(FIXTURES, 'CM17-0002198.pdftotext-layout.txt'), path.join(dir, 'CM17-0002198.txt'));
  return dir;
}

test('a folder of PDFs: every PDF is linted; broken ones exit 2 with a clear message, the others are still reported', () => {
  const dir = pdfFolder();
  const r = lint(['--format', 'json', '.'], dir);
  assert.equal(r.code, 2, r.stderr);
  const json = JSON.parse(r.stdout) as { files: JsonFile[] };
  const byName = new Map(json.files.map((f) => [f.path, f]));
  for (const name of ['CM16-0230548.pdf', 'CM17-0002106.pdf', 'CM17-0002198.pdf', 'CM17-0004738.pdf', 'CM17-0009996.pdf']) {
    assert.equal(byName.get(name)?.format, 'current', name);
    assert.equal(byName.get(name)?.error, undefined, name);
  }
  assert.match(r.stderr, /^imr-lint: damaged-truncated\.pdf: not a readable PDF/m);
  assert.match(r.stderr, /^imr-lint: damaged-random-bytes\.pdf: not a readable PDF/m);
  assert.match(r.stderr, /^imr-lint: encrypted-password\.pdf: the PDF is encrypted with a password/m);
  assert.match(r.stderr, /^imr-lint: no-text-layer\.pdf: the PDF has no text layer/m);
  assert.ok(byName.get('encrypted-password.pdf')?.error);
  assert.doesNotMatch(r.stderr, /Warning|DOMMatrix|at .*\.js:\d+/, 'no pdf.js warnings or stack traces');
});

test('findings in a PDF carry the line of the extracted text and the page; the same as on its text extraction', () => {
  const dir = pdfFolder();
  const r = lint(['--format', 'json', 'CM17-0002198.pdf', 'CM17-0002198.txt'], dir);
  assert.equal(r.code, 0, r.stderr);
  const [pdf, txt] = (JSON.parse(r.stdout) as { files: JsonFile[] }).files;
  const finding = pdf.diagnostics.find((d) => /Inital Care/.test(d.message));
  assert.ok(finding, 'the misspelt "Inital Care" is reported on the PDF');
  assert.equal(finding.page, 2);
  assert.deepEqual(
    pdf.diagnostics.map((d) => [d.rule, d.message, d.range.start.line]),
    txt.diagnostics.map((d) => [d.rule, d.message, d.range.start.line]),
  );
  assert.ok(txt.diagnostics.every((d) => !('page' in d)), 'a text letter has no page field');

  const stylish = lint(['--no-color', 'CM17-0002198.pdf'], dir);
  assert.match(stylish.stdout, /^CM17-0002198\.pdf:\d+:\d+ {2}info {2}"Inital Care" .* \(page 2\) {2}unknown-guideline-section$/m);
  // The problem matcher in package.json still reads the line.
  const pkg = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const matcher = new RegExp(pkg.contributes.problemMatchers[0].pattern.regexp);
  const line = stylish.stdout.split('\n').find((l) => l.includes('(page 2)'))!;
  const m = matcher.exec(line);
  assert.ok(m, line);
  assert.equal(m[1], 'CM17-0002198.pdf');
  assert.equal(m[6], 'unknown-guideline-section');
});

test('--fix never writes to a PDF', () => {
  const dir = pdfFolder();
  const before = new Map(fs.readdirSync(dir).map((f) => [f, fs.readFileSync(path.join(dir, f)).toString('base64')]));
  const r = lint(['--fix', '.'], dir);
  assert.equal(r.code, 2);
  for (const [f, bytes] of before) if (f.endsWith('.pdf')) assert.equal(fs.readFileSync(path.join(dir, f)).toString('base64'), bytes, f);
  assert.deepEqual(fs.readdirSync(dir).sort(), [...before.keys()].sort(), 'no file added');
});

test('imr-lint on the published PDFs of ../shared finds what it finds on their pdftotext extractions', { skip: hasShared ? false : SHARED_MISSING }, () => {
  const letters = path.join(sharedDir, 'real-letters');
  const pdf = lint(['--format', 'json', path.join(letters, 'pdf')]);
  assert.equal(pdf.code, 0, pdf.stderr);
  const texts = fs.readdirSync(letters).filter((f) => f.endsWith('.txt'));
  const txt = lint(['--format', 'json', ...texts.map((f) => path.join(letters, f))]);
  const key = (p: string) => /cm1\d-\d+/i.exec(p)![0].toLowerCase();
  const findings = (files: JsonFile[]) =>
    new Map(files.map((f) => [key(f.path), f.diagnostics.map((d) => `${d.rule}: ${d.message}`).sort()]));
  const fromPdf = findings(JSON.parse(pdf.stdout).files);
  const fromTxt = findings(JSON.parse(txt.stdout).files);
  assert.ok(fromPdf.size >= 90);
  for (const [caseNumber, list] of fromPdf) assert.deepEqual(list, fromTxt.get(caseNumber), caseNumber);
});

test('a PDF whose content expands to gigabytes is one unreadable file (exit 2, why), in a reader process of its own: the other letters are still reported', () => {
  const dir = scratchDir('imr-lint-pdf-bomb-');
  fs.writeFileSync(path.join(dir, 'bomb.pdf'), pdfBomb(150)); // pdf.js aborted the process on it (a V8 fatal error, exit 133, no report)
  fs.copyFileSync(path.join(repoRoot, 'examples/drafts/missing-case-summary.imr'), path.join(dir, 'draft.imr'));
  const r = lint(['-f', 'json', '.'], dir);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /bomb\.pdf: the PDF reader stopped on this file/);
  const { files } = JSON.parse(r.stdout) as { files: JsonFile[] };
  assert.ok(files.some((f) => f.path === 'draft.imr' && f.diagnostics.some((d) => d.rule === 'missing-section')), r.stdout.slice(0, 300));
  assert.ok(files.some((f) => f.path === 'bomb.pdf' && /PDF reader stopped/.test(f.error ?? '')));
});
