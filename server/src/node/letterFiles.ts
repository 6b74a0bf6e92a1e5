/**
 * Reading letters from disk for the CLI (synchronous: one run, one file at a time). The language
 * server reads through the service's workspace instead (../service, ./fileSystem.ts), by the same
 * rules: every .imr, .txt files that start like a letter, no VCS or build folders, no binaries.
 */
import * as fs from 'fs';
import * as path from 'path';
import { looksLikeLetter } from '../core/format';

/** Letters larger than this are not read (a letter is 5–30 KB; this guards against logs and dumps). */
export const MAX_LETTER_BYTES = 16 * 1024 * 1024;

const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'out', '.vscode-test']);

export type ReadResult = { ok: true; text: string } | { ok: false; error: string };

/**
 * What a failed read or write of `file` means, in a user's words (the one place errno codes are
 * put into words): a missing file, a broken or looping symbolic link, a permission refused.
 */
export function fileErrorText(err: unknown, file?: string): string {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'ELOOP') return 'a symbolic link that loops: it names no file';
  if (e.code === 'ENOENT') return file !== undefined && isSymbolicLink(file) ? 'a broken symbolic link: its target does not exist' : 'no such file';
  if (e.code === 'EACCES' || e.code === 'EPERM') return 'permission denied';
  if (e.code === 'EISDIR') return 'is a directory';
  return e.message;
}

/** Why a file of this kind or size is not read as a letter (undefined: it is read). */
export function statProblem(stat: fs.Stats): string | undefined {
  if (stat.isDirectory()) return 'is a directory';
  if (!stat.isFile()) return 'not a regular file (a device, FIFO or socket is never read)';
  if (stat.size > MAX_LETTER_BYTES) return `file is ${Math.round(stat.size / 1048576)} MB, over the ${MAX_LETTER_BYTES / 1048576} MB limit for a letter`;
  return undefined;
}

function isSymbolicLink(file: string): boolean {
  try {
    return fs.lstatSync(file).isSymbolicLink();
  } catch {
    return false;
  }
}

/** Reads a letter as UTF-8 (BOM removed). Binary files, folders and oversized files are errors with a clear reason. */
export function readLetterFile(file: string): ReadResult {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (err) {
    return { ok: false, error: fileErrorText(err, file) };
  }
  const problem = statProblem(stat);
  if (problem) return { ok: false, error: problem };
  let buf: Buffer;
  try {
    buf = fs.readFileSync(file);
  } catch (err) {
    return { ok: false, error: fileErrorText(err, file) };
  }
  if (buf.subarray(0, 8192).includes(0)) return { ok: false, error: 'binary file (contains NUL bytes), not a text letter' };
  let text = buf.toString('utf8');
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { ok: true, text };
}

/**
 * Whether a file found while walking a folder should be linted: every .imr, and .txt files that
 * start like a letter. A .txt file that cannot be opened is linted too, so that reading it reports
 * why (a permission error is never a silent skip).
 */
export function isLetterCandidate(file: string): boolean {
  const ext = path.extname(file).toLowerCase();
  if (ext === '.imr') return true;
  if (ext !== '.txt') return false;
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ENOENT'; // gone since the folder was read: nothing to say
  }
  try {
    const buf = Buffer.alloc(SNIFF_BYTES);
    const n = fs.readSync(fd, buf, 0, buf.length, 0);
    return startsLikeLetter(buf.subarray(0, n));
  } catch {
    return true;
  } finally {
    fs.closeSync(fd);
  }
}

/** How much of a .txt file is read to tell whether it is a letter. */
const SNIFF_BYTES = 4096;

/** Whether a .txt file whose bytes start with `bytes` is a letter (only its first 4 KB are read). */
export function startsLikeLetter(bytes: Buffer): boolean {
  return looksLikeLetter(headText(bytes.subarray(0, SNIFF_BYTES)));
}

/** The start of a text file as text: UTF-16 LE or BE when it opens with that byte order mark
 *  (imr-lint reads such letters), else UTF-8. */
