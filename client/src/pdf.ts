/**
 * PDF letters in the editor: "Open PDF Letter as Text" shows a PDF's text layer as a read-only
 * `imr` document (scheme imr-pdf:), with the outline, diagnostics, hover and workspace symbols
 * of any letter. The client reads the PDF's bytes (any file system the workspace has); the
 * language server extracts the text with pdf.js (request imr/pdfText, server/src/node/pdf.ts).
 */
import * as vscode from 'vscode';
import type { BaseLanguageClient } from 'vscode-languageclient';
import { PdfTextRequest } from '../../server/src/protocol';

type PdfRead = { ok: true; text: string } | { ok: false; error: string };

/** The scheme of the text views of PDF letters: imr-pdf:/path/letter.pdf?<the PDF's own scheme>. */
export const PDF_SCHEME = 'imr-pdf';
export const OPEN_PDF_COMMAND = 'imr.openPdfAsText';
const LANGUAGE_ID = 'imr';

/** The text view of a PDF file. */
export function pdfTextUri(pdf: vscode.Uri): vscode.Uri {
  return pdf.with({ scheme: PDF_SCHEME, query: pdf.scheme });
}

/** The PDF file a text view shows. */
export function pdfOfTextUri(view: vscode.Uri): vscode.Uri {
  return view.with({ scheme: view.query || 'file', query: '' });
}

/** Registers the imr-pdf: content provider and the command. */
export function registerPdfLetters(context: vscode.ExtensionContext, client: BaseLanguageClient): void {
  const extract = async (pdf: vscode.Uri): Promise<PdfRead> => {
    let bytes: Uint8Array;
    try {
      bytes = await vscode.workspace.fs.readFile(pdf);
    } catch (err) {
      return { ok: false, error: (err as Error).message };
    }
    return client.sendRequest(PdfTextRequest, { data: Buffer.from(bytes).toString('base64') });
  };
  // The text of each view, kept while the view is open (the PDF is read once per opening).
  const texts = new Map<string, string>();

  const provider: vscode.TextDocumentContentProvider = {
    async provideTextDocumentContent(view) {
      const known = texts.get(view.toString());
      if (known !== undefined) return known;
      const read = await extract(pdfOfTextUri(view));
      if (!read.ok) throw new Error(`${pdfOfTextUri(view).fsPath}: ${read.error}`);
      texts.set(view.toString(), read.text);
      return read.text;
    },
  };

  const open = async (pdf: vscode.Uri): Promise<void> => {
    const read = await extract(pdf);
    if (!read.ok) {
      void vscode.window.showErrorMessage(`IMR Letters: ${pdf.path.split('/').pop()} cannot be read as a letter: ${read.error}.`);
      return;
    }
    const view = pdfTextUri(pdf);
    texts.set(view.toString(), read.text);
    let doc = await vscode.workspace.openTextDocument(view);
    if (doc.languageId !== LANGUAGE_ID) doc = await vscode.languages.setTextDocumentLanguage(doc, LANGUAGE_ID);
    await vscode.window.showTextDocument(doc, { preview: false });
  };

  context.subscriptions.push(
    vscode.workspace.registerTextDocumentContentProvider(PDF_SCHEME, provider),
    vscode.workspace.onDidCloseTextDocument((doc) => {
      if (doc.uri.scheme === PDF_SCHEME) texts.delete(doc.uri.toString());
    }),
    // From the explorer (the clicked file, or every selected one) or the Command Palette (a file picker).
    vscode.commands.registerCommand(OPEN_PDF_COMMAND, async (clicked?: vscode.Uri, selected?: vscode.Uri[]) => {
      let pdfs = selected?.length ? selected : clicked instanceof vscode.Uri ? [clicked] : undefined;
      pdfs ??= await vscode.window.showOpenDialog({ canSelectMany: true, filters: { 'PDF letters': ['pdf'] }, openLabel: 'Open as Text' });
      for (const pdf of pdfs ?? []) if (/\.pdf$/i.test(pdf.path)) await open(pdf);
    }),
  );
}
