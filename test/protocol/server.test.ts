/** The language server over stdio: the requests an editor makes, answered from the letter core. */
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import type { DocumentSymbol, FoldingRange, SymbolInformation, CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { readExample } from '../support/corpus';
import { startServer, type TestServer } from '../support/lspClient';

let server: TestServer;
let workspace: string;
const clean = readExample('examples/clean/lumbar-therapy.imr');
const draft = readExample('examples/drafts/missing-case-summary.imr');

before(async () => {
  workspace = fs.mkdtempSync(path.join(os.tmpdir(), 'imr-ws-'));
  fs.writeFileSync(path.join(workspace, 'on-disk.imr'), draft);
  fs.writeFileSync(path.join(workspace, 'letter.txt'), clean.replace('CM25-0104417', 'CM25-0999999'));
  fs.writeFileSync(path.join(workspace, 'readme.txt'), 'not a letter\n');
  server = startServer();
  const init = await server.connection.sendRequest('initialize', {
    processId: process.pid,
    rootUri: pathToFileURL(workspace).toString(),
    workspaceFolders: [{ uri: pathToFileURL(workspace).toString(), name: 'ws' }],
    capabilities: { workspace: { configuration: true, workspaceFolders: true } },
  });
  assert.ok((init as { capabilities: Record<string, unknown> }).capabilities.documentSymbolProvider);
  await server.connection.sendNotification('initialized', {});
});

after(async () => {
  await server?.stop();
  if (workspace) fs.rmSync(workspace, { recursive: true, force: true });
});

function open(uri: string, text: string, version = 1) {
  return server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'imr', version, text } });
}

test('initialize advertises the features', async () => {
  // Re-checked through a request that only works after a proper initialize.
  const symbols = await server.connection.sendRequest('workspace/symbol', { query: '' });
  assert.ok(Array.isArray(symbols));
});

test('didOpen publishes diagnostics: a draft gets missing-section with a doc link and fix data', async () => {
  const uri = 'file:///virtual/draft.imr';
  const published = server.diagnosticsFor(uri);
  await open(uri, draft);
  const { diagnostics, version } = await published;
  assert.equal(version, 1);
  const d = diagnostics.find((x) => x.code === 'missing-section') as Diagnostic;
  assert.ok(d, JSON.stringify(diagnostics));
  assert.equal(d.severity, 1);
  assert.equal(d.source, 'imr');
  assert.match(d.codeDescription!.href, /docs\/rules\/missing-section\.md$/);
  assert.deepEqual(d.range.start, { line: 20, character: 22 });
  const data = d.data as { rule: string; fixes: { title: string; edits: unknown[] }[] };
  assert.equal(data.rule, 'missing-section');
  assert.equal(data.fixes.length, 1);

  const actions = (await server.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri },
    range: d.range,
    context: { diagnostics: [d], only: ['quickfix'] },
  })) as CodeAction[];
  assert.equal(actions[0].title, 'Insert the "CLINICAL CASE SUMMARY" section');
  const edit = actions[0].edit!.changes![uri][0];
  assert.match(edit.newText, /^ *CLINICAL CASE SUMMARY\n/);
});

test('edits are validated again (debounced), and a fixed letter clears its diagnostics', async () => {
  const uri = 'file:///virtual/edited.imr';
  const first = server.diagnosticsFor(uri);
  await open(uri, draft);
  assert.ok((await first).diagnostics.length > 0);
  const cleared = server.diagnosticsFor(uri, (p) => p.version === 3);
  await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 2 }, contentChanges: [{ text: draft + '\n' }] });
  await server.connection.sendNotification('textDocument/didChange', { textDocument: { uri, version: 3 }, contentChanges: [{ text: clean }] });
  const result = await cleared;
  assert.deepEqual(result.diagnostics, []);
});

