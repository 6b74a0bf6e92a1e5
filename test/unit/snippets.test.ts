/**
 * The boilerplate in snippets/imr.code-snippets and server/src/core/boilerplate.ts must be
 * copied from real letters, not paraphrased: every sentence is looked up (whitespace
 * collapsed) in the letters of ../shared.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import * as bp from '../../server/src/core/boilerplate';
import { defaultCatalog, resolveLabel } from '../../server/src/core/catalog';

const repoRoot = path.resolve(__dirname, '..', '..', '..');
const sharedDir = path.resolve(repoRoot, '..', 'shared');
const haveShared = fs.existsSync(sharedDir);
const skip = haveShared ? false : `skipped: ${sharedDir} (the shared letter corpus) is absent`;

const collapse = (s: string) => s.replace(/\s+/g, ' ').trim();

interface Snippet { prefix: string | string[]; body: string[] | string; description: string; scope?: string }

function loadSnippets(): Record<string, Snippet> {
  return JSON.parse(fs.readFileSync(path.join(repoRoot, 'snippets', 'imr.code-snippets'), 'utf8'));
}

let corpusCache: string | undefined;
function corpus(): string {
  if (corpusCache === undefined) {
    const dirs = ['seeds', 'real-letters', path.join('real-letters', 'plain')].map(d => path.join(sharedDir, d));
    const texts: string[] = [];
    for (const dir of dirs) {
      if (!fs.existsSync(dir)) continue;
      for (const f of fs.readdirSync(dir)) if (f.endsWith('.txt')) texts.push(collapse(fs.readFileSync(path.join(dir, f), 'utf8')));
    }
    corpusCache = texts.join('\n');
  }
  return corpusCache;
}

/** Literal runs of a snippet body: the text between placeholders and choices, split at line breaks. */
function literalRuns(body: string[] | string): string[] {
  const text = Array.isArray(body) ? body.join('\n') : body;
  return text
    .split(/\$\{\d+(?::[^}]*|\|[^}]*\|)?\}|\$\d+/)
    .flatMap(part => part.split('\n'))
    .map(collapse)
    .filter(s => s.length > 0);
}

/** Sentences worth checking: whole runs of at least 5 words, plus each sentence inside them. */
function checkable(run: string): string[] {
  if (run.split(' ').length < 5) return [];
  return [run];
}

