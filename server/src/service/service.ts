/**
 * The IMR language service: every feature of the editor over one workspace, in the shape of VS
 * Code's own Markdown language service. It owns every cache (a parse per document version, the
 * options resolved per URI, the settings per URI, the letters of the workspace) and forgets what
 * a workspace change event makes stale; the letter core (../core) computes, the workspace
 * (./workspace) reads. No node module and no connection: the node server, the web worker and
 * the tests drive the same service.
 */
import {
  CodeActionKind,
  CompletionItemKind,
  DiagnosticSeverity,
  InsertTextFormat,
  MarkupKind,
  type CodeAction,
  type CodeActionContext,
  type CompletionItem,
  type Diagnostic,
  type DocumentSymbol,
  type FoldingRange,
  type Hover,
  type Position,
  type Range,
  type SelectionRange,
  type SymbolInformation,
  type TextEdit,
  type WorkspaceEdit,
} from 'vscode-languageserver-protocol';
import { parseLetter } from '../core/parser';
import type { Letter } from '../core/model';
import { lintLetter, type LintDiagnostic, type LintFix } from '../core/lint';
import { foldingRanges, letterSymbols, matchesQuery, outline, type WorkspaceSymbolSpec } from '../core/features/outline';
import { encodeSemanticTokens, semanticTokens } from '../core/features/semanticTokens';
import type { Catalog } from '../core/catalog';
import { withFileChange, isConfigChange, ignoreEntryFor, sanitizePaths, sanitizeRuleSettings, CONFIG_FILE_NAME, type ConfigChange, type IgnoreEntry } from '../core/config';
import { applyFixes } from '../core/features/fixes';
import { hoverAt } from '../core/features/hover';
import { selectionRange } from '../core/features/selection';
import { completions, type CompletionEntry } from '../core/features/completion';
import type { Severity, SeveritySetting } from '../core/rules/types';
import { looksLikeLetter } from '../core/format';
import { ruleDocUrl } from '../core/rules/docs';
import type { LetterStatus } from '../protocol';
import { ConfigStore } from './configStore';
import { Emitter, type Disposable, type FileChange, type ImrWorkspace, type LetterDocument } from './workspace';
import { basenameUri, childUri, dirnameUri, displayUri, isAbsolutePath, isInsideUri, relativeUri, resolveUri, resourceOf, schemeOf, uriKey } from './uri';

// ---------------------------------------------------------------------------------------------
// Settings: the `imr` section per resource (scopeUri), sanitized like the config file.

export interface Settings {
  rules: Record<string, SeveritySetting>;
  /** Extra catalog files (absolute, or relative to the letter's workspace folder). */
  catalogs: string[];
  /** Letters larger than this (UTF-8 bytes) get their outline only. */
  maxFileSizeBytes: number;
}
const DEFAULT_MAX_FILE_SIZE_MB = 5;
const MIN_MAX_FILE_SIZE_MB = 0.01;
export const DEFAULT_SETTINGS: Settings = { rules: {}, catalogs: [], maxFileSizeBytes: DEFAULT_MAX_FILE_SIZE_MB * 1024 * 1024 };

/** The editor settings as the service uses them: what is not valid is dropped (the sanitizers of the config file, shared with imr-lint). */
export function sanitizeSettings(value: unknown): Settings {
  const imr = (value && typeof value === 'object' ? value : {}) as Record<string, unknown>;
  // The setting's schema minimum (0.01 MB) holds here too: 1e-300 made every letter "not checked".
  const mb = typeof imr.maxFileSizeMB === 'number' && Number.isFinite(imr.maxFileSizeMB) && imr.maxFileSizeMB > 0 ? Math.max(imr.maxFileSizeMB, MIN_MAX_FILE_SIZE_MB) : DEFAULT_MAX_FILE_SIZE_MB;
  return { rules: sanitizeRuleSettings(imr.rules), catalogs: sanitizePaths(imr.catalogs), maxFileSizeBytes: Math.round(mb * 1024 * 1024) };
}

/** Reads the `imr` settings for a resource; undefined (or a rejection) means the defaults, not cached. */
export type SettingsSource = (scopeUri: string) => Promise<unknown | undefined>;

// ---------------------------------------------------------------------------------------------

export interface ImrServiceOptions {
  workspace: ImrWorkspace;
  settings: SettingsSource;
  /** The root URI rule documentation links point below (docs/rules/<id>.md). */
  docsBase: string;
  /** How many workspace files' symbols are kept between queries (default DISK_SYMBOLS_KEPT). */
  diskSymbolsKept?: number;
  /** A guideline catalog file was skipped (each message once). */
  onCatalogProblem?(message: string): void;
  /** The problems of a config file changed (diagnostics for the config's URI). */
  onConfigProblems?(uri: string, diagnostics: Diagnostic[]): void;
}