test('a quick fix is worked out on the text as it is now: after an edit moved the finding, its fix writes where the finding now is', async () => {
  const uri = 'file:///virtual/stale-fix.imr';
  const text = readExample('examples/drafts/structure-errors.imr');
  const published = server.diagnosticsFor(uri);
  await open(uri, text);
  const d = (await published).diagnostics.find((x) => x.code === 'invalid-decision') as Diagnostic;
  assert.ok(d, 'the draft has an invalid decision ("Uphold")');
  // The author types "Tab. " at the start of that line; the editor moves the diagnostic by 5
  // characters and asks for its fixes before the new findings are published.
  const line = d.range.start.line;
  await server.connection.sendNotification('textDocument/didChange', {
    textDocument: { uri, version: 2 },
    contentChanges: [{ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: 'Tab. ' }],
  });
  const moved = { ...d, range: { start: { line, character: d.range.start.character + 5 }, end: { line, character: d.range.end.character + 5 } } };
  const actions = (await server.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: moved.range, context: { diagnostics: [moved], only: ['quickfix'] } })) as CodeAction[];
  const fix = actions.find((a) => a.isPreferred && a.edit);
  assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
  const [edit] = fix.edit!.changes![uri];
  assert.deepEqual(edit.range, moved.range, 'the edit replaces the word where it is now');
  assert.equal(edit.newText, 'Upheld');
  // A diagnostic that no finding of the current text matches gets no fix (the one at the old place).
  const stale = (await server.connection.sendRequest('textDocument/codeAction', { textDocument: { uri }, range: d.range, context: { diagnostics: [d], only: ['quickfix'] } })) as CodeAction[];
  assert.ok(!stale.some((a) => a.edit?.changes?.[uri]), JSON.stringify(stale.map((a) => a.title)));
});

test('documentSymbol returns the outline: case header, sections, items with decisions, fields', async () => {
  const uri = 'file:///virtual/clean.imr';
  await open(uri, clean);
  const symbols = (await server.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } })) as DocumentSymbol[];
  assert.deepEqual(symbols.map((s) => s.name), ['CM25-0104417', 'HOW THE IMR FINAL DETERMINATION WAS MADE', 'CLINICAL CASE SUMMARY', 'IMR ISSUES, DECISIONS AND RATIONALES']);
  const items = symbols[3].children!;
  // The decision first in the name (the editor cuts a long name at its end).
  assert.deepEqual(items.map((i) => i.name), ['Upheld · MRI of the lumbar spine without contrast', 'Overturned · Physical therapy for the lumbar spine, eight sessions']);
  assert.equal(items[0].children!.length, 3);
});

test('foldingRange covers header, sections, items and fields', async () => {
  const uri = 'file:///virtual/clean.imr';
  const ranges = (await server.connection.sendRequest('textDocument/foldingRange', { textDocument: { uri } })) as FoldingRange[];
  const starts = ranges.map((r) => r.startLine);
  assert.ok(starts.includes(0), 'header block');
  assert.ok(ranges.length >= 4 + 2 + 6 - 2, `${ranges.length} ranges`);
});

test('workspace/symbol finds letters on disk by case number and items by title', async () => {
  const byCase = (await server.connection.sendRequest('workspace/symbol', { query: 'CM25-0999999' })) as SymbolInformation[];
  assert.ok(byCase.some((s) => s.name === 'CM25-0999999' && s.location.uri.endsWith('/letter.txt')), JSON.stringify(byCase));
  const byTitle = (await server.connection.sendRequest('workspace/symbol', { query: 'physical therapy lumbar' })) as SymbolInformation[];
  assert.ok(byTitle.some((s) => s.location.uri.endsWith('/letter.txt') && s.containerName === 'CM25-0999999'));
  assert.ok(!byTitle.some((s) => s.location.uri.endsWith('/readme.txt')));
});

test('the lint-workspace command publishes diagnostics for letters that are not open', async () => {
  const uri = pathToFileURL(path.join(workspace, 'on-disk.imr')).toString();
  const published = server.diagnosticsFor(uri);
  const result = (await server.connection.sendRequest('workspace/executeCommand', { command: 'imr.lintWorkspace', arguments: [] })) as { files: number };
  assert.ok(result.files >= 2);
  const { diagnostics } = await published;
  assert.ok(diagnostics.some((d) => d.code === 'missing-section'));
});

test('the server survives junk input', async () => {
  const uri = 'file:///virtual/junk.imr';
  const published = server.diagnosticsFor(uri);
  await open(uri, '\u0000\u0001\ud800 binary \f\f junk \uffff'.repeat(100));
  await published;
  const symbols = await server.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri } });
  assert.ok(Array.isArray(symbols));
});

