/**
 * imr-lint: lints IMR letters from the command line, with the same core as the editor.
 * Exit codes: 0 no errors, 1 errors found, 2 usage error or unreadable input (other files are
 * still linted and reported). It writes to a letter only under --fix.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { parseArgs } from 'util';
import { isMainThread, parentPort, Worker, workerData } from 'worker_threads';
// The CommonJS build: its ESM build breaks when bundled into a CommonJS file.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
import tinyglobby = require('tinyglobby');
import { parseLetter } from '../../server/src/core/parser';
import { lintLetter, type LintDiagnostic } from '../../server/src/core/lint';
import { RULES } from '../../server/src/core/rules';
import type { SeveritySetting } from '../../server/src/core/rules/types';
import { findLetterFiles } from '../../server/src/node/letterFiles';
import { loadCatalogs } from '../../server/src/node/catalogFiles';
import { isPdfFile } from '../../server/src/node/pdf';
import { readPdfLetterIsolated } from '../../server/src/node/pdfProcess';
import { ConfigResolver } from '../../server/src/node/configFiles';
import { fixAll } from '../../server/src/core/features/fixes';
import { SEVERITY_SETTINGS } from '../../server/src/core/config';
import { escapeControl, formatJson, formatSarif, formatStylish, summarize, type FileResult } from './formatters';
import { readLetter, unfixableReason, writeLetter } from './letterFile';

declare const IMR_VERSION: string | undefined;
/** The folder the CLI is installed in (dist/imr-lint.js, or out/cli/src/imr-lint.js when run from the compiled tests). */
/** The folder that holds docs/rules (the package root: above dist/, or above out/cli/src/); undefined when the bundle was copied away from it. */
const PACKAGE_ROOT = [path.resolve(__dirname, '..'), path.resolve(__dirname, '../../..')].find((root) => fs.existsSync(path.join(root, 'docs', 'rules')));
/**
 * Fewer files than this are linted in one thread by default: each worker pays its own start and
 * JIT warm-up (measured on 2 cores: about 1.3 s of CPU a worker, a third of it the optimising
 * compiler's own threads), which on 2 or 3 cores competes with the linting itself. On 2 cores two
 * workers were 0.8× one thread at 2,000 files, 0.95× at 5,335, 1.07× at 10,670 and 1.47× at
 * 42,680 (README, "Performance"). With 4 cores or more the warm-up runs beside the work; that
 * threshold is not measured here.
 */
const AUTO_JOBS_MIN_FILES_FEW_CORES = 10_000;
const AUTO_JOBS_MIN_FILES = 1000;
/** The default number of threads for `files` files on `cores` cores. */
export function defaultThreads(files: number, cores = availableCores()): number {
  return cores > 1 && files >= (cores <= 3 ? AUTO_JOBS_MIN_FILES_FEW_CORES : AUTO_JOBS_MIN_FILES) ? cores : 1;
}
/** Files handed to a worker at a time. */
const BATCH = 16;
/** A progress line is shown for runs of at least this many files. */
const PROGRESS_MIN_FILES = 50;
const VERSION = typeof IMR_VERSION === 'string' ? IMR_VERSION : '0.0.0-dev';

const HELP = `Usage: imr-lint [options] <files | folders | globs>...

Lints IMR Final Determination Letters. Folders are searched for *.imr files, for
*.txt files that start like a letter, and for *.pdf files (a PDF's text layer
is read; its findings give the line of the extracted text and the page). Settings come
from the nearest .imrlintrc.json above each letter; --rule and --catalog apply on top.

Options:
  -f, --format <name>    stylish (default), json or sarif
      --rule <id=level>  set a rule's severity: off, hint, info, warning, error (repeatable)
      --catalog <file>   extend the guideline catalog with a JSON catalog file (repeatable)
  -c, --config <file>    use this config file instead of the nearest .imrlintrc.json
      --fix              apply the safe fixes to the files (the only option that writes;
                         it never writes to a PDF)
  -q, --quiet            report errors only
  -j, --jobs <n>         lint in n worker threads (1: in this thread). Default: one per
                         core when there are at least ${AUTO_JOBS_MIN_FILES} files (${AUTO_JOBS_MIN_FILES_FEW_CORES}
                         with 2 or 3 cores), else 1; the output is the same, in the same
                         order, whatever n
      --no-color         plain output
  -h, --help             show this help
  -v, --version          show the version

Exit codes: 0 no errors, 1 errors found, 2 usage error or unreadable input.
`;

