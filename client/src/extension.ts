/** The desktop extension (dist/client.js): the language server as a node process, PDF letters, rule pages copied to rendered read-only views. */
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type ServerOptions } from 'vscode-languageclient/node';
import { RULE_DOCS_DIR } from '../../server/src/core/rules/docs';
import { activateClient, deactivateClient } from './common';
import { registerPdfLetters } from './pdf';

/**
 * The rule pages, copied from the extension into its global storage (rule-docs/<id>.md), where
 * the `workbench.editorAssociations` default of package.json opens them in the Markdown preview:
 * rendered and read-only, also from a diagnostic's rule link (which the editor opens as a file,
 * never as a command). The pages in the extension itself are not touched.
 */
function ruleDocsFolder(context: vscode.ExtensionContext): vscode.Uri | undefined {
  const source = context.asAbsolutePath(RULE_DOCS_DIR);
  const target = path.join(context.globalStorageUri.fsPath, 'rule-docs');
  try {
    fs.mkdirSync(target, { recursive: true });
    for (const f of fs.readdirSync(source)) if (f.endsWith('.md')) fs.copyFileSync(path.join(source, f), path.join(target, f));
    return vscode.Uri.file(target);
  } catch {
    return undefined; // a read-only or remote storage: links open the bundled pages as they are
  }
}

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  await activateClient(context, {
    createClient: (options) => new LanguageClient('imr', 'IMR Letters', serverOptions, options),
    ruleDocs: context.globalStorageUri.scheme === 'file' ? ruleDocsFolder(context) : undefined,
    register: (ctx, client) => registerPdfLetters(ctx, client),
  });
}

export function deactivate(): Promise<void> {
  return deactivateClient();
}