test('semantic tokens over the protocol, with the legend the server announced', async () => {
  const uri = 'file:///virtual/tokens.imr';
  await open(uri, clean.replace('without contrast: Upheld', 'without contrast: Overturned'));
  const result = (await server.connection.sendRequest('textDocument/semanticTokens/full', { textDocument: { uri } })) as { data: number[] };
  assert.equal(result.data.length % 5, 0);
  assert.ok(result.data.length / 5 > 20);
  // Decode absolute positions and find the decision token on the first item's title line (0-based line 36).
  let line = 0;
  let char = 0;
  const tokens: { line: number; char: number; length: number; type: number; mods: number }[] = [];
  for (let i = 0; i < result.data.length; i += 5) {
    line += result.data[i];
    char = result.data[i] === 0 ? char + result.data[i + 1] : result.data[i + 1];
    tokens.push({ line, char, length: result.data[i + 2], type: result.data[i + 3], mods: result.data[i + 4] });
  }
  const decision = tokens.find((t) => t.type === 3)!; // 'decision' in the legend
  assert.equal(clean.split('\n')[decision.line].slice(0, decision.char), 'MRI of the lumbar spine without contrast: ');
  assert.equal(decision.mods & (1 << 5), 1 << 5, 'conflict modifier');
});

test('each validation sends an imr/status summary for the language status item, without letter text', async () => {
  const uri = 'file:///virtual/status.imr';
  const status = server.statusFor(uri);
  await open(uri, draft);
  const s = await status;
  assert.equal(s.format, 'current');
  assert.equal(s.items, 2);
  assert.ok((s.errors as number) >= 1);
  assert.equal(typeof s.milliseconds, 'number');
  assert.ok(!JSON.stringify(s).includes('lumbar'), 'no letter text in the status');
});

test('hover on an MTUS citation shows the guideline and its regulation section', async () => {
  const uri = 'file:///virtual/hover.imr';
  await open(uri, clean);
  const lines = clean.split('\n');
  const line = lines.findIndex((l) => l.startsWith('MAXIMUS guideline: Decision based on MTUS Low Back Complaints 2004'));
  const character = lines[line].indexOf('Low Back') + 3;
  const hover = (await server.connection.sendRequest('textDocument/hover', { textDocument: { uri }, position: { line, character } })) as {
    contents: { kind: string; value: string };
  };
  assert.equal(hover.contents.kind, 'markdown');
  assert.match(hover.contents.value, /Low Back Complaints/);
  assert.match(hover.contents.value, /9792\.2\d/);
});

test('completion offers guideline labels after "Decision based on MTUS " and decisions after a title', async () => {
  const uri = 'file:///virtual/complete.imr';
  const text = clean.replace('Claims Administrator guideline: Decision based on MTUS Low Back Complaints 2004.', 'Claims Administrator guideline: Decision based on MTUS ');
  await open(uri, text);
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l === 'Claims Administrator guideline: Decision based on MTUS ');
  const items = (await server.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position: { line, character: lines[line].length } })) as { label: string }[];
  assert.ok(items.some((i) => /^Low Back Complaints/.test(i.label)), JSON.stringify(items.slice(0, 5)));
  assert.ok(items.some((i) => /^Chronic Pain Medical Treatment/.test(i.label)));
});

test('settings: rule severities and extra catalogs apply without a restart', async () => {
  const uri = 'file:///virtual/settings.imr';
  const hip = clean.replace('MTUS Low Back Complaints 2004, Section(s):\nSpecial Studies.', 'MTUS Hip and Pelvis Complaints 2004, Section(s):\nSpecial Studies.');
  const first = server.diagnosticsFor(uri);
  await open(uri, hip);
  const initial = (await first).diagnostics.find((d) => d.code === 'unknown-guideline');
  assert.ok(initial);

  const extra = path.join(workspace, 'extra-catalog.json');
  fs.writeFileSync(extra, JSON.stringify({ guidelines: [{ label: 'Hip and Pelvis Complaints', years: [2004], sections: ['Special Studies'] }] }));
  server.settings.catalogs = [extra];
  const cleared = server.diagnosticsFor(uri, (p) => !p.diagnostics.some((d) => d.code === 'unknown-guideline'));
  await server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  await cleared;

  server.settings.catalogs = [];
  server.settings.rules = { 'unknown-guideline': 'hint' };
  const hinted = server.diagnosticsFor(uri, (p) => p.diagnostics.some((d) => d.code === 'unknown-guideline' && d.severity === 4));
  await server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  await hinted;
  delete server.settings.rules;
  const back = server.diagnosticsFor(uri, (p) => p.diagnostics.some((d) => d.code === 'unknown-guideline' && d.severity === initial.severity));
  await server.connection.sendNotification('workspace/didChangeConfiguration', { settings: null });
  await back;
});

