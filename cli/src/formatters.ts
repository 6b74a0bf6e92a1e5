/** Output formats of imr-lint: stylish (one line per finding), JSON (a stable contract), SARIF 2.1.0. */
import type { LintDiagnostic } from '../../server/src/core/lint';
import type { LetterFormat } from '../../server/src/core/model';
import type { Rule } from '../../server/src/core/rules/types';
import { ruleDocUrl } from '../../server/src/core/rules/docs';
import { pageAt } from '../../server/src/node/pdf';

export interface FileResult {
  path: string;
  format: LetterFormat;
  diagnostics: LintDiagnostic[];
  /** Why the file could not be read; such a file has no diagnostics. */
  error?: string;
  /** For a PDF letter: where each page starts in the extracted text, so a finding can say its page. */
  pageStarts?: number[];
  /** Why --fix cannot write this file (not UTF-8, read-only): its fixes are not counted as fixable. */
  unfixable?: string;
  /** The fixes --fix wrote to this file. */
  fixed?: number;
  /** Findings below error that --quiet left out. */
  quieted?: number;
}

/** The page of a finding in a PDF letter (undefined for a text letter). */
function pageOf(r: FileResult, d: LintDiagnostic): number | undefined {
  return r.pageStarts ? pageAt(r.pageStarts, d.span.start) : undefined;
}

export interface Summary {
  files: number;
  errors: number;
  warnings: number;
  infos: number;
  hints: number;
}

export function summarize(results: FileResult[]): Summary {
  const s: Summary = { files: results.length, errors: 0, warnings: 0, infos: 0, hints: 0 };
  for (const r of results)
    for (const d of r.diagnostics) {
      if (d.severity === 'error') s.errors++;
      else if (d.severity === 'warning') s.warnings++;
      else if (d.severity === 'hint') s.hints++;
      else s.infos++;
    }
  return s;
}

/**
 * Text (a file name, a message quoting a letter) that cannot drive the terminal: control characters (escape sequences, line
 * breaks, backspace), line separators and bidirectional overrides become \\xNN / \\uNNNN.
 */
export function escapeControl(name: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  return name.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g, (c) => {
    const code = c.charCodeAt(0);
    return code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
  });
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

export function formatStylish(results: FileResult[], color: boolean): string {
  const paint = (code: number, s: string) => (color ? `\x1b[${code}m${s}\x1b[0m` : s);
  const SEV_COLOR: Record<string, number> = { error: 31, warning: 33, info: 36, hint: 90 };
  const lines: string[] = [];
  for (const r of results) {
    for (const d of r.diagnostics) {
      const where = `${escapeControl(r.path)}:${d.range.start.line + 1}:${d.range.start.character + 1}`;
      const page = pageOf(r, d);
      const message = page === undefined ? d.message : `${d.message} (page ${page})`;
      lines.push(`${where}  ${paint(SEV_COLOR[d.severity], d.severity)}  ${escapeControl(message)}  ${paint(90, d.rule)}`);
    }
  }
  const s = summarize(results);
  const total = s.errors + s.warnings + s.infos + s.hints;
  const quieted = results.reduce((n, r) => n + (r.quieted ?? 0), 0);
  if (total > 0) {
    lines.push('');
    lines.push(
      paint(s.errors > 0 ? 31 : 33, `✖ ${plural(total, 'problem')} (${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${plural(s.infos, 'info')}${s.hints > 0 ? `, ${plural(s.hints, 'hint')}` : ''}) in ${plural(s.files, 'file')}`),
    );
    // As ESLint does: say how many --fix would repair (PDF letters are never written).
    const fixable = results.reduce((n, r) => n + (r.pageStarts || r.unfixable ? 0 : r.diagnostics.filter((d) => d.fixes.some((f) => f.preferred)).length), 0);
    if (fixable > 0) lines.push(paint(90, `  ${fixable === total ? (total === 1 ? 'It' : 'All of them') : `${fixable} of them`} can be fixed with --fix.`));
  } else {
    const read = results.filter((r) => !r.error).length;
    lines.push(`✔ ${plural(read, 'file')} checked, no ${quieted > 0 ? 'errors' : 'problems'}`);
  }
  // --quiet hides what is below an error; say that it did, so "no errors" is not read as "clean".
  if (quieted > 0) lines.push(paint(90, `  ${plural(quieted, 'finding')} below error not shown (--quiet).`));
  const unreadable = results.filter((r) => r.error).length;
  if (unreadable > 0) lines.push(paint(31, `✖ ${plural(unreadable, 'file')} could not be read (see the messages above)`));
  return lines.join('\n') + '\n';
}

export function formatJson(results: FileResult[]): string {
  const json = {
    version: 1,
    files: results.map((r) => ({
      path: r.path,
      format: r.format,
      diagnostics: r.diagnostics.map((d) => ({
        rule: d.rule,
        severity: d.severity,
        message: d.message,
        range: d.range,
        fixable: !r.pageStarts && !r.unfixable && d.fixes.some((f) => f.preferred),
        ...(r.pageStarts ? { page: pageOf(r, d) } : {}),
      })),
      ...(r.error ? { error: r.error } : {}),
    })),
    summary: summarize(results),
  };
  return JSON.stringify(json, null, 2) + '\n';
}

const SARIF_LEVEL: Record<string, string> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/** `docsBase`: the absolute URI below which the rule pages are (the package root: <docsBase>/docs/rules/<id>.md); undefined: no links (the pages are not installed beside the CLI). */
/** `runErrors`: what made the run fail beyond a file's own read error (a folder that cannot be read,
 *  a broken config or catalog, a glob that matches nothing), as said on stderr. */
export function formatSarif(results: FileResult[], rules: readonly Rule[], version: string, toUri: (p: string) => string, docsBase: string | undefined, runErrors: readonly string[] = []): string {
  const fileErrors = results.filter((r) => r.error).map((r) => `${r.path}: ${r.error}`);
  const notifications = [...fileErrors, ...runErrors.filter((m) => !fileErrors.includes(m))];
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'imr-lint',
            version,
            ...(docsBase === undefined ? {} : { informationUri: `${docsBase.replace(/\/+$/, '')}/README.md` }),
            rules: rules.map((r) => ({
              id: r.id,
              shortDescription: { text: r.description },
              // SARIF wants an absolute URI: the page installed with the CLI (no network).
              ...(docsBase === undefined ? {} : { helpUri: ruleDocUrl(r.id, docsBase) }),
              defaultConfiguration: { level: SARIF_LEVEL[r.defaultSeverity] },
            })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: results.flatMap((r) =>
          r.diagnostics.map((d) => ({
            ruleId: d.rule,
            level: SARIF_LEVEL[d.severity],
            message: { text: d.message },
            locations: [
              {
                physicalLocation: {
                  artifactLocation: { uri: toUri(r.path) },
                  region: {
                    startLine: d.range.start.line + 1,
                    startColumn: d.range.start.character + 1,
                    endLine: d.range.end.line + 1,
                    endColumn: d.range.end.character + 1,
                  },
                },
              },
            ],
          })),
        ),
        invocations: [
          {
            executionSuccessful: notifications.length === 0,
            toolExecutionNotifications: notifications.map((text) => ({ level: 'error', message: { text } })),
          },
        ],
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
