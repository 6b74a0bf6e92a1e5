/**
 * The service's file system on node: file: URIs only (the desktop editor's letters), read
 * asynchronously: no request handler waits on a synchronous file call. Only regular files are
 * read (never a FIFO, a device such as /dev/zero, or a folder), never more than asked, and
 * without blocking on a FIFO; errors say what is wrong with a file, never what is in it.
 */
import * as fs from 'fs';
import { fileURLToPath, pathToFileURL } from 'url';
import type { FileRead, FileStat, FileSystem, FileType } from '../service/workspace';

/** The file path of a `file:` URI, or undefined for other schemes and for URIs that name no local path (a host, an encoded "/"). */
export function filePathOf(uri: string): string | undefined {
  if (typeof uri !== 'string' || !uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

const sizeText = (bytes: number) => (bytes >= 1048576 ? `${Math.round((bytes / 1048576) * 10) / 10} MB` : `${Math.ceil(bytes / 1024)} KB`);

function typeOf(st: fs.Stats | fs.Dirent): FileType {
  return st.isFile() ? 'file' : st.isDirectory() ? 'directory' : 'other';
}

export function createNodeFileSystem(): FileSystem {
  return {
    async stat(uri): Promise<FileStat | undefined> {
      const file = filePathOf(uri);
      if (!file) return undefined;
      try {
        const st = await fs.promises.stat(file);
        const real = await fs.promises.realpath(file).catch(() => file);
        return { type: typeOf(st), size: st.size, mtime: st.mtimeMs, real: real === file ? uri : pathToFileURL(real).toString() };
      } catch {
        return undefined;
      }
    },

    async readFile(uri, { maxBytes }): Promise<FileRead> {
      const file = filePathOf(uri);
      if (!file) return { ok: false, error: 'not found' };
      let handle: fs.promises.FileHandle;
      try {
        // O_NONBLOCK: opening a FIFO for reading must not wait for a writer (it is refused just below).
        handle = await fs.promises.open(file, fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0));
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        return { ok: false, error: code === 'ENOENT' ? 'not found' : `cannot be read (${code ?? 'error'})` };
      }
      try {
        const stat = await handle.stat();
        if (stat.isDirectory()) return { ok: false, error: 'is a folder, not a file' };
        if (!stat.isFile()) return { ok: false, error: 'is not a regular file (a device, FIFO or socket is never read)' };
        if (stat.size > maxBytes) return { ok: false, error: `is ${sizeText(stat.size)}, over the ${sizeText(maxBytes)} limit` };
        // Read at most maxBytes + 1: the size a file reports (0 for many /proc files) is not trusted.
        let chunk = Buffer.alloc(Math.min(maxBytes + 1, Math.max(stat.size + 1, 64 * 1024)));
        let total = 0;
        for (;;) {
          if (total === chunk.length) {
            if (chunk.length > maxBytes) break;
            const bigger = Buffer.alloc(Math.min(maxBytes + 1, chunk.length * 2));
            chunk.copy(bigger, 0, 0, total);
            chunk = bigger;
          }
          const { bytesRead } = await handle.read(chunk, total, chunk.length - total, null);
          if (bytesRead === 0) break;
          total += bytesRead;
        }
        if (total > maxBytes) return { ok: false, error: `is over the ${sizeText(maxBytes)} limit` };
        let text = chunk.subarray(0, total).toString('utf8');
        if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
        return { ok: true, text };
      } catch (err) {
        return { ok: false, error: `cannot be read (${(err as NodeJS.ErrnoException).code ?? 'error'})` };
      } finally {
        await handle.close().catch(() => undefined);
      }
    },

    async readDirectory(uri) {
      const dir = filePathOf(uri);
      if (!dir) return [];
      try {
        const entries = await fs.promises.readdir(dir, { withFileTypes: true });
        return entries.map((e): [string, FileType] => [e.name, typeOf(e)]);
      } catch {
        return [];
      }
    },
  };
}
