#!/usr/bin/env node
/*
 * Regenerates the README screenshots in docs/images/ from the real workbench (code-server in
 * headless Chromium; the end-to-end harness in test/e2e). Run explicitly, never from the tests:
 *
 *   npm run screenshots      (= npm run build && tsc -p . && node scripts/screenshots.mjs)
 *
 * The e2e suite runs in its `screenshots` mode (IMR_E2E_SUITE=screenshots): each scene opens a
 * fixture letter from test/e2e/workspace, brings a feature on screen and asks the shim for a
 * picture, which the shim takes only once the feature is visible in the page. The pictures go to
 * a temporary folder first; docs/images/ is written only when every scene succeeded.
 *
 *   outline.png       good.imr with the Outline view: sections, items with decisions, fields
 *   diagnostics.png   broken.imr: the missing-section squiggle and the Problems panel
 *   hover.png         good.imr: the hover on the MTUS citation "Low Back Complaints 2004"
 *   completion.png    in-progress.imr: guideline completions after "Decision based on MTUS "
 *   highlighting.png  conflict.imr in Light Modern: semantic colours, a decision that contradicts its rationale
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const RUNNER = path.join(ROOT, 'out', 'test', 'e2e', 'run.js');
const TARGET = path.join(ROOT, 'docs', 'images');
const SCENES = ['outline', 'diagnostics', 'hover', 'completion', 'highlighting'];

if (!fs.existsSync(RUNNER)) {
  console.error(`screenshots: ${path.relative(ROOT, RUNNER)} is missing; run: npm run build && npx tsc -p .`);
  process.exit(1);
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'imr-screenshots-'));
let code = 1;
try {
  const r = spawnSync(process.execPath, [RUNNER, '--dev-only'], {
    cwd: ROOT,
    stdio: 'inherit',
    timeout: 10 * 60 * 1000,
    env: { ...process.env, IMR_E2E_SUITE: 'screenshots', IMR_E2E_SCREENSHOT: 'always', IMR_E2E_RESULTS_DIR: tmp },
  });
  const missing = SCENES.filter((s) => !fs.existsSync(path.join(tmp, `${s}.png`)));
  if (r.status !== 0 || missing.length > 0) {
    const why = r.error ? r.error.message : `exit code ${r.status ?? r.signal}`;
    console.error(`screenshots: FAILED (${why}${missing.length ? `; missing: ${missing.join(', ')}` : ''}); docs/images/ left unchanged`);
  } else {
    fs.mkdirSync(TARGET, { recursive: true });
    for (const s of SCENES) {
      fs.copyFileSync(path.join(tmp, `${s}.png`), path.join(TARGET, `${s}.png`));
      console.log(`screenshots: wrote ${path.relative(ROOT, path.join(TARGET, `${s}.png`))}`);
    }
    code = 0;
  }
} finally {
  fs.rmSync(tmp, { recursive: true, force: true });
}
process.exit(code);
