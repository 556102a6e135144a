import type { FunctionBinding } from '@functions-rpc/protocol';
import type { AppSettings } from '../../storage/app-settings.js';
import type { BindingData } from '../binding-data.js';
import { fillBindingExpressions } from '../binding-expression.js';
import { stringSetting } from '../queue/queue-output.js';
import { validKey } from './table-keys.js';

/** A `table` binding's settings with `%setting%` resolved; `{expressions}` are filled per invocation. */
export interface TableSettings {
  readonly tableName: string;
  /** Absent (not empty) when the binding has none, as the reference extension tells them apart. */
  readonly partitionKey?: string;
  readonly rowKey?: string;
  readonly filter?: string;
  /** Most entities a query returns; 0 = all. */
  readonly take: number;
  readonly connection?: string;
}

const TABLE_NAME = /^[A-Za-z][A-Za-z0-9]{2,62}$/;

/**
 * Reads a `table` binding (BINDINGS.md 6), keys compared case-insensitively as the reference host reads
 * function.json, checked once at load.
 *
 * @throws Error for a missing or invalid table name, an unknown setting, or a `take` that is not a whole number.
 */
export function readTableSettings(binding: FunctionBinding, settings: AppSettings): TableSettings {
  const text = (key: string): string | undefined => {
    const value = setting(binding, key);
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'string' && typeof value !== 'number')
      throw new Error(`The binding's '${key}' must be text, not ${JSON.stringify(value)}.`);
    return settings.resolve(String(value));
  };
  const tableName = text('tableName');
  if (!tableName?.trim()) throw new Error("The binding has no 'tableName'.");
  if (!tableName.includes('{')) validTableName(tableName);
  return {
    tableName,
    partitionKey: text('partitionKey'),
    rowKey: text('rowKey'),
    filter: text('filter'),
    take: readTake(setting(binding, 'take')),
    connection: stringSetting(setting(binding, 'connection')),
  };
}

/**
 * The table name for one invocation, `{expressions}` filled from the binding data.
 *
 * @throws Error for an unknown name or a table name Azure Storage refuses.
 */
export function resolveTableName(template: string, data: BindingData): string {
  return validTableName(fillBindingExpressions(template, data));
}

/**
 * A partition or row key for one invocation, `{expressions}` filled from the binding data.
 *
 * @throws Error for an unknown name or a key with a character Azure Storage refuses.
 */
export function resolveKey(template: string, data: BindingData): string {
  return validKey(fillBindingExpressions(template, data));
}

function validTableName(name: string): string {
  if (!TABLE_NAME.test(name))
    throw new Error(
      `'${name}' is not a valid name for an Azure table: 3-63 letters and digits, starting with a letter.`,
    );
  return name;
}

function readTake(value: unknown): number {
  if (value === undefined || value === null || value === '') return 0;
  const take = Number(value);
  if (!Number.isInteger(take))
    throw new Error(`The binding's 'take' must be a whole number, not '${String(value)}'.`);
  return Math.max(take, 0);
}

function setting(binding: FunctionBinding, key: string): unknown {
  const wanted = key.toLowerCase();
  return Object.entries(binding.settings).find(([name]) => name.toLowerCase() === wanted)?.[1];
}