export interface LetterOptions {
  rules: Record<string, SeveritySetting>;
  ignores: IgnoreEntry[];
  catalog: Catalog;
  configUri?: string;
  maxFileSizeBytes: number;
}

export interface Validation {
  uri: string;
  version: number;
  diagnostics: Diagnostic[];
  /** For the status item (undefined for a letter over the size limit). */
  status?: LetterStatus;
}

export interface WorkspaceLetter {
  uri: string;
  /** The letter's text: an open document's as edited, else the file's. */
  text: string;
  /** The open document it comes from, if it is open. */
  document?: LetterDocument;
}

export interface ImrService extends Disposable {
  /** The findings of this version of a document (linted once per version and options). */
  validate(doc: LetterDocument): Promise<Validation | undefined>;
  documentSymbols(doc: LetterDocument): Promise<DocumentSymbol[]>;
  foldingRanges(doc: LetterDocument): Promise<FoldingRange[]>;
  semanticTokens(doc: LetterDocument): Promise<{ data: number[] }>;
  hover(doc: LetterDocument, position: Position): Promise<Hover | null>;
  selectionRanges(doc: LetterDocument, positions: Position[]): Promise<SelectionRange[]>;
  completions(doc: LetterDocument, position: Position): Promise<CompletionItem[]>;
  /** With resolvesEdits, the config quick fixes come without their edit (see resolveCodeAction). */
  codeActions(doc: LetterDocument, context: Partial<CodeActionContext> | undefined, resolvesEdits?: boolean): Promise<CodeAction[]>;
  /** Fills in the edit of a config quick fix given without one; any other action comes back as it was. */
  resolveCodeAction(action: CodeAction): Promise<CodeAction>;
  /** Stops between letters when the token is cancelled (a new query while typing). */
  workspaceSymbols(query: string, token?: { readonly isCancellationRequested: boolean }): Promise<SymbolInformation[]>;
  /** The letters of the workspace: open documents as edited, the rest as read now (nothing is kept). */
  workspaceLetters(): AsyncGenerator<WorkspaceLetter>;
  /** Every .pdf file of the workspace folders (for a front that reads PDFs). */
  workspacePdfs(): Promise<string[]>;
  /** Lints a letter that is not open (a file on disk, a PDF's text) with the options of its URI. */
  lintText(uri: string, text: string): Promise<Diagnostic[]>;
  /** A letter file's text as the workspace reads it (undefined: not a readable letter). */
  readLetter(uri: string): Promise<string | undefined>;
  /** The options that apply to a document (resolved once per URI until a change). */
  optionsFor(uri: string): Promise<LetterOptions>;
  /** The settings changed: ask again, resolve every letter's options again. */
  settingsChanged(): void;
  /** The workspace folders changed. */
  foldersChanged(): void;
  /** A document was closed: forget what was kept for it. */
  closed(uri: string): void;
  /** Files changed (the workspace reports it; callable directly too); says whether a config or catalog was among them. */
  filesChanged(changes: readonly FileChange[]): { configChanged: boolean };
  /** The options of every letter may have changed (settings, folders, a config or catalog): validate the open letters again. */
  readonly onDidChangeOptions: (listener: () => void) => Disposable;
}

/** Letters larger than this are not read from the workspace (a letter is 5–30 KB). */
export const MAX_LETTER_BYTES = 16 * 1024 * 1024;
const SKIP_DIRS = new Set(['node_modules', '.git', '.hg', '.svn', 'dist', 'out', '.vscode-test']);
/** How much of a letter over the size limit is parsed for its outline (a whole 50 MB file would take a minute and gigabytes). */
const OUTLINE_PREFIX_CHARS = 1024 * 1024;
const MAX_WORKSPACE_FILES = 100_000;
/** Workspace letters whose symbols are kept between queries: about 1 KB each. */
export const DISK_SYMBOLS_KEPT = 50_000;
/** Config quick fixes with their edit in one code action answer (the cursor's few findings need far fewer). */
const MAX_EAGER_CONFIG_EDITS = 40;

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  info: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

const COMPLETION_KIND: Record<CompletionEntry['kind'], CompletionItemKind> = {
  guideline: CompletionItemKind.Reference,
  section: CompletionItemKind.EnumMember,
  chapter: CompletionItemKind.Module,
  source: CompletionItemKind.Reference,
  decision: CompletionItemKind.Keyword,
  skeleton: CompletionItemKind.Snippet,
  field: CompletionItemKind.Field,
};

const sameRange = (a: Range, b: Range) =>
  a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;

/** UTF-8 length of a string without allocating. */
export function utf8Length(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < text.length && (text.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 4;
      i++;
    } else n += 3;
  }
  return n;
}

