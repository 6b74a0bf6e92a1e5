/*
 * End-to-end test runner: runs test/e2e/suite in a real VS Code (code-server 4.139.1 in
 * headless Chromium), through @vscode/test-electron's runTests with our `code` shim.
 *
 *   npm run build && npx tsc -p . && node out/test/e2e/run.js
 *       the full suite against the working tree, then (once per run) packages the extension
 *       with vsce into a temporary folder and runs the smoke suite against the installed VSIX
 *   node out/test/e2e/run.js --dev-only              the working tree only
 *   node out/test/e2e/run.js --vsix imr-letters.vsix the full suite against that VSIX only
 *   IMR_E2E_SUITE=full|smoke|screenshots|multiroot|web   what the suite runs (default: full,
 *                     then multiroot on a two-folder workspace, then web: the web extension in
 *                     the web worker extension host, suite test/e2e/web/index.ts)
 *
 * Before the run it makes sure the editor is installed (scripts/editor-setup.sh, into a cache
 * outside the clone). The last line printed is always `e2e: N passed, N failed`.
 * Exit code: 0 only when every test ran and passed.
 */
import * as cp from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Writable } from 'stream';
import { runTests } from '@vscode/test-electron';

// out/test/e2e/run.js -> repo root; also works when run from a different outDir via IMR_REPO_ROOT.
const REPO_ROOT = process.env.IMR_REPO_ROOT
  ? path.resolve(process.env.IMR_REPO_ROOT)
  : findRepoRoot(__dirname);
const SETUP = path.join(REPO_ROOT, 'scripts', 'editor-setup.sh');
const SHIM = path.join(REPO_ROOT, 'test', 'e2e', 'code-shim.js');
const FIXTURES = path.join(REPO_ROOT, 'test', 'e2e', 'workspace');
const TESTS_INDEX = path.join(__dirname, 'suite', 'index.js');
const WEB_TESTS_INDEX = path.join(__dirname, 'web', 'index.js');
const IS_CI = /^(1|true)$/i.test(process.env.CI ?? '');

function findRepoRoot(start: string): string {
  let dir = start;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'test', 'e2e', 'code-shim.js'))) return dir;
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`cannot find the repository root above ${start}`);
    dir = up;
  }
}

let summaryPrinted = false;
function summary(passed: number, failed: number): void {
  if (summaryPrinted) return;
  summaryPrinted = true;
  console.log(`e2e: ${passed} passed, ${failed} failed`);
}

function fail(message: string, passed = 0, failed = 1): never {
  console.error(`e2e: ERROR: ${message}`);
  summary(passed, failed);
  process.exit(1);
}

function ensureEditor(): void {
  const check = cp.spawnSync('bash', [SETUP, '--check'], { stdio: 'ignore' });
  if (check.status === 0) return;
  console.log('e2e: the editor (code-server, Node 24, Chromium) is not set up yet; installing it (a few minutes) ...');
  const t0 = Date.now();
  const setup = cp.spawnSync('bash', [SETUP], { stdio: 'inherit', timeout: 30 * 60 * 1000 });
  if (setup.status === 0) {
    console.log(`e2e: editor installed in ${Math.round((Date.now() - t0) / 1000)} s`);
    return;
  }
  const why = setup.error ? setup.error.message : `exit code ${setup.status ?? setup.signal}`;
  if (IS_CI) {
    fail(`the end-to-end prerequisites are missing and could not be installed (${why}). CI must provide them: run \`bash scripts/editor-setup.sh\` in a setup step.`);
  }
  fail(`the end-to-end prerequisites could not be installed (${why}). Install them with:\n    bash scripts/editor-setup.sh\nthen run this again.`);
}

/** Parse `E2E_SUMMARY passed=N failed=M` from the relayed extension-host log. */
function parseSummary(log: string): { passed: number; failed: number } | undefined {
  const matches = [...log.matchAll(/E2E_SUMMARY passed=(\d+) failed=(\d+)/g)];
  const m = matches[matches.length - 1];
  return m ? { passed: Number(m[1]), failed: Number(m[2]) } : undefined;
}

function tee(target: NodeJS.WriteStream, sink: string[]): Writable {
  return new Writable({
    write(chunk, _enc, cb) {
      sink.push(chunk.toString());
      target.write(chunk, cb);
    },
  });
}

/** `--vsix <file>` (or IMR_E2E_VSIX): test that packaged extension (full suite) instead of the working tree. */
function vsixArg(): string | undefined {
  const i = process.argv.indexOf('--vsix');
  const v = i >= 0 ? process.argv[i + 1] : process.env.IMR_E2E_VSIX;
  if (i >= 0 && !v) fail('--vsix needs a file: node out/test/e2e/run.js --vsix imr-letters.vsix');
  return v ? path.resolve(v) : undefined;
}

interface RunResult {
  passed: number;
  failed: number;
  ok: boolean;
}

