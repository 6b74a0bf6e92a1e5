/**
 * Reading a letter file for imr-lint with its encoding, and writing fixes back in place in that
 * same encoding. The write keeps everything that belongs to the file and not to its text: the
 * inode (so mode, owner, ACLs and hard links stay), a symlink (written through to its target), the
 * byte order mark and the encoding. It refuses read-only files and files that changed since they
 * were read, and a write that fails leaves the old text (see writeInPlace). No temporary file is
 * used, so none can be planted.
 */
import * as fs from 'fs';
import { fileErrorText, isLetterCandidate, startsLikeLetter, statProblem } from '../../server/src/node/letterFiles';

/** The encodings --fix can write back without loss. */
export type LetterEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be';

export type LetterRead =
  | {
      ok: true;
      text: string;
      /** The encoding to write fixes in; undefined when the bytes are not valid in any of them (then --fix leaves the file alone). */
      encoding: LetterEncoding | undefined;
      /** A UTF-16 byte order mark before bytes that are not valid UTF-16 (a lone surrogate, an odd byte at the end): read as UTF-16 all the same. */
      damagedUtf16?: true;
      /** The bytes as read and their stat, to tell whether the file changed before writing. */
      bytes: Buffer;
      stat: fs.Stats;
    }
  | { ok: false; error: string }
  /** Read with `sniff`: a .txt file that is not a letter (or is gone since its folder was read). */
  | { ok: false; notALetter: true };

const NOT_A_LETTER = { ok: false, notALetter: true } as const;

const UTF8_BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/**
 * Decodes by byte order mark (UTF-8, UTF-16 LE/BE), else as UTF-8. Bytes that are not valid in
 * their encoding decode lossily (U+FFFD) with no encoding; after a UTF-16 mark, still as UTF-16.
 */
export function decodeLetter(bytes: Buffer): { text: string; encoding: LetterEncoding | undefined; damagedUtf16?: true } {
  if (bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    const strict = decodeStrict('utf-8', bytes.subarray(3));
    return strict === undefined ? { text: bytes.subarray(3).toString('utf8'), encoding: undefined } : { text: strict, encoding: 'utf-8-bom' };
  }
  if (bytes.length >= 2 && ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff))) {
    const encoding = bytes[0] === 0xff ? 'utf-16le' : 'utf-16be';
    const body = bytes.subarray(2);
    const strict = body.length % 2 === 0 ? decodeStrict(encoding, body) : undefined;
    return strict === undefined ? { text: new TextDecoder(encoding, { ignoreBOM: true }).decode(body), encoding: undefined, damagedUtf16: true } : { text: strict, encoding };
  }
  const strict = decodeStrict('utf-8', bytes);
  return strict === undefined ? { text: bytes.toString('utf8'), encoding: undefined } : { text: strict, encoding: 'utf-8' };
}

