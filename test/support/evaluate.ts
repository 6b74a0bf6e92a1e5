/**
 * The honest evaluation engine behind `npm run corpus` and test/corpus/corpus.test.ts:
 *  1. every finding on every published letter, per group (tuning / checking half, examples);
 *  2. mutation recall: each mutation class (test/support/mutations.ts) applied to each letter,
 *     caught when its rule fires at the mutated place with a finding the letter did not have;
 *     findings of other rules that the mutation adds are counted as collateral.
 * Pure: letters in, figures out. No letter text leaves it except file:line of findings and the
 * few changed words of a missed mutant.
 */
import { availableParallelism } from 'os';
import { Worker, isMainThread, parentPort, workerData } from 'worker_threads';
import { parseLetter } from '../../server/src/core/parser';
import { lintLetter, type LintDiagnostic } from '../../server/src/core/lint';
import { RULES } from '../../server/src/core/rules';
import { defaultCatalog, type Catalog } from '../../server/src/core/catalog';
import type { Letter, Span } from '../../server/src/core/model';
import type { Severity } from '../../server/src/core/rules/types';
import { MAX_PER_LETTER, MUTATION_CLASSES, type MutationClass, type Mutant } from './mutations';

export interface EvalLetter {
  /** Shown in the report, e.g. "real-letters/plain/001_cm16-0213037-….txt". */
  name: string;
  text: string;
  /** The group it is reported in: "tuning", "checking", "examples". */
  group: string;
}

export interface FindingRow {
  file: string;
  line: number;
  rule: string;
  severity: Severity;
  message: string;
}

export interface Tally {
  mutants: number;
  caught: number;
  /** caught / mutants, or null when no mutant applied. */
  recall: number | null;
}

export interface ClassResult extends Tally {
  rule: string;
  name: string;
  description: string;
  /** Letters the class applied to. */
  letters: number;
  /** Mutants where the rule fired, but not at the mutated place. */
  elsewhere: number;
  /** Mutants that added a finding of another rule, by rule. */
  collateral: Record<string, number>;
  /** The first misses: letter, line of the mutated place, what was changed. */
  misses: { file: string; line: number; what: string }[];
}

export interface GroupReport {
  group: string;
  letters: number;
  findings: FindingRow[];
  /** Findings per rule and severity. */
  totals: Record<string, Partial<Record<Severity, number>>>;
  classes: ClassResult[];
  rules: Record<string, Tally>;
  /** Flipping each item's decision (Upheld ↔ Overturned): share of items where the conflict is caught. */
  flip: Tally;
}

export interface Report {
  today: string;
  groups: GroupReport[];
  /** Registered rules that no registered mutation class exercises. */
  rulesWithoutClasses: string[];
  mutants: number;
  ms: number;
}

export interface EvaluateOptions {
  today: Date;
  catalog?: Catalog;
  classes?: readonly MutationClass[];
  /** Mutants per class and letter (default MAX_PER_LETTER; classes marked `every` run all). */
  perLetter?: number;
  /** Misses kept per class and group (all are counted). */
  keepMisses?: number;
}

/** The recall every rule must reach, per group (issue 9). */
export const RECALL_TARGET = 0.98;
const MAX_MISSES = 25;
const key = (d: LintDiagnostic) => `${d.rule}\u0000${d.message}`;
const ratio = (caught: number, mutants: number) => (mutants === 0 ? null : caught / mutants);

function counts(ds: LintDiagnostic[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const d of ds) m.set(key(d), (m.get(key(d)) ?? 0) + 1);
  return m;
}

/** Findings of the mutant that the original letter did not have (by rule and message). */
function added(original: Map<string, number>, mutant: LintDiagnostic[]): LintDiagnostic[] {
  const left = new Map(original);
  const out: LintDiagnostic[] = [];
  for (const d of mutant) {
    const n = left.get(key(d)) ?? 0;
    if (n > 0) left.set(key(d), n - 1);
    else out.push(d);
  }
  return out;
}

