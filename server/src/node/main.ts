/** The language server on node (the desktop extension; dist/server.js): node's file system, and PDF letters through pdf.js. */
import * as path from 'path';
import { pathToFileURL } from 'url';
import { createConnection, ProposedFeatures } from 'vscode-languageserver/node';
import { startServer } from '../server';
import { createNodeFileSystem, filePathOf } from './fileSystem';
import { FrameWatcher } from './framing';
import { quietConsole } from '../quietConsole';
import { pdfToTextIsolated, readPdfLetterIsolated } from './pdfProcess';

// Over stdio, a frame the protocol library cannot read past would leave the server alive and deaf
// (see framing.ts): it says so on stderr and exits, and the client can start it again.
if (process.argv.includes('--stdio')) {
  const watcher = new FrameWatcher((why) => {
    process.stderr.write(`IMR Letters language server: the client sent ${why}; the messages after it cannot be read. Exiting.\n`);
    setImmediate(() => process.exit(1)); // (after the messages before it, in the same chunk, are read)
  });
  process.stdin.on('data', (chunk: Buffer) => watcher.push(chunk));
}

// Started by hand with no transport (the library throws a stack trace at it): say how to start it.
const TRANSPORTS = /^--(?:stdio|node-ipc|socket=\d+|pipe=.+|clientProcessId=\d+)$/;
if (!process.argv.slice(2).some((a) => TRANSPORTS.test(a) && !a.startsWith('--clientProcessId')) && !process.send) {
  process.stderr.write('IMR Letters language server: give a transport, e.g. `node server.js --stdio` (an editor starts it so: VS Code uses --node-ipc).\n');
  process.exit(2);
}

startServer(createConnection({ ...ProposedFeatures.all, console: quietConsole }), {
  fileSystem: () => createNodeFileSystem(),
  // docs/rules/<id>.md beside the bundle (dist/..).
  defaultDocsBase: pathToFileURL(path.resolve(__dirname, '..')).toString(),
  pdf: {
    textOf: (params) => {
      const data = (params as { data?: unknown } | null)?.data;
      return typeof data === 'string' ? pdfToTextIsolated(Buffer.from(data, 'base64')) : Promise.resolve({ ok: false, error: 'no PDF data was sent' });
    },
    readLetter: async (uri) => {
      const file = filePathOf(uri);
      const read = file ? await readPdfLetterIsolated(file) : undefined;
      return read?.ok ? read.text : undefined;
    },
  },
});
