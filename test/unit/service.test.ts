/**
 * The IMR service over an in-memory workspace that counts file-system calls: after a letter's
 * options are resolved once, hover, completion, semantic tokens, selection, outline and folding
 * read nothing; workspace symbols do not read unchanged files again; change events (files,
 * folders, settings) make the service read what changed, and only that.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createImrService, sanitizeSettings, type ImrService } from '../../server/src/service/service';
import { childUri, dirnameUri, relativeUri, resolveUri, uriKey, resourceOf, pdfViewUri } from '../../server/src/service/uri';
import { MemoryWorkspace } from '../support/memoryWorkspace';
import { readExample } from '../support/corpus';

const clean = readExample('examples/clean/lumbar-therapy.imr');
const draft = readExample('examples/drafts/missing-case-summary.imr');
const ROOT = 'file:///ws';

function setup(options: { watches?: boolean; settings?: (uri: string) => unknown } = {}): { ws: MemoryWorkspace; service: ImrService; asked: string[] } {
  const ws = new MemoryWorkspace([ROOT], options.watches ?? true);
  ws.write(`${ROOT}/.imrlintrc.json`, JSON.stringify({ rules: { 'possible-phi': 'off' }, catalogs: ['catalog.json'] }));
  ws.write(`${ROOT}/catalog.json`, JSON.stringify({ guidelines: [{ label: 'Hip and Pelvis Complaints', years: [2004], sections: ['Special Studies'] }] }));
  ws.write(`${ROOT}/letters/on-disk.imr`, draft);
  ws.write(`${ROOT}/letters/second.txt`, clean.replace('CM25-0104417', 'CM25-0999999'));
  ws.write(`${ROOT}/letters/notes.txt`, 'not a letter\n');
  const asked: string[] = [];
  const service = createImrService({
    workspace: ws,
    settings: async (uri) => {
      asked.push(uri);
      return options.settings?.(uri) ?? {};
    },
    docsBase: 'file:///extension',
  });
  return { ws, service, asked };
}

const position = (text: string, needle: string, delta = 0) => {
  const offset = text.indexOf(needle) + delta;
  assert.ok(offset >= delta, needle);
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before[before.length - 1].length };
};

test('uri helpers: child, parent, relative, resolve, one key for two spellings, PDF views', () => {
  assert.equal(childUri('file:///a/b', 'c d.imr'), 'file:///a/b/c%20d.imr');
  assert.equal(dirnameUri('vscode-vfs://github/o/r/x.imr'), 'vscode-vfs://github/o/r');
  assert.equal(relativeUri('file:///a', 'file:///a/b/c.imr'), 'b/c.imr');
  assert.equal(relativeUri('file:///a', 'file:///ab/c.imr'), undefined);
  assert.equal(resolveUri('file:///a/b', '../c.json'), 'file:///a/c.json');
  assert.equal(resolveUri('vscode-vfs://github/o/r', '/x/y.json'), 'vscode-vfs://github/x/y.json');
  assert.equal(uriKey('file:///C%3A/x'), uriKey('file:///c:/x'));
  assert.equal(resourceOf(pdfViewUri('file:///a/l.pdf')), 'file:///a/l.pdf');
});

test('after the first resolution, hover, completion, semantic tokens, selection, outline and folding read nothing', async () => {
  const { ws, service, asked } = setup();
  const uri = `${ROOT}/letters/open.imr`;
  const hip = clean.replace('MTUS Low Back Complaints 2004, Section(s):\nSpecial Studies.', 'MTUS Hip and Pelvis Complaints 2004, Section(s):\nSpecial Studies.');
  const doc = ws.openDocument(uri, hip);
  const first = await service.validate(doc);
  assert.ok(first);
  // The config's catalog applies (a label only it knows), and its rule setting.
  assert.ok(!first.diagnostics.some((d) => d.code === 'unknown-guideline'), JSON.stringify(first.diagnostics.map((d) => d.code)));
  assert.ok(ws.calls.readFile >= 2, 'the config and the catalog were read');
  ws.resetCalls();
  const at = position(hip, 'Hip and Pelvis Complaints 2004', 3);
  const hover = await service.hover(doc, at);
  assert.ok(hover);
  assert.ok((await service.completions(doc, position(hip, 'Decision based on MTUS ', 'Decision based on MTUS '.length))).length > 0);
  assert.ok((await service.semanticTokens(doc)).data.length > 0);
  assert.equal((await service.selectionRanges(doc, [at])).length, 1);
  assert.ok((await service.documentSymbols(doc)).length > 0);
  assert.ok((await service.foldingRanges(doc)).length > 0);
  await service.codeActions(doc, { diagnostics: first.diagnostics });
  await service.validate(doc);
  assert.deepEqual(ws.calls, { stat: 0, readFile: 0, readDirectory: 0 });
  assert.deepEqual(asked, [uri], 'settings asked once for the letter');
});

test('the counting workspace sees reads: a config change event makes the next request resolve again', async () => {
  const { ws, service } = setup();
  const uri = `${ROOT}/letters/open.imr`;
  const doc = ws.openDocument(uri, draft);
  const before = await service.validate(doc);
  assert.equal(before!.diagnostics.find((d) => d.code === 'missing-section')?.severity, 1);
  let changed = 0;
  service.onDidChangeOptions(() => changed++);
  ws.resetCalls();
  ws.write(`${ROOT}/.imrlintrc.json`, JSON.stringify({ rules: { 'missing-section': 'hint' } }), true);
  assert.equal(changed, 1, 'the service says every letter is to be validated again');
  const after = await service.validate(doc);
  assert.equal(after!.diagnostics.find((d) => d.code === 'missing-section')?.severity, 4);
  assert.ok(ws.reads.includes(`${ROOT}/.imrlintrc.json`), ws.reads.join(', '));
});

test('workspace symbols read each letter once; a change event re-reads that file only', async () => {
  const { ws, service } = setup();
  const first = await service.workspaceSymbols('CM25-0999999');
  assert.ok(first.some((s) => s.location.uri.endsWith('/second.txt')), JSON.stringify(first));
  ws.resetCalls();
  const again = await service.workspaceSymbols('CM25-0999999');
  assert.deepEqual(again, first);
  assert.deepEqual(ws.calls, { stat: 0, readFile: 0, readDirectory: 0 }, 'nothing is read or listed again');
  ws.write(`${ROOT}/letters/second.txt`, clean.replace('CM25-0104417', 'CM25-0888888'), true);
  const changed = await service.workspaceSymbols('CM25-0888888');
  assert.ok(changed.some((s) => s.location.uri.endsWith('/second.txt')));
  assert.deepEqual(ws.reads, [`${ROOT}/letters/second.txt`]);
  assert.equal(ws.calls.readDirectory, 0, 'a changed file does not list the folders again');
  ws.write(`${ROOT}/letters/third.imr`, clean.replace('CM25-0104417', 'CM25-0777777'), true);
  assert.ok((await service.workspaceSymbols('CM25-0777777')).some((s) => s.location.uri.endsWith('/third.imr')), 'a created file is found');
});

test('workspace symbols keep a bounded number of letters: past the bound the least recently used are read again', async () => {
  const ws = new MemoryWorkspace([ROOT]);
  for (let i = 0; i < 5; i++) ws.write(`${ROOT}/l${i}.imr`, clean.replace('CM25-0104417', `CM25-000000${i}`));
  const service = createImrService({ workspace: ws, settings: async () => ({}), docsBase: 'file:///extension', diskSymbolsKept: 3 });
  assert.equal((await service.workspaceSymbols('CM25-0000004')).length, 1);
  ws.resetCalls();
  await service.workspaceSymbols('CM25-0000004');
  assert.equal(ws.calls.readFile, 5, 'five letters in order through three places: none is still kept');
  const roomy = createImrService({ workspace: ws, settings: async () => ({}), docsBase: 'file:///extension', diskSymbolsKept: 5 });
  await roomy.workspaceSymbols('');
  ws.resetCalls();
  assert.equal((await roomy.workspaceSymbols('CM25-0000002')).length, 1);
  assert.equal(ws.calls.readFile, 0, 'within the bound nothing is read again');
});

test('a cancelled workspace symbol query stops before reading the letters', async () => {
  const { ws, service } = setup();
  ws.resetCalls();
  assert.deepEqual(await service.workspaceSymbols('', { isCancellationRequested: true }), []);
  assert.equal(ws.calls.readFile, 0);
});

test('without file events, workspace symbols stat the files but read only those that changed', async () => {
  const { ws, service } = setup({ watches: false });
  await service.workspaceSymbols('');
  ws.resetCalls();
  await service.workspaceSymbols('');
  assert.equal(ws.calls.readFile, 0);
  ws.write(`${ROOT}/letters/second.txt`, clean.replace('CM25-0104417', 'CM25-0888888'));
  assert.ok((await service.workspaceSymbols('CM25-0888888')).length > 0);
  assert.deepEqual(ws.reads, [`${ROOT}/letters/second.txt`]);
});

test('settings per resource: two folders with different imr.rules get different findings, asked once each until settings change', async () => {
  const ws = new MemoryWorkspace(['file:///one', 'vscode-vfs://github/org/two']);
  const asked: string[] = [];
  let twoSeverity = 'hint';
  const service = createImrService({
    workspace: ws,
    settings: async (uri) => {
      asked.push(uri);
      return uri.startsWith('vscode-vfs:') ? { rules: { 'missing-section': twoSeverity } } : {};
    },
    docsBase: 'file:///extension',
  });
  const one = ws.openDocument('file:///one/a.imr', draft);
  const two = ws.openDocument('vscode-vfs://github/org/two/a.imr', draft);
  const untitled = ws.openDocument('untitled:Untitled-1', draft);
  const sev = async (doc: typeof one) => (await service.validate(doc))!.diagnostics.find((d) => d.code === 'missing-section')?.severity;
  assert.equal(await sev(one), 1);
  assert.equal(await sev(two), 4);
  assert.equal(await sev(untitled), 1);
  assert.equal(asked.length, 3);
  await service.hover(two, { line: 0, character: 0 });
  assert.equal(asked.length, 3);
  twoSeverity = 'warning';
  service.settingsChanged();
  assert.equal(await sev(two), 2);
  assert.equal(asked.length, 4);
});

test('rule documentation links point below the docs base the front gives', async () => {
  const { ws, service } = setup();
  const doc = ws.openDocument(`${ROOT}/letters/draft.imr`, draft);
  const d = (await service.validate(doc))!.diagnostics.find((x) => x.code === 'missing-section')!;
  assert.equal(d.codeDescription!.href, 'file:///extension/docs/rules/missing-section.md');
});

test('imr.maxFileSizeMB below the setting\'s minimum (0.01 MB) is read as the minimum, junk as the default', () => {
  assert.equal(sanitizeSettings({ maxFileSizeMB: 1e-300 }).maxFileSizeBytes, Math.round(0.01 * 1024 * 1024));
  assert.equal(sanitizeSettings({ maxFileSizeMB: 2 }).maxFileSizeBytes, 2 * 1024 * 1024);
  for (const junk of [0, -1, Infinity, NaN, '5', null]) assert.equal(sanitizeSettings({ maxFileSizeMB: junk }).maxFileSizeBytes, 5 * 1024 * 1024, String(junk));
});