export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  /** stdout is a terminal (colours). */
  isTTY: boolean;
  /** stderr is a terminal (the progress line of a long run). */
  stderrIsTTY?: boolean;
}

/** What linting one file needs besides its name: the same in every worker. */
interface LintSettings {
  cwd: string;
  rules: Record<string, SeveritySetting>;
  cliCatalogs: string[];
  explicitConfig?: string;
  fix: boolean;
  quiet: boolean;
}

/** A file to lint; `sniff`: a .txt file found in a folder, linted only if it starts like a letter. */
interface LetterToLint {
  name: string;
  sniff: boolean;
}

/** One file's result and the messages it reports (in the order they arose). */
interface FileOutcome {
  /** Undefined for a .txt file of a folder that turned out not to be a letter (left out without a word). */
  result?: FileResult;
  reports: string[];
  inputError: boolean;
  /** Under --fix: the file had fixes but they were not written (read-only, not UTF-8, changed meanwhile, the write failed). */
  notFixed?: boolean;
}

const GLOB_CHARS = /[*?[\]{}]/;

export async function main(argv: string[], io: CliIO): Promise<number> {
  let args;
  try {
    args = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', short: 'f', default: 'stylish' },
        rule: { type: 'string', multiple: true },
        catalog: { type: 'string', multiple: true },
        config: { type: 'string', short: 'c' },
        fix: { type: 'boolean' },
        quiet: { type: 'boolean', short: 'q' },
        jobs: { type: 'string', short: 'j' },
        'no-color': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
      },
    });
  } catch (err) {
    io.stderr(`imr-lint: ${(err as Error).message}\n\n${HELP}`);
    return 2;
  }
  const { values, positionals } = args;
  if (values.help) {
    io.stdout(HELP);
    return 0;
  }
  if (values.version) {
    io.stdout(`${VERSION}\n`);
    return 0;
  }
  const format = values.format!;
  if (!['stylish', 'json', 'sarif'].includes(format)) {
    io.stderr(`imr-lint: unknown format "${format}" (use stylish, json or sarif)\n`);
    return 2;
  }
  const rules: Record<string, SeveritySetting> = {};
  for (const spec of values.rule ?? []) {
    const m = /^([a-z0-9-]+)=(\w+)$/.exec(spec);
    if (!m || !(SEVERITY_SETTINGS as readonly string[]).includes(m[2])) {
      io.stderr(`imr-lint: --rule expects <id>=<off|hint|info|warning|error>, got "${spec}"\n`);
      return 2;
    }
    if (!RULES.some((r) => r.id === m[1])) {
      io.stderr(`imr-lint: unknown rule "${m[1]}" (known: ${RULES.map((r) => r.id).join(', ')})\n`);
      return 2;
    }
    rules[m[1]] = m[2] as SeveritySetting;
  }
  const cliCatalogs = (values.catalog ?? []).map((f) => path.resolve(io.cwd, f));
  const explicitConfig = values.config ? path.resolve(io.cwd, values.config) : undefined;
  if (explicitConfig && !fs.existsSync(explicitConfig)) {
    io.stderr(`imr-lint: config file not found: ${values.config}\n`);
    return 2;
  }
  let jobs: number | undefined;
  if (values.jobs !== undefined) {
    jobs = /^\d+$/.test(values.jobs) ? Number(values.jobs) : NaN;
    if (!(jobs >= 1 && jobs <= 256)) {
      io.stderr(`imr-lint: --jobs expects a number of threads from 1 to 256, got "${values.jobs}"\n`);
      return 2;
    }
  }
  if (positionals.length === 0) {
    io.stderr(`imr-lint: no files given\n\n${HELP}`);
    return 2;
  }
  // An empty argument (an unset shell variable: imr-lint --fix "$DIR") would name the current
  // folder, and --fix would rewrite every letter under it.
  if (positionals.some((p) => p.trim() === '')) {
    io.stderr('imr-lint: an empty file or folder name was given (an unset variable?); name the files or folders to lint, "." for the current folder\n');
    return 2;
  }

  let inputError = false;
  /** The messages that make the run exit 2, for SARIF's notifications (stderr has them all). */
  const failures: string[] = [];
  const failureSet = new Set<string>(); // (a Set: a config of 20,000 errors, reported for each letter, made the run quadratic)
  const addFailure = (m: string) => {
    if (failureSet.has(m)) return;
    failureSet.add(m);
    failures.push(m);
  };
  const reported = new Set<string>();
  const report = (message: string) => {
    if (reported.has(message)) return;
    reported.add(message);
    io.stderr(`imr-lint: ${escapeControl(message)}\n`);
  };
  // Each file to lint, and whether it is a .txt file found in a folder: such a file is linted only
  // if it starts like a letter, which is told when it is read (not by opening it twice).
  const files: { name: string; sniff: boolean }[] = [];
  // The folders given whose files are all of that kind (their places in `files`): whether to say
  // "no letters found" there waits until they are read.
  const folders: { input: string; start: number; end: number }[] = [];
  for (const input of positionals) {
    const abs = path.resolve(io.cwd, input);
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(abs);
    } catch {
      stat = undefined;
    }
    if (stat?.isDirectory()) {
      let unreadable = 0;
      // No cap: the archive of published decisions is hundreds of thousands of letters (the walk's
      // default of 100,000 left the rest out without a word).
      const found = findLetterFiles(abs, Infinity, {
        pdf: true,
        sniff: false,
        onUnreadable: (file, reason) => {
          unreadable++;
          const message = `${escapeControl(path.join(input, path.relative(abs, file)) || input)}: ${reason}`;
          report(message);
          addFailure(message);
          inputError = true;
        },
        onSkipped: (file, reason) => report(`${escapeControl(path.join(input, path.relative(abs, file)))}: ${reason}`),
      });
      if (found.length === 0 && unreadable === 0) report(`${escapeControl(input)}: no letters found in this folder`);
      const start = files.length;
      let allTxt = true;
      for (const f of found) {
        // (a loop: a spread of 200,000 overflows the stack)
        const sniff = path.extname(f).toLowerCase() === '.txt';
        allTxt &&= sniff;
        files.push({ name: path.join(input, path.relative(abs, f)), sniff });
      }
      if (found.length > 0 && unreadable === 0 && allTxt) folders.push({ input, start, end: files.length });
    } else if (stat || !GLOB_CHARS.test(input)) {
      files.push({ name: input, sniff: false }); // a missing plain path is reported as unreadable below
    } else {
      const found = globLetters(input, io.cwd, report);
      if (found.length === 0) {
        report(`${escapeControl(input)}: no files match`);
        addFailure(`${escapeControl(input)}: no files match`);
        inputError = true;
      }
      for (const f of found) files.push({ name: f, sniff: false }); // (not push(...found): a folder of 200,000 letters overflows the stack)
    }
  }

  // Each file once, however it was named (./a.imr, a glob, a folder, a link to it, a hard link:
  // two workers fixing one file by two names took each other's write for another program's).
  // A file named outright is linted even when a folder's walk found it too.
  const unique: { name: string; sniff: boolean }[] = [];
  const uniqueIndex = new Int32Array(files.length); // files[i] is unique[uniqueIndex[i]]
  const seen = new Map<string, number>();
  for (let i = 0; i < files.length; i++) {
    const file = files[i];
    const key = fileIdentity(path.resolve(io.cwd, file.name));
    const at = seen.get(key);
    if (at !== undefined) {
      uniqueIndex[i] = at;
      if (!file.sniff) unique[at].sniff = false;
      continue;
    }
    seen.set(key, (uniqueIndex[i] = unique.length));
    unique.push({ ...file });
  }

  const settings: LintSettings = { cwd: io.cwd, rules, cliCatalogs, explicitConfig, fix: !!values.fix, quiet: !!values.quiet };
  const threads = jobs ?? defaultThreads(unique.length);
  const progress = new Progress(io, unique.length, !!io.stderrIsTTY && format === 'stylish' && unique.length >= PROGRESS_MIN_FILES);
  const results: FileResult[] = [];
  const isLetter = new Uint8Array(unique.length);
  let takenCount = 0;
  // Outcomes are taken in file order, whatever order the workers finish in: the output and the
  // messages are those of one thread.
  let notFixedCount = 0;
  const take = (outcome: FileOutcome) => {
    for (const m of outcome.reports) progress.around(() => report(m));
    if (outcome.inputError) {
      inputError = true;
      for (const m of outcome.reports) addFailure(m);
    }
    if (outcome.result) {
      results.push(outcome.result);
      isLetter[takenCount] = 1;
    }
    if (outcome.notFixed) notFixedCount++;
    takenCount++;
    progress.tick();
  };
  // One resolver for the run: each folder's config is looked up once and each config read once
  // (a lookup per letter stat'ed every folder up to the root: 13% of a run over 5,000 letters).
  const configs = new ConfigResolver();
  if (threads > 1 && unique.length > 1) await lintInWorkers(unique, settings, Math.min(threads, unique.length), take, configs);
  else for (const file of unique) take(await lintFile(file, settings, configs));
  progress.done();
  for (const folder of folders) {
    let any = false;
    for (let i = folder.start; i < folder.end && !any; i++) any = isLetter[uniqueIndex[i]] === 1;
    if (!any) report(`${escapeControl(folder.input)}: no letters found in this folder`);
  }

  if (format === 'json') io.stdout(formatJson(results));
  else if (format === 'sarif') io.stdout(formatSarif(results, RULES, VERSION, (p) => pathToFileURL(path.resolve(io.cwd, p)).toString(), PACKAGE_ROOT === undefined ? undefined : pathToFileURL(PACKAGE_ROOT).toString(), failures));
  else io.stdout(formatStylish(results, io.isTTY && !values['no-color'] && !process.env.NO_COLOR));
  // What --fix wrote, on stderr (stdout stays the report, for the problem matcher and JSON/SARIF readers).
  if (settings.fix) {
    const written = results.filter((r) => r.fixed);
    const count = written.reduce((n, r) => n + r.fixed!, 0);
    const notWritten = notFixedCount === 0 ? '' : `${notFixedCount} ${notFixedCount === 1 ? 'file' : 'files'} with fixes not written (see above)`;
    io.stderr(
      written.length === 0
        ? `imr-lint: --fix: ${notWritten ? `no file written: ${notWritten}` : 'nothing to fix, no file written'}\n`
        : `imr-lint: --fix: ${count} ${count === 1 ? 'fix' : 'fixes'} written to ${written.length} ${written.length === 1 ? 'file' : 'files'}: ${written.map((r) => escapeControl(r.path)).join(', ')}${notWritten ? `; ${notWritten}` : ''}\n`,
    );
  }

  if (inputError) return 2;
  return summarize(results).errors > 0 ? 1 : 0;
}

