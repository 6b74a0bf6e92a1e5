/** Scratch folders for tests: made under the system's temp folder and removed when the test process exits. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const made: string[] = [];
let hooked = false;

export function scratchDir(prefix: string): string {
  if (!hooked) {
    hooked = true;
    process.on('exit', () => {
      for (const dir of made) {
        try {
          // A test may have left a folder read-only (the read-only --fix case): make it writable to remove it.
          fs.chmodSync(dir, 0o700);
          fs.rmSync(dir, { recursive: true, force: true });
        } catch {
          // best effort: a leftover temp folder is not a test failure
        }
      }
    });
  }
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}
