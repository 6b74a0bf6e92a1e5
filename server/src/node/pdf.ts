/**
 * Reading PDF letters: the text layer of a published IMR determination, laid out as lines the
 * parser already reads (the `pdftotext -layout` style: the two-column header block, centred
 * headings, blank lines between paragraphs, a form feed after each page).
 *
 * Uses Mozilla's pdf.js (pdfjs-dist, legacy build for Node) in this process, without a worker
 * thread and without any fetching: no standard font data, CMaps, WebAssembly or system fonts are
 * loaded; only the letter's own bytes are read. pdf.js is loaded on the first PDF, so reading
 * text letters costs nothing extra.
 */
import * as fs from 'fs';
import * as path from 'path';
import { MAX_LETTER_BYTES, fileErrorText, statProblem } from './letterFiles';

export type PdfRead =
  | {
      ok: true;
      /** The text, each page followed by a form feed (as `pdftotext -layout` writes it). */
      text: string;
      /** The offset in `text` where each page starts (`pageStarts[0]` is 0). */
      pageStarts: number[];
    }
  | { ok: false; error: string };

/** Whether a path names a PDF (by its extension: a letter's text is never named .pdf). */
export function isPdfFile(file: string): boolean {
  return path.extname(file).toLowerCase() === '.pdf';
}

/** The page (1-based) that holds `offset` of an extracted text. */
export function pageAt(pageStarts: readonly number[], offset: number): number {
  let page = 1;
  while (page < pageStarts.length && pageStarts[page] <= offset) page++;
  return page;
}

/** Reads a PDF file's text layer. Never throws: missing, oversized, damaged, encrypted and scanned PDFs are errors with a clear reason. */
export async function readPdfLetter(file: string): Promise<PdfRead> {
  let data: Buffer;
  try {
    const stat = await fs.promises.stat(file);
    const problem = statProblem(stat);
    if (problem) return { ok: false, error: problem };
    data = await fs.promises.readFile(file);
  } catch (err) {
    return { ok: false, error: fileErrorText(err, file) };
  }
  return pdfToText(data);
}

/** Pages beyond this are not read: a letter has a handful; this guards against huge documents. */
const MAX_PAGES = 500;

/** Extracts the text layer of a PDF given as bytes. Never throws. */
export async function pdfToText(bytes: Uint8Array): Promise<PdfRead> {
  if (bytes.length === 0) return { ok: false, error: 'empty file, not a PDF' };
  if (bytes.length > MAX_LETTER_BYTES) return { ok: false, error: `file is ${Math.round(bytes.length / 1048576)} MB, over the ${MAX_LETTER_BYTES / 1048576} MB limit for a letter` };
  let pdfjs: PdfJs;
  try {
    pdfjs = await loadPdfJs();
  } catch (err) {
    return { ok: false, error: `the PDF reader could not be loaded: ${(err as Error).message}` };
  }
  // pdf.js takes ownership of (detaches) the buffer it is given: hand it a copy.
  const task = pdfjs.getDocument({
    data: new Uint8Array(bytes),
    verbosity: 0, // errors only, and pdf.js reports them through the rejected promise
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    useWorkerFetch: false,
    useWasm: false,
    enableXfa: false,
    stopAtErrors: false,
    // Without an onPassword callback pdf.js rejects with a PasswordException: no prompt, no retry.
  });
  try {
    const doc = await task.promise;
    const pages: string[] = [];
    let length = 0;
    for (let n = 1; n <= Math.min(doc.numPages, MAX_PAGES); n++) {
      const page = await doc.getPage(n);
      const content = await page.getTextContent();
      const text = layoutPage(content.items.flatMap((i) => ('str' in i ? [i] : [])));
      page.cleanup();
      // The file's size bounds nothing here: a 2 KB PDF can draw text that lays out to gigabytes.
      length += text.length;
      if (length > MAX_LETTER_BYTES) return { ok: false, error: `the PDF's text is over ${MAX_LETTER_BYTES / 1048576} MB, far more than a letter's: it is not read` };
      pages.push(text);
    }
    if (pages.every((p) => p.trim() === '')) {
      return { ok: false, error: 'the PDF has no text layer (a scanned image?): run OCR on it first, or lint a text extraction of it' };
    }
    const pageStarts: number[] = [];
    let text = '';
    for (const p of pages) {
      pageStarts.push(text.length);
      text += p + '\f';
    }
    return { ok: true, text, pageStarts };
  } catch (err) {
    return { ok: false, error: describePdfError(err) };
  } finally {
    await task.destroy().catch(() => undefined);
  }
}

function describePdfError(err: unknown): string {
  const name = (err as { name?: string } | undefined)?.name;
  const message = String((err as Error | undefined)?.message ?? err);
  if (name === 'PasswordException') return 'the PDF is encrypted with a password: save an unprotected copy to lint it';
  if (name === 'InvalidPDFException') return `not a readable PDF (damaged, cut off or not a PDF at all): ${message}`;
  return `the PDF could not be read (damaged?): ${message}`;
}

// ---------------------------------------------------------------------------------------------
// Loading pdf.js

type PdfJs = typeof import('pdfjs-dist/legacy/build/pdf.mjs', { with: { 'resolution-mode': 'import' } });
let pdfjsPromise: Promise<PdfJs> | undefined;

