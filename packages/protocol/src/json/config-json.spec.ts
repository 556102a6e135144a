import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigJsonError, parseConfigJson } from './config-json.js';

describe('parseConfigJson', () => {
  it('accepts comments, trailing commas and a byte-order mark, as the reference host does', () => {
    const text = '\uFEFF// app\n{\n  "a": 1, /* one */\n  "b": [true, null,],\n}\n';
    assert.deepEqual(parseConfigJson(text), { a: 1, b: [true, null] });
  });

  it('names the first error with its line and column', () => {
    assert.throws(
      () => parseConfigJson('{\n  "a" 1\n}'),
      (error: Error) =>
        error instanceof ConfigJsonError && error.message === 'ColonExpected at line 2, column 7',
    );
  });
});
