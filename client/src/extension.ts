/**
 * The VS Code client: starts the language server, switches .txt letters to the IMR language,
 * and contributes commands. All letter logic lives in the server's core.
 */
import * as path from 'path';
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import { looksLikeLetter } from '../../server/src/core/format';
import { PDF_SCHEME, registerPdfLetters } from './pdf';

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
      { scheme: PDF_SCHEME, language: LANGUAGE_ID },
    ],
    synchronize: {
      configurationSection: 'imr',
      // Letters on disk: findings of the workspace lint follow changes to closed files.
      fileEvents: [vscode.workspace.createFileSystemWatcher('**/*.{imr,txt}'), vscode.workspace.createFileSystemWatcher('**/.imrlintrc.json')],
    },
  };
  client = new LanguageClient('imr', 'IMR Letters', serverOptions, clientOptions);
  registerPdfLetters(context, client);

  // VS Code gives .txt files to plain text by extension, before any `firstLine` pattern is
  // consulted, so letters saved as .txt are switched here by their first non-blank line.
  const switchIfLetter = (doc: vscode.TextDocument) => {
    if (doc.languageId !== 'plaintext') return;
    if (!vscode.workspace.getConfiguration('imr').get<boolean>('detectPlainTextLetters', true)) return;
    if (looksLikeLetter(doc.getText(new vscode.Range(0, 0, Math.min(doc.lineCount, 50), 0)))) void vscode.languages.setTextDocumentLanguage(doc, LANGUAGE_ID);
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

  // The {} item in the status bar: the letter's detected format, its counts, the last validation.
  const status = vscode.languages.createLanguageStatusItem('imr.status', { language: LANGUAGE_ID });
  status.name = 'IMR letter';
  status.text = 'IMR letter';
  status.command = { title: 'Lint workspace', command: 'imr.lintWorkspace' };
  context.subscriptions.push(status);
  const latest = new Map<string, LetterStatus>();
  const show = () => {
    const doc = vscode.window.activeTextEditor?.document;
    const s = doc ? latest.get(doc.uri.toString()) : undefined;
    if (!s) {
      status.text = 'IMR letter';
      status.detail = 'not validated yet';
      return;
    }
    const format = s.format === 'current' ? 'current format' : s.format === '2013' ? '2013 format' : 'unknown format';
    status.text = `IMR: ${format}, ${s.items} item${s.items === 1 ? '' : 's'}`;
    status.detail = `${s.errors} errors, ${s.warnings} warnings · validated ${new Date(s.validatedAt).toLocaleTimeString()} in ${s.milliseconds} ms`;
    status.severity = s.errors > 0 ? vscode.LanguageStatusSeverity.Error : s.warnings > 0 ? vscode.LanguageStatusSeverity.Warning : vscode.LanguageStatusSeverity.Information;
  };
  context.subscriptions.push(vscode.window.onDidChangeActiveTextEditor(show));
  client.onNotification('imr/status', (s: LetterStatus) => {
    latest.set(s.uri, s);
    show();
  });

  await client.start();
}

interface LetterStatus {
  uri: string;
  format: 'current' | '2013' | 'unknown';
  sections: number;
  items: number;
  errors: number;
  warnings: number;
  infos: number;
  milliseconds: number;
  validatedAt: string;
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
