/**
 * Benchmark: what parsing and linting a letter costs, beside markdownlint's default rules on the
 * same strings and a floor of "split into lines + one regex per line", and how the cost grows with
 * size. Run with `npm run bench`. Figures, not assertions: timing belongs here, not in tests.
 *
 *   node out/test/bench/bench.js [--rounds N] [--warmup N] [--quick] [--no-scaling] [--no-rules] [--scaling-only]
 *
 * Every ratio is measured in the same run, interleaved (each round times every letter with the
 * project, markdownlint and the floor in turn), so a busy or slow machine moves all three alike.
 */
import { spawnSync } from 'child_process';
import * as os from 'os';
import * as v8 from 'v8';
import * as vm from 'vm';
import { PerformanceObserver, performance } from 'perf_hooks';
import { parseLetter } from '../../server/src/core/parser';
import { lintLetter } from '../../server/src/core/lint';
import { RULES } from '../../server/src/core/rules';
import { outline, foldingRanges } from '../../server/src/core/features/outline';
import { semanticTokens } from '../../server/src/core/features/semanticTokens';
import { defaultCatalog } from '../../server/src/core/catalog';
import type { Letter } from '../../server/src/core/model';
import { corpus, hasShared, readExample } from '../support/corpus';

const argv = process.argv.slice(2);
const flag = (name: string) => argv.includes(name);
const opt = (name: string, def: number) => {
  const i = argv.indexOf(name);
  return i >= 0 ? Number(argv[i + 1]) : def;
};
const QUICK = flag('--quick');
const ROUNDS = opt('--rounds', QUICK ? 5 : 21);
const WARMUP = opt('--warmup', QUICK ? 2 : 8);

const catalog = defaultCatalog();
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const us = (ms: number) => `${(ms * 1000).toFixed(ms < 0.01 ? 2 : ms < 1 ? 1 : 0)} µs`;
const bytes = (t: string) => Buffer.byteLength(t, 'utf8');

// ------------------------------------------------------------------------------------ letters

const published = hasShared ? corpus().filter((l) => l.style !== 'seed') : [];
const letters = published.length > 0 ? published.map((l) => l.text) : [readExample('examples/clean/lumbar-therapy.imr')];
const totalBytes = letters.reduce((a, t) => a + bytes(t), 0);
console.log(
  `Machine: ${os.cpus()[0]?.model ?? 'unknown CPU'} (${os.cpus().length} cores), Node ${process.version}, ${os.platform()} ${os.arch()}`,
);
console.log(
  `Corpus: ${letters.length} ${published.length > 0 ? 'published letters (../shared/real-letters, layout and plain extractions)' : 'example letter (../shared not found)'}, ` +
    `${(totalBytes / 1e6).toFixed(2)} MB, median ${(median(letters.map(bytes)) / 1024).toFixed(1)} KB; ${ROUNDS} interleaved rounds after ${WARMUP} warm-up rounds`,
);

// ------------------------------------------------------------------------------------ the three contenders

