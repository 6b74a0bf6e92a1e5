/**
 * PDF letters through the language server, as the editor's "Open PDF Letter as Text" uses it:
 * imr/pdfText turns a PDF's bytes into text, and the read-only imr-pdf: document that shows it
 * gets diagnostics, the outline, hover and workspace symbols like any letter.
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { CodeAction, DocumentSymbol, Hover, SymbolInformation } from 'vscode-languageserver-protocol';
import { repoRoot } from '../support/corpus';
import { startServer, type TestServer } from '../support/lspClient';
import { pdfBomb } from '../support/pdfBomb';

const FIXTURES = path.join(repoRoot, 'test', 'unit', 'fixtures', 'pdf');
type PdfRead = { ok: true; text: string; pageStarts: number[] } | { ok: false; error: string };

let server: TestServer;
let workspace: string;

before(async () => {
  workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'imr-pdf-ws-'));
  // The letter sorts after the broken PDFs: its findings arrive only if the lint went on past them.
  fs.copyFileSync(path.join(FIXTURES, 'CM17-0002106.pdf'), path.join(workspace, 'z-letter.pdf'));
  for (const f of ['no-text-layer.pdf', 'damaged-truncated.pdf', 'encrypted-password.pdf']) fs.copyFileSync(path.join(FIXTURES, f), path.join(workspace, f));
  server = startServer();
  await server.connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(workspace).toString(),
    workspaceFolders: [{ uri: pathToFileURL(workspace).toString(), name: 'ws' }],
    capabilities: { workspace: { configuration: true, workspaceFolders: true } },
  });
  await server.connection.sendNotification('initialized', {});
});

after(async () => {
  await server?.stop();
  if (workspace) fs.rmSync(workspace, { recursive: true, force: true });
});

const pdfText = (file: string) =>
  server.connection.sendRequest('imr/pdfText', { data: fs.readFileSync(path.join(FIXTURES, file)).toString('base64') }) as Promise<PdfRead>;

test('imr/pdfText: a published PDF becomes its letter text; an imr-pdf: document of it is a letter like any other', async () => {
  const read = await pdfText('CM17-0002198.pdf');
  assert.ok(read.ok, read.ok ? '' : read.error);
  assert.match(read.text, /^Case Number: +CM17-0002198\n/);
  assert.equal(read.pageStarts.length, 3);

  const uri = `imr-pdf:${pathToFileURL(path.join(FIXTURES, 'CM17-0002198.pdf')).pathname}?file`;
  const published = server.diagnosticsFor(uri);
  await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'imr', version: 1, text: read.text } });
  const { diagnostics } = await published;
  assert.deepEqual(
    diagnostics.map((d) => d.code),
    ['unknown-guideline-section'],
    JSON.stringify(diagnostics.map((d) => d.message)),
  );
  assert.match(String(diagnostics[0].message), /Inital Care/);

  const symbols = (await server.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as DocumentSymbol[];
  const issues = symbols.find((s) => /IMR ISSUES/.test(s.name));
  assert.ok(issues, symbols.map((s) => s.name).join(' | '));
  assert.equal(issues.children?.length, 2, 'two items');

  const lines = read.text.split('\n');
  const line = lines.findIndex((l) => l.includes('Decision based on MTUS Shoulder Complaints'));
  assert.ok(line >= 0);
  const character = lines[line].indexOf('Shoulder Complaints') + 2;
  const hover = (await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character } })) as Hover | null;
  assert.match(JSON.stringify(hover?.contents ?? ''), /Shoulder Complaints/);

  // The view is read-only: no fix edits it; the rule's documentation is still offered.
  const actions = (await server.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri },
    range: diagnostics[0].range,
    context: { diagnostics },
  })) as CodeAction[];
  assert.deepEqual(actions.filter((a) => a.edit), [], JSON.stringify(actions.map((a) => a.title)));
  assert.ok(actions.some((a) => a.command?.command === 'imr.showRuleDocumentation'));

  const found = (await server.connection.sendRequest('workspace/symbol', { query: 'CM17-0002198' })) as SymbolInformation[];
  assert.ok(
    found.some((s) => s.location.uri === uri),
    JSON.stringify(found.map((s) => s.location.uri)),
  );
});

test('imr/pdfText: damaged, encrypted and text-less PDFs and bad parameters get a reason', async () => {
  assert.match(((await pdfText('damaged-truncated.pdf')) as { error: string }).error, /not a readable PDF/);
  assert.match(((await pdfText('encrypted-password.pdf')) as { error: string }).error, /encrypted with a password/);
  assert.match(((await pdfText('no-text-layer.pdf')) as { error: string }).error, /no text layer/);
  assert.deepEqual(await server.connection.sendRequest('imr/pdfText', { data: 42 }), { ok: false, error: 'no PDF data was sent' });
  assert.deepEqual(await server.connection.sendRequest('imr/pdfText', { data: '' }), { ok: false, error: 'empty file, not a PDF' });
});

test('imr/pdfText: a PDF whose content expands to gigabytes gets a reason, and the server lives on (pdf.js aborted it with a V8 fatal error)', async () => {
  const result = (await server.connection.sendRequest('imr/pdfText', { data: pdfBomb(150).toString('base64') })) as { ok: boolean; error?: string };
  assert.equal(result.ok, false);
  assert.match(result.error ?? '', /the PDF reader stopped on this file/);
  // The next PDF is read by a new reader.
  assert.match(((await pdfText('damaged-truncated.pdf')) as { error: string }).error, /not a readable PDF/);
});

test('the workspace lint reads the PDF letters of the workspace and publishes their findings on their text views', async () => {
  const uri = `imr-pdf:${pathToFileURL(path.join(workspace, 'z-letter.pdf')).pathname}?file`;
  const published = server.diagnosticsFor(uri);
  const result = (await server.connection.sendRequest('workspace/executeCommand', { command: 'imr.lintWorkspace', arguments: [] })) as { files: number };
  // Counted in the answer, and published before it (the editor's summary is made from the answer
  // and the diagnostics it has then: a PDF read afterwards was missing from it).
  const before = await Promise.race([published.then(() => true), new Promise<boolean>((resolve) => setImmediate(() => resolve(false)))]);
  assert.ok(before, 'the PDF letter is published before the answer');
  const openViews = 1; // the first test left the text view of a fixture PDF open: an open letter, counted with the rest
  assert.equal(result.files, 1 + openViews, 'the PDF letter is counted (the workspace holds no other letter, and its open views count once); the PDFs that hold no letter are not');
  const { diagnostics } = await published;
  // CM17-0002106 cites "Section(s): 326", a page number where a section name belongs.
  assert.deepEqual(
    diagnostics.map((d) => d.code),
    ['unknown-guideline-section'],
  );
  assert.match(String(diagnostics[0].message), /"326" is a number/);
});

test('the .imrlintrc.json beside a PDF applies to its text view, as imr-lint applies it to the PDF', async () => {
  const folder = path.join(workspace, 'configured');
  fs.mkdirSync(folder);
  fs.copyFileSync(path.join(FIXTURES, 'CM17-0002198.pdf'), path.join(folder, 'letter.pdf'));
  fs.writeFileSync(path.join(folder, '.imrlintrc.json'), JSON.stringify({ rules: { 'unknown-guideline-section': 'error' } }));
  const read = await pdfText('CM17-0002198.pdf');
  assert.ok(read.ok);
  const uri = `imr-pdf:${pathToFileURL(path.join(folder, 'letter.pdf')).pathname}?file`;
  const published = server.diagnosticsFor(uri);
  await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'imr', version: 1, text: read.text } });
  const { diagnostics } = await published;
  assert.deepEqual(
    diagnostics.map((d) => [d.code, d.severity]),
    [['unknown-guideline-section', 1]],
  );
});
