/**
 * ESLint (typescript-eslint's recommended rules, eslint.config.mjs) over every source and test
 * file: `npm run lint` is clean. A finding fails this test with ESLint's own report.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as path from 'path';
import { repoRoot } from '../support/corpus';

test('ESLint finds nothing in the sources and tests (npm run lint)', () => {
  const eslint = path.join(repoRoot, 'node_modules', 'eslint', 'bin', 'eslint.js');
  const r = spawnSync(process.execPath, [eslint, '--max-warnings', '0', '.'], { cwd: repoRoot, encoding: 'utf8', timeout: 110_000 });
  assert.equal(r.status, 0, `ESLint:\n${r.stdout}${r.stderr}`);
});
