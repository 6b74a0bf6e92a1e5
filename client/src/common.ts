/**
 * The VS Code client, shared by the desktop (client/src/extension.ts, the server a node process)
 * and the web build (client/src/browser/extension.ts, the server a web worker): switches .txt
 * letters to the IMR language, and contributes commands and the status item. All letter logic
 * lives in the server's core.
 */
import * as vscode from 'vscode';
import { ExecuteCommandRequest, type BaseLanguageClient, type LanguageClientOptions } from 'vscode-languageclient';
import { CONFIG_FILE_NAME } from '../../server/src/core/config/validate';
import { looksLikeLetter } from '../../server/src/core/format';
import { RULES } from '../../server/src/core/rules';
import { ruleDocPath, ruleOfDocPath } from '../../server/src/core/rules/docs';
import { StatusNotification, type InitializationOptions, type LetterStatus } from '../../server/src/protocol';

export const LANGUAGE_ID = 'imr';
const FIX_ALL_KIND = vscode.CodeActionKind.SourceFixAll.append('imr');
let client: BaseLanguageClient | undefined;

/** "1 warning", "2 warnings", "no errors", "3 fixes". */
export function plural(n: number, word: string, words = `${word}s`): string {
  return `${n === 0 ? 'no' : n} ${n === 1 ? word : words}`;
}

/** The id of a rule whose documentation page `target` is (docs/rules/<id>.md), if it is one. */
function ruleOfDocLink(target: vscode.Uri): string | undefined {
  const rule = ruleOfDocPath(target.path);
  return rule && RULES.some((r) => r.id === rule) ? rule : undefined;
}

/** What a front (desktop or web) gives the shared activation. */
export interface ClientFront {
  /** Creates the language client (a node process, or a web worker) with these options. */
  createClient(options: LanguageClientOptions): BaseLanguageClient | Promise<BaseLanguageClient>;
  /** A folder where rule pages open rendered and read-only (desktop: a copy in global storage). */
  ruleDocs?: vscode.Uri;
  /** Extra initialization options (the web build: the client answers file requests). */
  initializationOptions?: InitializationOptions;
  /** After the client is created, before it starts (PDF letters, file requests). */
  register?(context: vscode.ExtensionContext, client: BaseLanguageClient): void;
}