/**
 * One start of the editor: the suite `suite` (IMR_E2E_SUITE: full, smoke or screenshots) against
 * the working tree, or against `vsix` installed into the extensions folder.
 */
/**
 * A multi-root workspace beside the fixtures: folders `one` and `two`, each with a copy of
 * broken.imr (no CLINICAL CASE SUMMARY) and its own .vscode/settings.json (folder two sets
 * imr.rules missing-section to hint), opened through `letters.code-workspace`.
 */
function makeMultiRoot(tmp: string): string {
  const root = path.join(tmp, 'multi-root');
  const letter = fs.readFileSync(path.join(FIXTURES, 'broken.imr'));
  const settings: Record<string, unknown> = { one: {}, two: { 'imr.rules': { 'missing-section': 'hint' } } };
  for (const name of ['one', 'two']) {
    fs.mkdirSync(path.join(root, name, '.vscode'), { recursive: true });
    fs.writeFileSync(path.join(root, name, 'draft.imr'), letter);
    fs.writeFileSync(path.join(root, name, '.vscode', 'settings.json'), JSON.stringify(settings[name], null, 2));
  }
  const file = path.join(root, 'letters.code-workspace');
  fs.writeFileSync(file, JSON.stringify({ folders: [{ path: 'one' }, { path: 'two' }], settings: {} }, null, 2));
  return file;
}

async function runSuite(label: string, suite: string, vsix?: string): Promise<RunResult> {
  // The tests run on a temporary copy of the fixtures: a run never touches tracked files.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'imr-e2e-'));
  let developmentPath = REPO_ROOT;
  const testsEnv: Record<string, string> = { IMR_E2E_SUITE: suite };
  if (vsix) {
    // The VSIX is installed into the extensions folder; the development path is an empty stub.
    developmentPath = path.join(tmp, 'stub-extension');
    fs.mkdirSync(developmentPath);
    fs.writeFileSync(path.join(developmentPath, 'package.json'), JSON.stringify({
      name: 'imr-e2e-stub', publisher: 'imr-letters-tests', version: '0.0.0', engines: { vscode: '^1.91.0' },
    }));
    testsEnv.IMR_E2E_INSTALL_VSIX = vsix;
  }
  console.log(`e2e: [${label}] suite ${suite} against ${vsix ? `the packaged extension ${vsix}` : `the working tree ${REPO_ROOT}`}`);
  let workspace = path.join(tmp, 'workspace');
  fs.cpSync(FIXTURES, workspace, { recursive: true });
  if (suite === 'multiroot') workspace = makeMultiRoot(tmp);
  if (suite === 'web') {
    // The web extension: the workbench runs it in its web worker extension host (the suite itself
    // stays in the node extension host and sees it through the editor's API).
    const settings = path.join(tmp, 'user-data', 'User', 'settings.json');
    fs.mkdirSync(path.dirname(settings), { recursive: true });
    fs.writeFileSync(settings, JSON.stringify({
      'workbench.startupEditor': 'none', 'workbench.tips.enabled': false, 'telemetry.telemetryLevel': 'off', 'update.mode': 'none',
      'extensions.autoCheckUpdates': false, 'extensions.autoUpdate': false, 'security.workspace.trust.enabled': false,
      'chat.disableAIFeatures': true, 'workbench.secondarySideBar.defaultVisibility': 'hidden',
      'remote.extensionKind': { 'imr-letters.imr-letters': ['web'] },
    }, null, 2));
  }
  const resultsFile = path.join(tmp, 'results.json');
  const logChunks: string[] = [];

  let exitCode = 1;
  let runError: unknown;
  const t0 = Date.now();
  try {
    exitCode = await runTests({
      vscodeExecutablePath: SHIM,
      extensionDevelopmentPath: developmentPath,
      extensionTestsPath: suite === 'web' ? WEB_TESTS_INDEX : TESTS_INDEX,
      launchArgs: [
        workspace,
        `--user-data-dir=${path.join(tmp, 'user-data')}`,
        `--extensions-dir=${path.join(tmp, 'extensions')}`,
      ],
      extensionTestsEnv: { ...testsEnv, IMR_E2E_RESULTS_FILE: resultsFile },
      stdout: tee(process.stdout, logChunks),
      stderr: tee(process.stderr, logChunks),
    });
  } catch (e) {
    runError = e; // TestRunFailedError on a non-zero exit code
  }
  const seconds = Math.round((Date.now() - t0) / 1000);

  let counts = parseSummary(logChunks.join(''));
  if (!counts && fs.existsSync(resultsFile)) {
    try {
      const r = JSON.parse(fs.readFileSync(resultsFile, 'utf8')) as { passed: number; failed: number };
      counts = { passed: r.passed, failed: r.failed };
    } catch { /* fall through */ }
  }
  if (process.env.IMR_E2E_KEEP_TMP !== '1') fs.rmSync(tmp, { recursive: true, force: true });

  const why = runError instanceof Error ? runError.message : `exit code ${exitCode}`;
  if (!counts) {
    console.error(`e2e: ERROR: [${label}] the suite reported no results (${why}) after ${seconds} s; see the log above`);
    return { passed: 0, failed: 1, ok: false };
  }
  const ok = !runError && exitCode === 0 && counts.failed === 0 && counts.passed > 0;
  console.log(`e2e: [${label}] ${counts.passed} passed, ${counts.failed} failed in ${seconds} s`);
  if (!ok && counts.failed === 0) {
    // Never end a failed run with "0 failed": count the harness failure as one.
    console.error(`e2e: ERROR: [${label}] the test run failed (${why}) although no test reported a failure`);
    return { passed: counts.passed, failed: 1, ok: false };
  }
  return { ...counts, ok };
}

