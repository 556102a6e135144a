import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseBinding } from '@functions-rpc/protocol';
import type { FunctionInfo } from '../../functions/function-info.js';
import { newtonsoftDate, queueTriggerInput } from './queue-trigger-input.js';

function queueFunction(dataType?: string): FunctionInfo {
  const trigger = parseBinding({
    type: 'queueTrigger',
    direction: 'in',
    name: 'item',
    queueName: 'q',
    dataType,
  });
  return {
    name: 'f',
    functionId: 'id',
    directory: '/',
    scriptFile: 'index.js',
    entryPoint: '',
    language: 'node',
    bindings: [trigger],
    isProxy: false,
    disabled: false,
    properties: {},
    trigger,
    indexedBy: 'host',
  };
}

const message = {
  messageId: 'm1',
  popReceipt: 'p1',
  dequeueCount: 2,
  insertedOn: new Date('2024-05-01T10:00:00Z'),
  body: Buffer.from('{"id":"a","n":5,"ok":true,"nested":{"x":1},"list":[1]}'),
};

describe('queue trigger input', () => {
  it('sends the body as string and the metadata with the reference types', () => {
    const { inputData, triggerMetadata } = queueTriggerInput(queueFunction(), message);
    const data = inputData![0]!.rpcData;
    assert.equal(data?.case === 'data' && data.value.data?.case, 'string');
    const kind = (key: string): string | undefined => triggerMetadata[key]?.data.case;
    const value = (key: string): unknown => triggerMetadata[key]?.data.value;
    assert.equal(kind('QueueTrigger'), 'string');
    assert.equal(value('DequeueCount'), '2');
    assert.equal(kind('DequeueCount'), 'json');
    assert.equal(value('InsertionTime'), '"2024-05-01T10:00:00+00:00"');
    assert.equal(value('ExpirationTime'), '"9999-12-31T23:59:59.9999999+00:00"');
    assert.equal(value('Id'), 'm1');
    assert.equal(value('PopReceipt'), 'p1');
    assert.equal(value('n'), '5');
    assert.equal(value('ok'), 'True');
    assert.equal(value('nested'), '{"x":1}');
    assert.equal(triggerMetadata['list'], undefined, 'arrays are skipped');
  });

  it('sends bytes for dataType binary, and leaves QueueTrigger out of a body that is not UTF-8', () => {
    const binary = queueTriggerInput(queueFunction('binary'), message).inputData![0]!.rpcData;
    assert.equal(binary?.case === 'data' && binary.value.data?.case, 'bytes');
    const notUtf8 = queueTriggerInput(queueFunction(), { ...message, body: Buffer.from([0xff, 0xfe]) });
    assert.equal(notUtf8.triggerMetadata['QueueTrigger'], undefined);
  });

  it('writes dates as Newtonsoft does', () => {
    assert.equal(newtonsoftDate(new Date('2024-05-01T10:00:00.120Z')), '2024-05-01T10:00:00.12+00:00');
  });
});
