/**
 * The language server in a web worker (VS Code for the Web; dist/browser/server.js). The
 * workspace is what the client can see: the open documents, and the files the browser client
 * reads for it with vscode.workspace.fs. PDF letters are not read here (pdf.js is in the
 * desktop build only).
 */
import { BrowserMessageReader, BrowserMessageWriter, createConnection } from 'vscode-languageserver/browser';
import { quietConsole } from '../quietConsole';
import { startServer } from '../server';
import { createClientFileSystem, NO_FILES } from './clientFileSystem';

declare const self: ConstructorParameters<typeof BrowserMessageReader>[0];

startServer(createConnection({ __brand: 'features', console: quietConsole }, new BrowserMessageReader(self), new BrowserMessageWriter(self)), {
  fileSystem: (connection, init) => (init.clientFileSystem ? createClientFileSystem(connection) : NO_FILES),
  defaultDocsBase: '',
});
