import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readHeaderPairs } from './request-parts.js';

describe('readHeaderPairs', () => {
  it('keys headers by lower-cased name, keeps the first spelling and joins repeats with a comma', () => {
    const headers = readHeaderPairs(['Accept', 'a/b', 'X-Id', '1', 'accept', 'c/d']);
    assert.deepEqual(
      [...headers],
      [
        ['accept', { name: 'Accept', value: 'a/b,c/d' }],
        ['x-id', { name: 'X-Id', value: '1' }],
      ],
    );
  });
});