test('a closed letter with workspace-lint findings is linted again when it changes on disk, and cleared when deleted', async () => {
  const file = path.join(workspace, 'watched.imr');
  fs.writeFileSync(file, draft);
  const uri = pathToFileURL(file).toString();
  const linted = server.diagnosticsFor(uri, (p) => p.diagnostics.length > 0);
  await server.connection.sendRequest('workspace/executeCommand', { command: 'imr.lintWorkspace', arguments: [] });
  await linted;
  fs.writeFileSync(file, clean);
  const fixed = server.diagnosticsFor(uri, (p) => p.diagnostics.length === 0);
  await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 2 }] });
  await fixed;
  fs.writeFileSync(file, draft);
  await server.connection.sendRequest('workspace/executeCommand', { command: 'imr.lintWorkspace', arguments: [] });
  fs.unlinkSync(file);
  const gone = server.diagnosticsFor(uri, (p) => p.diagnostics.length === 0);
  await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri, type: 3 }] });
  await gone;
});

test('a letter on disk honours its .imrlintrc.json; a broken config is a diagnostic on the config file', async () => {
  const dir = fs.mkdtempSync(path.join(workspace, 'cfg-'));
  const file = path.join(dir, 'draft.imr');
  fs.writeFileSync(file, draft);
  const uri = pathToFileURL(file).toString();
  const configPath = path.join(dir, '.imrlintrc.json');
  fs.writeFileSync(configPath, JSON.stringify({ rules: { 'missing-section': 'warning' } }));
  const warned = server.diagnosticsFor(uri, (p) => p.diagnostics.some((d) => d.code === 'missing-section' && d.severity === 2));
  await open(uri, draft);
  await warned;

  fs.writeFileSync(configPath, '{ "rules": { "missing-section": "loud" } }');
  const configUri = pathToFileURL(configPath).toString();
  const problem = server.diagnosticsFor(configUri, (p) => p.diagnostics.length === 1);
  const fellBack = server.diagnosticsFor(uri, (p) => p.diagnostics.some((d) => d.code === 'missing-section' && d.severity === 1));
  await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: configUri, type: 2 }] });
  assert.match(String((await problem).diagnostics[0].message), /loud/);
  await fellBack;
});

test('quick fixes to disable a rule for the file, ignore one finding, and show the rule\'s documentation', async () => {
  const dir = fs.mkdtempSync(path.join(workspace, 'qf-'));
  const file = path.join(dir, 'letter.imr');
  fs.writeFileSync(file, draft);
  const uri = pathToFileURL(file).toString();
  const published = server.diagnosticsFor(uri, (p) => p.diagnostics.length > 0);
  await open(uri, draft);
  const d = (await published).diagnostics.find((x) => x.code === 'missing-section')!;
  const actions = (await server.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri },
    range: d.range,
    context: { diagnostics: [d], only: ['quickfix'] },
  })) as CodeAction[];
  const titles = actions.map((a) => a.title);
  assert.ok(titles.includes('Disable missing-section for this file'), titles.join(' | '));
  assert.ok(titles.includes('Ignore this missing-section finding in .imrlintrc.json'));
  const docs = actions.find((a) => a.title === 'Show documentation for missing-section')!;
  assert.deepEqual(docs.command, { title: 'Show documentation for missing-section', command: 'imr.showRuleDocumentation', arguments: ['missing-section'] });
  // With no config yet, the edit creates one in the workspace root (the letter's folder is inside it).
  const disable = actions.find((a) => a.title === 'Disable missing-section for this file')!;
  const changes = disable.edit!.documentChanges as [{ kind: string; uri: string }, { edits: { newText: string }[] }];
  assert.equal(changes[0].kind, 'create');
  assert.equal(changes[0].uri, pathToFileURL(path.join(workspace, '.imrlintrc.json')).toString());
  const written = JSON.parse(changes[1].edits[0].newText);
  assert.deepEqual(written, { overrides: [{ files: [`${path.basename(dir)}/letter.imr`], rules: { 'missing-section': 'off' } }] });
  // Applying it (as the editor would) silences the finding.
  fs.writeFileSync(path.join(workspace, '.imrlintrc.json'), changes[1].edits[0].newText);
  const silenced = server.diagnosticsFor(uri, (p) => !p.diagnostics.some((x) => x.code === 'missing-section'));
  await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(path.join(workspace, '.imrlintrc.json')).toString(), type: 1 }] });
  await silenced;
  fs.unlinkSync(path.join(workspace, '.imrlintrc.json'));
  await server.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: pathToFileURL(path.join(workspace, '.imrlintrc.json')).toString(), type: 3 }] });
});

