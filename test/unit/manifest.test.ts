/**
 * The extension manifest is generated where it describes the rules, so it cannot drift:
 * `imr.rules` in package.json lists every rule with its default severity and description.
 * `UPDATE_MANIFEST=1 npm test` rewrites it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { RULES } from '../../server/src/core/rules';
import { ruleDocPath } from '../../server/src/core/rules/docs';
import { repoRoot } from '../support/corpus';

const manifestPath = path.join(repoRoot, 'package.json');

function ruleProperties(): Record<string, unknown> {
  return Object.fromEntries(
    RULES.map((r) => [
      r.id,
      {
        type: 'string',
        enum: ['off', 'hint', 'info', 'warning', 'error'],
        default: r.defaultSeverity,
        markdownDescription: `${r.description} [Documentation](${ruleDocPath(r.id)})`,
      },
    ]),
  );
}

test('package.json describes every rule in the imr.rules setting', () => {
  const text = fs.readFileSync(manifestPath, 'utf8');
  const manifest = JSON.parse(text);
  const setting = manifest.contributes.configuration.properties['imr.rules'];
  const expected = ruleProperties();
  if (process.env.UPDATE_MANIFEST === '1') {
    setting.properties = expected;
    setting.additionalProperties = false;
    fs.writeFileSync(manifestPath, JSON.stringify(manifest, null, 2) + '\n');
    return;
  }
  assert.deepEqual(setting.properties, expected, 'imr.rules is out of date: run UPDATE_MANIFEST=1 npm test');
  assert.equal(setting.additionalProperties, false);
});

test('commands, activation events and the config schema are declared', () => {
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  const commands = manifest.contributes.commands.map((c: { command: string }) => c.command);
  for (const c of commands) assert.ok(manifest.activationEvents.includes(`onCommand:${c}`), `activation for ${c}`);
  assert.ok(manifest.activationEvents.includes('onLanguage:imr'));
  const validation = manifest.contributes.jsonValidation.find((v: { fileMatch: string }) => v.fileMatch === '.imrlintrc.json');
  assert.ok(validation && fs.existsSync(path.join(repoRoot, validation.url)));
  for (const [key, value] of Object.entries(manifest.contributes.configuration.properties)) {
    const v = value as { description?: string; markdownDescription?: string; default?: unknown };
    assert.ok(v.description || v.markdownDescription, `${key} has a description`);
    assert.ok('default' in v, `${key} has a default`);
  }
});

test('the web extension: package.json names its browser entry, and .vscodeignore ships both web bundles', () => {
  const manifest = JSON.parse(fs.readFileSync(manifestPath, 'utf8'));
  assert.equal(manifest.browser, './dist/browser/client.js');
  const ignore = fs.readFileSync(path.join(repoRoot, '.vscodeignore'), 'utf8').split(/\r?\n/);
  for (const f of ['dist/browser/client.js', 'dist/browser/server.js', 'dist/client.js', 'dist/server.js']) assert.ok(ignore.includes(`!${f}`), `.vscodeignore ships ${f}`);
});
