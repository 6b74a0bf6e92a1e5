/**
 * `.imrlintrc.json` and guideline catalogs read through the workspace (any scheme), for the
 * service. What is read is kept until the service forgets it on a change event; a lookup walks
 * up the folders once per folder. The rules are those of node/configFiles.ts (the CLI's):
 * the nearest config at or above the letter's folder, never above its workspace folder; a
 * config names catalogs inside its own folder only; data files are regular files of at most
 * 1 MB, inside the folders the caller trusts (symlinks resolved).
 */
import { CONFIG_FILE_NAME, emptyConfig, jsonErrorPlace, parseConfigText, resolveForFile, type IgnoreEntry, type ImrLintConfig } from '../core/config';
import { defaultCatalog, mergeCatalog, validateCatalogFile, type Catalog } from '../core/catalog';
import type { SeveritySetting } from '../core/rules/types';
import type { FileRead, ImrWorkspace } from './workspace';
import { childUri, dirnameUri, displayUri, isInsideUri, relativeUri, resolveUri, uriKey } from './uri';

/** The largest config or catalog file read (the built-in catalog is about 150 KB). */
export const MAX_DATA_FILE_BYTES = 1024 * 1024;

export interface LoadedConfig {
  uri: string;
  config: ImrLintConfig;
  raw?: unknown;
  text?: string;
  errors: string[];
}

export interface ConfigForLetter {
  uri?: string;
  errors: string[];
  rules: Record<string, SeveritySetting>;
  ignores: IgnoreEntry[];
  /** Catalog URIs the config names (only those inside the config's folder). */
  catalogs: string[];
}

export interface LoadedCatalog {
  catalog: Catalog;
  errors: string[];
}

type OneCatalog = { catalog?: Partial<Catalog>; errors: string[] };

export class ConfigStore {
  /** Folder key -> the config file that applies there (null: none). */
  private readonly lookups = new Map<string, Promise<string | null>>();
  private readonly configs = new Map<string, Promise<LoadedConfig>>();
  private readonly reals = new Map<string, Promise<string | undefined>>();
  private readonly catalogs = new Map<string, Promise<OneCatalog>>();
  private readonly merged = new Map<string, Promise<LoadedCatalog>>();

  constructor(private readonly workspace: ImrWorkspace) {}

  /** Forgets every lookup, config and catalog. */
  invalidate(): void {
    this.lookups.clear();
    this.configs.clear();
    this.reals.clear();
    this.catalogs.clear();
    this.merged.clear();
  }

  /** Forgets the catalogs read (a catalog file changed). */
  invalidateCatalogs(): void {
    this.catalogs.clear();
    this.merged.clear();
  }

  /** Whether a URI is a catalog read so far. */
  isCatalogInUse(uri: string): boolean {
    const key = uriKey(uri);
    for (const k of this.catalogs.keys()) if (k.startsWith(`${key}\u0000`)) return true;
    return false;
  }

  /** The real URI of a file or folder (symlinks resolved), or undefined when it does not exist. */
  realOf(uri: string): Promise<string | undefined> {
    const key = uriKey(uri);
    let hit = this.reals.get(key);
    if (!hit) {
      hit = this.workspace.stat(uri).then((s) => (s ? (s.real ?? uri) : undefined), () => undefined);
      this.reals.set(key, hit);
    }
    return hit;
  }

  /** Whether the real URI of `uri` lies inside the real URI of one of `folders`. */
  async isReallyInside(uri: string, folders: readonly string[]): Promise<boolean> {
    const real = await this.realOf(uri);
    if (!real) return folders.some((f) => isInsideUri(uri, f));
    for (const f of folders) if (isInsideUri(real, (await this.realOf(f)) ?? f)) return true;
    return false;
  }

  /** Reads a data file within the limits (see above). */
  async readData(uri: string, within?: readonly string[], withinName = 'the workspace folder'): Promise<FileRead> {
    const real = await this.realOf(uri);
    if (!real) return { ok: false, error: 'not found' };
    if (within && !(await this.isReallyInside(uri, within))) return { ok: false, error: `outside ${withinName}; only files inside it are read` };
    try {
      return await this.workspace.readFile(uri, { maxBytes: MAX_DATA_FILE_BYTES });
    } catch {
      return { ok: false, error: 'cannot be read' };
    }
  }

  /** The nearest config at or above the folder `dir`, not above `root` (a folder outside `root`, or no root: its own folder only). */
  findConfigFile(dir: string, root?: string, fresh = false): Promise<string | undefined> {
    return this.lookup(dir, root && isInsideUri(dir, root) ? root : dir, fresh).then((f) => f ?? undefined);
  }

