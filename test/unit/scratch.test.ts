/** Test scratch folders (test/support/scratch.ts) are gone when the test process ends, read-only ones too. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

test('scratch folders are removed when the process exits, also one left read-only', () => {
  const helper = path.join(__dirname, '..', 'support', 'scratch.js');
  const script = `const { scratchDir } = require(${JSON.stringify(helper)}); const fs = require('fs');
    const a = scratchDir('imr-scratch-test-'); fs.writeFileSync(a + '/f.txt', 'x');
    const b = scratchDir('imr-scratch-test-'); fs.writeFileSync(b + '/g.txt', 'y'); fs.chmodSync(b, 0o500);
    console.log(JSON.stringify([a, b]));`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  const dirs = JSON.parse(r.stdout) as string[];
  assert.equal(dirs.length, 2);
  for (const d of dirs) assert.equal(fs.existsSync(d), false, `${d} is left behind`);
});
