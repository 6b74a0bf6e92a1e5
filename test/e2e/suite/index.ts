/*
 * End-to-end tests, run inside the real VS Code extension host (code-server; see
 * test/e2e/code-shim.js). VS Code loads this module and calls run(); a thrown error means failure.
 *
 * Every wait is on an editor event or a condition with a timeout; there are no fixed sleeps.
 * Output: one `ok - name` / `not ok - name: error` line per test, then
 * `E2E_SUMMARY passed=N failed=M`, which test/e2e/run.ts reads from the relayed log.
 */
import * as assert from 'assert';
import * as fs from 'fs';
import * as path from 'path';
import * as vscode from 'vscode';

const EXTENSION_ID = 'imr-letters.imr-letters';
const TEST_TIMEOUT_MS = 45_000;

/**
 * IMR_E2E_SUITE selects what runs: `full` (default: every test), `smoke` (the tests marked
 * smoke; run against the packaged VSIX), `screenshots` (no tests: the README pictures only),
 * `multiroot` (the tests of a two-folder workspace, which run.ts makes and opens).
 */
const SUITE = (process.env.IMR_E2E_SUITE || 'full').toLowerCase();

interface TestCase {
  name: string;
  fn: () => Promise<void>;
  smoke: boolean;
}

const tests: TestCase[] = [];
function test(name: string, fn: () => Promise<void>, opts: { smoke?: boolean } = {}): void {
  tests.push({ name, fn, smoke: !!opts.smoke });
}
const multiRootTests: TestCase[] = [];
function multiRootTest(name: string, fn: () => Promise<void>): void {
  multiRootTests.push({ name, fn, smoke: false });
}

// ------------------------------------------------------------------ helpers

function workspaceFile(name: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('no workspace folder is open (the runner opens a copy of test/e2e/workspace)');
  return vscode.Uri.joinPath(folder.uri, name);
}

function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`timed out after ${ms} ms waiting for ${what}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Resolves with check()'s value as soon as it is truthy. check() runs now and again whenever one
 * of the given events fires; `retryMs` adds a re-check for state that no event announces
 * (e.g. a language-server provider becoming ready).
 */
function waitFor<T>(
  what: string | (() => string),
  check: () => T | undefined | false | Promise<T | undefined | false>,
  events: vscode.Event<unknown>[],
  timeoutMs: number,
  retryMs?: number,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const disposables: vscode.Disposable[] = [];
    let done = false;
    let running = false;
    let again = false;
    let lastError: unknown;
    let retryTimer: NodeJS.Timeout | undefined;
    const finish = (err: Error | undefined, value?: T) => {
      if (done) return;
      done = true;
      clearTimeout(deadline);
      clearTimeout(retryTimer);
      disposables.forEach((d) => d.dispose());
      if (err) reject(err);
      else resolve(value as T);
    };
    const deadline = setTimeout(() => {
      const detail = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      finish(new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'function' ? what() : what}${detail}`));
    }, timeoutMs);
    const attempt = async () => {
      if (done) return;
      if (running) { again = true; return; }
      running = true;
      try {
        do {
          again = false;
          try {
            const v = await check();
            if (v) { finish(undefined, v as T); return; }
          } catch (e) {
            lastError = e;
          }
        } while (again && !done);
      } finally {
        running = false;
      }
      if (retryMs && !done) {
        clearTimeout(retryTimer);
        retryTimer = setTimeout(attempt, retryMs);
      }
    };
    for (const ev of events) disposables.push(ev(() => void attempt()));
    void attempt();
  });
}

async function open(name: string): Promise<vscode.TextDocument> {
  const doc = await vscode.workspace.openTextDocument(workspaceFile(name));
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

/** The open document for `uri`, once its language is `languageId` (documents are re-opened when their language changes). */
function waitForLanguage(uri: vscode.Uri, languageId: string, timeoutMs: number): Promise<vscode.TextDocument> {
  return waitFor(
    () => `${path.basename(uri.fsPath)} to be in language '${languageId}' (now: ${vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString())?.languageId ?? 'not open'})`,
    () => vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString() && d.languageId === languageId),
    [vscode.workspace.onDidOpenTextDocument, vscode.window.onDidChangeActiveTextEditor],
    timeoutMs,
  );
}

type AnySymbol = vscode.DocumentSymbol | vscode.SymbolInformation;

function flatten(symbols: vscode.DocumentSymbol[]): vscode.DocumentSymbol[] {
  return symbols.flatMap((s) => [s, ...flatten(s.children ?? [])]);
}

function codeOf(d: vscode.Diagnostic): string | undefined {
  if (d.code === undefined) return undefined;
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}

function describeDiagnostics(uri: vscode.Uri): string {
  const ds = vscode.languages.getDiagnostics(uri);
  return ds.length ? ds.map((d) => `${codeOf(d) ?? '?'}@${d.range.start.line + 1}`).join(', ') : 'none';
}

/** The position `offset` characters into `needle` on the first line that contains `lineText`. */
function positionOf(doc: vscode.TextDocument, lineText: string, needle: string, offset = 0): vscode.Position {
  for (let i = 0; i < doc.lineCount; i++) {
    const text = doc.lineAt(i).text;
    if (text.includes(lineText)) {
      const at = text.indexOf(needle, text.indexOf(lineText));
      assert.ok(at >= 0, `"${needle}" is not on line ${i + 1} of ${path.basename(doc.uri.fsPath)}`);
      return new vscode.Position(i, at + offset);
    }
  }
  throw new Error(`no line of ${path.basename(doc.uri.fsPath)} contains "${lineText}"`);
}

/** The end of the first line that ends with `lineText`. */
function endOfLine(doc: vscode.TextDocument, lineText: string): vscode.Position {
  for (let i = 0; i < doc.lineCount; i++) {
    if (doc.lineAt(i).text.endsWith(lineText)) return doc.lineAt(i).range.end;
  }
  throw new Error(`no line of ${path.basename(doc.uri.fsPath)} ends with "${lineText}"`);
}

function hoverText(hovers: vscode.Hover[]): string {
  return hovers
    .flatMap((h) => h.contents)
    .map((c) => (typeof c === 'string' ? c : c.value))
    .join('\n\n');
}

/** Reverts and closes the editor's document (left unchanged on disk), and waits until it is no longer visible. */
async function closeWithoutSaving(editor: vscode.TextEditor): Promise<void> {
  const uri = editor.document.uri.toString();
  if (vscode.window.activeTextEditor?.document.uri.toString() !== uri) {
    await vscode.window.showTextDocument(editor.document, { preview: false });
  }
  await vscode.commands.executeCommand('workbench.action.revertAndCloseActiveEditor');
  await waitFor(
    `${uri} to be closed`,
    () => !vscode.window.visibleTextEditors.some((e) => e.document.uri.toString() === uri),
    [vscode.window.onDidChangeVisibleTextEditors],
    10_000,
  );
}

// ------------------------------------------------------------------ tests

