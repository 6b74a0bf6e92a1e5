/**
 * The PDF reader's own process (dist/pdf-reader.js; see pdfProcess.ts): reads one PDF at a time,
 * as the parent asks over the IPC channel, with pdf.js (pdf.ts). A hostile PDF that makes pdf.js
 * abort (a V8 fatal error) or run out of memory ends this process, not the server or the CLI.
 */
import { pdfToText, readPdfLetter, type PdfRead } from './pdf';

interface Request {
  id: number;
  file?: string;
  /** The PDF's bytes, base64. */
  data?: string;
}

let queue: Promise<void> = Promise.resolve();
process.on('message', (message: Request) => {
  queue = queue.then(async () => {
    let result: PdfRead;
    try {
      result = typeof message.file === 'string' ? await readPdfLetter(message.file) : typeof message.data === 'string' ? await pdfToText(Buffer.from(message.data, 'base64')) : { ok: false, error: 'no PDF was given' };
    } catch (err) {
      result = { ok: false, error: `the PDF could not be read: ${(err as Error).message}` };
    }
    process.send?.({ id: message.id, result });
  });
});
// The parent went away: nothing more to read.
process.on('disconnect', () => process.exit(0));
