/**
 * Server benchmark (issue 14): prints what the language server costs over the protocol, as an
 * editor sees it (dist/server.js over stdio). Run with `npm run bench:server`. Figures, not
 * assertions: timing belongs here, not in tests.
 *
 *  - didOpen -> first diagnostics, for a normal letter (budget: 10 ms);
 *  - each request on a normal letter and on a 600 KB letter, the same version asked again (what
 *    an editor does while the cursor moves), against a no-op request; budget: the 600 KB letter's
 *    request at most 3x the normal letter's plus the cost of its reply's size (measured as the
 *    same JSON sent to the server as padding of a no-op request, minus the no-op).
 */
import { performance } from 'perf_hooks';
import { readExample } from '../support/corpus';
import { startServer, type TestServer } from '../support/lspClient';

const fmt = (ms: number) => (ms < 1 ? `${(ms * 1000).toFixed(0)} µs` : `${ms.toFixed(2)} ms`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function timeRequest(server: TestServer, method: string, params: unknown, minMs = 400): Promise<{ ms: number; reply: unknown }> {
  let reply = await server.connection.sendRequest(method, params); // warm up (and the first resolution)
  const samples: number[] = [];
  const t0 = performance.now();
  while (performance.now() - t0 < minMs || samples.length < 10) {
    const t = performance.now();
    reply = await server.connection.sendRequest(method, params);
    samples.push(performance.now() - t);
  }
  return { ms: median(samples), reply };
}

/**
 * What a reply of this size costs on the wire, computing nothing: the same JSON sent the other
 * way, as an extra field of a no-op request (serialized, framed, piped and parsed by the real
 * vscode-jsonrpc reader and writer), minus the no-op request itself.
 */
async function wireCost(server: TestServer, reply: unknown, noopMs: number): Promise<{ ms: number; bytes: number }> {
  const bytes = Buffer.byteLength(JSON.stringify(reply) ?? 'null');
  const { ms } = await timeRequest(server, 'textDocument/hover', { textDocument: { uri: 'file:///bench/not-open.imr' }, position: { line: 0, character: 0 }, padding: reply }, 300);
  return { ms: Math.max(0, ms - noopMs), bytes };
}

async function main(): Promise<void> {
  // IMR_BENCH_SERVER=<path of another build's server.js> compares with that build.
  const server = startServer(process.env.IMR_BENCH_SERVER || undefined);
  await server.connection.sendRequest('initialize', { processId: process.pid, rootUri: null, capabilities: { workspace: { configuration: true } } });
  await server.connection.sendNotification('initialized', {});

  const normal = readExample('examples/clean/lumbar-therapy.imr');
  const items = normal.slice(normal.indexOf('MRI of the lumbar spine without contrast: Upheld'));
  let big = normal;
  while (big.length < 600 * 1024) big += '\n' + items;

  // didOpen -> first diagnostics
  const openMs: number[] = [];
  for (let i = 0; i < 30; i++) {
    const uri = `file:///bench/open-${i}.imr`;
    const published = server.diagnosticsFor(uri);
    const t0 = performance.now();
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'imr', version: 1, text: normal } });
    await published;
    openMs.push(performance.now() - t0);
    await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }
  console.log(`Normal letter: ${(normal.length / 1024).toFixed(1)} KB; large letter: ${(big.length / 1024).toFixed(0)} KB`);
  console.log(`didOpen -> first diagnostics (normal letter): median ${fmt(median(openMs))}, first ${fmt(openMs[0])} (budget 10 ms; the first includes asking the settings)`);
  {
    const uri = 'file:///bench/open-big.imr';
    const published = server.diagnosticsFor(uri, () => true, 60_000);
    const t0 = performance.now();
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'imr', version: 1, text: big } });
    await published;
    console.log(`didOpen -> first diagnostics (600 KB letter): ${fmt(performance.now() - t0)}`);
    await server.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  const docs = { normal: 'file:///bench/normal.imr', big: 'file:///bench/big.imr' };
  for (const [key, text] of [['normal', normal], ['big', big]] as const) {
    const published = server.diagnosticsFor(docs[key], () => true, 60_000);
    await server.connection.sendNotification('textDocument/didOpen', { textDocument: { uri: docs[key], languageId: 'imr', version: 1, text } });
    await published;
  }
  const lines = normal.split('\n');
  const hoverLine = lines.findIndex((l) => l.startsWith('MAXIMUS guideline: Decision based on MTUS Low Back Complaints 2004'));
  const hoverAt = { line: hoverLine, character: lines[hoverLine].indexOf('Low Back') + 3 };
  const completeAt = { line: hoverLine, character: lines[hoverLine].indexOf('Low Back') };
  const noop = await timeRequest(server, 'textDocument/hover', { textDocument: { uri: 'file:///bench/not-open.imr' }, position: { line: 0, character: 0 } });
  console.log(`\nNo-op request (hover on a document that is not open): ${fmt(noop.ms)}`);
  console.log('\nRequest (same version asked again)   normal        600 KB       ratio  reply (600 KB)   reply cost   budget       verdict');
  const requests: [string, string, (uri: string) => unknown][] = [
    ['documentSymbol', 'textDocument/documentSymbol', (uri) => ({ textDocument: { uri } })],
    ['foldingRange', 'textDocument/foldingRange', (uri) => ({ textDocument: { uri } })],
    ['semanticTokens/full', 'textDocument/semanticTokens/full', (uri) => ({ textDocument: { uri } })],
    ['hover', 'textDocument/hover', (uri) => ({ textDocument: { uri }, position: hoverAt })],
    ['completion', 'textDocument/completion', (uri) => ({ textDocument: { uri }, position: completeAt })],
    ['selectionRange', 'textDocument/selectionRange', (uri) => ({ textDocument: { uri }, positions: [hoverAt] })],
    ['codeAction (fix-all)', 'textDocument/codeAction', (uri) => ({ textDocument: { uri }, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, context: { diagnostics: [], only: ['source.fixAll'] } })],
  ];
  for (const [name, method, params] of requests) {
    const a = await timeRequest(server, method, params(docs.normal));
    const b = await timeRequest(server, method, params(docs.big));
    const cost = await wireCost(server, b.reply, noop.ms);
    const budget = 3 * a.ms + cost.ms;
    console.log(
      `  ${name.padEnd(34)} ${fmt(a.ms).padStart(9)} ${fmt(b.ms).padStart(12)} ${(b.ms / a.ms).toFixed(1).padStart(8)}x ${`${(cost.bytes / 1024).toFixed(0)} KB`.padStart(10)} ${fmt(cost.ms).padStart(12)} ${fmt(budget).padStart(10)}   ${b.ms <= budget ? 'ok' : 'OVER'}  (${(b.ms / noop.ms).toFixed(1)}x a no-op)`,
    );
  }
  await server.stop();
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