  /** (With `fresh`, the file system is asked again, and the answers kept.) */
  private lookup(dir: string, stop: string, fresh: boolean): Promise<string | null> {
    const key = `${uriKey(dir)}\u0000${uriKey(stop)}`;
    let hit = fresh ? undefined : this.lookups.get(key);
    if (!hit) {
      hit = (async () => {
        const candidate = childUri(dir, CONFIG_FILE_NAME);
        const stat = await this.workspace.stat(candidate).catch(() => undefined);
        // Only regular files count: a folder or FIFO of that name is skipped.
        if (stat?.type === 'file') return candidate;
        const parent = dirnameUri(dir);
        if (uriKey(dir) === uriKey(stop) || uriKey(parent) === uriKey(dir)) return null;
        return this.lookup(parent, stop, fresh);
      })();
      this.lookups.set(key, hit);
    }
    return hit;
  }

  /**
   * Reads and validates a config file (once until invalidated; with `fresh`, from the file as it is
   * now, for an edit worked out on its text: a save whose change event has not come yet would
   * leave the cached text behind).
   */
  read(uri: string, within?: readonly string[], fresh = false): Promise<LoadedConfig> {
    const key = uriKey(uri);
    let hit = fresh ? undefined : this.configs.get(key);
    if (!hit) {
      hit = this.readConfig(uri, within);
      this.configs.set(key, hit);
    }
    return hit;
  }

  private async readConfig(uri: string, within?: readonly string[]): Promise<LoadedConfig> {
    const file = displayUri(uri);
    const read = await this.readData(uri, within);
    if (!read.ok) return { uri, config: emptyConfig(), errors: [`${file}: config file ${read.error}`] };
    const result = parseConfigText(read.text);
    return { uri, config: result.config, raw: result.raw, text: read.text, errors: result.errors.map((e) => `${file}: ${e}`) };
  }

  /** The config that applies to a letter: the nearest one upward from its folder, not above `root`. */
  async forLetter(letter: string, root?: string): Promise<ConfigForLetter> {
    const dir = dirnameUri(letter);
    const found = await this.findConfigFile(dir, root);
    if (!found) return { errors: [], rules: {}, ignores: [], catalogs: [] };
    const loaded = await this.read(found, root && isInsideUri(dir, root) ? [root] : [dir]);
    const base = dirnameUri(found);
    const effective = resolveForFile(loaded.config, relativeUri(base, letter) ?? '');
    const errors = [...loaded.errors];
    const catalogs: string[] = [];
    const file = displayUri(found);
    // A config names catalogs inside its own folder: a workspace cannot make the linter read /proc/self/environ or ~/.ssh.
    for (const c of loaded.config.catalogs) {
      const abs = resolveUri(base, c);
      const inside = isInsideUri(abs, base) && (await this.isReallyInside(abs, [base]));
      if (!inside) errors.push(`${file}: catalogs: ${JSON.stringify(c)} is outside the folder of the config file; only catalogs inside it are read.`);
      else catalogs.push(abs);
    }
    return { uri: found, errors, rules: effective.rules, ignores: effective.ignores, catalogs };
  }

  /** The built-in catalog extended by each file in turn (files with errors are skipped); merged once per list of files. */
  loadCatalogs(files: readonly string[], within?: readonly string[]): Promise<LoadedCatalog> {
    if (files.length === 0) return Promise.resolve({ catalog: defaultCatalog(), errors: [] });
    const key = JSON.stringify([files.map(uriKey), within?.map(uriKey) ?? null]);
    let hit = this.merged.get(key);
    if (!hit) {
      hit = (async () => {
        let catalog = defaultCatalog();
        const errors: string[] = [];
        for (const f of files) {
          const r = await this.readCatalog(f, within);
          if (r.errors.length > 0 || !r.catalog) for (const e of r.errors) errors.push(e);
          else catalog = mergeCatalog(catalog, r.catalog);
        }
        return { catalog, errors };
      })();
      this.merged.set(key, hit);
    }
    return hit;
  }

  private readCatalog(uri: string, within?: readonly string[]): Promise<OneCatalog> {
    const key = `${uriKey(uri)}\u0000${(within ?? []).map(uriKey).join('\u0000')}`;
    let hit = this.catalogs.get(key);
    if (!hit) {
      hit = (async () => {
        const file = displayUri(uri);
        const read = await this.readData(uri, within);
        if (!read.ok) return { errors: [`${file}: cannot read the catalog: ${read.error}`] };
        try {
          return validateCatalogFile(JSON.parse(read.text), file);
        } catch (err) {
          // Only the place: the engine's message quotes the file's text.
          return { errors: [`${file}: not valid JSON${jsonErrorPlace(read.text, err)}`] };
        }
      })();
      this.catalogs.set(key, hit);
    }
    return hit;
  }
}
