/**
 * Reading workspace data files (`.imrlintrc.json`, guideline catalogs) with limits: only regular
 * files (never a FIFO, a device such as /dev/zero, or a folder), at most MAX_DATA_FILE_BYTES, and,
 * when the caller names the folders it trusts, only files whose real path (after symlinks) lies
 * inside one of them. Errors say what is wrong with the file, never what is in it.
 */
import * as fs from 'fs';
import * as path from 'path';

/** The largest config or catalog file read (the built-in catalog is about 150 KB). */
export const MAX_DATA_FILE_BYTES = 1024 * 1024;

export type DataRead = { ok: true; text: string } | { ok: false; error: string };

/** The real path of a file or folder (symlinks resolved), or undefined when it does not exist. */
export function realPath(p: string): string | undefined {
  try {
    return fs.realpathSync.native(p);
  } catch {
    return undefined;
  }
}

/** Whether `file` is `folder` or lies below it (paths compared as given, after path.resolve). */
export function isInsideFolder(file: string, folder: string): boolean {
  const rel = path.relative(path.resolve(folder), path.resolve(file));
  return rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
}

/** Whether the real path of `file` lies inside the real path of one of `folders`. */
export function isReallyInside(file: string, folders: readonly string[]): boolean {
  const real = realPath(file);
  if (!real) return folders.some((f) => isInsideFolder(file, f));
  return folders.some((f) => isInsideFolder(real, realPath(f) ?? f));
}

export interface DataReadOptions {
  maxBytes?: number;
  /** Read the file only if its real path lies inside one of these folders. */
  within?: readonly string[];
  /** Named in the error when `within` refuses the file. */
  withinName?: string;
}

const sizeText = (bytes: number) => (bytes >= 1048576 ? `${Math.round((bytes / 1048576) * 10) / 10} MB` : `${Math.ceil(bytes / 1024)} KB`);

/** Why `file` has no real path: it does not exist, or is a link that loops or names nothing. */
function notFoundText(file: string): string {
  try {
    if (!fs.lstatSync(file).isSymbolicLink()) return 'not found';
  } catch {
    return 'not found';
  }
  try {
    fs.statSync(file);
    return 'not found';
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ELOOP' ? 'not found: a symbolic link that loops' : 'not found: a symbolic link to nothing';
  }
}

/** Reads a data file as UTF-8 (BOM removed), within the limits above. Never throws, never blocks on a FIFO. */
export function readDataFile(file: string, options: DataReadOptions = {}): DataRead {
  const maxBytes = options.maxBytes ?? MAX_DATA_FILE_BYTES;
  const real = realPath(file);
  if (!real) return { ok: false, error: notFoundText(file) };
  if (options.within && !options.within.some((f) => isInsideFolder(real, realPath(f) ?? f))) {
    return { ok: false, error: `outside ${options.withinName ?? 'the workspace folder'}; only files inside it are read` };
  }
  let fd: number;
  try {
    // O_NONBLOCK: opening a FIFO for reading must not wait for a writer (it is refused just below).
    fd = fs.openSync(real, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
  } catch (err) {
    return { ok: false, error: `cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
  }
  try {
    const stat = fs.fstatSync(fd);
    if (stat.isDirectory()) return { ok: false, error: 'is a folder, not a file' };
    if (!stat.isFile()) return { ok: false, error: 'is not a regular file (a device, FIFO or socket is never read)' };
    if (stat.size > maxBytes) return { ok: false, error: `is ${sizeText(stat.size)}, over the ${sizeText(maxBytes)} limit` };
    // Read at most maxBytes + 1: the size a file reports (0 for many /proc files) is not trusted.
    const buf = Buffer.alloc(Math.min(maxBytes + 1, Math.max(stat.size + 1, 64 * 1024)));
    let total = 0;
    let chunk = buf;
    for (;;) {
      if (total === chunk.length) {
        if (chunk.length > maxBytes) break;
        const bigger = Buffer.alloc(Math.min(maxBytes + 1, chunk.length * 2));
        chunk.copy(bigger, 0, 0, total);
        chunk = bigger;
      }
      const n = fs.readSync(fd, chunk, total, chunk.length - total, null);
      if (n === 0) break;
      total += n;
    }
    if (total > maxBytes) return { ok: false, error: `is over the ${sizeText(maxBytes)} limit` };
    let text = chunk.subarray(0, total).toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    return { ok: true, text };
  } catch (err) {
    return { ok: false, error: `cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
  } finally {
    fs.closeSync(fd);
  }
}