function headText(head: Buffer): string {
  const even = (b: Buffer) => b.subarray(0, b.length & ~1);
  if (head[0] === 0xff && head[1] === 0xfe) return even(head.subarray(2)).toString('utf16le');
  if (head[0] === 0xfe && head[1] === 0xff) return Buffer.from(even(head.subarray(2))).swap16().toString('utf16le');
  return head.toString('utf8');
}

export interface FindOptions {
  /** Every .pdf file too (read with ./pdf). */
  pdf?: boolean;
  /** Told of each folder that cannot be read and each name that cannot be opened (not UTF-8). */
  onUnreadable?: (file: string, reason: string) => void;
  /** Told of each letter left out on purpose (a symbolic link to a file outside the folder). */
  onSkipped?: (file: string, reason: string) => void;
  /**
   * false: every .txt file is returned, not only those that start like a letter; the caller tells
   * them apart when it reads them (`startsLikeLetter`), which saves opening each file twice.
   */
  sniff?: boolean;
}

/** Walks a folder for letter files, skipping VCS and build folders, in a stable order. */
export function findLetterFiles(root: string, limit = 100_000, options: FindOptions = {}): string[] {
  const out: string[] = [];
  let rootReal: string | undefined; // read at the first link
  const walk = (dir: string) => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch (err) {
      options.onUnreadable?.(dir, (err as NodeJS.ErrnoException).code === 'EACCES' ? 'permission denied: the folder cannot be read' : (err as Error).message);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      if (out.length >= limit) return;
      const full = path.join(dir, e.name);
      if (e.name.includes('\uFFFD')) {
        // Read as UTF-8, a name in another encoding no longer names the file.
        const ext = path.extname(e.name).toLowerCase();
        if (e.isDirectory() || ext === '.imr' || ext === '.txt' || ext === '.pdf')
          options.onUnreadable?.(full, 'the name is not valid UTF-8, so the file cannot be opened by it: rename it');
        continue;
      }
      let isFile = e.isFile();
      const ext = path.extname(e.name).toLowerCase();
      const named = ext === '.imr' || ext === '.txt' || (options.pdf && ext === '.pdf');
      // A FIFO, socket or device named like a letter is never opened (a FIFO blocks the reader), and said.
      const special = (st: { isFile(): boolean; isDirectory(): boolean }) => !st.isFile() && !st.isDirectory();
      if (!e.isSymbolicLink() && special(e)) {
        if (named) options.onSkipped?.(full, 'skipped, not a regular file (a FIFO, socket or device)');
        continue;
      }
      if (e.isSymbolicLink()) {
        // Links are not followed (no loops, no file linted twice); a broken one (a loop, a target
        // gone) named like a letter is said, never skipped silently.
        let st: fs.Stats;
        try {
          st = fs.statSync(full);
        } catch (err) {
          if (named) options.onUnreadable?.(full, fileErrorText(err, full));
          continue;
        }
        isFile = st.isFile();
        if (special(st)) {
          if (named) options.onSkipped?.(full, 'skipped, a symbolic link to something that is not a regular file (a FIFO, socket or device)');
          continue;
        }
        if (isFile) {
          // A link to a file in the folder: the file is linted under its own name. Never one outside
          // the folder (--fix writes through links), as imr-lint's globs do; that is said.
          rootReal ??= realOf(root);
          const real = realOf(full);
          if (named && real !== rootReal && !real.startsWith(rootReal + path.sep)) options.onSkipped?.(full, 'skipped, a symbolic link to a file outside the folder');
          continue;
        }
      }
      if (e.isDirectory()) {
        if (!SKIP_DIRS.has(e.name)) walk(full);
      } else if (isFile && ((options.sniff === false && ext === '.txt') || isLetterCandidate(full) || (options.pdf && ext === '.pdf'))) {
        out.push(full);
      }
    }
  };
  walk(root);
  return out;
}

function realOf(file: string): string {
  try {
    return fs.realpathSync(file);
  } catch {
    return file;
  }
}