test('a .imr file opens in language imr and the extension activates', async () => {
  const ext = vscode.extensions.getExtension(EXTENSION_ID);
  assert.ok(ext, `extension ${EXTENSION_ID} is not loaded (extensionDevelopmentPath wrong?)`);
  console.log(`# extension ${EXTENSION_ID} ${ext.packageJSON?.version ?? ''} from ${ext.extensionPath}`);
  const doc = await open('good.imr');
  assert.strictEqual(doc.languageId, 'imr');
  // No event announces activation: re-check on editor events and every 100 ms, up to the timeout.
  await waitFor('the extension to activate', () => ext.isActive, [vscode.workspace.onDidOpenTextDocument], 15_000, 100);
}, { smoke: true });

test('a .txt letter starting with "Case Number:" opens in language imr', async () => {
  const doc = await open('letter.txt');
  await waitForLanguage(doc.uri, 'imr', 15_000);
});

test('a .txt letter whose first non-blank line is the HOW THE IMR heading opens in language imr', async () => {
  const doc = await open('heading-first.txt');
  await waitForLanguage(doc.uri, 'imr', 15_000);
});

test('a .txt file that is not a letter stays plaintext', async () => {
  const notes = await open('notes.txt');
  // Open a letter after it and wait for that one to switch: by then notes.txt was looked at too.
  const letter = await open('second-letter.txt');
  await waitForLanguage(letter.uri, 'imr', 15_000);
  const now = vscode.workspace.textDocuments.find((d) => d.uri.toString() === notes.uri.toString());
  assert.strictEqual(now?.languageId ?? notes.languageId, 'plaintext');
});

test('the outline has the sections, the items with their decisions and each item\'s three fields', async () => {
  const doc = await open('good.imr');
  assert.strictEqual(doc.languageId, 'imr');
  const symbols = await waitFor(
    'document symbols from the language server',
    async () => {
      const s = await vscode.commands.executeCommand<AnySymbol[] | undefined>('vscode.executeDocumentSymbolProvider', doc.uri);
      return s && s.length > 0 ? s : undefined;
    },
    [vscode.languages.onDidChangeDiagnostics],
    15_000,
    200,
  );
  assert.ok('children' in symbols[0], 'expected hierarchical DocumentSymbols, got flat SymbolInformation');
  const all = flatten(symbols as vscode.DocumentSymbol[]);
  const names = all.map((s) => s.name.trim());
  for (const heading of ['HOW THE IMR FINAL DETERMINATION WAS MADE', 'CLINICAL CASE SUMMARY', 'IMR ISSUES, DECISIONS AND RATIONALES']) {
    assert.ok(names.includes(heading), `no outline entry for "${heading}"; got: ${names.join(' | ')}`);
  }
  const items = all.filter((s) => /^(?:Upheld|Overturned) · /.test(s.name));
  assert.deepStrictEqual(
    items.map((s) => s.name.trim()),
    ['Upheld · MRI of the lumbar spine without contrast', 'Overturned · Physical therapy 2 times a week for 3 weeks for the lumbar spine'],
  );
  const issues = all.find((s) => s.name.trim() === 'IMR ISSUES, DECISIONS AND RATIONALES')!;
  for (const item of items) {
    assert.ok(issues.children.includes(item), `item "${item.name}" is not under the IMR ISSUES section`);
    assert.deepStrictEqual(
      item.children.map((c) => c.name.trim()),
      ['Claims Administrator guideline', 'MAXIMUS guideline', 'Decision rationale'],
      `fields of "${item.name}"`,
    );
    for (const field of item.children) {
      assert.ok(item.range.contains(field.range), `field "${field.name}" lies outside its item "${item.name}"`);
    }
  }
  // The item's range starts on its title line.
  assert.match(doc.lineAt(items[0].selectionRange.start.line).text, /MRI of the lumbar spine without contrast: Upheld/);
}, { smoke: true });

test('a letter without the CLINICAL CASE SUMMARY heading gets a missing-section diagnostic', async () => {
  const doc = await open('broken.imr');
  assert.strictEqual(doc.languageId, 'imr');
  const diag = await waitFor(
    () => `a missing-section diagnostic on broken.imr (diagnostics now: ${describeDiagnostics(doc.uri)})`,
    () => vscode.languages.getDiagnostics(doc.uri).find((d) => codeOf(d) === 'missing-section'),
    [vscode.languages.onDidChangeDiagnostics],
    15_000,
  );
  assert.match(diag.message, /CLINICAL CASE SUMMARY/);
  assert.strictEqual(diag.severity, vscode.DiagnosticSeverity.Error);
  // The good letter, opened earlier, has no such complaint.
  const good = vscode.languages.getDiagnostics(workspaceFile('good.imr')).filter((d) => codeOf(d) === 'missing-section');
  assert.deepStrictEqual(good.map((d) => d.message), []);
}, { smoke: true });

test('hovering an MTUS guideline label shows the guideline and its 8 CCR section', async () => {
  const doc = await open('good.imr');
  const pos = positionOf(doc, 'MAXIMUS guideline: Decision based on MTUS Low Back Complaints', 'Low Back Complaints', 4);
  const text = await waitFor(
    'a hover from the language server on "Low Back Complaints"',
    async () => {
      const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos);
      const t = hoverText(hovers ?? []);
      return t.includes('Low Back Complaints') ? t : undefined;
    },
    [vscode.languages.onDidChangeDiagnostics],
    15_000,
    200,
  );
  assert.match(text, /9792\.2\d/, `the hover names no 8 CCR 9792.2x section: ${text}`);
});

test('completion in a guideline field offers the MTUS guideline labels', async () => {
  const doc = await open('in-progress.imr');
  const pos = endOfLine(doc, 'Claims Administrator guideline: Decision based on MTUS ');
  const labels = await waitFor(
    'completion items with a "Low Back Complaints" guideline label',
    async () => {
      const list = await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, pos);
      const ls = (list?.items ?? []).map((i) => (typeof i.label === 'string' ? i.label : i.label.label));
      return ls.some((l) => l.startsWith('Low Back Complaints')) ? ls : undefined;
    },
    [vscode.languages.onDidChangeDiagnostics],
    15_000,
    200,
  );
  assert.ok(labels.some((l) => l.startsWith('Chronic Pain Medical Treatment')), `labels: ${labels.slice(0, 20).join(' | ')}`);
});

test('the Insert Letter Skeleton command fills a new letter with the three section headings', async () => {
  const doc = await vscode.workspace.openTextDocument({ language: 'imr', content: '' });
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  try {
    await vscode.commands.executeCommand('imr.insertLetterSkeleton');
    const headings = ['HOW THE IMR FINAL DETERMINATION WAS MADE', 'CLINICAL CASE SUMMARY', 'IMR ISSUES, DECISIONS AND RATIONALES'];
    await waitFor(
      () => `the skeleton's headings in the new document (text now: ${JSON.stringify(doc.getText().slice(0, 80))})`,
      () => headings.every((h) => doc.getText().includes(h)),
      [vscode.workspace.onDidChangeTextDocument],
      10_000,
    );
    assert.strictEqual(doc.languageId, 'imr');
  } finally {
    await closeWithoutSaving(editor);
  }
});