/** At most n of the list, evenly spaced from a start that the seed picks (so that, over many
 *  letters, every position in a letter is sampled: first, middle and last items alike). */
function sample<T>(list: T[], n: number, seed: string): T[] {
  if (list.length <= n) return list;
  let h = 2166136261;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619) >>> 0;
  const start = h % list.length;
  return Array.from({ length: n }, (_, i) => list[(start + Math.floor((i * list.length) / n)) % list.length]);
}

/** True when the finding (or one of its related places) shares a line with a mutated place. */
function atPlace(letter: Letter, d: LintDiagnostic, places: Span[]): boolean {
  const lines = places.map((p) => [letter.lines.positionAt(p.start).line, letter.lines.positionAt(p.end).line]);
  const ranges = [d.range, ...d.related.map((r) => r.range)];
  return ranges.some((r) => lines.some(([a, b]) => r.start.line <= b && r.end.line >= a));
}

export function evaluate(letters: readonly EvalLetter[], options: EvaluateOptions): Report {
  const t0 = Date.now();
  const catalog = options.catalog ?? defaultCatalog();
  const classes = options.classes ?? MUTATION_CLASSES;
  const keep = options.keepMisses ?? MAX_MISSES;
  const perLetter = options.perLetter ?? MAX_PER_LETTER;
  const lint = (letter: Letter) => lintLetter(letter, { today: options.today, catalog });
  const groups = new Map<string, GroupReport>();
  let total = 0;

  for (const source of letters) {
    let g = groups.get(source.group);
    if (!g) {
      g = {
        group: source.group,
        letters: 0,
        findings: [],
        totals: {},
        classes: classes.map((c) => ({ rule: c.rule, name: c.name, description: c.description, letters: 0, mutants: 0, caught: 0, recall: null, elsewhere: 0, collateral: {}, misses: [] })),
        rules: {},
        flip: { mutants: 0, caught: 0, recall: null },
      };
      groups.set(source.group, g);
    }
    g.letters++;
    const letter = parseLetter(source.text);
    const found = lint(letter);
    for (const d of found) {
      g.findings.push({ file: source.name, line: d.range.start.line + 1, rule: d.rule, severity: d.severity, message: d.message });
      const t = (g.totals[d.rule] ??= {});
      t[d.severity] = (t[d.severity] ?? 0) + 1;
    }
    const baseline = counts(found);
    const ctx = { letter, catalog, today: options.today };

    classes.forEach((cls, ci) => {
      let mutants: Mutant[];
      try {
        mutants = sample(cls.mutants(ctx).filter((m) => m.text !== source.text), cls.every ? Infinity : perLetter, `${source.name}\u0000${cls.rule}/${cls.name}`);
      } catch (err) {
        throw new Error(`mutation class ${cls.rule}/${cls.name} failed on ${source.name}: ${(err as Error).message}`, { cause: err });
      }
      if (mutants.length === 0) return;
      const r = g!.classes[ci];
      r.letters++;
      for (const m of mutants) {
        total++;
        const mutated = parseLetter(m.text);
        const fresh = added(baseline, lint(mutated));
        const own = fresh.filter((d) => d.rule === cls.rule);
        const caught = own.some((d) => (m.accept ? m.accept(d) : atPlace(mutated, d, m.places)));
        r.mutants++;
        if (caught) r.caught++;
        else {
          if (own.length > 0) r.elsewhere++;
          if (r.misses.length < keep) r.misses.push({ file: source.name, line: mutated.lines.positionAt(m.places[0]?.start ?? 0).line + 1, what: m.what });
        }
        for (const rule of new Set(fresh.filter((d) => d.rule !== cls.rule).map((d) => d.rule))) r.collateral[rule] = (r.collateral[rule] ?? 0) + 1;
        if (cls.rule === 'decision-rationale-conflict' && cls.name === 'flip-decision') {
          g!.flip.mutants++;
          if (caught) g!.flip.caught++;
        }
      }
    });
  }

  return finish([...groups.values()], total, options.today, t0);
}

