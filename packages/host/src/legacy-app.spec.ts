import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startHost, type RunningHost } from './host.js';
import { testApp } from './testing/fixtures.js';

describe('a function.json app on our worker (host indexing)', { timeout: 30_000 }, () => {
  let host: RunningHost;
  before(async () => {
    host = await startHost({ appDir: testApp('legacy'), port: 0 });
  });
  after(() => host?.stop());

  it('indexes the function.json folders and serves them', async () => {
    assert.deepEqual(
      host.functions.map((fn) => [fn.name, fn.trigger]),
      [
        ['greet', 'httpTrigger'],
        ['orders', 'manualTrigger'],
      ],
    );
    const response = await host.fetch('/api/greet?name=Ada');
    assert.equal(response.status, 200);
    assert.equal(await response.text(), 'Hi Ada');
    assert.ok((await host.invoke('orders', 'o-1')).ok);
    assert.ok(host.logs.some((r) => r.functionName === 'orders' && r.message === 'order o-1'));
  });
});
