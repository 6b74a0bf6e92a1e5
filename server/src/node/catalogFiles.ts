/** Reads user catalog files (extra guidelines, sections, chapters, sources) and merges them into the built-in catalog, for the CLI (the language server reads them through ../service/configStore.ts). */
import * as fs from 'fs';
import { defaultCatalog, mergeCatalog, validateCatalogFile, type Catalog } from '../core/catalog';
import { jsonErrorPlace } from '../core/config';
import { readDataFile } from './dataFiles';

export interface LoadedCatalog {
  catalog: Catalog;
  /** One clear message per problem; a file with errors is left out, the rest still apply. */
  errors: string[];
}

export interface CatalogLoadOptions {
  /** Read only catalogs whose real path lies inside one of these folders (the workspace folders). */
  within?: readonly string[];
}

type OneCatalog = { catalog?: Partial<Catalog>; errors: string[] };
const cache = new Map<string, { stamp: string; result: OneCatalog }>();

function stampOf(file: string): string {
  try {
    const st = fs.statSync(file);
    return `${st.size}:${st.mtimeMs}:${st.ino}`;
  } catch {
    return 'missing';
  }
}

function readOne(file: string, options: CatalogLoadOptions): OneCatalog {
  const stamp = stampOf(file);
  const key = `${file}\u0000${(options.within ?? []).join('\u0000')}`;
  const hit = cache.get(key);
  if (hit && hit.stamp === stamp) return hit.result;
  let result: OneCatalog;
  const read = readDataFile(file, { within: options.within });
  if (!read.ok) result = { errors: [`${file}: cannot read the catalog: ${read.error}`] };
  else {
    try {
      result = validateCatalogFile(JSON.parse(read.text), file);
    } catch (err) {
      // Only the place: the engine's message quotes the file's text.
      result = { errors: [`${file}: not valid JSON${jsonErrorPlace(read.text, err)}`] };
    }
  }
  cache.set(key, { stamp, result });
  return result;
}

let lastMerge: { key: string; loaded: LoadedCatalog } | undefined;

/** The built-in catalog extended by each file in turn (files with errors are skipped). Memoized
 *  on the files and their sizes and modification times, so the catalog's indexes are built once. */
export function loadCatalogs(files: readonly string[], options: CatalogLoadOptions = {}): LoadedCatalog {
  if (files.length === 0) return { catalog: defaultCatalog(), errors: [] };
  const key = JSON.stringify([files.map((f) => [f, stampOf(f)]), options.within ?? null]);
  if (lastMerge?.key === key) return lastMerge.loaded;
  lastMerge = { key, loaded: merge(files, options) };
  return lastMerge.loaded;
}

function merge(files: readonly string[], options: CatalogLoadOptions): LoadedCatalog {
  let catalog = defaultCatalog();
  const errors: string[] = [];
  for (const file of files) {
    const r = readOne(file, options);
    if (r.errors.length > 0 || !r.catalog) {
      for (const e of r.errors) errors.push(e);
      continue;
    }
    catalog = mergeCatalog(catalog, r.catalog);
  }
  return { catalog, errors };
}
