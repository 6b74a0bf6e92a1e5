/**
 * `npm run corpus`: the honest evaluation on the published letters, printed per half.
 *
 *   npm run corpus                   findings and mutation recall, tuning and checking halves
 *   npm run corpus -- --json         the same as JSON (machine-readable summary)
 *   npm run corpus -- --misses       also list the checking half's missed mutants (tuning misses are always listed)
 *   npm run corpus -- --rule <id>    only the mutation classes of one rule (faster while working on it)
 *
 * Rules are tuned on the tuning half only; the checking half is for reporting. Exit code 0 always
 * (this is a measurement; the thresholds are asserted by test/corpus/corpus.test.ts).
 */
import { evaluate, evaluateInParallel, RECALL_TARGET, type ClassResult, type GroupReport, type Report, type Tally } from '../support/evaluate';
import { EVAL_TODAY, exampleLetters, publishedLetters } from '../support/evalLetters';
import { MUTATION_CLASSES } from '../support/mutations';
import { HALVES, SHARED_MISSING, hasShared } from '../support/corpus';
import { RULES } from '../../server/src/core/rules';
import { isMainThread } from 'worker_threads';

const SEVERITIES = ['error', 'warning', 'info', 'hint'] as const;

const pct = (t: Tally) => (t.recall === null ? '   n/a' : `${(100 * t.recall).toFixed(1).padStart(5)}%`);
const frac = (t: Tally) => `${pct(t)} ${`(${t.caught}/${t.mutants})`.padEnd(13)}`;

