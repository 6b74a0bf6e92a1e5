/** Reads user catalog files (extra guidelines, sections, chapters, sources) and merges them into the built-in catalog. */
import * as fs from 'fs';
import { defaultCatalog, mergeCatalog, validateCatalogFile, type Catalog } from '../core/catalog';

export interface LoadedCatalog {
  catalog: Catalog;
  /** One clear message per problem; a file with errors is left out, the rest still apply. */
  errors: string[];
}

const cache = new Map<string, { mtimeMs: number; result: { catalog?: Partial<Catalog>; errors: string[] } }>();

function readOne(file: string): { catalog?: Partial<Catalog>; errors: string[] } {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return { errors: [`${file}: catalog file not found`] };
  }
  const hit = cache.get(file);
  if (hit && hit.mtimeMs === stat.mtimeMs) return hit.result;
  let result: { catalog?: Partial<Catalog>; errors: string[] };
  try {
    const json = JSON.parse(fs.readFileSync(file, 'utf8'));
    result = validateCatalogFile(json, file);
  } catch (err) {
    result = { errors: [`${file}: not valid JSON (${(err as Error).message})`] };
  }
  cache.set(file, { mtimeMs: stat.mtimeMs, result });
  return result;
}

let lastMerge: { key: string; loaded: LoadedCatalog } | undefined;

/** The built-in catalog extended by each file in turn (files with errors are skipped). Memoized
 *  on the files and their modification times, so the catalog's indexes are built once. */
export function loadCatalogs(files: readonly string[]): LoadedCatalog {
  if (files.length === 0) return { catalog: defaultCatalog(), errors: [] };
  const key = JSON.stringify(files.map((f) => [f, fs.existsSync(f) ? fs.statSync(f).mtimeMs : -1]));
  if (lastMerge?.key === key) return lastMerge.loaded;
  lastMerge = { key, loaded: merge(files) };
  return lastMerge.loaded;
}

function merge(files: readonly string[]): LoadedCatalog {
  let catalog = defaultCatalog();
  const errors: string[] = [];
  for (const file of files) {
    const r = readOne(file);
    if (r.errors.length > 0 || !r.catalog) {
      errors.push(...r.errors);
      continue;
    }
    catalog = mergeCatalog(catalog, r.catalog);
  }
  return { catalog, errors };
}
