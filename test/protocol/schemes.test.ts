/**
 * Letters beyond file: URIs (an untitled letter, a vscode-vfs: folder as VS Code for the Web
 * opens a GitHub repository), and validation at once on open: the diagnostics of didOpen come
 * before any debounce (checked by order, not by time).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { CodeAction, DocumentSymbol } from 'vscode-languageserver-protocol';
import { readExample } from '../support/corpus';
import { startServer, type TestServer } from '../support/lspClient';

const clean = readExample('examples/clean/lumbar-therapy.imr');
const draft = readExample('examples/drafts/missing-case-summary.imr');
const VFS = 'vscode-vfs://github/imr-letters/letters';
let server: TestServer;

before(async () => {
  server = startServer();
  await server.connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: VFS,
    workspaceFolders: [{ uri: VFS, name: 'letters' }],
    capabilities: { workspace: { configuration: true, workspaceFolders: true } },
  });
  await server.connection.sendNotification('initialized', {});
});

after(async () => {
  await server?.stop();
});

function open(uri: string, text: string, version = 1) {
  return server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'imr', version, text } });
}

async function features(uri: string, text: string): Promise<void> {
  const published = server.diagnosticsFor(uri);
  await open(uri, text);
  assert.ok((await published).diagnostics.some((d) => d.code === 'missing-section'), uri);
  const symbols = (await server.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as DocumentSymbol[];
  assert.equal(symbols[0].name, 'CM25-0104417');
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.startsWith('MAXIMUS guideline: Decision based on MTUS Low Back Complaints 2004'));
  const hover = (await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character: lines[line].indexOf('Low Back') + 3 } })) as {
    contents: { value: string };
  };
  assert.match(hover.contents.value, /9792\.2\d/);
  const items = (await server.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line, character: lines[line].indexOf('Low Back') } })) as { label: string }[];
  assert.ok(items.some((i) => /^Low Back Complaints/.test(i.label)));
  const tokens = (await server.connection.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri } })) as { data: number[] };
  assert.ok(tokens.data.length > 0);
}

// A draft that is also the clean letter's text with the summary heading removed (both have the case number and an MTUS citation).
const draftWithCitation = clean.replace(/^\s*CLINICAL CASE SUMMARY\s*$/m, '');

test('an untitled letter gets diagnostics, outline, hover, completion and semantic tokens', async () => {
  assert.notEqual(draftWithCitation, clean);
  await features('untitled:Untitled-1', draftWithCitation);
});

test('a letter of a vscode-vfs: workspace folder gets every feature, and its quick fixes write the folder\'s .imrlintrc.json', async () => {
  const uri = `${VFS}/drafts/letter.imr`;
  await features(uri, draftWithCitation);
  const published = (await server.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri },
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    context: { diagnostics: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } }, source: 'imr', code: 'missing-section', message: 'x' }], only: ['quickfix'] },
  })) as CodeAction[];
  const ignore = published.find((a) => a.title.startsWith('Ignore this missing-section finding'));
  assert.ok(ignore, published.map((a) => a.title).join(' | '));
  const targets = (ignore.edit!.documentChanges as { uri?: string; textDocument?: { uri: string } }[]).map((c) => c.uri ?? c.textDocument!.uri);
  assert.deepEqual([...new Set(targets)], [`${VFS}/.imrlintrc.json`]);
});

test('didOpen publishes diagnostics at once: before the reply to a request sent right after it (no debounce)', async () => {
  for (let i = 0; i < 5; i++) {
    const uri = `untitled:Untitled-order-${i}`;
    const order: string[] = [];
    const published = server.diagnosticsFor(uri).then(() => order.push('diagnostics'));
    await open(uri, draft);
    const replied = server.connection.sendRequest('textDocument/foldingRange', { textDocument: { uri } }).then(() => order.push('reply'));
    await Promise.all([published, replied]);
    assert.deepEqual(order, ['diagnostics', 'reply'], `letter ${i}`);
  }
});