test('Insert Letter Skeleton never goes into a file that has text: a new letter opens with it', async () => {
  const json = await vscode.workspace.openTextDocument({ language: 'json', content: '{ "rules": {} }\n' });
  const jsonEditor = await vscode.window.showTextDocument(json, { preview: false });
  try {
    await vscode.commands.executeCommand('imr.insertLetterSkeleton');
    const letter = await waitFor(
      'a new letter with the skeleton',
      () => { const d = vscode.window.activeTextEditor?.document; return d && d !== json && d.getText().includes('CLINICAL CASE SUMMARY') && d; },
      [vscode.workspace.onDidChangeTextDocument, vscode.window.onDidChangeActiveTextEditor],
      10_000,
    );
    assert.strictEqual(letter.languageId, 'imr');
    assert.strictEqual(json.languageId, 'json', 'the JSON file keeps its language');
    assert.strictEqual(json.getText(), '{ "rules": {} }\n', 'and its text');
    await closeWithoutSaving(vscode.window.activeTextEditor!);
  } finally {
    await closeWithoutSaving(jsonEditor);
  }
});

test('the preferred quick fix for a misspelled heading clears its missing-section diagnostic', async () => {
  const doc = await open('misspelled.imr');
  const editor = vscode.window.activeTextEditor!;
  try {
    const diag = await waitFor(
      () => `a missing-section diagnostic on misspelled.imr (diagnostics now: ${describeDiagnostics(doc.uri)})`,
      () => vscode.languages.getDiagnostics(doc.uri).find((d) => codeOf(d) === 'missing-section'),
      [vscode.languages.onDidChangeDiagnostics],
      15_000,
    );
    assert.match(diag.message, /SUMARY/);
    const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
      'vscode.executeCodeActionProvider', doc.uri, diag.range, vscode.CodeActionKind.QuickFix.value,
    );
    const fix = (actions ?? []).find((a): a is vscode.CodeAction => 'isPreferred' in a && !!a.isPreferred && !!a.edit);
    assert.ok(fix, `no preferred quick fix with an edit; got: ${(actions ?? []).map((a) => a.title).join(' | ') || 'none'}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit!), 'applyEdit returned false');
    assert.match(doc.getText(), /^ *CLINICAL CASE SUMMARY$/m);
    await waitFor(
      () => `the missing-section diagnostic to go (diagnostics now: ${describeDiagnostics(doc.uri)})`,
      () => !vscode.languages.getDiagnostics(doc.uri).some((d) => codeOf(d) === 'missing-section'),
      [vscode.languages.onDidChangeDiagnostics],
      15_000,
    );
  } finally {
    await closeWithoutSaving(editor);
  }
});

test('a quick fix never writes into a .imrlintrc.json with unsaved changes (its edit was worked out on the file as saved)', async () => {
  const configUri = workspaceFile('.imrlintrc.json');
  await vscode.workspace.fs.writeFile(configUri, Buffer.from('{}\n'));
  const config = await vscode.workspace.openTextDocument(configUri);
  const configEditor = await vscode.window.showTextDocument(config, { preview: false });
  const doc = await open('broken.imr');
  const ignoreAction = async () => {
    const diag = await waitFor(
      () => `a missing-section diagnostic on broken.imr (diagnostics now: ${describeDiagnostics(doc.uri)})`,
      () => vscode.languages.getDiagnostics(doc.uri).find((d) => codeOf(d) === 'missing-section'),
      [vscode.languages.onDidChangeDiagnostics],
      15_000,
    );
    // (Resolved, as the editor resolves the action the user picks.)
    const actions = await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
      'vscode.executeCodeActionProvider', doc.uri, diag.range, vscode.CodeActionKind.QuickFix.value, 100,
    );
    const ignore = (actions ?? []).find((a): a is vscode.CodeAction => /^Ignore this missing-section finding/.test(a.title) && 'kind' in a);
    assert.ok(ignore, `no "Ignore this missing-section finding" action; got: ${(actions ?? []).map((a) => a.title).join(' | ') || 'none'}`);
    return ignore;
  };
  try {
    const unsavedEdit = new vscode.WorkspaceEdit();
    unsavedEdit.insert(configUri, new vscode.Position(0, 1), ' "overrides": [] ');
    assert.ok(await vscode.workspace.applyEdit(unsavedEdit), 'applyEdit returned false');
    assert.ok(config.isDirty);
    const unsaved = await ignoreAction();
    assert.strictEqual(unsaved.edit, undefined, 'an edit into the unsaved config');
    assert.strictEqual(unsaved.command?.command, 'imr.configHasUnsavedChanges');
    // Saved, the same fix writes its entry again.
    await config.save();
    const saved = await waitFor('the ignore action to have its edit once the config is saved', async () => {
      const a = await ignoreAction();
      return a.edit && a.edit.entries().some(([u]) => u.toString() === configUri.toString()) && a;
    }, [vscode.languages.onDidChangeDiagnostics], 15_000, 500);
    assert.ok(await vscode.workspace.applyEdit(saved.edit!), 'applyEdit returned false');
    try {
      JSON.parse(config.getText());
    } catch (err) {
      assert.fail(`the config after the fix is not JSON (${String(err)}):\n${config.getText()}\nthe edit: ${JSON.stringify(saved.edit!.entries().map(([u, e]) => [u.toString(), e]))}`);
    }
    assert.match(config.getText(), /"overrides": \[\s*\{/);
  } finally {
    await closeWithoutSaving(configEditor);
    await vscode.workspace.fs.delete(configUri);
  }
});

test('imr.rules in the settings changes a diagnostic\'s severity without a reload', async () => {
  const doc = await open('broken.imr');
  const config = () => vscode.workspace.getConfiguration('imr', doc.uri);
  const missing = () => vscode.languages.getDiagnostics(doc.uri).find((d) => codeOf(d) === 'missing-section');
  const severityIs = (sev: vscode.DiagnosticSeverity | undefined, label: string) =>
    waitFor(
      () => `broken.imr's missing-section diagnostic to be ${label} (now: ${missing() ? vscode.DiagnosticSeverity[missing()!.severity] : 'absent'})`,
      () => (sev === undefined ? !missing() : missing()?.severity === sev),
      [vscode.languages.onDidChangeDiagnostics],
      15_000,
    );
  await severityIs(vscode.DiagnosticSeverity.Error, 'an Error');
  try {
    await config().update('rules', { 'missing-section': 'warning' }, vscode.ConfigurationTarget.Workspace);
    await severityIs(vscode.DiagnosticSeverity.Warning, 'a Warning');
    await config().update('rules', { 'missing-section': 'off' }, vscode.ConfigurationTarget.Workspace);
    await severityIs(undefined, 'gone');
  } finally {
    await config().update('rules', undefined, vscode.ConfigurationTarget.Workspace);
  }
  await severityIs(vscode.DiagnosticSeverity.Error, 'an Error again');
});

