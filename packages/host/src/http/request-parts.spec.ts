import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readQuery, type QueryEntry } from '@functions-rpc/protocol';
import { requestTarget } from './request-parts.js';

describe('request parts', () => {
  it('splits origin-form and absolute-form targets into path and query', () => {
    assert.deepEqual(requestTarget('/api/x?a=1'), { path: '/api/x', search: '?a=1' });
    assert.deepEqual(requestTarget('/api/x'), { path: '/api/x', search: '' });
    assert.deepEqual(requestTarget('http://h:1/api/y?b=2'), { path: '/api/y', search: '?b=2' });
    assert.deepEqual(requestTarget('*'), { path: '/', search: '' });
  });

  it('joins repeated keys case-insensitively and decodes', () => {
    const query = readQuery('?A=1&a=2&b=x+y%21&c&=z&bad=%E0');
    assert.deepEqual(query.get('a'), { key: 'A', value: '1,2', first: '1', last: '2' } satisfies QueryEntry);
    assert.equal(query.get('b')?.value, 'x y!');
    assert.equal(query.get('c')?.value, '');
    assert.equal(query.get('bad')?.value, '%E0');
  });
});
