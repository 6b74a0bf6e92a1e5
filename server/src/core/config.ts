/**
 * The `.imrlintrc.json` configuration: validation (never throws), per-file rule severities,
 * suppressions of single findings, and the JSON schema (generated from the rule registry so it
 * cannot drift from the rules).
 *
 * ```json
 * {
 *   "rules": { "possible-phi": "off", "encoding-artifact": "error" },
 *   "overrides": [
 *     { "files": ["drafts/**"], "rules": { "empty-section": "warning" },
 *       "ignore": [{ "rule": "possible-phi", "line": "Dr. Brown's note of 11/02/2016 was reviewed." }] }
 *   ],
 *   "catalogs": ["catalogs/local-guidelines.json"]
 * }
 * ```
 */
import type { LintDiagnostic } from './lint';
import type { Letter } from './model';
import { RULES } from './rules';
import type { SeveritySetting } from './rules/types';
import { editDistance } from './text';

export const CONFIG_FILE_NAME = '.imrlintrc.json';
export const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['off', 'hint', 'info', 'warning', 'error'];

export interface IgnoreEntry {
  /** Rule id of the finding to silence. */
  rule: string;
  /** The exact text (trimmed) of the line the finding starts on. */
  line: string;
}

export interface ConfigOverride {
  /** Globs relative to the folder of the config file: `*`, `**`, `?`. A glob without "/" matches a file name at any depth. */
  files: string[];
  rules: Record<string, SeveritySetting>;
  ignore: IgnoreEntry[];
}

export interface ImrLintConfig {
  rules: Record<string, SeveritySetting>;
  overrides: ConfigOverride[];
  /** Extra guideline catalogs (paths relative to the config file). */
  catalogs: string[];
}

export interface ConfigResult {
  config: ImrLintConfig;
  /** Problems found, each with its place in the file ("overrides[0].rules.foo: ..."); the parts in error are left out of `config`. */
  errors: string[];
}

export function emptyConfig(): ImrLintConfig {
  return { rules: {}, overrides: [], catalogs: [] };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const quote = (s: string) => JSON.stringify(s);

function closest(word: string, candidates: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestD = Math.max(2, Math.floor(word.length / 3)) + 1;
  for (const c of candidates) {
    const d = editDistance(word, c, bestD);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}

function validateRules(value: unknown, where: string, ruleIds: readonly string[], errors: string[]): Record<string, SeveritySetting> {
  const out: Record<string, SeveritySetting> = {};
  if (value === undefined) return out;
  if (!isObject(value)) {
    errors.push(`${where}: must be an object mapping rule ids to a severity (${SEVERITY_SETTINGS.map(quote).join(', ')}).`);
    return out;
  }
  for (const [id, setting] of Object.entries(value)) {
    if (!ruleIds.includes(id)) {
      const guess = closest(id, ruleIds);
      errors.push(`${where}.${id}: unknown rule ${quote(id)}${guess ? `; did you mean ${quote(guess)}?` : ''}`);
      continue;
    }
    if (typeof setting !== 'string' || !(SEVERITY_SETTINGS as readonly string[]).includes(setting)) {
      errors.push(`${where}.${id}: severity must be one of ${SEVERITY_SETTINGS.map(quote).join(', ')}, not ${JSON.stringify(setting)}.`);
      continue;
    }
    out[id] = setting as SeveritySetting;
  }
  return out;
}

function validateStrings(value: unknown, where: string, errors: string[], what: string): string[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    errors.push(`${where}: must be an array of ${what}.`);
    return [];
  }
  const out: string[] = [];
  value.forEach((v, i) => {
    if (typeof v === 'string' && v.trim().length > 0) out.push(v);
    else errors.push(`${where}[${i}]: must be a non-empty string (${what}).`);
  });
  return out;
}

function validateIgnores(value: unknown, where: string, ruleIds: readonly string[], errors: string[]): IgnoreEntry[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    errors.push(`${where}: must be an array of { "rule": "<id>", "line": "<text of the line>" }.`);
    return [];
  }
  const out: IgnoreEntry[] = [];
  value.forEach((v, i) => {
    const at = `${where}[${i}]`;
    if (!isObject(v)) {
      errors.push(`${at}: must be an object { "rule": "<id>", "line": "<text of the line>" }.`);
      return;
    }
    for (const key of Object.keys(v)) if (key !== 'rule' && key !== 'line') errors.push(`${at}.${key}: unknown key (expected "rule" and "line").`);
    if (typeof v.rule !== 'string' || !ruleIds.includes(v.rule)) {
      const guess = typeof v.rule === 'string' ? closest(v.rule, ruleIds) : undefined;
      errors.push(`${at}.rule: ${typeof v.rule === 'string' ? `unknown rule ${quote(v.rule)}` : 'must be a rule id'}${guess ? `; did you mean ${quote(guess)}?` : ''}`);
      return;
    }
    if (typeof v.line !== 'string' || v.line.trim().length === 0) {
      errors.push(`${at}.line: must be the text of the line the finding starts on.`);
      return;
    }
    out.push({ rule: v.rule, line: v.line.trim() });
  });
  return out;
}

