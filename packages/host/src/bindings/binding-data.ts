import type { TypedData } from '@functions-rpc/protocol';

/** The binding data of one invocation: the trigger metadata the host sends with it, by name. */
export type BindingData = Readonly<Record<string, TypedData>>;

/**
 * The value of a `{a.b.c}` expression in binding data, as the reference host resolves it: the first name
 * and each property compared case-insensitively, `json` values walked into, only a primitive at the end.
 *
 * @returns undefined when the first name is not in the binding data.
 * @throws Error when a property is missing or the value is not a primitive.
 */
export function bindingDataValue(data: BindingData, expression: string): string | undefined {
  const [first = '', ...path] = expression.split('.');
  const typed = lookup(data, first);
  if (typed === undefined) return undefined;
  let value = plainValue(typed);
  for (const property of path) {
    const found =
      typeof value === 'object' && value !== null
        ? lookup(value as Record<string, unknown>, property)
        : undefined;
    if (found === undefined) throw new Error(`No value for named parameter '${expression}'.`);
    value = found;
  }
  if (typeof value === 'object' || value === undefined)
    throw new Error(`Binding expression '${expression}' must name a text or number value.`);
  return String(value);
}

function lookup<T>(record: Readonly<Record<string, T>>, name: string): T | undefined {
  if (Object.hasOwn(record, name)) return record[name];
  const wanted = name.toLowerCase();
  const key = Object.keys(record).find((candidate) => candidate.toLowerCase() === wanted);
  return key === undefined ? undefined : record[key];
}

function plainValue(typed: TypedData): unknown {
  const data = typed.data;
  switch (data.case) {
    case 'string':
      return data.value;
    case 'json':
      return JSON.parse(data.value) as unknown;
    case 'int':
    case 'double':
      return String(data.value);
    default:
      return undefined;
  }
}