/** Reads, (under --fix) fixes and lints one file: the same in this thread and in a worker. */
async function lintFile({ name: file, sniff }: LetterToLint, settings: LintSettings, configs: ConfigResolver): Promise<FileOutcome> {
  const reports: string[] = [];
  let inputError = false;
  const abs = path.resolve(settings.cwd, file);
  const shown = escapeControl(file);
  // A PDF letter: its text layer, with the page starts; never written to (no --fix).
  const pdf = isPdfFile(abs) ? await readPdfLetterIsolated(abs) : undefined;
  const read = pdf ?? readLetter(abs, { sniff });
  if (!read.ok && 'notALetter' in read) return { reports, inputError: false };
  if (!read.ok) {
    reports.push(`${shown}: ${read.error}`);
    return { result: { path: file, format: 'unknown', diagnostics: [], error: read.error }, reports, inputError: true };
  }
  // Bytes that are not UTF-8 (a Latin-1 or Windows-1252 file) read as U+FFFD: say so, once, so that
  // the encoding-artifact findings on them are understood (the file itself is not changed).
  if (!pdf && 'encoding' in read && read.encoding === undefined && read.text.includes('\uFFFD'))
    reports.push(
      read.damagedUtf16
        ? `${shown}: note: the file is UTF-16 but holds bytes that are not (a lone surrogate, or an odd byte at the end); they are read as U+FFFD (reported by encoding-artifact). Re-save the file.`
        : `${shown}: note: the file is not valid UTF-8 (Latin-1 or Windows-1252?); the bytes that are not are read as U+FFFD (reported by encoding-artifact). Convert the file to UTF-8.`,
    );
  // A broken config is reported once; its valid parts still apply, the rest falls back to defaults.
  const config = configs.forLetter(abs, { configFile: settings.explicitConfig });
  for (const e of config.errors) {
    reports.push(`${e} (using the defaults for that part)`);
    inputError = true;
  }
  const catalogs = loadCatalogs([...config.catalogs, ...settings.cliCatalogs]);
  for (const e of catalogs.errors) {
    reports.push(`${e} (catalog file skipped)`);
    inputError = true;
  }
  const options = { rules: { ...config.rules, ...settings.rules }, catalog: catalogs.catalog, ignores: config.ignores };
  let text = read.text;
  let fixedCount = 0;
  let notFixed = false;
  if (settings.fix && !pdf && 'encoding' in read) {
    const fixed = fixAll(text, options);
    if (fixed.fixed > 0 && fixed.text !== text) {
      const written = writeLetter(abs, read, fixed.text);
      if (written.ok) {
        text = fixed.text;
        fixedCount = fixed.fixed;
      } else {
        reports.push(`${shown}: ${written.error}`);
        inputError = true;
        notFixed = true;
      }
    }
  }
  const letter = parseLetter(text);
  let diagnostics = lintLetter(letter, options);
  if (text.trim() === '') diagnostics.push(...emptyFileNotice(options.rules['missing-section']));
  const all = diagnostics.length;
  if (settings.quiet) diagnostics = diagnostics.filter((d) => d.severity === 'error');
  const quieted = all - diagnostics.length;
  const unfixable = pdf || !('encoding' in read) ? undefined : unfixableReason(read);
  return {
    result: { path: file, format: letter.format, diagnostics, ...(pdf?.ok ? { pageStarts: pdf.pageStarts } : {}), ...(unfixable ? { unfixable } : {}), ...(fixedCount ? { fixed: fixedCount } : {}), ...(quieted ? { quieted } : {}) },
    reports,
    inputError,
    ...(notFixed ? { notFixed } : {}),
  };
}

