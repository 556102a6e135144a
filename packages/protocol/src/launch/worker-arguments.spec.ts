import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { workerArguments } from './worker-arguments.js';

const init = { port: 5123, workerId: 'w-1', requestId: 'r-1' };
const legacy = [
  '--host',
  '127.0.0.1',
  '--port',
  '5123',
  '--workerId',
  'w-1',
  '--requestId',
  'r-1',
  '--grpcMaxMessageLength',
  '2147483647',
];
const functions = [
  '--functions-uri',
  'http://127.0.0.1:5123/',
  '--functions-worker-id',
  'w-1',
  '--functions-request-id',
  'r-1',
  '--functions-grpc-max-message-length',
  '2147483647',
];

describe('workerArguments', () => {
  it('passes both styles by default, legacy first, in the reference host order', () => {
    assert.deepEqual(workerArguments(init), [...legacy, ...functions]);
  });

  it('passes one style when asked', () => {
    assert.deepEqual(workerArguments({ ...init, style: 'legacy' }), legacy);
    assert.deepEqual(workerArguments({ ...init, style: 'functions' }), functions);
  });

  it('passes the given message length limit in both styles', () => {
    const args = workerArguments({ ...init, maxMessageLength: 1000 });
    assert.equal(args[args.indexOf('--grpcMaxMessageLength') + 1], '1000');
    assert.equal(args[args.indexOf('--functions-grpc-max-message-length') + 1], '1000');
  });
});
