/*
 * The web extension in a real VS Code for the Web (code-server's web worker extension host):
 * run.ts starts the editor with `remote.extensionKind` set to ["web"] for this extension, so the
 * workbench loads dist/browser/client.js in the web worker host and the language server in a web
 * worker of its own. This suite runs in that same host, so it imports nothing but `vscode` (no
 * node module exists there). Output as suite/index.ts: `ok - name` lines and E2E_SUMMARY.
 */
import * as vscode from 'vscode';

const EXTENSION_ID = 'imr-letters.imr-letters';

function check(ok: unknown, message: string): asserts ok {
  if (!ok) throw new Error(message);
}

/** Resolves with check()'s value once truthy; re-checks on the events and every `retryMs`. */
function waitFor<T>(what: () => string, probe: () => T | undefined | false | Promise<T | undefined | false>, events: vscode.Event<unknown>[], timeoutMs: number, retryMs = 250): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const subs: vscode.Disposable[] = [];
    let done = false;
    let retry: ReturnType<typeof setTimeout> | undefined;
    const finish = (err?: Error, v?: T) => {
      if (done) return;
      done = true;
      clearTimeout(deadline);
      clearTimeout(retry);
      subs.forEach((d) => d.dispose());
      if (err) reject(err);
      else resolve(v as T);
    };
    const deadline = setTimeout(() => finish(new Error(`timed out after ${timeoutMs} ms waiting for ${what()}`)), timeoutMs);
    const attempt = async () => {
      if (done) return;
      try {
        const v = await probe();
        if (v) return finish(undefined, v as T);
      } catch {
        // not yet
      }
      clearTimeout(retry);
      retry = setTimeout(attempt, retryMs);
    };
    for (const e of events) subs.push(e(() => void attempt()));
    void attempt();
  });
}

const codeOf = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));

async function open(name: string): Promise<vscode.TextDocument> {
  const folder = vscode.workspace.workspaceFolders?.[0];
  check(folder, 'no workspace folder is open');
  const doc = await vscode.workspace.openTextDocument(vscode.Uri.joinPath(folder.uri, name));
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

const tests: [string, () => Promise<void>][] = [
  [
    'the web extension runs in the web worker host: outline, diagnostics with the folder\'s settings, and hover come from the worker',
    async () => {
      const ext = vscode.extensions.getExtension(EXTENSION_ID);
      check(ext, `${EXTENSION_ID} is not loaded`);
      check(ext.packageJSON?.browser === './dist/browser/client.js', 'the extension has a browser entry');
      check(ext.extensionKind === vscode.ExtensionKind.UI, `the extension runs as kind ${vscode.ExtensionKind[ext.extensionKind]}, not in the web worker host`);
      const doc = await open('good.imr');
      check(doc.languageId === 'imr', `good.imr is in language ${doc.languageId}`);
      await waitFor(() => 'the extension to activate', () => ext.isActive, [vscode.workspace.onDidOpenTextDocument], 20_000, 100);
      const symbols = await waitFor(
        () => 'document symbols of good.imr',
        async () => {
          const s = (await vscode.commands.executeCommand<vscode.DocumentSymbol[]>('vscode.executeDocumentSymbolProvider', doc.uri)) ?? [];
          return s.length > 0 ? s : undefined;
        },
        [vscode.languages.onDidChangeDiagnostics],
        30_000,
      );
      check(symbols[0].name === 'CM99-0101234', `the first symbol is ${symbols[0].name}`);
      const broken = await open('broken.imr');
      const missing = () => vscode.languages.getDiagnostics(broken.uri).find((d) => codeOf(d) === 'missing-section');
      await waitFor(() => 'a missing-section diagnostic on broken.imr', () => missing(), [vscode.languages.onDidChangeDiagnostics], 20_000);
      // The setting reaches the worker (workspace/configuration with the letter's scope).
      const config = vscode.workspace.getConfiguration('imr', broken.uri);
      try {
        await config.update('rules', { 'missing-section': 'warning' }, vscode.ConfigurationTarget.Workspace);
        await waitFor(() => 'the missing-section diagnostic to become a Warning', () => missing()?.severity === vscode.DiagnosticSeverity.Warning, [vscode.languages.onDidChangeDiagnostics], 20_000);
      } finally {
        await config.update('rules', undefined, vscode.ConfigurationTarget.Workspace);
      }
      const line = doc.getText().split('\n').findIndex((l) => l.startsWith('MAXIMUS guideline: Decision based on MTUS '));
      check(line >= 0, 'good.imr has an MTUS citation');
      const character = doc.lineAt(line).text.indexOf('Decision based on MTUS ') + 'Decision based on MTUS '.length + 3;
      const hovers = await waitFor(
        () => 'a hover on the guideline label',
        async () => {
          const h = (await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', doc.uri, new vscode.Position(line, character))) ?? [];
          return h.length > 0 ? h : undefined;
        },
        [],
        20_000,
      );
      const text = hovers.flatMap((h) => h.contents).map((c) => (typeof c === 'string' ? c : c.value)).join('\n');
      check(/9792\.2\d/.test(text), `the hover names the 8 CCR section: ${text.slice(0, 200)}`);
    },
  ],
  [
    'workspace symbols in the web build find a letter that is not open (read through vscode.workspace.fs)',
    async () => {
      const found = await waitFor(
        () => 'workspace symbols for CM99-0109999 (closed-draft.imr or broken.imr)',
        async () => {
          const s = (await vscode.commands.executeCommand<vscode.SymbolInformation[]>('vscode.executeWorkspaceSymbolProvider', 'CM99')) ?? [];
          return s.some((x) => x.location.uri.path.endsWith('/closed-draft.imr')) ? s : undefined;
        },
        [],
        20_000,
      );
      check(found.length > 0, 'symbols');
    },
  ],
];

export async function run(): Promise<void> {
  let passed = 0;
  let failed = 0;
  console.log(`E2E: running ${tests.length} tests (suite web) in VS Code ${vscode.version}`);
  for (const [name, fn] of tests) {
    const t0 = Date.now();
    try {
      await fn();
      passed++;
      console.log(`ok - ${name} (${Date.now() - t0} ms)`);
    } catch (e) {
      failed++;
      console.log(`not ok - ${name}: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
  console.log(`E2E_SUMMARY passed=${passed} failed=${failed}`);
  if (failed > 0) throw new Error(`${failed} of ${tests.length} web tests failed`);
}
