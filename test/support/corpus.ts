/** Locates the repository, its example letters, and the shared corpus of real letters (when present). */
import * as fs from 'fs';
import * as path from 'path';

/** The repository root: the nearest folder above this file with the project's package.json
 *  (out/test/support after tsc, or wherever a bundle of this file was written). */
export const repoRoot = findRepoRoot(__dirname);
function findRepoRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    const pkg = path.join(dir, 'package.json');
    if (fs.existsSync(pkg) && /"name":\s*"imr-letters"/.test(fs.readFileSync(pkg, 'utf8'))) return dir;
    if (path.dirname(dir) === dir) return path.resolve(from, '..', '..', '..');
  }
}
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

/**
 * The fixed split of the published letters (the one place that defines it). The TUNING half is
 * the letters whose case number (e.g. CM16-0213037) ends in an even digit, plus the seeds; the
 * CHECKING half is those ending in an odd digit. Rules are designed and tuned on the tuning half
 * only; figures are reported for both. A letter with no case number is a seed or tuning letter.
 */
export type Half = 'tuning' | 'checking';
export const HALVES: readonly Half[] = ['tuning', 'checking'];

/** The case number in a letter's file name ("001_cm16-0213037-….txt") or, failing that, its header. */
export function caseNumberOf(letter: Pick<CorpusLetter, 'name' | 'text'>): string | undefined {
  const fromName = /(?:^|\/)\d+_(cm\d{2}-\d{7})/i.exec(letter.name);
  if (fromName) return fromName[1].toUpperCase();
  const fromText = /Case Number:\s*(CM\d{2}-\d{7})\b/.exec(letter.text.slice(0, 2000));
  return fromText?.[1];
}

export function half(letter: Pick<CorpusLetter, 'name' | 'text' | 'style'>): Half {
  if (letter.style === 'seed') return 'tuning';
  const n = caseNumberOf(letter);
  if (!n) return 'tuning';
  return Number(n[n.length - 1]) % 2 === 0 ? 'tuning' : 'checking';
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
