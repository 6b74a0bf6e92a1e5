/** The README's pictures show on the extension's details page: each exists and is packaged into the VSIX. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot } from '../support/corpus';

test('every README image is a local file under docs/images/, and .vscodeignore packages that folder', () => {
  const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const images = [...readme.matchAll(/!\[[^\]]*\]\(([^)]+)\)/g)].map((m) => m[1]);
  assert.ok(images.length >= 5, `${images.length} images`);
  for (const img of images) {
    assert.match(img, /^docs\/images\/[\w-]+\.png$/, `${img}: a packaged relative path (no network on the details page)`);
    assert.ok(fs.existsSync(path.join(repoRoot, img)), `${img} exists`);
  }
  const ignore = fs.readFileSync(path.join(repoRoot, '.vscodeignore'), 'utf8').split('\n').map((l) => l.trim());
  assert.ok(ignore.includes('!docs/images/**'), '.vscodeignore keeps docs/images/ in the VSIX');
});

test('the README opens with what a user does, before how to build', () => {
  const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const headings = [...readme.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
  assert.equal(headings[0], 'Writing a letter');
  assert.ok(headings.indexOf('Develop and test') > headings.indexOf('Editor settings for letters'));
});

test('every editor default the extension sets is documented in the README', () => {
  const readme = fs.readFileSync(path.join(repoRoot, 'README.md'), 'utf8');
  const defaults = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')).contributes.configurationDefaults;
  const keys = [...Object.keys(defaults['[imr]']), ...Object.keys(defaults).filter((k) => !k.startsWith('['))];
  assert.ok(keys.length >= 10);
  for (const key of keys) assert.ok(readme.includes(`\`${key}\``), `README documents ${key}`);
});
