import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { StatusResult_Status } from './gen/FunctionRpc_pb.js';
import { cancelledResult, failureResult, rpcExceptionFromError, successResult } from './status-result.js';

class QuotaError extends Error {}

describe('status results', () => {
  it('successResult has status Success and nothing else', () => {
    const result = successResult();
    assert.equal(result.status, StatusResult_Status.Success);
    assert.equal(result.exception, undefined);
  });

  it('failureResult describes an Error subclass by its class name, message and stack', () => {
    const error = new QuotaError('quota exceeded');
    const result = failureResult(error, { isUserException: true, source: 'HttpTrigger1' });
    assert.equal(result.status, StatusResult_Status.Failure);
    assert.equal(result.exception?.type, 'QuotaError');
    assert.equal(result.exception?.message, 'quota exceeded');
    assert.equal(result.exception?.stackTrace, error.stack);
    assert.match(result.exception?.stackTrace ?? '', /status-result\.spec/);
    assert.equal(result.exception?.isUserException, true);
    assert.equal(result.exception?.source, 'HttpTrigger1');
  });

  it('names built-in errors by their type and defaults to a worker exception', () => {
    const exception = rpcExceptionFromError(new TypeError('bad'));
    assert.equal(exception.type, 'TypeError');
    assert.equal(exception.isUserException, false);
    assert.equal(exception.source, '');
  });

  it('describes thrown non-Errors by their value and type', () => {
    assert.deepEqual(
      [rpcExceptionFromError('plain').message, rpcExceptionFromError('plain').type],
      ['plain', 'string'],
    );
    assert.equal(rpcExceptionFromError({ code: 42 }).message, '{"code":42}');
    assert.equal(rpcExceptionFromError({ code: 42 }).type, 'object');
    assert.equal(rpcExceptionFromError(undefined).message, 'undefined');
    assert.equal(rpcExceptionFromError(null).message, 'null');
    assert.equal(rpcExceptionFromError(7).message, '7');
    assert.equal(rpcExceptionFromError(7).stackTrace, '');
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    assert.equal(rpcExceptionFromError(cyclic).message, '[object Object]');
  });

  it('keeps an error without a stack', () => {
    const error = new Error('no stack');
    error.stack = undefined;
    assert.equal(rpcExceptionFromError(error).stackTrace, '');
  });

  it('cancelledResult carries the reason', () => {
    const result = cancelledResult('invocation cancelled by the host');
    assert.equal(result.status, StatusResult_Status.Cancelled);
    assert.equal(result.exception?.message, 'invocation cancelled by the host');
  });
});
