import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { equals } from '@bufbuild/protobuf';
import { StreamingMessageSchema, type StreamingMessage } from '../gen/FunctionRpc_pb.js';
import { fixtureKinds, fixtureMessage } from '../testing/message-fixtures.js';
import { protobufjsType, toProtobufjsObject } from '../testing/protobufjs-codec.js';
import { decodeStreamingMessage, encodeStreamingMessage } from './streaming-message-codec.js';

/**
 * protobufjs hands out Node Buffers, and bytes fields decoded from a Buffer are Buffers too; compare them as
 * plain Uint8Arrays so the diff shows content, and confirm with protobuf-es's own equality.
 */
function assertSameMessage(actual: StreamingMessage, expected: StreamingMessage): void {
  assert.ok(
    equals(StreamingMessageSchema, actual, expected),
    'protobuf-es equals() says the messages differ',
  );
  const copy = decodeStreamingMessage(new Uint8Array(encodeStreamingMessage(actual)));
  assert.deepEqual(copy, expected);
}

describe('byte compatibility with protobufjs', () => {
  const Type = protobufjsType();

  it('loads the same message set by reflection', () => {
    const content = Type.oneofs['content'];
    assert.ok(content);
    assert.deepEqual(
      [...content.oneof].sort(),
      StreamingMessageSchema.oneofs[0]!.fields.map((field) => field.name).sort(),
    );
  });

  for (const kind of fixtureKinds) {
    it(`${kind}: protobufjs bytes decode with ours to the original`, () => {
      const original = fixtureMessage(kind);
      const plain = toProtobufjsObject(StreamingMessageSchema, original);
      const bytes = Type.encode(Type.fromObject(plain)).finish();
      assertSameMessage(decodeStreamingMessage(bytes), original);
    });

    it(`${kind}: our bytes survive a protobufjs decode and re-encode`, () => {
      const original = fixtureMessage(kind);
      const decodedByThem = Type.decode(encodeStreamingMessage(original));
      assert.equal(Type.verify(decodedByThem), null);
      const reencoded = Type.encode(decodedByThem).finish();
      assertSameMessage(decodeStreamingMessage(reencoded), original);
    });
  }
});