export async function activateClient(context: vscode.ExtensionContext, front: ClientFront): Promise<void> {
  const ruleDocs = front.ruleDocs;
  const clientOptions: LanguageClientOptions = {
    // Every scheme the editor has (file, untitled, vscode-vfs, imr-pdf, …): the server reads
    // through the workspace it is given, not through paths.
    documentSelector: [{ language: LANGUAGE_ID }],
    initializationOptions: { extensionUri: context.extensionUri.toString(), ...front.initializationOptions } satisfies InitializationOptions,
    synchronize: {
      configurationSection: 'imr',
      // Letters on disk: findings of the workspace lint follow changes to closed files.
      fileEvents: [vscode.workspace.createFileSystemWatcher('**/*.{imr,txt,pdf}'), vscode.workspace.createFileSystemWatcher('**/.imrlintrc.json')],
    },
    middleware: {
      // A rule id's link opens the rule's page rendered and read-only: the copy in rule-docs/
      // (the server links the bundled file, which other editors and the CLI's SARIF use; opened
      // as is, it would be an editable .md inside the installed extension).
      handleDiagnostics(uri, diagnostics, next) {
        for (const d of diagnostics) {
          if (!ruleDocs || typeof d.code !== 'object' || !d.code.target) continue;
          const rule = ruleOfDocLink(d.code.target);
          if (rule) d.code = { value: d.code.value, target: vscode.Uri.joinPath(ruleDocs, `${rule}.md`) };
        }
        next(uri, diagnostics);
      },
      // A quick fix that writes .imrlintrc.json is worked out by the server on the file as saved:
      // into an open copy with unsaved changes its edit would land on other text.
      async provideCodeActions(document, range, context, token, next) {
        const actions = await next(document, range, context, token);
        return actions?.map((a) => (a instanceof vscode.CodeAction ? withoutEditOfUnsavedConfig(a) : a));
      },
      async resolveCodeAction(item, token, next) {
        const resolved = await next(item, token);
        return resolved ? withoutEditOfUnsavedConfig(resolved) : resolved;
      },
      // The workspace lint shows its progress, can be cancelled, and ends with a summary.
      executeCommand(command, args, next) {
        if (command !== 'imr.lintWorkspace') return next(command, args);
        return lintWorkspace();
      },
    },
  };
  client = await front.createClient(clientOptions);
  front.register?.(context, client);

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
      const c = client as (BaseLanguageClient & { restart?: () => Promise<void> }) | undefined;
      if (c?.restart) await c.restart();
      else if (c) await c.stop().then(() => c.start());
    }),
    vscode.commands.registerCommand('imr.showOutput', () => {
      client?.outputChannel.show(true);
    }),
    vscode.commands.registerCommand('imr.insertLetterSkeleton', insertLetterSkeleton),
    vscode.commands.registerCommand('imr.showRuleDocumentation', (rule?: unknown) => showRuleDocumentation(context, rule)),
    vscode.commands.registerCommand('imr.fixAll', fixAllInLetter),
    vscode.commands.registerCommand(UNSAVED_CONFIG_COMMAND, configHasUnsavedChanges),
  );

  // The status bar item of an IMR letter: its format and findings; its hover lists every action.
  const status = vscode.window.createStatusBarItem('imr.status', vscode.StatusBarAlignment.Right, 100);
  status.name = 'IMR letter';
  status.command = 'workbench.actions.view.problems'; // the findings (Show Output, for the server's log, is in the hover)
  context.subscriptions.push(status);
  const latest = new Map<string, LetterStatus>();
  const show = () => {
    const doc = vscode.window.activeTextEditor?.document;
    if (!doc || doc.languageId !== LANGUAGE_ID) {
      status.hide();
      return;
    }
    const s = latest.get(doc.uri.toString());
    const tooltip = new vscode.MarkdownString(undefined, true);
    tooltip.isTrusted = { enabledCommands: ACTIONS.map((a) => a.command) };
    if (!s) {
      status.text = '$(sync~spin) IMR letter';
      tooltip.appendMarkdown('**IMR letter**: not validated yet\n\n');
    } else if (s.notChecked) {
      status.text = '$(circle-slash) IMR: not checked';
      tooltip.appendMarkdown(`**IMR letter**: not checked, the file is ${s.notChecked}\n\n`);
    } else {
      const format = s.format.startsWith('layout') ? s.format.replace('layout', 'layout ') : `${s.format} format`;
      const icon = s.errors > 0 ? '$(error)' : s.warnings > 0 ? '$(warning)' : '$(check)';
      status.text = `${icon} IMR: ${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}`;
      tooltip.appendMarkdown(
        `**IMR letter**, ${format}: ${plural(s.sections, 'section')}, ${plural(s.items, 'disputed item')}\n\n` +
          `${plural(s.errors, 'error')}, ${plural(s.warnings, 'warning')}, ${plural(s.infos, 'note')} · validated ${new Date(s.validatedAt).toLocaleTimeString()} in ${s.milliseconds} ms\n\n`,
      );
    }
    tooltip.appendMarkdown(ACTIONS.map((a) => `[${a.title}](command:${a.command})`).join('\n\n'));
    status.tooltip = tooltip;
    status.show();
  };
  context.subscriptions.push(vscode.window.onDidChangeActiveTextEditor(show), vscode.workspace.onDidOpenTextDocument(show));
  client.onNotification(StatusNotification, (s) => {
    latest.set(s.uri, s);
    show();
  });
  show();

  await client.start();
}

/** What the status item's hover offers. */
const ACTIONS = [
  { title: 'Fix All in This Letter', command: 'imr.fixAll' },
  { title: 'Lint All Letters in the Workspace', command: 'imr.lintWorkspace' },
  { title: 'Insert Letter Skeleton', command: 'imr.insertLetterSkeleton' },
  { title: 'Show Rule Documentation', command: 'imr.showRuleDocumentation' },
  { title: 'Show Output', command: 'imr.showOutput' },
  { title: 'Restart Language Server', command: 'imr.restartServer' },
];

