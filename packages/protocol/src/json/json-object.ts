/** A parsed JSON object. */
export type JsonObject = { readonly [key: string]: unknown };

/** Whether a value is a plain JSON object. */
export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads a key case-insensitively, as the reference host's JSON binder does. */
export function getKey(object: JsonObject | undefined, key: string): unknown {
  if (!object) return undefined;
  if (key in object) return object[key];
  const lower = key.toLowerCase();
  const found = Object.keys(object).find((name) => name.toLowerCase() === lower);
  return found === undefined ? undefined : object[found];
}

/** A case-insensitive key's value if it is an object. */
export function getObject(object: JsonObject | undefined, key: string): JsonObject | undefined {
  const value = getKey(object, key);
  return isObject(value) ? value : undefined;
}

/** A case-insensitive key's value if it is a string. */
export function getString(object: JsonObject | undefined, key: string): string | undefined {
  const value = getKey(object, key);
  return typeof value === 'string' ? value : undefined;
}
