/**
 * The letter fuzzer: mutates real letter text (the repo's examples, plus ../shared/seeds when
 * present) and random junk, and checks on every input that
 *   - parsing and linting never throw (and no rule reports an internal error),
 *   - every diagnostic, related location and fix edit lies inside the document,
 *   - every preferred fix applies, fix-all terminates and is idempotent (nothing left to fix),
 *   - no input takes more than 50× the time of a same-size real letter.
 * Seeded and bounded: the same seed gives the same inputs.
 *
 *   npm run fuzz                           1,000 inputs, seed 1
 *   npm run fuzz -- --count 100000 --seed 7
 *   npm run fuzz -- --save DIR               also writes each failing input to DIR
 * A short run is part of `npm test` (test/fuzz/fuzz.test.ts).
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseLetter } from '../../server/src/core/parser';
import { lintLetter, type LintDiagnostic } from '../../server/src/core/lint';
import { applyFixes, fixAll } from '../../server/src/core/features/fixes';
import type { Range } from '../../server/src/core/text';
import { repoRoot, sharedDir } from '../support/corpus';

export interface FuzzOptions {
  seed: number;
  count: number;
  /** Slowest allowed input, as a multiple of a same-size real letter. */
  slowdown?: number;
  log?: (line: string) => void;
  /** Called with each failing input, e.g. to save it for a reproduction. */
  onFailure?: (n: number, text: string) => void;
}

export interface FuzzResult {
  inputs: number;
  failures: string[];
  /** The slowest input's ratio to a same-size real letter. */
  worstRatio: number;
}

/** The letters mutated: the repo's examples (always there) and the shared seeds (when present). */
export function seedLetters(): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    if (!fs.existsSync(dir)) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (/\.(imr|txt)$/.test(e.name)) files.push(full);
    }
  };
  walk(path.join(repoRoot, 'examples'));
  walk(path.join(sharedDir, 'seeds'));
  return files.map((f) => fs.readFileSync(f, 'utf8')).filter((t) => t.length > 500);
}

