import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toTypedData } from '@functions-rpc/protocol';
import { tableEntities } from './table-entity.js';

const json = (value: unknown) => toTypedData(value, 'json');

describe('table output entities', () => {
  it('takes keys in any case (numbers and booleans as .NET text), else the binding`s, and types numbers', () => {
    const [entity] = tableEntities(
      json({ partitionkey: 7, Flag: false, N: 2, F: 2.5, S: 's', Timestamp: 'x' }),
      {
        partitionKey: 'ignored',
        rowKey: 'from-binding',
      },
    );
    assert.deepEqual(entity, {
      partitionKey: '7',
      rowKey: 'from-binding',
      mode: 'add',
      properties: {
        Flag: false,
        N: { value: '2', type: 'Int64' },
        F: { value: 2.5, type: 'Double' },
        S: 's',
      },
    });
    assert.equal(tableEntities(json({ RowKey: true }), { partitionKey: 'p' })[0]?.rowKey, 'True');
  });

  it('chooses the write by odata.etag: none inserts, * upserts, another value replaces if it matches', () => {
    const modes = ['', '*', 'W/"x"'].map((etag) => {
      const [entity] = tableEntities(json({ PartitionKey: 'p', RowKey: 'r', 'odata.etag': etag }), {});
      return [entity?.mode, entity?.etag];
    });
    assert.deepEqual(modes, [
      ['add', undefined],
      ['upsert', undefined],
      ['update', 'W/"x"'],
    ]);
  });

  it('reads an array, also from JSON text, and names a bad entity by its position', () => {
    assert.equal(
      tableEntities(toTypedData('[{"RowKey":"a"},{"RowKey":"b"}]', 'string'), { partitionKey: 'p' }).length,
      2,
    );
    assert.throws(
      () =>
        tableEntities(json([{ RowKey: 'a' }, { RowKey: 'b', PARTITIONKEY: 'x', partitionKey: 'y' }]), {
          partitionKey: 'p',
        }),
      /Entity 1 cannot be written to a table: it has more than one 'PartitionKey' property \(PARTITIONKEY, partitionKey\)\./,
    );
  });

  it('refuses missing keys, control characters, and names the SDK would rename', () => {
    assert.throws(
      () => tableEntities(json({ RowKey: 'r' }), {}),
      /'' is not a valid value for a partition key/,
    );
    assert.throws(
      () => tableEntities(json({ RowKey: 'a\u0001', PartitionKey: 'p' }), {}),
      /not a valid value/,
    );
    assert.throws(
      () => tableEntities(json({ PartitionKey: 'p', RowKey: 'r', etag: 'e' }), {}),
      /the property name 'etag' cannot be written by this host/,
    );
  });
});