/** Recall per class, rule and flip, from the counts. */
function finish(groups: GroupReport[], mutants: number, today: Date, t0: number): Report {
  for (const g of groups) {
    g.rules = {};
    for (const r of g.classes) {
      r.recall = ratio(r.caught, r.mutants);
      const t = (g.rules[r.rule] ??= { mutants: 0, caught: 0, recall: null });
      t.mutants += r.mutants;
      t.caught += r.caught;
    }
    for (const t of Object.values(g.rules)) t.recall = ratio(t.caught, t.mutants);
    g.flip.recall = ratio(g.flip.caught, g.flip.mutants);
  }
  const covered = new Set(MUTATION_CLASSES.map((c) => c.rule));
  return {
    today: today.toISOString().slice(0, 10),
    groups,
    rulesWithoutClasses: RULES.map((r) => r.id).filter((id) => !covered.has(id)),
    mutants,
    ms: Date.now() - t0,
  };
}

/** Adds the counts of b's groups into a's (same classes, in the same order). */
function merge(into: Map<string, GroupReport>, part: Report, keep: number): void {
  for (const g of part.groups) {
    const a = into.get(g.group);
    if (!a) {
      into.set(g.group, g);
      continue;
    }
    a.letters += g.letters;
    a.findings.push(...g.findings);
    for (const [rule, sev] of Object.entries(g.totals)) {
      const t = (a.totals[rule] ??= {});
      for (const [s, n] of Object.entries(sev) as [Severity, number][]) t[s] = (t[s] ?? 0) + n;
    }
    g.classes.forEach((c, i) => {
      const r = a.classes[i];
      r.letters += c.letters;
      r.mutants += c.mutants;
      r.caught += c.caught;
      r.elsewhere += c.elsewhere;
      for (const [k, v] of Object.entries(c.collateral)) r.collateral[k] = (r.collateral[k] ?? 0) + v;
      r.misses = [...r.misses, ...c.misses].slice(0, keep);
    });
    a.flip.mutants += g.flip.mutants;
    a.flip.caught += g.flip.caught;
  }
}

/**
 * The same evaluation over worker threads (one per core, at most `threads`), for the registered
 * classes and the default catalog; the letters are split into contiguous runs, so the report is
 * identical to `evaluate`'s. Falls back to `evaluate` for custom classes or catalogs.
 */
export async function evaluateInParallel(letters: readonly EvalLetter[], options: EvaluateOptions & { threads?: number }): Promise<Report> {
  const threads = Math.max(1, Math.min(options.threads ?? availableParallelism(), Math.ceil(letters.length / 20)));
  if (threads === 1 || options.classes || options.catalog) return evaluate(letters, options);
  const t0 = Date.now();
  const size = Math.ceil(letters.length / threads);
  const chunks = Array.from({ length: threads }, (_, i) => letters.slice(i * size, (i + 1) * size)).filter((c) => c.length > 0);
  const { catalog: _c, classes: _k, ...plain } = options;
  const parts = await Promise.all(
    chunks.map(
      (chunk) =>
        new Promise<Report>((resolve, reject) => {
          const w = new Worker(__filename, { workerData: { [WORKER_FLAG]: true, letters: chunk, options: plain } });
          w.once('message', (r: Report) => resolve(r));
          w.once('error', reject);
          w.once('exit', (code) => code !== 0 && reject(new Error(`evaluation worker exited with ${code}`)));
        }),
    ),
  );
  const groups = new Map<string, GroupReport>();
  for (const p of parts) merge(groups, p, options.keepMisses ?? MAX_MISSES);
  return finish([...groups.values()], parts.reduce((n, p) => n + p.mutants, 0), options.today, t0);
}

const WORKER_FLAG = 'imrCorpusEvaluation';
if (!isMainThread && workerData?.[WORKER_FLAG]) {
  const { letters, options } = workerData as { letters: EvalLetter[]; options: EvaluateOptions };
  parentPort!.postMessage(evaluate(letters, options));
}
