/**
 * The language server: thin LSP wiring. Each request maps to one call into the letter core;
 * the core never sees the connection. Letter text is logged only through LSP tracing, which
 * the user turns on (imr.trace.server); the server itself logs no letter text and makes no
 * network calls.
 */
import * as path from 'path';
import { performance } from 'perf_hooks';
import { pathToFileURL, fileURLToPath } from 'url';
import {
  CodeAction,
  CodeActionKind,
  CompletionItem,
  CompletionItemKind,
  InsertTextFormat,
  MarkupKind,
  createConnection,
  Diagnostic,
  DiagnosticSeverity,
  DocumentSymbol,
  FileChangeType,
  DidChangeConfigurationNotification,
  FoldingRange,
  ProposedFeatures,
  SymbolInformation,
  TextDocumentSyncKind,
  TextDocuments,
  TextEdit,
  WorkspaceEdit,
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseLetter } from './core/parser';
import type { Letter } from './core/model';
import { lintLetter, type LintDiagnostic, type LintFix } from './core/lint';
import { foldingRanges, letterSymbols, matchesQuery, outline } from './core/features/outline';
import { encodeSemanticTokens, semanticTokens, TOKEN_MODIFIERS, TOKEN_TYPES } from './core/features/semanticTokens';
import type { Catalog } from './core/catalog';
import { withFileChange, ignoreEntryFor, CONFIG_FILE_NAME, SEVERITY_SETTINGS, type IgnoreEntry } from './core/config';
import { applyFixes } from './core/features/fixes';
import { configForLetter, findConfigFile } from './node/configFiles';
import * as fs from 'fs';
import { loadCatalogs } from './node/catalogFiles';
import { hoverAt } from './core/features/hover';
import { selectionRange } from './core/features/selection';
import { completions, type CompletionEntry } from './core/features/completion';
import type { Severity, SeveritySetting } from './core/rules/types';
import { findLetterFiles, readLetterFile } from './node/letterFiles';
import { isPdfFile, pdfToText, readPdfLetter, type PdfRead } from './node/pdf';
import { looksLikeLetter } from './core/format';

const connection: Connection = createConnection(ProposedFeatures.all);
const documents = new TextDocuments(TextDocument);

/** Where rule documentation pages live: docs/rules/<id>.md beside the bundle (dist/..). */
const DOCS_DIR = path.resolve(__dirname, '..', 'docs', 'rules');
export function ruleDocUri(rule: string): string {
  return pathToFileURL(path.join(DOCS_DIR, `${rule}.md`)).toString();
}

interface Settings {
  rules: Record<string, SeveritySetting>;
  /** Extra catalog files (absolute, or relative to the first workspace folder). */
  catalogs: string[];
}
const DEFAULT_SETTINGS: Settings = { rules: {}, catalogs: [] };
let settings: Settings = DEFAULT_SETTINGS;
let hasConfigurationCapability = false;
let workspaceRoots: string[] = [];

// ---------------------------------------------------------------------------------------------
// One parse per document version, shared by every feature.

const parsed = new Map<string, { version: number; letter: Letter }>();
function letterOf(doc: TextDocument): Letter {
  const hit = parsed.get(doc.uri);
  if (hit && hit.version === doc.version) return hit.letter;
  const letter = parseLetter(doc.getText());
  parsed.set(doc.uri, { version: doc.version, letter });
  return letter;
}

// ---------------------------------------------------------------------------------------------
// Initialization and settings

connection.onInitialize((params: InitializeParams): InitializeResult => {
  hasConfigurationCapability = !!params.capabilities.workspace?.configuration;
  workspaceRoots = (params.workspaceFolders ?? [])
    .map((f) => f.uri)
    .concat(params.workspaceFolders ? [] : params.rootUri ? [params.rootUri] : [])
    .filter((u) => u.startsWith('file:'))
    .map((u) => fileURLToPath(u));
  return {
    capabilities: {
      textDocumentSync: TextDocumentSyncKind.Incremental,
      documentSymbolProvider: { label: 'IMR letter' },
      foldingRangeProvider: true,
      hoverProvider: true,
      selectionRangeProvider: true,
      completionProvider: { triggerCharacters: [' ', ':'] },
      semanticTokensProvider: { legend: { tokenTypes: [...TOKEN_TYPES], tokenModifiers: [...TOKEN_MODIFIERS] }, full: true },
      workspaceSymbolProvider: true,
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll] },
      executeCommandProvider: { commands: ['imr.lintWorkspace'] },
      workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
    },
    serverInfo: { name: 'imr-letters-server' },
  };
});