/**
 * The letter skeleton, where it belongs: into an empty file (made an IMR letter), else into a new
 * untitled letter. Never into a file that has text: a second whole letter in the middle of one is
 * rarely wanted (the `imr` snippet, Ctrl+Space, still inserts it there), and a file of another
 * language (a .imrlintrc.json, a note) would be switched to IMR, which undo does not reverse.
 */
async function insertLetterSkeleton(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.getText().trim().length > 0) {
    const doc = await vscode.workspace.openTextDocument({ language: LANGUAGE_ID, content: '' });
    await vscode.window.showTextDocument(doc, { preview: false });
  } else if (editor.document.languageId !== LANGUAGE_ID) {
    await vscode.languages.setTextDocumentLanguage(editor.document, LANGUAGE_ID);
  }
  await vscode.commands.executeCommand('editor.action.insertSnippet', { langId: LANGUAGE_ID, name: 'IMR letter (current format)' });
}

/**
 * Opens a rule's page rendered (the Markdown preview: read-only) from the pages bundled with the
 * extension. Without an id, offers a pick of the rules; an id that is no rule is refused.
 */
async function showRuleDocumentation(context: vscode.ExtensionContext, rule?: unknown): Promise<void> {
  if (rule === undefined) {
    const picked = await vscode.window.showQuickPick(
      RULES.map((r) => ({ label: r.id, description: r.defaultSeverity, detail: r.description })),
      { title: 'IMR: Show Rule Documentation', placeHolder: 'Rule id', matchOnDetail: true },
    );
    if (!picked) return;
    rule = picked.label;
  }
  if (typeof rule !== 'string' || !RULES.some((r) => r.id === rule)) {
    void vscode.window.showErrorMessage(`IMR: "${String(rule)}" is not a rule id. Run "IMR: Show Rule Documentation" without an id to pick one.`);
    return;
  }
  const uri = vscode.Uri.joinPath(context.extensionUri, ruleDocPath(rule));
  await vscode.commands.executeCommand('markdown.showPreview', uri);
}

/** Applies the letter's safe fixes (the same as `imr-lint --fix` and source.fixAll.imr), and says what it did. */
async function fixAllInLetter(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== LANGUAGE_ID) {
    void vscode.window.showInformationMessage('IMR: open a letter to fix its problems.');
    return;
  }
  const doc = editor.document;
  const actions =
    (await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', doc.uri, new vscode.Range(0, 0, doc.lineCount, 0), FIX_ALL_KIND.value)) ?? [];
  const fix = actions.find((a) => a.kind && FIX_ALL_KIND.contains(a.kind) && a.edit);
  const edits = fix?.edit?.get(doc.uri).length ?? 0;
  if (!fix || edits === 0) {
    void vscode.window.showInformationMessage('IMR: nothing in this letter can be fixed automatically.');
    return;
  }
  // Which findings the edits repair: those of the letter's findings each edit touches, by rule.
  const findings = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.source === 'imr');
  const byRule = new Map<string, number>();
  for (const e of fix.edit!.get(doc.uri)) {
    const d = findings.find((x) => x.range.intersection(e.range) !== undefined);
    const rule = typeof d?.code === 'object' ? String(d.code.value) : d?.code !== undefined ? String(d.code) : undefined;
    if (rule) byRule.set(rule, (byRule.get(rule) ?? 0) + 1);
  }
  if (!(await vscode.workspace.applyEdit(fix.edit!))) {
    void vscode.window.showErrorMessage('IMR: the fixes could not be applied (the letter changed meanwhile?).');
    return;
  }
  const which = [...byRule].map(([rule, n]) => (n > 1 ? `${rule} ×${n}` : rule)).join(', ');
  void vscode.window.showInformationMessage(`IMR: applied ${plural(edits, 'fix', 'fixes')}${which ? ` (${which})` : ''}. Undo (Ctrl+Z) takes them back.`);
}

