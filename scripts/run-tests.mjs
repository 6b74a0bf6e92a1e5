// Runs the whole suite after `npm run pretest` (build + tsc): unit, grammar, CLI and protocol
// tests with node's test runner, then the end-to-end tests in a real VS Code (code-server).
// Prints a closing `N passed, N failed` line that CI reads.
import { spawn, spawnSync } from 'node:child_process';
import { readdirSync, existsSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const outTest = join(root, 'out', 'test');
const skipE2E = process.env.IMR_SKIP_E2E === '1';

function findTests(dir) {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = join(dir, e.name);
    if (e.isDirectory()) return e.name === 'e2e' ? [] : findTests(full);
    return e.name.endsWith('.test.js') ? [full] : [];
  });
}

function run(cmd, args, label) {
  return new Promise((resolve) => {
    let out = '';
    const child = spawn(cmd, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.on('data', (d) => { out += d; process.stdout.write(d); });
    child.stderr.on('data', (d) => { out += d; process.stderr.write(d); });
    child.on('close', (code) => resolve({ code: code ?? 1, out, label }));
  });
}

let passed = 0;
let failed = 0;

const files = findTests(outTest).sort();
if (files.length === 0) {
  console.error('No compiled tests found under out/test: run `npm test` (it builds first).');
  process.exit(1);
}
// The browser test (test/browser: the web build's server in headless Chromium) needs the Chromium
// that the editor setup installs; with the end-to-end tests on, set it up before the first test.
if (!skipE2E && spawnSync('bash', [join(root, 'scripts', 'editor-setup.sh'), '--check'], { stdio: 'ignore' }).status !== 0) {
  console.log('Installing the editor prerequisites first (Chromium is also used by test/browser) ...');
  await run('bash', [join(root, 'scripts', 'editor-setup.sh')], 'editor setup'); // a failure is reported again by the e2e runner
}
console.log(`Running ${files.length} test files: ${files.map((f) => relative(outTest, f)).join(', ')}`);
const unit = await run(process.execPath, ['--test', '--test-reporter=spec', '--test-timeout=120000', ...files], 'node --test');
const pass = /^ℹ pass (\d+)/m.exec(unit.out);
const fail = /^ℹ fail (\d+)/m.exec(unit.out);
passed += pass ? Number(pass[1]) : 0;
failed += fail ? Number(fail[1]) : 0;
if (unit.code !== 0 && !(fail && Number(fail[1]) > 0)) failed++; // the runner itself failed

const e2e = join(outTest, 'e2e', 'run.js');
if (skipE2E) {
  console.log('\nEnd-to-end tests skipped (IMR_SKIP_E2E=1).');
} else if (existsSync(e2e)) {
  console.log('\nEnd-to-end tests in a real VS Code (code-server + headless Chromium):');
  const r = await run(process.execPath, [e2e], 'e2e');
  const m = /e2e: (\d+) passed, (\d+) failed/.exec(r.out);
  if (m) {
    passed += Number(m[1]);
    failed += Number(m[2]);
  }
  if (r.code !== 0 && !(m && Number(m[2]) > 0)) failed++;
}

console.log(`\n${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
