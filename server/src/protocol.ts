/**
 * The messages between the IMR client and server beyond LSP, defined once and imported by both
 * (node and browser builds alike: nothing here imports a node module).
 */
import { NotificationType, RequestType } from 'vscode-languageserver-protocol';

/** A letter's summary for the client's status item, sent after each validation. No letter text. */
export interface LetterStatus {
  uri: string;
  version: number;
  format: 'current' | '2013' | 'layout2' | 'layout3' | 'unknown';
  sections: number;
  items: number;
  errors: number;
  warnings: number;
  infos: number;
  milliseconds: number;
  validatedAt: string;
  /** Why the letter was not checked (over the size limit): the counts are then all 0. */
  notChecked?: string;
}
export const StatusNotification = new NotificationType<LetterStatus>('imr/status');

/** What the client passes in initializationOptions. */
export interface InitializationOptions {
  /** The extension's root URI: rule documentation links point below it (docs/rules/<id>.md). */
  extensionUri?: string;
  /** The client answers the imr/fs/* requests (a browser client, whose server cannot read files itself). */
  clientFileSystem?: boolean;
}

/**
 * File access through the client, for a server that has no file system of its own (the web
 * worker of VS Code for the Web): the client answers with vscode.workspace.fs, so every file
 * system the editor has (file, vscode-vfs, …) is readable, and only what the editor can see.
 */
export type FsFileType = 'file' | 'directory' | 'other';
export interface FsStat {
  type: FsFileType;
  size: number;
  mtime: number;
}
export const FsStatRequest = new RequestType<{ uri: string }, FsStat | null, void>('imr/fs/stat');
/** A file's text (UTF-8), or why it was not read (not a regular file, larger than maxBytes, missing). */
export interface FsReadResult {
  text?: string;
  error?: string;
}
export const FsReadFileRequest = new RequestType<{ uri: string; maxBytes: number }, FsReadResult, void>('imr/fs/readFile');
export const FsReadDirectoryRequest = new RequestType<{ uri: string }, [string, FsFileType][], void>('imr/fs/readDirectory');

/** The client asks the server for a PDF's text (node server only: pdf.js is not in the web build). */
export const PdfTextRequest = new RequestType<{ data?: unknown }, { ok: true; text: string; pageStarts: number[] } | { ok: false; error: string }, void>('imr/pdfText');
