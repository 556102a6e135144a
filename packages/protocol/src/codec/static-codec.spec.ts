import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromBinary, toBinary } from '@bufbuild/protobuf';
import {
  InvocationRequestSchema,
  StreamingMessageSchema,
  type StreamingMessage,
} from '../gen/FunctionRpc_pb.js';
import { isMessageOf } from '../message-kind.js';
import { fixtureKinds, fixtureMessage } from '../testing/message-fixtures.js';
import { protobufjsType } from '../testing/protobufjs-codec.js';
import { ProtocolError } from './protocol-error.js';
import {
  decodeStreamingMessage,
  encodeStreamingMessage,
  encodeStreamingMessageToBuffer,
} from './streaming-message-codec.js';
import { checkWireTypes } from './wire-type-check.js';

/** The reflective codec the generated one replaces: the wire-type check, then protobuf-es. */
function reflectiveDecode(bytes: Uint8Array): StreamingMessage {
  checkWireTypes(StreamingMessageSchema, bytes);
  return fromBinary(StreamingMessageSchema, bytes);
}

type Outcome = { message: StreamingMessage } | { error: string };

function outcome(decode: (bytes: Uint8Array) => StreamingMessage, bytes: Uint8Array): Outcome {
  try {
    return { message: decode(bytes) };
  } catch (error) {
    return { error: error instanceof Error ? error.message : String(error) };
  }
}

/** Both decoders accept the bytes and agree, or both refuse them (ours with a ProtocolError). */
function assertAgrees(bytes: Uint8Array, what: string): void {
  const theirs = outcome(reflectiveDecode, bytes);
  const ours = outcome(decodeStreamingMessage, bytes);
  if ('message' in theirs) {
    assert.ok(
      'message' in ours,
      `${what}: protobuf-es reads it, we refuse: ${'error' in ours && ours.error}`,
    );
    assert.deepEqual(ours.message, theirs.message, what);
  } else {
    assert.ok('error' in ours, `${what}: protobuf-es refuses it (${theirs.error}), we read it`);
  }
}

function concat(...parts: Uint8Array[]): Uint8Array {
  return Uint8Array.from(parts.flatMap((part) => [...part]));
}

/** A small deterministic generator, so a failing case can be reproduced. */
function pseudoRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return state >>> 16;
  };
}

