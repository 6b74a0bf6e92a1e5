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
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  ResponseError,
  type Position,
  type TextDocumentContentChangeEvent,
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
import { withFileChange, ignoreEntryFor, sanitizePaths, sanitizeRuleSettings, CONFIG_FILE_NAME, type ConfigChange, type IgnoreEntry } from './core/config';
import { applyFixes } from './core/features/fixes';
import { ConfigResolver } from './node/configFiles';
import { loadCatalogs } from './node/catalogFiles';
import { isInsideFolder, realPath } from './node/dataFiles';
import { hoverAt } from './core/features/hover';
import { selectionRange } from './core/features/selection';
import { completions, type CompletionEntry } from './core/features/completion';
import type { Severity, SeveritySetting } from './core/rules/types';
import { findLetterFiles, readLetterFile } from './node/letterFiles';
import { isPdfFile, pdfToText, readPdfLetter, type PdfRead } from './node/pdf';
import { looksLikeLetter } from './core/format';

const connection: Connection = createConnection(ProposedFeatures.all);

/** Documents as the client sent them; a malformed didOpen/didChange (text null, no version) becomes an empty or unchanged text, never a crash later. */
const documents = new TextDocuments<TextDocument>({
  create: (uri, languageId, version, content) =>
    TextDocument.create(uri, typeof languageId === 'string' ? languageId : 'imr', Number.isInteger(version) ? version : 0, typeof content === 'string' ? content : ''),
  update: (doc, changes, version) =>
    TextDocument.update(doc, (Array.isArray(changes) ? changes : []).filter(isValidChange), Number.isInteger(version) ? version : doc.version + 1),
});

function isValidChange(c: TextDocumentContentChangeEvent): boolean {
  if (!c || typeof c.text !== 'string') return false;
  if (!('range' in c) || c.range === undefined) return true;
  return isPosition(c.range?.start) && isPosition(c.range?.end);
}

function isPosition(p: unknown): p is Position {
  const q = p as Position | undefined;
  return !!q && Number.isInteger(q.line) && Number.isInteger(q.character) && q.line >= 0 && q.character >= 0;
}

/** Where rule documentation pages live: docs/rules/<id>.md beside the bundle (dist/..). */
const DOCS_DIR = path.resolve(__dirname, '..', 'docs', 'rules');
export function ruleDocUri(rule: string): string {
  return pathToFileURL(path.join(DOCS_DIR, `${rule}.md`)).toString();
}

// ---------------------------------------------------------------------------------------------
// Guards: no handler, timer or bad message ends the process. The server logs nothing itself (no
// letter text can leak that way); a failure costs the one event, and the next edit tries again.

/** Runs a notification handler or timer callback (named by `_what`); a throw or a rejected promise ends that call only. */
function guarded<A extends unknown[]>(_what: string, fn: (...args: A) => unknown): (...args: A) => void {
  return (...args: A) => {
    try {
      const result = fn(...args);
      if (result instanceof Promise) result.catch(() => undefined);
    } catch {
      // see above
    }
  };
}

function invalidParams(message: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidParams, message);
}

/** The open document a request names; malformed params are answered with InvalidParams. */
function requestDocument(params: unknown): TextDocument | undefined {
  const uri = (params as { textDocument?: { uri?: unknown } } | undefined)?.textDocument?.uri;
  if (typeof uri !== 'string') throw invalidParams('textDocument.uri must be a string');
  return documents.get(uri);
}

function requestPosition(position: unknown): Position {
  if (!isPosition(position)) throw invalidParams('position must be { line, character } with non-negative integers');
  return position;
}

