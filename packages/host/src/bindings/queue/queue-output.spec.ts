import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toTypedData } from '@functions-rpc/protocol';
import { queueMessages } from './queue-output.js';

const texts = (value: Parameters<typeof queueMessages>[0]): string[] =>
  queueMessages(value).map((body) => body.toString());

describe('queue output values', () => {
  it('splits arrays into one message each, as the reference host does', () => {
    assert.deepEqual(texts(toTypedData(['a', { b: 1 }, 3, true], 'json')), [
      'a',
      '{\n  "b": 1\n}',
      '3',
      'True',
    ]);
    assert.deepEqual(texts(toTypedData('[1,2]', 'string')), ['1', '2']);
    assert.deepEqual(texts(toTypedData(['x', 'y'], 'collectionString')), ['x', 'y']);
  });

  it('writes one message for a string, bytes, a number or an object', () => {
    assert.deepEqual(texts(toTypedData('hello', 'string')), ['hello']);
    assert.deepEqual(texts(toTypedData('[not json', 'string')), ['[not json']);
    assert.deepEqual(texts(toTypedData(Buffer.from('raw'), 'bytes')), ['raw']);
    assert.deepEqual(texts(toTypedData(42)), ['42']);
    assert.deepEqual(texts(toTypedData({ id: 'a' }, 'json')), ['{\n  "id": "a"\n}']);
  });
});