connection.onInitialized(() => {
  if (hasConfigurationCapability) {
    void connection.client.register(DidChangeConfigurationNotification.type, undefined);
  }
  connection.workspace.onDidChangeWorkspaceFolders((e) => {
    const removed = new Set(e.removed.map((f) => fileURLToPath(f.uri)));
    workspaceRoots = workspaceRoots.filter((r) => !removed.has(r)).concat(e.added.map((f) => fileURLToPath(f.uri)));
  });
  void refreshSettings();
});

async function refreshSettings(): Promise<void> {
  if (hasConfigurationCapability) {
    try {
      const imr = (await connection.workspace.getConfiguration('imr')) ?? {};
      settings = { rules: sanitizeRuleSettings(imr.rules), catalogs: sanitizePaths(imr.catalogs) };
    } catch {
      settings = DEFAULT_SETTINGS;
    }
  }
  for (const doc of documents.all()) scheduleValidation(doc, 0);
}

function sanitizeRuleSettings(value: unknown): Record<string, SeveritySetting> {
  const out: Record<string, SeveritySetting> = {};
  if (value && typeof value === 'object') {
    for (const [id, sev] of Object.entries(value)) if (typeof sev === 'string' && (SEVERITY_SETTINGS as readonly string[]).includes(sev)) out[id] = sev as SeveritySetting;
  }
  return out;
}

function sanitizePaths(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.trim().length > 0) : [];
}

/**
 * What applies to one letter: the nearest .imrlintrc.json (rules, overrides, ignores, catalogs),
 * then the editor settings on top. A broken config file is shown as a diagnostic on the file
 * itself, and its broken parts fall back to the defaults.
 */
interface LetterOptions {
  rules: Record<string, SeveritySetting>;
  ignores: IgnoreEntry[];
  catalog: Catalog;
  configFile?: string;
}

const reportedMessages = new Set<string>();
const configProblems = new Map<string, string>();

function optionsFor(uri: string): LetterOptions {
  const base = workspaceRoots[0] ?? process.cwd();
  const settingsCatalogs = settings.catalogs.map((f) => path.resolve(base, f));
  const file = uri.startsWith('file:') ? fileURLToPath(uri) : uri.startsWith('imr-pdf:') && uri.endsWith('?file') ? pdfFileOfView(uri) : undefined;
  const config = file ? configForLetter(file) : undefined;
  if (config?.file) publishConfigProblems(config.file, config.errors);
  const loaded = loadCatalogs([...(config?.catalogs ?? []), ...settingsCatalogs]);
  for (const e of loaded.errors) {
    if (reportedMessages.has(e)) continue;
    reportedMessages.add(e);
    void connection.window.showWarningMessage(`IMR Letters: a guideline catalog file was skipped. ${e}`);
  }
  return { rules: { ...(config?.rules ?? {}), ...settings.rules }, ignores: config?.ignores ?? [], catalog: loaded.catalog, configFile: config?.file };
}

function publishConfigProblems(file: string, errors: string[]): void {
  const key = errors.join('\n');
  if (configProblems.get(file) === key) return;
  configProblems.set(file, key);
  const prefix = `${file}: `;
  void connection.sendDiagnostics({
    uri: pathToFileURL(file).toString(),
    diagnostics: errors.map((e) => ({
      range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
      severity: DiagnosticSeverity.Error,
      source: 'imr',
      message: `${e.startsWith(prefix) ? e.slice(prefix.length) : e} The defaults apply to this part of the configuration.`,
    })),
  });
}

connection.onDidChangeConfiguration((change) => {
  if (!hasConfigurationCapability) {
    settings = { rules: sanitizeRuleSettings(change.settings?.imr?.rules), catalogs: sanitizePaths(change.settings?.imr?.catalogs) };
  }
  void refreshSettings();
});

// ---------------------------------------------------------------------------------------------
// Validation: debounced, and published only for the version that was linted.

const VALIDATION_DELAY_MS = 200;
const timers = new Map<string, NodeJS.Timeout>();

function scheduleValidation(doc: TextDocument, delay = VALIDATION_DELAY_MS): void {
  clearTimeout(timers.get(doc.uri));
  timers.set(
    doc.uri,
    setTimeout(() => {
      timers.delete(doc.uri);
      validate(doc.uri, doc.version);
    }, delay),
  );
}

