/** Every rule has a documentation page, and every page documents a rule. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { RULES } from '../../server/src/core/rules';
import { repoRoot as compiledRoot } from '../support/corpus';

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
    if (!text.startsWith(`# ${id}\n`)) problems.push(`${page}: must start with "# ${id}"`);
    for (const heading of ['## What it checks', '## Why it matters', '## Example', '## Fix']) {
      if (!text.includes(heading)) problems.push(`${page}: no "${heading}" section`);
    }
    const rule = RULES.find((r) => r.id === id);
    const severityLine = /^\*\*Default severity:\*\*.*$/m.exec(text)?.[0];
    if (!severityLine) problems.push(`${page}: no "**Default severity:**" line`);
    else if (rule && !severityLine.includes(rule.defaultSeverity)) problems.push(`${page}: the severity line does not mention the default, ${rule.defaultSeverity}`);
  }
  assert.deepEqual(problems, []);
});
