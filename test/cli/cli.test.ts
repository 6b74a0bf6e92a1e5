/** imr-lint as a user runs it: the built bundle, its exit codes and output formats. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { fileURLToPath } from 'url';
import { hasShared, repoRoot, SHARED_MISSING, sharedDir } from '../support/corpus';
import { scratchDir } from '../support/scratch';

const CLI = path.join(repoRoot, 'dist', 'imr-lint.js');

function lint(args: string[], cwd = repoRoot) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tempDir(): string {
  return scratchDir('imr-lint-test-');
}

test('a clean letter exits 0; a draft with an error exits 1 with a stylish line per finding', () => {
  const clean = lint(['examples/clean/lumbar-therapy.imr']);
  assert.equal(clean.code, 0, clean.stderr);
  assert.match(clean.stdout, /1 file checked, no problems/);
  const draft = lint(['examples/drafts/missing-case-summary.imr']);
  assert.equal(draft.code, 1);
  assert.match(
    draft.stdout,
    /^examples\/drafts\/missing-case-summary\.imr:\d+:\d+ {2}error {2}The required section "CLINICAL CASE SUMMARY" is missing\..* {2}missing-section$/m,
  );
});

test('--format json has the documented shape, one entry per file, ranges 0-based', () => {
  const r = lint(['--format', 'json', 'examples/clean/lumbar-therapy.imr', 'examples/drafts/missing-case-summary.imr']);
  assert.equal(r.code, 1);
  const json = JSON.parse(r.stdout);
  assert.deepEqual(Object.keys(json), ['version', 'files', 'summary']);
  assert.equal(json.version, 1);
  assert.deepEqual(json.files.map((f: { path: string }) => f.path), ['examples/clean/lumbar-therapy.imr', 'examples/drafts/missing-case-summary.imr']);
  assert.deepEqual(json.files[0].diagnostics, []);
  assert.equal(json.files[0].format, 'current');
  const d = json.files[1].diagnostics.find((x: { rule: string }) => x.rule === 'missing-section');
  assert.deepEqual(Object.keys(d), ['rule', 'severity', 'message', 'range', 'fixable']);
  assert.equal(d.severity, 'error');
  assert.equal(typeof d.fixable, 'boolean');
  // The finding points at the heading that follows the gap (line 21 in the file, 0-based 20).
  assert.deepEqual(d.range.start, { line: 20, character: 22 });
  assert.deepEqual(Object.keys(json.summary), ['files', 'errors', 'warnings', 'infos', 'hints']);
  assert.equal(json.summary.files, 2);
  assert.ok(json.summary.errors >= 1);
});

test('a missing file exits 2 with a message on stderr; the other files are still reported', () => {
  const r = lint(['--format', 'json', 'no/such/letter.imr', 'examples/clean/lumbar-therapy.imr']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /no\/such\/letter\.imr: no such file/);
  const json = JSON.parse(r.stdout);
  assert.equal(json.files.length, 2);
  assert.equal(json.files[1].path, 'examples/clean/lumbar-therapy.imr');
});

test('binary, empty and CRLF files get a clear answer, and no file is modified', () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'junk.imr'), Buffer.from([0, 1, 2, 255, 254, 0, 10]));
  fs.writeFileSync(path.join(dir, 'empty.imr'), '');
  const crlf = fs.readFileSync(path.join(repoRoot, 'examples/clean/lumbar-therapy.imr'), 'utf8').replace(/\n/g, '\r\n');
  fs.writeFileSync(path.join(dir, 'crlf.imr'), crlf);
  const before = fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f)).toString('base64'));
  const r = lint(['--format', 'json', 'junk.imr', 'empty.imr', 'crlf.imr'], dir);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /junk\.imr: binary file/);
  const json = JSON.parse(r.stdout);
  assert.deepEqual(json.files.map((f: { format: string }) => f.format), ['unknown', 'unknown', 'current']);
  assert.deepEqual(json.files[2].diagnostics, []);
  assert.deepEqual(fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f)).toString('base64')), before);
});

test('folders and globs: .imr files and .txt files that start like a letter', () => {
  const dir = tempDir();
  const letter = fs.readFileSync(path.join(repoRoot, 'examples/clean/lumbar-therapy.imr'), 'utf8');
  fs.mkdirSync(path.join(dir, 'sub'));
  fs.writeFileSync(path.join(dir, 'a.imr'), letter);
  fs.writeFileSync(path.join(dir, 'sub', 'b.txt'), letter);
  fs.writeFileSync(path.join(dir, 'notes.txt'), 'Shopping list\n');
  const folder = JSON.parse(lint(['-f', 'json', '.'], dir).stdout);
  assert.deepEqual(folder.files.map((f: { path: string }) => f.path), ['a.imr', 'sub/b.txt']);
  const glob = JSON.parse(lint(['-f', 'json', '**/*.txt'], dir).stdout);
  assert.deepEqual(glob.files.map((f: { path: string }) => f.path), ['notes.txt', 'sub/b.txt']);
  const none = lint(['*.doc'], dir);
  assert.equal(none.code, 2);
  assert.match(none.stderr, /no files match/);
});

