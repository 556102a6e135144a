import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TableClient } from '@azure/data-tables';
import { startHost, type RunningHost } from '../../host.js';
import { testApp } from '../../testing/fixtures.js';

describe('function.json table bindings (real Azurite, real worker)', () => {
  let host: RunningHost;
  let table: (name: string) => TableClient;

  before(async () => {
    host = await startHost({ appDir: testApp('tables-legacy'), port: 0, storage: 'memory' });
    const connection = await host.storageConnectionString();
    table = (name) => TableClient.fromConnectionString(connection, name, { allowInsecureConnection: true });
  });
  after(() => host?.stop());

  const visit = async (id: string) =>
    (await fetch(`${host.url}/api/visits/${id}`, { method: 'POST' })).text();

  it('reads an entity by a route key (null when missing) and writes it back changed with its ETag', async () => {
    assert.deepEqual(
      [await visit('a'), await visit('a'), await visit('b'), await visit('a')],
      ['1', '2', '1', '3'],
    );
    assert.equal((await table('Visits').getEntity('v', 'a'))['Count'], 3n);
  });

  it('queries with a filter from the query string, at most `take` (given as text) entities', async () => {
    await visit('b');
    await visit('c');
    const answer = await (await fetch(`${host.url}/api/recent?min=1`)).text();
    assert.equal(answer, 'a:3,b:2');
    assert.equal(await (await fetch(`${host.url}/api/recent?min=3`)).text(), 'a:3');
  });

  it('writes $return with keys from the queue message`s properties', async () => {
    const sent = await host.sendQueueMessage(
      'legacy-to-table',
      JSON.stringify({ group: 'g1', id: 'i1', name: 'x' }),
    );
    assert.equal((await sent.ran).ok, true);
    const entity = await table('Groups').getEntity('g1', 'i1');
    assert.equal(entity['Name'], 'x');
  });
});
