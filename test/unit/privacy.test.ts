/**
 * Privacy: letters hold medical information. The built extension, server and CLI (and the web
 * extension's client and worker) contain no
 * network client (no http/https/http2/dgram/dns/tls module, no fetch, no WebSocket). The only
 * socket module allowed is `net`, which vscode-jsonrpc uses for local pipes between the editor
 * and the server.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot } from '../support/corpus';

const BUNDLES = ['dist/client.js', 'dist/server.js', 'dist/imr-lint.js', 'dist/browser/client.js', 'dist/browser/server.js'];
const NETWORK_MODULE = /require\(["'](?:node:)?(https?|http2|dgram|dns|tls|undici)["']\)/g;
const NETWORK_CALL = /\b(?:fetch|XMLHttpRequest|WebSocket)\s*\(/g;

for (const rel of BUNDLES) {
  test(`${rel} contains no network client`, () => {
    const file = path.join(repoRoot, rel);
    assert.ok(fs.existsSync(file), `${rel} is built by npm run build`);
    const code = fs.readFileSync(file, 'utf8');
    assert.deepEqual([...code.matchAll(NETWORK_MODULE)].map((m) => m[0]), []);
    assert.deepEqual([...code.matchAll(NETWORK_CALL)].map((m) => m[0]), []);
  });
}

test('the server uses net only for local IPC/pipe transports', () => {
  const code = fs.readFileSync(path.join(repoRoot, 'dist/server.js'), 'utf8');
  for (const m of code.matchAll(/\bnet\.(createConnection|connect|createServer)\(/g)) {
    const around = code.slice(Math.max(0, m.index! - 400), m.index! + 200);
    assert.match(around, /pipe|socket|port|ipc/i, 'net is used by the jsonrpc transports');
  }
});

test('our own sources send no telemetry and log no letter text', () => {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.name.endsWith('.ts')) files.push(full);
    }
  };
  ['server/src', 'client/src', 'cli/src'].forEach((d) => walk(path.join(repoRoot, d)));
  for (const file of files) {
    const code = fs.readFileSync(file, 'utf8');
    assert.doesNotMatch(code, /telemetry|sendTelemetry/i, `${path.relative(repoRoot, file)} mentions telemetry`);
    // The server logs nothing itself: letter text reaches a log only through LSP tracing.
    if (file.endsWith('server.ts')) assert.doesNotMatch(code, /console\.(log|info|warn|error)|connection\.console/, 'the server logs nothing itself');
  }
});

test('the web bundles load no node module (they run in the browser and a web worker)', () => {
  for (const rel of ['dist/browser/client.js', 'dist/browser/server.js']) {
    const code = fs.readFileSync(path.join(repoRoot, rel), 'utf8');
    const required = [...code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)].map((m) => m[1]).filter((m) => m !== 'vscode');
    assert.deepEqual(required, [], `${rel} requires ${required.join(', ')}`);
  }
});