/** Validates a parsed JSON value into a typed config. Never throws; unknown or malformed parts are reported and left out. */
export function validateConfig(value: unknown, ruleIds: readonly string[] = RULES.map((r) => r.id)): ConfigResult {
  const errors: string[] = [];
  const config = emptyConfig();
  if (!isObject(value)) {
    errors.push('The configuration must be a JSON object with "rules", "overrides" and/or "catalogs".');
    return { config, errors };
  }
  for (const key of Object.keys(value)) {
    if (!['rules', 'overrides', 'catalogs', '$schema'].includes(key)) {
      const guess = closest(key, ['rules', 'overrides', 'catalogs']);
      errors.push(`${key}: unknown key${guess ? `; did you mean ${quote(guess)}?` : ' (expected "rules", "overrides", "catalogs")'}`);
    }
  }
  config.rules = validateRules(value.rules, 'rules', ruleIds, errors);
  config.catalogs = validateStrings(value.catalogs, 'catalogs', errors, 'catalog file paths');
  if (value.overrides !== undefined) {
    if (!Array.isArray(value.overrides)) errors.push('overrides: must be an array of { "files": [...], "rules": {...}, "ignore": [...] }.');
    else {
      value.overrides.forEach((o, i) => {
        const at = `overrides[${i}]`;
        if (!isObject(o)) {
          errors.push(`${at}: must be an object { "files": [...], "rules": {...}, "ignore": [...] }.`);
          return;
        }
        for (const key of Object.keys(o)) if (!['files', 'rules', 'ignore'].includes(key)) errors.push(`${at}.${key}: unknown key (expected "files", "rules", "ignore").`);
        const files = validateStrings(o.files, `${at}.files`, errors, 'globs');
        if (o.files === undefined) errors.push(`${at}.files: required (globs of the letters it applies to, e.g. ["drafts/**/*.imr"]).`);
        if (files.length === 0) return;
        config.overrides.push({
          files,
          rules: validateRules(o.rules, `${at}.rules`, ruleIds, errors),
          ignore: validateIgnores(o.ignore, `${at}.ignore`, ruleIds, errors),
        });
      });
    }
  }
  return { config, errors };
}

/** Parses and validates the text of a config file. Never throws. */
export function parseConfigText(text: string, ruleIds?: readonly string[]): ConfigResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { config: emptyConfig(), errors: [`Not valid JSON: ${(err as Error).message}`] };
  }
  return validateConfig(value, ruleIds);
}

// ---------------------------------------------------------------------------------------------
// Globs