function validate(uri: string, version: number): void {
  const doc = documents.get(uri);
  if (!doc || doc.version !== version) return; // a newer edit will validate
  const t0 = performance.now();
  const letter = letterOf(doc);
  const diagnostics = lintAndConvert(uri, letter);
  void connection.sendDiagnostics({ uri, version, diagnostics });
  // For the client's language status item: what was found, and what it cost. No letter text.
  const count = (s: DiagnosticSeverity) => diagnostics.filter((d) => d.severity === s).length;
  void connection.sendNotification('imr/status', {
    uri,
    version,
    format: letter.format,
    sections: letter.sections.length,
    items: letter.items.length,
    errors: count(DiagnosticSeverity.Error),
    warnings: count(DiagnosticSeverity.Warning),
    infos: count(DiagnosticSeverity.Information) + count(DiagnosticSeverity.Hint),
    milliseconds: Math.round((performance.now() - t0) * 10) / 10,
    validatedAt: new Date().toISOString(),
  });
}

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

function toLspDiagnostic(d: LintDiagnostic): Diagnostic {
  return {
    range: d.range,
    severity: SEVERITY[d.severity],
    code: d.rule,
    codeDescription: { href: ruleDocUri(d.rule) },
    source: 'imr',
    message: d.message,
    tags: d.tags as Diagnostic['tags'],
    data: {
      ...(d.data ?? {}),
      rule: d.rule,
      fixes: d.fixes.map((f) => ({
        title: f.title,
        preferred: !!f.preferred,
        edits: f.edits.map((e) => ({ range: e.range, newText: e.newText })),
      })),
    },
  };
}

function lintAndConvert(uri: string, letter: Letter): Diagnostic[] {
  return lintLetter(letter, optionsFor(uri)).map(toLspDiagnostic);
}

documents.onDidChangeContent((e) => scheduleValidation(e.document));
documents.onDidOpen((e) => scheduleValidation(e.document, 0));
documents.onDidClose((e) => {
  clearTimeout(timers.get(e.document.uri));
  parsed.delete(e.document.uri);
  // A closed letter keeps the findings of the last workspace lint, if it had any; else clear.
  void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: workspaceFindings.get(e.document.uri) ?? [] });
});

// ---------------------------------------------------------------------------------------------
// Navigation

connection.onDocumentSymbol((params) => {
  const doc = documents.get(params.textDocument.uri);
  return doc ? (outline(letterOf(doc)) as DocumentSymbol[]) : [];
});

connection.onFoldingRanges((params): FoldingRange[] => {
  const doc = documents.get(params.textDocument.uri);
  return doc ? foldingRanges(letterOf(doc)) : [];
});

connection.languages.semanticTokens.on((params) => {
  const doc = documents.get(params.textDocument.uri);
  return { data: doc ? encodeSemanticTokens(semanticTokens(letterOf(doc), optionsFor(doc.uri).catalog)) : [] };
});

// ---------------------------------------------------------------------------------------------
// Hover and completion

connection.onHover((params) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return null;
  const letter = letterOf(doc);
  const hover = hoverAt(letter, letter.lines.offsetAt(params.position), optionsFor(doc.uri).catalog);
  return hover ? { contents: { kind: MarkupKind.Markdown, value: hover.markdown }, range: letter.lines.rangeOf(hover.span) } : null;
});

connection.onSelectionRanges((params) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return [];
  const letter = letterOf(doc);
  const catalog = optionsFor(doc.uri).catalog;
  return params.positions.map((p) => selectionRange(letter, letter.lines.offsetAt(p), catalog));
});

const COMPLETION_KIND: Record<CompletionEntry['kind'], CompletionItemKind> = {
  guideline: CompletionItemKind.Reference,
  section: CompletionItemKind.EnumMember,
  chapter: CompletionItemKind.Module,
  source: CompletionItemKind.Reference,
  decision: CompletionItemKind.Keyword,
  skeleton: CompletionItemKind.Snippet,
};

connection.onCompletion((params): CompletionItem[] => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return [];
  const letter = letterOf(doc);
  return completions(letter, letter.lines.offsetAt(params.position), optionsFor(doc.uri).catalog).map((e) => ({
    label: e.label,
    kind: COMPLETION_KIND[e.kind],
    detail: e.detail,
    documentation: e.documentation ? { kind: MarkupKind.Markdown, value: e.documentation } : undefined,
    insertText: e.insertText,
    insertTextFormat: InsertTextFormat.PlainText,
    sortText: e.sortText,
  }));
});