function availableCores(): number {
  return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
}

/** Message to a worker: files to lint (by index into the run's list), or the end. */
type ToWorker = { batch: { index: number; file: LetterToLint }[] } | { done: true };
type FromWorker = { outcomes: { index: number; outcome: FileOutcome }[] };

/**
 * Lints `files` in `count` worker threads (this same script, started as a worker), handing out
 * batches as workers finish the last, and passes the outcomes to `take` in file order. A worker
 * that fails has its unfinished files linted in this thread.
 */
async function lintInWorkers(files: LetterToLint[], settings: LintSettings, count: number, take: (o: FileOutcome) => void, configs: ConfigResolver): Promise<void> {
  const outcomes: (FileOutcome | undefined)[] = new Array(files.length);
  let next = 0; // next file to hand out
  let taken = 0; // next file to pass to `take`
  const leftOver: number[] = [];
  const flush = () => {
    while (taken < files.length && outcomes[taken]) {
      take(outcomes[taken]!);
      outcomes[taken] = undefined;
      taken++;
    }
  };
  const nextBatch = () => {
    const batch: { index: number; file: LetterToLint }[] = [];
    while (batch.length < BATCH && next < files.length) batch.push({ index: next, file: files[next++] });
    return batch;
  };
  await Promise.all(
    Array.from({ length: count }, () => new Promise<void>((resolve) => {
      const inFlight = new Set<number>();
      const worker = new Worker(__filename, { workerData: { imrLintWorker: true, settings } });
      const send = () => {
        // Two batches in flight, so a worker never waits for the next.
        while (inFlight.size < 2 * BATCH) {
          const batch = nextBatch();
          if (batch.length === 0) break;
          for (const b of batch) inFlight.add(b.index);
          worker.postMessage({ batch } satisfies ToWorker);
        }
        if (inFlight.size === 0) {
          worker.postMessage({ done: true } satisfies ToWorker);
          resolve();
        }
      };
      let failed = false;
      worker.on('message', (m: FromWorker) => {
        for (const { index, outcome } of m.outcomes) {
          inFlight.delete(index);
          outcomes[index] = outcome;
        }
        flush();
        send();
      });
      const fail = () => {
        if (failed) return;
        failed = true;
        leftOver.push(...inFlight);
        inFlight.clear();
        resolve();
      };
      worker.on('error', fail);
      worker.on('exit', (code) => {
        if (inFlight.size > 0 || code !== 0) fail();
      });
      send();
    })),
  );
  // Files of a failed worker, and any not handed out (all workers failed), in this thread.
  while (next < files.length) leftOver.push(next++);
  for (const index of leftOver.sort((a, b) => a - b)) if (!outcomes[index]) outcomes[index] = await lintFile(files[index], settings, configs);
  flush();
}

