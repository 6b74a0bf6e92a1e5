// CPU profile of parse + all rules over the corpus (../shared, else the examples), for issue work:
// `npm run profile` runs this under `node --cpu-prof`, writes out/profile/*.cpuprofile (open it in
// Chrome DevTools or VS Code) and prints the functions with the most self time, and per file.
// `npm run profile -- [seconds] [all|lint|parse]`. Figures, not assertions. Needs `npm run compile-tests` first (the npm script does it).
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const require = createRequire(import.meta.url);
const profDir = join(root, 'out', 'profile');

if (process.argv[2] !== '--child') {
  mkdirSync(profDir, { recursive: true });
  const before = new Set(readdirSync(profDir));
  const r = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${profDir}`, new URL(import.meta.url).pathname, '--child', ...process.argv.slice(2)], { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
  const file = readdirSync(profDir).filter((f) => f.endsWith('.cpuprofile') && !before.has(f)).sort().pop();
  if (!file) throw new Error('no profile written');
  summarise(join(profDir, file));
} else {
  const { corpus, hasShared, readExample } = require(join(root, 'out/test/support/corpus.js'));
  const { parseLetter } = require(join(root, 'out/server/src/core/parser.js'));
  const { lintLetter } = require(join(root, 'out/server/src/core/lint.js'));
  const { outline, foldingRanges } = require(join(root, 'out/server/src/core/features/outline.js'));
  const { semanticTokens } = require(join(root, 'out/server/src/core/features/semanticTokens.js'));
  const { defaultCatalog } = require(join(root, 'out/server/src/core/catalog/index.js'));
  const catalog = defaultCatalog();
  const letters = hasShared ? corpus().map((l) => l.text) : [readExample('examples/clean/lumbar-therapy.imr')];
  const seconds = Number(process.argv[3] ?? 8);
  const what = process.argv[4] ?? 'all'; // all | parse | lint
  const t0 = Date.now();
  let rounds = 0;
  while (Date.now() - t0 < seconds * 1000) {
    for (const text of letters) {
      const letter = parseLetter(text);
      if (what === 'parse') continue;
      lintLetter(letter, { catalog });
      if (what === 'lint') continue;
      outline(letter);
      foldingRanges(letter);
      semanticTokens(letter, catalog);
    }
    rounds++;
  }
  console.log(`profiled ${rounds} rounds over ${letters.length} letters (${what === 'all' ? 'parse, lint, outline, folding, semantic tokens' : what === 'lint' ? 'parse + all rules' : 'parse'})`);
}

function summarise(file) {
  const prof = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const dt = prof.timeDeltas;
  const counts = new Map();
  prof.samples.forEach((id, i) => counts.set(id, (counts.get(id) ?? 0) + (dt[i] ?? 0)));
  let total = 0;
  for (const [id, us] of counts) {
    const n = byId.get(id);
    const cf = n.callFrame;
    const where = cf.url ? `${relative(root, cf.url.replace(/^file:\/\//, ''))}:${cf.lineNumber + 1}` : '';
    const key = `${cf.functionName || '(anonymous)'}  ${where}`;
    self.set(key, (self.get(key) ?? 0) + us);
    total += us;
  }
  const rows = [...self].sort((a, b) => b[1] - a[1]).slice(0, 30);
  console.log(`\n${relative(root, file)} (${(statSync(file).size / 1e6).toFixed(1)} MB): ${(total / 1e6).toFixed(2)} s sampled\nSelf time, top 30:`);
  for (const [k, us] of rows) console.log(`  ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`);
  const perFile = new Map();
  for (const [k, us] of self) {
    const f = k.split('  ')[1]?.replace(/:\d+$/, '') || k.split('  ')[0];
    perFile.set(f, (perFile.get(f) ?? 0) + us);
  }
  console.log('Self time by file, top 15:');
  for (const [k, us] of [...perFile].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${((100 * us) / total).toFixed(1).padStart(5)}%  ${k}`);
}
