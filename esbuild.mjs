// Bundles the client, the server and the CLI (node), and the web extension's client and server (browser). `node esbuild.mjs --watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  define: { IMR_VERSION: JSON.stringify(pkg.version) },
};

// pdf.js (reading PDF letters, server/src/node/pdf.ts) is its own file, dist/pdfjs.js, loaded on
// the first PDF: the server and the CLI import it from there. Its network paths are cut off: the
// bundle's top scope shadows fetch, XMLHttpRequest and WebSocket, so it can only read the bytes
// it is given.
const PDFJS_MODULES = /^pdfjs-dist\/legacy\/build\/pdf(\.worker)?\.mjs$/;
const pdfjsOutside = {
  name: 'pdfjs-outside',
  setup(build) {
    build.onResolve({ filter: PDFJS_MODULES }, () => ({ path: './pdfjs.js', external: true }));
  },
};
const pdfjs = {
  ...common,
  stdin: {
    contents: "export * from 'pdfjs-dist/legacy/build/pdf.mjs';\nimport 'pdfjs-dist/legacy/build/pdf.worker.mjs';\n",
    resolveDir: '.',
    loader: 'js',
  },
  outfile: 'dist/pdfjs.js',
  banner: { js: 'var fetch = undefined, XMLHttpRequest = undefined, WebSocket = undefined; // pdf.js here reads only the bytes it is given' },
  define: { ...common.define, 'import.meta.url': 'undefined' },
};

// The server's LSP library brings its own copy of vscode-languageserver-protocol; the modules
// shared with the client (server/src/protocol.ts, the service) use that one in the server bundles.
const serverProtocol = {
  name: 'server-protocol',
  setup(build) {
    build.onResolve({ filter: /^vscode-languageserver-protocol$/ }, (args) => {
      if (args.pluginData === 'server-protocol' || !/[\\/]server[\\/]src[\\/]/.test(args.importer)) return undefined;
      return build.resolve(args.path, { kind: args.kind, resolveDir: new URL('./node_modules/vscode-languageserver/lib/common', import.meta.url).pathname, pluginData: 'server-protocol' });
    });
  },
};

const builds = [
  { ...common, entryPoints: ['client/src/extension.ts'], outfile: 'dist/client.js', external: ['vscode'] },
  { ...common, entryPoints: ['server/src/node/main.ts'], outfile: 'dist/server.js', plugins: [pdfjsOutside, serverProtocol] },
  { ...common, entryPoints: ['cli/src/imr-lint.ts'], outfile: 'dist/imr-lint.js', banner: { js: '#!/usr/bin/env node' }, plugins: [pdfjsOutside] },
  // The PDF reader's own process (server/src/node/pdfProcess.ts): a PDF that makes pdf.js abort ends it, not the server or the CLI.
  { ...common, entryPoints: ['server/src/node/pdfReaderMain.ts'], outfile: 'dist/pdf-reader.js', plugins: [pdfjsOutside] },
  pdfjs,
  // The web extension (VS Code for the Web): the client in the browser extension host, the server
  // in a web worker. No pdf.js and no node module in either.
  { ...common, platform: 'browser', target: 'es2022', entryPoints: ['client/src/browser/extension.ts'], outfile: 'dist/browser/client.js', external: ['vscode'] },
  { ...common, platform: 'browser', target: 'es2022', format: 'iife', entryPoints: ['server/src/browser/main.ts'], outfile: 'dist/browser/server.js', plugins: [serverProtocol] },
];

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
  console.log('esbuild: watching');
} else {
  const t0 = Date.now();
  await Promise.all(builds.map((b) => esbuild.build(b)));
  console.log(`esbuild: built client, server, CLI, PDF reader, pdf.js and the web client and server in ${Date.now() - t0} ms`);
}
