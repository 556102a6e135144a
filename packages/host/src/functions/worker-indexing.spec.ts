import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { failureResult, streamingMessage, type RpcFunctionMetadata } from '@functions-rpc/protocol';
import { fromWorkerMetadata } from './worker-indexing.js';

const trigger = JSON.stringify({ name: 'req', type: 'httpTrigger', direction: 'in', methods: ['get'] });
const output = JSON.stringify({ name: '$return', type: 'http', direction: 'out' });

/** A complete RpcFunctionMetadata message, as decoded from the wire. */
function metadata(name: string, functionId: string, rawBindings: string[], extra = {}): RpcFunctionMetadata {
  const message = streamingMessage('functionMetadataResponse', {
    functionMetadataResults: [{ name, functionId, rawBindings, ...extra }],
  });
  return message.content.value.functionMetadataResults[0]!;
}

describe('fromWorkerMetadata', () => {
  it('builds functions from raw_bindings and validates them as the reference host does', () => {
    const { functions, errors } = fromWorkerMetadata(
      [
        metadata('ok', 'id-1', [trigger, output], {
          properties: { IsDisabled: 'true', worker_indexed: 'True' },
        }),
        metadata('1bad', 'id-2', [trigger]),
        metadata('noTrigger', 'id-3', [output]),
        metadata('dup', 'id-1', [trigger]),
        metadata('noId', '', [trigger]),
        metadata('twice', 'id-4', [trigger, trigger]),
        metadata('badReturn', 'id-5', [
          trigger,
          JSON.stringify({ name: '$return', type: 'http', direction: 'in' }),
        ]),
        metadata('failed', 'id-6', [trigger], { status: failureResult(new Error('cannot index')) }),
        metadata('notJson', 'id-7', ['{']),
      ],
      'node',
    );
    assert.deepEqual(
      functions.map((fn) => [
        fn.name,
        fn.functionId,
        fn.trigger.name,
        fn.disabled,
        fn.properties['worker_indexed'],
      ]),
      [['ok', 'id-1', 'req', true, 'True']],
    );
    assert.equal(errors.length, 8);
    assert.match(errors.join('\n'), /'1bad' is not a valid function name/);
    assert.match(errors.join('\n'), /'noTrigger'.*no trigger binding/);
    assert.match(errors.join('\n'), /'dup'.*not unique/);
    assert.match(errors.join('\n'), /'noId'.*no function_id/);
    assert.match(errors.join('\n'), /'twice'.*used more than once/);
    assert.match(errors.join('\n'), /'badReturn'.*must have direction 'out'/);
    assert.match(errors.join('\n'), /'failed'.*cannot index/);
    assert.match(errors.join('\n'), /'notJson'.*not JSON/);
  });
});
