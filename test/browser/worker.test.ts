/**
 * The web build's language server (dist/browser/server.js) in a real browser: headless Chromium
 * loads it in a web worker from a page served on localhost, and this test talks LSP to it
 * through the page (postMessage), as the browser client does. The worker reads files only
 * through the client's imr/fs/* requests, answered here from an in-memory vscode-vfs: folder.
 * Requires Chromium at /usr/bin/chromium (scripts/editor-setup.sh installs it).
 */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as http from 'http';
import * as path from 'path';
import type { AddressInfo } from 'net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { readExample, repoRoot } from '../support/corpus';

const CHROMIUM = process.env.IMR_CHROMIUM ?? '/usr/bin/chromium';
const BUNDLE = path.join(repoRoot, 'dist', 'browser', 'server.js');
const clean = readExample('examples/clean/lumbar-therapy.imr');
const draft = readExample('examples/drafts/missing-case-summary.imr');
const ROOT = 'vscode-vfs://github/imr-letters/letters';

/** The "remote" folder the client reads for the worker. */
const files = new Map<string, string>([
  [`${ROOT}/.imrlintrc.json`, JSON.stringify({ rules: { 'missing-section': 'warning' } })],
  [`${ROOT}/drafts/on-remote.imr`, clean.replace('CM25-0104417', 'CM25-0555555')],
]);

interface Message {
  jsonrpc: '2.0';
  id?: number | string;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string };
}

let httpServer: http.Server;
const fetched: string[] = [];
let browser: Browser | undefined;
let page: Page;
let nextId = 1;
const pending = new Map<number, { resolve: (v: unknown) => void; reject: (e: Error) => void }>();
const notifications: Message[] = [];
const waiters: { accept: (m: Message) => boolean; resolve: (m: Message) => void }[] = [];
const fsRequests: string[] = [];

function onServerMessage(m: Message): void {
  if (m.id !== undefined && m.method === undefined) {
    const p = pending.get(Number(m.id));
    pending.delete(Number(m.id));
    if (m.error) p?.reject(new Error(`${m.error.code}: ${m.error.message}`));
    else p?.resolve(m.result);
    return;
  }
  if (m.id !== undefined && m.method) {
    void answer(m).then((result) => send({ jsonrpc: '2.0', id: m.id, result }));
    return;
  }
  notifications.push(m);
  for (const w of [...waiters]) {
    if (w.accept(m)) {
      waiters.splice(waiters.indexOf(w), 1);
      w.resolve(m);
    }
  }
}

/** The client side of the server's requests: settings, registrations, and the files of the vscode-vfs: folder. */
async function answer(m: Message): Promise<unknown> {
  const p = m.params as { uri?: string; items?: unknown[] } | undefined;
  switch (m.method) {
    case 'workspace/configuration':
      return (p?.items ?? []).map(() => ({}));
    case 'imr/fs/stat': {
      fsRequests.push(`stat ${p?.uri}`);
      const text = files.get(p!.uri!);
      if (text !== undefined) return { type: 'file', size: text.length, mtime: 1 };
      return [...files.keys()].some((k) => k.startsWith(`${p!.uri}/`)) ? { type: 'directory', size: 0, mtime: 1 } : null;
    }
    case 'imr/fs/readFile': {
      fsRequests.push(`read ${p?.uri}`);
      const text = files.get(p!.uri!);
      return text === undefined ? { error: 'not found' } : { text };
    }
    case 'imr/fs/readDirectory': {
      fsRequests.push(`list ${p?.uri}`);
      const prefix = `${p!.uri}/`;
      const out = new Map<string, string>();
      for (const k of files.keys()) {
        if (!k.startsWith(prefix)) continue;
        const rest = k.slice(prefix.length);
        out.set(rest.split('/')[0], rest.includes('/') ? 'directory' : 'file');
      }
      return [...out];
    }
    default:
      return null;
  }
}

function send(m: Message): Promise<void> {
  return page.evaluate((msg) => (globalThis as unknown as { toWorker(m: unknown): void }).toWorker(msg), m as unknown as Record<string, unknown>);
}

function request<T>(method: string, params: unknown, ms = 15_000): Promise<T> {
  const id = nextId++;
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no answer to ${method} within ${ms} ms`)), ms);
    pending.set(id, {
      resolve: (v) => {
        clearTimeout(timer);
        resolve(v as T);
      },
      reject: (e) => {
        clearTimeout(timer);
        reject(e);
      },
    });
    void send({ jsonrpc: '2.0', id, method, params });
  });
}

function notify(method: string, params: unknown): Promise<void> {
  return send({ jsonrpc: '2.0', method, params });
}

function nextNotification(accept: (m: Message) => boolean, ms = 15_000): Promise<Message> {
  const seen = notifications.find(accept);
  if (seen) return Promise.resolve(seen);
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no matching notification within ${ms} ms`)), ms);
    waiters.push({
      accept,
      resolve: (m) => {
        clearTimeout(timer);
        resolve(m);
      },
    });
  });
}

const diagnosticsOf = (uri: string) => (m: Message) => m.method === 'textDocument/publishDiagnostics' && (m.params as { uri: string }).uri === uri;

const PAGE = `<!doctype html><meta charset="utf-8"><title>IMR worker</title><script>
const worker = new Worker('/server.js');
worker.onmessage = (e) => window.fromWorker(e.data);
worker.onerror = (e) => window.workerError(String(e.message || e));
window.toWorker = (m) => worker.postMessage(m);
</script>`;