test('IMR: Lint All Letters in the Workspace reports problems of a letter that is not open', async () => {
  const uri = workspaceFile('closed-draft.imr');
  assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()), 'closed-draft.imr is open already');
  assert.ok(!vscode.languages.getDiagnostics(uri).some((d) => codeOf(d) === 'missing-section'), 'closed-draft.imr has diagnostics before the workspace lint');
  await vscode.commands.executeCommand('imr.lintWorkspace');
  const diag = await waitFor(
    () => `a missing-section diagnostic on closed-draft.imr (diagnostics now: ${describeDiagnostics(uri)})`,
    () => vscode.languages.getDiagnostics(uri).find((d) => codeOf(d) === 'missing-section'),
    [vscode.languages.onDidChangeDiagnostics],
    15_000,
  );
  assert.match(diag.message, /IMR ISSUES, DECISIONS AND RATIONALES/);
  assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.toString() === uri.toString()), 'the workspace lint opened closed-draft.imr');
});

// ------------------------------------------------------------------ in the page, as a user

/**
 * Takes steps in the workbench page as a user would (keys, clicks, hovers) and reads what the page
 * shows: the shim (test/e2e/code-shim.js, `pageAction`) runs them and writes the outcome to
 * <IMR_E2E_RESULTS_DIR>/<name>.action.json, which this waits for. Every step that waits does so
 * for a selector, with a timeout.
 */
