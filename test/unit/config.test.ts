/** The .imrlintrc.json core: validation, globs, per-file severities, suppressions and the generated schema. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import {
  withFileChange,
  applySuppressions,
  configSchema,
  compileGlob,
  ignoreEntryFor,
  matchesGlob,
  parseConfigText,
  resolveForFile,
  validateConfig,
} from '../../server/src/core/config';
import { parseLetter } from '../../server/src/core/parser';
import { lintLetter } from '../../server/src/core/lint';
import { RULES } from '../../server/src/core/rules';
import { repoRoot as compiledRoot } from '../support/corpus';

/** The repository (also when this file is bundled elsewhere and run from the repository folder). */
const repoRoot = fs.existsSync(path.join(compiledRoot, 'package.json')) ? compiledRoot : process.cwd();

test('config: a valid config is read as written', () => {
  const { config, errors } = validateConfig({
    $schema: './schemas/imrlintrc.schema.json',
    rules: { 'possible-phi': 'off', 'encoding-artifact': 'error' },
    overrides: [{ files: ['drafts/**'], rules: { 'empty-section': 'hint' }, ignore: [{ rule: 'possible-phi', line: '  Dr. Brown stated  ' }] }],
    catalogs: ['local.json'],
  });
  assert.deepEqual(errors, []);
  assert.deepEqual(config.rules, { 'possible-phi': 'off', 'encoding-artifact': 'error' });
  assert.deepEqual(config.overrides[0].ignore, [{ rule: 'possible-phi', line: 'Dr. Brown stated' }]);
  assert.deepEqual(config.catalogs, ['local.json']);
});

test('config: errors are clear, located, and never thrown; valid parts are kept', () => {
  const { config, errors } = validateConfig({
    rules: { 'posible-phi': 'off', 'date-order': 'fatal', 'section-order': 'warning' },
    overides: [],
    overrides: [{ rules: {} }, { files: 'x', rules: {} }, { files: ['a/*.imr'], ignore: [{ rule: 'nope', line: 'x' }, { rule: 'date-order' }] }, 7],
    catalogs: [3],
  });
  assert.deepEqual(config.rules, { 'section-order': 'warning' });
  assert.equal(config.overrides.length, 1);
  const text = errors.join('\n');
  assert.match(text, /rules\.posible-phi: unknown rule "posible-phi"; did you mean "possible-phi"\?/);
  assert.match(text, /rules\.date-order: severity must be one of "off", "hint", "info", "warning", "error", not "fatal"/);
  assert.match(text, /overides: unknown key; did you mean "overrides"\?/);
  assert.match(text, /overrides\[0\]\.files: required/);
  assert.match(text, /overrides\[1\]\.files: must be an array/);
  assert.match(text, /overrides\[2\]\.ignore\[0\]\.rule: unknown rule "nope"/);
  assert.match(text, /overrides\[2\]\.ignore\[1\]\.line: must be the text of the line/);
  assert.match(text, /overrides\[3\]: must be an object/);
  assert.match(text, /catalogs\[0\]: must be a non-empty string/);
  for (const bad of [null, 3, 'x', [], undefined]) assert.equal(validateConfig(bad).errors.length, 1);
  assert.match(parseConfigText('{ "rules": ').errors[0], /^Not valid JSON/);
});

test('config: globs', () => {
  const cases: [string, string, boolean][] = [
    ['*.imr', 'a.imr', true],
    ['*.imr', 'drafts/deep/a.imr', true],
    ['drafts/*.imr', 'drafts/a.imr', true],
    ['drafts/*.imr', 'drafts/x/a.imr', false],
    ['drafts/**', 'drafts/x/y/a.imr', true],
    ['drafts/', 'drafts/a.txt', true],
    ['**/*.txt', 'a.txt', true],
    ['**/*.txt', 'a/b/c.txt', true],
    ['a/**/c.txt', 'a/c.txt', true],
    ['a/**/c.txt', 'a/b/d/c.txt', true],
    ['a/**/c.txt', 'b/c.txt', false],
    ['./letters/?.imr', 'letters/1.imr', true],
    ['letters/?.imr', 'letters/12.imr', false],
    ['letters/a+b(1).imr', 'letters/a+b(1).imr', true],
    ['letters/*.imr', 'letters\\a.imr', true],
  ];
  for (const [glob, p, want] of cases) assert.equal(matchesGlob(p, glob), want, `${glob} vs ${p}`);
  assert.ok(compileGlob('a/*')('a/b') && !compileGlob('a/*')('a/b/c'));
});

