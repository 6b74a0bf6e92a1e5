/**
 * imr-lint with awkward inputs and outputs: hostile file names, a reader that goes away, empty
 * files, symbolic links out of the tree, the same file named twice, a file that cannot be read.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot } from '../support/corpus';
import { scratchDir } from '../support/scratch';

const CLI = process.env.IMR_LINT_CLI ? path.resolve(process.env.IMR_LINT_CLI) : path.join(repoRoot, 'dist', 'imr-lint.js');

function lint(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 30_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr, signal: r.signal };
}

const tempDir = () => scratchDir('imr-lint-inputs-');
const clean = fs.readFileSync(path.join(repoRoot, 'examples/clean/lumbar-therapy.imr'), 'utf8');
const draft = fs.readFileSync(path.join(repoRoot, 'examples/drafts/missing-case-summary.imr'), 'utf8');

test('stylish output escapes control characters in file names (no terminal escape reaches the screen)', () => {
  const dir = tempDir();
  const name = 'evil\x1b]0;owned\x07\x1b[2J\rname.imr';
  fs.writeFileSync(path.join(dir, name), draft);
  const r = lint(['--no-color', '.'], dir);
  assert.equal(r.code, 1, r.stderr);
  // eslint-disable-next-line no-control-regex -- looking for raw control characters
  assert.doesNotMatch(r.stdout + r.stderr, /[\x00-\x08\x0b-\x1f\x7f]/, 'no raw control character in the output');
  assert.match(r.stdout, /^evil\\x1b\]0;owned\\x07\\x1b\[2J\\x0dname\.imr:\d+:\d+ {2}error/m);
});

test('a reader that goes away (imr-lint … | head -1) ends quietly, without a stack trace', () => {
  const dir = tempDir();
  // Thousands of findings: far more output than a pipe holds.
  fs.writeFileSync(path.join(dir, 'many.imr'), clean.replace('warehouse lead', 'warehouse lead' + '\x07 x'.repeat(3000)));
  const r = spawnSync('bash', ['-c', `"${process.execPath}" "${CLI}" many.imr | head -1; echo "status \${PIPESTATUS[0]}" >&2`], { cwd: dir, encoding: 'utf8', timeout: 30_000 });
  assert.match(r.stdout, /^many\.imr:25:\d+ {2}warning/);
  assert.equal(r.stdout.split('\n').filter(Boolean).length, 1);
  assert.doesNotMatch(r.stderr, /EPIPE|Error|at /, r.stderr);
  assert.match(r.stderr, /^status 0\n$/, 'exits with its own code (warnings only: 0)');
});

test('an empty .imr file is reported as information, not passed silently', () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'empty.imr'), '');
  fs.writeFileSync(path.join(dir, 'blank.imr'), '\n  \r\n');
  const r = lint(['-f', 'json', 'empty.imr', 'blank.imr'], dir);
  assert.equal(r.code, 0, r.stderr);
  for (const f of JSON.parse(r.stdout).files) {
    assert.deepEqual(
      f.diagnostics.map((d: { rule: string; severity: string; message: string }) => `${d.rule} ${d.severity} ${d.message}`),
      ['missing-section info The file is empty: there is no IMR letter to check.'],
      f.path,
    );
  }
  assert.match(lint(['empty.imr'], dir).stdout, /^empty\.imr:1:1 {2}info {2}The file is empty/m);
  assert.equal(JSON.parse(lint(['-f', 'json', '--rule', 'missing-section=off', 'empty.imr'], dir).stdout).files[0].diagnostics.length, 0);
});

test('a text file that is not a letter is reported as information', () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'notes.imr'), 'Shopping list: milk, eggs.\n');
  const r = lint(['-f', 'json', 'notes.imr'], dir);
  assert.equal(r.code, 0, r.stderr);
  const [d] = JSON.parse(r.stdout).files[0].diagnostics;
  assert.equal(d.severity, 'info');
  assert.match(d.message, /No opening line or section heading of a known IMR letter layout/);
});

test('globs and folder walks do not follow symbolic links out of the tree, and lint each file once', () => {
  const dir = tempDir();
  fs.mkdirSync(path.join(dir, 'letters'));
  fs.mkdirSync(path.join(dir, 'outside'));
  fs.writeFileSync(path.join(dir, 'letters', 'a.imr'), clean);
  fs.writeFileSync(path.join(dir, 'outside', 'secret.imr'), draft);
  fs.symlinkSync(path.join(dir, 'outside', 'secret.imr'), path.join(dir, 'letters', 'linked.imr'));
  fs.symlinkSync(path.join(dir, 'outside'), path.join(dir, 'letters', 'linked-folder'));
  fs.symlinkSync('a.imr', path.join(dir, 'letters', 'same-as-a.imr'));
  const files = (args: string[]) => {
    const r = lint(['-f', 'json', ...args], dir);
    return JSON.parse(r.stdout).files.map((f: { path: string }) => f.path);
  };
  assert.deepEqual(files(['letters/**/*.imr']), ['letters/a.imr']);
  assert.deepEqual(files(['letters']), ['letters/a.imr']);
  assert.deepEqual(files(['letters', 'letters/a.imr', './letters/a.imr', 'letters/*.imr']), ['letters/a.imr']);
  // A link named on the command line is the user's choice: it is linted (once).
  assert.deepEqual(files(['letters/linked.imr', 'outside/secret.imr']), ['letters/linked.imr']);
  // A hard link is the same file too: linted, and under --fix written, once (two workers fixing it
  // by its two names reported "the file changed since it was read").
  fs.writeFileSync(path.join(dir, 'fix-me.imr'), readExampleDraft());
  fs.linkSync(path.join(dir, 'fix-me.imr'), path.join(dir, 'hard-link.imr'));
  assert.deepEqual(files(['fix-me.imr', 'hard-link.imr']), ['fix-me.imr']);
  const fixed = lint(['-f', 'json', '--fix', '--jobs', '2', 'fix-me.imr', 'hard-link.imr', 'letters/a.imr'], dir);
  assert.doesNotMatch(fixed.stderr, /changed since it was read/, fixed.stderr);
  assert.match(fixed.stderr, /written to 1 file: fix-me\.imr/);
});
const readExampleDraft = () => fs.readFileSync(path.join(repoRoot, 'examples/drafts/structure-errors.imr'), 'utf8');