async function inPage(name: string, steps: unknown[]): Promise<Record<string, any>> { // eslint-disable-line @typescript-eslint/no-explicit-any -- page values are checked by each test
  const dir = process.env.IMR_E2E_RESULTS_DIR;
  if (!dir) throw new Error('IMR_E2E_RESULTS_DIR is not set (the shim sets it)');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${name}.action.json`);
  fs.rmSync(file, { force: true });
  const watcher = fs.watch(dir);
  try {
    const written = waitFor(
      `the page action ${name}`,
      () => fs.existsSync(file),
      [(listener) => { watcher.on('change', listener); return { dispose: () => watcher.off('change', listener) }; }],
      40_000,
      500, // fs.watch can miss a rename on some file systems
    );
    console.log(`E2E_ACTION ${name} ${JSON.stringify(steps)}`);
    await written;
  } finally {
    watcher.close();
  }
  const result = JSON.parse(fs.readFileSync(file, 'utf8')) as { ok: boolean; error?: string; values: Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any -- as above
  if (!result.ok) throw new Error(`in the page (${name}): ${result.error}`);
  return result.values;
}

/** Waits until the editor's selection covers exactly `text`. */
function selectionIs(editor: vscode.TextEditor, text: string): Promise<true> {
  return waitFor(
    () => `the selection to be "${text}" (now "${editor.document.getText(editor.selection)}")`,
    () => editor.document.getText(editor.selection) === text || undefined,
    [vscode.window.onDidChangeTextEditorSelection as vscode.Event<unknown>],
    10_000,
  );
}

function lineStartingWith(doc: vscode.TextDocument, start: string): string | undefined {
  for (let i = 0; i < doc.lineCount; i++) if (doc.lineAt(i).text.startsWith(start)) return doc.lineAt(i).text;
  return undefined;
}

/**
 * Waits until a notification with `text` is in the notification centre (toasts are not shown in
 * the test window), then clears the notifications.
 */
async function notified(name: string, text: string): Promise<void> {
  await vscode.commands.executeCommand('notifications.showList');
  try {
    await inPage(name, [{ waitFor: `.notifications-center .notification-list-item:has-text(${JSON.stringify(text)})` }]);
  } finally {
    await vscode.commands.executeCommand('notifications.clearAll');
    await vscode.commands.executeCommand('notifications.hideList');
  }
}

/** The focused row of the suggest widget. */
const FOCUSED_SUGGESTION = '.editor-widget.suggest-widget .monaco-list-row.focused';

test('typing part of a guideline label and accepting the suggestion writes the label once', async () => {
  const doc = await open('in-progress.imr');
  const editor = await placeCursor(doc, endOfLine(doc, 'Claims Administrator guideline: Decision based on MTUS '));
  try {
    await waitFor('guideline completions', async () => ((await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, editor.selection.active))?.items ?? []).length > 0, [vscode.languages.onDidChangeDiagnostics], 15_000, 200);
    // As a reviewer types it: the space after "MTUS" opens the list (no quick suggestions in [imr]).
    await vscode.commands.executeCommand('deleteLeft');
    await inPage('accept-label', [
      { type: ' Low Ba' },
      { waitFor: `${FOCUSED_SUGGESTION}:has-text("Low Back Complaints 2004")` },
      { press: 'Enter' },
    ]);
    const cursorLine = () => doc.lineAt(editor.selection.active.line).text;
    const line = await waitFor(
      () => `the accepted label (line now: ${cursorLine()})`,
      () => cursorLine().includes('Complaints') && cursorLine(),
      [vscode.workspace.onDidChangeTextDocument],
      10_000,
    );
    assert.strictEqual(line, 'Claims Administrator guideline: Decision based on MTUS Low Back Complaints 2004');
  } finally {
    await closeWithoutSaving(editor);
  }
});

test('"imr" and Ctrl+Space offer the letter skeleton first; Tab moves through its placeholders', async () => {
  const doc = await vscode.workspace.openTextDocument({ language: 'imr', content: '' });
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  try {
    await inPage('skeleton', [
      { type: 'imr' },
      { press: 'Control+Space' },
      { waitFor: `${FOCUSED_SUGGESTION}:has-text("IMR letter")` },
      { press: 'Enter' },
    ]);
    await selectionIs(editor, '[CASE NUMBER]');
    await inPage('skeleton-tab', [{ type: 'CM25-0000001' }, { press: 'Tab' }]);
    await selectionIs(editor, '[MM/DD/YYYY]');
    assert.ok(doc.getText().startsWith('Case Number:          CM25-0000001\n'), doc.getText().slice(0, 60));
    // A placeholder left in the text is an error.
    const left = await waitFor(
      () => `placeholder-left diagnostics (now: ${describeDiagnostics(doc.uri)})`,
      () => { const ds = vscode.languages.getDiagnostics(doc.uri).filter((d) => codeOf(d) === 'placeholder-left'); return ds.length > 0 && ds; },
      [vscode.languages.onDidChangeDiagnostics],
      15_000,
    );
    assert.ok(left.every((d) => d.severity === vscode.DiagnosticSeverity.Error));
  } finally {
    await closeWithoutSaving(editor);
  }
});

test('writing prose pops nothing up: a word and Enter start a new line (no snippet over "Case", none over "not"); a decision typed in full and Enter too', async () => {
  const doc = await vscode.workspace.openTextDocument({ language: 'imr', content: '' });
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  try {
    await inPage('prose-enter', [{ type: 'The claimant was seen for the Case' }, { press: 'Enter' }, { type: 'Imaging was not' }, { press: 'Enter' }, { type: 'MRI of the knee: Overturned' }, { press: 'Enter' }, { type: 'x' }]);
    const text = await waitFor(() => `the typed lines (now: ${JSON.stringify(doc.getText())})`, () => doc.getText().endsWith('x') && doc.getText(), [vscode.workspace.onDidChangeTextDocument], 10_000);
    assert.strictEqual(text, 'The claimant was seen for the Case\nImaging was not\nMRI of the knee: Overturned\nx');
  } finally {
    await closeWithoutSaving(editor);
  }
});

test('in a snippet field, a typed word is not completed: Tab goes to the next field', async () => {
  const doc = await vscode.workspace.openTextDocument({ language: 'imr', content: 'California is a state.\n' });
  const editor = await vscode.window.showTextDocument(doc, { preview: false, selection: new vscode.Range(1, 0, 1, 0) });
  try {
    await editor.insertSnippet(new vscode.SnippetString('State(s) of Licensure: ${1:[STATE OF LICENSURE]}\nCertification(s)/Specialty: ${2:[SPECIALTY]}$0'));
    await selectionIs(editor, '[STATE OF LICENSURE]');
    await inPage('snippet-word', [{ type: 'Cal' }, { screenshot: 'snippet-word' }, { press: 'Tab' }]);
    await selectionIs(editor, '[SPECIALTY]');
    assert.strictEqual(lineStartingWith(doc, 'State(s)'), 'State(s) of Licensure: Cal');
  } finally {
    await closeWithoutSaving(editor);
  }
});

test('prose defaults for [imr]: no word suggestions, word wrap, no bracket colours or indent guides, typography not flagged; all overridable', async () => {
  const config = () => vscode.workspace.getConfiguration('editor', { languageId: 'imr' });
  const c = config();
  assert.strictEqual(c.get('wordBasedSuggestions'), 'off');
  assert.strictEqual(c.get('wordWrap'), 'on');
  assert.strictEqual(c.get('bracketPairColorization.enabled'), false);
  assert.strictEqual(c.get('guides.indentation'), false);
  assert.strictEqual(c.get('suggest.snippetsPreventQuickSuggestions'), true);
  assert.deepStrictEqual(c.get('quickSuggestions'), { other: 'off', comments: 'off', strings: 'off' });
  assert.strictEqual(c.get('acceptSuggestionOnEnter'), 'smart');
  const allowed = c.get<Record<string, boolean>>('unicodeHighlight.allowedCharacters') ?? {};
  for (const ch of ['’', '“', '”', '–', '—']) assert.strictEqual(allowed[ch], true, `${ch} is allowed`);
  // What the page shows: the typographic characters of conflict.imr are not boxed.
  const doc = await open('conflict.imr');
  await placeCursor(doc, positionOf(doc, 'The injured worker’s history', 'worker’s'));
  const seen = await inPage('typography', [
    { waitFor: '.view-line:has-text("worker’s history")' },
    { waitFor: '.view-line:has-text("6–7 out of 10")' },
    { count: { boxed: '.monaco-editor .unicode-highlight' } },
  ]);
  assert.strictEqual(seen.boxed, 0, 'typographic characters are highlighted as ambiguous');
  // Overridable: a user's [imr] setting wins.
  const section = vscode.workspace.getConfiguration(undefined, { languageId: 'imr' });
  try {
    await section.update('editor.wordWrap', 'off', vscode.ConfigurationTarget.Workspace, true);
    await waitFor('the override to apply', () => config().get('wordWrap') === 'off', [vscode.workspace.onDidChangeConfiguration], 10_000);
  } finally {
    await section.update('editor.wordWrap', undefined, vscode.ConfigurationTarget.Workspace, true);
  }
});

test('a rule id link opens the rule page rendered; Show Rule Documentation offers a pick and refuses an unknown id', async () => {
  const previewOf = (rule: string) => () =>
    vscode.window.tabGroups.all.flatMap((g) => g.tabs).find((t) => (t.input instanceof vscode.TabInputWebview || (t.input instanceof vscode.TabInputCustom && t.input.viewType === 'vscode.markdown.preview.editor')) && t.label.includes(`${rule}.md`));
  const doc = await open('broken.imr');
  const diag = await waitFor('a missing-section diagnostic', () => vscode.languages.getDiagnostics(doc.uri).find((d) => codeOf(d) === 'missing-section'), [vscode.languages.onDidChangeDiagnostics], 15_000);
  const target = typeof diag.code === 'object' ? diag.code.target : undefined;
  assert.match(target?.path ?? '', /\/rule-docs\/missing-section\.md$/, `the rule link is ${target?.toString()}`);
  // The hover can fail to show or close before it is clicked (the window without focus, a
  // notification, the server's hover answer re-rendering it): first as the keyboard shows it,
  // then as the mouse does, over the squiggle, up to three times, until its link is there to click.
  const link = '.monaco-hover a:has-text("missing-section")';
  for (let attempt = 1; ; attempt++) {
    await placeCursor(doc, diag.range.start);
    if (attempt === 1) await vscode.commands.executeCommand('editor.action.showHover');
    // The mouse goes to the line after the finding's, then onto the finding's first character (the
    // line's text span from its left: the squiggle can be one word, "The", and the span's centre
    // is then outside it).
    const lineOf = (n: number) => `.view-line:has-text(${JSON.stringify(doc.lineAt(n).text.trim().slice(0, 30))}) > span`;
    const onFinding = { x: 3 + 8 * diag.range.start.character, y: 6 };
    const byMouse = attempt === 1 ? [] : [{ hover: lineOf(diag.range.start.line + 1) }, { hover: lineOf(diag.range.start.line), position: onFinding }];
    try {
      await inPage(`rule-link-${attempt}`, [...byMouse, { waitFor: link, timeout: 5000 }, { click: link }]);
      break;
    } catch (e) {
      if (attempt === 3) throw e;
      console.log(`# the hover's rule link was not there to click (attempt ${attempt}): ${(e as Error).message}`);
    }
  }
  const tab = await waitFor('a rendered preview of missing-section.md', previewOf('missing-section'), [vscode.window.tabGroups.onDidChangeTabs as vscode.Event<unknown>], 15_000);
  assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.path.endsWith('/docs/rules/missing-section.md') && vscode.window.visibleTextEditors.some((e) => e.document === d)), 'the raw page is open in an editor');
  assert.ok(tab);
  // Without an id: a quick pick of the rules.
  void vscode.commands.executeCommand('imr.showRuleDocumentation');
  await inPage('rule-pick', [
    // The first rule (the list shows only the first rows: a rule deep in it is not drawn).
    { waitFor: '.quick-input-widget .monaco-list-row:has-text("missing-section")' },
    { type: 'placeholder-left' },
    { waitFor: '.quick-input-widget .monaco-list-row.focused:has-text("placeholder-left")' },
    { press: 'Enter' },
  ]);
  await waitFor('a rendered preview of placeholder-left.md', previewOf('placeholder-left'), [vscode.window.tabGroups.onDidChangeTabs as vscode.Event<unknown>], 15_000);
  // An unknown id is refused with a message, and opens nothing.
  const tabs = vscode.window.tabGroups.all.flatMap((g) => g.tabs).length;
  await vscode.commands.executeCommand('imr.showRuleDocumentation', 'no-such-rule');
  await notified('rule-unknown', '"no-such-rule" is not a rule id');
  assert.strictEqual(vscode.window.tabGroups.all.flatMap((g) => g.tabs).length, tabs);
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
}, { smoke: true });

