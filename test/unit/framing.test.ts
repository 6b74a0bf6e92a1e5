/** The stdio frame watcher (server/src/node/framing.ts): silent on good frames however they are cut, and it names the first frame the protocol library cannot read past. */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { FrameWatcher } from '../../server/src/node/framing';
import { seededRandom } from '../support/random';

const frame = (body: string, header = `Content-Length: ${Buffer.byteLength(body)}`) => Buffer.from(`${header}\r\n\r\n${body}`);
const watch = (chunks: Buffer[]) => {
  const broken: string[] = [];
  const w = new FrameWatcher((why) => broken.push(why));
  for (const c of chunks) w.push(c);
  return broken;
};

test('good frames, cut anywhere into chunks, are never reported', () => {
  const body = JSON.stringify({ jsonrpc: '2.0', method: 'textDocument/didOpen', params: { text: 'Décision: Upheld\r\n\r\nContent-Length: 3' } });
  const stream = Buffer.concat([frame(body), frame('{}', 'Content-Type: application/vscode-jsonrpc; charset=utf-8\r\nContent-Length: 2'), frame(body), frame('', 'Content-Length: 0'), frame('not JSON\r\n\r\nFoo: bar\r\n\r\n')]);
  // Whole, many frames in one chunk (read in place), and cut anywhere (a header kept across chunks).
  assert.deepEqual(watch([Buffer.concat([stream, stream])]), []);
  const random = seededRandom(7);
  for (let trial = 0; trial < 200; trial++) {
    const chunks: Buffer[] = [];
    for (let at = 0; at < stream.length; ) {
      const n = 1 + random(trial % 2 === 0 ? 40 : 400);
      chunks.push(stream.subarray(at, at + n));
      at += n;
    }
    assert.deepEqual(watch(chunks), [], `trial ${trial}`);
  }
});

test('a frame the library cannot read past is reported once, after the good ones before it', () => {
  const good = frame('{"jsonrpc":"2.0","method":"initialized","params":{}}');
  assert.deepEqual(watch([good, Buffer.from('Foo: bar\r\n\r\n{}'), good]), ['a message without a Content-Length header']);
  assert.deepEqual(watch([Buffer.from('Content-Length: -5\r\n\r\n{}')]), ['a Content-Length that is not a length']);
  assert.deepEqual(watch([Buffer.from('Content-Length: abc\r\n\r\n{}')]), ['a Content-Length that is not a length']);
  assert.match(watch([Buffer.from('hello world\r\n\r\n')])[0], /a header line without ":"/);
  assert.match(watch([Buffer.alloc(70 * 1024, 'x')])[0], /a header of over 65536 bytes/);
});
