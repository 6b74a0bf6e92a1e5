/** Shared helpers for the citation tests: repository paths, the corpus (when present) and fixtures. */
import * as fs from 'fs';
import * as path from 'path';
import { corpus as sharedCorpus, hasShared, repoRoot, SHARED_MISSING, sharedDir } from '../support/corpus';

export const root = repoRoot;
export const shared = sharedDir;
export { hasShared };
export const SKIP_MSG = SHARED_MISSING;

export function fixture(name: string): string {
  return fs.readFileSync(path.join(root, 'test', 'unit', 'fixtures', name), 'utf8');
}
export function example(rel: string): string {
  return fs.readFileSync(path.join(root, 'examples', rel), 'utf8');
}

export interface CorpusFile {
  /** Path relative to shared, e.g. real-letters/001_x.txt. */
  rel: string;
  text: string;
}
/** The letters of ../shared (one reader: test/support/corpus.ts). */
export function corpus(): CorpusFile[] {
  return sharedCorpus().map((l) => ({ rel: l.name, text: l.text }));
}

/** Folded text of a letter span (what a Part's text should equal). */
export function folded(text: string, span: { start: number; end: number }): string {
  return text.slice(span.start, span.end).replace(/\s+/g, ' ');
}

/** Apply non-overlapping edits. */
export function applyEdits(text: string, edits: { span: { start: number; end: number }; newText: string }[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.span.start - a.span.start)) out = out.slice(0, e.span.start) + e.newText + out.slice(e.span.end);
  return out;
}
