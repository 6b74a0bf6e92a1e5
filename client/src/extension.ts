/**
 * The VS Code client: starts the language server, switches .txt letters to the IMR language,
 * and contributes commands. All letter logic lives in the server's core.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { FIRST_LINE_PATTERN } from '../../server/src/core/format';

const LANGUAGE_ID = 'imr';
let client: LanguageClient | undefined;

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  const serverModule = context.asAbsolutePath(path.join('dist', 'server.js'));
  const serverOptions: ServerOptions = {
    run: { module: serverModule, transport: TransportKind.ipc },
    debug: { module: serverModule, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { scheme: 'file', language: LANGUAGE_ID },
      { scheme: 'untitled', language: LANGUAGE_ID },
    ],
    synchronize: { configurationSection: 'imr' },
  };
  client = new LanguageClient('imr', 'IMR Letters', serverOptions, clientOptions);

  // VS Code gives .txt files to plain text by extension, before any `firstLine` pattern is
  // consulted, so letters saved as .txt are switched here by their first non-blank line.
  const switchIfLetter = (doc: vscode.TextDocument) => {
    if (doc.languageId !== 'plaintext') return;
    if (!vscode.workspace.getConfiguration('imr').get<boolean>('detectPlainTextLetters', true)) return;
    const first = /\S[^\n]*/.exec(doc.getText(new vscode.Range(0, 0, Math.min(doc.lineCount, 50), 0)));
    if (first && FIRST_LINE_PATTERN.test(first[0])) void vscode.languages.setTextDocumentLanguage(doc, LANGUAGE_ID);
  };
  context.subscriptions.push(vscode.workspace.onDidOpenTextDocument(switchIfLetter));
  vscode.workspace.textDocuments.forEach(switchIfLetter);

  context.subscriptions.push(
    vscode.commands.registerCommand('imr.restartServer', async () => {
      await client?.restart();
    }),
    vscode.commands.registerCommand('imr.insertLetterSkeleton', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) return;
      if (editor.document.languageId !== LANGUAGE_ID) await vscode.languages.setTextDocumentLanguage(editor.document, LANGUAGE_ID);
      await vscode.commands.executeCommand('editor.action.insertSnippet', { langId: LANGUAGE_ID, name: 'IMR letter (current format)' });
    }),
    vscode.commands.registerCommand('imr.showRuleDocumentation', async (rule?: string) => {
      if (!rule) {
        rule = await vscode.window.showInputBox({ prompt: 'Rule id (e.g. missing-section)' });
        if (!rule) return;
      }
      const uri = vscode.Uri.file(context.asAbsolutePath(path.join('docs', 'rules', `${rule}.md`)));
      await vscode.commands.executeCommand('markdown.showPreview', uri);
    }),
  );

  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