export function formatReport(report: Report, opts: { misses?: boolean } = {}): string {
  const out: string[] = [];
  const groups = report.groups;
  const byName = (n: string) => groups.find((g) => g.group === n);
  const shown = [...HALVES, 'examples'].map(byName).filter((g): g is GroupReport => !!g);
  out.push(`IMR Letters: honest evaluation (today = ${report.today}; ${report.mutants} mutants in ${(report.ms / 1000).toFixed(1)} s)`);
  out.push(`Split (test/support/corpus.ts half()): tuning = case number ending in an even digit, plus the seeds; checking = odd digit.`);
  out.push(`Letters: ${shown.map((g) => `${g.group} ${g.letters}`).join(', ')} (layout and plain extractions each count).`);
  if (!hasShared) out.push(`Note: ${SHARED_MISSING}; only the repository's examples were evaluated.`);

  out.push('', '1. Findings on published letters (each should be a real defect of the letter)');
  const rules = RULES.map((r) => r.id);
  const head = `  ${'rule'.padEnd(28)}${shown.map((g) => g.group.padEnd(26)).join('')}`;
  out.push(head, `  ${''.padEnd(28)}${shown.map(() => 'error warn  info  hint    ').join('')}`);
  const cell = (g: GroupReport, rule: string) => SEVERITIES.map((s) => String(g.totals[rule]?.[s] ?? 0).padEnd(6)).join('') + '  ';
  for (const rule of rules) {
    if (!shown.some((g) => g.totals[rule])) continue;
    out.push(`  ${rule.padEnd(28)}${shown.map((g) => cell(g, rule)).join('')}`);
  }
  const sum = (g: GroupReport, s: string) => Object.values(g.totals).reduce((n, t) => n + ((t as Record<string, number>)[s] ?? 0), 0);
  out.push(`  ${'total'.padEnd(28)}${shown.map((g) => SEVERITIES.map((s) => String(sum(g, s)).padEnd(6)).join('') + '  ').join('')}`);
  for (const g of shown) {
    out.push('', `  ${g.group === 'examples' ? 'examples (clean letters in the repository)' : `${g.group} half`}: ${g.findings.length} finding(s)`);
    for (const f of g.findings) out.push(`    ${f.file}:${f.line}  ${f.severity}  ${f.rule}  ${f.message}`);
  }

  out.push('', `2. Mutation recall (caught = the rule fires at the mutated place; target ≥ ${RECALL_TARGET * 100}%)`);
  out.push(`  ${'rule / class'.padEnd(44)}${shown.map((g) => g.group.padEnd(22)).join('')}collateral (other rules firing, all groups)`);
  const classRows = (g: GroupReport, rule: string) => g.classes.filter((c) => c.rule === rule);
  for (const rule of [...new Set(shown[0]?.classes.map((c) => c.rule) ?? [])]) {
    out.push(`  ${rule.padEnd(44)}${shown.map((g) => frac(g.rules[rule] ?? { mutants: 0, caught: 0, recall: null })).join('')}`);
    const names = classRows(shown[0], rule).map((c) => c.name);
    names.forEach((name, i) => {
      const rows = shown.map((g) => classRows(g, rule)[i]);
      const collateral: Record<string, number> = {};
      for (const r of rows) for (const [k, v] of Object.entries(r.collateral)) collateral[k] = (collateral[k] ?? 0) + v;
      const col = Object.entries(collateral).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(', ');
      out.push(`    ${name.padEnd(42)}${rows.map(frac).join('')}${col}`);
    });
  }
  out.push('', `  Flip each item's decision (Upheld ↔ Overturned), caught by decision-rationale-conflict: ${shown.map((g) => `${g.group} ${pct(g.flip).trim()} of ${g.flip.mutants} items`).join('; ')}`);
  if (report.rulesWithoutClasses.length) out.push(`  Rules with no mutation class yet: ${report.rulesWithoutClasses.join(', ')}`);
  const below = shown.flatMap((g) => Object.entries(g.rules).filter(([, t]) => t.recall !== null && t.recall < RECALL_TARGET).map(([r, t]) => `${r} (${g.group} ${pct(t).trim()})`));
  out.push(`  Below ${RECALL_TARGET * 100}%: ${below.length ? below.join(', ') : 'none'}`);

  const missGroups = shown.filter((g) => g.group !== 'checking' || opts.misses);
  out.push('', `3. Missed mutants (${missGroups.map((g) => g.group).join(', ')}${opts.misses ? '' : '; the checking half’s are counted above, listed with --misses'})`);
  for (const g of missGroups) {
    for (const c of g.classes.filter((x: ClassResult) => x.misses.length > 0)) {
      out.push(`  ${g.group} ${c.rule}/${c.name}: ${c.mutants - c.caught} missed${c.elsewhere ? ` (${c.elsewhere} fired elsewhere)` : ''}`);
      for (const m of c.misses.slice(0, 8)) out.push(`    ${m.file}:${m.line}  ${m.what}`);
    }
  }
  return out.join('\n');
}

/** The JSON summary: the report as is, minus the checking half's list of misses unless asked. */
export function jsonReport(report: Report, opts: { misses?: boolean } = {}): string {
  const groups = report.groups.map((g) => (g.group === 'checking' && !opts.misses ? { ...g, classes: g.classes.map((c) => ({ ...c, misses: [] })) } : g));
  return JSON.stringify({ ...report, recallTarget: RECALL_TARGET, groups }, null, 2);
}

async function main(argv: string[]): Promise<void> {
  const json = argv.includes('--json');
  const misses = argv.includes('--misses');
  const ruleAt = argv.indexOf('--rule');
  const rule = ruleAt >= 0 ? argv[ruleAt + 1] : undefined;
  const classes = rule ? MUTATION_CLASSES.filter((c) => c.rule === rule) : MUTATION_CLASSES;
  if (rule && classes.length === 0) {
    console.error(`No mutation class for rule "${rule}". Rules with classes: ${[...new Set(MUTATION_CLASSES.map((c) => c.rule))].join(', ')}`);
    process.exit(2);
  }
  const letters = [...publishedLetters(), ...exampleLetters()];
  const report = rule ? evaluate(letters, { today: EVAL_TODAY, classes }) : await evaluateInParallel(letters, { today: EVAL_TODAY });
  console.log(json ? jsonReport(report, { misses }) : formatReport(report, { misses }));
}

if (require.main === module && isMainThread) {
  main(process.argv.slice(2)).catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