function decodeStrict(encoding: string, bytes: Uint8Array): string | undefined {
  try {
    return new TextDecoder(encoding, { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    return undefined;
  }
}

/** The bytes of `text` in `encoding`, with the byte order mark the encoding's name says. */
export function encodeLetter(text: string, encoding: LetterEncoding): Buffer {
  switch (encoding) {
    case 'utf-8':
      return Buffer.from(text, 'utf8');
    case 'utf-8-bom':
      return Buffer.concat([UTF8_BOM, Buffer.from(text, 'utf8')]);
    case 'utf-16le':
      return Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    case 'utf-16be':
      return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
  }
}

/**
 * Reads a letter. Folders, oversized files and binary files (NUL bytes in UTF-8 text) are errors
 * with a clear reason. With `sniff` (a .txt file found in a folder), a file that does not start
 * like a letter, or is gone since the folder was read, is `notALetter`: left out without a word,
 * as the folder walk leaves such files out (findLetterFiles), but from a single read of the file.
 */
export function readLetter(file: string, options: { sniff?: boolean } = {}): LetterRead {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (err) {
    if (options.sniff && (err as NodeJS.ErrnoException).code === 'ENOENT') return NOT_A_LETTER;
    return { ok: false, error: fileErrorText(err, file) };
  }
  const problem = statProblem(stat);
  // (An oversized file is reported only when its start is a letter's; its head alone is read to tell.)
  if (problem) return options.sniff && stat.isFile() && !isLetterCandidate(file) ? NOT_A_LETTER : { ok: false, error: problem };
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (err) {
    return { ok: false, error: fileErrorText(err, file) };
  }
  if (options.sniff && !startsLikeLetter(bytes)) return NOT_A_LETTER;
  // A UTF-32 mark (FF FE 00 00, 00 00 FE FF): its first two bytes are UTF-16's, and read as UTF-16
  // the letter was NULs between its characters, linted as nothing and rewritten by --fix as UTF-16.
  if (bytes.length >= 4 && ((bytes[0] === 0xff && bytes[1] === 0xfe && bytes[2] === 0 && bytes[3] === 0) || (bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0xfe && bytes[3] === 0xff)))
    return { ok: false, error: 'the file is UTF-32, which is not read: save it as UTF-8 (or UTF-16) and lint it again' };
  const { text, encoding, damagedUtf16 } = decodeLetter(bytes);
  const isUtf16 = encoding === 'utf-16le' || encoding === 'utf-16be' || damagedUtf16;
  if (!isUtf16 && bytes.subarray(0, 8192).includes(0)) return { ok: false, error: 'binary file (contains NUL bytes), not a text letter' };
  return { ok: true, text, encoding, bytes, stat, ...(damagedUtf16 ? { damagedUtf16 } : {}) };
}

/** Why --fix will not write a letter it read (undefined: it may), before trying. */
export function unfixableReason(read: Extract<LetterRead, { ok: true }>): string | undefined {
  if (!read.encoding && read.damagedUtf16)
    return 'the file is UTF-16 with bytes that are not valid UTF-16 (a lone surrogate, or an odd byte at the end), and rewriting it would change them. Repair or re-save the file, then run --fix again';
  if (!read.encoding)
    return 'the file is not UTF-8 or UTF-16 with a byte order mark (Latin-1 or Windows-1252?), and rewriting it would corrupt its other characters. Convert it to UTF-8, then run --fix again';
  if ((read.stat.mode & 0o222) === 0) return 'the file is read-only';
  return undefined;
}

export type WriteResult = { ok: true } | { ok: false; error: string };

/**
 * Writes `text` over the letter read as `read`, in place and in its own encoding. Refuses when the
 * encoding is unknown (e.g. Latin-1: the file is left untouched), when the file is read-only, and
 * when it changed since it was read (another program wrote to it): then nothing is written.
 */
export function writeLetter(file: string, read: Extract<LetterRead, { ok: true }>, text: string): WriteResult {
  const refused = unfixableReason(read);
  if (refused) return { ok: false, error: `not fixed: ${refused}` };
  const bytes = encodeLetter(text, read.encoding!); // unfixableReason refused a letter without one
  let fd: number;
  try {
    // 'r+' opens the existing file (through a symlink to its target) without creating or truncating it.
    fd = fs.openSync(file, 'r+');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS') return { ok: false, error: 'not fixed: the file is read-only (no permission to write it)' };
    return { ok: false, error: `not fixed: ${fileErrorText(err, file)}` };
  }
  try {
    const now = fs.fstatSync(fd);
    const changed =
      !now.isFile() || now.dev !== read.stat.dev || now.ino !== read.stat.ino || now.size !== read.stat.size || now.mtimeMs !== read.stat.mtimeMs || !sameContent(fd, read.bytes);
    if (changed) return { ok: false, error: 'not fixed: the file changed since it was read (another program wrote to it); run imr-lint --fix again' };
    if ((now.mode & 0o222) === 0) return { ok: false, error: 'not fixed: the file is read-only' };
    return writeInPlace(fd, file, read.bytes, bytes);
  } catch (err) {
    return { ok: false, error: `could not write the fixes: ${fileErrorText(err, file)}` };
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Writes `bytes` over the open file, which holds `old`, so that a write that fails (a full disk, a
 * quota, a file size limit) leaves the old text whole. The part beyond the old length is written
 * first, growing the file: if that fails, the file is cut back to its old length, untouched. Then
 * the old length is overwritten, which takes no new space; if even that fails, the old bytes are
 * written back. The file is cut to the new length last.
 */
function writeInPlace(fd: number, file: string, old: Buffer, bytes: Buffer): WriteResult {
  const writeAll = (data: Buffer, from: number, to: number) => {
    for (let at = from; at < to; ) at += fs.writeSync(fd, data, at, to - at, at);
  };
  const failed = (err: unknown, kept: boolean): WriteResult => ({
    ok: false,
    error: kept
      ? `not fixed: could not write the fixes (${fileErrorText(err, file)}); the file is unchanged`
      : `could not write the fixes (${fileErrorText(err, file)}), nor put the old text back: the file may be damaged; restore it from a copy`,
  });
  const common = Math.min(old.length, bytes.length);
  try {
    writeAll(bytes, common, bytes.length);
  } catch (err) {
    try {
      fs.ftruncateSync(fd, old.length);
      return failed(err, true);
    } catch {
      return failed(err, false);
    }
  }
  try {
    writeAll(bytes, 0, common);
    fs.ftruncateSync(fd, bytes.length);
    fs.fsyncSync(fd);
    return { ok: true };
  } catch (err) {
    try {
      writeAll(old, 0, old.length);
      fs.ftruncateSync(fd, old.length);
      return failed(err, true);
    } catch {
      return failed(err, false);
    }
  }
}

/** Whether the open file holds exactly `expected`. */
function sameContent(fd: number, expected: Buffer): boolean {
  const buf = Buffer.alloc(expected.length + 1);
  let n = 0;
  for (;;) {
    const r = fs.readSync(fd, buf, n, buf.length - n, n);
    if (r === 0) break;
    n += r;
    if (n === buf.length) return false; // longer than what was read
  }
  return n === expected.length && buf.subarray(0, n).equals(expected);
}

