/** Locates the repository, its example letters, and the shared corpus of real letters (when present). */
import * as fs from 'fs';
import * as path from 'path';

export const repoRoot = path.resolve(__dirname, '..', '..', '..');
export const sharedDir = path.resolve(repoRoot, '..', 'shared');
export const hasShared = fs.existsSync(path.join(sharedDir, 'real-letters'));
export const SHARED_MISSING = `../shared not found beside the project (${sharedDir}): tests over the real letters are skipped`;

export interface CorpusLetter {
  /** Path relative to ../shared, e.g. "real-letters/plain/001_….txt". */
  name: string;
  file: string;
  style: 'seed' | 'layout' | 'plain';
  text: string;
}

function list(dir: string, style: CorpusLetter['style']): CorpusLetter[] {
  const abs = path.join(sharedDir, dir);
  if (!fs.existsSync(abs)) return [];
  return fs
    .readdirSync(abs)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => ({ name: `${dir}/${f}`, file: path.join(abs, f), style, text: fs.readFileSync(path.join(abs, f), 'utf8') }));
}

let cache: CorpusLetter[] | undefined;
/** Every letter in ../shared: seeds, layout and plain extractions. Empty when ../shared is absent. */
export function corpus(): CorpusLetter[] {
  cache ??= [...list('seeds', 'seed'), ...list('real-letters', 'layout'), ...list('real-letters/plain', 'plain')];
  return cache;
}

/** Expected item counts from real-letters/SOURCES.tsv ("2 item(s): 2 Upheld, 0 Overturned"). */
export function expectedItems(): Map<string, { items: number; upheld: number; overturned: number }> {
  const out = new Map<string, { items: number; upheld: number; overturned: number }>();
  const tsv = path.join(sharedDir, 'real-letters', 'SOURCES.tsv');
  if (!fs.existsSync(tsv)) return out;
  for (const row of fs.readFileSync(tsv, 'utf8').split('\n').slice(1)) {
    const [file, , , , notes] = row.split('\t');
    const m = /(\d+) item\(s\): (\d+) Upheld, (\d+) Overturned/.exec(notes ?? '');
    if (file && m) out.set(file, { items: +m[1], upheld: +m[2], overturned: +m[3] });
  }
  return out;
}

export function readExample(rel: string): string {
  return fs.readFileSync(path.join(repoRoot, rel), 'utf8');
}