/** The worker side: lints each batch it is sent and answers with the outcomes. */
function runWorker(settings: LintSettings): void {
  const port = parentPort!;
  const configs = new ConfigResolver();
  port.on('message', async (m: ToWorker) => {
    if ('done' in m) {
      port.close();
      return;
    }
    const out: FromWorker['outcomes'] = [];
    for (const { index, file } of m.batch) out.push({ index, outcome: await lintFile(file, settings, configs) });
    port.postMessage({ outcomes: out } satisfies FromWorker);
  });
}

/**
 * The progress line of a long run on a terminal: "imr-lint: 1200/10000 files", on stderr, at most
 * ten times a second, erased when the run ends (and around any message written meanwhile).
 */
class Progress {
  private done_ = 0;
  private shown = false;
  private last = 0;
  constructor(
    private readonly io: CliIO,
    private readonly total: number,
    private readonly enabled: boolean,
  ) {}
  tick(): void {
    this.done_++;
    if (!this.enabled) return;
    const now = Date.now();
    if (now - this.last < 100 && this.done_ < this.total) return;
    this.last = now;
    this.io.stderr(`\r\x1b[2Kimr-lint: ${this.done_}/${this.total} files`);
    this.shown = true;
  }
  /** Writes `write`'s message on a line of its own, then the progress line again. */
  around(write: () => void): void {
    if (!this.shown) return write();
    this.erase();
    write();
    this.last = 0;
  }
  done(): void {
    this.erase();
  }
  private erase(): void {
    if (this.shown) this.io.stderr('\r\x1b[2K');
    this.shown = false;
  }
}

