import type { TableClient, TransactionAction } from '@azure/data-tables';
import type { EntityWrite } from './table-entity.js';

/** Most operations in one transaction: Azure Storage's limit. */
export const MAX_BATCH_SIZE = 100;
/** Most partitions held before all are sent, as the reference extension holds them. */
const MAX_PARTITION_WIDTH = 1000;

/**
 * Writes entities as the reference extension's writer does (BINDINGS.md 6): grouped by partition into
 * transactions of up to 100, a partition sent early when it fills or when a row key comes twice (so the
 * later write wins), the rest at the end, partitions in the order first seen. A table that does not exist is
 * created and the transaction sent again.
 *
 * @throws Error naming the table and the entity's keys when a transaction fails (e.g. an insert of an entity
 *   that exists); transactions sent before it stay written, as in the reference extension.
 */
export async function writeEntities(table: TableClient, entities: readonly EntityWrite[]): Promise<void> {
  const partitions = new Map<string, Map<string, EntityWrite>>();
  for (const entity of entities) {
    let partition = partitions.get(entity.partitionKey);
    if (!partition && partitions.size >= MAX_PARTITION_WIDTH) {
      for (const pending of partitions.values()) await submit(table, pending);
      partitions.clear();
    }
    if (partition?.has(entity.rowKey)) {
      await submit(table, partition);
      partition = undefined;
    }
    if (!partition) {
      partition = new Map();
      partitions.set(entity.partitionKey, partition);
    }
    partition.set(entity.rowKey, entity);
    if (partition.size >= MAX_BATCH_SIZE) {
      await submit(table, partition);
      partitions.delete(entity.partitionKey);
    }
  }
  for (const partition of partitions.values()) await submit(table, partition);
}

async function submit(table: TableClient, partition: ReadonlyMap<string, EntityWrite>): Promise<void> {
  if (partition.size === 0) return;
  const writes = [...partition.values()];
  const actions = writes.map(transactionAction);
  try {
    await table.submitTransaction(actions);
  } catch (error) {
    if ((error as { statusCode?: number }).statusCode !== 404) throw writeError(table, writes, error);
    try {
      await table.createTable();
      await table.submitTransaction(actions);
    } catch (retried) {
      throw writeError(table, writes, retried);
    }
  }
}

function transactionAction(write: EntityWrite): TransactionAction {
  const entity = { partitionKey: write.partitionKey, rowKey: write.rowKey, ...write.properties };
  switch (write.mode) {
    case 'add':
      return ['create', entity];
    case 'upsert':
      return ['upsert', entity, 'Replace'];
    case 'update':
      return ['update', entity, 'Replace', { etag: write.etag }];
  }
}

function writeError(table: TableClient, writes: readonly EntityWrite[], error: unknown): Error {
  const { statusCode, code, message } = error as { statusCode?: number; code?: string; message?: string };
  const first = writes[0]!;
  const which =
    writes.length === 1
      ? `the entity (PartitionKey '${first.partitionKey}', RowKey '${first.rowKey}')`
      : `${writes.length} entities of partition '${first.partitionKey}' in one transaction`;
  const detail = (message ?? String(error)).split('\n')[0];
  return new Error(
    `Writing ${which} to table '${table.tableName}' failed: ${detail}${statusCode ? ` (${statusCode}${code ? ` ${code}` : ''})` : ''}.`,
  );
}
