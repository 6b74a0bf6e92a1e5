/**
 * Watches the frames a client sends on stdin for one the protocol library cannot get past. Its
 * reader (vscode-jsonrpc) reports a header without a usable Content-Length (missing, not a
 * number, negative) or a header line without ":" as an error, and from then on reads the rest of
 * the stream out of step: the server stays alive and never answers again. The watcher reads the
 * same bytes beside the library (a second "data" listener; bodies are counted, not kept) and calls
 * `onBroken` at the first such frame, so the server can say so and exit, and the client restart it.
 */

/** A header block longer than this has no end in sight: the stream is not LSP. */
const MAX_HEADER_BYTES = 64 * 1024;
const HEADER_END = Buffer.from('\r\n\r\n');

export class FrameWatcher {
  private header = Buffer.alloc(0);
  /** Body bytes still to come of the frame being read. */
  private bodyLeft = 0;
  private broken = false;

  constructor(private readonly onBroken: (why: string) => void) {}

  push(chunk: Buffer): void {
    let at = 0;
    while (!this.broken && at < chunk.length) {
      if (this.bodyLeft > 0) {
        const n = Math.min(this.bodyLeft, chunk.length - at);
        this.bodyLeft -= n;
        at += n;
        continue;
      }
      // A header read from the chunk itself; only one cut by the chunk's end is kept (a body is skipped however long).
      const before = this.header.length;
      const searched = before === 0 ? chunk : Buffer.concat([this.header, chunk.subarray(at, at + MAX_HEADER_BYTES + HEADER_END.length)]);
      const from = before === 0 ? at : 0;
      const end = searched.indexOf(HEADER_END, before === 0 ? at : Math.max(0, before - 3));
      if (end < 0) {
        this.header = Buffer.from(searched.subarray(from));
        if (this.header.length > MAX_HEADER_BYTES) this.fail(`a header of over ${MAX_HEADER_BYTES} bytes without its end`);
        return;
      }
      const length = contentLengthOf(searched.subarray(from, end).toString('ascii'));
      if (typeof length === 'string') return this.fail(length);
      at = before === 0 ? end + HEADER_END.length : at + end + HEADER_END.length - before;
      this.header = Buffer.alloc(0);
      this.bodyLeft = length;
    }
  }

  private fail(why: string): void {
    this.broken = true;
    this.onBroken(why);
  }
}

/** The body length a header block gives, read as the library reads it; or why it gives none. */
function contentLengthOf(block: string): number | string {
  let length: number | undefined;
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon < 0) return `a header line without ":" (${JSON.stringify(line.slice(0, 40))})`;
    if (line.slice(0, colon).toLowerCase() === 'content-length') length = parseInt(line.slice(colon + 1).trim(), 10);
  }
  if (length === undefined) return 'a message without a Content-Length header';
  if (Number.isNaN(length) || length < 0) return 'a Content-Length that is not a length';
  return length;
}
