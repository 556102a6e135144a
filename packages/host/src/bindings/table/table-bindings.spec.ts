import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TableClient } from '@azure/data-tables';
import { startHost, type RunningHost } from '../../host.js';
import { testApp } from '../../testing/fixtures.js';
import { drainQueue } from '../../testing/queues.js';

describe('table inputs and outputs (real Azurite, real worker, @azure/functions)', () => {
  let host: RunningHost;
  let table: (name: string) => TableClient;

  before(async () => {
    host = await startHost({ appDir: testApp('tables'), port: 0, storage: 'memory' });
    const connection = await host.storageConnectionString();
    table = (name) => TableClient.fromConnectionString(connection, name, { allowInsecureConnection: true });
    const people = table('People');
    await people.createTable();
    const seeds = [
      { rowKey: '1', Name: 'Ann', Age: 30 },
      { rowKey: '2', Name: 'Bob', Age: 25 },
      { rowKey: '3', Name: "O'Neil", Age: 40 },
      { rowKey: '4', Name: 'Cid', Age: 35 },
    ];
    for (const seed of seeds) await people.createEntity({ partitionKey: 'red', ...seed });
    await people.createEntity({
      partitionKey: 'blue',
      rowKey: 'typed',
      Text: 'hi',
      Small: 7,
      Long: { value: '5', type: 'Int64' },
      Ratio: 0.5,
      When: new Date('2024-05-01T10:20:30.500Z'),
      Id: { value: '0f8fad5b-d9cb-469f-a165-70867728950e', type: 'Guid' },
      Raw: new Uint8Array([1, 2, 3]),
      Yes: true,
    });
  });
  after(() => host?.stop());

  const getJson = async (path: string): Promise<{ type: string; value: unknown }> => {
    const response = await fetch(`${host.url}/api/${path}`);
    assert.equal(response.status, 200, await response.clone().text());
    return (await response.json()) as { type: string; value: unknown };
  };
  const post = (path: string, body: unknown) =>
    fetch(`${host.url}/api/${path}`, { method: 'POST', body: JSON.stringify(body) });
  const errorLogged = (fn: string, text: string) =>
    host.logs.some((r) => r.level === 'Error' && r.category === `Function.${fn}` && r.message.includes(text));

  it('reads one entity by route keys as the reference host sends it: ETag, keys, Timestamp, typed properties', async () => {
    const { type, value } = await getJson('people/blue/typed');
    assert.equal(type, 'object');
    const entity = value as Record<string, unknown>;
    assert.deepEqual(Object.keys(entity).slice(0, 4), ['odata.etag', 'PartitionKey', 'RowKey', 'Timestamp']);
    assert.match(String(entity['odata.etag']), /^W\/"datetime'.+'"$/);
    assert.match(String(entity['Timestamp']), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{1,7})?\+00:00$/);
    const rest = Object.fromEntries(
      Object.entries(entity).filter(([key]) => key !== 'Timestamp' && key !== 'odata.etag'),
    );
    assert.deepEqual(rest, {
      PartitionKey: 'blue',
      RowKey: 'typed',
      Text: 'hi',
      Small: 7,
      Long: 5,
      Ratio: 0.5,
      When: '2024-05-01T10:20:30.5+00:00',
      Id: '0f8fad5b-d9cb-469f-a165-70867728950e',
      Raw: 'AQID',
      Yes: true,
    });
  });

  it('gives no value for a missing entity, or an entity of a missing table, as the reference extension binds null', async () => {
    assert.deepEqual(await getJson('people/red/no-such-row'), { type: 'undefined', value: null });
    assert.deepEqual(await getJson('tables/NoSuchTable'), { type: 'undefined', value: null });
  });

  it('queries a partition with a filter: a quoted value has its quotes doubled, a bare one must be a number', async () => {
    const names = async (query: string) =>
      ((await getJson(`teams/red?${query}`)).value as { Name: string }[]).map((e) => e.Name);
    assert.deepEqual(await names(`skip=${encodeURIComponent("O'Neil")}&minAge=30`), ['Ann', 'Cid']);
    assert.deepEqual(await names('skip=Ann&minAge=0'), ['Bob', "O'Neil", 'Cid']);
    const injected = await fetch(
      `${host.url}/api/teams/red?skip=x&minAge=${encodeURIComponent('0 or true')}`,
    );
    assert.equal(injected.status, 500);
    assert.ok(
      errorLogged('queryTeam', "An invalid parameter value was specified for filter parameter 'minAge'."),
    );
  });

  it('takes at most `take` entities of a partition, as a JSON array', async () => {
    const { type, value } = await getJson('first-two/red');
    assert.equal(type, 'object');
    assert.deepEqual(
      (value as { RowKey: string }[]).map((e) => e.RowKey),
      ['1', '2'],
    );
  });

  it('fails an invocation whose query names a table that does not exist, without running it', async () => {
    const response = await fetch(`${host.url}/api/query/Missing`);
    assert.equal(response.status, 500);
    assert.ok(errorLogged('queryTable', "Querying table 'Missing' failed: the table does not exist (404"));
  });

  it('inserts an entity, its missing keys from the binding, whole numbers as Int64, creating the table', async () => {
    const response = await post('save/Saved/r1', { Name: 'x', Count: 3, Ratio: 2.5, Ok: true, Gone: null });
    assert.equal(await response.text(), 'saved');
    const entity = await table('Saved').getEntity('default-pk', 'r1', { disableTypeConversion: true });
    assert.deepEqual(entity['Count'], { value: '3', type: 'Int64' });
    assert.deepEqual(entity['Ratio'], { value: '2.5', type: 'Double' });
    assert.equal((entity['Name'] as { type: string }).type, 'String');
    assert.equal((entity['Ok'] as { type: string }).type, 'Boolean');
    assert.equal('Gone' in entity, false);
  });

  it('inserts an array across partitions and over one transaction, keys matched in any case', async () => {
    const entities = [
      ...Array.from({ length: 150 }, (_, i) => ({ partitionkey: 'many', ROWKEY: `r${i}`, I: i })),
      { PartitionKey: 'other', RowKey: 'only' },
    ];
    assert.equal((await post('save/Bulk/unused', entities)).status, 200);
    const rows: string[] = [];
    for await (const e of table('Bulk').listEntities()) rows.push(`${e.partitionKey}/${e.rowKey}`);
    assert.equal(rows.length, 151);
    assert.ok(rows.includes('other/only') && rows.includes('many/r149'));
  });

  it('fails on an entity that exists (an insert, as in the reference extension), and replaces with odata.etag *', async () => {
    assert.equal((await post('save/Clash/k', { V: 1 })).status, 200);
    const again = await post('save/Clash/k', { V: 2 });
    assert.equal(again.status, 500);
    assert.ok(
      errorLogged(
        'save',
        "Writing the entity (PartitionKey 'default-pk', RowKey 'k') to table 'Clash' failed",
      ),
    );
    assert.ok(errorLogged('save', 'EntityAlreadyExists'));
    assert.equal((await post('save/Clash/k', { V: 3, 'odata.etag': '*' })).status, 200);
    assert.equal((await table('Clash').getEntity('default-pk', 'k'))['V'], 3n);
  });

  it('reads, changes and writes back an entity with its ETag, and refuses a stale ETag', async () => {
    for (const expected of ['1', '2', '3']) {
      const answer = await (await post('bump/k1', {})).text();
      assert.equal(answer, expected, JSON.stringify(host.logs.filter((r) => r.level === 'Error').slice(-3)));
    }
    assert.equal((await table('Counters').getEntity('c', 'k1'))['Count'], 3n);
    const stale = await post('save/Counters/k1', {
      PartitionKey: 'c',
      'odata.etag': `W/"datetime'2000-01-01T00%3A00%3A00.0000000Z'"`,
      Count: 0,
    });
    assert.equal(stale.status, 500);
    assert.ok(errorLogged('save', 'UpdateConditionNotSatisfied'));
    assert.equal((await table('Counters').getEntity('c', 'k1'))['Count'], 3n);
  });

  it('writes a queue function`s $return: one message, one entity; an array, several', async () => {
    for (const message of [{ RowKey: 'one', V: 1 }, [{ RowKey: 'a' }, { RowKey: 'b', V: 'b' }]]) {
      const sent = await host.sendQueueMessage('to-table', JSON.stringify(message));
      assert.equal((await sent.ran).ok, true);
    }
    const rows: string[] = [];
    for await (const e of table('FromQueue').listEntities()) rows.push(`${e.partitionKey}/${e.rowKey}`);
    assert.deepEqual(rows.sort(), ['q/a', 'q/b', 'q/one']);
  });

  it('keeps a queue message whose entity is invalid: it fails, and goes to the poison queue', async () => {
    const message = JSON.stringify({ RowKey: 'bad/key' });
    const sent = await host.sendQueueMessage('to-table', message);
    const outcome = await sent.ran;
    assert.equal(outcome.ok, false);
    assert.ok(errorLogged('queueToTable', "'bad/key' is not a valid value for a partition key or row key."));
    const poisoned = await drainQueue(await host.storageConnectionString(), 'to-table-poison', 1);
    assert.deepEqual(poisoned, [message]);
  });

  it('writes nothing for a failed invocation', async () => {
    assert.equal((await fetch(`${host.url}/api/writesThenFails`, { method: 'POST' })).status, 500);
    await assert.rejects(table('Never').getEntity('p', 'r'), { statusCode: 404 });
  });

  it('fails an invocation whose entities are invalid, writing none of them, and goes on serving', async () => {
    const cases: [unknown, string][] = [
      [
        [{ Good: 1 }, { Nested: { a: 1 } }],
        "Entity 1 cannot be written to a table: its property 'Nested' is an object",
      ],
      [42, 'A table output takes JSON objects (entities), not a number.'],
      [
        '"text"',
        'A table output takes JSON objects (entities), not text that is not a JSON object or array.',
      ],
      [[{ RowKey: 'x' }, 7], 'Entity 1 cannot be written to a table: it is a number (7), not a JSON object.'],
      [{ RowKey: 'a/b' }, "'a/b' is not a valid value for a partition key or row key."],
      [{ 'bad-name': 1 }, "the property name 'bad-name' is not one Azure Storage takes"],
      [{ Big: 'x'.repeat(40_000) }, "its property 'Big' is 40000 characters long"],
      [
        Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`P${i}`, 'y'.repeat(30_000)])),
        'Azure Storage takes entities up to 1 MiB',
      ],
    ];
    for (const [body, message] of cases) {
      assert.equal((await post('save/Invalid/r', body)).status, 500, message);
      assert.ok(errorLogged('save', message), message);
    }
    await assert.rejects(table('Invalid').getEntity('default-pk', 'r'), { statusCode: 404 });
    assert.equal((await post('save/Invalid/r', { Fine: true })).status, 200);
  });
});
