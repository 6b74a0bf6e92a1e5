/**
 * PDF letters read in a child process (dist/pdf-reader.js), one at a time. pdf.js has no limit on
 * how far a compressed stream expands: a hostile 150 KB PDF made it abort the process with a V8
 * fatal error (exit 133, no output, the other letters' report lost; the language server died on
 * "Open PDF Letter as Text" and "Lint All Letters"), and a 62 KB one took 2.6 GB. In a child with
 * a heap limit and a time limit, such a PDF is one unreadable file with its reason. Where the
 * reader's bundle is not beside this code (the compiled tests), the PDF is read in this process.
 */
import { fork, type ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { pdfToText, readPdfLetter, type PdfRead } from './pdf';

/** The reader's heap: a letter's PDF needs a few MB; a PDF that needs more is no letter. */
const HEAP_MB = 256;
/** A letter's PDF is read in well under a second; one that takes this long is no letter. */
const TIMEOUT_MS = 60_000;

const READER = path.join(__dirname, 'pdf-reader.js');

let child: ChildProcess | undefined;
let nextId = 1;
let queue: Promise<unknown> = Promise.resolve();

function reader(): ChildProcess {
  if (child && child.connected) return child;
  child = fork(READER, [], { execArgv: [`--max-old-space-size=${HEAP_MB}`], stdio: ['ignore', 'ignore', 'ignore', 'ipc'], serialization: 'json' });
  const c = child;
  c.on('exit', () => {
    if (child === c) child = undefined;
  });
  c.on('error', () => undefined);
  return c;
}

/** One request to the reader; a reader that dies or takes too long answers with why. */
function ask(request: { file?: string; data?: string }): Promise<PdfRead> {
  const run = () =>
    new Promise<PdfRead>((resolve) => {
      let c: ChildProcess;
      try {
        c = reader();
      } catch (err) {
        resolve({ ok: false, error: `the PDF reader could not be started: ${(err as Error).message}` });
        return;
      }
      const id = nextId++;
      const done = (result: PdfRead) => {
        clearTimeout(timer);
        c.off('message', onMessage);
        c.off('exit', onExit);
        // Idle between PDFs: the reader does not keep a CLI run from ending.
        c.unref();
        (c.channel as { unref?: () => void } | undefined)?.unref?.();
        resolve(result);
      };
      const onMessage = (m: { id?: number; result?: PdfRead }) => {
        if (m?.id === id && m.result) done(m.result);
      };
      const onExit = (code: number | null, signal: string | null) =>
        done({
          ok: false,
          error: `the PDF reader stopped on this file (${signal ?? `exit ${code}`}): its content expands to far more than a letter's (over ${HEAP_MB} MB), or the file is damaged. It is not read`,
        });
      const timer = setTimeout(() => {
        c.off('exit', onExit);
        c.kill('SIGKILL');
        done({ ok: false, error: `reading the PDF took over ${TIMEOUT_MS / 1000} s, far more than a letter's: it is not read` });
      }, TIMEOUT_MS);
      c.on('message', onMessage);
      c.on('exit', onExit);
      c.ref();
      (c.channel as { ref?: () => void } | undefined)?.ref?.();
      c.send({ id, ...request }, (err) => {
        if (err) done({ ok: false, error: `the PDF reader could not be asked: ${err.message}` });
      });
    });
  const result = queue.then(run, run);
  queue = result;
  return result;
}

const isolated = () => fs.existsSync(READER);

/** Reads a PDF file's text layer (see readPdfLetter), in the reader's process. Never throws. */
export function readPdfLetterIsolated(file: string): Promise<PdfRead> {
  return isolated() ? ask({ file }) : readPdfLetter(file);
}

/** Extracts the text layer of a PDF given as bytes (see pdfToText), in the reader's process. Never throws. */
export function pdfToTextIsolated(bytes: Uint8Array): Promise<PdfRead> {
  return isolated() ? ask({ data: Buffer.from(bytes).toString('base64') }) : pdfToText(bytes);
}
