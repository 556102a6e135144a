import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MessageDeframer, OversizeMessageError } from './message-deframer.js';

function frame(payload: string, flag = 0): Buffer {
  const body = Buffer.from(payload);
  const prefix = Buffer.alloc(5);
  prefix[0] = flag;
  prefix.writeUInt32BE(body.length, 1);
  return Buffer.concat([prefix, body]);
}

function feed(deframer: MessageDeframer, chunks: readonly Buffer[]): string[] {
  const out: string[] = [];
  for (const chunk of chunks) deframer.push(chunk, (flag, message) => out.push(`${flag}:${String(message)}`));
  return out;
}

describe('MessageDeframer', () => {
  const stream = Buffer.concat([frame('alpha'), frame(''), frame('beta', 1), frame('x'.repeat(300))]);
  const expected = ['0:alpha', '0:', '1:beta', `0:${'x'.repeat(300)}`];

  it('cuts messages out of a stream split at every possible pair of places', () => {
    for (let a = 0; a <= stream.length; a++) {
      for (let b = a; b <= stream.length; b += 7) {
        const deframer = new MessageDeframer(1000);
        const chunks = [stream.subarray(0, a), stream.subarray(a, b), stream.subarray(b)];
        assert.deepEqual(feed(deframer, chunks), expected, `cut at ${a} and ${b}`);
        assert.ok(deframer.atBoundary);
      }
    }
  });

  it('hands a message that came in one chunk over as a view, without a copy', () => {
    const chunk = frame('view');
    let seen: Buffer | undefined;
    new MessageDeframer(100).push(chunk, (_flag, message) => (seen = message));
    assert.equal(seen?.buffer, chunk.buffer);
  });

  it('knows when the stream stops inside a prefix or a body', () => {
    const deframer = new MessageDeframer(100);
    feed(deframer, [frame('abc').subarray(0, 3)]);
    assert.equal(deframer.atBoundary, false);
    feed(deframer, [frame('abc').subarray(3, 6)]);
    assert.equal(deframer.atBoundary, false);
  });

  it('refuses a declared length over the limit as soon as the prefix is complete', () => {
    const deframer = new MessageDeframer(10);
    const prefix = frame('x'.repeat(11)).subarray(0, 5);
    assert.doesNotThrow(() => feed(deframer, [prefix.subarray(0, 2)]));
    assert.throws(
      () => feed(deframer, [prefix.subarray(2)]),
      (error: unknown) =>
        error instanceof OversizeMessageError &&
        error.message === 'Received message larger than max (11 vs 10)',
    );
    assert.deepEqual(feed(new MessageDeframer(11), [frame('x'.repeat(11))]), [`0:${'x'.repeat(11)}`]);
  });
});