test('usage errors exit 2', () => {
  assert.equal(lint([]).code, 2);
  assert.equal(lint(['--format', 'xml', 'examples']).code, 2);
  assert.equal(lint(['--rule', 'no-such-rule=off', 'examples']).code, 2);
  assert.equal(lint(['--bogus']).code, 2);
  assert.equal(lint(['--help']).code, 0);
});

test('--rule changes a severity: an error turned off exits 0', () => {
  const r = lint(['--rule', 'missing-section=off', 'examples/drafts/missing-case-summary.imr']);
  assert.equal(r.code, 0, r.stdout);
  const w = lint(['-f', 'json', '--rule', 'missing-section=warning', 'examples/drafts/missing-case-summary.imr']);
  assert.equal(w.code, 0);
  assert.equal(JSON.parse(w.stdout).summary.warnings, 1);
});

test('--format sarif is SARIF 2.1.0 with rules and 1-based regions', () => {
  const r = lint(['-f', 'sarif', 'examples/drafts/missing-case-summary.imr']);
  const sarif = JSON.parse(r.stdout);
  assert.equal(sarif.version, '2.1.0');
  const run = sarif.runs[0];
  assert.equal(run.tool.driver.name, 'imr-lint');
  assert.ok(run.tool.driver.rules.some((x: { id: string }) => x.id === 'missing-section'));
  const result = run.results.find((x: { ruleId: string }) => x.ruleId === 'missing-section');
  assert.equal(result.level, 'error');
  assert.equal(result.locations[0].physicalLocation.region.startLine, 21);
  assert.match(result.locations[0].physicalLocation.artifactLocation.uri, /^file:\/\/.*missing-case-summary\.imr$/);
  // helpUri is absolute (SARIF 2.1.0 §3.49.12): the rule's page as installed, which exists.
  for (const rule of run.tool.driver.rules as { id: string; helpUri: string }[]) {
    assert.match(rule.helpUri, new RegExp(`^file:///.*/docs/rules/${rule.id}\\.md$`));
    assert.ok(fs.existsSync(fileURLToPath(rule.helpUri)), `${rule.helpUri} exists`);
  }
  assert.ok(fs.existsSync(fileURLToPath(run.tool.driver.informationUri)), 'informationUri is the README');
});

test('SARIF from a bundle copied away from its rule pages has no links (they pointed at file:/docs/rules/...)', () => {
  const dir = tempDir();
  fs.copyFileSync(CLI, path.join(dir, 'imr-lint.js'));
  const r = spawnSync(process.execPath, [path.join(dir, 'imr-lint.js'), '-f', 'sarif', path.join(repoRoot, 'examples/drafts/missing-case-summary.imr')], { encoding: 'utf8', timeout: 30_000 });
  const driver = JSON.parse(r.stdout).runs[0].tool.driver;
  assert.equal(driver.informationUri, undefined);
  assert.ok(driver.rules.length > 0 && driver.rules.every((x: { helpUri?: string }) => x.helpUri === undefined));
});