test('config: effective severities per file; later overrides win', () => {
  const { config } = validateConfig({
    rules: { 'possible-phi': 'error', 'empty-section': 'warning' },
    overrides: [
      { files: ['drafts/**'], rules: { 'possible-phi': 'off' }, ignore: [{ rule: 'date-order', line: 'Decision Date: 01/01/2030' }] },
      { files: ['drafts/old/*.imr'], rules: { 'possible-phi': 'info' } },
    ],
  });
  assert.deepEqual(resolveForFile(config, 'final/a.imr'), { rules: { 'possible-phi': 'error', 'empty-section': 'warning' }, ignores: [] });
  assert.equal(resolveForFile(config, 'drafts/a.imr').rules['possible-phi'], 'off');
  assert.equal(resolveForFile(config, 'drafts/old/a.imr').rules['possible-phi'], 'info');
  assert.equal(resolveForFile(config, 'drafts/old/a.imr').ignores.length, 1);
});

test('config: an ignore entry silences one finding, keyed by its line, and survives edits elsewhere', () => {
  const letter = (extra: string) =>
    `${extra}HOW THE IMR FINAL DETERMINATION WAS MADE\nCall Ms. Johnson at 415-555-0134.\nAsk Mr. Peters too.\n`;
  const lintIt = (text: string) => {
    const parsed = parseLetter(text);
    const diags = lintLetter(parsed, {}, RULES.filter((r) => r.id === 'possible-phi'));
    return { parsed, diags };
  };
  const { parsed, diags } = lintIt(letter(''));
  assert.equal(diags.length, 3);
  const ignore = ignoreEntryFor(diags[0], parsed);
  assert.deepEqual(ignore, { rule: 'possible-phi', line: 'Call Ms. Johnson at 415-555-0134.' });
  // Both findings on that line go; the other line's stays. Still true after lines are added above.
  const edited = lintIt(letter('Case Number: CM16-0000001\n\n'));
  const kept = applySuppressions(edited.diags, edited.parsed, [ignore]);
  assert.equal(kept.length, 1);
  assert.match(kept[0].message, /Peters/);
  // Another rule's ignore on the same line does not silence it.
  assert.equal(applySuppressions(diags, parsed, [{ rule: 'date-order', line: ignore.line }]).length, 3);
});

test('config: the committed schema matches configSchema() (UPDATE_SCHEMA=1 rewrites it)', () => {
  const file = path.join(repoRoot, 'schemas', 'imrlintrc.schema.json');
  const want = JSON.stringify(configSchema(), null, 2) + '\n';
  if (process.env.UPDATE_SCHEMA === '1') {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, want);
  }
  const have = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
  assert.ok(
    have === want,
    `${path.relative(repoRoot, file)} is out of date with the rule registry. Regenerate it: npm run compile-tests && UPDATE_SCHEMA=1 node --test out/test/unit/config.test.js`,
  );
  const schema = configSchema() as { properties: { rules: { properties: Record<string, unknown> } } };
  assert.deepEqual(Object.keys(schema.properties.rules.properties), RULES.map((r) => r.id));
});

test('withFileChange adds to the file\'s own override, keeps other keys, and never duplicates', () => {
  const raw = { rules: { 'possible-phi': 'warning' }, overrides: [{ files: ['other.imr'], rules: { 'empty-section': 'off' } }], catalogs: ['x.json'] };
  const once = withFileChange(raw, 'drafts/a.imr', { kind: 'disable-rule', rule: 'possible-phi' });
  const twice = withFileChange(once, 'drafts/a.imr', { kind: 'ignore', entry: { rule: 'date-order', line: 'Decision Date: 01/01/2030' } });
  const again = withFileChange(twice, 'drafts/a.imr', { kind: 'ignore', entry: { rule: 'date-order', line: 'Decision Date: 01/01/2030' } });
  assert.deepEqual(again, {
    rules: { 'possible-phi': 'warning' },
    overrides: [
      { files: ['other.imr'], rules: { 'empty-section': 'off' } },
      { files: ['drafts/a.imr'], rules: { 'possible-phi': 'off' }, ignore: [{ rule: 'date-order', line: 'Decision Date: 01/01/2030' }] },
    ],
    catalogs: ['x.json'],
  });
  assert.deepEqual(raw.overrides.length, 1, 'the input is not modified');
  assert.deepEqual(validateConfig(again).errors, []);
  assert.deepEqual(withFileChange(undefined, 'a.imr', { kind: 'disable-rule', rule: 'x' }), { overrides: [{ files: ['a.imr'], rules: { x: 'off' } }] });
});
