import type { TableClient } from '@azure/data-tables';
import { toTypedData, type FunctionBinding, type TypedData } from '@functions-rpc/protocol';
import type { BindingData } from '../binding-data.js';
import type { BindingContext, InputReader } from '../binding-extension.js';
import { entitiesJson, entityJson, jsonTypedData } from './table-entity-json.js';
import { resolveFilter, tableQuery } from './table-filter.js';
import { readTableSettings, resolveKey, resolveTableName, type TableSettings } from './table-settings.js';

type RawEntity = Readonly<Record<string, unknown>>;
type OnResponse = NonNullable<NonNullable<Parameters<TableClient['getEntity']>[2]>['onResponse']>;
/** The service's response to one request, its JSON body parsed. */
type ServiceResponse = Parameters<OnResponse>[0];

/**
 * The reader of a `table` input binding (BINDINGS.md 6), as the reference extension reads it: with both a
 * partition and a row key, that one entity as a JSON object, or empty TypedData (null to the function) when
 * neither it nor its table exists; otherwise a query (`partitionKey`, `filter`, `take`) whose entities come as
 * a JSON array, where a missing table fails the invocation as it does there.
 *
 * @throws Error for bad settings or connection.
 */
export function tableInput(binding: FunctionBinding, context: BindingContext): InputReader {
  const settings = readTableSettings(binding, context.settings);
  context.storage.resolve(settings.connection);
  const read = settings.partitionKey !== undefined && settings.rowKey !== undefined ? readEntity : readQuery;
  return {
    read: async (data) => {
      const tableName = resolveTableName(settings.tableName, data);
      const table = (await context.storage.tableClients(settings.connection))(tableName);
      return read(table, settings, data);
    },
  };
}

async function readEntity(
  table: TableClient,
  settings: TableSettings,
  data: BindingData,
): Promise<TypedData> {
  const partitionKey = resolveKey(settings.partitionKey ?? '', data);
  const rowKey = resolveKey(settings.rowKey ?? '', data);
  let raw: RawEntity | undefined;
  try {
    await table.getEntity(partitionKey, rowKey, { onResponse: (response) => (raw = rawBody(response)) });
  } catch (error) {
    // The entity or its table is missing: both are 404, and both bind null in the reference extension.
    if ((error as { statusCode?: number }).statusCode === 404) return toTypedData(undefined);
    throw tableError(table, 'Reading an entity from', error);
  }
  if (!raw) throw new Error(`Table '${table.tableName}' answered without an entity.`);
  return jsonTypedData(entityJson(raw));
}

async function readQuery(table: TableClient, settings: TableSettings, data: BindingData): Promise<TypedData> {
  const partitionKey =
    settings.partitionKey === undefined ? undefined : resolveKey(settings.partitionKey, data);
  const filter = settings.filter === undefined ? undefined : resolveFilter(settings.filter, data);
  const query = tableQuery(partitionKey, filter);
  const { take } = settings;
  const found: RawEntity[] = [];
  const pages = table
    .listEntities({
      queryOptions: { filter: query },
      onResponse: (response) => found.push(...rawEntities(response)),
    })
    .byPage({ maxPageSize: take > 0 ? take : undefined });
  let seen = 0;
  try {
    for await (const page of pages) {
      seen += page.length;
      if (take > 0 && seen >= take) break;
    }
  } catch (error) {
    throw tableError(table, 'Querying', error);
  }
  return jsonTypedData(entitiesJson(take > 0 ? found.slice(0, take) : found));
}

/** The entity as the service sent it, before the SDK renames and converts its properties. */
function rawBody(response: ServiceResponse): RawEntity | undefined {
  const body: unknown = response.parsedBody;
  return typeof body === 'object' && body !== null ? (body as RawEntity) : undefined;
}

function rawEntities(response: ServiceResponse): RawEntity[] {
  const value = rawBody(response)?.['value'];
  return Array.isArray(value) ? (value as RawEntity[]) : [];
}

function tableError(table: TableClient, what: string, error: unknown): Error {
  const { statusCode, code, message } = error as { statusCode?: number; code?: string; message?: string };
  const reason = statusCode === 404 ? 'the table does not exist' : (message ?? String(error));
  return new Error(
    `${what} table '${table.tableName}' failed: ${reason}${statusCode ? ` (${statusCode}${code ? ` ${code}` : ''})` : ''}.`,
  );
}
