// `npm run corpus`: bundles the evaluation (test/corpus/report.ts) with esbuild, then runs it on the
// published letters in ../shared and the repository's examples. Arguments pass through:
//   npm run corpus -- --json | --misses | --rule <id>
import * as esbuild from 'esbuild';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const outfile = `${root}out/corpus/report.js`;
await esbuild.build({
  entryPoints: [`${root}test/corpus/report.ts`],
  outfile,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
  define: { IMR_VERSION: '"corpus"' },
});
const r = spawnSync(process.execPath, [outfile, ...process.argv.slice(2)], { stdio: 'inherit', cwd: root });
process.exit(r.status ?? 1);