describe('generated static codec', () => {
  for (const kind of fixtureKinds) {
    it(`${kind}: writes exactly the bytes protobuf-es writes`, () => {
      const message = fixtureMessage(kind);
      assert.deepEqual(encodeStreamingMessage(message), toBinary(StreamingMessageSchema, message));
    });

    it(`${kind}: reads the objects protobuf-es reads, from a Uint8Array and from a Buffer`, () => {
      const bytes = toBinary(StreamingMessageSchema, fixtureMessage(kind));
      assert.deepEqual(decodeStreamingMessage(bytes), fromBinary(StreamingMessageSchema, bytes));
      const buffer = Buffer.from(bytes);
      assert.deepEqual(decodeStreamingMessage(buffer), fromBinary(StreamingMessageSchema, buffer));
    });

    it(`${kind}: protobufjs reads our bytes and writes them back unchanged`, () => {
      const Type = protobufjsType();
      const ours = encodeStreamingMessageToBuffer(fixtureMessage(kind));
      assert.deepEqual(Buffer.from(Type.encode(Type.decode(ours)).finish()), ours);
    });
  }

  it('merges repeated payloads as protobuf-es does (concatenated messages, every pair of kinds)', () => {
    for (const first of fixtureKinds) {
      for (const second of [
        'invocationRequest',
        'invocationResponse',
        'rpcLog',
        'workerInitRequest',
      ] as const) {
        const bytes = concat(
          encodeStreamingMessage(fixtureMessage(first)),
          encodeStreamingMessage(fixtureMessage(second)),
        );
        assertAgrees(bytes, `${first} then ${second}`);
        assertAgrees(concat(bytes, bytes), `${first} then ${second}, twice`);
      }
    }
  });

  it('keeps unknown fields of invocation messages and writes them back', () => {
    const unknown = Uint8Array.of(0xa0, 0x06, 0x2a, 0xaa, 0x06, 0x02, 0x68, 0x69); // #100: 42, #101: "hi"
    const request = fixtureMessage('invocationRequest').content.value;
    const body = concat(toBinary(InvocationRequestSchema, request), unknown);
    const bytes = concat(Uint8Array.of(0x22), varint(body.length), body); // StreamingMessage.invocation_request
    assertAgrees(bytes, 'invocation request with unknown fields');
    const decoded = decodeStreamingMessage(bytes);
    assert.ok(isMessageOf(decoded, 'invocationRequest'));
    assert.deepEqual(
      decoded.content.value.$unknown?.map((field) => field.no),
      [100, 101],
    );
    assert.deepEqual(encodeStreamingMessage(decoded), bytes);
  });

  it('reads packed and unpacked repeated numbers alike', () => {
    // TypedData.collection_double { double: 1.5 } unpacked, then { double: [2.5] } packed.
    const unpacked = [0x09, ...new Uint8Array(new Float64Array([1.5]).buffer)];
    const packed = [0x0a, 0x08, ...new Uint8Array(new Float64Array([2.5]).buffer)];
    const collection = [0x52, unpacked.length + packed.length, ...unpacked, ...packed];
    const typed = [0x12, collection.length, ...collection]; // RpcLog.properties_map? no: use a log's map below
    const entry = [0x0a, 0x01, 0x6b, ...typed]; // key "k", value TypedData
    const log = [0x4a, entry.length, ...entry]; // RpcLog.propertiesMap (#9)
    const bytes = Uint8Array.from([0x12, log.length, ...log]); // StreamingMessage.rpc_log (#2)
    assertAgrees(bytes, 'packed and unpacked doubles');
    const decoded = decodeStreamingMessage(bytes);
    assert.ok(isMessageOf(decoded, 'rpcLog'));
    const value = decoded.content.value.propertiesMap['k']?.data;
    assert.equal(value?.case, 'collectionDouble');
    assert.deepEqual(value.value.double, [1.5, 2.5]);
  });

  it('refuses a wrong wire type inside a map value of a request', () => {
    // invocation_request { trigger_metadata { key "a", value: varint } }
    const entry = [0x0a, 0x01, 0x61, 0x10, 0x01];
    const request = [0x22, entry.length, ...entry];
    const bytes = Uint8Array.from([0x22, request.length, ...request]);
    assert.throws(
      () => decodeStreamingMessage(bytes),
      (error: unknown) =>
        error instanceof ProtocolError &&
        /InvocationRequest\.trigger_metadata \(#4\) value arrived with wire type Varint/.test(error.message),
    );
  });

  it('agrees with the reflective codec on every truncation and on random corruptions', () => {
    const next = pseudoRandom(7);
    for (const kind of ['invocationRequest', 'invocationResponse', 'rpcLog', 'invocationCancel'] as const) {
      const bytes = encodeStreamingMessage(fixtureMessage(kind));
      for (let end = 0; end < bytes.length; end++)
        assertAgrees(bytes.subarray(0, end), `${kind} cut at ${end}`);
      for (let round = 0; round < 300; round++) {
        const corrupted = Uint8Array.from(bytes);
        for (let flips = 1 + (next() % 3); flips > 0; flips--)
          corrupted[next() % corrupted.length] = next() & 0xff;
        assertAgrees(corrupted, `${kind} corrupted (round ${round})`);
      }
    }
  });
});

function varint(value: number): Uint8Array {
  const bytes: number[] = [];
  while (value > 0x7f) {
    bytes.push((value & 0x7f) | 0x80);
    value >>>= 7;
  }
  bytes.push(value);
  return Uint8Array.from(bytes);
}