test('SARIF: a run that exits 2 is not successful, and its notifications say why (a broken config, a glob that matches nothing)', () => {
  const dir = tempDir();
  fs.copyFileSync(path.join(repoRoot, 'examples/clean/lumbar-therapy.imr'), path.join(dir, 'a.imr'));
  fs.writeFileSync(path.join(dir, '.imrlintrc.json'), '{bad');
  const r = lint(['-f', 'sarif', 'a.imr', 'none/*.imr'], dir);
  assert.equal(r.code, 2);
  const invocation = JSON.parse(r.stdout).runs[0].invocations[0];
  assert.equal(invocation.executionSuccessful, false, 'it said true while the run exited 2');
  const texts = invocation.toolExecutionNotifications.map((n: { message: { text: string } }) => n.message.text);
  assert.ok(texts.some((t: string) => /\.imrlintrc\.json: Not valid JSON/.test(t)), JSON.stringify(texts));
  assert.ok(texts.includes('none/*.imr: no files match'), JSON.stringify(texts));
  const clean = JSON.parse(lint(['-f', 'sarif', 'examples/clean/lumbar-therapy.imr']).stdout).runs[0].invocations[0];
  assert.deepEqual(clean, { executionSuccessful: true, toolExecutionNotifications: [] });
});

test('the published letters in ../shared produce no error', (t) => {
  if (!hasShared) return t.skip(SHARED_MISSING);
  const r = lint(['-f', 'json', path.join(sharedDir, 'seeds'), path.join(sharedDir, 'real-letters')]);
  const json = JSON.parse(r.stdout);
  assert.equal(json.summary.files, 199 + 97); // 5 seeds, 97 letters in two text extractions, and their 97 PDFs
  const errors = json.files.flatMap((f: { path: string; diagnostics: { severity: string; rule: string; message: string }[] }) =>
    f.diagnostics.filter((d) => d.severity === 'error').map((d) => `${f.path}: ${d.rule}: ${d.message}`),
  );
  assert.deepEqual(errors, []);
  assert.equal(r.code, 0);
});

test('--catalog extends the guideline catalog; a bad catalog file exits 2 with a clear message', () => {
  const dir = tempDir();
  const letter = fs
    .readFileSync(path.join(repoRoot, 'examples/clean/lumbar-therapy.imr'), 'utf8')
    .replace('MTUS Low Back Complaints 2004, Section(s):\nSpecial Studies.', 'MTUS Hip and Pelvis Complaints 2004, Section(s):\nSpecial Studies.');
  fs.writeFileSync(path.join(dir, 'hip.imr'), letter);
  fs.writeFileSync(path.join(dir, 'extra.json'), JSON.stringify({ guidelines: [{ label: 'Hip and Pelvis Complaints', years: [2004], sections: ['Special Studies'] }] }));
  fs.writeFileSync(path.join(dir, 'broken.json'), '{ "guidelines": [ ');
  const without = JSON.parse(lint(['-f', 'json', 'hip.imr'], dir).stdout);
  assert.ok(without.files[0].diagnostics.some((d: { rule: string }) => d.rule === 'unknown-guideline'));
  const withCatalog = lint(['-f', 'json', '--catalog', 'extra.json', 'hip.imr'], dir);
  assert.deepEqual(JSON.parse(withCatalog.stdout).files[0].diagnostics, []);
  assert.equal(withCatalog.code, 0);
  const bad = lint(['--catalog', 'broken.json', 'hip.imr'], dir);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /broken\.json: not valid JSON/);
});