/** The file path of a `file:` URI, or undefined for other schemes and for URIs that name no local path (a host, an encoded "/"). */
export function filePathOf(uri: string): string | undefined {
  if (typeof uri !== 'string' || !uri.startsWith('file:')) return undefined;
  try {
    return fileURLToPath(uri);
  } catch {
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Workspace folders and settings

interface Settings {
  rules: Record<string, SeveritySetting>;
  /** Extra catalog files (absolute, or relative to the letter's workspace folder). */
  catalogs: string[];
  /** Letters larger than this (UTF-8 bytes) get their outline only. */
  maxFileSizeBytes: number;
}
const DEFAULT_MAX_FILE_SIZE_MB = 5;
const DEFAULT_SETTINGS: Settings = { rules: {}, catalogs: [], maxFileSizeBytes: DEFAULT_MAX_FILE_SIZE_MB * 1024 * 1024 };

function sanitizeSettings(value: unknown): Settings {
  const imr = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  const mb = typeof imr.maxFileSizeMB === 'number' && Number.isFinite(imr.maxFileSizeMB) && imr.maxFileSizeMB > 0 ? imr.maxFileSizeMB : DEFAULT_MAX_FILE_SIZE_MB;
  return { rules: sanitizeRuleSettings(imr.rules), catalogs: sanitizePaths(imr.catalogs), maxFileSizeBytes: Math.round(mb * 1024 * 1024) };
}

const SETTINGS_TIMEOUT_MS = 5000;
let hasConfigurationCapability = false;
let supportsWorkspaceFolders = false;
let canWatchFiles = false;
/** Settings pushed by didChangeConfiguration, for clients that cannot answer workspace/configuration. */
let pushedSettings: Settings = DEFAULT_SETTINGS;
/** Settings per resource (scopeUri), asked once and kept until the client says they changed. */
const settingsCache = new Map<string, Promise<Settings>>();
let workspaceRoots: string[] = [];

function setRoots(uris: readonly unknown[]): void {
  workspaceRoots = uris.map((u) => (typeof u === 'string' ? filePathOf(u) : undefined)).filter((p): p is string => !!p);
}

/** The workspace folder holding a file (the innermost), or undefined when it lies outside every folder. */
function rootOf(file: string): string | undefined {
  let best: string | undefined;
  for (const r of workspaceRoots) if (isInsideFolder(file, r) && (!best || r.length > best.length)) best = r;
  if (best) return best;
  // A root reached through a symlink: compare real paths.
  const real = realPath(file);
  if (!real) return undefined;
  for (const r of workspaceRoots) if (isInsideFolder(real, realPath(r) ?? r)) return r;
  return undefined;
}

function settingsFor(uri: string): Promise<Settings> {
  if (!hasConfigurationCapability) return Promise.resolve(pushedSettings);
  let hit = settingsCache.get(uri);
  if (!hit) {
    // A client that never answers must not hold validation back: after a while the defaults apply (not cached).
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(resolve, SETTINGS_TIMEOUT_MS, undefined)));
    const asked = connection.workspace.getConfiguration({ scopeUri: uri, section: 'imr' }).then(sanitizeSettings, () => DEFAULT_SETTINGS);
    hit = Promise.race([asked, timeout]).then((settings) => {
      clearTimeout(timer);
      if (settings) return settings;
      if (settingsCache.get(uri) === hit) settingsCache.delete(uri);
      return DEFAULT_SETTINGS;
    });
    settingsCache.set(uri, hit);
  }
  return hit;
}