connection.onWorkspaceSymbol((params): SymbolInformation[] => {
  const out: SymbolInformation[] = [];
  for (const { uri, letter } of workspaceLetters()) {
    for (const s of letterSymbols(letter, path.basename(uri))) {
      if (!matchesQuery(s.name, params.query)) continue;
      out.push({ name: s.name, kind: s.kind as SymbolInformation['kind'], containerName: s.containerName, location: { uri, range: s.range } });
      if (out.length >= 1000) return out;
    }
  }
  return out;
});

/** Every letter of the workspace: open documents as edited, the rest from disk. */
function* workspaceLetters(): Generator<{ uri: string; letter: Letter }> {
  const seen = new Set<string>();
  for (const doc of documents.all()) {
    seen.add(doc.uri);
    if (doc.languageId === 'imr' || /\.imr$/i.test(doc.uri)) yield { uri: doc.uri, letter: letterOf(doc) };
  }
  for (const root of workspaceRoots) {
    for (const file of findLetterFiles(root)) {
      const uri = pathToFileURL(file).toString();
      if (seen.has(uri)) continue;
      seen.add(uri);
      const read = readLetterFile(file);
      if (read.ok) yield { uri, letter: parseLetter(read.text) };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Workspace lint (command): fills the Problems view for letters that are not open.

const workspaceFindings = new Map<string, Diagnostic[]>();

connection.onExecuteCommand((params) => {
  if (params.command !== 'imr.lintWorkspace') return undefined;
  let files = 0;
  let problems = 0;
  for (const { uri, letter } of workspaceLetters()) {
    const open = documents.get(uri);
    const diagnostics = lintAndConvert(uri, open ? letterOf(open) : letter);
    if (!open) workspaceFindings.set(uri, diagnostics);
    void connection.sendDiagnostics({ uri, diagnostics });
    files++;
    problems += diagnostics.length;
  }
  void lintWorkspacePdfs().catch(() => undefined);
  return { files, problems };
});

// A letter linted by the workspace lint that changes on disk while closed is linted again;
// a deleted one loses its findings.
connection.onDidChangeWatchedFiles((params) => {
  if (params.changes.some((c) => c.uri.endsWith('/' + CONFIG_FILE_NAME) || c.uri.endsWith('.json'))) {
    for (const doc of documents.all()) scheduleValidation(doc, 0);
  }
  for (const change of params.changes) {
    if (!workspaceFindings.has(change.uri) || documents.get(change.uri)) continue;
    const read = change.type === FileChangeType.Deleted ? undefined : readLetterFile(fileURLToPath(change.uri));
    const diagnostics = read?.ok ? lintAndConvert(change.uri, parseLetter(read.text)) : [];
    if (read?.ok) workspaceFindings.set(change.uri, diagnostics);
    else workspaceFindings.delete(change.uri);
    void connection.sendDiagnostics({ uri: change.uri, diagnostics });
  }
});

// ---------------------------------------------------------------------------------------------
// Code actions: the fixes the core computed (carried in Diagnostic.data), plus fix-all.

interface FixData {
  title: string;
  preferred: boolean;
  edits: TextEdit[];
}

connection.onCodeAction((params) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return [];
  const uri = doc.uri;
  const actions: CodeAction[] = [];
  const only = params.context.only;
  const wantsFixAll = !only || only.some((k) => CodeActionKind.SourceFixAll.startsWith(k) || k.startsWith(CodeActionKind.SourceFixAll));
  const wantsQuickFix = !only || only.some((k) => CodeActionKind.QuickFix.startsWith(k));
  const readOnly = uri.startsWith('imr-pdf:'); // a PDF letter's text view: fixes cannot be applied to it
  if (wantsQuickFix) {
    const letter = letterOf(doc);
    const seenRules = new Set<string>();
    for (const diagnostic of params.context.diagnostics) {
      if (diagnostic.source !== 'imr' || typeof diagnostic.code !== 'string') continue;
      const rule = diagnostic.code;
      const fixes = ((diagnostic.data as { fixes?: FixData[] } | undefined)?.fixes ?? []) as FixData[];
      for (const fix of readOnly ? [] : fixes) {
        actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: fix.preferred, edit: { changes: { [uri]: fix.edits } } });
      }
      // Letters are published as written: silencing goes into .imrlintrc.json, never into the letter.
      const ignore = configEdit(uri, { kind: 'ignore', entry: ignoreEntryFor({ rule, range: diagnostic.range }, letter) });
      if (ignore) actions.push({ title: `Ignore this ${rule} finding in ${CONFIG_FILE_NAME}`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: ignore });
      if (seenRules.has(rule)) continue;
      seenRules.add(rule);
      const disable = configEdit(uri, { kind: 'disable-rule', rule });
      if (disable) actions.push({ title: `Disable ${rule} for this file`, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], edit: disable });
      actions.push({
        title: `Show documentation for ${rule}`,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        command: { title: `Show documentation for ${rule}`, command: 'imr.showRuleDocumentation', arguments: [rule] },
      });
    }
  }
  if (wantsFixAll && !readOnly) {
    const letter = letterOf(doc);
    const diagnostics = lintLetter(letter, optionsFor(uri));
    const preferred = diagnostics.flatMap((d) => d.fixes.filter((f) => f.preferred));
    // The same choice of fixes as `imr-lint --fix` (whole fixes, no overlaps), as edits.
    const { applied } = applyFixes(letter.text, preferred);
    const edits: TextEdit[] = (applied as LintFix[]).flatMap((f) => f.edits.map((e) => ({ range: e.range, newText: e.newText })));
    if (edits.length > 0) {
      actions.push({ title: 'Fix all auto-fixable IMR problems', kind: CodeActionKind.SourceFixAll + '.imr', edit: { changes: { [uri]: edits } } });
    }
  }
  return actions;
});

