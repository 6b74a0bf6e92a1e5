/**
 * imr-lint --fix never loses a letter: it writes in place in the file's own encoding and keeps
 * what belongs to the file (mode, owner, links, byte order mark), and refuses what it cannot
 * write safely. Each test runs the built CLI (IMR_LINT_CLI may point at another build).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot } from '../support/corpus';
import { scratchDir } from '../support/scratch';

const CLI = process.env.IMR_LINT_CLI ? path.resolve(process.env.IMR_LINT_CLI) : path.join(repoRoot, 'dist', 'imr-lint.js');

function lint(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Runs the CLI in a node process that first runs `setup` (with `fs`, `file` and the process id in scope). */
function lintWith(setup: string, file: string, cwd: string) {
  const script = `const fs = require('fs'); const file = ${JSON.stringify(file)};\n${setup}\nvoid require(${JSON.stringify(CLI)}).main(['--fix', file], { stdout: (s) => process.stdout.write(s), stderr: (s) => process.stderr.write(s), cwd: ${JSON.stringify(cwd)}, isTTY: false }).then((code) => { process.exitCode = code; });`;
  const r = spawnSync(process.execPath, ['-e', script], { cwd, encoding: 'utf8', timeout: 60_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tempDir = () => scratchDir('imr-fix-write-');

/** A clean letter with a non-ASCII word and one fixable finding (a stray BEL control character), and the text --fix makes of it. */
const clean = fs.readFileSync(path.join(repoRoot, 'examples/clean/lumbar-therapy.imr'), 'utf8');
assert.ok(clean.includes('warehouse lead'));
const BROKEN = clean.replace('warehouse lead', 'warehouse lead (entrepôt)\x07');
const FIXED = clean.replace('warehouse lead', 'warehouse lead (entrepôt)');
const BOM8 = Buffer.from([0xef, 0xbb, 0xbf]);
const utf16be = (s: string) => Buffer.from(s, 'utf16le').swap16();

test('--fix keeps a UTF-8 byte order mark', () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'a.imr'), Buffer.concat([BOM8, Buffer.from(BROKEN)]));
  const r = lint(['--fix', 'a.imr'], dir);
  assert.equal(r.code, 0, r.stderr + r.stdout);
  assert.deepEqual(fs.readFileSync(path.join(dir, 'a.imr')), Buffer.concat([BOM8, Buffer.from(FIXED)]));
});

test('--fix reads and writes UTF-16 LE and BE with their byte order mark', () => {
  const dir = tempDir();
  const cases = [
    { name: 'le.imr', before: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(BROKEN, 'utf16le')]), after: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(FIXED, 'utf16le')]) },
    { name: 'be.imr', before: Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(BROKEN)]), after: Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be(FIXED)]) },
  ];
  for (const c of cases) fs.writeFileSync(path.join(dir, c.name), c.before);
  const r = lint(['--fix', '-f', 'json', 'le.imr', 'be.imr'], dir);
  assert.equal(r.code, 0, r.stderr);
  for (const f of JSON.parse(r.stdout).files) assert.deepEqual(f.diagnostics, [], f.path);
  for (const c of cases) assert.deepEqual(fs.readFileSync(path.join(dir, c.name)), c.after, c.name);
});

test('--fix leaves a Latin-1 / Windows-1252 letter untouched and says why (exit 2)', () => {
  const dir = tempDir();
  const latin1 = Buffer.from(BROKEN.replace('’', "'"), 'latin1');
  fs.writeFileSync(path.join(dir, 'a.imr'), latin1);
  const r = lint(['--fix', 'a.imr'], dir);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /a\.imr: not fixed: the file is not UTF-8 .*Convert it to UTF-8/);
  assert.deepEqual(fs.readFileSync(path.join(dir, 'a.imr')), latin1, 'every byte as it was');
});