test('source.fixAll returns the same fixes imr-lint --fix applies', async () => {
  const uri = 'file:///virtual/fixall.imr';
  const broken = readExample('examples/drafts/structure-errors.imr');
  await open(uri, broken);
  const actions = (await server.connection.sendRequest('textDocument/codeAction', {
    textDocument: { uri },
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    context: { diagnostics: [], only: ['source.fixAll'] },
  })) as CodeAction[];
  assert.equal(actions.length, 1);
  assert.equal(actions[0].kind, 'source.fixAll.imr');
  const edits = actions[0].edit!.changes![uri];
  assert.ok(edits.length >= 3);
  assert.ok(edits.some((e) => e.newText === 'CLINICAL CASE SUMMARY'));
  assert.ok(edits.some((e) => e.newText === 'Upheld'));
});

test('selectionRange expands from a decision word to its item and section', async () => {
  const uri = 'file:///virtual/select.imr';
  await open(uri, clean);
  const lines = clean.split('\n');
  const line = lines.findIndex((l) => l.startsWith('MRI of the lumbar spine without contrast: Upheld'));
  const [range] = (await server.connection.sendRequest('textDocument/selectionRange', {
    textDocument: { uri },
    positions: [{ line, character: lines[line].indexOf('Upheld') + 2 }],
  })) as { range: { start: { line: number; character: number }; end: { line: number; character: number } }; parent?: unknown }[];
  assert.deepEqual(range.range, { start: { line, character: lines[line].indexOf('Upheld') }, end: { line, character: lines[line].length } });
  let depth = 0;
  for (let node: { parent?: unknown } | undefined = range; node; node = node.parent as { parent?: unknown } | undefined) depth++;
  assert.ok(depth >= 4, `depth ${depth}`);
});

// ------------------------------------------------------------------------------------------
// Completion with a partly typed prefix: every item's textEdit replaces what was typed of it.

interface LspCompletionItem {
  label: string;
  filterText?: string;
  textEdit?: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string };
}

let completionDoc = 0;
/**
 * Opens `text` (cursor at `|`), asks for completion there, and accepts `label` as an editor would:
 * the typed text (the edit's range) must match the item's filterText, and the edit replaces it.
 * Returns the text after accepting.
 */
async function typeAndAccept(text: string, label: string): Promise<string> {
  const cursor = text.indexOf('|');
  assert.ok(cursor >= 0, 'no | cursor marker');
  const doc = text.slice(0, cursor) + text.slice(cursor + 1);
  const uri = `file:///virtual/typed-${++completionDoc}.imr`;
  await open(uri, doc);
  const lines = doc.slice(0, cursor).split('\n');
  const position = { line: lines.length - 1, character: lines[lines.length - 1].length };
  const items = (await server.connection.sendRequest('textDocument/completion', { textDocument: { uri }, position })) as LspCompletionItem[];
  const item = items.find((i) => i.label === label);
  assert.ok(item, `no item "${label}" among: ${items.slice(0, 8).map((i) => i.label).join(' | ')}`);
  assert.ok(item.textEdit, `"${label}" has no textEdit`);
  const { range, newText } = item.textEdit;
  assert.equal(range.start.line, position.line, 'the edit stays on the cursor line');
  assert.deepEqual(range.end, position, 'the edit ends at the cursor');
  const docLines = doc.split('\n');
  const typed = docLines[position.line].slice(range.start.character, position.character);
  assert.ok(item.filterText!.toLowerCase().startsWith(typed.toLowerCase()), `typed "${typed}" does not match filterText "${item.filterText}"`);
  docLines[position.line] = docLines[position.line].slice(0, range.start.character) + newText + docLines[position.line].slice(position.character);
  return docLines.join('\n');
}

const lineOf = (text: string, start: string) => text.split('\n').find((l) => l.startsWith(start));

