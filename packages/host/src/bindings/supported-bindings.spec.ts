import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { unsupportedBindingTypes, unsupportedBindingsMessage } from './supported-bindings.js';

describe('unsupportedBindingTypes', () => {
  it('names each unsupported type once, in binding order, comparing case-insensitively', () => {
    const types = [
      'HTTPTRIGGER',
      'cosmosDBTrigger',
      'http',
      'sql',
      'SQL',
      'TimerTrigger',
      'manualTrigger',
      'QueueTrigger',
      'Table',
    ];
    assert.deepEqual(unsupportedBindingTypes(types.map((type) => ({ type }))), ['cosmosDBTrigger', 'sql']);
  });

  it('says what the host supports', () => {
    assert.match(
      unsupportedBindingsMessage(['sql']),
      /'sql' are not supported.*Supported binding types: httpTrigger, http, timerTrigger, manualTrigger, queueTrigger, queue, blobTrigger, blob, table\./,
    );
  });
});