test('--fix keeps the mode of a private (0600) letter', () => {
  const dir = tempDir();
  const file = path.join(dir, 'a.imr');
  fs.writeFileSync(file, BROKEN);
  fs.chmodSync(file, 0o600);
  const r = lint(['--fix', 'a.imr'], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(fs.readFileSync(file, 'utf8'), FIXED);
  assert.equal(fs.statSync(file).mode & 0o777, 0o600);
});

test('--fix keeps the owner of the letter', (t) => {
  if (process.getuid?.() !== 0) return t.skip('needs root to give the file another owner');
  const dir = tempDir();
  const file = path.join(dir, 'a.imr');
  fs.writeFileSync(file, BROKEN);
  fs.chownSync(file, 4321, 4322);
  const r = lint(['--fix', 'a.imr'], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(fs.readFileSync(file, 'utf8'), FIXED);
  const st = fs.statSync(file);
  assert.deepEqual([st.uid, st.gid], [4321, 4322]);
});

test('--fix writes through a hard link: both names keep one fixed file', () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'a.imr'), BROKEN);
  fs.linkSync(path.join(dir, 'a.imr'), path.join(dir, 'b.txt'));
  const r = lint(['--fix', 'a.imr'], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(fs.readFileSync(path.join(dir, 'b.txt'), 'utf8'), FIXED);
  assert.equal(fs.statSync(path.join(dir, 'a.imr')).ino, fs.statSync(path.join(dir, 'b.txt')).ino);
});

test('--fix writes through a symbolic link to its target and keeps the link', () => {
  const dir = tempDir();
  fs.mkdirSync(path.join(dir, 'store'));
  fs.writeFileSync(path.join(dir, 'store', 'target.imr'), BROKEN);
  fs.symlinkSync(path.join('store', 'target.imr'), path.join(dir, 'link.imr'));
  const r = lint(['--fix', 'link.imr'], dir);
  assert.equal(r.code, 0, r.stderr);
  assert.ok(fs.lstatSync(path.join(dir, 'link.imr')).isSymbolicLink(), 'still a link');
  assert.equal(fs.readFileSync(path.join(dir, 'store', 'target.imr'), 'utf8'), FIXED);
});

test('--fix refuses a read-only letter with a clear message (exit 2) and leaves it as it was', () => {
  const dir = tempDir();
  const file = path.join(dir, 'a.imr');
  fs.writeFileSync(file, BROKEN);
  fs.chmodSync(file, 0o444);
  const r = lint(['--fix', 'a.imr'], dir);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /a\.imr: not fixed: the file is read-only/);
  assert.equal(fs.readFileSync(file, 'utf8'), BROKEN);
  assert.equal(fs.statSync(file).mode & 0o777, 0o444);
});

test('--fix never follows a link planted where a temporary file could be written', () => {
  const dir = tempDir();
  const file = path.join(dir, 'a.imr');
  const victim = path.join(dir, 'victim.txt');
  fs.writeFileSync(file, BROKEN);
  fs.writeFileSync(victim, 'precious\n');
  // The old writer used "<file>.imr-lint-<pid>.tmp": plant a link there to another file.
  const r = lintWith(`fs.symlinkSync(${JSON.stringify(victim)}, file + '.imr-lint-' + process.pid + '.tmp');`, file, dir);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(fs.readFileSync(victim, 'utf8'), 'precious\n', 'the link target is untouched');
  assert.ok(fs.lstatSync(file).isFile(), 'the letter is still a regular file');
  assert.equal(fs.readFileSync(file, 'utf8'), FIXED);
});

test('--fix does not overwrite text another program wrote after the letter was read', () => {
  const dir = tempDir();
  const file = path.join(dir, 'a.imr');
  fs.writeFileSync(file, BROKEN);
  // Right after imr-lint reads the letter, "another program" appends to it.
  const r = lintWith(
    `const read = fs.readFileSync; let done = false;
     fs.readFileSync = function (p, ...rest) { const out = read.call(this, p, ...rest); if (!done && p === file) { done = true; fs.appendFileSync(file, 'APPENDED BY ANOTHER PROGRAM\\n'); } return out; };`,
    file,
    dir,
  );
  assert.equal(r.code, 2);
  assert.match(r.stderr, /a\.imr: not fixed: the file changed since it was read/);
  assert.equal(fs.readFileSync(file, 'utf8'), BROKEN + 'APPENDED BY ANOTHER PROGRAM\n');
});

test('--fix says on stderr what it wrote, and that a second run has nothing to fix; a CRLF letter stays CRLF', () => {
  const dir = tempDir();
  fs.writeFileSync(path.join(dir, 'a.imr'), BROKEN);
  fs.writeFileSync(path.join(dir, 'clean.imr'), clean);
  const draft = fs.readFileSync(path.join(repoRoot, 'examples/drafts/structure-errors.imr'), 'utf8').replace(/\r?\n/g, '\r\n');
  fs.writeFileSync(path.join(dir, 'crlf.imr'), draft);
  const first = lint(['--fix', '.'], dir);
  assert.match(first.stderr, /^imr-lint: --fix: \d+ fixes written to 2 files: a\.imr, crlf\.imr$/m, first.stderr);
  assert.doesNotMatch(first.stdout, /--fix/, 'the report on stdout is unchanged');
  assert.doesNotMatch(fs.readFileSync(path.join(dir, 'crlf.imr'), 'utf8'), /[^\r]\n/, 'no bare LF written into a CRLF letter');
  const second = lint(['--fix', '.'], dir);
  assert.match(second.stderr, /^imr-lint: --fix: nothing to fix, no file written$/m);
});