/**
 * The options of `vsce package` in package.json's `package` script (so this stays in step with
 * `npm run package`), without its `--out`. Falls back to `--no-dependencies`.
 */
function vscePackageOptions(): string[] {
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts?: Record<string, string> };
  const m = /\bvsce\s+package\b([^&;|]*)/.exec(pkg.scripts?.package ?? '');
  if (!m) return ['--no-dependencies'];
  const words = m[1].trim().split(/\s+/).filter(Boolean);
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    if (words[i] === '--out' || words[i] === '-o') { i++; continue; }
    if (words[i].startsWith('--out=')) continue;
    out.push(words[i]);
  }
  return out;
}

/** Packages the working tree as `npm run package` does (vsce runs the `vscode:prepublish` build) into `out`. */
function packageVsix(out: string): string | undefined {
  const t0 = Date.now();
  const args = ['--no', 'vsce', 'package', ...vscePackageOptions(), '--out', out];
  // `npx --no` never installs: @vscode/vsce is a devDependency. stdin closed: vsce must not prompt.
  const r = cp.spawnSync('npx', args, {
    cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 180_000,
  });
  if (r.status === 0 && fs.existsSync(out)) {
    console.log(`e2e: packaged ${out} (${Math.round(fs.statSync(out).size / 1024)} KB) in ${((Date.now() - t0) / 1000).toFixed(1)} s with: npx ${args.join(' ')}`);
    return undefined;
  }
  const why = r.error ? r.error.message : `exit code ${r.status ?? r.signal}`;
  return `\`npx ${args.join(' ')}\` failed (${why}):\n${`${r.stdout ?? ''}${r.stderr ?? ''}`.trim().split('\n').slice(-20).join('\n')}`;
}

async function main(): Promise<void> {
  if (!fs.existsSync(TESTS_INDEX)) fail(`${TESTS_INDEX} does not exist; compile the tests first (npx tsc -p .)`);
  const vsix = vsixArg();
  const devOnly = process.argv.includes('--dev-only');
  const suite = process.env.IMR_E2E_SUITE || 'full';
  if (vsix && !fs.existsSync(vsix)) fail(`${vsix} does not exist; package the extension first (npm run package)`);
  const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { main?: string };
  if (!vsix && pkg.main && !fs.existsSync(path.resolve(REPO_ROOT, pkg.main))) {
    fail(`the extension entry point ${pkg.main} does not exist; build the extension first (npm run build)`);
  }
  ensureEditor();

  const t0 = Date.now();
  const results: RunResult[] = [];
  if (vsix) {
    results.push(await runSuite('vsix', suite, vsix));
  } else {
    results.push(await runSuite('dev', suite));
    // Unless a suite was picked: a start on a multi-root workspace (two folders, different
    // imr.rules), and one with the web extension in the web worker extension host.
    if (!process.env.IMR_E2E_SUITE) {
      results.push(await runSuite('dev multi-root', 'multiroot'));
      results.push(await runSuite('dev web', 'web'));
    }
    if (!devOnly) {
      // Once per run: the packaged extension, a smoke suite. What .vscodeignore leaves out only shows here.
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'imr-e2e-vsix-'));
      const file = path.join(dir, 'imr-letters.vsix');
      try {
        const err = packageVsix(file);
        if (err) {
          console.error(`e2e: ERROR: [vsix] ${err}`);
          results.push({ passed: 0, failed: 1, ok: false });
        } else {
          results.push(await runSuite('vsix', 'smoke', file));
        }
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
  }
  const passed = results.reduce((n, r) => n + r.passed, 0);
  const failed = results.reduce((n, r) => n + r.failed, 0);
  const ok = results.every((r) => r.ok);
  console.log(`e2e: finished in ${Math.round((Date.now() - t0) / 1000)} s`);
  summary(passed, ok ? failed : Math.max(failed, 1));
  process.exit(ok ? 0 : 1);
}

main().catch((e: unknown) => fail(e instanceof Error ? e.stack ?? e.message : String(e)));