test('Fix All in This Letter applies the safe fixes; Show Output shows the server log', async () => {
  // A copy of misspelled.imr in a new document: independent of the quick-fix test's edits to the file.
  const doc = await vscode.workspace.openTextDocument({ language: 'imr', content: fs.readFileSync(workspaceFile('misspelled.imr').fsPath, 'utf8') });
  const editor = await vscode.window.showTextDocument(doc, { preview: false });
  try {
    await waitFor('a missing-section diagnostic on the copy of misspelled.imr', () => vscode.languages.getDiagnostics(doc.uri).some((d) => codeOf(d) === 'missing-section'), [vscode.languages.onDidChangeDiagnostics], 15_000);
    await vscode.commands.executeCommand('imr.fixAll');
    assert.match(doc.getText(), /^ *CLINICAL CASE SUMMARY$/m);
    // The message names what it repaired (misspelled.imr: the misspelled heading).
    await vscode.commands.executeCommand('notifications.showList');
    try {
      await inPage('fix-all', [{ waitFor: '.notifications-center .notification-list-item:has-text("IMR: applied"):has-text("missing-section")' }]);
    } finally {
      await vscode.commands.executeCommand('notifications.clearAll');
      await vscode.commands.executeCommand('notifications.hideList');
    }
  } finally {
    await closeWithoutSaving(editor);
  }
  await vscode.commands.executeCommand('imr.showOutput');
  await inPage('show-output', [{ waitFor: '.part.panel .monaco-editor .view-lines' }, { waitFor: '.part.panel :has-text("IMR Letters")' }]);
  await vscode.commands.executeCommand('workbench.action.closePanel');
});

test('the status item counts with correct plurals, and its hover offers every action', async () => {
  const doc = await open('broken.imr');
  await waitFor('diagnostics on broken.imr', () => vscode.languages.getDiagnostics(doc.uri).length > 0, [vscode.languages.onDidChangeDiagnostics], 15_000);
  const errors = vscode.languages.getDiagnostics(doc.uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error).length;
  const text = `IMR: ${errors === 1 ? '1 error' : `${errors} errors`}`;
  await inPage('status', [
    { waitFor: `.statusbar-item:has-text("${text},")` },
    { hover: `.statusbar-item:has-text("${text},")` },
    { waitFor: '.monaco-hover:has-text("Fix All in This Letter")' },
    { waitFor: '.monaco-hover:has-text("Lint All Letters in the Workspace")' },
    { waitFor: '.monaco-hover:has-text("Insert Letter Skeleton")' },
    { waitFor: '.monaco-hover:has-text("Show Rule Documentation")' },
    { waitFor: '.monaco-hover:has-text("Show Output")' },
    { waitFor: '.monaco-hover:has-text("Restart Language Server")' },
    { count: { wrongPlural: '.statusbar-item:has-text("1 errors"), .statusbar-item:has-text("1 warnings")' } },
  ]).then((v) => assert.strictEqual(v.wrongPlural, 0));
});

test('semantic colours: heading, decision, guideline and a conflicting decision look different, and labels are not in the error colour, in light and dark themes', async () => {
  const workbench = vscode.workspace.getConfiguration('workbench');
  const before = workbench.get<string>('colorTheme');
  try {
    // (The 2026 themes, the editor's defaults now, colour keywords red: labels were red there.)
    for (const [theme, name] of [['Default Light Modern', 'light'], ['Default Dark Modern', 'dark'], ['Light 2026', 'light-2026'], ['Dark 2026', 'dark-2026']] as const) {
      await workbench.update('colorTheme', theme, vscode.ConfigurationTarget.Global);
      await cleanSlate();
      const doc = await open('conflict.imr');
      await placeCursor(doc, positionOf(doc, 'MRI of the lumbar spine without contrast: Overturned', 'MRI'));
      const v = await inPage(`colours-${name}`, [
        // The conflict's style (bold, underlined in every theme) shows the semantic tokens are on.
        {
          tokens: {
            conflict: ['Overturned', 'mtku'],
            decision: ['Overturned', '!mtku'],
            heading: ['CLINICAL CASE SUMMARY'],
            guideline: ['Low Back Complaints*'],
            title: ['MRI of the lumbar spine without contrast'],
            label: ['Claims Administrator guideline*'],
          },
        },
        { screenshot: `semantic-${name}` },
      ]);
      const colours = Object.fromEntries(Object.entries(v).map(([k, s]) => [k, (s as { color: string }).color]));
      for (const [a, b] of [['heading', 'guideline'], ['heading', 'decision'], ['guideline', 'decision'], ['decision', 'conflict'], ['heading', 'conflict'], ['title', 'decision'], ['label', 'conflict']]) {
        assert.notStrictEqual(colours[a], colours[b], `${name}: ${a} and ${b} have the same colour ${colours[a]} (${JSON.stringify(colours)})`);
      }
      assert.match(v.conflict.textDecoration, /underline/);
    }
  } finally {
    await workbench.update('colorTheme', before, vscode.ConfigurationTarget.Global);
  }
});

test('IMR: Lint All Letters shows its progress and ends with a summary', async () => {
  await vscode.commands.executeCommand('imr.lintWorkspace');
  await notified('lint-summary', 'letters linted:');
});

test('IMR: Lint All Letters in the Workspace reports problems of a PDF letter on its text view', async () => {
  const view = workspaceFile('published-letter.pdf').with({ scheme: 'imr-pdf', query: 'file' });
  assert.ok(!vscode.workspace.textDocuments.some((d) => d.uri.scheme === 'imr-pdf'), 'a PDF text view is open already');
  await vscode.commands.executeCommand('imr.lintWorkspace');
  const diag = await waitFor(
    () => `an unknown-guideline-section diagnostic on ${view.toString()} (diagnostics now: ${describeDiagnostics(view)})`,
    () => vscode.languages.getDiagnostics(view).find((d) => codeOf(d) === 'unknown-guideline-section'),
    [vscode.languages.onDidChangeDiagnostics],
    20_000,
  );
  assert.match(diag.message, /Inital Care/);
});