/** Makes the setup of `lintWith` fail the letter's writes as `when` says (`pos` is the file offset written at, `n` the call's number from 0). */
const failWrites = (when: string) => `
  const open = fs.openSync, write = fs.writeSync; let letterFd = -1, n = 0;
  fs.openSync = function (p, ...rest) { const fd = open.call(this, p, ...rest); if (p === file) letterFd = fd; return fd; };
  fs.writeSync = function (fd, buf, off, len, pos) {
    if (fd === letterFd && (${when})) { n++; const e = new Error('ENOSPC: no space left on device, write'); e.code = 'ENOSPC'; throw e; }
    if (fd === letterFd) n++;
    return write.apply(this, arguments);
  };`;

// A fix that makes the letter longer ("Uphel" → "Upheld"), and one that makes it shorter (BROKEN → FIXED).
const GROWS = clean.replace(': Upheld', ': Uphel');
assert.notEqual(GROWS, clean);

test('--fix leaves the letter whole when the disk is full (a fix that makes it longer)', () => {
  const dir = tempDir();
  const file = path.join(dir, 'a.imr');
  fs.writeFileSync(file, GROWS);
  // The part beyond the old length is written first: that write fails.
  const r = lintWith(failWrites('pos > 0'), file, dir);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /a\.imr: not fixed: could not write the fixes \(ENOSPC[^)]*\); the file is unchanged/);
  assert.match(r.stderr, /^imr-lint: --fix: no file written: 1 file with fixes not written \(see above\)$/m);
  assert.equal(fs.readFileSync(file, 'utf8'), GROWS);
});

test('--fix puts the old text back when a write fails half way (a fix that makes it shorter)', () => {
  const dir = tempDir();
  const file = path.join(dir, 'a.imr');
  fs.writeFileSync(file, BROKEN);
  // The first write over the letter writes part of it, the next fails; writing the old text back succeeds.
  const partial = `
  const open = fs.openSync, write = fs.writeSync; let letterFd = -1, n = 0;
  fs.openSync = function (p, ...rest) { const fd = open.call(this, p, ...rest); if (p === file) letterFd = fd; return fd; };
  fs.writeSync = function (fd, buf, off, len, pos) {
    if (fd !== letterFd) return write.apply(this, arguments);
    n++;
    if (n === 1) return write.call(this, fd, buf, off, 100, pos);
    if (n === 2) { const e = new Error('EIO: i/o error, write'); e.code = 'EIO'; throw e; }
    return write.apply(this, arguments);
  };`;
  const r = lintWith(partial, file, dir);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /a\.imr: not fixed: could not write the fixes \(EIO[^)]*\); the file is unchanged/);
  assert.equal(fs.readFileSync(file, 'utf8'), BROKEN);
});

test('--fix says the letter may be damaged when even the old text cannot be written back', () => {
  const dir = tempDir();
  const file = path.join(dir, 'a.imr');
  fs.writeFileSync(file, BROKEN);
  const r = lintWith(failWrites('true'), file, dir);
  assert.equal(r.code, 2, r.stderr);
  assert.match(r.stderr, /a\.imr: could not write the fixes \(ENOSPC[^)]*\), nor put the old text back: the file may be damaged; restore it from a copy/);
});

test('--fix over the file size limit (ulimit -f) leaves the letter as it was', { skip: process.platform === 'win32' || !fs.existsSync('/bin/bash') }, () => {
  const dir = tempDir();
  const file = path.join(dir, 'a.imr');
  // A letter of exactly 5 KB (white space at its end), whose fix adds a character.
  const text = GROWS.trimEnd() + '\n';
  fs.writeFileSync(file, text + ' '.repeat(5120 - Buffer.byteLength(text) - 1) + '\n');
  const before = fs.readFileSync(file);
  const r = spawnSync('/bin/bash', ['-c', `ulimit -f 5; exec "${process.execPath}" "${CLI}" --fix a.imr`], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 2, r.stderr);
  assert.match(r.stderr, /a\.imr: not fixed: could not write the fixes \(EFBIG[^)]*\); the file is unchanged/);
  assert.deepEqual(fs.readFileSync(file), before);
});
