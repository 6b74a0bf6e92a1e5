/** Shared helpers for the citation tests: repository paths, the corpus (when present) and fixtures. */
import * as fs from 'fs';
import * as path from 'path';

export const root = path.resolve(__dirname, '..', '..', '..');
export const shared = path.resolve(root, '..', 'shared');
export const hasShared = fs.existsSync(path.join(shared, 'real-letters'));
export const SKIP_MSG = `${shared} not found: corpus tests skipped`;

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
export function corpus(): CorpusFile[] {
  const out: CorpusFile[] = [];
  for (const d of ['seeds', 'real-letters', path.join('real-letters', 'plain')]) {
    const dir = path.join(shared, d);
    if (!fs.existsSync(dir)) continue;
    for (const f of fs.readdirSync(dir).sort()) if (f.endsWith('.txt')) out.push({ rel: path.join(d, f), text: fs.readFileSync(path.join(dir, f), 'utf8') });
  }
  return out;
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
