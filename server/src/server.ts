/**
 * The language server: LSP wiring only. Each request is one call into the IMR service
 * (./service), which owns every cache and reads files only through the workspace it is given;
 * the entry points (node/main.ts, browser/main.ts) choose the connection and the file system.
 * Letter text is logged only through LSP tracing, which the user turns on (imr.trace.server);
 * the server itself logs no letter text and makes no network calls.
 */
import {
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  ErrorCodes,
  FileChangeType,
  ResponseError,
  TextDocumentSyncKind,
  TextDocuments,
  WatchKind,
  CodeActionKind,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
  type Position,
  type TextDocumentContentChangeEvent,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { applyContentChanges } from './documentChanges';
import { TOKEN_MODIFIERS, TOKEN_TYPES } from './core/features/semanticTokens';
import { looksLikeLetter } from './core/format';
import { StatusNotification, type InitializationOptions } from './protocol';
import { createImrService, type ImrService } from './service/service';
import { Emitter, type FileChange, type FileSystem, type ImrWorkspace } from './service/workspace';
import { pdfViewUri, resourceOf } from './service/uri';

/** What an entry point provides: the file system, where rule pages are, and (node only) PDF reading. */
export interface ServerHost {
  /** The file system the workspace reads (node's, or the browser client's over the connection). */
  fileSystem(connection: Connection, init: InitializationOptions): FileSystem;
  /** The root URI rule documentation links point below, when the client does not say. */
  defaultDocsBase: string;
  /** Reads PDF letters (pdf.js): node only. */
  pdf?: {
    /** The imr/pdfText request: a PDF's bytes (base64) to its text. */
    textOf(params: unknown): Promise<unknown>;
    /** A workspace PDF's text, if it is a readable letter. */
    readLetter(uri: string): Promise<string | undefined>;
  };
}

const SETTINGS_TIMEOUT_MS = 5000;
const VALIDATION_DELAY_MS = 200;

function isPosition(p: unknown): p is Position {
  const q = p as Position | undefined;
  return !!q && Number.isInteger(q.line) && Number.isInteger(q.character) && q.line >= 0 && q.character >= 0;
}

function isValidChange(c: TextDocumentContentChangeEvent): boolean {
  if (!c || typeof c.text !== 'string') return false;
  if (!('range' in c) || c.range === undefined) return true;
  return isPosition(c.range?.start) && isPosition(c.range?.end);
}

function invalidParams(message: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidParams, message);
}

function requestPosition(position: unknown): Position {
  if (!isPosition(position)) throw invalidParams('position must be { line, character } with non-negative integers');
  return position;
}

/** Runs a notification handler or timer callback; a throw or a rejected promise ends that call only (the server logs nothing itself). */
function guarded<A extends unknown[]>(fn: (...args: A) => unknown): (...args: A) => void {
  return (...args: A) => {
    try {
      const result = fn(...args);
      if (result instanceof Promise) result.catch(() => undefined);
    } catch {
      // a failure costs the one event; the next edit tries again
    }
  };
}

/**
 * The connection as the document manager sees it: a document notification without a
 * textDocument object and a string uri (which the library would fail on, logging a JavaScript
 * error) is dropped, as every malformed notification is (the server logs nothing itself).
 */
function withWellFormedDocuments(connection: Connection): Connection {
  const wellFormed = (params: unknown) => {
    const doc = (params as { textDocument?: { uri?: unknown } } | null | undefined)?.textDocument;
    return !!doc && typeof doc === 'object' && typeof doc.uri === 'string';
  };
  return new Proxy(connection, {
    get(target, key, receiver) {
      const value = Reflect.get(target, key, receiver);
      if (typeof key !== 'string' || !/^on(?:Did|Will)\w*TextDocument/.test(key) || typeof value !== 'function') return value;
      return (handler: (params: unknown, ...rest: unknown[]) => unknown) =>
        value.call(target, (params: unknown, ...rest: unknown[]) => {
          return wellFormed(params) ? handler(params, ...rest) : undefined;
        });
    },
  });
}

