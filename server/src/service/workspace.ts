/**
 * What the IMR service sees of the editor's workspace: the open documents, the workspace
 * folders, and a small asynchronous file system, with change events. Node's file system
 * (server/src/node/fileSystem.ts), the browser client's (server/src/browser/clientFileSystem.ts)
 * and the tests' in-memory one (test/support/memoryWorkspace.ts) implement it. Every URI is a
 * string of any scheme; nothing here imports a node module.
 */

export type FileType = 'file' | 'directory' | 'other';

export interface FileStat {
  /** 'other': a device, FIFO or socket (never read). */
  type: FileType;
  size: number;
  mtime: number;
  /** The URI with symlinks resolved (where the file system has them); else the URI itself. */
  real?: string;
}

export type FileRead = { ok: true; text: string } | { ok: false; error: string };

export interface Disposable {
  dispose(): void;
}

export type FileChangeType = 'created' | 'changed' | 'deleted';
export interface FileChange {
  uri: string;
  type: FileChangeType;
}

/** A small file system: stat, read, list; every call may fail (then undefined, an error, or []). */
export interface FileSystem {
  stat(uri: string): Promise<FileStat | undefined>;
  /**
   * A file's text (UTF-8, BOM removed). Only regular files, never more than `maxBytes` (the size
   * a file reports is not trusted), never blocking on a FIFO. Errors say what is wrong with the
   * file, never what is in it.
   */
  readFile(uri: string, options: { maxBytes: number }): Promise<FileRead>;
  /** The entries of a folder: [name, type]. */
  readDirectory(uri: string): Promise<[string, FileType][]>;
}

/** An open document as the editor sent it. */
export interface LetterDocument {
  readonly uri: string;
  readonly version: number;
  readonly languageId: string;
  getText(): string;
}

export interface ImrWorkspace extends FileSystem {
  /** The workspace folders' URIs. */
  readonly folders: readonly string[];
  /** Whether file changes are reported (onDidChangeFiles): then what was read is kept until a change says otherwise. */
  readonly watchesFiles: boolean;
  /** The open documents. */
  documents(): Iterable<LetterDocument>;
  document(uri: string): LetterDocument | undefined;
  onDidChangeFiles(listener: (changes: readonly FileChange[]) => void): Disposable;
  onDidChangeFolders(listener: () => void): Disposable;
}

/** Listeners of one event. */
export class Emitter<T> {
  private readonly listeners = new Set<(e: T) => void>();
  readonly event = (listener: (e: T) => void): Disposable => {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  };
  fire(e: T): void {
    for (const l of [...this.listeners]) {
      try {
        l(e);
      } catch {
        // one listener's failure does not stop the others
      }
    }
  }
}
