/**
 * The `.imrlintrc.json` configuration: its types and validation (never throws), and the sanitizer
 * of the editor settings (`imr.rules`, `imr.catalogs`) that the server shares.
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
import { RULES } from '../rules';
import type { SeveritySetting } from '../rules/types';
import { editDistance } from '../text';
import { MAX_GLOB_LENGTH } from './globs';

export const CONFIG_FILE_NAME = '.imrlintrc.json';
export const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['off', 'hint', 'info', 'warning', 'error'];

/** One finding silenced: by the text of its line, or (for personal information) by a fingerprint. */
export interface IgnoreEntry {
  /** Rule id of the finding to silence. */
  rule: string;
  /** The exact text (trimmed) of the line the finding starts on: every finding of the rule on that line. */
  line?: string;
  /** A hash of the line and of the finding's own text (14 hex digits): that one finding, without its text in the file. */
  fingerprint?: string;
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

export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
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
    for (const key of Object.keys(v)) if (key !== 'rule' && key !== 'line' && key !== 'fingerprint') errors.push(`${at}.${key}: unknown key (expected "rule" and "line" or "fingerprint").`);
    if (typeof v.rule !== 'string' || !ruleIds.includes(v.rule)) {
      const guess = typeof v.rule === 'string' ? closest(v.rule, ruleIds) : undefined;
      errors.push(`${at}.rule: ${typeof v.rule === 'string' ? `unknown rule ${quote(v.rule)}` : 'must be a rule id'}${guess ? `; did you mean ${quote(guess)}?` : ''}`);
      return;
    }
    if (v.fingerprint !== undefined) {
      if (typeof v.fingerprint !== 'string' || !/^[0-9a-f]{14}$/.test(v.fingerprint) || v.line !== undefined) {
        errors.push(`${at}.fingerprint: must be the 14 hex digits a quick fix wrote, without "line".`);
        return;
      }
      out.push({ rule: v.rule, fingerprint: v.fingerprint });
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
        const files = validateStrings(o.files, `${at}.files`, errors, 'globs').filter((g, j) => {
          if (g.length <= MAX_GLOB_LENGTH) return true;
          errors.push(`${at}.files[${j}]: a glob is at most ${MAX_GLOB_LENGTH} characters long.`);
          return false;
        });
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
/** A config file's text, validated; `raw` is the parsed JSON (kept for edits), undefined when it is not JSON. */
export function parseConfigText(text: string, ruleIds?: readonly string[]): ConfigResult & { raw?: unknown } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    return { config: emptyConfig(), errors: [`Not valid JSON${jsonErrorPlace(text, err)}.`] };
  }
  return { ...validateConfig(value, ruleIds), raw: value };
}

/**
 * Where JSON.parse stopped, as " (line L, column C)", or "". The engine's own message quotes the
 * text around the error, which would echo a file's contents (a secret, if the file is not a
 * config at all), so only the position is kept.
 */
export function jsonErrorPlace(text: string, err: unknown): string {
  const m = /at position (\d+)/.exec(String((err as Error)?.message ?? ''));
  if (!m) return '';
  const offset = Math.min(Number(m[1]), text.length);
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return ` (line ${line}, column ${offset - lineStart + 1})`;
}

// ---------------------------------------------------------------------------------------------
// Editor settings (imr.rules, imr.catalogs): sanitized like the config file, never trusted as typed.

/** The valid `rule id -> severity` pairs of a settings value; anything else is dropped. */
export function sanitizeRuleSettings(value: unknown, ruleIds: readonly string[] = RULES.map((r) => r.id)): Record<string, SeveritySetting> {
  const out: Record<string, SeveritySetting> = {};
  if (!isObject(value)) return out;
  for (const [id, sev] of Object.entries(value)) {
    if (ruleIds.includes(id) && typeof sev === 'string' && (SEVERITY_SETTINGS as readonly string[]).includes(sev)) out[id] = sev as SeveritySetting;
  }
  return out;
}

/** The non-empty strings of a settings array (catalog paths); anything else is dropped. */
export function sanitizePaths(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.trim().length > 0 && !v.includes('\0')) : [];
}

