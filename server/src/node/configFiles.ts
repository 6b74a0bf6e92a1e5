/**
 * Finds and reads `.imrlintrc.json` for a letter (the nearest one upward from the letter's folder,
 * never above the workspace folder when one is given), for the CLI. The language server resolves
 * by the same rules through its workspace (../service/configStore.ts), asynchronously and for any
 * URI scheme; both parse and validate with the core (../core/config).
 *
 * A ConfigResolver reads each config file once and remembers which config each folder uses, until
 * `invalidate()` (the server calls it when a config changes on disk); the CLI uses one per run.
 */
import * as fs from 'fs';
import * as path from 'path';
import { CONFIG_FILE_NAME, emptyConfig, parseConfigText, resolveForFile, type IgnoreEntry, type ImrLintConfig } from '../core/config';
import type { SeveritySetting } from '../core/rules/types';
import { isInsideFolder, readDataFile, realPath } from './dataFiles';

export interface LoadedConfig {
  /** The config file used, if one was found. */
  file?: string;
  config: ImrLintConfig;
  /** The raw JSON value of the file (what quick fixes edit), when it parsed. */
  raw?: unknown;
  /** The text of the file as read, when it could be read. */
  text?: string;
  /** Problems in the file; the parts in error are ignored (defaults apply there). */
  errors: string[];
}

export interface ConfigForLetter {
  file?: string;
  errors: string[];
  rules: Record<string, SeveritySetting>;
  ignores: IgnoreEntry[];
  /** Catalog files named by the config, as absolute paths (only those inside the config's folder). */
  catalogs: string[];
}

export class ConfigResolver {
  /** Root (or '' for none) -> folder -> the config file that applies there (null: none). */
  private readonly lookups = new Map<string, Map<string, string | null>>();
  private readonly loaded = new Map<string, { stamp: string; loaded: LoadedConfig }>();

  /**
   * @param revalidate check each config file's size and modification time on every use (for a
   * caller without file-change events, such as the CLI used as a library); else a read holds until invalidate().
   */
  constructor(private readonly revalidate = false) {}

  /** Forgets every config read and every lookup (a config was created, changed or deleted). */
  invalidate(): void {
    this.lookups.clear();
    this.loaded.clear();
  }

  /**
   * The nearest `.imrlintrc.json` at or above `dir`, not above `root` when given (a letter outside
   * `root` only looks in its own folder). Only regular files count: a folder or FIFO of that name is skipped.
   */
  findConfigFile(dir: string, root?: string): string | undefined {
    let current = path.resolve(dir);
    const stop = root !== undefined ? (isInsideFolder(current, root) ? path.resolve(root) : current) : undefined;
    // Where a lookup stops depends on the root, so each root has its own answers. A revalidating
    // resolver (no file-change events) asks the file system every time.
    const rootKey = root === undefined ? '' : path.resolve(root);
    let lookups = this.revalidate ? undefined : this.lookups.get(rootKey);
    if (!this.revalidate && !lookups) this.lookups.set(rootKey, (lookups = new Map()));
    const visited: string[] = [];
    let found: string | undefined;
    for (;;) {
      const known = lookups?.get(current);
      if (known !== undefined) {
        found = known ?? undefined;
        break;
      }
      visited.push(current);
      const candidate = path.join(current, CONFIG_FILE_NAME);
      if (isFileEntry(candidate)) {
        found = candidate;
        break;
      }
      const parent = path.dirname(current);
      if (current === stop || parent === current) break;
      current = parent;
    }
    if (lookups) for (const v of visited) lookups.set(v, found ?? null);
    return found;
  }

  /** Reads and validates a config file (once until invalidated); a broken file yields its errors and the default config. */
  read(file: string, within?: readonly string[]): LoadedConfig {
    const stamp = this.revalidate ? fileStamp(file) : '';
    const hit = this.loaded.get(file);
    if (hit && hit.stamp === stamp) return hit.loaded;
    const loaded = readConfig(file, within);
    this.loaded.set(file, { stamp, loaded });
    return loaded;
  }

  /**
   * The settings that apply to one letter: from `configFile` if given (named by the user, read
   * wherever it is), else the nearest config upward, not above `root`.
   */
  forLetter(letterPath: string, options: { configFile?: string; root?: string } = {}): ConfigForLetter {
    const file = options.configFile ?? this.findConfigFile(path.dirname(letterPath), options.root);
    if (!file) return { errors: [], rules: {}, ignores: [], catalogs: [] };
    const loaded = this.read(file, options.configFile || options.root === undefined ? undefined : [options.root]);
    const base = path.dirname(file);
    const rel = path.relative(base, path.resolve(letterPath)).split(path.sep).join('/');
    const effective = resolveForFile(loaded.config, rel);
    const errors = [...loaded.errors];
    const catalogs: string[] = [];
    // A config names catalogs inside its own folder: a workspace cannot make the linter read /proc/self/environ or ~/.ssh.
    const realBase = loaded.config.catalogs.length > 0 ? (realPath(base) ?? base) : base;
    for (const c of loaded.config.catalogs) {
      const abs = path.resolve(base, c);
      const real = realPath(abs);
      // Inside as written and, once links are followed, inside too (a missing file outside is refused
      // like an existing one: the answer never tells which paths exist).
      if (!isInsideFolder(abs, base) || (real && !isInsideFolder(real, realBase))) errors.push(`${file}: catalogs: ${JSON.stringify(c)} is outside the folder of the config file; only catalogs inside it are read.`);
      else catalogs.push(abs);
    }
    return { file, errors, rules: effective.rules, ignores: effective.ignores, catalogs };
  }
}

function fileStamp(file: string): string {
  try {
    const st = fs.statSync(file);
    return `${st.size}:${st.mtimeMs}:${st.ino}`;
  } catch {
    return 'missing';
  }
}

function isFileEntry(p: string): boolean {
  try {
    return fs.statSync(p).isFile();
  } catch {
    return false;
  }
}

function readConfig(file: string, within?: readonly string[]): LoadedConfig {
  const read = readDataFile(file, { within });
  if (!read.ok) return { file, config: emptyConfig(), errors: [`${file}: config file ${read.error}`] };
  const result = parseConfigText(read.text);
  return { file, config: result.config, raw: result.raw, text: read.text, errors: result.errors.map((e) => `${file}: ${e}`) };
}

const shared = new ConfigResolver(true);

/** The nearest `.imrlintrc.json` at or above `dir` (not above `root` when given), or undefined. */
export function findConfigFile(dir: string, root?: string): string | undefined {
  return new ConfigResolver().findConfigFile(dir, root);
}

/** Reads and validates a config file; a broken file yields its errors and the default config. */
export function readConfigFile(file: string): LoadedConfig {
  return readConfig(file);
}

/** The settings that apply to one letter (the CLI's entry point): from `configFile` if given, else the nearest config upward. */
export function configForLetter(letterPath: string, configFile?: string, root?: string): ConfigForLetter {
  return shared.forLetter(letterPath, { configFile, root });
}
