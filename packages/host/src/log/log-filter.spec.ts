import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { LogFilter } from './log-filter.js';

describe('LogFilter', () => {
  it('applies the longest matching category prefix, then default', () => {
    const filter = new LogFilter({
      default: 'Warning',
      Function: 'Information',
      'Function.noisy.User': 'None',
    });
    assert.equal(filter.allows('Host.Startup', 'Information'), false);
    assert.equal(filter.allows('Host.Startup', 'Error'), true);
    assert.equal(filter.allows('Function.hello.User', 'Information'), true);
    assert.equal(filter.allows('Function.hello', 'Debug'), false);
    assert.equal(filter.allows('function.NOISY.user', 'Critical'), false);
    assert.equal(new LogFilter().allows('Anything', 'Information'), true);
  });
});