connection.onInitialize((params: InitializeParams): InitializeResult => {
  const caps = params?.capabilities ?? {};
  hasConfigurationCapability = !!caps.workspace?.configuration;
  supportsWorkspaceFolders = !!caps.workspace?.workspaceFolders;
  canWatchFiles = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
  const folders = Array.isArray(params?.workspaceFolders) ? params.workspaceFolders : undefined;
  setRoots(folders ? folders.map((f) => f?.uri) : params?.rootUri ? [params.rootUri] : []);
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

connection.onInitialized(
  guarded('initialized', () => {
    if (hasConfigurationCapability) void connection.client.register(DidChangeConfigurationNotification.type, undefined).catch(() => undefined);
    // Catalog files can be any .json: watch them so an edited catalog applies without a restart.
    if (canWatchFiles) void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.json' }] }).catch(() => undefined);
    // Only a client that announced workspace folders sends their changes (asking otherwise throws).
    if (supportsWorkspaceFolders) {
      connection.workspace.onDidChangeWorkspaceFolders(
        guarded('workspace folder change', (e) => {
          const removed = new Set(e.removed.map((f) => filePathOf(f.uri)));
          workspaceRoots = workspaceRoots.filter((r) => !removed.has(r)).concat(e.added.map((f) => filePathOf(f.uri)).filter((p): p is string => !!p));
          invalidateConfiguration();
        }),
      );
    }
    revalidateAll();
  }),
);

connection.onDidChangeConfiguration(
  guarded('configuration change', (change) => {
    if (!hasConfigurationCapability) pushedSettings = sanitizeSettings((change?.settings as { imr?: unknown } | null | undefined)?.imr);
    settingsCache.clear();
    invalidateConfiguration();
  }),
);

// ---------------------------------------------------------------------------------------------
// What applies to one letter, resolved once per change: the nearest .imrlintrc.json (never above
// the letter's workspace folder), catalogs inside the workspace, then the editor settings on top.

interface LetterOptions {
  rules: Record<string, SeveritySetting>;
  ignores: IgnoreEntry[];
  catalog: Catalog;
  configFile?: string;
  maxFileSizeBytes: number;
}

const configs = new ConfigResolver();
const optionsCache = new Map<string, Promise<LetterOptions>>();
/** Catalog files in use (a change to one of them invalidates the options). */
const catalogsInUse = new Set<string>();
const reportedMessages = new Set<string>();
const configProblems = new Map<string, string>();

/** Forgets every resolved config, catalog and option, and validates the open letters again. */
function invalidateConfiguration(): void {
  configs.invalidate();
  optionsCache.clear();
  catalogsInUse.clear();
  revalidateAll();
}

function optionsFor(uri: string): Promise<LetterOptions> {
  let hit = optionsCache.get(uri);
  if (!hit) {
    hit = resolveOptions(uri);
    optionsCache.set(uri, hit);
    hit.catch(() => optionsCache.delete(uri));
  }
  return hit;
}

async function resolveOptions(uri: string): Promise<LetterOptions> {
  const settings = await settingsFor(uri);
  const file = filePathOf(uri) ?? (uri.startsWith("imr-pdf:") && uri.endsWith("?file") ? pdfFileOfView(uri) : undefined);
  const root = file ? rootOf(file) : undefined;
  // A letter outside every workspace folder looks for a config in its own folder only.
  const config = file ? configs.forLetter(file, { root: root ?? path.dirname(file) }) : undefined;
  if (config?.file) publishConfigProblems(config.file, config.errors);
  const base = root ?? workspaceRoots[0];
  const settingsCatalogs = base ? settings.catalogs.map((f) => path.resolve(base, f)) : settings.catalogs.filter((f) => path.isAbsolute(f));
  const catalogFiles = [...(config?.catalogs ?? []), ...settingsCatalogs];
  for (const f of catalogFiles) catalogsInUse.add(path.resolve(f));
  // Catalogs are read only inside the workspace folders (and the folder of the letter's own config).
  // With no folder open there are no workspace settings to distrust: the user's own settings name any file.
  const within = workspaceRoots.length > 0 ? [...workspaceRoots, ...(config?.file ? [path.dirname(config.file)] : [])] : undefined;
  const loaded = loadCatalogs(catalogFiles, { within });
  for (const e of loaded.errors) {
    if (reportedMessages.has(e)) continue;
    reportedMessages.add(e);
    void connection.window.showWarningMessage(`IMR Letters: a guideline catalog file was skipped. ${e}`);
  }
  return {
    rules: { ...(config?.rules ?? {}), ...settings.rules },
    ignores: config?.ignores ?? [],
    catalog: loaded.catalog,
    configFile: config?.file,
    maxFileSizeBytes: settings.maxFileSizeBytes,
  };
}

function publishConfigProblems(file: string, errors: string[]): void {
  const key = errors.join('\n');
  if ((configProblems.get(file) ?? '') === key) return;
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

// ---------------------------------------------------------------------------------------------
// One parse and one lint per document version, shared by every feature.

const parsed = new Map<string, { version: number; letter: Letter }>();
function letterOf(doc: TextDocument): Letter {
  const hit = parsed.get(doc.uri);
  if (hit && hit.version === doc.version) return hit.letter;
  const letter = parseLetter(doc.getText());
  parsed.set(doc.uri, { version: doc.version, letter });
  return letter;
}

function isOversized(doc: TextDocument, options: LetterOptions): boolean {
  // Cheap bounds first: a UTF-16 unit is 1 to 3 UTF-8 bytes.
  const text = doc.getText();
  if (text.length * 3 <= options.maxFileSizeBytes) return false;
  if (text.length > options.maxFileSizeBytes) return true;
  return Buffer.byteLength(text, 'utf8') > options.maxFileSizeBytes;
}

/** How much of a letter over the size limit is parsed for its outline (a whole 50 MB file would take a minute and gigabytes). */
const OUTLINE_PREFIX_CHARS = 1024 * 1024;
const prefixParsed = new Map<string, { version: number; letter: Letter }>();

/** The letter the outline and folding show: the whole letter, or the first lines of one over the size limit. */
async function outlineLetter(doc: TextDocument): Promise<Letter> {
  const options = await optionsFor(doc.uri);
  const current = documents.get(doc.uri) ?? doc;
  if (!isOversized(current, options)) return letterOf(current);
  const hit = prefixParsed.get(current.uri);
  if (hit && hit.version === current.version) return hit.letter;
  const text = current.getText();
  const cut = text.lastIndexOf('\n', OUTLINE_PREFIX_CHARS);
  const letter = parseLetter(text.slice(0, cut > 0 ? cut + 1 : OUTLINE_PREFIX_CHARS));
  prefixParsed.set(current.uri, { version: current.version, letter });
  return letter;
}

interface LintResult {
  version: number;
  options: LetterOptions;
  findings: LintDiagnostic[];
  diagnostics: Diagnostic[];
  fixAll?: TextEdit[];
}
const linted = new Map<string, LintResult>();

/** The findings for this version of the document with these options: linted once, then reused by code actions. */
function lintOf(doc: TextDocument, options: LetterOptions): LintResult {
  const hit = linted.get(doc.uri);
  if (hit && hit.version === doc.version && hit.options === options) return hit;
  const findings = lintLetter(letterOf(doc), options);
  const result: LintResult = { version: doc.version, options, findings, diagnostics: findings.map(toLspDiagnostic) };
  linted.set(doc.uri, result);
  return result;
}

// ---------------------------------------------------------------------------------------------
// Validation: debounced, and published only for the version that was linted.

const VALIDATION_DELAY_MS = 200;
const timers = new Map<string, NodeJS.Timeout>();

function scheduleValidation(doc: TextDocument, delay = VALIDATION_DELAY_MS): void {
  const { uri, version } = doc;
  clearTimeout(timers.get(uri));
  timers.set(
    uri,
    setTimeout(
      guarded('validation', () => {
        timers.delete(uri);
        return validate(uri, version);
      }),
      delay,
    ),
  );
}

function revalidateAll(): void {
  for (const doc of documents.all()) scheduleValidation(doc, 0);
}

async function validate(uri: string, version: number): Promise<void> {
  if (!isCurrent(uri, version)) return; // a newer edit will validate
  const t0 = performance.now();
  const options = await optionsFor(uri);
  const doc = documents.get(uri);
  if (!doc || doc.version !== version) return;
  if (isOversized(doc, options)) {
    const mb = Math.round((options.maxFileSizeBytes / 1048576) * 10) / 10;
    void connection.sendDiagnostics({
      uri,
      version,
      diagnostics: [
        {
          range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
          severity: DiagnosticSeverity.Information,
          source: 'imr',
          code: 'file-too-large',
          message: `This file is over ${mb} MB, so it is not checked: only the outline of its first megabyte is shown. A letter is 5 to 30 KB; raise the setting imr.maxFileSizeMB to check larger files.`,
        },
      ],
    });
    return;
  }
  const letter = letterOf(doc);
  const { diagnostics } = lintOf(doc, options);
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

function isCurrent(uri: string, version: number): boolean {
  return documents.get(uri)?.version === version;
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

documents.onDidChangeContent(guarded('didChange', (e) => scheduleValidation(e.document)));
documents.onDidOpen(guarded('didOpen', (e) => scheduleValidation(e.document, 0)));
documents.onDidClose(
  guarded('didClose', (e) => {
    const uri = e.document.uri;
    clearTimeout(timers.get(uri));
    timers.delete(uri);
    parsed.delete(uri);
    prefixParsed.delete(uri);
    linted.delete(uri);
    optionsCache.delete(uri);
    settingsCache.delete(uri);
    // A closed letter keeps the findings of the last workspace lint, if it had any; else clear.
    void connection.sendDiagnostics({ uri, diagnostics: workspaceFindings.get(uri) ?? [] });
  }),
);

// ---------------------------------------------------------------------------------------------
// Navigation (also for a letter over the size limit: the outline is what helps there)

connection.onDocumentSymbol(async (params) => {
  const doc = requestDocument(params);
  return doc ? (outline(await outlineLetter(doc)) as DocumentSymbol[]) : [];
});

connection.onFoldingRanges(async (params): Promise<FoldingRange[]> => {
  const doc = requestDocument(params);
  return doc ? foldingRanges(await outlineLetter(doc)) : [];
});

/** The document and its options for a feature that a letter over the size limit does not get. */
async function checkedDocument(params: unknown): Promise<{ doc: TextDocument; letter: Letter; options: LetterOptions } | undefined> {
  const doc = requestDocument(params);
  if (!doc) return undefined;
  const options = await optionsFor(doc.uri);
  const current = documents.get(doc.uri);
  if (!current || isOversized(current, options)) return undefined;
  return { doc: current, letter: letterOf(current), options };
}

connection.languages.semanticTokens.on(async (params) => {
  const c = await checkedDocument(params);
  return { data: c ? encodeSemanticTokens(semanticTokens(c.letter, c.options.catalog)) : [] };
});

// ---------------------------------------------------------------------------------------------
// Hover and completion

connection.onHover(async (params) => {
  const position = requestPosition(params?.position);
  const c = await checkedDocument(params);
  if (!c) return null;
  const hover = hoverAt(c.letter, c.letter.lines.offsetAt(position), c.options.catalog);
  return hover ? { contents: { kind: MarkupKind.Markdown, value: hover.markdown }, range: c.letter.lines.rangeOf(hover.span) } : null;
});

connection.onSelectionRanges(async (params) => {
  if (!Array.isArray(params?.positions)) throw invalidParams('positions must be an array');
  const positions = params.positions.map(requestPosition);
  const c = await checkedDocument(params);
  if (!c) return [];
  return positions.map((p) => selectionRange(c.letter, c.letter.lines.offsetAt(p), c.options.catalog));
});

const COMPLETION_KIND: Record<CompletionEntry['kind'], CompletionItemKind> = {
  guideline: CompletionItemKind.Reference,
  section: CompletionItemKind.EnumMember,
  chapter: CompletionItemKind.Module,
  source: CompletionItemKind.Reference,
  decision: CompletionItemKind.Keyword,
  skeleton: CompletionItemKind.Snippet,
};

connection.onCompletion(async (params): Promise<CompletionItem[]> => {
  const position = requestPosition(params?.position);
  const c = await checkedDocument(params);
  if (!c) return [];
  return completions(c.letter, c.letter.lines.offsetAt(position), c.options.catalog).map((e) => ({
    label: e.label,
    kind: COMPLETION_KIND[e.kind],
    detail: e.detail,
    documentation: e.documentation ? { kind: MarkupKind.Markdown, value: e.documentation } : undefined,
    // The edit replaces what was typed of the entry, so accepting never repeats it.
    textEdit: { range: c.letter.lines.rangeOf(e.replace), newText: e.insertText ?? e.label },
    filterText: e.filterText,
    insertTextFormat: e.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    sortText: e.sortText,
  }));
});

connection.onWorkspaceSymbol((params): SymbolInformation[] => {
  const query = typeof params?.query === 'string' ? params.query : '';
  const out: SymbolInformation[] = [];
  for (const { uri, letter } of workspaceLetters()) {
    for (const s of letterSymbols(letter, path.basename(uri))) {
      if (!matchesQuery(s.name, query)) continue;
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
    const huge = doc.getText().length > DEFAULT_SETTINGS.maxFileSizeBytes; // never parsed whole (see outlineLetter)
    if (!huge && (doc.languageId === 'imr' || /\.imr$/i.test(doc.uri))) yield { uri: doc.uri, letter: letterOf(doc) };
  }
  for (const root of workspaceRoots) {
    for (const file of findLetterFiles(root)) {
      const uri = pathToFileURL(file).toString();
      if (seen.has(uri)) continue;
      seen.add(uri);
      const read = readLetterFile(file);
      if (read.ok && Buffer.byteLength(read.text) <= DEFAULT_SETTINGS.maxFileSizeBytes) yield { uri, letter: parseLetter(read.text) };
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Workspace lint (command): fills the Problems view for letters that are not open.

const workspaceFindings = new Map<string, Diagnostic[]>();

connection.onExecuteCommand(async (params, token) => {
  if (params?.command !== 'imr.lintWorkspace') return undefined;
  let files = 0;
  let problems = 0;
  for (const { uri, letter } of workspaceLetters()) {
    // Between letters: let a cancellation (the client's progress notification) arrive.
    if (files % 10 === 9) await new Promise((resolve) => setImmediate(resolve));
    if (token.isCancellationRequested) return { files, problems, cancelled: true };
    const options = await optionsFor(uri);
    const open = documents.get(uri);
    const diagnostics = open ? lintOf(open, options).diagnostics : lintLetter(letter, options).map(toLspDiagnostic);
    if (!open) workspaceFindings.set(uri, diagnostics);
    void connection.sendDiagnostics({ uri, diagnostics });
    files++;
    problems += diagnostics.length;
  }
  void lintWorkspacePdfs().catch(() => undefined);
  return { files, problems };
});

// A config or catalog that changes on disk applies at once; a letter linted by the workspace lint
// that changes on disk while closed is linted again; a deleted one loses its findings.
connection.onDidChangeWatchedFiles(
  guarded('watched file change', async (params) => {
    const changes = (Array.isArray(params?.changes) ? params.changes : []).filter((c) => c && typeof c.uri === 'string');
    const touchesConfig = changes.some((c) => {
      if (c.uri.endsWith('/' + CONFIG_FILE_NAME)) return true;
      const file = filePathOf(c.uri);
      return !!file && catalogsInUse.has(path.resolve(file));
    });
    if (touchesConfig) invalidateConfiguration();
    for (const change of changes) {
      if (!workspaceFindings.has(change.uri) || documents.get(change.uri)) continue;
      const file = filePathOf(change.uri);
      const read = change.type === FileChangeType.Deleted || !file ? undefined : readLetterFile(file);
      const diagnostics = read?.ok ? lintLetter(parseLetter(read.text), await optionsFor(change.uri)).map(toLspDiagnostic) : [];
      if (read?.ok) workspaceFindings.set(change.uri, diagnostics);
      else workspaceFindings.delete(change.uri);
      void connection.sendDiagnostics({ uri: change.uri, diagnostics });
    }
  }),
);

// ---------------------------------------------------------------------------------------------
// Code actions: the fixes the core computed (carried in Diagnostic.data), plus fix-all, both from
// the lint of this version of the document (no fresh lint per request).

interface FixData {
  title: string;
  preferred: boolean;
  edits: TextEdit[];
}

connection.onCodeAction(async (params) => {
  const c = await checkedDocument(params);
  if (!c) return [];
  const { doc, letter, options } = c;
  const uri = doc.uri;
  const actions: CodeAction[] = [];
  const only = Array.isArray(params.context?.only) ? params.context.only.filter((k): k is string => typeof k === 'string') : undefined;
  const wantsFixAll = !only || only.some((k) => CodeActionKind.SourceFixAll.startsWith(k) || k.startsWith(CodeActionKind.SourceFixAll));
  const wantsQuickFix = !only || only.some((k) => CodeActionKind.QuickFix.startsWith(k));
  const readOnly = uri.startsWith('imr-pdf:'); // a PDF letter's text view: fixes cannot be applied to it
  if (wantsQuickFix) {
    const seenRules = new Set<string>();
    const diagnostics = Array.isArray(params.context?.diagnostics) ? params.context.diagnostics : [];
    for (const diagnostic of diagnostics) {
      if (diagnostic?.source !== 'imr' || typeof diagnostic.code !== 'string' || !isPosition(diagnostic.range?.start)) continue;
      const rule = diagnostic.code;
      const fixes = (diagnostic.data as { fixes?: unknown } | undefined)?.fixes;
      for (const fix of readOnly || !Array.isArray(fixes) ? [] : (fixes as FixData[])) {
        if (typeof fix?.title !== 'string' || !Array.isArray(fix.edits)) continue;
        actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: !!fix.preferred, edit: { changes: { [uri]: fix.edits } } });
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
    const lint = lintOf(doc, options);
    if (!lint.fixAll) {
      const preferred = lint.findings.flatMap((d) => d.fixes.filter((f) => f.preferred));
      // The same choice of fixes as `imr-lint --fix` (whole fixes, no overlaps), as edits.
      const { applied } = applyFixes(letter.text, preferred);
      lint.fixAll = (applied as LintFix[]).flatMap((f) => f.edits.map((e) => ({ range: e.range, newText: e.newText })));
    }
    if (lint.fixAll.length > 0) {
      actions.push({ title: 'Fix all auto-fixable IMR problems', kind: CodeActionKind.SourceFixAll + '.imr', edit: { changes: { [uri]: lint.fixAll } } });
    }
  }
  return actions;
});

/**
 * A workspace edit that writes a change into the letter's .imrlintrc.json: the nearest one inside
 * the letter's workspace folder, else a new one at the root of that folder. Never a file above
 * the folder, and nothing for a letter outside every workspace folder.
 */
function configEdit(uri: string, change: ConfigChange): WorkspaceEdit | undefined {
  const letterPath = filePathOf(uri);
  const root = letterPath ? rootOf(letterPath) : undefined;
  if (!letterPath || !root) return undefined;
  const existing = configs.findConfigFile(path.dirname(letterPath), root);
  const configPath = existing ?? path.join(root, CONFIG_FILE_NAME);
  let raw: unknown = {};
  let oldText: string | undefined;
  if (existing) {
    const loaded = configs.read(existing, [root]);
    if (loaded.raw === undefined || loaded.text === undefined) return undefined; // a broken config is reported on the file; don't rewrite it blindly
    raw = loaded.raw;
    oldText = loaded.text;
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
      const diagnostics = lintLetter(parseLetter(read.text), await optionsFor(uri)).map(toLspDiagnostic);
      workspaceFindings.set(uri, diagnostics);
      void connection.sendDiagnostics({ uri, diagnostics });
    }
  }
}

documents.listen(connection);
connection.listen();
