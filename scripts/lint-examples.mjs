// The README's main job: lint the bundled example letters with imr-lint.
// Clean letters must come out clean, and each broken draft must be caught; the output is imr-lint's own.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const root = fileURLToPath(new URL('..', import.meta.url));
const cli = join(root, 'dist', 'imr-lint.js');
const run = (dir) => spawnSync(process.execPath, [cli, dir], { cwd: root, stdio: 'inherit' }).status;

console.log('imr-lint examples/clean   (letters that should pass)');
const clean = run('examples/clean');
console.log('\nimr-lint examples/drafts  (broken drafts: every finding below is expected)');
const drafts = run('examples/drafts');
if (clean !== 0 || drafts !== 1) {
  console.error(`\nUnexpected: clean letters exited ${clean} (want 0), drafts exited ${drafts} (want 1).`);
  process.exit(1);
}
console.log('\nAs expected: the clean letters pass and the drafts are caught. Lint your own with: node dist/imr-lint.js <files|folders|globs>');