test('an unreadable input (a FIFO) exits 2 with a message; the other files are still linted', (t) => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'a.imr'), clean);
  const mk = spawnSync('mkfifo', [path.join(dir, 'pipe.imr')]);
  if (mk.status !== 0) return t.skip('mkfifo is not available');
  const r = lint(['-f', 'json', 'pipe.imr', 'a.imr'], dir);
  assert.equal(r.signal, null, 'did not hang on the FIFO');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /pipe\.imr: not a regular file/);
  assert.deepEqual(JSON.parse(r.stdout).files.map((f: { path: string; error?: string }) => `${f.path} ${f.error ?? 'ok'}`), ['pipe.imr not a regular file (a device, FIFO or socket is never read)', 'a.imr ok']);
});

test('a folder walk never skips a letter silently: an unreadable folder or file, or a name that is not UTF-8, exits 2 with a message', (t) => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'a.imr'), clean);
  // A file name in Latin-1 (not UTF-8): the walk cannot open it by its name.
  const badName = Buffer.concat([Buffer.from(path.join(dir, 'bad')), Buffer.from([0xff, 0xfe]), Buffer.from('name.imr')]);
  try {
    fs.writeFileSync(badName, clean);
  } catch {
    return t.skip('the file system does not take a name that is not UTF-8');
  }
  const r = lint(['.'], dir);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /bad.*name\.imr: the name is not valid UTF-8/);
  assert.match(r.stdout, /1 file checked/);
  // Permissions: only when they hold for this user (root reads every file).
  const locked = path.join(dir, 'locked');
  fs.mkdirSync(locked);
  fs.writeFileSync(path.join(locked, 'b.imr'), clean);
  fs.chmodSync(locked, 0);
  let blocked = false;
  try {
    fs.readdirSync(locked);
  } catch {
    blocked = true;
  }
  try {
    if (!blocked) return;
    const l = lint(['locked'], dir);
    assert.equal(l.code, 2);
    assert.match(l.stderr, /locked: permission denied: the folder cannot be read/);
    assert.doesNotMatch(l.stderr, /no letters found/);
  } finally {
    fs.chmodSync(locked, 0o755);
  }
});

