/**
 * imr-lint in worker threads (--jobs): the same output, messages, exit code and fixes as in one
 * thread, in the same order; and the progress line of a long run on a terminal.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import fsModule from 'fs';
import * as path from 'path';
import { defaultThreads, main, type CliIO } from '../../cli/src/imr-lint';
import { corpus, hasShared, repoRoot } from '../support/corpus';
import { scratchDir } from '../support/scratch';

const CLI = path.join(repoRoot, 'dist', 'imr-lint.js');

function lint(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, encoding: 'utf8', timeout: 120_000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A folder of letters: the published ones (when ../shared is there), the examples, PDF letters, an
 *  unreadable file and a sub-folder with a broken .imrlintrc.json (messages repeat per letter, reported once). */
function letterFolder(): string {
  const dir = scratchDir('imr-lint-jobs-');
  const examples = ['clean', 'drafts'].flatMap((d) => fs.readdirSync(path.join(repoRoot, 'examples', d)).map((f) => path.join(repoRoot, 'examples', d, f)));
  examples.forEach((f, i) => fs.copyFileSync(f, path.join(dir, `ex${i}_${path.basename(f)}`)));
  if (hasShared) corpus().slice(0, 120).forEach((l, i) => fs.writeFileSync(path.join(dir, `${String(i).padStart(3, '0')}.imr`), l.text));
  fs.writeFileSync(path.join(dir, 'binary.imr'), Buffer.from([0x43, 0x61, 0x00, 0x01, 0x02]));
  // PDF letters (read by pdf.js, also in a worker) and a damaged one.
  const pdfs = path.join(repoRoot, 'test/unit/fixtures/pdf');
  for (const f of ['CM17-0002106.pdf', 'CM16-0230548.pdf', 'encrypted-password.pdf']) fs.copyFileSync(path.join(pdfs, f), path.join(dir, f));
  const sub = path.join(dir, 'sub');
  fs.mkdirSync(sub);
  fs.writeFileSync(path.join(sub, '.imrlintrc.json'), '{ "rules": { "no-such-rule": "off", "possible-phi": "off" } }');
  for (const f of examples.slice(0, 4)) fs.copyFileSync(f, path.join(sub, path.basename(f)));
  return dir;
}

