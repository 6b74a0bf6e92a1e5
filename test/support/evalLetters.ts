/** The letters the evaluation runs on: the published letters by half, and the repository's own examples. */
import * as fs from 'fs';
import * as path from 'path';
import { corpus, half, hasShared, repoRoot } from './corpus';
import type { EvalLetter } from './evaluate';

/** "Today" for date rules in the evaluation: fixed, so figures do not drift with the calendar. */
export const EVAL_TODAY = new Date(2026, 10, 23);

/** Every published letter in ../shared (seeds, layout and plain extractions), grouped by half. */
export function publishedLetters(): EvalLetter[] {
  return hasShared ? corpus().map((l) => ({ name: l.name, text: l.text, group: half(l) })) : [];
}

/** The clean example letters in the repository (examples/clean and the clean fixture): group "examples". */
export function exampleLetters(): EvalLetter[] {
  const files = [
    ...listDir(path.join(repoRoot, 'examples', 'clean')),
    path.join(repoRoot, 'test', 'unit', 'fixtures', 'clean-letter.imr'),
  ].filter((f) => fs.existsSync(f));
  return files.map((f) => ({ name: path.relative(repoRoot, f), text: fs.readFileSync(f, 'utf8'), group: 'examples' }));
}

function listDir(dir: string): string[] {
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /\.(imr|txt)$/.test(f)).sort().map((f) => path.join(dir, f)) : [];
}