/**
 * An empty file passes no rule, but it is not a letter either: say so (as missing-section does
 * for text that is not a letter), at that rule's severity, information by default.
 */
function emptyFileNotice(setting: SeveritySetting | undefined): LintDiagnostic[] {
  if (setting === 'off') return [];
  const start = { line: 0, character: 0 };
  return [
    {
      rule: 'missing-section',
      severity: setting ?? 'info',
      message: 'The file is empty: there is no IMR letter to check.',
      span: { start: 0, end: 0 },
      range: { start, end: start },
      data: { format: 'unknown', empty: true },
      fixes: [],
      related: [],
    },
  ];
}

/**
 * The files a glob matches. The glob library leaves every symbolic link out (a linked folder is
 * not entered, a linked or broken link not listed: naming the folder instead reports them); a
 * match whose real path still lies outside the glob's base folder is skipped and said.
 */
function globLetters(pattern: string, cwd: string, report: (message: string) => void): string[] {
  const found = tinyglobby.globSync(pattern, { cwd, onlyFiles: true, followSymbolicLinks: false }).sort();
  const segments = pattern.split(/[\\/]/);
  const firstGlob = segments.findIndex((seg) => GLOB_CHARS.test(seg));
  const base = realPath(path.resolve(cwd, segments.slice(0, firstGlob).join('/') || '.'));
  return found.filter((f) => {
    const real = realPath(path.resolve(cwd, f));
    if (real === base || real.startsWith(base + path.sep)) return true;
    report(`${escapeControl(f)}: skipped, a symbolic link out of ${escapeControl(path.relative(cwd, base) || '.')}`);
    return false;
  });
}

function realPath(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}

/** One key for every name of a file: its device and inode (else its real path, else the name). */
function fileIdentity(file: string): string {
  try {
    const st = fs.statSync(file, { bigint: true });
    if (st.ino !== 0n) return `${st.dev}:${st.ino}`;
  } catch {
    // unreadable: reported when it is linted
  }
  return realPath(file);
}

if (!isMainThread && (workerData as { imrLintWorker?: boolean } | null)?.imrLintWorker) {
  runWorker((workerData as { settings: LintSettings }).settings);
} else if (require.main === module) {
  // `imr-lint ... | head -1`: the reader went away. End quietly with the lint's exit code, no stack.
  // Any other failure to write the report (a full disk: `> /dev/full`) is an error of its own, exit
  // 2: never 1 ("findings"), nor 0 for a report nobody got.
  for (const stream of [process.stdout, process.stderr])
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'EPIPE') process.exit(process.exitCode ?? 0);
      if (stream === process.stdout) {
        try {
          process.stderr.write(`imr-lint: the report could not be written to the standard output (${err.code ?? err.message}).\n`);
        } catch {
          // (stderr is gone too)
        }
      }
      process.exit(2);
    });
  void main(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    cwd: process.cwd(),
    isTTY: !!process.stdout.isTTY,
    stderrIsTTY: !!process.stderr.isTTY,
  }).then((code) => (process.exitCode = code));
}