function isOversizedText(text: string, maxBytes: number): boolean {
  // Cheap bounds first: a UTF-16 unit is 1 to 3 UTF-8 bytes.
  if (text.length * 3 <= maxBytes) return false;
  if (text.length > maxBytes) return true;
  return utf8Length(text) > maxBytes;
}

/** Whether a document is a letter the workspace features list (the language, or a .imr name). */
function isLetterDocument(doc: LetterDocument): boolean {
  return doc.languageId === 'imr' || /\.imr$/i.test(doc.uri);
}

interface VersionCache<T> {
  version: number;
  value: T;
  /** What it was made from: the document's text (a parse) or the parse (what is derived from it).
   *  A version number alone is not enough: a letter closed and reopened starts again at version 1. */
  from: string | Letter;
}

/** One edit that turns oldText into newText, over the part between their common start and end
 *  (a quick fix adding one line to a config touches that line, not the whole file). */
export function changedMiddle(oldText: string, newText: string): TextEdit {
  let start = 0;
  const most = Math.min(oldText.length, newText.length);
  while (start < most && oldText.charCodeAt(start) === newText.charCodeAt(start)) start++;
  let end = 0;
  while (end < most - start && oldText.charCodeAt(oldText.length - 1 - end) === newText.charCodeAt(newText.length - 1 - end)) end++;
  const positionAt = (offset: number): Position => {
    let line = 0;
    let lineStart = 0;
    for (let i = 0; i < offset; i++) {
      const c = oldText.charCodeAt(i);
      if (c === 10 || (c === 13 && oldText.charCodeAt(i + 1) !== 10)) {
        line++;
        lineStart = i + 1;
      }
    }
    return { line, character: offset - lineStart };
  };
  return { range: { start: positionAt(start), end: positionAt(oldText.length - end) }, newText: newText.slice(start, newText.length - end) };
}