test('--jobs N gives the output, messages and exit code of one thread, in the same order', () => {
  const dir = letterFolder();
  try {
    for (const format of ['stylish', 'json', 'sarif']) {
      const one = lint(['--jobs', '1', '--format', format, '.'], dir);
      assert.equal(one.code, 2, one.stderr); // the binary file and the broken config
      assert.match(one.stderr, /binary\.imr: binary file/);
      assert.equal(one.stderr.match(/unknown rule "no-such-rule"/g)?.length, 1, one.stderr);
      for (const jobs of ['2', '3']) {
        const many = lint(['--jobs', jobs, '--format', format, '.'], dir);
        assert.equal(many.code, one.code);
        assert.equal(many.stdout, one.stdout, `--jobs ${jobs} --format ${format}`);
        assert.equal(many.stderr, one.stderr, `--jobs ${jobs} --format ${format}`);
      }
    }
    // --quiet and --rule pass through to the workers.
    const q1 = lint(['--jobs', '1', '-q', '--rule', 'missing-section=off', '.'], dir);
    const q2 = lint(['--jobs', '2', '-q', '--rule', 'missing-section=off', '.'], dir);
    assert.deepEqual(q2, q1);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('--fix in worker threads writes the same files as in one thread', () => {
  const a = letterFolder();
  const b = letterFolder();
  const untouched = letterFolder();
  try {
    const one = lint(['--jobs', '1', '--fix', '--format', 'json', '.'], a);
    const many = lint(['--jobs', '2', '--fix', '--format', 'json', '.'], b);
    assert.equal(many.code, one.code);
    assert.equal(many.stdout, one.stdout);
    const files = (dir: string) => fs.readdirSync(dir, { recursive: true }).map(String).filter((f) => fs.statSync(path.join(dir, f)).isFile()).sort();
    assert.deepEqual(files(b), files(a));
    let fixed = 0;
    for (const f of files(a)) {
      const bytes = fs.readFileSync(path.join(a, f));
      assert.ok(bytes.equals(fs.readFileSync(path.join(b, f))), f);
      if (!bytes.equals(fs.readFileSync(path.join(untouched, f)))) fixed++;
    }
    assert.ok(fixed > 0, 'some letters were fixed');
  } finally {
    for (const d of [a, b, untouched]) fs.rmSync(d, { recursive: true, force: true });
  }
});

test('--jobs must be a number of threads', () => {
  assert.equal(lint(['--jobs', '-1', 'examples/clean/lumbar-therapy.imr'], repoRoot).code, 2);
  for (const bad of ['0', 'x', '1.5', '999']) {
    const r = lint(['--jobs', bad, 'examples/clean/lumbar-therapy.imr'], repoRoot);
    assert.equal(r.code, 2, bad);
    assert.match(r.stderr, /--jobs expects a number of threads/);
  }
  assert.match(lint(['--help'], repoRoot).stdout, /-j, --jobs <n>/);
});

function fakeIO(stderrIsTTY: boolean): CliIO & { out: string; err: string } {
  const io = { out: '', err: '', cwd: repoRoot, isTTY: false, stderrIsTTY, stdout: (s: string) => void (io.out += s), stderr: (s: string) => void (io.err += s) };
  return io;
}

test('a long run on a terminal shows a progress line on stderr, erased at the end; never in JSON or SARIF, nor when piped', async () => {
  const dir = scratchDir('imr-lint-progress-');
  try {
    const letter = fs.readFileSync(path.join(repoRoot, 'examples/clean/lumbar-therapy.imr'));
    for (let i = 0; i < 60; i++) fs.writeFileSync(path.join(dir, `${i}.imr`), letter);
    const tty = fakeIO(true);
    assert.equal(await main(['--jobs', '1', dir], tty), 0);
    const ERASE = '\r\x1b[2K';
    assert.ok(tty.err.startsWith(`${ERASE}imr-lint: `), JSON.stringify(tty.err.slice(0, 40)));
    assert.ok(tty.err.endsWith(`${ERASE}imr-lint: 60/60 files${ERASE}`), JSON.stringify(tty.err.slice(-60)));
    assert.match(tty.out, /60 files checked, no problems/);
    assert.doesNotMatch(tty.out, /imr-lint: \d+\/60/);
    for (const [args, isTTY] of [[['--format', 'json'], true], [['--format', 'sarif'], true], [[], false]] as const) {
      const io = fakeIO(isTTY);
      await main(['--jobs', '1', ...args, dir], io);
      assert.equal(io.err, '', `${args.join(' ')} ${isTTY ? 'on a terminal' : 'piped'}`);
    }
    // A short run shows none.
    const short = fakeIO(true);
    await main(['examples/clean/lumbar-therapy.imr'], short);
    assert.equal(short.err, '');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('one run looks up each folder\'s config once, not once per letter, and still applies it', async () => {
  const dir = scratchDir('imr-lint-config-lookups-');
  // The module itself (an `import *` namespace has only getters); the CLI's own import reads through to it.
  const nodeFs = fsModule as { statSync: typeof fs.statSync };
  const statSync = nodeFs.statSync;
  try {
    const deep = path.join(dir, 'a', 'b', 'c');
    fs.mkdirSync(deep, { recursive: true });
    fs.writeFileSync(path.join(dir, 'a', '.imrlintrc.json'), '{ "rules": { "possible-phi": "off" } }');
    const letter = fs.readFileSync(path.join(repoRoot, 'examples/drafts/conflict-dates-phi.imr'));
    for (let i = 0; i < 40; i++) fs.writeFileSync(path.join(deep, `${i}.imr`), letter);
    let lookups = 0;
    nodeFs.statSync = ((p: fs.PathLike, ...rest: unknown[]) => {
      if (String(p).endsWith('.imrlintrc.json')) lookups++;
      return (statSync as (...a: unknown[]) => unknown)(p, ...rest);
    }) as typeof fs.statSync;
    const io = fakeIO(false);
    await main(['--jobs', '1', '--format', 'json', dir], io);
    nodeFs.statSync = statSync;
    // c and b have none, a has one: 3 lookups for 40 letters (it was 3 × 40).
    assert.ok(lookups <= 3, `${lookups} config lookups for 40 letters in one folder`);
    const results = (JSON.parse(io.out) as { files: { diagnostics: { rule: string }[] }[] }).files;
    assert.equal(results.length, 40);
    assert.ok(results.every((r) => r.diagnostics.length > 0 && !r.diagnostics.some((d) => d.rule === 'possible-phi')), 'the config still applies');
  } finally {
    nodeFs.statSync = statSync;
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a folder walk opens each .txt letter once: whether it is a letter is told from the read that lints it', async () => {
  const dir = scratchDir('imr-lint-opens-');
  const nodeFs = fsModule as { openSync: typeof fs.openSync };
  const openSync = nodeFs.openSync;
  try {
    const letter = fs.readFileSync(path.join(repoRoot, 'examples/clean/two-items.txt'));
    for (let i = 0; i < 30; i++) fs.writeFileSync(path.join(dir, `${i}.txt`), letter);
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'Not a letter.\n');
    let opens = 0;
    nodeFs.openSync = ((...args: unknown[]) => {
      if (String(args[0]).startsWith(dir)) opens++;
      return (openSync as (...a: unknown[]) => number)(...args);
    }) as typeof fs.openSync;
    const io = fakeIO(false);
    await main(['--jobs', '1', '--format', 'json', dir], io);
    nodeFs.openSync = openSync;
    assert.equal((JSON.parse(io.out) as { files: unknown[] }).files.length, 30);
    assert.ok(opens <= 31, `${opens} opens for 31 .txt files`);
  } finally {
    nodeFs.openSync = openSync;
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the default: one thread below 1,000 files, or below 10,000 on 2 or 3 cores (where two workers were slower than one up to about 6,000 letters)', () => {
  assert.equal(defaultThreads(999, 8), 1);
  assert.equal(defaultThreads(1000, 8), 8);
  assert.equal(defaultThreads(1000, 4), 4);
  assert.equal(defaultThreads(5335, 2), 1);
  assert.equal(defaultThreads(9999, 3), 1);
  assert.equal(defaultThreads(10_000, 2), 2);
  assert.equal(defaultThreads(100_000, 1), 1);
});
