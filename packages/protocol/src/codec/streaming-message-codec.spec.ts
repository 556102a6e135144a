import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { equals, isFieldSet, type DescField, type DescMessage, type Message } from '@bufbuild/protobuf';
import { StreamingMessageSchema, type StreamingMessage } from '../gen/FunctionRpc_pb.js';
import { isMessageOf, streamingMessage } from '../message-kind.js';
import { fixtureKinds, fixtureMessage } from '../testing/message-fixtures.js';
import {
  decodeStreamingMessage,
  encodeStreamingMessage,
  encodeStreamingMessageToBuffer,
  encodeStreamingMessageToSegments,
} from './streaming-message-codec.js';

/** `Type.field` for every field of every message reachable from `root`. */
function reachableFields(root: DescMessage): Set<string> {
  const fields = new Set<string>();
  const seen = new Set<string>();
  const visit = (desc: DescMessage): void => {
    if (seen.has(desc.typeName)) return;
    seen.add(desc.typeName);
    for (const field of desc.fields) {
      fields.add(`${desc.typeName}.${field.name}`);
      if (field.message) visit(field.message);
    }
  };
  visit(root);
  return fields;
}

function fieldValue(message: Record<string, unknown>, field: DescField): unknown {
  if (!field.oneof) return message[field.localName];
  const oneof = message[field.oneof.localName] as { case?: string; value?: unknown };
  return oneof.case === field.localName ? oneof.value : undefined;
}

/** `Type.field` for every field that is set (non-default, or a selected oneof member) anywhere in `message`. */
function setFields(desc: DescMessage, message: Message, into: Set<string>): Set<string> {
  for (const field of desc.fields) {
    if (!isFieldSet(message, field)) continue;
    into.add(`${desc.typeName}.${field.name}`);
    if (!field.message) continue;
    const value = fieldValue(message as unknown as Record<string, unknown>, field);
    const nested =
      field.fieldKind === 'list'
        ? (value as Message[])
        : field.fieldKind === 'map'
          ? Object.values(value as Record<string, Message>)
          : [value as Message];
    for (const item of nested) setFields(field.message, item, into);
  }
  return into;
}

describe('StreamingMessage codec', () => {
  it('has a fixture for every oneof case of StreamingMessage.content', () => {
    const cases = StreamingMessageSchema.oneofs[0]!.fields.map((field) => field.localName).sort();
    assert.equal(cases.length, 25);
    assert.deepEqual([...fixtureKinds].sort(), cases);
  });

  it('fixtures set every field of every message reachable from StreamingMessage', () => {
    const covered = new Set<string>();
    for (const kind of fixtureKinds) setFields(StreamingMessageSchema, fixtureMessage(kind), covered);
    const missing = [...reachableFields(StreamingMessageSchema)].filter((field) => !covered.has(field));
    assert.deepEqual(missing, [], `fields without a non-default value in any fixture: ${missing.join(', ')}`);
  });

  for (const kind of fixtureKinds) {
    it(`round-trips ${kind}`, () => {
      const original = fixtureMessage(kind);
      const decoded = decodeStreamingMessage(encodeStreamingMessage(original));
      assert.deepEqual(decoded, original);
      assert.ok(equals(StreamingMessageSchema, decoded, original));
    });
  }

  it('keeps nullable wrappers that hold default values present', () => {
    const decoded = decodeStreamingMessage(encodeStreamingMessage(fixtureMessage('invocationRequest')));
    assert.ok(isMessageOf(decoded, 'invocationRequest'));
    const req = decoded.content.value.inputData[0]?.rpcData;
    assert.equal(req?.case, 'data');
    const http = req.value.data.case === 'http' ? req.value.data.value : undefined;
    assert.deepEqual(http?.nullableHeaders['x-empty']?.string, { case: 'value', value: '' });
    const cookie = http?.cookies[1];
    assert.deepEqual(cookie?.secure?.bool, { case: 'value', value: false });
    assert.deepEqual(cookie?.maxAge?.double, { case: 'value', value: 0 });
    assert.deepEqual(cookie?.domain?.string, { case: 'value', value: '' });
    assert.equal(cookie?.expires?.timestamp.case, 'value');
  });

  it('decodes an empty buffer as an empty message', () => {
    const decoded: StreamingMessage = decodeStreamingMessage(new Uint8Array());
    assert.equal(decoded.requestId, '');
    assert.equal(decoded.content.case, undefined);
  });

  it('passes large byte fields on by reference in segments that make up the same bytes', () => {
    const body = new Uint8Array(200_000).fill(7);
    const rawBody = Buffer.alloc(70_000, 9);
    const small = new Uint8Array(100).fill(3);
    const bytes = (value: Uint8Array) => ({ data: { case: 'bytes' as const, value } });
    const http = { case: 'http' as const, value: { body: bytes(body), rawBody: bytes(rawBody) } };
    const message = streamingMessage(
      'invocationRequest',
      {
        invocationId: 'i-1',
        inputData: [
          { name: 'req', rpcData: { case: 'data', value: { data: http } } },
          { name: 'small', rpcData: { case: 'data', value: bytes(small) } },
        ],
      },
      'r-1',
    );
    const segments = encodeStreamingMessageToSegments(message, 5);
    const whole = encodeStreamingMessageToBuffer(message, 5);
    assert.deepEqual(Buffer.concat(segments).subarray(5), whole.subarray(5));
    // The two bodies are the caller's own memory; the small field was copied.
    assert.ok(
      segments.some((segment) => segment.buffer === body.buffer && segment.byteOffset === body.byteOffset),
    );
    assert.ok(
      segments.some(
        (segment) => segment.buffer === rawBody.buffer && segment.byteOffset === rawBody.byteOffset,
      ),
    );
    assert.equal(segments.length, 5);
    assert.ok(segments[0]!.length >= 5);
    assert.ok(segments.every((segment) => segment.length > 0));
  });

  it('gives a message without large fields as one segment', () => {
    const message = streamingMessage('invocationRequest', { invocationId: 'i-1' }, 'r-1');
    const segments = encodeStreamingMessageToSegments(message, 5);
    assert.equal(segments.length, 1);
    assert.deepEqual(segments[0]!.subarray(5), encodeStreamingMessageToBuffer(message).subarray(0));
  });
});