/** Sends without waiting: a message the client refuses or a closed connection costs that message only (some calls are typed void but return a promise). */
function quietly(sent: unknown): void {
  if (sent instanceof Promise) sent.catch(() => undefined);
}

const FILE_CHANGE: Record<number, FileChange['type']> = { [FileChangeType.Created]: 'created', [FileChangeType.Changed]: 'changed', [FileChangeType.Deleted]: 'deleted' };

export function startServer(connection: Connection, host: ServerHost): void {
  /** Documents as the client sent them; a malformed didOpen/didChange (text null, no version) becomes an empty or unchanged text, never a crash later. */
  const documents = new TextDocuments<TextDocument>({
    create: (uri, languageId, version, content) =>
      TextDocument.create(uri, typeof languageId === 'string' ? languageId : 'imr', Number.isInteger(version) ? version : 0, typeof content === 'string' ? content : ''),
    update: (doc, changes, version) =>
      applyContentChanges(doc, (Array.isArray(changes) ? changes : []).filter(isValidChange), Number.isInteger(version) ? version : doc.version + 1),
  });

  let hasConfigurationCapability = false;
  /** The client fills in a code action's edit when it is chosen (codeAction/resolve). */
  let resolvesCodeActionEdits = false;
  let supportsWorkspaceFolders = false;
  let canWatchFiles = false;
  /** Settings pushed by didChangeConfiguration, for clients that cannot answer workspace/configuration. */
  let pushedSettings: unknown = {};
  let folders: string[] = [];
  let service: ImrService | undefined;
  const filesChanged = new Emitter<readonly FileChange[]>();
  const foldersChanged = new Emitter<void>();

  /** The open document a request names; malformed params are answered with InvalidParams. */
  function requestDocument(params: unknown): TextDocument | undefined {
    if (shutDown) throw afterShutdown();
    const uri = (params as { textDocument?: { uri?: unknown } } | undefined)?.textDocument?.uri;
    if (typeof uri !== 'string') throw invalidParams('textDocument.uri must be a string');
    return documents.get(uri);
  }

  /** Asks the client for the `imr` settings of a resource; a client that never answers gets the defaults after a while. */
  function askSettings(scopeUri: string): Promise<unknown | undefined> {
    if (!hasConfigurationCapability) return Promise.resolve(pushedSettings);
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(resolve, SETTINGS_TIMEOUT_MS, undefined)));
    const asked = connection.workspace.getConfiguration({ scopeUri, section: 'imr' }).then(
      (v: unknown) => v ?? {},
      () => ({}),
    );
    return Promise.race([asked, timeout]).finally(() => clearTimeout(timer));
  }

  // After shutdown a server answers no request but exit (LSP: InvalidRequest); it answered on.
  let shutDown = false;
  const afterShutdown = () => new ResponseError(ErrorCodes.InvalidRequest, 'the server has been shut down: it answers no request now');
  connection.onShutdown(() => {
    shutDown = true;
  });

  function svc(): ImrService {
    if (shutDown) throw afterShutdown();
    if (!service) throw new ResponseError(ErrorCodes.ServerNotInitialized, 'the server is not initialized');
    return service;
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const caps = params?.capabilities ?? {};
    hasConfigurationCapability = !!caps.workspace?.configuration;
    supportsWorkspaceFolders = !!caps.workspace?.workspaceFolders;
    canWatchFiles = !!caps.workspace?.didChangeWatchedFiles?.dynamicRegistration;
    const resolvable = caps.textDocument?.codeAction?.resolveSupport?.properties;
    resolvesCodeActionEdits = Array.isArray(resolvable) && resolvable.includes('edit');
    const given = Array.isArray(params?.workspaceFolders) ? params.workspaceFolders : undefined;
    folders = (given ? given.map((f) => f?.uri) : params?.rootUri ? [params.rootUri] : []).filter((u): u is string => typeof u === 'string' && /^[a-z][a-z0-9+.-]*:/i.test(u));
    const init = (params?.initializationOptions && typeof params.initializationOptions === 'object' ? params.initializationOptions : {}) as InitializationOptions;
    const fs = host.fileSystem(connection, init);
    const workspace: ImrWorkspace = {
      get folders() {
        return folders;
      },
      get watchesFiles() {
        return canWatchFiles;
      },
      stat: (uri) => fs.stat(uri),
      readFile: (uri, options) => fs.readFile(uri, options),
      readDirectory: (uri) => fs.readDirectory(uri),
      documents: () => documents.all(),
      document: (uri) => documents.get(uri),
      onDidChangeFiles: filesChanged.event,
      onDidChangeFolders: foldersChanged.event,
    };
    service = createImrService({
      workspace,
      settings: askSettings,
      docsBase: typeof init.extensionUri === 'string' && /^[a-z][a-z0-9+.-]*:/i.test(init.extensionUri) ? init.extensionUri : host.defaultDocsBase,
      onCatalogProblem: (message) => quietly(connection.window.showWarningMessage(`IMR Letters: a guideline catalog file was skipped. ${message}`)),
      onConfigProblems: (uri, diagnostics) => quietly(connection.sendDiagnostics({ uri, diagnostics })),
    });
    service.onDidChangeOptions(() => {
      revalidateAll();
      void relintClosedLetters().catch(() => undefined);
    });
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
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, CodeActionKind.SourceFixAll], resolveProvider: true },
        executeCommandProvider: { commands: ['imr.lintWorkspace'] },
        workspace: { workspaceFolders: { supported: true, changeNotifications: true } },
      },
      serverInfo: { name: 'imr-letters-server' },
    };
  });

  connection.onInitialized(
    guarded(() => {
      if (hasConfigurationCapability) void connection.client.register(DidChangeConfigurationNotification.type, undefined).catch(() => undefined);
      // Catalog files can be any .json: watch them so an edited catalog applies without a restart.
      // Files and folders created or deleted anywhere (a folder of letters copied in) make the
      // service list the workspace again; what the client's own watchers report (letters,
      // configs) covers changed contents.
      if (canWatchFiles) {
        const watchers = [{ globPattern: '**/*.json' }, { globPattern: '**/*', kind: WatchKind.Create | WatchKind.Delete }];
        void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers }).catch(() => undefined);
      }
      // Only a client that announced workspace folders sends their changes (asking otherwise throws).
      if (supportsWorkspaceFolders) {
        connection.workspace.onDidChangeWorkspaceFolders(
          guarded((e) => {
            const removed = new Set(e.removed.map((f) => f.uri));
            folders = folders.filter((r) => !removed.has(r)).concat(e.added.map((f) => f.uri).filter((u) => typeof u === 'string'));
            foldersChanged.fire();
          }),
        );
      }
      revalidateAll();
    }),
  );

  connection.onDidChangeConfiguration(
    guarded((change) => {
      if (!hasConfigurationCapability) pushedSettings = (change?.settings as { imr?: unknown } | null | undefined)?.imr ?? {};
      service?.settingsChanged();
    }),
  );

  // -------------------------------------------------------------------------------------------
  // Validation: at once on open, debounced while typing, published only for the version linted.

  const timers = new Map<string, ReturnType<typeof setTimeout>>();

  function scheduleValidation(doc: TextDocument, delay = VALIDATION_DELAY_MS): void {
    const { uri, version } = doc;
    clearTimeout(timers.get(uri));
    timers.delete(uri);
    if (delay === 0) {
      void validate(uri, version).catch(() => undefined);
      return;
    }
    timers.set(
      uri,
      setTimeout(
        guarded(() => {
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
    const doc = documents.get(uri);
    if (!doc || doc.version !== version || !service) return; // a newer edit will validate
    const result = await service.validate(doc);
    // The same document still (a letter closed and reopened is a new one, at version 1 again) at the same version.
    const now = documents.get(uri);
    if (!result || now !== doc || now.version !== version) return;
    quietly(connection.sendDiagnostics({ uri, version, diagnostics: result.diagnostics }));
    if (result.status) quietly(connection.sendNotification(StatusNotification.method, result.status));
  }

  /** The version validated at once on open: the content-changed event the library sends right after didOpen must not postpone it. */
  const justOpened = new Map<string, number>();
  documents.onDidOpen(
    guarded((e) => {
      justOpened.set(e.document.uri, e.document.version);
      scheduleValidation(e.document, 0);
    }),
  );
  documents.onDidChangeContent(
    guarded((e) => {
      const opened = justOpened.get(e.document.uri);
      justOpened.delete(e.document.uri);
      if (opened === e.document.version) return;
      scheduleValidation(e.document);
    }),
  );
  documents.onDidClose(
    guarded((e) => {
      const uri = e.document.uri;
      clearTimeout(timers.get(uri));
      timers.delete(uri);
      justOpened.delete(uri);
      service?.closed(uri);
      // A closed letter keeps the findings of the last workspace lint, if it had any; else clear.
      quietly(connection.sendDiagnostics({ uri, diagnostics: workspaceFindings.get(uri) ?? [] }));
    }),
  );

  // -------------------------------------------------------------------------------------------
  // Requests: each one call into the service.

  connection.onDocumentSymbol(async (params) => {
    const doc = requestDocument(params);
    return doc ? svc().documentSymbols(doc) : [];
  });

  connection.onFoldingRanges(async (params) => {
    const doc = requestDocument(params);
    return doc ? svc().foldingRanges(doc) : [];
  });

  connection.languages.semanticTokens.on(async (params) => {
    const doc = requestDocument(params);
    return doc ? svc().semanticTokens(doc) : { data: [] };
  });

  connection.onHover(async (params) => {
    const position = requestPosition(params?.position);
    const doc = requestDocument(params);
    return doc ? svc().hover(doc, position) : null;
  });

  connection.onSelectionRanges(async (params) => {
    if (!Array.isArray(params?.positions)) throw invalidParams('positions must be an array');
    const positions = params.positions.map(requestPosition);
    const doc = requestDocument(params);
    return doc ? svc().selectionRanges(doc, positions) : [];
  });

  connection.onCompletion(async (params) => {
    const position = requestPosition(params?.position);
    const doc = requestDocument(params);
    return doc ? svc().completions(doc, position) : [];
  });

  connection.onCodeAction(async (params) => {
    const doc = requestDocument(params);
    return doc ? svc().codeActions(doc, params?.context, resolvesCodeActionEdits) : [];
  });

  connection.onCodeActionResolve(async (action) => svc().resolveCodeAction(action));

  connection.onWorkspaceSymbol(async (params, token) => svc().workspaceSymbols(typeof params?.query === 'string' ? params.query : '', token));

  // -------------------------------------------------------------------------------------------
  // Workspace lint (command): fills the Problems view for letters that are not open.

  const workspaceFindings = new Map<string, Diagnostic[]>();

  connection.onExecuteCommand(async (params, token) => {
    if (params?.command !== 'imr.lintWorkspace') throw invalidParams(`unknown command ${JSON.stringify(params?.command)}: this server runs "imr.lintWorkspace"`);
    const s = svc();
    let files = 0;
    let problems = 0;
    for await (const { uri, text, document } of s.workspaceLetters()) {
      // Between letters: let a cancellation (the client's progress notification) arrive.
      if (files % 10 === 9) await new Promise((resolve) => setTimeout(resolve, 0));
      if (token.isCancellationRequested) return { files, problems, cancelled: true };
      const diagnostics = document ? ((await s.validate(document))?.diagnostics ?? []) : await s.lintText(uri, text);
      if (!document) workspaceFindings.set(uri, diagnostics);
      quietly(connection.sendDiagnostics({ uri, diagnostics }));
      files++;
      problems += diagnostics.length;
    }
    // The PDFs that hold a letter are counted with the rest (the summary was short of them when
    // they were read after the answer), and a cancellation stops them too.
    if (host.pdf) {
      try {
        for await (const problemsOfPdf of lintWorkspacePdfs(s)) {
          if (token.isCancellationRequested) return { files, problems, cancelled: true };
          files++;
          problems += problemsOfPdf;
        }
      } catch {
        // A PDF reader failure leaves the text letters' findings standing.
      }
    }
    return { files, problems };
  });

  /**
   * The closed letters the workspace lint reported, linted again with the new settings (a rule
   * turned off in the settings left its findings on them in the Problems view). One at a time; a
   * letter gone since is cleared.
   */
  async function relintClosedLetters(): Promise<void> {
    const s = service;
    if (!s) return;
    for (const uri of [...workspaceFindings.keys()]) {
      if (documents.get(uri) || service !== s) continue;
      const isPdfView = uri.startsWith('imr-pdf:');
      const text = isPdfView ? (host.pdf ? await host.pdf.readLetter(resourceOf(uri)).catch(() => undefined) : undefined) : await s.readLetter(uri);
      if (documents.get(uri) || !workspaceFindings.has(uri)) continue; // opened, or gone, meanwhile
      await publishClosedLetter(s, uri, text);
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }

  /** A closed letter's findings from its text now (none and forgotten when it is gone: `text` undefined). */
  async function publishClosedLetter(s: ImrService, uri: string, text: string | undefined): Promise<void> {
    const diagnostics = text !== undefined ? await s.lintText(uri, text) : [];
    if (text !== undefined) workspaceFindings.set(uri, diagnostics);
    else workspaceFindings.delete(uri);
    quietly(connection.sendDiagnostics({ uri, diagnostics }));
  }

  /** The workspace lint reads the PDFs that hold a letter and publishes their findings on their
   *  text views (imr-pdf:); yields each linted PDF's number of findings. */
  async function* lintWorkspacePdfs(s: ImrService): AsyncGenerator<number> {
    for (const pdf of await s.workspacePdfs()) {
      const uri = pdfViewUri(pdf);
      if (documents.get(uri)) continue; // an open view is linted (and counted) as shown, with the open letters
      const text = await host.pdf!.readLetter(pdf);
      // Scanned, encrypted and damaged PDFs, and PDFs that are no letter, are not reported.
      if (text === undefined || !looksLikeLetter(text)) continue;
      const diagnostics = await s.lintText(uri, text);
      workspaceFindings.set(uri, diagnostics);
      quietly(connection.sendDiagnostics({ uri, diagnostics }));
      yield diagnostics.length;
    }
  }

  // A config or catalog that changes on disk applies at once; a letter linted by the workspace lint
  // that changes on disk while closed is linted again; a deleted one loses its findings.
  connection.onDidChangeWatchedFiles(
    guarded(async (params) => {
      const changes = (Array.isArray(params?.changes) ? params.changes : [])
        .filter((c) => c && typeof c.uri === 'string' && FILE_CHANGE[c.type])
        .map((c) => ({ uri: c.uri, type: FILE_CHANGE[c.type] }));
      filesChanged.fire(changes);
      const s = service;
      if (!s) return;
      for (const change of changes) {
        if (!workspaceFindings.has(change.uri) || documents.get(change.uri)) continue;
        await publishClosedLetter(s, change.uri, change.type === 'deleted' ? undefined : await s.readLetter(change.uri));
      }
    }),
  );

  // PDF letters: the client reads a PDF and shows its text as a read-only document of scheme
  // imr-pdf: (client/src/pdf.ts); the text comes from here (node only).
  connection.onRequest('imr/pdfText', (params: unknown) =>
    host.pdf ? host.pdf.textOf(params) : Promise.resolve({ ok: false, error: 'PDF letters are read by the desktop extension only' }),
  );

  documents.listen(withWellFormedDocuments(connection));
  connection.listen();
}
