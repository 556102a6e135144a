import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  BindingInfo_DataType,
  BindingInfo_Direction,
  RpcRetryOptions_RetryStrategy,
} from '../gen/FunctionRpc_pb.js';
import { isFunctionFolder, parseFunctionJson, pickScriptFile, type FunctionJson } from './function-json.js';
import { rpcFunctionMetadata } from './function-metadata.js';

const HTTP_BINDINGS = [
  { type: 'httpTrigger', direction: 'IN', name: 'req', dataType: 'Binary' },
  { type: 'http', direction: 'out', name: '$return' },
];

describe('parseFunctionJson', () => {
  it('parses bindings, finds the trigger and reads the optional keys', () => {
    const fn = parseFunctionJson('Hello', {
      bindings: HTTP_BINDINGS,
      scriptFile: '../dist/hello.js',
      entryPoint: 'run',
      disabled: true,
      properties: { retries: 3 },
    });
    assert.equal(fn.trigger.name, 'req');
    assert.equal(fn.trigger.direction, 'in');
    assert.equal(fn.trigger.dataType, 'binary');
    assert.equal(fn.scriptFile, '../dist/hello.js');
    assert.equal(fn.entryPoint, 'run');
    assert.equal(fn.disabled, true);
    assert.deepEqual(fn.properties, { retries: '3' });
  });

  it('defaults what function.json leaves out', () => {
    const fn = parseFunctionJson('Hello', { bindings: HTTP_BINDINGS, scriptFile: '' });
    assert.equal(fn.scriptFile, undefined);
    assert.equal(fn.entryPoint, '');
    assert.equal(fn.disabled, false);
    assert.deepEqual(fn.properties, {});
  });

  it('rejects missing bindings, invalid bindings, bad names and functions without a trigger', () => {
    assert.throws(() => parseFunctionJson('Hello', {}), /no "bindings" array/);
    assert.throws(() => parseFunctionJson('Hello', { bindings: [{ name: 'x' }] }), /has no type/);
    assert.throws(() => parseFunctionJson('host', { bindings: HTTP_BINDINGS }), /not a valid function name/);
    assert.throws(() => parseFunctionJson('Hello', { bindings: [HTTP_BINDINGS[1]] }), /no trigger binding/);
  });
});

describe('pickScriptFile', () => {
  it('takes the only script, else run.*, else index.*', () => {
    const js = ['.js', '.mjs'];
    assert.equal(pickScriptFile(['readme.md', 'main.mjs'], js), 'main.mjs');
    assert.equal(pickScriptFile(['a.js', 'index.js', 'run.js'], js), 'run.js');
    assert.equal(pickScriptFile(['a.js', 'index.mjs'], js), 'index.mjs');
    assert.equal(pickScriptFile(['a.js', 'b.js'], js), undefined);
    assert.equal(pickScriptFile([], js), undefined);
  });
});

describe('isFunctionFolder', () => {
  it('skips hidden folders and node_modules', () => {
    assert.equal(isFunctionFolder('Hello'), true);
    assert.equal(isFunctionFolder('.vscode'), false);
    assert.equal(isFunctionFolder('node_modules'), false);
  });
});

/** The load metadata of a function `Hello` read from function.json. */
function helloMetadata(fn: FunctionJson): ReturnType<typeof rpcFunctionMetadata> {
  return rpcFunctionMetadata({
    ...fn,
    name: 'Hello',
    functionId: 'id-1',
    directory: 'app/Hello',
    scriptFile: 'app/Hello/index.js',
    language: 'node',
    isProxy: false,
  });
}

describe('rpcFunctionMetadata', () => {
  it('maps bindings to the protocol enums and adds FunctionId and IsDisabled', () => {
    const fn = parseFunctionJson('Hello', { bindings: HTTP_BINDINGS, properties: { a: 'b' } });
    const metadata = helloMetadata(fn);
    assert.deepEqual(metadata.bindings, {
      req: {
        type: 'httpTrigger',
        direction: BindingInfo_Direction.in,
        dataType: BindingInfo_DataType.binary,
      },
      $return: {
        type: 'http',
        direction: BindingInfo_Direction.out,
        dataType: BindingInfo_DataType.undefined,
      },
    });
    assert.deepEqual(metadata.properties, { a: 'b', FunctionId: 'id-1', IsDisabled: 'false' });
    assert.equal('retryOptions' in metadata, false);
  });

  it("carries function.json's retry policy, and refuses an invalid one", () => {
    const retry = { strategy: 'fixedDelay', maxRetryCount: 2, delayInterval: '00:00:05' };
    const fn = parseFunctionJson('Hello', { bindings: HTTP_BINDINGS, retry });
    const metadata = helloMetadata(fn);
    assert.equal(metadata.retryOptions?.maxRetryCount, 2);
    assert.equal(metadata.retryOptions?.retryStrategy, RpcRetryOptions_RetryStrategy.fixed_delay);
    assert.throws(
      () => parseFunctionJson('Hello', { bindings: HTTP_BINDINGS, retry: { ...retry, maxRetryCount: 'x' } }),
      /retry\.maxRetryCount/,
    );
  });
});