test('completion after a typed prefix replaces it: guideline labels', async () => {
  const text = clean.replace('Claims Administrator guideline: Decision based on MTUS Low Back Complaints 2004.', 'Claims Administrator guideline: Decision based on MTUS Low Ba|');
  const result = await typeAndAccept(text, 'Low Back Complaints 2004');
  assert.equal(lineOf(result, 'Claims Administrator guideline:'), 'Claims Administrator guideline: Decision based on MTUS Low Back Complaints 2004');
});

test('completion after a typed prefix replaces it: guideline sections, also across a wrapped line', async () => {
  const sameLine = clean.replace('Section(s):\nSpecial Studies.', 'Section(s): Special St|');
  assert.equal(lineOf(await typeAndAccept(sameLine, 'Special Studies'), 'MAXIMUS guideline: Decision based on MTUS Low Back'), 'MAXIMUS guideline: Decision based on MTUS Low Back Complaints 2004, Section(s): Special Studies');
  const wrapped = clean.replace('Section(s):\nSpecial Studies.', 'Section(s): Special\nSt|');
  const result = await typeAndAccept(wrapped, 'Special Studies');
  assert.match(result, /Section\(s\): Special\nStudies\n/);
  // A second section after a comma.
  const second = clean.replace('Section(s):\nSpecial Studies.', 'Section(s): Special Studies, Phys|');
  assert.match(await typeAndAccept(second, 'Physical Methods'), /Section\(s\): Special Studies, Physical Methods\n/);
});

test('completion after a typed prefix replaces it: ACOEM chapters and non-MTUS sources', async () => {
  const chapter = clean.replace('Claims Administrator guideline: Decision based on MTUS Low Back Complaints 2004.', 'Claims Administrator guideline: Decision based on MTUS ACOEM Chapter 12 Lo|');
  assert.equal(lineOf(await typeAndAccept(chapter, '12 Low Back Complaints'), 'Claims Administrator guideline:'), 'Claims Administrator guideline: Decision based on MTUS ACOEM Chapter 12 Low Back Complaints');
  const source = clean.replace('Claims Administrator guideline: Decision based on MTUS Low Back Complaints 2004.', 'Claims Administrator guideline: Decision based on Non-MTUS Citation Official Dis|');
  assert.equal(lineOf(await typeAndAccept(source, 'Official Disability Guidelines (ODG)'), 'Claims Administrator guideline:'), 'Claims Administrator guideline: Decision based on Non-MTUS Citation Official Disability Guidelines (ODG)');
});

test('completion after a typed prefix replaces it: decisions and section skeletons', async () => {
  const decision = clean.replace('MRI of the lumbar spine without contrast: Upheld', 'MRI of the lumbar spine without contrast: Up|');
  assert.equal(lineOf(await typeAndAccept(decision, 'Upheld'), 'MRI of the lumbar'), 'MRI of the lumbar spine without contrast: Upheld');
  const noSpace = clean.replace('MRI of the lumbar spine without contrast: Upheld', 'MRI of the lumbar spine without contrast:|');
  assert.equal(lineOf(await typeAndAccept(noSpace, 'Overturned'), 'MRI of the lumbar'), 'MRI of the lumbar spine without contrast: Overturned');
  const skeleton = draft.replace('                      IMR ISSUES', '                      CLIN|\n                      IMR ISSUES');
  const result = await typeAndAccept(skeleton, 'CLINICAL CASE SUMMARY');
  assert.match(result, /\n {22}CLINICAL CASE SUMMARY\nThe expert reviewer developed the following clinical case summary/);
  assert.ok(!result.includes('CLINCLINICAL'));
});

test('the workspace lint can be cancelled: it stops between letters', async () => {
  const dir = fs.mkdtempSync(path.join(workspace, 'many-'));
  for (let i = 0; i < 40; i++) fs.writeFileSync(path.join(dir, `letter-${i}.imr`), draft);
  try {
    const { CancellationTokenSource } = await import('vscode-languageserver-protocol/node');
    const source = new CancellationTokenSource();
    const request = server.connection.sendRequest('workspace/executeCommand', { command: 'imr.lintWorkspace', arguments: [] }, source.token);
    source.cancel();
    const outcome = await request.then(
      (r) => r as { files: number; cancelled?: boolean },
      (e: { code?: number }) => ({ files: -1, cancelled: e.code === -32800 }),
    );
    assert.equal(outcome.cancelled, true, JSON.stringify(outcome));
    assert.ok(outcome.files < 40, `linted ${outcome.files} letters after the cancellation`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
