import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { FunctionBinding } from '@functions-rpc/protocol';
import { deferredBindingError } from './deferred-binding.js';

const binding = (name: string, settings: Record<string, unknown>): FunctionBinding => ({
  name,
  type: 'blob',
  direction: 'in',
  settings: { path: 'box/x', ...settings },
});

describe('deferred binding (SDK types)', () => {
  it('is an error for every binding that asks for it, as true or "True", key in any case', () => {
    const trigger = binding('trigger', { properties: { SupportsDeferredBinding: 'True' } });
    const bindings = [
      trigger,
      binding('client', { properties: { supportsdeferredbinding: true } }),
      binding('plain', { properties: { SupportsDeferredBinding: false } }),
    ];
    assert.match(
      deferredBindingError(bindings, trigger) ?? '',
      /^The binding\(s\) 'trigger, client' ask for SDK types \(SupportsDeferredBinding\), which this host does not support/,
    );
  });

  it('lets a trigger through when another binding has a {…} expression, as the reference host skips it', () => {
    const trigger = binding('trigger', { properties: { SupportsDeferredBinding: true } });
    const output = { ...binding('out', { path: 'box/{name}' }), direction: 'out' as const };
    assert.equal(deferredBindingError([trigger, output], trigger), undefined);
    assert.notEqual(deferredBindingError([trigger], trigger), undefined);
  });

  it('is no error for bindings that do not ask for it', () => {
    const trigger = binding('trigger', {});
    assert.equal(deferredBindingError([trigger, binding('x', { properties: {} })], trigger), undefined);
  });
});
