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
  type Connection,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseLetter } from './core/parser';
import type { Letter } from './core/model';
import { lintLetter, type LintDiagnostic } from './core/lint';
import { foldingRanges, letterSymbols, matchesQuery, outline } from './core/features/outline';
import { encodeSemanticTokens, semanticTokens, TOKEN_MODIFIERS, TOKEN_TYPES } from './core/features/semanticTokens';
import type { Catalog } from './core/catalog';
import { loadCatalogs } from './node/catalogFiles';
import { hoverAt } from './core/features/hover';
import { completions, type CompletionEntry } from './core/features/completion';
import type { Severity, SeveritySetting } from './core/rules/types';
import { findLetterFiles, readLetterFile } from './node/letterFiles';

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

const SEVERITIES = new Set(['off', 'hint', 'info', 'warning', 'error']);
function sanitizeRuleSettings(value: unknown): Record<string, SeveritySetting> {
  const out: Record<string, SeveritySetting> = {};
  if (value && typeof value === 'object') {
    for (const [id, sev] of Object.entries(value)) if (typeof sev === 'string' && SEVERITIES.has(sev)) out[id] = sev as SeveritySetting;
  }
  return out;
}

function sanitizePaths(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string' && v.trim().length > 0) : [];
}

/** The catalog: built-in, extended by the user's catalog files. A bad file is reported once and skipped. */
let reportedCatalogErrors = '';
function catalog(): Catalog {
  const base = workspaceRoots[0] ?? process.cwd();
  const loaded = loadCatalogs(settings.catalogs.map((f) => path.resolve(base, f)));
  const errors = loaded.errors.join('\n');
  if (errors && errors !== reportedCatalogErrors) {
    void connection.window.showWarningMessage(`IMR Letters: a catalog file in "imr.catalogs" was skipped. ${loaded.errors.join(' ')}`);
  }
  reportedCatalogErrors = errors;
  return loaded.catalog;
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
  const diagnostics = lintAndConvert(letter);
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

const lintAndConvert = (letter: Letter): Diagnostic[] => lintLetter(letter, { rules: settings.rules, catalog: catalog() }).map(toLspDiagnostic);

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
  return { data: doc ? encodeSemanticTokens(semanticTokens(letterOf(doc), catalog())) : [] };
});

// ---------------------------------------------------------------------------------------------
// Hover and completion

connection.onHover((params) => {
  const doc = documents.get(params.textDocument.uri);
  if (!doc) return null;
  const letter = letterOf(doc);
  const hover = hoverAt(letter, letter.lines.offsetAt(params.position), catalog());
  return hover ? { contents: { kind: MarkupKind.Markdown, value: hover.markdown }, range: letter.lines.rangeOf(hover.span) } : null;
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
  return completions(letter, letter.lines.offsetAt(params.position), catalog()).map((e) => ({
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
    const diagnostics = open ? lintAndConvert(letterOf(open)) : lintAndConvert(letter);
    if (!open) workspaceFindings.set(uri, diagnostics);
    void connection.sendDiagnostics({ uri, diagnostics });
    files++;
    problems += diagnostics.length;
  }
  return { files, problems };
});

// A letter linted by the workspace lint that changes on disk while closed is linted again;
// a deleted one loses its findings.
connection.onDidChangeWatchedFiles((params) => {
  for (const change of params.changes) {
    if (!workspaceFindings.has(change.uri) || documents.get(change.uri)) continue;
    const read = change.type === FileChangeType.Deleted ? undefined : readLetterFile(fileURLToPath(change.uri));
    const diagnostics = read?.ok ? lintAndConvert(parseLetter(read.text)) : [];
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
  if (wantsQuickFix) {
    for (const diagnostic of params.context.diagnostics) {
      if (diagnostic.source !== 'imr') continue;
      const fixes = ((diagnostic.data as { fixes?: FixData[] } | undefined)?.fixes ?? []) as FixData[];
      for (const fix of fixes) {
        actions.push({
          title: fix.title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: fix.preferred,
          edit: { changes: { [uri]: fix.edits } },
        });
      }
    }
  }
  if (wantsFixAll) {
    const letter = letterOf(doc);
    {
      const edits: TextEdit[] = [];
      const taken: { start: number; end: number }[] = [];
      for (const d of lintLetter(letter, { rules: settings.rules, catalog: catalog() })) {
        const fix = d.fixes.find((f) => f.preferred);
        if (!fix) continue;
        if (fix.edits.some((e) => taken.some((t) => e.span.start < t.end && t.start < e.span.end))) continue;
        for (const e of fix.edits) {
          taken.push(e.span);
          edits.push({ range: e.range, newText: e.newText });
        }
      }
      if (edits.length > 0) {
        actions.push({ title: 'Fix all auto-fixable IMR problems', kind: CodeActionKind.SourceFixAll + '.imr', edit: { changes: { [uri]: edits } } });
      }
    }
  }
  return actions;
});

documents.listen(connection);
connection.listen();

