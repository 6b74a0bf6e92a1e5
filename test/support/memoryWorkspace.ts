/**
 * An in-memory workspace for the IMR service, counting every file-system call: the service's
 * tests assert what a request reads (nothing, after the first resolution).
 */
import { Emitter, type FileChange, type FileRead, type FileStat, type FileType, type ImrWorkspace, type LetterDocument } from '../../server/src/service/workspace';
import { uriKey } from '../../server/src/service/uri';

export interface Calls {
  stat: number;
  readFile: number;
  readDirectory: number;
}

export class MemoryWorkspace implements ImrWorkspace {
  readonly files = new Map<string, { uri: string; text: string; mtime: number }>();
  readonly open = new Map<string, LetterDocument>();
  readonly calls: Calls = { stat: 0, readFile: 0, readDirectory: 0 };
  /** Every URI read, in order. */
  readonly reads: string[] = [];
  private readonly filesEmitter = new Emitter<readonly FileChange[]>();
  private readonly foldersEmitter = new Emitter<void>();
  private clock = 1;

  constructor(
    public folders: string[],
    public watchesFiles = true,
  ) {}

  /** Writes a file; `notify` fires the change event as a watcher would. */
  write(uri: string, text: string, notify = false): void {
    const existed = this.files.has(uriKey(uri));
    this.files.set(uriKey(uri), { uri, text, mtime: this.clock++ });
    if (notify) this.filesEmitter.fire([{ uri, type: existed ? 'changed' : 'created' }]);
  }

  delete(uri: string, notify = false): void {
    this.files.delete(uriKey(uri));
    if (notify) this.filesEmitter.fire([{ uri, type: 'deleted' }]);
  }

  /** Opens (or changes) a document as the editor would. */
  openDocument(uri: string, text: string, version = 1, languageId = 'imr'): LetterDocument {
    const doc: LetterDocument = { uri, version, languageId, getText: () => text };
    this.open.set(uri, doc);
    return doc;
  }

  setFolders(folders: string[]): void {
    this.folders = folders;
    this.foldersEmitter.fire();
  }

  resetCalls(): void {
    this.calls.stat = this.calls.readFile = this.calls.readDirectory = 0;
    this.reads.length = 0;
  }

  totalCalls(): number {
    return this.calls.stat + this.calls.readFile + this.calls.readDirectory;
  }

  private isDirectory(uri: string): boolean {
    const prefix = uriKey(uri).replace(/\/?$/, '/');
    for (const k of this.files.keys()) if (k.startsWith(prefix)) return true;
    return false;
  }

  async stat(uri: string): Promise<FileStat | undefined> {
    this.calls.stat++;
    const f = this.files.get(uriKey(uri));
    if (f) return { type: 'file', size: f.text.length, mtime: f.mtime, real: uri };
    return this.isDirectory(uri) ? { type: 'directory', size: 0, mtime: 0, real: uri } : undefined;
  }

  async readFile(uri: string, options: { maxBytes: number }): Promise<FileRead> {
    this.calls.readFile++;
    this.reads.push(uri);
    const f = this.files.get(uriKey(uri));
    if (!f) return { ok: false, error: 'not found' };
    if (f.text.length > options.maxBytes) return { ok: false, error: 'over the limit' };
    return { ok: true, text: f.text };
  }

  async readDirectory(uri: string): Promise<[string, FileType][]> {
    this.calls.readDirectory++;
    const prefix = uriKey(uri).replace(/\/?$/, '/');
    const out = new Map<string, FileType>();
    for (const k of this.files.keys()) {
      if (!k.startsWith(prefix)) continue;
      const rest = decodeURIComponent(k.slice(prefix.length));
      const slash = rest.indexOf('/');
      out.set(slash < 0 ? rest : rest.slice(0, slash), slash < 0 ? 'file' : 'directory');
    }
    return [...out];
  }

  documents(): Iterable<LetterDocument> {
    return this.open.values();
  }

  document(uri: string): LetterDocument | undefined {
    return this.open.get(uri);
  }

  onDidChangeFiles = this.filesEmitter.event;
  onDidChangeFolders = this.foldersEmitter.event;
}
