/** Semantic tokens from the model: real headings only, wrapped titles, decisions and conclusions that agree or conflict. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { parseLetter } from '../../server/src/core/parser';
import { defaultCatalog } from '../../server/src/core/catalog';
import { encodeSemanticTokens, semanticTokens, type SemanticToken } from '../../server/src/core/features/semanticTokens';
import { corpus, hasShared, readExample, repoRoot, SHARED_MISSING } from '../support/corpus';

const catalog = defaultCatalog();
const textOf = (text: string, t: SemanticToken) => text.split(/\r?\n/)[t.line].slice(t.character, t.character + t.length);

test('tokens on the example letter: headings, titles, decisions, labels, conclusions, guidelines', () => {
  const text = readExample('examples/clean/lumbar-therapy.imr');
  const tokens = semanticTokens(parseLetter(text), catalog);
  const of = (type: string) => tokens.filter((t) => t.type === type).map((t) => [textOf(text, t), t.modifiers.join('+')]);
  assert.deepEqual(of('section').map((x) => x[0]), ['HOW THE IMR FINAL DETERMINATION WAS MADE', 'CLINICAL CASE SUMMARY', 'IMR ISSUES, DECISIONS AND RATIONALES']);
  assert.deepEqual(of('decision'), [['Upheld', 'upheld'], ['Overturned', 'overturned']]);
  assert.deepEqual(of('itemTitle').map((x) => x[0]), ['MRI of the lumbar spine without contrast', 'Physical therapy for the lumbar spine, eight sessions']);
  assert.equal(of('fieldLabel').length, 6);
  assert.equal(of('headerLabel').length, 8); // seven labels, "Application" / "Received:" over two lines
  assert.deepEqual(of('conclusion').map((x) => x[1]), ['notNecessary', 'necessary']);
  assert.ok(of('guideline').every((x) => x[1] === ''), JSON.stringify(of('guideline')));
  assert.deepEqual(of('guidelineSection'), [['Special Studies', ''], ['Physical medicine treatment', ''], ['Physical medicine treatment', '']]);
});

test('a section name the catalog does not know is marked invalid only where its list is complete', () => {
  const text = readExample('examples/clean/lumbar-therapy.imr').replace('Section(s):\nSpecial Studies.', 'Section(s):\nSpecial Stuides.');
  const sectionTokens = (c: typeof catalog) =>
    semanticTokens(parseLetter(text), c).filter((t) => t.type === 'guidelineSection').map((t) => [textOf(text, t), t.modifiers.join()]).slice(0, 2);
  // The built-in lists are not complete: an unknown name is no proof of an error (the rule gives a note).
  assert.deepEqual(sectionTokens(catalog), [['Special Stuides', ''], ['Physical medicine treatment', '']]);
  const complete = { ...catalog, guidelines: catalog.guidelines.map((g) => ({ ...g, sectionList: { ...g.sectionList, complete: true } })) } as typeof catalog;
  assert.deepEqual(sectionTokens(complete), [['Special Stuides', 'invalid'], ['Physical medicine treatment', '']]);
});

test('heading words inside prose are not section tokens; a wrapped title gets a token per line', () => {
  const base = readExample('examples/clean/lumbar-therapy.imr');
  const text = base
    .replace('sessions of physical\ntherapy and a home', 'sessions of physical\ntherapy (see CLINICAL CASE SUMMARY) and a home')
    .replace('Physical therapy for the lumbar spine, eight sessions: Overturned', 'Physical therapy for the lumbar spine, eight sessions, two times a week\nfor four weeks: Overturned');
  const tokens = semanticTokens(parseLetter(text), catalog);
  assert.equal(tokens.filter((t) => t.type === 'section').length, 3);
  const titles = tokens.filter((t) => t.type === 'itemTitle').map((t) => textOf(text, t));
  assert.deepEqual(titles.slice(1), ['Physical therapy for the lumbar spine, eight sessions, two times a week', 'for four weeks']);
});

test('a flipped decision and its conclusion carry the conflict modifier; an unknown guideline is invalid', () => {
  const text = readExample('examples/clean/lumbar-therapy.imr')
    .replace('without contrast: Upheld', 'without contrast: Overturned')
    .replace('MTUS Low Back Complaints 2004.', 'MTUS Lower Back Grievances 2004.');
  const tokens = semanticTokens(parseLetter(text), catalog);
  const decision = tokens.find((t) => t.type === 'decision')!;
  assert.deepEqual(decision.modifiers, ['overturned', 'conflict']);
  const conclusion = tokens.find((t) => t.type === 'conclusion')!;
  assert.deepEqual(conclusion.modifiers, ['notNecessary', 'conflict']);
  const label = tokens.find((t) => t.type === 'guideline')!;
  assert.equal(textOf(text, label), 'Lower Back Grievances');
  assert.deepEqual(label.modifiers, ['invalid']);
});

test('the encoding is relative and five integers per token', () => {
  const tokens: SemanticToken[] = [
    { line: 2, character: 4, length: 3, type: 'section', modifiers: [] },
    { line: 2, character: 10, length: 2, type: 'decision', modifiers: ['overturned', 'conflict'] },
    { line: 5, character: 1, length: 1, type: 'itemTitle', modifiers: [] },
  ];
  assert.deepEqual(encodeSemanticTokens(tokens), [2, 4, 3, 0, 0, 0, 6, 2, 3, 0b100010, 3, 1, 1, 2, 0]);
});

test('no token crosses a line or overlaps another on any corpus letter, and no published decision conflicts', (t) => {
  if (!hasShared) return t.skip(SHARED_MISSING);
  for (const letter of corpus()) {
    const tokens = semanticTokens(parseLetter(letter.text), catalog);
    const lines = letter.text.split(/\r\n|\n|\r/);
    let prev: SemanticToken | undefined;
    for (const tok of tokens) {
      assert.ok(tok.character + tok.length <= lines[tok.line].length, `${letter.name}: token past the end of line ${tok.line}`);
      if (prev && prev.line === tok.line) assert.ok(prev.character + prev.length <= tok.character, `${letter.name}: overlap on line ${tok.line}`);
      prev = tok;
    }
    assert.ok(!tokens.some((x) => x.type === 'decision' && x.modifiers.includes('conflict')), `${letter.name}: a decision token marked as conflicting`);
  }
});

test('a header label wrapped over two lines ("Application" / "Received:") is one label: both halves are tokens', () => {
  const text = readExample('examples/clean/knee-mri.imr');
  const tokens = semanticTokens(parseLetter(text), catalog).filter((t) => t.type === 'headerLabel');
  const labels = tokens.map((t) => textOf(text, t));
  assert.ok(labels.includes('Application') && labels.includes('Received:'), JSON.stringify(labels));
});

test('the label token types fall back to the grammar\'s scopes in a theme without a rule for them (Light 2026 drew field labels in the prose colour)', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const grammar = fs.readFileSync(path.join(repoRoot, 'syntaxes', 'imr.tmLanguage.json'), 'utf8');
  const scopes: Record<string, string[]> = manifest.contributes.semanticTokenScopes.find((s: { language: string }) => s.language === 'imr').scopes;
  const types: string[] = manifest.contributes.semanticTokenTypes.map((t: { id: string }) => t.id);
  // Only these: the others keep their supertypes' theme colours, which tell a heading from a guideline where the grammar's scopes do not.
  for (const type of ['fieldLabel', 'headerLabel']) assert.ok(Object.keys(scopes).includes(type), `${type} has no scope`);
  for (const [selector, list] of Object.entries(scopes)) {
    assert.ok(types.includes(selector.split('.')[0]), `${selector}: no such token type`);
    for (const scope of list) if (!scope.startsWith('invalid.')) assert.ok(grammar.includes(scope), `${selector} → ${scope}: the grammar has no such scope`);
  }
});
