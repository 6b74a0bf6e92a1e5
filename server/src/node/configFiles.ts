/**
 * Finds and reads `.imrlintrc.json` for a letter (the nearest one upward from the letter's folder),
 * shared by the CLI and the server so both resolve the same settings for the same file.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CONFIG_FILE_NAME, emptyConfig, parseConfigText, resolveForFile, type IgnoreEntry, type ImrLintConfig } from '../core/config';
import type { SeveritySetting } from '../core/rules/types';

export interface LoadedConfig {
  /** The config file used, if one was found. */
  file?: string;
  config: ImrLintConfig;
  /** Problems in the file; the parts in error are ignored (defaults apply there). */
  errors: string[];
}

export interface ConfigForLetter {
  file?: string;
  errors: string[];
  rules: Record<string, SeveritySetting>;
  ignores: IgnoreEntry[];
  /** Catalog files named by the config, as absolute paths. */
  catalogs: string[];
}

const cache = new Map<string, { mtimeMs: number; loaded: LoadedConfig }>();

/** The nearest `.imrlintrc.json` at or above `dir`, or undefined. */
export function findConfigFile(dir: string): string | undefined {
  let current = path.resolve(dir);
  for (;;) {
    const candidate = path.join(current, CONFIG_FILE_NAME);
    if (fs.existsSync(candidate)) return candidate;
    const parent = path.dirname(current);
    if (parent === current) return undefined;
    current = parent;
  }
}

/** Reads and validates a config file; a broken file yields its errors and the default config. */
export function readConfigFile(file: string): LoadedConfig {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return { file, config: emptyConfig(), errors: [`${file}: config file not found`] };
  }
  const hit = cache.get(file);
  if (hit && hit.mtimeMs === stat.mtimeMs) return hit.loaded;
  let loaded: LoadedConfig;
  try {
    const result = parseConfigText(fs.readFileSync(file, 'utf8'));
    loaded = { file, config: result.config, errors: result.errors.map((e) => `${file}: ${e}`) };
  } catch (err) {
    loaded = { file, config: emptyConfig(), errors: [`${file}: ${(err as Error).message}`] };
  }
  cache.set(file, { mtimeMs: stat.mtimeMs, loaded });
  return loaded;
}

/** The settings that apply to one letter: from `configFile` if given, else the nearest config upward. */
export function configForLetter(letterPath: string, configFile?: string): ConfigForLetter {
  const file = configFile ?? findConfigFile(path.dirname(letterPath));
  if (!file) return { errors: [], rules: {}, ignores: [], catalogs: [] };
  const loaded = readConfigFile(file);
  const base = path.dirname(file);
  const rel = path.relative(base, path.resolve(letterPath)).split(path.sep).join('/');
  const effective = resolveForFile(loaded.config, rel);
  return {
    file,
    errors: loaded.errors,
    rules: effective.rules,
    ignores: effective.ignores,
    catalogs: loaded.config.catalogs.map((c) => path.resolve(base, c)),
  };
}
