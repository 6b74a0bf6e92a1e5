/**
 * The import graph of the sources has no circles, and the layers point one way: the letter core
 * imports nothing from the server, the client, the CLI or node-only modules. Read from the
 * TypeScript sources' own import statements (relative imports only).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot } from '../support/corpus';

const SOURCE_DIRS = ['server/src', 'client/src', 'cli/src'];
const IMPORT = /^\s*(?:import|export)\s[^'";]*?from\s*['"]([^'"]+)['"]|^\s*import\s*['"]([^'"]+)['"]|^\s*import\s+\w+\s*=\s*require\(\s*['"]([^'"]+)['"]\s*\)/gm;

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith('.ts') && !e.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** What a file imports: relative imports resolved to files, and bare module names. */
export function importsOf(file: string): { files: string[]; modules: string[] } {
  const text = fs.readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
  const files: string[] = [];
  const modules: string[] = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2] ?? m[3];
    if (!spec.startsWith('.')) {
      modules.push(spec);
      continue;
    }
    const base = path.resolve(path.dirname(file), spec);
    const hit = [`${base}.ts`, path.join(base, 'index.ts')].find((f) => fs.existsSync(f));
    if (hit) files.push(hit);
  }
  return { files, modules };
}

function graph(): Map<string, string[]> {
  const g = new Map<string, string[]>();
  for (const dir of SOURCE_DIRS) for (const f of sourceFiles(path.join(repoRoot, dir))) g.set(f, importsOf(f).files);
  return g;
}

/** Every cycle's files (strongly connected components of more than one file, or a self-import). */
export function cycles(g: Map<string, string[]>): string[][] {
  let index = 0;
  const idx = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const on = new Set<string>();
  const out: string[][] = [];
  const visit = (v: string): void => {
    idx.set(v, index);
    low.set(v, index++);
    stack.push(v);
    on.add(v);
    for (const w of g.get(v) ?? []) {
      if (!idx.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (on.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!));
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        on.delete(w);
        scc.push(w);
      } while (w !== v);
      if (scc.length > 1 || (g.get(v) ?? []).includes(v)) out.push(scc.map((f) => path.relative(repoRoot, f)).sort());
    }
  };
  for (const v of g.keys()) if (!idx.has(v)) visit(v);
  return out;
}

test('the checker finds a circle when there is one', () => {
  const g = new Map([
    ['/a.ts', ['/b.ts']],
    ['/b.ts', ['/c.ts']],
    ['/c.ts', ['/a.ts']],
    ['/d.ts', ['/a.ts']],
  ]);
  assert.equal(cycles(g).length, 1);
  assert.equal(cycles(new Map([['/a.ts', ['/b.ts']], ['/b.ts', []]])).length, 0);
});

test('the sources import each other without circles', () => {
  assert.deepEqual(cycles(graph()), []);
});

test('the letter core imports nothing but the core (no vscode, no LSP, no node I/O)', () => {
  const core = path.join(repoRoot, 'server/src/core');
  const wrong: string[] = [];
  for (const f of sourceFiles(core)) {
    const { files, modules } = importsOf(f);
    for (const dep of files) if (!dep.startsWith(core + path.sep)) wrong.push(`${path.relative(repoRoot, f)} -> ${path.relative(repoRoot, dep)}`);
    for (const m of modules) if (/^(vscode|vscode-languageserver(\/node)?|vscode-languageclient|(node:)?(fs|path|child_process|os|net|worker_threads|url))$/.test(m)) wrong.push(`${path.relative(repoRoot, f)} -> ${m}`);
  }
  assert.deepEqual(wrong, []);
});

test('the service, the LSP wiring, the shared protocol and the web build import no node module; the server reads no file synchronously', () => {
  const neutral = ['server/src/service', 'server/src/browser', 'client/src/browser'].flatMap((d) => sourceFiles(path.join(repoRoot, d)));
  neutral.push(...['server/src/server.ts', 'server/src/protocol.ts', 'client/src/common.ts'].map((f) => path.join(repoRoot, f)));
  const wrong: string[] = [];
  for (const f of neutral) {
    const { files, modules } = importsOf(f);
    for (const m of modules) if (/^(node:|(fs|path|child_process|os|net|url|perf_hooks|worker_threads|vscode-languageserver\/node|vscode-languageclient\/node)$)/.test(m)) wrong.push(`${path.relative(repoRoot, f)} -> ${m}`);
    for (const dep of files) if (dep.includes(`${path.sep}node${path.sep}`)) wrong.push(`${path.relative(repoRoot, f)} -> ${path.relative(repoRoot, dep)}`);
  }
  assert.deepEqual(wrong, []);
  // What the running server's handlers call: the service (no fs at all) and node's file system for it.
  for (const f of ['server/src/node/fileSystem.ts', 'server/src/node/main.ts']) {
    const code = fs.readFileSync(path.join(repoRoot, f), 'utf8');
    assert.doesNotMatch(code, /\b\w+Sync\(/, `${f} calls a synchronous file function`);
  }
});