test('.imrlintrc.json found upward: rules, per-glob overrides and single-finding ignores; a broken one falls back and exits 2', () => {
  const dir = tempDir();
  const draft = fs.readFileSync(path.join(repoRoot, 'examples/drafts/missing-case-summary.imr'), 'utf8');
  fs.mkdirSync(path.join(dir, 'drafts', 'deep'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'drafts', 'deep', 'a.imr'), draft);
  fs.writeFileSync(path.join(dir, 'b.imr'), draft);
  const rules = (cwd: string, args: string[]) =>
    JSON.parse(lint(['-f', 'json', ...args], cwd).stdout).files.map((f: { path: string; diagnostics: { rule: string; severity: string }[] }) => [
      f.path,
      f.diagnostics.map((d) => `${d.rule}:${d.severity}`).join(','),
    ]);
  fs.writeFileSync(
    path.join(dir, '.imrlintrc.json'),
    JSON.stringify({ rules: { 'missing-section': 'warning' }, overrides: [{ files: ['drafts/**'], rules: { 'missing-section': 'off' } }] }),
  );
  assert.deepEqual(rules(dir, ['b.imr', 'drafts/deep/a.imr']), [
    ['b.imr', 'missing-section:warning'],
    ['drafts/deep/a.imr', ''],
  ]);
  // From a sub-folder the same config is found upward.
  assert.deepEqual(rules(path.join(dir, 'drafts'), ['deep/a.imr']), [['deep/a.imr', '']]);
  // --rule wins over the config file.
  assert.deepEqual(rules(dir, ['--rule', 'missing-section=error', 'drafts/deep/a.imr']), [['drafts/deep/a.imr', 'missing-section:error']]);
  // An ignore entry silences one finding by rule and line text, without touching the letter.
  const line = draft.split('\n')[20].trim();
  fs.writeFileSync(path.join(dir, '.imrlintrc.json'), JSON.stringify({ overrides: [{ files: ['b.imr'], ignore: [{ rule: 'missing-section', line }] }] }));
  assert.deepEqual(rules(dir, ['b.imr']), [['b.imr', '']]);
  // A broken config: one clear message, the defaults apply, exit 2.
  fs.writeFileSync(path.join(dir, '.imrlintrc.json'), '{ "rules": { "missing-section": "loud" } }');
  const broken = lint(['-f', 'json', 'b.imr', 'drafts/deep/a.imr'], dir);
  assert.equal(broken.code, 2);
  assert.equal(broken.stderr.trim().split('\n').length, 1, broken.stderr);
  assert.match(broken.stderr, /\.imrlintrc\.json: .*missing-section.*loud/);
  assert.deepEqual(JSON.parse(broken.stdout).files.map((f: { diagnostics: { severity: string }[] }) => f.diagnostics.map((d) => d.severity).join()), ['error', 'error']);
});

test('--fix applies the safe fixes and rewrites only the files it fixed', () => {
  const dir = tempDir();
  const broken = fs.readFileSync(path.join(repoRoot, 'examples/drafts/structure-errors.imr'), 'utf8');
  const clean = fs.readFileSync(path.join(repoRoot, 'examples/clean/lumbar-therapy.imr'), 'utf8');
  fs.writeFileSync(path.join(dir, 'broken.imr'), broken);
  fs.writeFileSync(path.join(dir, 'clean.imr'), clean);
  const cleanBefore = fs.statSync(path.join(dir, 'clean.imr')).mtimeMs;
  const before = JSON.parse(lint(['-f', 'json', 'broken.imr'], dir).stdout).files[0].diagnostics;
  const fixable = before.filter((d: { fixable: boolean }) => d.fixable);
  assert.ok(fixable.length >= 3, JSON.stringify(before));
  const after = JSON.parse(lint(['-f', 'json', '--fix', 'broken.imr', 'clean.imr'], dir).stdout).files;
  assert.equal(after[0].diagnostics.filter((d: { fixable: boolean }) => d.fixable).length, 0);
  // What is left needs a person: the inserted MAXIMUS guideline label still has no citation, an
  // error (the run still fails) until it is written.
  assert.deepEqual(after[0].diagnostics.map((d: { rule: string; message: string }) => `${d.rule}: ${d.message}`), [
    'placeholder-left: The skeleton placeholder "[CITATION]" is still in the letter: replace it with the guideline citation (e.g. "Decision based on MTUS …").',
  ]);
  const fixedText = fs.readFileSync(path.join(dir, 'broken.imr'), 'utf8');
  assert.notEqual(fixedText, broken);
  assert.ok(fixedText.includes('CLINICAL CASE SUMMARY') && !fixedText.includes('â€™'));
  assert.equal(fs.statSync(path.join(dir, 'clean.imr')).mtimeMs, cleanBefore, 'a file without fixes is not rewritten');
  assert.deepEqual(fs.readdirSync(dir).sort(), ['broken.imr', 'clean.imr'], 'no temporary files left');
});

