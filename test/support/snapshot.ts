/** Text snapshots: compared with the committed file; `UPDATE_SNAPSHOTS=1 npm test` rewrites them. */
import * as fs from 'fs';
import * as path from 'path';
import assert from 'node:assert/strict';
import { repoRoot } from './corpus';

export function matchSnapshot(relPath: string, actual: string): void {
  const file = path.join(repoRoot, relPath);
  if (process.env.UPDATE_SNAPSHOTS === '1') {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, actual);
    return;
  }
  assert.ok(fs.existsSync(file), `snapshot ${relPath} is missing: run UPDATE_SNAPSHOTS=1 npm test and review it`);
  assert.equal(actual, fs.readFileSync(file, 'utf8'), `snapshot ${relPath} differs (UPDATE_SNAPSHOTS=1 npm test rewrites it)`);
}