export function createImrService(opts: ImrServiceOptions): ImrService {
  const { workspace } = opts;
  const store = new ConfigStore(workspace);
  const settingsCache = new Map<string, Promise<Settings>>();
  const optionsCache = new Map<string, Promise<LetterOptions>>();
  const parsed = new Map<string, VersionCache<Letter>>();
  const prefixParsed = new Map<string, VersionCache<Letter>>();
  const outlines = new Map<string, VersionCache<DocumentSymbol[]>>();
  const folds = new Map<string, VersionCache<FoldingRange[]>>();
  const tokens = new Map<string, VersionCache<{ catalog: Catalog; data: number[] }>>();
  interface LintResult {
    version: number;
    options: LetterOptions;
    /** The parse it was linted from (see VersionCache.from). */
    letter: Letter;
    findings: LintDiagnostic[];
    diagnostics: Diagnostic[];
    fixAll?: TextEdit[];
  }
  const linted = new Map<string, LintResult>();
  const reportedMessages = new Set<string>();
  const configProblems = new Map<string, string>();
  /** Files of the workspace folders (letters and PDFs), listed once until a file is created or deleted. */
  let listing: Promise<string[]> | undefined;
  /**
   * The symbols of letter files read from the workspace, kept until the file changes (null: not a
   * letter). Only the symbols: keeping every parsed model held 800 MB for 12,000 letters and a
   * 90,000-letter workspace killed the server. Bounded, the least recently used going first.
   */
  const diskSymbols = new Map<string, { stamp: string; symbols: WorkspaceSymbolSpec[] | null }>();
  const diskSymbolsKept = opts.diskSymbolsKept ?? DISK_SYMBOLS_KEPT;

  const optionsChanged = new Emitter<void>();
  const disposables: Disposable[] = [
    workspace.onDidChangeFiles((changes) => service.filesChanged(changes)),
    workspace.onDidChangeFolders(() => service.foldersChanged()),
  ];

  function settingsFor(uri: string): Promise<Settings> {
    let hit = settingsCache.get(uri);
    if (!hit) {
      const asked: Promise<Settings> = opts.settings(uri).then(
        (value) => {
          if (value === undefined) {
            // No answer (a client that never answers): the defaults, asked again next time.
            if (settingsCache.get(uri) === asked) settingsCache.delete(uri);
            return DEFAULT_SETTINGS;
          }
          return sanitizeSettings(value);
        },
        () => DEFAULT_SETTINGS,
      );
      hit = asked;
      settingsCache.set(uri, hit);
    }
    return hit;
  }

  /** The workspace folder holding a URI (the innermost), or undefined when it lies outside every folder. */
  async function rootOf(uri: string): Promise<string | undefined> {
    let best: string | undefined;
    for (const r of workspace.folders) if (isInsideUri(uri, r) && (!best || r.length > best.length)) best = r;
    if (best) return best;
    if (schemeOf(uri) === 'untitled') return undefined;
    // A root reached through a symlink: compare real paths.
    const real = await store.realOf(uri);
    if (!real || real === uri) return undefined;
    for (const r of workspace.folders) if (isInsideUri(real, (await store.realOf(r)) ?? r)) return r;
    return undefined;
  }

  /** Whether a URI can have a folder and a config (an untitled letter has neither). */
  function hasFolder(uri: string): boolean {
    const scheme = schemeOf(uri);
    return scheme !== '' && scheme !== 'untitled';
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
    const resource = resourceOf(uri);
    const root = hasFolder(resource) ? await rootOf(resource) : undefined;
    // A letter outside every workspace folder looks for a config in its own folder only.
    const config = hasFolder(resource) ? await store.forLetter(resource, root) : undefined;
    if (config?.uri) publishConfigProblems(config.uri, config.errors);
    const base = root ?? workspace.folders[0];
    const settingsCatalogs = base ? settings.catalogs.map((f) => resolveUri(base, f)) : settings.catalogs.filter(isAbsolutePath).map((f) => resolveUri('file:///', f));
    const catalogFiles = [...(config?.catalogs ?? []), ...settingsCatalogs];
    // Catalogs are read only inside the workspace folders (and the folder of the letter's own config).
    // With no folder open there are no workspace settings to distrust: the user's own settings name any file.
    const within = workspace.folders.length > 0 ? [...workspace.folders, ...(config?.uri ? [dirnameUri(config.uri)] : [])] : undefined;
    const loaded = await store.loadCatalogs(catalogFiles, within);
    // One message per resolution: a config naming 20,000 missing catalogs made 20,000 pop-ups.
    const fresh = loaded.errors.filter((e) => !reportedMessages.has(e));
    for (const e of fresh) reportedMessages.add(e);
    if (fresh.length > 0) {
      const more = fresh.length - 1;
      opts.onCatalogProblem?.(more === 0 ? asSentence(fresh[0]) : `${asSentence(fresh[0])} ${more} more catalog file${more === 1 ? ' was' : 's were'} skipped as well.`);
    }
    return {
      rules: { ...(config?.rules ?? {}), ...settings.rules },
      ignores: config?.ignores ?? [],
      catalog: loaded.catalog,
      configUri: config?.uri,
      maxFileSizeBytes: settings.maxFileSizeBytes,
    };
  }

  function publishConfigProblems(uri: string, errors: string[]): void {
    const key = errors.join('\n');
    if ((configProblems.get(uri) ?? '') === key) return;
    configProblems.set(uri, key);
    const prefix = `${displayUri(uri)}: `;
    opts.onConfigProblems?.(
      uri,
      errors.map((e) => ({
        range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } },
        severity: DiagnosticSeverity.Error,
        source: 'imr',
        message: `${asSentence(e.startsWith(prefix) ? e.slice(prefix.length) : e)} The defaults apply to this part of the configuration.`,
      })),
    );
  }

  function forgetOptions(): void {
    store.invalidate();
    optionsCache.clear();
    linted.clear();
    tokens.clear();
    optionsChanged.fire();
  }

  // -------------------------------------------------------------------------------------------
  // One parse and one lint per document version, shared by every feature.

  /** Whether a document is open: only an open one's parse and findings are kept (a validation that
   *  ends after the letter was closed must not leave them behind). */
  const isOpen = (uri: string) => workspace.document(uri) !== undefined;

  function letterOf(doc: LetterDocument): Letter {
    const text = doc.getText();
    const hit = parsed.get(doc.uri);
    if (hit && hit.version === doc.version && hit.from === text) return hit.value;
    const letter = parseLetter(text);
    if (isOpen(doc.uri)) parsed.set(doc.uri, { version: doc.version, value: letter, from: text });
    return letter;
  }

  function isOversized(doc: LetterDocument, options: LetterOptions): boolean {
    return isOversizedText(doc.getText(), options.maxFileSizeBytes);
  }

  /** The letter the outline and folding show: the whole letter, or the first lines of one over the size limit. */
  async function outlineLetter(doc: LetterDocument): Promise<{ letter: Letter; version: number }> {
    const options = await optionsFor(doc.uri);
    const current = workspace.document(doc.uri) ?? doc;
    if (!isOversized(current, options)) return { letter: letterOf(current), version: current.version };
    const text = current.getText();
    const hit = prefixParsed.get(current.uri);
    if (hit && hit.version === current.version && hit.from === text) return { letter: hit.value, version: current.version };
    const cut = text.lastIndexOf('\n', OUTLINE_PREFIX_CHARS);
    const letter = parseLetter(text.slice(0, cut > 0 ? cut + 1 : OUTLINE_PREFIX_CHARS));
    if (isOpen(current.uri)) prefixParsed.set(current.uri, { version: current.version, value: letter, from: text });
    return { letter, version: current.version };
  }

  function toLspDiagnostic(d: LintDiagnostic): Diagnostic {
    return {
      range: d.range,
      severity: SEVERITY[d.severity],
      code: d.rule,
      codeDescription: { href: ruleDocUrl(d.rule, opts.docsBase) },
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

  /** The findings for this version of the document with these options: linted once, then reused by code actions. */
  function lintOf(doc: LetterDocument, options: LetterOptions): LintResult {
    const letter = letterOf(doc);
    const hit = linted.get(doc.uri);
    if (hit && hit.version === doc.version && hit.options === options && hit.letter === letter) return hit;
    const findings = lintLetter(letter, options);
    const result: LintResult = { version: doc.version, options, letter, findings, diagnostics: findings.map(toLspDiagnostic) };
    if (isOpen(doc.uri)) linted.set(doc.uri, result);
    return result;
  }

  /** The current document and its options for a feature that a letter over the size limit does not get. */
  async function checked(doc: LetterDocument): Promise<{ doc: LetterDocument; letter: Letter; options: LetterOptions } | undefined> {
    const options = await optionsFor(doc.uri);
    const current = workspace.document(doc.uri) ?? doc;
    if (isOversized(current, options)) return undefined;
    return { doc: current, letter: letterOf(current), options };
  }

  // -------------------------------------------------------------------------------------------
  // The workspace's letters

  function listFiles(): Promise<string[]> {
    if (!listing || !workspace.watchesFiles) {
      listing = (async () => {
        const out: string[] = [];
        const walk = async (dir: string): Promise<void> => {
          let entries: [string, string][];
          try {
            entries = await workspace.readDirectory(dir);
          } catch {
            return;
          }
          entries.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
          for (const [name, type] of entries) {
            if (out.length >= MAX_WORKSPACE_FILES) return;
            const full = childUri(dir, name);
            if (type === 'directory') {
              if (!SKIP_DIRS.has(name)) await walk(full);
            } else if (type === 'file' && /\.(imr|txt|pdf)$/i.test(name)) out.push(full);
          }
        };
        for (const root of workspace.folders) await walk(root);
        return out;
      })();
      listing.catch(() => (listing = undefined));
    }
    return listing;
  }

  async function readLetter(uri: string): Promise<string | undefined> {
    let read;
    try {
      read = await workspace.readFile(uri, { maxBytes: MAX_LETTER_BYTES });
    } catch {
      return undefined;
    }
    if (!read.ok) return undefined;
    if (read.text.slice(0, 8192).includes('\u0000')) return undefined; // binary, not a text letter
    return read.text;
  }

  /** A file's text if it is a letter the workspace features read (not binary, not over the size limit). */
  async function letterFileText(uri: string): Promise<string | undefined> {
    const text = await readLetter(uri);
    const isLetter = text !== undefined && (/\.imr$/i.test(uri) || looksLikeLetter(text)) && utf8Length(text) <= DEFAULT_SETTINGS.maxFileSizeBytes;
    return isLetter ? text : undefined;
  }

  /** A workspace file's symbols, read and parsed once until it changes (undefined: not a letter). */
  async function diskLetterSymbols(uri: string): Promise<WorkspaceSymbolSpec[] | undefined> {
    const key = uriKey(uri);
    let stamp = ''; // with change events, an entry stands until its file changes
    if (!workspace.watchesFiles) {
      // No change events: a file whose size and time are unchanged is not read again.
      const stat = await workspace.stat(uri).catch(() => undefined);
      if (!stat || stat.type !== 'file') return undefined;
      stamp = `${stat.size}:${stat.mtime}`;
    }
    const known = diskSymbols.get(key);
    if (known && known.stamp === stamp) {
      diskSymbols.delete(key); // the most recently used goes last
      diskSymbols.set(key, known);
      return known.symbols ?? undefined;
    }
    const text = await letterFileText(uri);
    const symbols = text === undefined ? null : letterSymbols(parseLetter(text), basenameUri(uri));
    diskSymbols.delete(key);
    diskSymbols.set(key, { stamp, symbols });
    if (diskSymbols.size > diskSymbolsKept) diskSymbols.delete(diskSymbols.keys().next().value as string);
    return symbols ?? undefined;
  }

  /** The open letter documents (as edited), then the other letter files of the workspace folders. */
  async function* workspaceFiles(): AsyncGenerator<{ uri: string; document?: LetterDocument }> {
    const seen = new Set<string>();
    for (const doc of [...workspace.documents()]) {
      seen.add(uriKey(doc.uri));
      const huge = doc.getText().length > DEFAULT_SETTINGS.maxFileSizeBytes; // never parsed whole (see outlineLetter)
      if (!huge && isLetterDocument(doc)) yield { uri: doc.uri, document: doc };
    }
    for (const uri of await listFiles()) {
      if (/\.pdf$/i.test(uri) || seen.has(uriKey(uri))) continue;
      seen.add(uriKey(uri));
      yield { uri };
    }
  }

  async function* workspaceLetters(): AsyncGenerator<WorkspaceLetter> {
    for await (const { uri, document } of workspaceFiles()) {
      const text = document ? document.getText() : await letterFileText(uri);
      if (text !== undefined) yield { uri, text, document };
    }
  }

  // -------------------------------------------------------------------------------------------
  // Quick fixes that write .imrlintrc.json

  /**
   * The .imrlintrc.json a letter's "ignore"/"disable" quick fixes write into: the nearest one
   * inside the letter's workspace folder, else a new one at the root of that folder. Never a file
   * above the folder, and nothing for a letter outside every workspace folder or under a broken
   * config (reported on the file; not rewritten blindly).
   */
  async function configTarget(uri: string, fresh = false): Promise<{ configUri: string; raw: unknown; oldText?: string } | undefined> {
    if (!hasFolder(uri) || schemeOf(uri) === 'imr-pdf') return undefined;
    const root = await rootOf(uri);
    if (!root) return undefined;
    const existing = await store.findConfigFile(dirnameUri(uri), root, fresh);
    if (!existing) return { configUri: childUri(root, CONFIG_FILE_NAME), raw: {} };
    const loaded = await store.read(existing, [root], fresh);
    if (loaded.raw === undefined || loaded.text === undefined) return undefined;
    return { configUri: existing, raw: loaded.raw, oldText: loaded.text };
  }

  /** The workspace edit that writes a change into the letter's config (see configTarget). */
  async function configEdit(uri: string, change: ConfigChange, fresh = true): Promise<WorkspaceEdit | undefined> {
    // The edit's ranges are those of the file's text: read as it is now, not as cached.
    const target = await configTarget(uri, fresh);
    if (!target) return undefined;
    const { configUri, raw, oldText } = target;
    const rel = relativeUri(dirnameUri(configUri), uri) ?? basenameUri(uri);
    let newText: string;
    try {
      newText = JSON.stringify(withFileChange(raw, rel, change), null, 2) + '\n';
    } catch {
      return undefined; // a value nested too deep to write back: no edit rather than no code actions
    }
    if (oldText === undefined) {
      return {
        documentChanges: [
          // (Refused by the editor if the file has come meanwhile: the text below would go before its own.)
          { kind: 'create', uri: configUri, options: { overwrite: false, ignoreIfExists: false } },
          { textDocument: { uri: configUri, version: null }, edits: [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, newText }] },
        ],
      };
    }
    if (oldText.includes('\r\n')) newText = newText.replace(/\n/g, '\r\n');
    return { changes: { [configUri]: [changedMiddle(oldText, newText)] } };
  }

  const isPosition = (p: unknown): p is Position => {
    const q = p as Position | undefined;
    return !!q && Number.isInteger(q.line) && Number.isInteger(q.character) && q.line >= 0 && q.character >= 0;
  };

  // -------------------------------------------------------------------------------------------

  const service: ImrService = {
    async validate(doc) {
      const start = performance.now();
      const options = await optionsFor(doc.uri);
      const current = workspace.document(doc.uri);
      if (current && current.version !== doc.version) return undefined; // a newer edit will validate
      if (isOversized(doc, options)) {
        const mb = Math.round((options.maxFileSizeBytes / 1048576) * 10) / 10;
        const notChecked = `over ${mb} MB (imr.maxFileSizeMB)`;
        const status: LetterStatus = { uri: doc.uri, version: doc.version, format: 'unknown', sections: 0, items: 0, errors: 0, warnings: 0, infos: 1, milliseconds: 0, validatedAt: new Date().toISOString(), notChecked };
        return {
          uri: doc.uri,
          version: doc.version,
          status,
          diagnostics: [
            {
              range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
              severity: DiagnosticSeverity.Information,
              source: 'imr',
              code: 'file-too-large',
              message: `This file is over ${mb} MB, so it is not checked: only the outline of its first megabyte is shown. A letter is 5 to 30 KB; raise the setting imr.maxFileSizeMB to check larger files.`,
            },
          ],
        };
      }
      const letter = letterOf(doc);
      const { diagnostics } = lintOf(doc, options);
      const count = (s: DiagnosticSeverity) => diagnostics.filter((d) => d.severity === s).length;
      const end = performance.now();
      // For the client's language status item: what was found, and what it cost. No letter text.
      const status: LetterStatus = {
        uri: doc.uri,
        version: doc.version,
        format: letter.format,
        sections: letter.sections.length,
        items: letter.items.length,
        errors: count(DiagnosticSeverity.Error),
        warnings: count(DiagnosticSeverity.Warning),
        infos: count(DiagnosticSeverity.Information) + count(DiagnosticSeverity.Hint),
        milliseconds: Math.round((end - start) * 10) / 10,
        validatedAt: new Date().toISOString(),
      };
      return { uri: doc.uri, version: doc.version, diagnostics, status };
    },

    async documentSymbols(doc) {
      const { letter, version } = await outlineLetter(doc);
      const hit = outlines.get(doc.uri);
      if (hit && hit.version === version && hit.from === letter) return hit.value;
      const value = outline(letter) as DocumentSymbol[];
      if (isOpen(doc.uri)) outlines.set(doc.uri, { version, value, from: letter });
      return value;
    },

    async foldingRanges(doc) {
      const { letter, version } = await outlineLetter(doc);
      const hit = folds.get(doc.uri);
      if (hit && hit.version === version && hit.from === letter) return hit.value;
      const value = foldingRanges(letter);
      if (isOpen(doc.uri)) folds.set(doc.uri, { version, value, from: letter });
      return value;
    },

    async semanticTokens(doc) {
      const c = await checked(doc);
      if (!c) return { data: [] };
      const hit = tokens.get(c.doc.uri);
      if (hit && hit.version === c.doc.version && hit.from === c.letter && hit.value.catalog === c.options.catalog) return { data: hit.value.data };
      const data = encodeSemanticTokens(semanticTokens(c.letter, c.options.catalog));
      if (isOpen(c.doc.uri)) tokens.set(c.doc.uri, { version: c.doc.version, value: { catalog: c.options.catalog, data }, from: c.letter });
      return { data };
    },

    async hover(doc, position) {
      const c = await checked(doc);
      if (!c) return null;
      const hover = hoverAt(c.letter, c.letter.lines.offsetAt(position), c.options.catalog);
      return hover ? { contents: { kind: MarkupKind.Markdown, value: hover.markdown }, range: c.letter.lines.rangeOf(hover.span) } : null;
    },

    async selectionRanges(doc, positions) {
      const c = await checked(doc);
      if (!c) return [];
      return positions.map((p) => selectionRange(c.letter, c.letter.lines.offsetAt(p), c.options.catalog));
    },

    async completions(doc, position) {
      const c = await checked(doc);
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
        ...(e.preselect ? { preselect: true } : {}),
      }));
    },

    async codeActions(doc, context, resolvesEdits = false) {
      const c = await checked(doc);
      if (!c) return [];
      const { letter, options } = c;
      const uri = c.doc.uri;
      const actions: CodeAction[] = [];
      const only = Array.isArray(context?.only) ? context.only.filter((k): k is string => typeof k === 'string') : undefined;
      const wantsFixAll = !only || only.some((k) => CodeActionKind.SourceFixAll.startsWith(k) || k.startsWith(CodeActionKind.SourceFixAll));
      const wantsQuickFix = !only || only.some((k) => CodeActionKind.QuickFix.startsWith(k));
      const readOnly = schemeOf(uri) === 'imr-pdf'; // a PDF letter's text view: fixes cannot be applied to it
      // A config quick fix's edit (the whole .imrlintrc.json written again) is worked out when it
      // is chosen, for a client that resolves code actions: 500 findings under a 290 KB config made
      // a 223 MB answer in 9.7 s when every action carried its edit.
      // A client that does not resolve gets the edits of the first MAX_EAGER_CONFIG_EDITS only.
      const canWriteConfig = !!(await configTarget(uri));
      let eagerEdits = 0;
      const configAction = async (title: string, diagnostic: Diagnostic, change: ConfigChange): Promise<CodeAction | undefined> => {
        if (!canWriteConfig) return undefined;
        const action: CodeAction = { title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic] };
        if (resolvesEdits) return { ...action, data: { configChange: { uri, change } } };
        if (++eagerEdits > MAX_EAGER_CONFIG_EDITS) return undefined;
        const edit = await configEdit(uri, change, eagerEdits === 1); // (the file read once per request)
        return edit ? { ...action, edit } : undefined;
      };
      if (wantsQuickFix) {
        const seenRules = new Set<string>();
        const diagnostics = Array.isArray(context?.diagnostics) ? context.diagnostics : [];
        // Fixes are worked out on the text as it is now, never taken from the diagnostic's data:
        // after an edit the editor moves a diagnostic's range, but the edits in its data still
        // point where the text used to be (applied there, they garble the line). A diagnostic that
        // no finding of the current text matches (same rule, same range) gets no fix until the
        // findings are published again.
        const current = readOnly ? [] : lintOf(c.doc, options).findings;
        for (const diagnostic of diagnostics) {
          if (diagnostic?.source !== 'imr' || typeof diagnostic.code !== 'string' || !isPosition(diagnostic.range?.start) || !isPosition(diagnostic.range?.end)) continue;
          const rule = diagnostic.code;
          const here = current.filter((d) => d.rule === rule && sameRange(d.range, diagnostic.range));
          const finding = here.find((d) => d.message === diagnostic.message) ?? (typeof diagnostic.message === 'string' ? undefined : here[0]);
          for (const fix of finding?.fixes ?? []) {
            const edits: TextEdit[] = fix.edits.map((e) => ({ range: e.range, newText: e.newText }));
            actions.push({ title: fix.title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: !!fix.preferred, edit: { changes: { [uri]: edits } } });
          }
          // Letters are published as written: silencing goes into .imrlintrc.json, never into the letter.
          const span = finding?.span ?? { start: letter.lines.offsetAt(diagnostic.range.start), end: letter.lines.offsetAt(diagnostic.range.end) };
          const ignore = await configAction(`Ignore this ${rule} finding in ${CONFIG_FILE_NAME}`, diagnostic, { kind: 'ignore', entry: ignoreEntryFor({ rule, range: diagnostic.range, span }, letter) });
          if (ignore) actions.push(ignore);
          if (seenRules.has(rule)) continue;
          seenRules.add(rule);
          const disable = await configAction(`Disable ${rule} for this file`, diagnostic, { kind: 'disable-rule', rule });
          if (disable) actions.push(disable);
          actions.push({
            title: `Show documentation for ${rule}`,
            kind: CodeActionKind.QuickFix,
            diagnostics: [diagnostic],
            command: { title: `Show documentation for ${rule}`, command: 'imr.showRuleDocumentation', arguments: [rule] },
          });
        }
      }
      if (wantsFixAll && !readOnly) {
        const lint = lintOf(c.doc, options);
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
    },

    async resolveCodeAction(action) {
      const data = action?.data as { configChange?: { uri?: unknown; change?: unknown } } | undefined;
      const asked = data && typeof data === 'object' ? data.configChange : undefined;
      if (!asked || typeof asked.uri !== 'string' || !isConfigChange(asked.change)) return action;
      const edit = await configEdit(asked.uri, asked.change);
      return edit ? { ...action, edit } : action;
    },

    async workspaceSymbols(query, token) {
      const out: SymbolInformation[] = [];
      for await (const { uri, document } of workspaceFiles()) {
        if (token?.isCancellationRequested) break;
        const symbols = document ? letterSymbols(letterOf(document), basenameUri(uri)) : await diskLetterSymbols(uri);
        for (const s of symbols ?? []) {
          if (!matchesQuery(s.name, query)) continue;
          out.push({ name: s.name, kind: s.kind as SymbolInformation['kind'], containerName: s.containerName, location: { uri, range: s.range } });
          if (out.length >= 1000) return out;
        }
      }
      return out;
    },

    workspaceLetters,

    async workspacePdfs() {
      return (await listFiles()).filter((u) => /\.pdf$/i.test(u));
    },

    async lintText(uri, text) {
      const options = await optionsFor(uri);
      return lintLetter(parseLetter(text), options).map(toLspDiagnostic);
    },

    readLetter,
    optionsFor,

    settingsChanged() {
      settingsCache.clear();
      forgetOptions();
    },

    foldersChanged() {
      listing = undefined;
      diskSymbols.clear();
      forgetOptions();
    },

    closed(uri) {
      parsed.delete(uri);
      prefixParsed.delete(uri);
      outlines.delete(uri);
      folds.delete(uri);
      tokens.delete(uri);
      linted.delete(uri);
      optionsCache.delete(uri);
      settingsCache.delete(uri);
    },

    filesChanged(changes) {
      let configChanged = false;
      for (const c of changes) {
        if (!c || typeof c.uri !== 'string') continue;
        if (c.type !== 'changed') listing = undefined;
        diskSymbols.delete(uriKey(c.uri));
        if (c.uri.endsWith('/' + CONFIG_FILE_NAME) || store.isCatalogInUse(c.uri)) configChanged = true;
      }
      if (configChanged) forgetOptions();
      return { configChanged };
    },

    onDidChangeOptions: optionsChanged.event,

    dispose() {
      for (const d of disposables) d.dispose();
    },
  };
  return service;
}

/** A message that ends as a sentence, so that another can follow it. */
function asSentence(message: string): string {
  return /[.!?)]$/.test(message) ? message : `${message}.`;
}