/** Converts a glob (`*` within a path segment, `**` across segments, `?` one character) to an anchored RegExp. */
export function globToRegExp(glob: string): RegExp {
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
            i++; // skip the slash after **
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

/** Whether a path relative to the config's folder matches a glob; a glob without "/" matches the file name at any depth. */
export function matchesGlob(relPath: string, glob: string): boolean {
  const p = relPath.replace(/\\/g, '/').replace(/^\.\//, '');
  const g = glob.replace(/\\/g, '/').replace(/^\.\//, '');
  if (!g.includes('/')) return globToRegExp(g).test(p.slice(p.lastIndexOf('/') + 1));
  return globToRegExp(g).test(p);
}

export interface EffectiveConfig {
  rules: Record<string, SeveritySetting>;
  ignores: IgnoreEntry[];
}

/** The rule severities and suppressions that apply to one file (path relative to the config's folder); later overrides win. */
export function resolveForFile(config: ImrLintConfig, relPath: string): EffectiveConfig {
  const rules: Record<string, SeveritySetting> = { ...config.rules };
  const ignores: IgnoreEntry[] = [];
  for (const o of config.overrides) {
    if (!o.files.some((g) => matchesGlob(relPath, g))) continue;
    Object.assign(rules, o.rules);
    ignores.push(...o.ignore);
  }
  return { rules, ignores };
}

// ---------------------------------------------------------------------------------------------
// Suppressions

const fold = (s: string) => s.replace(/\s+/g, ' ').trim();

/** The trimmed text of the line a finding starts on (the key of an `ignore` entry). */
export function lineTextAt(letter: Letter, line: number): string {
  if (line < 0 || line >= letter.lines.lineCount) return '';
  return letter.text.slice(letter.lines.lineStarts[line], letter.lines.lineEnd(line)).trim();
}

/** Drops the findings an `ignore` entry names (same rule, same line text; runs of whitespace compare equal). */
export function applySuppressions<D extends Pick<LintDiagnostic, 'rule' | 'range'>>(diagnostics: readonly D[], letter: Letter, ignores: readonly IgnoreEntry[]): D[] {
  if (ignores.length === 0) return [...diagnostics];
  const keys = new Set(ignores.map((i) => `${i.rule}\u0000${fold(i.line)}`));
  return diagnostics.filter((d) => !keys.has(`${d.rule}\u0000${fold(lineTextAt(letter, d.range.start.line))}`));
}

/** The `ignore` entry that silences a finding (what a "suppress in config" quick fix adds). */
export function ignoreEntryFor(d: Pick<LintDiagnostic, 'rule' | 'range'>, letter: Letter): IgnoreEntry {
  return { rule: d.rule, line: lineTextAt(letter, d.range.start.line) };
}

// ---------------------------------------------------------------------------------------------
// Schema

/** The JSON schema of `.imrlintrc.json`, generated from the rule registry. */
export function configSchema(): Record<string, unknown> {
  const ids = RULES.map((r) => r.id);
  const severity = { type: 'string', enum: [...SEVERITY_SETTINGS] };
  const rules = {
    type: 'object',
    description: 'Severity per rule id; "off" disables the rule.',
    properties: Object.fromEntries(
      RULES.map((r) => [r.id, { ...severity, description: `${r.description} (default: ${r.defaultSeverity})`, default: r.defaultSeverity }]),
    ),
    additionalProperties: false,
  };
  return {
    $schema: 'http://json-schema.org/draft-07/schema#',
    $id: 'https://imr-letters.invalid/schemas/imrlintrc.schema.json',
    title: 'IMR Letters lint configuration (.imrlintrc.json)',
    type: 'object',
    properties: {
      $schema: { type: 'string' },
      rules,
      overrides: {
        type: 'array',
        description: 'Settings for some letters only; later entries win.',
        items: {
          type: 'object',
          required: ['files'],
          properties: {
            files: {
              type: 'array',
              minItems: 1,
              items: { type: 'string', minLength: 1 },
              description: 'Globs relative to the folder of this file: * (within a folder), ** (any folders), ?. A glob without "/" matches a file name at any depth.',
            },
            rules,
            ignore: {
              type: 'array',
              description: 'Silence one finding without editing the letter: the rule id and the exact text (trimmed) of the line the finding starts on.',
              items: {
                type: 'object',
                required: ['rule', 'line'],
                properties: { rule: { type: 'string', enum: ids }, line: { type: 'string', minLength: 1 } },
                additionalProperties: false,
              },
            },
          },
          additionalProperties: false,
        },
      },
      catalogs: {
        type: 'array',
        description: 'Extra guideline catalog files (JSON), relative to the folder of this file.',
        items: { type: 'string', minLength: 1 },
      },
    },
    additionalProperties: false,
  };
}

// ---------------------------------------------------------------------------------------------
// Editing a config (what the "disable for this file" and "ignore this finding" quick fixes write)

export type ConfigChange = { kind: 'disable-rule'; rule: string } | { kind: 'ignore'; entry: IgnoreEntry };

/**
 * Returns a copy of a raw `.imrlintrc.json` value with the change applied to the override whose
 * `files` is exactly `[relPath]` (added when missing). Other keys are kept as they were.
 */
export function withFileChange(raw: unknown, relPath: string, change: ConfigChange): Record<string, unknown> {
  const config: Record<string, unknown> = isObject(raw) ? structuredClone(raw) : {};
  const overrides = Array.isArray(config.overrides) ? (config.overrides as unknown[]) : [];
  config.overrides = overrides;
  let target = overrides.find(
    (o): o is Record<string, unknown> => isObject(o) && Array.isArray(o.files) && o.files.length === 1 && o.files[0] === relPath,
  );
  if (!target) {
    target = { files: [relPath] };
    overrides.push(target);
  }
  if (change.kind === 'disable-rule') {
    const rules = isObject(target.rules) ? target.rules : {};
    rules[change.rule] = 'off';
    target.rules = rules;
  } else {
    const ignore = Array.isArray(target.ignore) ? (target.ignore as unknown[]) : [];
    const exists = ignore.some((i) => isObject(i) && i.rule === change.entry.rule && i.line === change.entry.line);
    if (!exists) ignore.push({ rule: change.entry.rule, line: change.entry.line });
    target.ignore = ignore;
  }
  return config;
}
