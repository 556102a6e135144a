import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeStatusMessage } from './status-message.js';

describe('encodeStatusMessage', () => {
  it('leaves printable ASCII as it is', () => {
    const text = "No worker was launched with id 'a-b_c' (see #12): [ok] {x} ~!";
    assert.equal(encodeStatusMessage(text), text);
  });

  it("percent-encodes '%', control characters and each UTF-8 byte of other text", () => {
    assert.equal(encodeStatusMessage('100%'), '100%25');
    assert.equal(encodeStatusMessage('a\r\nb\t'), 'a%0D%0Ab%09');
    assert.equal(encodeStatusMessage('wörker 😀'), 'w%C3%B6rker %F0%9F%98%80');
    assert.equal(decodeURIComponent(encodeStatusMessage('wörker 😀 100%\n')), 'wörker 😀 100%\n');
  });
});
