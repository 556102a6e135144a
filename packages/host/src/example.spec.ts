import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startHost, type RunningHost } from './host.js';
import { EXAMPLE_APP, eventually } from './testing/fixtures.js';
import { drainQueue } from './testing/queues.js';

describe('the example app (examples/hello) on our worker', { timeout: 60_000 }, () => {
  let host: RunningHost;
  before(async () => {
    // The app says UseDevelopmentStorage=true: a private in-memory Azurite rather than the default ports.
    host = await startHost({ appDir: EXAMPLE_APP, port: 0, enableAuth: true, storage: 'memory' });
  });
  after(() => host?.stop());

  it('lists its functions', () => {
    const names = host.functions.map((fn) => `${fn.name}:${fn.trigger}`).sort();
    assert.deepEqual(names, [
      'getUser:httpTrigger',
      'heartbeat:timerTrigger',
      'hello:httpTrigger',
      'placeOrder:httpTrigger',
      'processOrder:queueTrigger',
      'secret:httpTrigger',
    ]);
  });

  it('answers its HTTP functions, with route constraints and keys', async () => {
    assert.equal(await (await host.fetch('/api/hello?name=Ada')).text(), 'Hello, Ada!');
    const user = await host.fetch('/api/users/42');
    assert.equal(user.status, 200);
    assert.deepEqual(await user.json(), { id: 42, name: 'User 42' });
    assert.equal((await host.fetch('/api/users/abc')).status, 404);
    assert.equal((await host.fetch('/api/secret')).status, 401);
    assert.equal((await host.fetch(`/api/secret?code=${host.keys.function}`)).status, 200);
  });

  it('queues an order over HTTP, which the queue function processes and passes on', async () => {
    const response = await host.fetch('/api/orders', { method: 'POST', body: '{"orderId":7,"item":"tea"}' });
    assert.equal(response.status, 202);
    await eventually(
      () =>
        host.logs.some((r) => r.functionName === 'processOrder' && /Processing order.*tea/.test(r.message)),
      30_000,
      'the queue function to run',
    );
    const [shipment] = await drainQueue(await host.storageConnectionString(), 'shipments', 1);
    assert.equal((JSON.parse(shipment!) as { orderId: number }).orderId, 7);
  });

  it('runs the queue function through the admin API', async () => {
    const response = await host.fetch('/admin/functions/processOrder', {
      method: 'POST',
      body: JSON.stringify({ input: 'order-1' }),
    });
    assert.equal(response.status, 202);
    await eventually(
      () => host.logs.some((r) => r.functionName === 'processOrder' && /Processing order/.test(r.message)),
      5000,
      'the queue function',
    );
  });

  it('runs the timer function through the admin API', async () => {
    const response = await host.fetch('/admin/functions/heartbeat', {
      method: 'POST',
      body: JSON.stringify({ input: '' }),
    });
    assert.equal(response.status, 202);
    await eventually(
      () => host.logs.some((r) => r.functionName === 'heartbeat' && r.message === 'Heartbeat'),
      5000,
      'the timer function',
    );
  });
});