test('Open PDF Letter as Text shows a published PDF as an imr letter: text, diagnostics, outline, hover, workspace symbols', async () => {
  // published-letter.pdf is the published determination CM17-0002198 (a public record); its
  // misspelt section name "Inital Care" is reported by unknown-guideline-section.
  await vscode.commands.executeCommand('imr.openPdfAsText', workspaceFile('published-letter.pdf'));
  const doc = await waitFor(
    'the imr-pdf: text view of published-letter.pdf in language imr',
    () => vscode.workspace.textDocuments.find((d) => d.uri.scheme === 'imr-pdf' && d.uri.path.endsWith('/published-letter.pdf') && d.languageId === 'imr'),
    [vscode.workspace.onDidOpenTextDocument, vscode.window.onDidChangeActiveTextEditor],
    20_000,
  );
  assert.match(doc.getText(), /^Case Number: +CM17-0002198\n/);
  assert.strictEqual(vscode.window.activeTextEditor?.document.uri.toString(), doc.uri.toString());
  const diag = await waitFor(
    () => `an unknown-guideline-section diagnostic on the PDF's text (diagnostics now: ${describeDiagnostics(doc.uri)})`,
    () => vscode.languages.getDiagnostics(doc.uri).find((d) => codeOf(d) === 'unknown-guideline-section'),
    [vscode.languages.onDidChangeDiagnostics],
    15_000,
  );
  assert.match(diag.message, /Inital Care/);
  const symbols = await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri);
  const items = flatten(symbols ?? []).filter((s) => /^(?:Upheld|Overturned) · /.test(s.name));
  assert.strictEqual(items.length, 2, `items in the outline: ${items.map((s) => s.name).join(' | ')}`);
  const pos = positionOf(doc, 'Decision based on MTUS Shoulder Complaints', 'Shoulder Complaints', 3);
  const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos);
  assert.match(hoverText(hovers ?? []), /Shoulder Complaints/);
  const found = await vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', 'CM17-0002198');
  assert.ok(
    (found ?? []).some((s) => s.location.uri.toString() === doc.uri.toString()),
    `workspace symbols for CM17-0002198: ${(found ?? []).map((s) => s.location.uri.toString()).join(' | ')}`,
  );
}, { smoke: true });

// ------------------------------------------------------------------ screenshots

/**
 * Asks the shim (test/e2e/code-shim.js) for a picture of the workbench: it waits until every
 * Playwright selector in `waitFor` is visible, then writes <IMR_E2E_RESULTS_DIR>/<name>.png,
 * or <name>.failed with the reason. Rejects when there is no picture.
 */
async function screenshot(name: string, waitForSelectors: string[]): Promise<void> {
  const dir = process.env.IMR_E2E_RESULTS_DIR;
  if (!dir) throw new Error('IMR_E2E_RESULTS_DIR is not set (the shim sets it)');
  const png = path.join(dir, `${name}.png`);
  const failed = path.join(dir, `${name}.failed`);
  fs.mkdirSync(dir, { recursive: true });
  fs.rmSync(png, { force: true });
  fs.rmSync(failed, { force: true });
  const watcher = fs.watch(dir);
  try {
    const written = waitFor(
      `the shim to write ${png}`,
      () => fs.existsSync(png) || fs.existsSync(failed),
      [(listener) => { watcher.on('change', listener); return { dispose: () => watcher.off('change', listener) }; }],
      30_000,
      500, // fs.watch can miss a rename on some file systems
    );
    console.log(`E2E_SCREENSHOT ${name} ${waitForSelectors.join(' && ')}`);
    await written;
  } finally {
    watcher.close();
  }
  if (!fs.existsSync(png)) throw new Error(`screenshot ${name}: ${fs.readFileSync(failed, 'utf8').trim()}`);
}

async function cleanSlate(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  await vscode.commands.executeCommand('workbench.action.closePanel');
}

async function placeCursor(doc: vscode.TextDocument, pos: vscode.Position): Promise<vscode.TextEditor> {
  const editor = await vscode.window.showTextDocument(doc, { preview: false, selection: new vscode.Range(pos, pos) });
  editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenter);
  return editor;
}

/** The README pictures (docs/images/, by scripts/screenshots.mjs). Each one waits until its feature is on screen. */
const scenes: TestCase[] = [
  {
    name: 'diagnostics',
    smoke: false,
    fn: async () => {
      await cleanSlate();
      const doc = await open('broken.imr');
      const diag = await waitFor('a missing-section diagnostic on broken.imr', () => vscode.languages.getDiagnostics(doc.uri).find((d) => codeOf(d) === 'missing-section'), [vscode.languages.onDidChangeDiagnostics], 15_000);
      await placeCursor(doc, diag.range.start);
      await vscode.commands.executeCommand('workbench.actions.view.problems');
      await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
      await screenshot('diagnostics', ['.squiggly-error', '.markers-panel .monaco-list-row:has-text("CLINICAL CASE SUMMARY")']);
    },
  },
  {
    name: 'hover',
    smoke: false,
    fn: async () => {
      await cleanSlate();
      const doc = await open('good.imr');
      const pos = positionOf(doc, 'MAXIMUS guideline: Decision based on MTUS Low Back Complaints', 'Low Back Complaints', 4);
      await waitFor('a hover on "Low Back Complaints"', async () => /9792/.test(hoverText((await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, pos)) ?? [])), [vscode.languages.onDidChangeDiagnostics], 15_000, 200);
      await placeCursor(doc, pos);
      await vscode.commands.executeCommand('editor.action.showHover');
      await screenshot('hover', ['.breadcrumbs-control:has-text("MAXIMUS guideline")', '.monaco-hover:has-text("9792")']);
    },
  },
  {
    name: 'completion',
    smoke: false,
    fn: async () => {
      await cleanSlate();
      const doc = await open('in-progress.imr');
      const pos = endOfLine(doc, 'Claims Administrator guideline: Decision based on MTUS ');
      await waitFor('guideline completions', async () => ((await vscode.commands.executeCommand<vscode.CompletionList>('vscode.executeCompletionItemProvider', doc.uri, pos))?.items ?? []).length > 0, [vscode.languages.onDidChangeDiagnostics], 15_000, 200);
      await placeCursor(doc, pos);
      await vscode.commands.executeCommand('editor.action.triggerSuggest');
      await screenshot('completion', ['.suggest-widget .monaco-list-row:has-text("Low Back Complaints")']);
    },
  },
  {
    name: 'highlighting',
    smoke: false,
    fn: async () => {
      // In a light theme: headings, labels, item titles, decisions and guidelines each in their
      // own colour, and a decision that contradicts its rationale bold and underlined.
      const workbench = vscode.workspace.getConfiguration('workbench');
      const before = workbench.inspect<string>('colorTheme')?.globalValue;
      await workbench.update('colorTheme', 'Default Light Modern', vscode.ConfigurationTarget.Global);
      try {
        await cleanSlate();
        const doc = await open('conflict.imr');
        await placeCursor(doc, positionOf(doc, 'IMR ISSUES, DECISIONS AND RATIONALES', 'IMR'));
        await screenshot('highlighting', ['.view-lines span.mtku:has-text("Overturned")', '.view-lines span.mtku:has-text("not medically necessary")']);
      } finally {
        await workbench.update('colorTheme', before, vscode.ConfigurationTarget.Global);
      }
    },
  },
  {
    name: 'outline',
    smoke: false,
    fn: async () => {
      await cleanSlate();
      // Room for the whole outline: the Explorer's Folders view (which cannot be hidden) moves to
      // the (closed) panel while the picture is taken, and the side bar grows (narrowing the
      // focused editor group widens it); the letter opens after that, in the final layout.
      const doc0 = await open('good.imr');
      await vscode.commands.executeCommand('vscode.moveViews', { viewIds: ['workbench.explorer.fileView'], destinationId: 'workbench.panel.markers' });
      try {
        await vscode.commands.executeCommand('workbench.action.closePanel');
        await vscode.window.showTextDocument(doc0, { preview: false });
        await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
        for (let i = 0; i < 2; i++) await vscode.commands.executeCommand('workbench.action.decreaseViewWidth');
        await vscode.commands.executeCommand('workbench.action.closeAllEditors');
        const doc = await open('good.imr');
        await placeCursor(doc, positionOf(doc, 'MRI of the lumbar spine without contrast: Upheld', 'MRI'));
        await waitFor('document symbols', async () => ((await vscode.commands.executeCommand<AnySymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri)) ?? []).length > 0, [vscode.languages.onDidChangeDiagnostics], 15_000, 200);
        await vscode.commands.executeCommand('outline.focus');
        await vscode.commands.executeCommand('outline.expand');
        await screenshot('outline', ['.outline-pane .monaco-list-row:has-text("Physical therapy 2 times") >> nth=0', '.outline-pane .monaco-list-row:has-text("Decision rationale") >> nth=1']);
      } finally {
        await vscode.commands.executeCommand('workbench.action.focusActiveEditorGroup');
        for (let i = 0; i < 2; i++) await vscode.commands.executeCommand('workbench.action.increaseViewWidth');
        await vscode.commands.executeCommand('vscode.moveViews', { viewIds: ['workbench.explorer.fileView'], destinationId: 'workbench.view.explorer' });
      }
    },
  },
];