/** mulberry32: a small seeded PRNG. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const JUNK = [
  '\u0000', '\uD800', '\uDC00', '\uFFFD', '\uFEFF', '\u200B', '\u2028', '\u00A0', '\f', '\t', '\r', '\n', '\r\n', '\u0007', '\u001B[31m',
  'â€™', 'Ã©', ':', ': ', ', ', '.', '!', '?', '(', ')', '-', '–', '/', '1', '12', '2016', 'Upheld', 'Overturned', 'MTUS', 'ACOEM',
  'Chapter 12', 'Page(s): 301', 'Section(s): ', 'Decision rationale: ', 'MAXIMUS guideline: ', 'Claims Administrator guideline: ',
  'CLINICAL CASE SUMMARY', 'IMR ISSUES, DECISIONS AND RATIONALES', 'Mr. Smith', 'a@b.co', '415-555-0134', '😀', 'é', ' ',
];
const RUNS = ['.', '!', '?', ' ', '-', '1', '(', 'a.', '1-', '\n', ':', ', ', 'â€', '\u0007'];

export function fuzz(options: FuzzOptions): FuzzResult {
  const { seed, count } = options;
  const slowdown = options.slowdown ?? 50;
  const log = options.log ?? (() => {});
  const random = prng(seed);
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(xs: readonly T[]): T => xs[int(xs.length)];
  const letters = seedLetters();
  const failures: string[] = [];

  // Cost of a real letter per character (best of several), for the time budget.
  const reference = letters.slice(0, 5);
  const perChar = Math.min(...reference.map((t) => bestOf(3, () => lintLetter(parseLetter(t))) / t.length));
  const sameSizeLetter = (n: number) => {
    let t = '';
    while (t.length < n) t += letters[t.length % letters.length];
    return t.slice(0, n);
  };

  const mutate = (text: string): string => {
    const at = () => int(text.length + 1);
    switch (int(12)) {
      case 0: { // delete a range
        const a = at();
        return text.slice(0, a) + text.slice(Math.min(text.length, a + int(400)));
      }
      case 1: { // duplicate a range
        const a = at();
        const b = Math.min(text.length, a + int(2000));
        return text.slice(0, b) + text.slice(a, b) + text.slice(b);
      }
      case 2: { // junk
        const a = at();
        let junk = '';
        for (let i = int(8) + 1; i > 0; i--) junk += pick(JUNK);
        return text.slice(0, a) + junk + text.slice(a);
      }
      case 3: { // swap two lines
        const lines = text.split('\n');
        const i = int(lines.length);
        const j = int(lines.length);
        [lines[i], lines[j]] = [lines[j], lines[i]];
        return lines.join('\n');
      }
      case 4: // line endings
        return pick([(t: string) => t.replace(/\r?\n/g, '\r\n'), (t: string) => t.replace(/\r?\n/g, '\r'), (t: string) => t.replace(/\r\n?/g, '\n')])(text);
      case 5: { // a huge line of one risky unit
        const a = at();
        return text.slice(0, a) + pick(RUNS).repeat(int(20000) + 1000) + text.slice(a);
      }
      case 6: // cut off
        return text.slice(0, at());
      case 7: { // splice in part of another letter
        const other = pick(letters);
        const a = int(other.length);
        const b = at();
        return text.slice(0, b) + other.slice(a, a + int(3000)) + text.slice(b);
      }
      case 8: { // random UTF-16 code units
        const a = at();
        let s = '';
        for (let i = int(40) + 1; i > 0; i--) s += String.fromCharCode(int(0x10000));
        return text.slice(0, a) + s + text.slice(a);
      }
      case 9: { // flip the case of a range
        const a = at();
        const b = Math.min(text.length, a + int(300));
        const part = text.slice(a, b);
        return text.slice(0, a) + (random() < 0.5 ? part.toUpperCase() : part.toLowerCase()) + text.slice(b);
      }
      case 10: // whitespace kinds
        return text.replace(/ /g, () => (random() < 0.05 ? pick(['\u00A0', '\t', '  ', '']) : ' '));
      default: { // drop a line break or a character class
        const a = at();
        const i = text.indexOf('\n', a);
        return i < 0 ? text : text.slice(0, i) + text.slice(i + 1);
      }
    }
  };

  const makeInput = (): string => {
    if (random() < 0.05) {
      // Pure junk.
      let s = '';
      for (let i = int(200); i > 0; i--) s += random() < 0.5 ? pick(JUNK) : String.fromCharCode(int(0x10000));
      return s;
    }
    let text = pick(letters);
    for (let i = int(4) + 1; i > 0; i--) text = mutate(text);
    return text;
  };

  let worstRatio = 0;
  let inputs = 0;
  for (let n = 0; n < count; n++, inputs++) {
    const text = makeInput();
    const problem = check(text);
    if (problem) {
      failures.push(`input ${n} (seed ${seed}): ${problem}`);
      log(`FAIL input ${n}: ${problem}`);
      options.onFailure?.(n, text);
      if (failures.length >= 20) break;
    }
    if ((n + 1) % 1000 === 0) log(`${n + 1} inputs, ${failures.length} failures, slowest ${worstRatio.toFixed(1)}× a real letter`);
  }
  return { inputs, failures, worstRatio };

  function check(text: string): string | undefined {
    let diagnostics: LintDiagnostic[];
    const budget = (n: number) => slowdown * Math.max(2, n * perChar);
    let took: number;
    try {
      took = time(() => (diagnostics = lintLetter(parseLetter(text))));
    } catch (err) {
      return `parse/lint threw ${(err as Error).stack ?? err}`;
    }
    if (took > budget(text.length)) {
      // Measure again against a real letter of the same size before calling it slow.
      // Interleaved, a few times: a busy machine (another process, a GC) must not make an input look slow.
      const plain = sameSizeLetter(text.length);
      let again = Infinity;
      let r = Infinity;
      for (let attempt = 0; attempt < 4 && r > slowdown; attempt++) {
        const slow = bestOf(2, () => lintLetter(parseLetter(text)));
        const real = bestOf(2, () => lintLetter(parseLetter(plain)));
        if (slow / Math.max(real, 2) < r) [again, r] = [slow, slow / Math.max(real, 2)];
      }
      worstRatio = Math.max(worstRatio, r);
      if (r > slowdown) return `took ${again.toFixed(0)} ms, ${r.toFixed(0)}× a same-size real letter (${text.length} characters; starts ${JSON.stringify(text.slice(0, 80))})`;
    } else {
      worstRatio = Math.max(worstRatio, took / Math.max(2, text.length * perChar));
    }
    const lines = parseLetter(text).lines;
    const inside = (r: Range) =>
      r.start.line >= 0 && r.end.line < lines.lineCount && (r.start.line < r.end.line || (r.start.line === r.end.line && r.start.character <= r.end.character));
    for (const d of diagnostics!) {
      if (d.message.startsWith('Internal error')) return `${d.rule}: ${d.message}`;
      const spans = [d.span, ...d.related.map((r) => r.span), ...d.fixes.flatMap((f) => f.edits.map((e) => e.span))];
      if (spans.some((s) => !(s.start >= 0 && s.start <= s.end && s.end <= text.length))) return `${d.rule}: a span outside the document: ${JSON.stringify(spans)}`;
      if (![d.range, ...d.related.map((r) => r.range)].every(inside)) return `${d.rule}: a range outside the document: ${JSON.stringify(d.range)}`;
      for (const fix of d.fixes) {
        const applied = applyFixes(text, [fix]);
        if (applied.applied.length !== 1) return `${d.rule}: its fix "${fix.title}" does not apply`;
      }
    }
    let fixed;
    try {
      fixed = fixAll(text);
    } catch (err) {
      return `fix-all threw ${(err as Error).stack ?? err}`;
    }
    const left = fixed.remaining.flatMap((d) => d.fixes.filter((f) => f.preferred));
    if (left.length > 0 && applyFixes(fixed.text, left).text !== fixed.text)
      return `fix-all is not idempotent: after ${fixed.passes} passes, still fixable: ${[...new Set(fixed.remaining.filter((d) => d.fixes.some((f) => f.preferred)).map((d) => d.rule))].join(', ')}`;
    return undefined;
  }
}

function time(work: () => unknown): number {
  const start = process.hrtime.bigint();
  work();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function bestOf(n: number, work: () => unknown): number {
  let best = Infinity;
  for (let i = 0; i < n; i++) best = Math.min(best, time(work));
  return best;
}

if (require.main === module) {
  const arg = (name: string, fallback: number) => {
    const i = process.argv.indexOf(`--${name}`);
    const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
    if (!Number.isInteger(v) || v < 0) {
      console.error(`fuzz: --${name} expects a whole number`);
      process.exit(2);
    }
    return v;
  };
  const seed = arg('seed', 1);
  const count = arg('count', 1000);
  const t0 = Date.now();
  // --save DIR writes each failing input to DIR/seed-S-input-N.txt, to reproduce it.
  const saveAt = process.argv.indexOf('--save');
  const saveDir = saveAt >= 0 ? process.argv[saveAt + 1] : undefined;
  const onFailure = saveDir
    ? (n: number, text: string) => {
        fs.mkdirSync(saveDir, { recursive: true });
        fs.writeFileSync(path.join(saveDir, `seed-${seed}-input-${n}.txt`), text);
      }
    : undefined;
  const result = fuzz({ seed, count, log: (line) => console.log(line), onFailure });
  console.log(
    `fuzz: ${result.inputs} inputs (seed ${seed}) in ${Math.round((Date.now() - t0) / 1000)} s, slowest ${result.worstRatio.toFixed(1)}× a same-size real letter, ${result.failures.length} failures`,
  );
  for (const f of result.failures) console.log(`  ${f}`);
  process.exitCode = result.failures.length > 0 ? 1 : 0;
}
