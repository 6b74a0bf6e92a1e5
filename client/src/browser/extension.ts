/**
 * The web extension (VS Code for the Web; dist/browser/client.js): the language server runs in
 * a web worker (dist/browser/server.js) and reads files through this client, which answers its
 * requests with vscode.workspace.fs: every file system the editor has, and only what the editor
 * can see. PDF letters need the desktop extension (pdf.js is not in the web build).
 */
import * as vscode from 'vscode';
import { LanguageClient, type ServerOptions } from 'vscode-languageclient/browser';
import { FsReadDirectoryRequest, FsReadFileRequest, FsStatRequest, type FsFileType } from '../../../server/src/protocol';
import { activateClient, deactivateClient } from '../common';

/** The Worker of a browser (this build has no DOM typings). */
declare const Worker: new (url: string, options?: { name?: string }) => Exclude<ServerOptions, () => unknown>;

function fileType(t: vscode.FileType): FsFileType {
  if (t & vscode.FileType.Directory) return 'directory';
  return t & vscode.FileType.File ? 'file' : 'other';
}

/**
 * The worker of the language server. An extension served by a remote (code-server, a remote
 * window) has a vscode-remote: URI, which the web extension host cannot start a worker from: there
 * the bundle is read through the editor's file system and started from a blob: URL.
 */
async function serverWorker(context: vscode.ExtensionContext): Promise<Exclude<ServerOptions, () => unknown>> {
  const main = vscode.Uri.joinPath(context.extensionUri, 'dist', 'browser', 'server.js');
  const options = { name: 'IMR language server' };
  if (main.scheme !== 'vscode-remote') return new Worker(main.toString(true), options);
  const code = await vscode.workspace.fs.readFile(main);
  return new Worker(URL.createObjectURL(new Blob([code], { type: 'application/javascript' })), options);
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  await activateClient(context, {
    createClient: async (options) => new LanguageClient('imr', 'IMR Letters', await serverWorker(context), options),
    initializationOptions: { clientFileSystem: true },
    register: (ctx, client) => {
      client.onRequest(FsStatRequest, async ({ uri }) => {
        try {
          const s = await vscode.workspace.fs.stat(vscode.Uri.parse(uri, true));
          return { type: fileType(s.type), size: s.size, mtime: s.mtime };
        } catch {
          return null;
        }
      });
      client.onRequest(FsReadFileRequest, async ({ uri, maxBytes }) => {
        try {
          const target = vscode.Uri.parse(uri, true);
          const s = await vscode.workspace.fs.stat(target);
          if (!(s.type & vscode.FileType.File)) return { error: s.type & vscode.FileType.Directory ? 'is a folder, not a file' : 'is not a regular file' };
          if (typeof maxBytes === 'number' && s.size > maxBytes) return { error: `is over the ${Math.round(maxBytes / 1024)} KB limit` };
          const bytes = await vscode.workspace.fs.readFile(target);
          if (typeof maxBytes === 'number' && bytes.length > maxBytes) return { error: `is over the ${Math.round(maxBytes / 1024)} KB limit` };
          return { text: new TextDecoder('utf-8').decode(bytes) };
        } catch {
          return { error: 'not found' };
        }
      });
      client.onRequest(FsReadDirectoryRequest, async ({ uri }) => {
        try {
          return (await vscode.workspace.fs.readDirectory(vscode.Uri.parse(uri, true))).map(([name, t]): [string, FsFileType] => [name, fileType(t)]);
        } catch {
          return [];
        }
      });
      ctx.subscriptions.push(
        vscode.commands.registerCommand('imr.openPdfAsText', () => {
          void vscode.window.showInformationMessage('IMR Letters: PDF letters are read by the desktop extension; VS Code for the Web shows text letters only.');
        }),
      );
    },
  });
}

export function deactivate(): Promise<void> {
  return deactivateClient();
}