test('the $imr-lint problem matcher in package.json reads every stylish line', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));
  const matcher = manifest.contributes.problemMatchers.find((m: { name: string }) => m.name === 'imr-lint');
  const re = new RegExp(matcher.pattern.regexp);
  const out = lint(['--no-color', 'examples/drafts']).stdout;
  const findingLines = out.split('\n').filter((l) => /^examples\//.test(l));
  assert.ok(findingLines.length >= 10);
  for (const line of findingLines) {
    const m = re.exec(line);
    assert.ok(m, `not matched: ${line}`);
    assert.ok(fs.existsSync(path.join(repoRoot, m[matcher.pattern.file])));
    assert.match(m[matcher.pattern.code], /^[a-z-]+$/);
  }
});

test('stylish output says how many findings --fix would repair, and --fix repairs that many', () => {
  const dir = tempDir();
  for (const f of fs.readdirSync(path.join(repoRoot, 'examples/drafts'))) fs.copyFileSync(path.join(repoRoot, 'examples/drafts', f), path.join(dir, f));
  const before = lint(['--no-color', '.'], dir);
  const total = Number(/^✖ (\d+) problems?/m.exec(before.stdout)?.[1]);
  const fixable = Number(/^ {2}(\d+) of them can be fixed with --fix\.$/m.exec(before.stdout)?.[1]);
  assert.ok(total > fixable && fixable > 0, before.stdout);
  const after = lint(['--no-color', '--fix', '.'], dir);
  // A label inserted where no text stands carries the skeleton's placeholder: one finding traded for
  // a placeholder-left error the author must still resolve.
  const placeholders = (out: string) => out.split('\n').filter((l) => /placeholder "\[(CITATION|RATIONALE)\]".*placeholder-left$/.test(l)).length;
  const added = placeholders(after.stdout) - placeholders(before.stdout);
  assert.ok(added >= 1, after.stdout);
  assert.equal(Number(/^✖ (\d+) problems?/m.exec(after.stdout)?.[1]), total - fixable + added, after.stdout);
  assert.doesNotMatch(after.stdout, /can be fixed with --fix/);
  // A clean letter: no such line.
  assert.doesNotMatch(lint(['--no-color', 'examples/clean/lumbar-therapy.imr']).stdout, /--fix/);
});

test('--quiet shows errors only, and says how many findings below error it left out', () => {
  // The draft's citation findings as warnings and notes only: without errors, --quiet must not say "no problems".
  const off = ['mtus-misclassified', 'unknown-guideline', 'chapter-title-mismatch', 'page-out-of-range'].flatMap((id) => ['--rule', `${id}=off`]);
  const args = ['examples/drafts/citation-errors.imr', '--rule', 'guideline-year-mismatch=warning', ...off];
  const loud = lint(args);
  assert.match(loud.stdout, /\(0 errors, 1 warning, 1 info\)/);
  const quiet = lint(['-q', ...args]);
  assert.equal(quiet.code, 0);
  assert.doesNotMatch(quiet.stdout, /warning {2}|no problems/);
  assert.match(quiet.stdout, /1 file checked, no errors\n {2}2 findings below error not shown \(--quiet\)\./);
  // A clean letter under --quiet is still "no problems", with nothing left out.
  assert.doesNotMatch(lint(['-q', 'examples/clean/lumbar-therapy.imr']).stdout, /not shown/);
});