// Without Chromium (IMR_SKIP_E2E=1 on a machine without the editor setup) the tests say so and
// are skipped; in CI a missing Chromium is a failure.
const available = fs.existsSync(CHROMIUM) || /^(1|true)$/i.test(process.env.CI ?? '');

before(async () => {
  if (!available) return;
  assert.ok(fs.existsSync(BUNDLE), 'dist/browser/server.js is built by npm run build');
  httpServer = http.createServer((req, res) => {
    if (req.url === '/') res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
    else if (req.url === '/server.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(fs.readFileSync(BUNDLE));
    else res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => httpServer.listen(0, '127.0.0.1', resolve));
  const port = (httpServer.address() as AddressInfo).port;
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: 60_000,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
  });
  page = await (await browser.newContext()).newPage();
  const workerErrors: string[] = [];
  await page.exposeFunction('fromWorker', (m: Message) => onServerMessage(m));
  await page.exposeFunction('workerError', (e: string) => workerErrors.push(e));
  // Nothing but this page and the worker's bundle is ever fetched (checked after the tests).
  page.context().on('request', (r) => fetched.push(r.url().replace(`http://127.0.0.1:${port}`, '')));
  await page.route('**/*', (route) => (route.request().url().startsWith(`http://127.0.0.1:${port}/`) ? route.continue() : route.abort()));
  await page.goto(`http://127.0.0.1:${port}/`);
  const init = await request<{ capabilities: Record<string, unknown> }>('initialize', {
    processId: null,
    rootUri: ROOT,
    workspaceFolders: [{ uri: ROOT, name: 'letters' }],
    capabilities: { workspace: { configuration: true, workspaceFolders: true } },
    initializationOptions: { clientFileSystem: true, extensionUri: 'vscode-vfs://extension/imr-letters' },
  });
  assert.ok(init.capabilities.documentSymbolProvider, JSON.stringify(init));
  assert.deepEqual(workerErrors, []);
  await notify('initialized', {});
});

after(async () => {
  await browser?.close();
  httpServer?.close();
});

test('in Chromium, the worker publishes diagnostics for a vscode-vfs: letter, with the config the client read for it', { skip: !available && `no Chromium at ${CHROMIUM}` }, async () => {
  const uri = `${ROOT}/drafts/draft.imr`;
  const published = nextNotification(diagnosticsOf(uri));
  await notify('textDocument/didOpen', { textDocument: { uri, languageId: 'imr', version: 1, text: draft } });
  const diagnostics = (await published).params as { diagnostics: { code: string; severity: number; codeDescription?: { href: string } }[] };
  const d = diagnostics.diagnostics.find((x) => x.code === 'missing-section');
  assert.ok(d, JSON.stringify(diagnostics));
  assert.equal(d.severity, 2, 'the .imrlintrc.json of the folder applies (read through imr/fs/readFile)');
  assert.equal(d.codeDescription?.href, 'vscode-vfs://extension/imr-letters/docs/rules/missing-section.md');
  assert.ok(fsRequests.includes(`read ${ROOT}/.imrlintrc.json`), fsRequests.join('\n'));
});

test('in Chromium, the worker answers documentSymbol, hover and completion for an untitled letter', { skip: !available && `no Chromium at ${CHROMIUM}` }, async () => {
  const uri = 'untitled:Untitled-1';
  const text = clean.replace('Claims Administrator guideline: Decision based on MTUS Low Back Complaints 2004.', 'Claims Administrator guideline: Decision based on MTUS ');
  const published = nextNotification(diagnosticsOf(uri));
  await notify('textDocument/didOpen', { textDocument: { uri, languageId: 'imr', version: 1, text } });
  await published;
  const symbols = await request<{ name: string; children: { name: string }[] }[]>('textDocument/documentSymbol', { textDocument: { uri } });
  assert.equal(symbols[0].name, 'CM25-0104417');
  assert.ok(symbols.some((s) => s.name === 'IMR ISSUES, DECISIONS AND RATIONALES'), symbols.map((s) => s.name).join(' | '));
  const lines = text.split('\n');
  const hoverLine = lines.findIndex((l) => l.startsWith('MAXIMUS guideline: Decision based on MTUS Low Back Complaints 2004'));
  const hover = await request<{ contents: { kind: string; value: string } }>('textDocument/hover', {
    textDocument: { uri },
    position: { line: hoverLine, character: lines[hoverLine].indexOf('Low Back') + 3 },
  });
  assert.equal(hover.contents.kind, 'markdown');
  assert.match(hover.contents.value, /9792\.2\d/);
  const line = lines.findIndex((l) => l === 'Claims Administrator guideline: Decision based on MTUS ');
  const items = await request<{ label: string }[]>('textDocument/completion', { textDocument: { uri }, position: { line, character: lines[line].length } });
  assert.ok(items.some((i) => /^Low Back Complaints/.test(i.label)), JSON.stringify(items.slice(0, 5)));
});

test('in Chromium, workspace symbols find a letter the worker only knows through the client\'s files', { skip: !available && `no Chromium at ${CHROMIUM}` }, async () => {
  const symbols = await request<{ name: string; location: { uri: string } }[]>('workspace/symbol', { query: 'CM25-0555555' });
  assert.ok(symbols.some((s) => s.location.uri === `${ROOT}/drafts/on-remote.imr`), JSON.stringify(symbols));
});

test('in Chromium, the page and the worker fetch nothing but the page and the worker bundle', { skip: !available && `no Chromium at ${CHROMIUM}` }, async () => {
  assert.deepEqual([...new Set(fetched)].filter((u) => u !== '/favicon.ico').sort(), ['/', '/server.js']);
});
