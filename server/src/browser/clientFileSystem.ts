/**
 * The service's file system in a web worker: what the client can see, read for the server by the
 * browser client with vscode.workspace.fs (client/src/browser/extension.ts) over the requests
 * of ../protocol.ts. Any scheme the editor has (file, vscode-vfs, …); no symlinks to resolve.
 */
import type { Connection } from 'vscode-languageserver';
import { FsReadDirectoryRequest, FsReadFileRequest, FsStatRequest } from '../protocol';
import type { FileRead, FileStat, FileSystem, FileType } from '../service/workspace';

const TYPES: readonly FileType[] = ['file', 'directory', 'other'];

export function createClientFileSystem(connection: Connection): FileSystem {
  return {
    async stat(uri): Promise<FileStat | undefined> {
      try {
        const s = await connection.sendRequest(FsStatRequest.method, { uri });
        const st = s as { type?: unknown; size?: unknown; mtime?: unknown } | null;
        if (!st || !TYPES.includes(st.type as FileType)) return undefined;
        return { type: st.type as FileType, size: Number(st.size) || 0, mtime: Number(st.mtime) || 0, real: uri };
      } catch {
        return undefined;
      }
    },
    async readFile(uri, { maxBytes }): Promise<FileRead> {
      try {
        const r = (await connection.sendRequest(FsReadFileRequest.method, { uri, maxBytes })) as { text?: unknown; error?: unknown } | null;
        if (typeof r?.text === 'string') {
          // The client checked the size; the text is checked again (UTF-16 units are at most the bytes).
          if (r.text.length > maxBytes) return { ok: false, error: 'is over the size limit' };
          return { ok: true, text: r.text.charCodeAt(0) === 0xfeff ? r.text.slice(1) : r.text };
        }
        return { ok: false, error: typeof r?.error === 'string' ? r.error : 'cannot be read' };
      } catch {
        return { ok: false, error: 'cannot be read' };
      }
    },
    async readDirectory(uri) {
      try {
        const entries = await connection.sendRequest(FsReadDirectoryRequest.method, { uri });
        return Array.isArray(entries) ? entries.filter((e): e is [string, FileType] => Array.isArray(e) && typeof e[0] === 'string' && TYPES.includes(e[1])) : [];
      } catch {
        return [];
      }
    },
  };
}

/** A file system with nothing in it: the workspace is the open documents only. */
export const NO_FILES: FileSystem = {
  stat: async () => undefined,
  readFile: async () => ({ ok: false, error: 'not found' }),
  readDirectory: async () => [],
};