type MarkdownlintSync = (options: { strings: Record<string, string>; config?: unknown }) => unknown;
const project = (text: string) => lintLetter(parseLetter(text), { catalog });
/** The floor: split into lines and run one regex per line (a heading test). */
const FLOOR_RE = /^\s*[A-Z][A-Z ,'()/-]{3,}:?\s*$/;
let floorSink = 0;
const floor = (text: string) => {
  for (const line of text.split(/\r\n|\r|\n/)) if (FLOOR_RE.test(line)) floorSink++;
};

/** Time of one call of `fn`, in ms: `reps` calls timed together (for calls shorter than the timer's grain). */
function timeOnce(fn: () => void, reps: number): number {
  const t0 = performance.now();
  for (let i = 0; i < reps; i++) fn();
  return (performance.now() - t0) / reps;
}

async function main(): Promise<void> {
  if (flag('--scaling-only')) return scaling();
  const markdownlint = ((await import('markdownlint/sync')) as unknown as { lint: MarkdownlintSync }).lint;
  const mdl = (text: string) => markdownlint({ strings: { letter: text } });

  // Warm up every path, then interleave: each round times every letter by each contender in turn,
  // after a collection, so that no contender pays for the garbage another one left. One pass is not
  // warm: the JIT and the young generation's size settle over several (measured: the project's
  // per-round median falls from ~1.5× to its steady value over about six rounds). So WARMUP rounds
  // run untimed first, except that the very first pass is timed as the cold figure: what a fresh
  // process pays on its first letters (a CLI run on a handful of files).
  const cold = letters.map((t) => timeOnce(() => project(t), 1));
  for (let w = 0; w < WARMUP; w++) {
    for (const t of letters) {
      if (w > 0) project(t);
      mdl(t);
      floor(t);
    }
  }
  const times = { project: letters.map(() => [] as number[]), markdownlint: letters.map(() => [] as number[]), floor: letters.map(() => [] as number[]) };
  const contenders: [keyof typeof times, (t: string) => unknown, number][] = [
    ['project', project, 2],
    ['markdownlint', mdl, 1],
    ['floor', floor, 20],
  ];
  // The collections that run while the project's rounds are timed (not the bench's own gc() calls).
  const projectWindows: [number, number][] = [];
  const collections: { start: number; duration: number }[] = [];
  const gcObserver = new PerformanceObserver(() => undefined);
  gcObserver.observe({ entryTypes: ['gc'] });
  for (let r = 0; r < ROUNDS; r++) {
    // The order turns each round, so none always runs first (or right after another).
    for (let c = 0; c < contenders.length; c++) {
      const [k, fn, reps] = contenders[(c + r) % contenders.length];
      gc();
      const from = performance.now();
      letters.forEach((t, i) => times[k][i].push(timeOnce(() => fn(t), reps)));
      if (k === 'project') projectWindows.push([from, performance.now()]);
    }
  }
  // The entries reach the observer's list on the next turn of the event loop.
  await new Promise((resolve) => setImmediate(resolve));
  for (const e of gcObserver.takeRecords()) collections.push({ start: e.startTime, duration: e.duration });
  gcObserver.disconnect();
  const inProject = collections.filter((g) => projectWindows.some(([a, b]) => g.start >= a && g.start < b));
  const projectCalls = ROUNDS * letters.length * 2;
  const perLetter = (k: keyof typeof times) => times[k].map(median);
  const med = { project: median(perLetter('project')), markdownlint: median(perLetter('markdownlint')), floor: median(perLetter('floor')) };
  const sum = (k: keyof typeof times) => perLetter(k).reduce((a, b) => a + b, 0);
  const mbps = (k: keyof typeof times) => totalBytes / 1e6 / (sum(k) / 1000);

  console.log('\nParse + all rules, per published letter (median over letters of each letter\'s median):');
  console.log('  contender                        µs/letter      MB/s   × markdownlint   × floor');
  const row = (name: string, k: keyof typeof times) =>
    console.log(
      `  ${name.padEnd(30)} ${us(med[k]).padStart(11)} ${mbps(k).toFixed(1).padStart(9)} ${(med[k] / med.markdownlint).toFixed(3).padStart(14)}× ${(med[k] / med.floor).toFixed(1).padStart(8)}×`,
    );
  row('imr: parse + all rules', 'project');
  row('markdownlint 0.40 default rules', 'markdownlint');
  row('floor: split + 1 regex/line', 'floor');
  console.log(`  cold: the first pass of a fresh process, before ${WARMUP} warm-up rounds: ${us(median(cold))} per letter (median)`);
  console.log(
    `  garbage collection while the project ran: ${us(inProject.reduce((a, g) => a + g.duration, 0) / projectCalls)} per letter (mean), ${inProject.length} collections of ${us(inProject.reduce((a, g) => a + g.duration, 0) / Math.max(1, inProject.length))} on average`,
  );
  console.log(`  budget: ≤ 100 µs, ≤ 0.035× markdownlint, ≤ 30× floor`);

  // ---------------------------------------------------------------------------------- parts
  const parts: [string, (t: string, l: Letter) => void][] = [
    ['parse', (t) => parseLetter(t)],
    ['outline + folding (model given)', (_t, l) => (outline(l), foldingRanges(l))],
    ['semantic tokens (fresh parse)', (t) => semanticTokens(parseLetter(t), catalog)],
  ];
  const parsed = letters.map((t) => parseLetter(t));
  console.log('\nParts, per letter (median):');
  for (const [name, fn] of parts) {
    const xs = letters.map(() => [] as number[]);
    for (let r = 0; r < Math.min(ROUNDS, 9); r++) letters.forEach((t, i) => xs[i].push(timeOnce(() => fn(t, parsed[i]), 2)));
    console.log(`  ${name.padEnd(34)} ${us(median(xs.map(median))).padStart(10)}`);
  }

  // ---------------------------------------------------------------------------------- rules
  if (!flag('--no-rules')) {
    console.log('\nPer rule, on freshly parsed letters (citations parsed by the first rule that asks are shared by the rest; here each rule pays them alone):');
    const rows: [string, number][] = [];
    const rounds = QUICK ? 2 : 5;
    for (const l of letters.map((t) => parseLetter(t))) for (const rule of RULES) lintLetter(l, { catalog }, [rule]); // warm up
    for (const rule of RULES) {
      const runs: number[] = [];
      for (let r = 0; r < rounds; r++) {
        const fresh = letters.map((t) => parseLetter(t));
        const t0 = performance.now();
        for (const l of fresh) lintLetter(l, { catalog }, [rule]);
        runs.push((performance.now() - t0) / fresh.length);
      }
      rows.push([rule.id, median(runs)]);
    }
    for (const [id, ms] of rows.sort((a, b) => b[1] - a[1])) console.log(`  ${id.padEnd(30)} ${us(ms).padStart(10)} per letter`);
  }

  // ---------------------------------------------------------------------------------- heap
  heapFigures();

  // ---------------------------------------------------------------------------------- scaling
  if (!flag('--no-scaling')) {
    scaling();
    if (!QUICK) youngGenerationScaling();
  }
  if (floorSink < 0) console.log(floorSink);
}

/**
 * The scaling table again, in a child process whose young generation holds a 4 MB letter's model
 * (`--max-semi-space-size=64`; the default is 16 MB). A diagnostic, not the budgeted figure (the
 * CLI and the server run with the default): at 1,000× the freshly built model outlives minor
 * collections, and each one copies it, a cost the smaller sizes never pay. What still grows here is
 * the code's own.
 */
function youngGenerationScaling(): void {
  console.log('\nThe same, in a process whose young generation holds the 4 MB model (node --max-semi-space-size=64; a diagnostic, not the budget):');
  const r = spawnSync(process.execPath, ['--max-semi-space-size=64', __filename, '--scaling-only'], { encoding: 'utf8' });
  const table = (r.stdout ?? '').split('\n').filter((line) => line.startsWith('  '));
  console.log(r.status === 0 && table.length > 0 ? table.join('\n') : `  (the child process failed: ${(r.stderr ?? '').trim().split('\n')[0] ?? r.status})`);
}

function heapFigures(): void {
  const sample = letters;
  const measure = (make: () => unknown[]) => {
    gc();
    gc();
    const h0 = process.memoryUsage().heapUsed;
    const kept = make();
    gc();
    gc();
    const h1 = process.memoryUsage().heapUsed;
    if (kept.length < 0) console.log(kept);
    return h1 - h0;
  };
  // The letters' own strings are alive before and after: only the model's objects are counted.
  measure(() => sample.map((t) => parseLetter(t))); // once to fill the caches (regexes, catalog indexes)
  const model = measure(() => sample.map((t) => parseLetter(t)));
  const withLint = measure(() => sample.map((t) => { const l = parseLetter(t); return [l, lintLetter(l, { catalog })]; }));
  const textBytes = sample.reduce((a, t) => a + bytes(t), 0);
  console.log(`\nHeap: the models of all ${sample.length} letters hold ${(model / 1e6).toFixed(2)} MB for ${(textBytes / 1e6).toFixed(2)} MB of text (UTF-8): ${(model / textBytes).toFixed(2)}× the text (budget ≤ 3×)`);
  console.log(`      with each letter's diagnostics and cached citations kept too: ${(withLint / textBytes).toFixed(2)}×`);
}

function scaling(): void {
  console.log('\nCost per KB as a letter grows (one example letter with its items repeated; min of runs):');
  const base = readExample('examples/clean/lumbar-therapy.imr');
  const items = base.slice(base.indexOf('MRI of the lumbar spine without contrast: Upheld'));
  const sizes = QUICK ? [1, 10, 100] : [1, 10, 100, 1000];
  const ops: [string, (t: string, l: Letter) => void][] = [
    ['parse', (t) => parseLetter(t)],
    ['lint (rules)', (_t, l) => lintLetter(l, { catalog })],
    ['outline', (_t, l) => (outline(l), foldingRanges(l))],
    ['sem. tokens', (_t, l) => semanticTokens(l, catalog)],
  ];
  if (flag('--scaling-only')) {
    // A fresh process: warm the code up first (the JIT takes about 2,000 letters), as the main run is by now.
    const l = parseLetter(base);
    for (let i = 0; i < 2000; i++) for (const [, fn] of ops) fn(base, l);
  }
  const perKb: number[][] = ops.map(() => []);
  const header = `  ${'size'.padEnd(16)}${ops.map(([n]) => n.padStart(14)).join('')}   (µs per KB)`;
  console.log(header);
  for (const x of sizes) {
    let text = base;
    const want = base.length * x;
    while (text.length < want) text += '\n' + items;
    const kb = bytes(text) / 1024;
    const cells: string[] = [];
    ops.forEach(([, fn], k) => {
      const runs: number[] = [];
      const budgetMs = x >= 1000 ? 4000 : 600;
      const t0 = performance.now();
      // A fresh model each run (rules cache citations per model object).
      do {
        const l = parseLetter(text);
        runs.push(timeOnce(() => fn(text, l), 1));
      } while (performance.now() - t0 < budgetMs && runs.length < 200);
      const ms = Math.min(...runs);
      perKb[k].push((ms * 1000) / kb);
      cells.push(((ms * 1000) / kb).toFixed(2).padStart(14));
    });
    const itemCount = parseLetter(text).items.length;
    console.log(`  ${`${x}× ${kb >= 1024 ? `${(kb / 1024).toFixed(1)} MB` : `${kb.toFixed(0)} KB`} ${itemCount} it.`.padEnd(16)}${cells.join('')}`);
  }
  console.log(`  ${'max/min'.padEnd(16)}${perKb.map((xs) => `${(Math.max(...xs) / Math.min(...xs)).toFixed(2)}×`.padStart(14)).join('')}   (budget ≤ 1.3×)`);
}

void main();