test('a Latin-1 letter is linted, with a note that it is not UTF-8 (its unreadable bytes are the U+FFFD findings); a UTF-8 letter gets no note', () => {
  const dir = tempDir();
  const latin1 = clean.replace('The expert reviewer', 'The expert r\u00e9viewer');
  assert.notEqual(latin1, clean);
  fs.writeFileSync(path.join(dir, 'latin1.imr'), Buffer.from(latin1, 'latin1'));
  fs.writeFileSync(path.join(dir, 'utf8.imr'), latin1, 'utf8');
  const r = lint(['latin1.imr', 'utf8.imr'], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /latin1\.imr: note: the file is not valid UTF-8/);
  assert.doesNotMatch(r.stderr, /utf8\.imr/);
  assert.match(r.stdout, /latin1\.imr:\d+:\d+ +warning +U\+FFFD/);
  assert.deepEqual(fs.readFileSync(path.join(dir, 'latin1.imr')), Buffer.from(latin1, 'latin1'), 'the file is unchanged');
  // A fixable finding in a file --fix would refuse to write is not counted as fixable.
  const uphold = latin1.replace(/: Upheld$/m, ': Uphold');
  assert.notEqual(uphold, latin1);
  fs.writeFileSync(path.join(dir, 'latin1.imr'), Buffer.from(uphold, 'latin1'));
  const refused = lint(['latin1.imr'], dir);
  assert.match(refused.stdout, /invalid-decision/);
  assert.doesNotMatch(refused.stdout, /can be fixed with --fix/);
  const json = JSON.parse(lint(['-f', 'json', 'latin1.imr'], dir).stdout);
  assert.ok(json.files[0].diagnostics.every((d: { fixable: boolean }) => !d.fixable));
  fs.writeFileSync(path.join(dir, 'utf8.imr'), uphold, 'utf8');
  assert.match(lint(['utf8.imr'], dir).stdout, /can be fixed with --fix/);
});

test('a UTF-16 letter with a lone surrogate or an odd byte at its end is linted as UTF-16 (not refused as binary), with a note; --fix leaves it as it was', () => {
  const dir = tempDir();
  const utf16 = (s: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(s, 'utf16le')]);
  const withUphold = clean.replace(/: Upheld$/m, ': Uphold');
  assert.notEqual(withUphold, clean);
  // A lone high surrogate inside a word, and a stray byte after the last character.
  const lone = utf16(withUphold.replace('The expert reviewer', 'The expert \ud800reviewer'));
  const odd = Buffer.concat([utf16(withUphold), Buffer.from([0x41])]);
  fs.writeFileSync(path.join(dir, 'lone.imr'), lone);
  fs.writeFileSync(path.join(dir, 'odd.imr'), odd);
  const r = lint(['--fix', 'lone.imr', 'odd.imr'], dir);
  assert.doesNotMatch(r.stderr, /binary/, r.stderr);
  assert.match(r.stderr, /lone\.imr: note: the file is UTF-16 but holds bytes that are not/);
  assert.match(r.stderr, /odd\.imr: not fixed: the file is UTF-16 with bytes that are not valid UTF-16/);
  assert.match(r.stdout, /lone\.imr:\d+:\d+ +warning +U\+FFFD/);
  assert.match(r.stdout, /odd\.imr:\d+:\d+ +error .*invalid-decision/);
  assert.deepEqual(fs.readFileSync(path.join(dir, 'lone.imr')), lone, 'the file is unchanged');
  assert.deepEqual(fs.readFileSync(path.join(dir, 'odd.imr')), odd, 'the file is unchanged');
});

