/** Every rule has a documentation page, and every page documents a rule. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { RULES } from '../../server/src/core/rules';
import { ruleDocHeader } from '../../server/src/core/rules/docs';
import { corpus, hasShared, repoRoot as compiledRoot } from '../support/corpus';
import { exampleLetters, EVAL_TODAY } from '../support/evalLetters';
import { MUTATION_CLASSES } from '../support/mutations';
import { parseLetter } from '../../server/src/core/parser';
import { lintLetter } from '../../server/src/core/lint';
import { defaultCatalog } from '../../server/src/core/catalog';

/** The repository (also when this file is bundled elsewhere and run from the repository folder). */
const repoRoot = fs.existsSync(path.join(compiledRoot, 'package.json')) ? compiledRoot : process.cwd();

const docsDir = path.join(repoRoot, 'docs', 'rules');
const pages = () => (fs.existsSync(docsDir) ? fs.readdirSync(docsDir).filter((f) => f.endsWith('.md')) : []);

test('rule docs: every rule in RULES has docs/rules/<id>.md', () => {
  const missing = RULES.map((r) => r.id).filter((id) => !pages().includes(`${id}.md`));
  assert.deepEqual(missing, [], `write docs/rules/<id>.md for: ${missing.join(', ')}`);
});

test('rule docs: every page documents a registered rule', () => {
  const ids = new Set(RULES.map((r) => r.id));
  const orphans = pages().filter((p) => !ids.has(p.replace(/\.md$/, '')));
  assert.deepEqual(orphans, [], `pages without a rule (rename or delete them): ${orphans.join(', ')}`);
});

test('rule docs: each page is titled by its id and says what, why, an example and the fix', () => {
  const problems: string[] = [];
  for (const page of pages()) {
    const text = fs.readFileSync(path.join(docsDir, page), 'utf8');
    const id = page.replace(/\.md$/, '');
    const rule = RULES.find((r) => r.id === id);
    if (rule && !text.startsWith(ruleDocHeader(rule))) problems.push(`${page}: its header is not the one generated from the rule registry (run npm run docs:rules)`);
    for (const heading of ['## What it checks', '## Why it matters', '## Example', '## Fix']) {
      if (!text.includes(heading)) problems.push(`${page}: no "${heading}" section`);
    }
    const severityLine = /^\*\*Default severity:\*\*.*$/m.exec(text)?.[0];
    if (!severityLine) problems.push(`${page}: no "**Default severity:**" line`);
    else if (rule && !severityLine.includes(rule.defaultSeverity)) problems.push(`${page}: the severity line does not mention the default, ${rule.defaultSeverity}`);
  }
  assert.deepEqual(problems, []);
});

/**
 * `fixable` and `suggestsFixes` say what a rule's findings carry: measured on the example letters,
 * the drafts, and every mutant the mutation classes make of them (and of the published letters when
 * ../shared is there): a preferred fix only from a fixable rule, any fix only from a rule that says
 * it fixes or suggests; and each rule that says so shows it at least once.
 */
test('rule metadata: every fix-bearing finding comes from a rule declared fixable (or suggesting fixes), and each declared one fixes something', () => {
  const letters = [...exampleLetters().map((l) => l.text), ...draftLetters(), ...(hasShared ? corpus().slice(0, 12).map((l) => l.text) : [])];
  const catalog = defaultCatalog();
  const seenPreferred = new Set<string>();
  const seenSuggested = new Set<string>();
  const wrong = new Set<string>();
  const byId = new Map(RULES.map((r) => [r.id, r]));
  const look = (text: string) => {
    for (const d of lintLetter(parseLetter(text), { catalog, today: EVAL_TODAY })) {
      const rule = byId.get(d.rule)!;
      if (d.fixes.some((f) => f.preferred)) {
        seenPreferred.add(d.rule);
        if (!rule.fixable) wrong.add(`${d.rule}: a preferred fix ("${d.fixes[0].title}") but fixable: false`);
      }
      if (d.fixes.some((f) => !f.preferred)) {
        seenSuggested.add(d.rule);
        if (!rule.fixable && !rule.suggestsFixes) wrong.add(`${d.rule}: a quick fix ("${d.fixes[0].title}") but neither fixable nor suggestsFixes`);
      }
    }
  };
  for (const text of letters) {
    look(text);
    const letter = parseLetter(text);
    for (const cls of MUTATION_CLASSES) for (const m of cls.mutants({ letter, catalog, today: EVAL_TODAY }).slice(0, 3)) look(m.text);
  }
  for (const r of RULES) {
    if (r.fixable && !seenPreferred.has(r.id)) wrong.add(`${r.id}: fixable: true, but no finding carried a preferred fix`);
    if (r.suggestsFixes && !seenSuggested.has(r.id)) wrong.add(`${r.id}: suggestsFixes: true, but no finding carried a quick fix`);
  }
  assert.deepEqual([...wrong].sort(), []);
});

function draftLetters(): string[] {
  const dir = path.join(repoRoot, 'examples', 'drafts');
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => /\.(imr|txt)$/.test(f)).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')) : [];
}