function loadPdfJs(): Promise<PdfJs> {
  pdfjsPromise ??= (async () => {
    // pdf.js's display code builds a DOMMatrix when it loads, for rendering pages on a canvas;
    // in Node it takes one from its optional canvas package, which is not shipped (text needs
    // no canvas). A stand-in lets it load; it is removed again once pdf.js has loaded. pdf.js
    // also warns on the console about the missing canvas: keep the console quiet meanwhile.
    const g = globalThis as { DOMMatrix?: unknown };
    const stubbed = g.DOMMatrix === undefined;
    if (stubbed) g.DOMMatrix = class DOMMatrixStandIn {};
    const warn = console.warn;
    console.warn = () => undefined;
    try {
      const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
      // The worker's code runs in this thread ("fake worker"): importing it registers
      // globalThis.pdfjsWorker, which pdf.js uses instead of loading a worker file.
      await import('pdfjs-dist/legacy/build/pdf.worker.mjs');
      return pdfjs;
    } finally {
      console.warn = warn;
      if (stubbed) delete g.DOMMatrix;
    }
  })();
  pdfjsPromise.catch(() => (pdfjsPromise = undefined));
  return pdfjsPromise;
}

// ---------------------------------------------------------------------------------------------
// Layout: text items to lines

/** The parts of a pdf.js text item the layout reads. */
export interface PdfTextItem {
  str: string;
  /** [a, b, c, d, x, y]: x, y is the start of the baseline in page units (y grows upwards). */
  transform: number[];
  width: number;
}

interface Placed {
  str: string;
  x: number;
  y: number;
  end: number;
  size: number;
}

/**
 * Lays a page's text items out as lines, the way `pdftotext -layout` does: items on one
 * baseline form a line, left to right; a wide gap between items becomes the spaces that keep
 * columns apart (the header block); the indent follows the x position (centred headings); a
 * vertical gap of more than one line becomes blank lines (paragraph breaks).
 */
export function layoutPage(items: readonly PdfTextItem[]): string {
  const placed: Placed[] = [];
  for (const it of items) {
    const [a, b, c, d, x, y] = it.transform;
    if (!it.str || ![a, b, c, d, x, y, it.width].every(Number.isFinite)) continue;
    // Only upright text: rotated stamps and margin notes are not part of the letter's lines.
    if (Math.abs(b) > 1e-3 || Math.abs(c) > 1e-3 || a <= 0) continue;
    placed.push({ str: it.str, x, y, end: x + Math.max(0, it.width), size: Math.abs(d) || 10 });
  }
  const words = placed.filter((p) => p.str.trim() !== '');
  if (words.length === 0) return '';

  // The width of a character column: the page's average over its longer runs of text.
  let chars = 0;
  let width = 0;
  for (const p of words) {
    if (p.str.length < 4) continue;
    chars += p.str.length;
    width += p.end - p.x;
  }
  // At least 1 pt a character (text drawn squeezed, "0.001 Tz", made it 0.0005 pt: lines of millions of spaces).
  const charWidth = chars > 0 && width > 0 ? Math.max(1, width / chars) : 5;
  let left = Infinity;
  for (const p of words) left = Math.min(left, p.x); // (a loop: a spread of a page's items can overflow the stack)

  // Lines: items whose baselines lie within a fraction of the font size of the line's first item.
  const byHeight = [...placed].sort((p, q) => q.y - p.y || p.x - q.x);
  const lines: Placed[][] = [];
  for (const p of byHeight) {
    const line = lines[lines.length - 1];
    if (line && Math.abs(line[0].y - p.y) <= 0.4 * Math.min(line[0].size, p.size)) line.push(p);
    else lines.push([p]);
  }
  const textLines = lines.filter((l) => l.some((p) => p.str.trim() !== ''));

  // The usual distance between consecutive baselines: a larger step is a paragraph break.
  const steps = textLines
    .slice(1)
    .map((l, i) => textLines[i][0].y - l[0].y)
    .filter((s) => s > 0)
    .sort((s, t) => s - t);
  const lineStep = steps.length > 0 ? steps[Math.floor(steps.length / 4)] : 14;

  const out: string[] = [];
  textLines.forEach((line, i) => {
    if (i > 0) {
      const ratio = (textLines[i - 1][0].y - line[0].y) / lineStep;
      const blanks = Math.min(3, Math.max(0, Math.floor(ratio + 0.3) - 1));
      for (let k = 0; k < blanks; k++) out.push('');
    }
    out.push(layoutLine(line.sort((p, q) => p.x - q.x), left, charWidth));
  });
  return out.join('\n') + '\n';
}

/** The furthest column a word is placed at (a page is about 100 columns wide). */
const MAX_COLUMN = 400;

function layoutLine(items: Placed[], left: number, charWidth: number): string {
  let s = '';
  let prevEnd = -Infinity;
  let spaceSeen = false;
  for (const p of items) {
    if (p.str.trim() === '') {
      // pdf.js may give the whitespace between columns as one wide space item: the gap is
      // measured between the words, and the space only says the words are apart.
      spaceSeen = s !== '';
      continue;
    }
    const column = Math.min(MAX_COLUMN, Math.max(0, Math.round((p.x - left) / charWidth)));
    const gap = p.x - prevEnd;
    const str = s === '' ? p.str.trimStart() : p.str;
    if (s === '') {
      s = ' '.repeat(column);
    } else if (gap > 2 * charWidth) {
      // A column gap: keep the columns apart by at least two spaces.
      s += ' '.repeat(Math.max(2, column - s.length));
    } else if ((spaceSeen || gap > 0.2 * charWidth) && !/\s$/.test(s) && !/^\s/.test(str)) {
      s += ' ';
    }
    s += str;
    prevEnd = Math.max(prevEnd, p.end);
    spaceSeen = false;
  }
  return s.trimEnd();
}