test('a folder walk says what it leaves out: broken and looping links, links out of the folder; a UTF-16 .txt letter is read', () => {
  const dir = tempDir();
  fs.mkdirSync(path.join(dir, 'letters'));
  fs.mkdirSync(path.join(dir, 'outside'));
  fs.writeFileSync(path.join(dir, 'letters', 'a.imr'), clean);
  fs.writeFileSync(path.join(dir, 'outside', 'o.imr'), clean);
  fs.symlinkSync('gone.imr', path.join(dir, 'letters', 'dangling.imr'));
  fs.symlinkSync('loop2.imr', path.join(dir, 'letters', 'loop1.imr'));
  fs.symlinkSync('loop1.imr', path.join(dir, 'letters', 'loop2.imr'));
  fs.symlinkSync(path.join(dir, 'outside', 'o.imr'), path.join(dir, 'letters', 'out.imr'));
  const twoItems = fs.readFileSync(path.join(repoRoot, 'examples/clean/two-items.txt'), 'utf8');
  fs.writeFileSync(path.join(dir, 'letters', 'utf16.txt'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(twoItems, 'utf16le')]));
  const r = lint(['-f', 'json', 'letters'], dir);
  assert.deepEqual(JSON.parse(r.stdout).files.map((f: { path: string }) => f.path), ['letters/a.imr', 'letters/utf16.txt']);
  assert.match(r.stderr, /letters\/dangling\.imr: a broken symbolic link/);
  assert.match(r.stderr, /letters\/loop1\.imr: a symbolic link that loops/);
  assert.match(r.stderr, /letters\/out\.imr: skipped, a symbolic link to a file outside the folder/);
  assert.equal(r.code, 2, 'a broken link is unreadable input');
  // Named on the command line, the same links get the same words (not "no such file" or a raw ELOOP).
  const named = lint(['-f', 'json', 'letters/dangling.imr', 'letters/loop1.imr'], dir);
  assert.equal(named.code, 2);
  assert.deepEqual(JSON.parse(named.stdout).files.map((f: { error?: string }) => f.error), [
    'a broken symbolic link: its target does not exist',
    'a symbolic link that loops: it names no file',
  ]);
});

test('a FIFO named like a PDF letter is refused at once, not read (the read would wait for a writer forever)', (t) => {
  const dir = tempDir();
  const mk = spawnSync('mkfifo', [path.join(dir, 'pipe.pdf')]);
  if (mk.status !== 0) return t.skip('mkfifo is not available');
  const r = lint(['pipe.pdf'], dir);
  assert.equal(r.signal, null, 'did not hang on the FIFO');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /pipe\.pdf: not a regular file \(a device, FIFO or socket is never read\)/);
});

test('a folder walk says which FIFOs, devices and links to them it skips (it left them out without a word)', (t) => {
  if (process.platform === 'win32') return t.skip('no FIFOs');
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'a.imr'), clean);
  execFileSync('mkfifo', [path.join(dir, 'pipe.imr')]);
  fs.symlinkSync('/dev/zero', path.join(dir, 'zero.txt'));
  execFileSync('mkfifo', [path.join(dir, 'not-a-letter.json')]);
  const r = lint(['-f', 'json', '.'], dir);
  assert.deepEqual(JSON.parse(r.stdout).files.map((f: { path: string }) => f.path), ['a.imr']);
  assert.match(r.stderr, /pipe\.imr: skipped, not a regular file/);
  assert.match(r.stderr, /zero\.txt: skipped, a symbolic link to something that is not a regular file/);
  assert.doesNotMatch(r.stderr, /not-a-letter/);
  assert.equal(r.code, 0, 'left out on purpose, as a link outside the folder is');
});

