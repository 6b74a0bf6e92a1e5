/** The .imrlintrc.json core: validation, globs, per-file severities, suppressions and the generated schema. */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { performance } from 'perf_hooks';
import {
  CONFIG_FILE_NAME,
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
import { defaultCatalog, findSources, mergeCatalog, validateCatalogFile } from '../../server/src/core/catalog';
import { ConfigResolver, configForLetter, readConfigFile } from '../../server/src/node/configFiles';
import { loadCatalogs } from '../../server/src/node/catalogFiles';
import { MAX_DATA_FILE_BYTES, readDataFile } from '../../server/src/node/dataFiles';
import { seededRandom } from '../support/random';

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
  // A hand-written line entry: both findings on that line go; the other line's stays. Still true after lines are added above.
  const ignore = { rule: 'possible-phi', line: 'Call Ms. Johnson at 415-555-0134.' };
  const edited = lintIt(letter('Case Number: CM16-0000001\n\n'));
  const kept = applySuppressions(edited.diags, edited.parsed, [ignore]);
  assert.equal(kept.length, 1);
  assert.match(kept[0].message, /Peters/);
  // Another rule's ignore on the same line does not silence it.
  assert.equal(applySuppressions(diags, parsed, [{ rule: 'date-order', line: ignore.line }]).length, 3);
  // The quick fix's entry (a fingerprint, possible-phi being personal data) silences the one finding, after edits elsewhere too.
  const quick = ignoreEntryFor(diags[0], parsed);
  assert.deepEqual(Object.keys(quick), ['rule', 'fingerprint']);
  assert.deepEqual(applySuppressions(edited.diags, edited.parsed, [quick]).map((d) => d.message), edited.diags.slice(1).map((d) => d.message));
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

// ---------------------------------------------------------------------------------------------
// Workspace input is data with limits (issue 10): globs and catalog patterns in linear time,
// config and catalog files read only if regular, small and inside the workspace.

/** The glob translation of the first version (V8 regex, backtracking): the semantics to keep. */
function referenceGlob(glob: string): RegExp {
  let g = glob.replace(/\\/g, '/').replace(/^\.\//, '');
  if (g.endsWith('/')) g += '**';
  let re = '';
  for (let i = 0; i < g.length; i++) {
    const c = g[i];
    if (c === '*') {
      if (g[i + 1] === '*') {
        const atStart = i === 0 || g[i - 1] === '/';
        const atEnd = i + 2 === g.length || g[i + 2] === '/';
        if (atStart && atEnd) {
          if (i + 2 === g.length) re += '.*';
          else {
            re += '(?:[^/]*/)*';
            i++;
          }
          i++;
          continue;
        }
        re += '[^/]*';
        i++;
        continue;
      }
      re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else re += c.replace(/[.+^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}
function referenceMatches(relPath: string, glob: string): boolean {
  const p = relPath.replace(/\\/g, '/').replace(/^\.\//, '');
  const g = glob.replace(/\\/g, '/').replace(/^\.\//, '');
  return referenceGlob(g).test(g.includes('/') ? p : p.slice(p.lastIndexOf('/') + 1));
}

test('globs: the linear-time matcher agrees with the first version on 20,000 random globs and paths', () => {
  const rand = seededRandom(42);
  const globParts = ['a', 'b', '.', '/', '*', '**', '?', '**/', '(', '+', '[x]', './', '\\'];
  const pathParts = ['a', 'b', '.', '/', 'ab', 'x', '(', '+', '[x]', './'];
  for (let n = 0; n < 20_000; n++) {
    const glob = Array.from({ length: 1 + rand(7) }, () => globParts[rand(globParts.length)]).join('');
    const p = Array.from({ length: rand(8) }, () => pathParts[rand(pathParts.length)]).join('');
    assert.equal(matchesGlob(p, glob), referenceMatches(p, glob), `${JSON.stringify(glob)} vs ${JSON.stringify(p)}`);
  }
});

/** Median time of `fn` over a few runs, in ms. */
function timeOf(fn: () => void, runs = 5): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return times.sort((a, b) => a - b)[Math.floor(runs / 2)];
}

test('globs: a glob with many "*" costs about what a simple glob costs (a ratio, not a time)', () => {
  const name = 'a'.repeat(400) + '.imr';
  const paths = [name, `drafts/${name}`, `drafts/x/${'a/'.repeat(50)}${name}`];
  const evil = ['*a'.repeat(40) + '*b', `drafts/${'*a'.repeat(40)}*b`, `**/${'*a*'.repeat(30)}/**/b`];
  const simple = ['*.imr', 'drafts/*.imr', '**/x/*.imr'];
  const run = (globs: string[]) => () => {
    for (let k = 0; k < 20; k++) for (const g of globs) for (const p of paths) matchesGlob(p, g);
  };
  run(evil)(); // compile once
  run(simple)();
  const evilMs = timeOf(run(evil));
  const simpleMs = timeOf(run(simple));
  assert.ok(evilMs < 30 * simpleMs + 20, `pathological globs took ${evilMs.toFixed(1)} ms, simple ones ${simpleMs.toFixed(1)} ms`);
  assert.equal(matchesGlob(name, '*a'.repeat(40) + '*b'), false);
  assert.equal(matchesGlob(name, '*a'.repeat(40) + '*.imr'), true);
});

test('globs: a glob longer than 1000 characters is reported, not compiled', () => {
  const { config, errors } = validateConfig({ overrides: [{ files: ['x'.repeat(1001), 'ok/*.imr'], rules: {} }] });
  assert.deepEqual(config.overrides[0].files, ['ok/*.imr']);
  assert.match(errors.join('\n'), /overrides\[0\]\.files\[0\]: a glob is at most 1000 characters/);
});

test('catalog patterns: nested quantifiers in a user catalog run in linear time; lookarounds are reported', () => {
  const evil = validateCatalogFile({ sources: [{ name: 'Evil', patterns: ['(a+)+$', '(?:a|aa)*c', '^(\\w+\\s?)*$'] }] });
  assert.deepEqual(evil.errors, []);
  const simple = validateCatalogFile({ sources: [{ name: 'Simple', patterns: ['Simple Guidelines'] }] });
  const evilCatalog = mergeCatalog(defaultCatalog(), evil.catalog!);
  const simpleCatalog = mergeCatalog(defaultCatalog(), simple.catalog!);
  const text = 'a'.repeat(20_000) + '!';
  findSources(evilCatalog, text);
  const evilMs = timeOf(() => findSources(evilCatalog, text), 3);
  const simpleMs = timeOf(() => findSources(simpleCatalog, text), 3);
  assert.ok(evilMs < 20 * simpleMs + 50, `catastrophic patterns took ${evilMs.toFixed(1)} ms, a plain one ${simpleMs.toFixed(1)} ms`);
  assert.ok(findSources(evilCatalog, 'see aaa').some((h) => h.source.name === 'Evil'));
  const look = validateCatalogFile({ sources: [{ name: 'Look', patterns: ['(?=x)y'] }], guidelines: [{ label: 'G', years: [2004], sectionPattern: '(a)\\1' }] });
  assert.match(look.errors.join('\n'), /pattern "\(\?=x\)y" cannot be used: .*unsupported Perl syntax.*\(patterns are RE2 regular expressions/);
  assert.match(look.errors.join('\n'), /"sectionPattern" cannot be used/);
  // The pattern's size is bounded too: matching time is linear in the text times the pattern.
  const big = validateCatalogFile({ sources: [{ name: 'Big', patterns: ['a{100}'.repeat(40), '\\w{1000}', '(?:ab){2,500}'] }] });
  assert.match(big.errors[0], /longer than 200 characters/);
  assert.match(big.errors[1], /a repeat count over 100/);
  assert.match(big.errors[2], /a repeat count over 100/);
});

test('config errors never quote the file: a JSON error gives line and column only', () => {
  const secret = 'PATH=/usr/bin\u0000AWS_SECRET_ACCESS_KEY=abc123';
  const [e] = parseConfigText(secret).errors;
  assert.match(e, /^Not valid JSON( \(line \d+, column \d+\))?\.$/);
  assert.ok(!/PATH|AWS|abc/.test(e));
  assert.equal(parseConfigText('{\n  "rules": { x }\n}').errors[0], 'Not valid JSON (line 2, column 14).');
});

/** A scratch workspace: `<tmp>/outside/ws`, with `outside` standing for the folders above it. */
const scratchDirs: string[] = [];
after(() => {
  for (const d of scratchDirs) fs.rmSync(d, { recursive: true, force: true });
});
function scratch(): { outside: string; ws: string } {
  const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'imr-cfg-'));
  scratchDirs.push(outside);
  const ws = path.join(outside, 'ws');
  fs.mkdirSync(path.join(ws, 'letters', 'sub'), { recursive: true });
  return { outside, ws };
}

test('data files: only regular files under the size limit, inside the folders given', (t) => {
  const { outside, ws } = scratch();
  const inside = path.join(ws, 'catalog.json');
  fs.writeFileSync(inside, '{"sources": []}');
  assert.deepEqual(readDataFile(inside, { within: [ws] }), { ok: true, text: '{"sources": []}' });

  const secret = path.join(outside, 'secret.json');
  fs.writeFileSync(secret, '{"token": "s3cr3t"}');
  const out = readDataFile(secret, { within: [ws] });
  assert.ok(!out.ok && /outside the workspace folder/.test(out.error));
  fs.symlinkSync(secret, path.join(ws, 'link.json'));
  const link = readDataFile(path.join(ws, 'link.json'), { within: [ws] });
  assert.ok(!link.ok && /outside/.test(link.error), 'a symlink pointing outside is refused');
  assert.ok(!JSON.stringify([out, link]).includes('s3cr3t'));

  const huge = path.join(ws, 'huge.json');
  fs.writeFileSync(huge, Buffer.alloc(MAX_DATA_FILE_BYTES + 1, 0x20));
  const big = readDataFile(huge, { within: [ws] });
  assert.ok(!big.ok && /over the 1 MB limit/.test(big.error));
  assert.ok(!readDataFile(ws).ok, 'a folder');

  if (process.platform === 'win32') return t.skip('no FIFOs or /dev on Windows');
  const zero = readDataFile('/dev/zero');
  assert.ok(!zero.ok && /not a regular file/.test(zero.error));
  const fifo = path.join(ws, 'fifo.json');
  execFileSync('mkfifo', [fifo]);
  const t0 = performance.now();
  const piped = readDataFile(fifo, { within: [ws] });
  assert.ok(!piped.ok && /not a regular file/.test(piped.error));
  assert.ok(performance.now() - t0 < 2000, 'a FIFO does not block');
  if (fs.existsSync('/proc/self/environ')) {
    // Named explicitly (no folder limit), it is read, but the error never quotes it.
    const loaded = loadCatalogs(['/proc/self/environ']);
    assert.equal(loaded.errors.length, 1);
    assert.match(loaded.errors[0], /not valid JSON/);
    assert.ok(!/PATH|HOME|=/.test(loaded.errors[0].replace('/proc/self/environ', '')), loaded.errors[0]);
    const refused = loadCatalogs(['/proc/self/environ'], { within: [ws] });
    assert.match(refused.errors[0], /outside the workspace folder/);
  }
});

test('config files: a FIFO or /dev/zero named .imrlintrc.json or as a catalog never blocks', (t) => {
  if (process.platform === 'win32') return t.skip('no FIFOs or /dev on Windows');
  const { ws } = scratch();
  execFileSync('mkfifo', [path.join(ws, 'letters', CONFIG_FILE_NAME)]);
  fs.writeFileSync(path.join(ws, CONFIG_FILE_NAME), JSON.stringify({ catalogs: ['/dev/zero', 'local.json'], rules: { 'possible-phi': 'off' } }));
  fs.writeFileSync(path.join(ws, 'local.json'), '{}');
  const resolver = new ConfigResolver();
  // The FIFO is not a config file: the lookup goes on to the folder above.
  const config = resolver.forLetter(path.join(ws, 'letters', 'a.imr'), { root: ws });
  assert.equal(config.file, path.join(ws, CONFIG_FILE_NAME));
  assert.deepEqual(config.rules, { 'possible-phi': 'off' });
  assert.deepEqual(config.catalogs, [path.join(ws, 'local.json')]);
  assert.match(config.errors.join('\n'), /catalogs: "\/dev\/zero" is outside the folder of the config file/);
  const t0 = performance.now();
  const loaded = loadCatalogs(['/dev/zero'], { within: [ws] });
  assert.ok(performance.now() - t0 < 2000);
  assert.equal(loaded.errors.length, 1);
});

test('config lookup stops at the workspace folder; a letter outside it looks in its own folder only', () => {
  const { outside, ws } = scratch();
  fs.writeFileSync(path.join(outside, CONFIG_FILE_NAME), JSON.stringify({ rules: { 'missing-section': 'off' } }));
  const resolver = new ConfigResolver();
  const letter = path.join(ws, 'letters', 'sub', 'a.imr');
  assert.equal(resolver.findConfigFile(path.dirname(letter), ws), undefined);
  assert.deepEqual(resolver.forLetter(letter, { root: ws }).rules, {});
  // Without a root (the CLI), the nearest config upward still applies.
  assert.deepEqual(new ConfigResolver().forLetter(letter).rules, { 'missing-section': 'off' });
  // A symlinked .imrlintrc.json pointing outside the folder is not read.
  fs.symlinkSync(path.join(outside, CONFIG_FILE_NAME), path.join(ws, CONFIG_FILE_NAME));
  const linked = new ConfigResolver().forLetter(letter, { root: ws });
  assert.deepEqual(linked.rules, {});
  assert.match(linked.errors.join('\n'), /outside the workspace folder/);
});

test('config cache: a config is read once and again only after invalidate()', () => {
  const { ws } = scratch();
  const file = path.join(ws, CONFIG_FILE_NAME);
  const letter = path.join(ws, 'letters', 'a.imr');
  fs.writeFileSync(file, JSON.stringify({ rules: { 'possible-phi': 'off' } }));
  const resolver = new ConfigResolver();
  assert.deepEqual(resolver.forLetter(letter, { root: ws }).rules, { 'possible-phi': 'off' });
  fs.writeFileSync(file, JSON.stringify({ rules: { 'possible-phi': 'error' } }));
  assert.deepEqual(resolver.forLetter(letter, { root: ws }).rules, { 'possible-phi': 'off' }, 'cached until told');
  resolver.invalidate();
  assert.deepEqual(resolver.forLetter(letter, { root: ws }).rules, { 'possible-phi': 'error' });
  fs.unlinkSync(file);
  assert.equal(resolver.forLetter(letter, { root: ws }).file, file, 'still cached');
  resolver.invalidate();
  assert.equal(resolver.forLetter(letter, { root: ws }).file, undefined);
  // The CLI's shared entry point notices a change by size and time.
  fs.writeFileSync(file, JSON.stringify({ rules: { 'possible-phi': 'off' } }));
  assert.deepEqual(configForLetter(letter).rules, { 'possible-phi': 'off' });
  fs.writeFileSync(file, JSON.stringify({ rules: { 'possible-phi': 'hint' } }));
  assert.deepEqual(configForLetter(letter).rules, { 'possible-phi': 'hint' });
});

test('a catalog path outside the config folder is refused whether or not it exists (the answer never tells which paths exist)', () => {
  const { ws } = scratch();
  fs.writeFileSync(path.join(ws, CONFIG_FILE_NAME), JSON.stringify({ catalogs: ['../../no-such-dir/x.json', '../outside-but-missing.json', 'missing-inside.json'] }));
  const config = new ConfigResolver().forLetter(path.join(ws, 'a.imr'), { root: ws });
  const errors = config.errors.join('\n');
  assert.match(errors, /"\.\.\/\.\.\/no-such-dir\/x\.json" is outside the folder of the config file/);
  assert.match(errors, /"\.\.\/outside-but-missing\.json" is outside the folder of the config file/);
  assert.deepEqual(config.catalogs, [path.join(ws, 'missing-inside.json')], 'a missing catalog inside is read, and reported as missing');
  assert.match(loadCatalogs(config.catalogs).errors.join('\n'), /cannot read the catalog: not found/);
});

test('ignoring a possible-phi finding names it by a fingerprint: that finding only, and no personal text in the entry', () => {
  const text = fs.readFileSync(path.join(repoRoot, 'examples/drafts/conflict-dates-phi.imr'), 'utf8');
  const letter = parseLetter(text);
  const phi = lintLetter(letter).filter((d) => d.rule === 'possible-phi');
  const onOneLine = phi.filter((d) => d.range.start.line === phi[0].range.start.line);
  assert.ok(onOneLine.length >= 2, 'the draft has two possible-phi findings on one line (a name and a phone number)');
  const entry = ignoreEntryFor(onOneLine[0], letter);
  assert.deepEqual(Object.keys(entry), ['rule', 'fingerprint']);
  assert.match(entry.fingerprint!, /^[0-9a-f]{14}$/);
  const written = JSON.stringify(withFileChange({}, 'drafts/a.imr', { kind: 'ignore', entry }));
  assert.doesNotMatch(written, /Alvarez|555|McMurray/, 'no letter text in the config');
  // Through validation (as read back from the file), it silences that one finding and not its neighbour.
  const { config, errors } = validateConfig(JSON.parse(written));
  assert.deepEqual(errors, []);
  const left = lintLetter(letter, { ignores: config.overrides[0].ignore }).filter((d) => d.rule === 'possible-phi');
  assert.equal(left.length, phi.length - 1);
  assert.ok(left.some((d) => d.message === onOneLine[1].message));
  // Other rules keep the readable line entry; a malformed fingerprint is an error, not a silent no-op.
  const other = lintLetter(letter).find((d) => d.rule !== 'possible-phi')!;
  assert.deepEqual(Object.keys(ignoreEntryFor(other, letter)), ['rule', 'line']);
  const bad = validateConfig({ overrides: [{ files: ['a.imr'], ignore: [{ rule: 'possible-phi', fingerprint: 'Dr. Alvarez' }] }] });
  assert.match(bad.errors.join('\n'), /fingerprint: must be the 14 hex digits a quick fix wrote/);
});

test('a catalog or config that is a broken or looping symbolic link says so (it was "file not found")', (t) => {
  if (process.platform === 'win32') return t.skip('symbolic links need privileges on Windows');
  const { ws } = scratch();
  fs.symlinkSync(path.join(ws, 'gone.json'), path.join(ws, 'dangling.json'));
  fs.symlinkSync('loop.json', path.join(ws, 'loop.json'));
  const errors = loadCatalogs([path.join(ws, 'dangling.json'), path.join(ws, 'loop.json'), path.join(ws, 'missing.json')]).errors;
  assert.match(errors[0], /dangling\.json: cannot read the catalog: not found: a symbolic link to nothing/);
  assert.match(errors[1], /loop\.json: cannot read the catalog: not found: a symbolic link that loops/);
  assert.match(errors[2], /missing\.json: cannot read the catalog: not found$/);
  assert.match(readConfigFile(path.join(ws, 'dangling.json')).errors.join('\n'), /dangling\.json: config file not found: a symbolic link to nothing$/);
});
