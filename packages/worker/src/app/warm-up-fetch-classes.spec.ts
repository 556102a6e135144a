import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createLegacyModel } from '../legacy/legacy-model.js';
import { AppState } from './app-state.js';
import { warmUpFetchClassesFor } from './warm-up-fetch-classes.js';

/** Node defines the fetch classes as getters that load undici on first access and then become values. */
const unloaded = (): boolean =>
  typeof Object.getOwnPropertyDescriptor(globalThis, 'Request')?.get === 'function';
const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

function appWithTrigger(type: string): AppState {
  const app = new AppState(createLegacyModel());
  app.functions.set('id', {
    metadata: { name: 'f', bindings: { trigger: { type, direction: 'in' } } },
    callback: () => undefined,
  });
  return app;
}

// In this order: once loaded, the classes stay loaded for the rest of the process.
describe('warming up the fetch classes after the functions are loaded', () => {
  it('leaves them unloaded for an app without HTTP functions', async () => {
    assert.ok(unloaded(), 'nothing in this test file may touch them first');
    warmUpFetchClassesFor(appWithTrigger('queueTrigger'));
    await nextTurn();
    assert.ok(unloaded());
  });

  it('loads them on the next turn of the event loop for an app with an HTTP function', async () => {
    warmUpFetchClassesFor(appWithTrigger('httpTrigger'));
    assert.ok(unloaded(), 'not before the load response is written');
    await nextTurn();
    assert.ok(!unloaded());
  });
});