test('a folder\'s .txt files that are not letters are left out without a word (notes, binary junk, a big log), from one read of each; a big letter is still reported', () => {
  const dir = tempDir();
  const mixed = path.join(dir, 'mixed');
  const notes = path.join(dir, 'notes-only');
  fs.mkdirSync(mixed);
  fs.mkdirSync(notes);
  fs.copyFileSync(path.join(repoRoot, 'examples/clean/two-items.txt'), path.join(mixed, 'a.txt'));
  fs.writeFileSync(path.join(mixed, 'notes.txt'), 'Call the claims adjuster on Monday.\nShopping: milk, eggs.\n');
  fs.writeFileSync(path.join(mixed, 'junk.txt'), Buffer.from([0x00, 0x01, 0xff, 0x00, 0x42]));
  fs.writeFileSync(path.join(mixed, 'big.txt'), 'log line\n'.repeat(2_000_000)); // 18 MB, over the limit for a letter
  fs.writeFileSync(path.join(notes, 'notes.txt'), 'Nothing here is a letter.\n');
  fs.writeFileSync(path.join(notes, 'readme.txt'), 'Nor here.\n');
  const r = lint(['--format', 'json', 'mixed', 'notes-only'], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout).files.map((f: { path: string }) => f.path), ['mixed/a.txt']);
  assert.equal(r.stderr, 'imr-lint: notes-only: no letters found in this folder\n');
  // A letter over the size limit is said, as before: its start is a letter's.
  fs.writeFileSync(path.join(mixed, 'big-letter.txt'), clean + 'x'.repeat(17 * 1024 * 1024));
  const big = lint(['--format', 'json', 'mixed'], dir);
  assert.equal(big.code, 2);
  assert.match(big.stderr, /mixed\/big-letter\.txt: file is 17 MB, over the 16 MB limit for a letter/);
  assert.deepEqual(JSON.parse(big.stdout).files.map((f: { path: string }) => f.path), ['mixed/a.txt', 'mixed/big-letter.txt']);
});

test('an empty argument is a usage error (exit 2), not the current folder: --fix "" rewrote every letter under it', () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'draft.imr'), draft);
  const r = lint(['--fix', ''], dir);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /an empty file or folder name was given/);
  assert.equal(fs.readFileSync(path.join(dir, 'draft.imr'), 'utf8'), draft, 'the letter is untouched');
});

test('a UTF-32 file is unreadable input (exit 2, saying so), not UTF-16 with NULs that passes and --fix rewrites', () => {
  const dir = tempDir();
  const le = Buffer.alloc(4 + draft.length * 4);
  le.writeUInt32LE(0xfeff, 0);
  [...draft].forEach((c, i) => le.writeUInt32LE(c.codePointAt(0)!, 4 + i * 4));
  fs.writeFileSync(path.join(dir, 'utf32.imr'), le.subarray(0, 4 + [...draft].length * 4));
  const before = fs.readFileSync(path.join(dir, 'utf32.imr'));
  const r = lint(['--fix', 'utf32.imr'], dir);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /the file is UTF-32, which is not read/);
  assert.ok(fs.readFileSync(path.join(dir, 'utf32.imr')).equals(before), 'not rewritten');
});

test('a report that cannot be written (a full disk) exits 2 with a message, not a stack trace and exit 1', (t) => {
  if (!fs.existsSync('/dev/full')) return t.skip('no /dev/full here');
  const out = fs.openSync('/dev/full', 'w');
  try {
    const r = spawnSync(process.execPath, [CLI, path.join(repoRoot, 'examples/clean/lumbar-therapy.imr')], { stdio: ['ignore', out, 'pipe'], encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 2, r.stderr);
    assert.match(r.stderr, /the report could not be written to the standard output \(ENOSPC\)/);
    assert.doesNotMatch(r.stderr, /\n\s+at /, 'no stack trace');
  } finally {
    fs.closeSync(out);
  }
});
