/**
 * imr-lint: lints IMR letters from the command line, with the same core as the editor.
 * Exit codes: 0 no errors, 1 errors found, 2 usage error or unreadable input (other files are
 * still linted and reported). It writes to a letter only under --fix.
 */
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { parseArgs } from 'util';
// The CommonJS build: its ESM build breaks when bundled into a CommonJS file.
// eslint-disable-next-line @typescript-eslint/no-require-imports -- see above
import tinyglobby = require('tinyglobby');
import { parseLetter } from '../../server/src/core/parser';
import { lintLetter, type LintDiagnostic } from '../../server/src/core/lint';
import { RULES } from '../../server/src/core/rules';
import type { SeveritySetting } from '../../server/src/core/rules/types';
import { findLetterFiles } from '../../server/src/node/letterFiles';
import { loadCatalogs } from '../../server/src/node/catalogFiles';
import { isPdfFile, readPdfLetter } from '../../server/src/node/pdf';
import { configForLetter } from '../../server/src/node/configFiles';
import { fixAll } from '../../server/src/core/features/fixes';
import { SEVERITY_SETTINGS } from '../../server/src/core/config';
import { escapeControl, formatJson, formatSarif, formatStylish, summarize, type FileResult } from './formatters';
import { readLetter, writeLetter } from './letterFile';

declare const IMR_VERSION: string | undefined;
const VERSION = typeof IMR_VERSION === 'string' ? IMR_VERSION : '0.0.0-dev';

const HELP = `Usage: imr-lint [options] <files | folders | globs>...

Lints IMR Final Determination Letters. Folders are searched for *.imr files, for
*.txt files whose first line starts a letter, and for *.pdf files (a PDF's text layer
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
      --no-color         plain output
  -h, --help             show this help
  -v, --version          show the version

Exit codes: 0 no errors, 1 errors found, 2 usage error or unreadable input.
`;

export interface CliIO {
  stdout: (s: string) => void;
  stderr: (s: string) => void;
  cwd: string;
  isTTY: boolean;
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
  if (positionals.length === 0) {
    io.stderr(`imr-lint: no files given\n\n${HELP}`);
    return 2;
  }

  let inputError = false;
  const reported = new Set<string>();
  const report = (message: string) => {
    if (reported.has(message)) return;
    reported.add(message);
    io.stderr(`imr-lint: ${escapeControl(message)}\n`);
  };
  const files: string[] = [];
  for (const input of positionals) {
    const abs = path.resolve(io.cwd, input);
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(abs);
    } catch {
      stat = undefined;
    }
    if (stat?.isDirectory()) {
      const found = findLetterFiles(abs, undefined, { pdf: true });
      if (found.length === 0) report(`${escapeControl(input)}: no letters found in this folder`);
      files.push(...found.map((f) => path.join(input, path.relative(abs, f))));
    } else if (stat || !GLOB_CHARS.test(input)) {
      files.push(input); // a missing plain path is reported as unreadable below
    } else {
      const found = globLetters(input, io.cwd, report);
      if (found.length === 0) {
        report(`${escapeControl(input)}: no files match`);
        inputError = true;
      }
      files.push(...found);
    }
  }

  const results: FileResult[] = [];
  const seen = new Set<string>();
  for (const file of files) {
    const abs = path.resolve(io.cwd, file);
    // Each file once, however it was named (./a.imr, a glob, a folder, a link to it).
    const real = realPath(abs);
    if (seen.has(real)) continue;
    seen.add(real);
    const shown = escapeControl(file);
    // A PDF letter: its text layer, with the page starts; never written to (no --fix).
    const pdf = isPdfFile(abs) ? await readPdfLetter(abs) : undefined;
    const read = pdf ?? readLetter(abs);
    if (!read.ok) {
      report(`${shown}: ${read.error}`);
      inputError = true;
      results.push({ path: file, format: 'unknown', diagnostics: [], error: read.error });
      continue;
    }
    // A broken config is reported once; its valid parts still apply, the rest falls back to defaults.
    const config = configForLetter(abs, explicitConfig);
    for (const e of config.errors) {
      report(`${e} (using the defaults for that part)`);
      inputError = true;
    }
    const catalogs = loadCatalogs([...config.catalogs, ...cliCatalogs]);
    for (const e of catalogs.errors) {
      report(`${e} (catalog file skipped)`);
      inputError = true;
    }
    const options = { rules: { ...config.rules, ...rules }, catalog: catalogs.catalog, ignores: config.ignores };
    let text = read.text;
    if (values.fix && !pdf && 'encoding' in read) {
      const fixed = fixAll(text, options);
      if (fixed.fixed > 0 && fixed.text !== text) {
        const written = writeLetter(abs, read, fixed.text);
        if (written.ok) text = fixed.text;
        else {
          report(`${shown}: ${written.error}`);
          inputError = true;
        }
      }
    }
    const letter = parseLetter(text);
    let diagnostics = lintLetter(letter, options);
    if (text.trim() === '') diagnostics.push(...emptyFileNotice(options.rules['missing-section']));
    if (values.quiet) diagnostics = diagnostics.filter((d) => d.severity === 'error');
    results.push({ path: file, format: letter.format, diagnostics, ...(pdf?.ok ? { pageStarts: pdf.pageStarts } : {}) });
  }

  if (format === 'json') io.stdout(formatJson(results));
  else if (format === 'sarif') io.stdout(formatSarif(results, RULES, VERSION, (p) => pathToFileURL(path.resolve(io.cwd, p)).toString()));
  else io.stdout(formatStylish(results, io.isTTY && !values['no-color'] && !process.env.NO_COLOR));

  if (inputError) return 2;
  return summarize(results).errors > 0 ? 1 : 0;
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
 * The files a glob matches, without following symbolic links: a linked folder is not entered,
 * and a linked file whose target lies outside the glob's base folder is skipped.
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

if (require.main === module) {
  // `imr-lint ... | head -1`: the reader went away. End quietly with the lint's exit code, no stack.
  for (const stream of [process.stdout, process.stderr])
    stream.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code !== 'EPIPE') throw err;
      process.exit(process.exitCode ?? 0);
    });
  void main(process.argv.slice(2), {
    stdout: (s) => process.stdout.write(s),
    stderr: (s) => process.stderr.write(s),
    cwd: process.cwd(),
    isTTY: !!process.stdout.isTTY,
  }).then((code) => (process.exitCode = code));
}
