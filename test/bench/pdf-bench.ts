/**
 * Benchmark: what reading a PDF letter costs (server/src/node/pdf.ts), over the published PDFs
 * of ../shared/real-letters/pdf (or the test fixtures without it). Figures, not assertions.
 * Run after `npm run pretest` with `node out/test/bench/pdf-bench.js`.
 */
import * as fs from 'fs';
import * as path from 'path';
import { performance } from 'perf_hooks';
import { readPdfLetter } from '../../server/src/node/pdf';
import { hasShared, repoRoot, sharedDir } from '../support/corpus';

const isTuning = (file: string) => /[02468]\.pdf$/i.test(file);

async function main(): Promise<void> {
  const dir = hasShared ? path.join(sharedDir, 'real-letters', 'pdf') : path.join(repoRoot, 'test', 'unit', 'fixtures', 'pdf');
  const files = fs.readdirSync(dir).filter((f) => /^CM.*\.pdf$/i.test(f)).sort();
  console.log(`PDF letters: ${files.length} (${hasShared ? '../shared/real-letters/pdf' : 'test fixtures: ../shared not found'})`);
  const t0 = performance.now();
  await readPdfLetter(path.join(dir, files[0]));
  console.log(`Loading pdf.js and reading the first letter: ${(performance.now() - t0).toFixed(0)} ms`);
  const times: { file: string; ms: number }[] = [];
  for (const file of files) {
    const t = performance.now();
    const read = await readPdfLetter(path.join(dir, file));
    times.push({ file, ms: performance.now() - t });
    if (!read.ok) console.log(`  ${file}: ${read.error}`);
  }
  for (const [name, part] of [
    ['all', times],
    ['tuning half (even case numbers)', times.filter((t) => isTuning(t.file))],
    ['checking half (odd case numbers)', times.filter((t) => !isTuning(t.file))],
  ] as const) {
    if (part.length === 0) continue;
    const ms = part.map((t) => t.ms).sort((a, b) => a - b);
    const mean = ms.reduce((a, b) => a + b, 0) / ms.length;
    console.log(
      `${name}: ${ms.length} letters, mean ${mean.toFixed(1)} ms, median ${ms[ms.length >> 1].toFixed(1)} ms, max ${ms[ms.length - 1].toFixed(1)} ms per letter`,
    );
  }
}

void main();
