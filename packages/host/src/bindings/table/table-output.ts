import type { FunctionBinding } from '@functions-rpc/protocol';
import type { BindingContext, OutputWriter } from '../binding-extension.js';
import type { BindingData } from '../binding-data.js';
import { fillBindingExpressions } from '../binding-expression.js';
import { tableEntities, type DefaultKeys } from './table-entity.js';
import { readTableSettings, resolveTableName, type TableSettings } from './table-settings.js';
import { writeEntities } from './table-writer.js';

/**
 * The writer of a `table` output binding (BINDINGS.md 6): the entity or entities the function returned,
 * every one checked before any is written, then written as the reference extension writes them (inserts
 * unless an `odata.etag` says otherwise, so an existing entity fails the invocation).
 *
 * @throws Error for bad settings or connection.
 */
export function tableOutput(binding: FunctionBinding, context: BindingContext): OutputWriter {
  const settings = readTableSettings(binding, context.settings);
  context.storage.resolve(settings.connection);
  return {
    write: async (value, data) => {
      const tableName = resolveTableName(settings.tableName, data);
      const entities = tableEntities(value, defaultKeys(settings, data));
      if (entities.length === 0) return;
      const table = (await context.storage.tableClients(settings.connection))(tableName);
      await writeEntities(table, entities);
    },
  };
}

/** The binding's own keys for one invocation, checked only when an entity needs them. */
function defaultKeys(settings: TableSettings, data: BindingData): DefaultKeys {
  const fill = (template: string | undefined) =>
    template === undefined ? undefined : fillBindingExpressions(template, data);
  return { partitionKey: fill(settings.partitionKey), rowKey: fill(settings.rowKey) };
}
