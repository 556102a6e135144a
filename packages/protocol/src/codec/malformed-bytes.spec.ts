import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { create, toBinary } from '@bufbuild/protobuf';
import { StreamingMessageSchema, TypedDataSchema, type TypedData } from '../gen/FunctionRpc_pb.js';
import { streamingMessage } from '../message-kind.js';
import { fixtureMessage } from '../testing/message-fixtures.js';
import { ProtocolError } from './protocol-error.js';
import { decodeStreamingMessage, encodeStreamingMessage } from './streaming-message-codec.js';

function assertRefused(bytes: number[] | Uint8Array, reason: RegExp): void {
  assert.throws(
    () => decodeStreamingMessage(Uint8Array.from(bytes)),
    (error: unknown) => {
      assert.ok(error instanceof ProtocolError, `expected a ProtocolError, got ${String(error)}`);
      assert.match(error.message, /^Malformed StreamingMessage \(\d+ bytes\): /);
      assert.match(error.message, reason);
      assert.ok(error.cause !== undefined, 'the decoder error is kept as cause');
      return true;
    },
  );
}

/** A small deterministic generator, so a failing garbage case can be reproduced. */
function* pseudoRandomBytes(seed: number, count: number, maxLength: number): Generator<Uint8Array> {
  let state = seed;
  const next = (): number => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state >>> 16;
  };
  for (let i = 0; i < count; i++)
    yield Uint8Array.from({ length: 1 + (next() % maxLength) }, () => next() & 0xff);
}

describe('malformed StreamingMessage bytes', () => {
  const endsInside = /ends inside a field/;

  it('refuses a tag with no value', () => assertRefused([0x0a], endsInside));

  it('refuses a truncated varint', () => assertRefused([0x0a, 0xff], endsInside));

  it('refuses a length past the end', () => assertRefused([0x0a, 0x05, 0x61, 0x62], endsInside));

  it('refuses a length past the end inside a nested message', () => {
    const bytes = [...encodeStreamingMessage(fixtureMessage('invocationRequest'))];
    assertRefused(bytes.slice(0, bytes.length - 3), endsInside);
  });

  it('refuses a known string field sent as a varint instead of misreading it', () =>
    assertRefused([0x08, 0x01, 0x41], /request_id \(#1\) arrived with wire type Varint/));

  it('refuses a payload message sent as a varint', () =>
    assertRefused([0x20, 0x05], /invocation_request \(#4\) arrived with wire type Varint/));

  it('refuses a wrong wire type deep inside a payload', () => {
    // StreamingMessage.invocation_request { invocation_id: varint 7 }
    assertRefused([0x22, 0x02, 0x08, 0x07], /InvocationRequest\.invocation_id \(#1\)/);
  });

  it('refuses a varint longer than ten bytes', () =>
    assertRefused([0x98, 0x06, ...Array<number>(11).fill(0xff), 0x01], /invalid varint/));

  it('refuses wire types that do not exist and field number 0', () => {
    assertRefused([0x0f], /wire type 7/);
    assertRefused([0x00, 0x01], /field no 0/);
  });

  it('refuses invalid UTF-8 in a string field', () =>
    assertRefused([0x0a, 0x02, 0xc3, 0x28], /UTF-?8|invalid/i));

  it('refuses messages nested past the recursion limit', () => {
    let data: TypedData = create(TypedDataSchema, { data: { case: 'string', value: 'leaf' } });
    for (let i = 0; i < 120; i++) {
      data = create(TypedDataSchema, { data: { case: 'http', value: { body: data } } });
    }
    const bytes = toBinary(
      StreamingMessageSchema,
      streamingMessage('rpcLog', { propertiesMap: { deep: data } }),
    );
    assertRefused(bytes, /deeper|recursion/);
  });

  it('skips unknown fields, as proto3 requires', () => {
    const known = encodeStreamingMessage(fixtureMessage('startStream'));
    const unknown = [
      ...[0x98, 0x06, 0x81, 0x01], // field 99, varint
      ...[0x99, 0x06, 1, 2, 3, 4, 5, 6, 7, 8], // field 99, fixed64
      ...[0x9d, 0x06, 1, 2, 3, 4], // field 99, fixed32
      ...[0x9a, 0x06, 0x02, 0x08, 0x01], // field 99, length-delimited
      ...[0x9b, 0x06, 0x08, 0x01, 0x9c, 0x06], // field 99, group holding a varint
    ];
    const decoded = decodeStreamingMessage(Uint8Array.from([...unknown, ...known]));
    assert.equal(decoded.content.case, 'startStream');
    assert.equal(decoded.content.value.workerId, fixtureMessage('startStream').content.value.workerId);
  });

  it('turns random garbage into a message or a ProtocolError, never another error', () => {
    let refused = 0;
    for (const bytes of pseudoRandomBytes(42, 3000, 64)) {
      try {
        decodeStreamingMessage(bytes);
      } catch (error) {
        assert.ok(
          error instanceof ProtocolError,
          `bytes ${Buffer.from(bytes).toString('hex')}: ${String(error)}`,
        );
        refused++;
      }
    }
    assert.ok(refused > 2000, `only ${refused} of 3000 garbage buffers were refused`);
  });
});