test('snippets file: every snippet has a prefix, a description and the imr scope', () => {
  const snippets = loadSnippets();
  const prefixes = new Set<string>();
  for (const [name, s] of Object.entries(snippets)) {
    for (const prefix of Array.isArray(s.prefix) ? s.prefix : [s.prefix]) {
      assert.ok(typeof prefix === 'string' && prefix.startsWith('imr'), `${name}: prefix`);
      assert.ok(!prefixes.has(prefix), `${name}: duplicate prefix ${prefix}`);
      prefixes.add(prefix);
    }
    assert.ok(s.description && s.description.length > 10, `${name}: description`);
    assert.equal(s.scope, 'imr', `${name}: scope`);
  }
  for (const p of ['imr-letter', 'imr-item', 'imr-how', 'imr-credentials', 'imr-credentials-sentence', 'imr-mtus',
    'imr-non-mtus', 'imr-upheld', 'imr-overturned', 'imr-summary', 'imr-issues']) {
    assert.ok(prefixes.has(p), `missing snippet ${p}`);
  }
  // Typing "imr" offers the whole letter first: its prefix is exactly "imr" (no other snippet's is).
  const letter = Object.values(snippets).find(s => Array.isArray(s.prefix) && s.prefix[0] === 'imr')!;
  assert.ok(letter, 'the letter skeleton has the prefix "imr"');
  assert.ok((letter.prefix as string[]).includes('imr-letter'));
  // No choice in the letter or the item: picking one moves to the next field by itself, so the Tab
  // a writer presses after it skipped a field, and every value after it went one field down (a
  // stranger's letter had "State(s) of Licensure: 02/20/2017"). Decisions are offered by completion.
  for (const s of Object.values(snippets).filter((x) => ['imr', 'imr-item'].includes(Array.isArray(x.prefix) ? x.prefix[0] : x.prefix))) {
    assert.doesNotMatch((s.body as string[]).join('\n'), /\$\{\d+\|/, `a choice in ${String(s.prefix)}`);
  }
  assert.match((letter.body as string[]).join('\n'), /Priority: +Standard /, 'priority written as the common value');
});

test('snippets and boilerplate.ts agree', () => {
  const all = Object.values(loadSnippets()).map(s => collapse((s.body as string[]).join('\n'))).join('\n');
  for (const s of [bp.HOW_IMR_PARAGRAPH, bp.CASE_SUMMARY_INTRO, bp.ISSUES_INTRO, bp.CREDENTIALS_INTRO,
    ...bp.STOCK_SENTENCES, bp.CONCLUSION_UPHELD, bp.CONCLUSION_OVERTURNED]) {
    assert.ok(all.includes(collapse(s)), `snippets lack: ${s}`);
  }
  assert.equal(bp.STOCK_SENTENCES.length, 5);
  assert.ok(bp.sectionSkeleton('howMade').startsWith('HOW THE IMR FINAL DETERMINATION WAS MADE\n'));
  assert.ok(bp.sectionSkeleton('caseSummary').startsWith('CLINICAL CASE SUMMARY\n' + bp.CASE_SUMMARY_INTRO));
  assert.ok(bp.sectionSkeleton('issues').startsWith('IMR ISSUES, DECISIONS AND RATIONALES\n' + bp.ISSUES_INTRO));
  assert.equal(bp.mtusCitation('Low Back Complaints', '2004', 'Special Studies'),
    'Decision based on MTUS Low Back Complaints 2004, Section(s): Special Studies.');
});

test('every boilerplate sentence occurs verbatim in a real letter or seed', { skip }, () => {
  const text = corpus();
  assert.ok(text.length > 100000, 'corpus loaded');
  const sentences = new Set<string>();
  for (const s of [bp.HOW_IMR_PARAGRAPH, bp.CASE_SUMMARY_INTRO, bp.ISSUES_INTRO, bp.CREDENTIALS_INTRO,
    ...bp.STOCK_SENTENCES, bp.CONCLUSION_UPHELD, bp.CONCLUSION_OVERTURNED,
    bp.howImrParagraphBoardCertified('Occupational Medicine', 'California'),
    bp.boardCertifiedSentence('Occupational Medicine', 'California'),
    bp.mtusCitation('Low Back Complaints', '2004', 'Special Studies'),
    ...bp.sectionSkeleton('caseSummary').split('\n'), ...bp.sectionSkeleton('issues').split('\n'),
    ...bp.sectionSkeleton('howMade').split('\n').filter(l => !/:\s*$/.test(l) || l === bp.CREDENTIALS_INTRO)]) {
    if (collapse(s)) sentences.add(collapse(s));
  }
  for (const s of Object.values(loadSnippets())) for (const run of literalRuns(s.body)) for (const c of checkable(run)) sentences.add(c);
  const missing = [...sentences].filter(s => !text.includes(s));
  assert.deepEqual(missing, [], 'not found in any letter');
  assert.ok(sentences.size >= 12, `checked ${sentences.size} sentences`);
});

test('the conclusions are the most common real wordings', { skip }, () => {
  const text = corpus();
  const count = (s: string) => text.split(s).length - 1;
  assert.ok(count(bp.CONCLUSION_UPHELD) >= count('Therefore, the request is not medically necessary.'));
  assert.ok(count(bp.CONCLUSION_OVERTURNED) >= count('As such, the request is medically necessary.'));
});

test('the imr-mtus snippet offers only labels with a year they exist in (its year choice started at 2016: "Low Back Complaints 2016" was two errors)', () => {
  const snippet = Object.values(loadSnippets()).find((s) => s.prefix === 'imr-mtus')!;
  const body = Array.isArray(snippet.body) ? snippet.body.join('\n') : snippet.body;
  const choice = /\$\{1\|((?:[^|\\]|\\.)*)\|\}/.exec(body)![1];
  const options = choice.split(/(?<!\\),/).map((o) => o.replace(/\\,/g, ','));
  assert.ok(options.length >= 10);
  for (const o of options) {
    const m = /^(.*) (\d{4})$/.exec(o);
    assert.ok(m, `"${o}" has a year`);
    const r = resolveLabel(defaultCatalog(), m[1], Number(m[2]));
    assert.ok(r.guideline && r.yearValid, `"${o}" is not a label and year of the catalog`);
  }
});