/** Lints every letter of the workspace, with a cancellable progress notification, then sums up the Problems. */
async function lintWorkspace(): Promise<unknown> {
  if (!client) return undefined;
  const lsp = client;
  let lastSummary: string | undefined;
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: 'IMR: linting the letters of the workspace', cancellable: true },
    async (progress, token) => {
      const seen = new Set<string>();
      const counting = vscode.languages.onDidChangeDiagnostics((e) => {
        for (const uri of e.uris) seen.add(uri.toString());
        progress.report({ message: `${plural(seen.size, 'letter')} so far` });
      });
      try {
        const result = (await lsp.sendRequest(ExecuteCommandRequest.type, { command: 'imr.lintWorkspace', arguments: [] }, token)) as { files: number; cancelled?: boolean } | null;
        if (token.isCancellationRequested || result?.cancelled) {
          void vscode.window.showInformationMessage(`IMR: workspace lint cancelled after ${plural(result?.files ?? seen.size, 'letter')}.`);
          return result;
        }
        let errors = 0;
        let warnings = 0;
        let notes = 0;
        let withProblems = 0;
        for (const [, diagnostics] of vscode.languages.getDiagnostics()) {
          const ours = diagnostics.filter((d) => d.source === 'imr');
          errors += ours.filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length;
          warnings += ours.filter((d) => d.severity === vscode.DiagnosticSeverity.Warning).length;
          notes += ours.filter((d) => d.severity === vscode.DiagnosticSeverity.Information || d.severity === vscode.DiagnosticSeverity.Hint).length;
          if (ours.length > 0) withProblems++;
        }
        const files = result?.files ?? 0;
        const summary =
          errors + warnings + notes === 0
            ? `IMR: ${plural(files, 'letter')} linted: no errors, warnings or notes.`
            : `IMR: ${plural(files, 'letter')} linted: ${plural(errors, 'error')}, ${plural(warnings, 'warning')} and ${plural(notes, 'note')} in ${plural(withProblems, 'letter')}.`;
        lastSummary = summary;
        return result;
      } catch (e) {
        if (token.isCancellationRequested) {
          void vscode.window.showInformationMessage('IMR: workspace lint cancelled.');
          return undefined;
        }
        throw e;
      } finally {
        counting.dispose();
      }
    },
  );
  // Said once the progress notification has closed (it stayed on screen beside the summary).
  if (lastSummary) {
    const summary = lastSummary;
    void vscode.window.showInformationMessage(summary, 'Show Problems').then((choice) => {
      if (choice) void vscode.commands.executeCommand('workbench.actions.view.problems');
    });
  }
  return outcome;
}


export async function deactivateClient(): Promise<void> {
  await client?.stop();
}

const UNSAVED_CONFIG_COMMAND = 'imr.configHasUnsavedChanges';

/**
 * `action` without its edit when the edit writes into a .imrlintrc.json open with unsaved changes
 * (the server read the file as saved, so the edit's ranges are those of other text): choosing it
 * says so and offers to save the file instead.
 */
function withoutEditOfUnsavedConfig<T extends vscode.CodeAction>(action: T): T {
  if (!action.edit) return action;
  for (const [uri] of action.edit.entries()) {
    if (!uri.path.endsWith(`/${CONFIG_FILE_NAME}`)) continue;
    const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (!open?.isDirty) continue;
    action.edit = undefined;
    action.command = { title: action.title, command: UNSAVED_CONFIG_COMMAND, arguments: [uri.toString()] };
    return action;
  }
  return action;
}

async function configHasUnsavedChanges(uri?: unknown): Promise<void> {
  const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri);
  const choice = await vscode.window.showWarningMessage(
    `${CONFIG_FILE_NAME} has unsaved changes: save it first, then choose the quick fix again (it is worked out on the file as saved).`,
    ...(doc ? ['Save'] : []),
  );
  if (choice === 'Save' && doc) await doc.save();
}
