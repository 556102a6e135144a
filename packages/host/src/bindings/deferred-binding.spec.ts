import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { refuseDeferredBinding } from './deferred-binding.js';

const binding = (properties: unknown) => ({
  name: 'client',
  type: 'blob',
  direction: 'in' as const,
  settings: { path: 'box/x', properties },
});

describe('deferred blob binding', () => {
  it('is refused with a clear message when asked for as true or "True"', () => {
    for (const value of [true, 'True'])
      assert.throws(
        () => refuseDeferredBinding(binding({ SupportsDeferredBinding: value })),
        /Binding 'client' asks for SDK types \(SupportsDeferredBinding\), which this host does not support/,
      );
    assert.throws(() => refuseDeferredBinding(binding({ supportsdeferredbinding: true })));
  });

  it('lets a binding that does not ask for it through', () => {
    refuseDeferredBinding(binding(undefined));
    refuseDeferredBinding(binding({ SupportsDeferredBinding: false }));
  });
});