/** A workspace edit that writes a change into the letter's .imrlintrc.json (created beside the workspace root when none exists). */
function configEdit(uri: string, change: Parameters<typeof withFileChange>[2]): WorkspaceEdit | undefined {
  if (!uri.startsWith('file:')) return undefined;
  const letterPath = fileURLToPath(uri);
  const existing = findConfigFile(path.dirname(letterPath));
  const root = workspaceRoots.find((r) => letterPath.startsWith(r + path.sep));
  const configPath = existing ?? path.join(root ?? path.dirname(letterPath), CONFIG_FILE_NAME);
  let raw: unknown = {};
  let oldText: string | undefined;
  if (existing) {
    try {
      oldText = fs.readFileSync(existing, 'utf8');
      raw = JSON.parse(oldText);
    } catch {
      return undefined; // a broken config is reported on the file; don't rewrite it blindly
    }
  }
  const rel = path.relative(path.dirname(configPath), letterPath).split(path.sep).join('/');
  const newText = JSON.stringify(withFileChange(raw, rel, change), null, 2) + '\n';
  const configUri = pathToFileURL(configPath).toString();
  if (oldText === undefined) {
    return {
      documentChanges: [
        { kind: 'create', uri: configUri, options: { ignoreIfExists: true } },
        { textDocument: { uri: configUri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText }] },
      ],
    };
  }
  const lines = oldText.split(/\r\n|\n|\r/);
  const end = { line: lines.length - 1, character: lines[lines.length - 1].length };
  return { changes: { [configUri]: [{ range: { start: { line: 0, character: 0 }, end }, newText }] } };
}

// ---------------------------------------------------------------------------------------------
// PDF letters: the client reads a PDF and shows its text as a read-only document of scheme
// imr-pdf: (client/src/pdf.ts); the text comes from here. The workspace lint reads the PDFs
// that hold a letter and publishes their findings on those documents' URIs.

connection.onRequest('imr/pdfText', (params: { data?: unknown }): Promise<PdfRead> =>
  typeof params?.data === 'string' ? pdfToText(Buffer.from(params.data, 'base64')) : Promise.resolve({ ok: false, error: 'no PDF data was sent' }),
);

/** The URI of a PDF file's text view, as client/src/pdf.ts makes it (imr-pdf:/path/letter.pdf?file). */
function pdfTextUri(file: string): string {
  return `imr-pdf:${pathToFileURL(file).pathname}?file`;
}

/** The PDF file a text view shows (its .imrlintrc.json applies to the view). */
function pdfFileOfView(uri: string): string | undefined {
  try {
    return fileURLToPath(`file://${uri.slice('imr-pdf:'.length, -'?file'.length)}`);
  } catch {
    return undefined;
  }
}

async function lintWorkspacePdfs(): Promise<void> {
  for (const root of workspaceRoots) {
    for (const file of findLetterFiles(root, undefined, { pdf: true })) {
      const uri = pdfTextUri(file);
      if (!isPdfFile(file) || documents.get(uri)) continue; // an open view is linted as shown
      const read = await readPdfLetter(file);
      // Scanned, encrypted and damaged PDFs, and PDFs that are no letter, are not reported.
      if (!read.ok || !looksLikeLetter(read.text)) continue;
      const diagnostics = lintAndConvert(uri, parseLetter(read.text));
      workspaceFindings.set(uri, diagnostics);
      void connection.sendDiagnostics({ uri, diagnostics });
    }
  }
}

documents.listen(connection);
connection.listen();

