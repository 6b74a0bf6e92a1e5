/** The README tells the truth: every rule is in its table, and its example config is valid. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { RULES } from '../../server/src/core/rules';
import { parseConfigText } from '../../server/src/core/config';
import { repoRoot } from '../support/corpus';

const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');

test('the README rules table lists every rule with its default severity and what its fixes do, and no other', () => {
  const rows = [...readme.matchAll(/^\| \[`([a-z-]+)`\]\(docs\/rules\/\1\.md\) \| (\w+) \| ([^|]*)\|/gm)].map((m) => [m[1], m[2], m[3].trim()]);
  assert.deepEqual(rows, RULES.map((r) => [r.id, r.defaultSeverity, r.fixable ? 'yes' : r.suggestsFixes ? 'quick fix' : '']));
});

test('the README example .imrlintrc.json is valid', () => {
  const block = /## Configuration[\s\S]*?```json\n([\s\S]*?)```/.exec(readme);
  assert.ok(block, 'a json block in the Configuration section');
  assert.deepEqual(parseConfigText(block[1]).errors, []);
});

test('the README gives the two commands, and .ci/run calls the test command', () => {
  assert.match(readme, /^npm start\b/m);
  assert.match(readme, /^npm test\b/m);
  const ci = fs.readFileSync(path.join(repoRoot, '.ci', 'run'), 'utf8');
  assert.match(ci, /^npm test$/m);
  const scripts = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).scripts;
  assert.match(scripts.start, /npm ci/);
});
