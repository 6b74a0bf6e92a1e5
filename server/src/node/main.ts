/** The language server on node (the desktop extension; dist/server.js): node's file system, and PDF letters through pdf.js. */
import * as path from 'path';
import { pathToFileURL } from 'url';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from '../server';
import { createNodeFileSystem, filePathOf } from './fileSystem';
import { pdfToText, readPdfLetter } from './pdf';

startServer(createConnection(ProposedFeatures.all), {
  fileSystem: () => createNodeFileSystem(),
  // docs/rules/<id>.md beside the bundle (dist/..).
  defaultDocsBase: pathToFileURL(path.resolve(__dirname, '..')).toString(),
  pdf: {
    textOf: (params) => {
      const data = (params as { data?: unknown } | null)?.data;
      return typeof data === 'string' ? pdfToText(Buffer.from(data, 'base64')) : Promise.resolve({ ok: false, error: 'no PDF data was sent' });
    },
    readLetter: async (uri) => {
      const file = filePathOf(uri);
      const read = file ? await readPdfLetter(file) : undefined;
      return read?.ok ? read.text : undefined;
    },
  },
});