// ------------------------------------------------------------------ multi-root workspace (suite multiroot)

multiRootTest('two workspace folders with different imr.rules get different findings, and a folder setting applies without a reload', async () => {
  const folders = vscode.workspace.workspaceFolders ?? [];
  assert.deepEqual(folders.map((f) => f.name), ['one', 'two'], 'the runner opens letters.code-workspace');
  const [one, two] = folders;
  const docOne = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(one.uri, 'draft.imr'));
  await vscode.window.showTextDocument(docOne, { preview: false });
  const docTwo = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(two.uri, 'draft.imr'));
  await vscode.window.showTextDocument(docTwo, { preview: false });
  const missing = (doc: vscode.TextDocument) => vscode.languages.getDiagnostics(doc.uri).find((d) => codeOf(d) === 'missing-section');
  const severityIs = (doc: vscode.TextDocument, folder: string, sev: vscode.DiagnosticSeverity) =>
    waitFor(
      () => `${folder}/draft.imr's missing-section diagnostic to be ${vscode.DiagnosticSeverity[sev]} (now: ${missing(doc) ? vscode.DiagnosticSeverity[missing(doc)!.severity] : 'absent'})`,
      () => missing(doc)?.severity === sev,
      [vscode.languages.onDidChangeDiagnostics],
      20_000,
    );
  // The same letter: the default (Error) in folder one, folder two's .vscode/settings.json (Hint).
  await severityIs(docOne, 'one', vscode.DiagnosticSeverity.Error);
  await severityIs(docTwo, 'two', vscode.DiagnosticSeverity.Hint);
  const config = vscode.workspace.getConfiguration('imr', two.uri);
  try {
    await config.update('rules', { 'missing-section': 'warning' }, vscode.ConfigurationTarget.WorkspaceFolder);
    await severityIs(docTwo, 'two', vscode.DiagnosticSeverity.Warning);
    assert.equal(missing(docOne)?.severity, vscode.DiagnosticSeverity.Error, 'folder one keeps its findings');
  } finally {
    await config.update('rules', { 'missing-section': 'hint' }, vscode.ConfigurationTarget.WorkspaceFolder);
  }
  await severityIs(docTwo, 'two', vscode.DiagnosticSeverity.Hint);
});

/** With IMR_E2E_SCREENSHOT=always, the full suite also saves the pictures into test-results/. Never fails the run. */
async function takeScreenshots(): Promise<void> {
  if (process.env.IMR_E2E_SCREENSHOT !== 'always') return;
  for (const scene of scenes) {
    try {
      await withTimeout(scene.fn(), 45_000, `screenshot ${scene.name}`);
    } catch (e) {
      console.log(`screenshot ${scene.name} failed: ${errorText(e)}`);
    }
  }
}

// ------------------------------------------------------------------ runner

function errorText(e: unknown): string {
  if (e instanceof Error) return e.message.replace(/\s*\n\s*/g, ' ');
  return String(e);
}

export async function run(): Promise<void> {
  let passed = 0;
  let failed = 0;
  const results: { name: string; ok: boolean; error?: string; ms: number }[] = [];
  let selected =
    SUITE === 'full' ? tests : SUITE === 'smoke' ? tests.filter((t) => t.smoke) : SUITE === 'screenshots' ? scenes : SUITE === 'multiroot' ? multiRootTests : undefined;
  if (!selected) throw new Error(`unknown IMR_E2E_SUITE "${SUITE}" (full, smoke, screenshots or multiroot)`);
  // While working on a test: IMR_E2E_ONLY=<part of its name> runs only the matching ones.
  const only = process.env.IMR_E2E_ONLY;
  if (only) selected = selected.filter((t) => t.name.includes(only));
  const timeoutMs = SUITE === 'screenshots' ? 45_000 : TEST_TIMEOUT_MS;
  console.log(`E2E: running ${selected.length} tests (suite ${SUITE}) in VS Code ${vscode.version}`);
  for (const t of selected) {
    const started = Date.now();
    try {
      await withTimeout(t.fn(), timeoutMs, `test "${t.name}"`);
      passed++;
      results.push({ name: t.name, ok: true, ms: Date.now() - started });
      console.log(`ok - ${t.name} (${Date.now() - started} ms)`);
    } catch (e) {
      failed++;
      results.push({ name: t.name, ok: false, error: errorText(e), ms: Date.now() - started });
      console.log(`not ok - ${t.name}: ${errorText(e)}`);
    }
  }
  if (SUITE === 'full') await takeScreenshots();
  // Also written to a file when the runner asks for one (a fallback to reading the log).
  const resultsFile = process.env.IMR_E2E_RESULTS_FILE;
  if (resultsFile) {
    try {
      fs.writeFileSync(resultsFile, JSON.stringify({ passed, failed, results }, null, 2));
    } catch (e) {
      console.log(`could not write ${resultsFile}: ${errorText(e)}`);
    }
  }
  console.log(`E2E_SUMMARY passed=${passed} failed=${failed}`);
  if (failed > 0) throw new Error(`${failed} of ${selected.length} end-to-end tests failed`);
}
